"""Relative-pronoun sources: ``Barkley, who said he would vote ...``, ``party leaders who argue
that ...``.

The cue's subject is the relative pronoun; its antecedent names the speaker.  The quotation is
attached to the pronoun (the mention the text gives it, as a personal pronoun is: PolNeAR marks
``who`` as the source), while the speaker's name, role and entity stay the antecedent's.
"""

from __future__ import annotations

from typing import Sequence

import attrs

from quoteattr.extract.attribution import Frame
from quoteattr.model import Speaker
from quoteattr.nlp.base import Token

RELATIVES = frozenset({"who", "which", "that"})
# words between the pronoun and its cue that leave the pronoun the cue's subject
# ("who has long argued", "which also said")
_BETWEEN = frozenset({"has", "have", "had", "is", "was", "are", "were", "will", "would", "did", "does", "do",
                      "also", "later", "once", "long", "often", "then", "now", "never", "still", "first", "again",
                      "been"})
_MAX_BETWEEN = 3


def relative_pronoun(text: str, toks: Sequence[Token], frame: Frame) -> tuple[int, int] | None:
    """The span of the relative pronoun that is the subject of ``frame``'s cue and follows its
    source's mention directly (a comma between them at most), or None."""
    src, cue = frame.source, frame.cue
    if src is None or cue is None or not 0 < cue.first < len(toks) or toks[cue.first].start != cue.start:
        return None  # no cue, or one read on other tokens
    j = cue.first - 1
    while j > 0 and cue.first - j <= _MAX_BETWEEN and (
            toks[j].text.lower() in _BETWEEN or toks[j].text.endswith("ly") and toks[j].text.islower()):
        j -= 1
    t = toks[j]
    if t.text not in RELATIVES or t.start < src.end or text[src.end:t.start].strip(" ,") != "":
        return None
    return t.start, t.end


def at_relative(text: str, toks: Sequence[Token], frame: Frame, speaker: Speaker | None) -> Speaker | None:
    """``speaker`` attached to the relative pronoun that introduces ``frame``'s cue, if one does
    (see :func:`relative_pronoun`); its name, role and entity unchanged."""
    if speaker is None:
        return None
    span = relative_pronoun(text, toks, frame)
    if span is None:
        return speaker
    return attrs.evolve(speaker, mention=text[span[0]:span[1]], start=span[0], end=span[1])
