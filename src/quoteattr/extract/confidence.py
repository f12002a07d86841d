"""Confidence: how likely a quotation is right, from how it was found.

A small additive model over the evidence: the pattern (a quotation in marks with a cue and a
named source is the surest; a lone unattributed quotation the least), how the source was
settled (a name, a resolved pronoun, nothing), the cue (``said``/``told`` versus a belief or
object verb) and the content's length.  The weights were set by reading precision per band on
PolNeAR train; the closing figures for the seeds and PolNeAR dev are in docs/evaluation.md.
"""

from __future__ import annotations

from quoteattr.extract.attribution import Frame
from quoteattr.model import Speaker

PATTERN_BASE = {
    "right": 0.66,
    "left": 0.72,
    "inverted": 0.74,
    "according_to": 0.70,
    "participle": 0.55,
    "colon": 0.80,
    "continuation": 0.62,
    "continued": 0.35,
    "headline": 0.55,
    "partial": 0.62,
    "unattributed": 0.25,
}
CORE_SPEECH = frozenset({"say", "tell", "add", "state", "announce", "report", "write", "tweet", "insist",
                         "claim", "warn", "argue", "note", "explain", "declare", "according to", "ask",
                         "reply", "respond", "confirm", "deny", "acknowledge", "suggest", "continue"})


def score(frame: Frame, speaker: Speaker | None) -> float:
    """A probability-like score in [0.05, 0.99] that the quotation and its speaker are right."""
    base = PATTERN_BASE.get(frame.pattern.split("+")[0], 0.5)
    if frame.kind == "direct" and frame.pattern in ("right", "left", "inverted"):
        base += 0.14
    elif frame.kind == "mixed":
        base += 0.04
    lemma = frame.cue.lemma if frame.cue is not None else None
    if lemma is not None:
        if lemma in CORE_SPEECH:
            base += 0.05
        elif frame.cue.frame != "clause":
            base -= 0.08
        else:
            base -= 0.05
    if speaker is None:
        base -= 0.2
    elif speaker.name is None and speaker.type != "anonymous":
        base -= 0.12  # an unresolved pronoun
    elif speaker.mention and speaker.name and speaker.mention.lower() in ("he", "she", "it", "they"):
        base -= 0.03
    n = len(frame_text_words(frame))
    if n < 3 and frame.kind != "partial":
        base -= 0.1
    elif n > 80:
        base -= 0.08
    return round(min(0.99, max(0.05, base)), 2)


def frame_text_words(frame: Frame) -> range:
    a, b = frame.content
    return range(max(0, (b - a) // 6))
