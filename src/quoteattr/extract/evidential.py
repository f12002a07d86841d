"""Evidential frames: the writer's own hedged claims, ``Indiana appears to be a break from the
norm``, ``The White House is expected to sign the measure``.

PolNeAR annotates these as attributions with no source: the cue is the raising verb (``seem``,
``appear``) or ``be expected``, and the content is the whole clause, its subject included (as
PolNeAR's source-less attributions).  Only the raising use counts: the verb followed by a
to-infinitive (``appeared to the court`` and ``appeared on stage`` report nothing).
"""

from __future__ import annotations

from quoteattr.extract.attribution import Attributor, Frame, taken
from quoteattr.extract.content import clause_end, word_count
from quoteattr.extract.cues import BE_FORMS, CueMatch
from quoteattr.extract.sources import find_left_source

RAISING = frozenset({"seem", "seems", "seemed", "appear", "appears", "appeared"})
EXPECTED = "expected"
MIN_WORDS = 3  # "He seems to": too short to be a claim
_TRIGGERS = RAISING | {EXPECTED}
_NOT_INFINITIVE = frozenset({"me", "him", "her", "us", "them", "you", "it"})  # "seemed to him"


def _cue_at(att: Attributor, i: int, lo: int, hi: int) -> tuple[CueMatch, int] | None:
    """The evidential cue at token ``i`` and the index of the token after it, or None."""
    toks, vocab = att.toks, att.vocab
    w = toks[i].text.lower()
    if i + 2 >= hi:
        return None
    nxt, verb = toks[i + 1].text.lower(), toks[i + 2].text
    if not verb[:1].isalpha() or not verb[:1].islower() or verb in vocab.det or verb in _NOT_INFINITIVE:
        return None  # "appeared to the court", "seemed to him": no infinitive follows
    if w in RAISING and nxt == "to":
        lemma = "seem" if w.startswith("seem") else "appear"
        return CueMatch(i, i + 1, toks[i].start, toks[i].end, lemma, "evidential", w), i + 1
    if w == EXPECTED and nxt == "to" and i - 1 >= lo and toks[i - 1].text.lower() in BE_FORMS:
        return CueMatch(i - 1, i + 1, toks[i - 1].start, toks[i].end, "be expected", "evidential",
                        f"{toks[i - 1].text.lower()} expected"), i + 1
    return None


def evidential_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Frames with no source for the hedged claims of the writer (see the module docstring);
    none where another frame's content already holds the cue or the clause."""
    toks, vocab, lows = att.toks, att.vocab, att.doc.lowered()
    claimed, used = taken(frames)
    quoted = att.outer_spans()
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        for i in range(s.first + 1, s.last - 1):
            if lows[i] not in _TRIGGERS:
                continue
            found = _cue_at(att, i, s.first, s.last)
            if found is None:
                continue
            cue, k = found
            if cue.start in used or claimed.covers(cue.start) or quoted.covers(cue.start):
                continue  # another frame's, or words in quotation marks (a speaker's, not the writer's)
            e = clause_end(toks, k, s.last, vocab)
            if e <= k:
                continue
            r = cue.first - 1
            if r > s.first and toks[r].text.lower() in ("who", "which") and toks[r - 1].text == ",":
                # "the quay, which is expected to cost millions, ...": the relative clause, up to its comma
                a, e = r, next((j for j in range(k, e) if toks[j].text == ","), e)
            else:
                left = find_left_source(toks, cue.first, s.first, vocab)
                if left is None:
                    continue
                a = left.first
            if word_count(toks, a, e) < MIN_WORDS:
                continue
            span = att._span(a, e)
            if claimed.starts_within(span[0], span[1]):
                continue
            out.append(Frame(span, "indirect", cue, None, "evidential", si))
    return out
