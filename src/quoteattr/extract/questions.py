"""Question frames: a question put to someone, reported with a passive ``asked``: ``was asked
whether the deal would hold``, ``had been asked about the vote``.

PolNeAR annotates the question as an attribution whose cue is ``asked`` and whose content is the
question (from its ``whether``, ``if``, wh-word or ``about``); the one who asked is the source
when the text names them (``asked by a reporter whether ...``) and there is none otherwise.  The
active use (``Lawmakers asked whether ...``) is a plain clause frame of the cue lexicon.  A
question beside its answer (``Asked if he would run, the senator said ...``, ``"No," she said
when asked about a deal``) only sets the scene for the answer, as the seeds and newsdev annotate
it, and gets no frame.  The strict patterns reject the passive, so it is read here.
"""

from __future__ import annotations

from quoteattr.extract.attribution import Attributor, Frame, taken
from quoteattr.extract.content import clause_end, word_count
from quoteattr.extract.cues import BE_FORMS, CueMatch

ASKED = "asked"
# what opens a reported question: its complementiser, a wh-word, or "about" and its topic
QUESTION_OPENERS = frozenset({"whether", "if", "what", "how", "why", "who", "whom", "which", "when", "where", "about"})
# adverbs between the auxiliary and the cue, or between the cue and the question
ADVERBS = frozenset({"also", "later", "again", "repeatedly", "specifically", "directly", "then", "often", "once",
                     "recently", "previously", "first", "never", "not"})
MIN_WORDS = 2  # "about it" is a question's topic; "whether" alone is not


def _passive(att: Attributor, i: int, lo: int) -> bool:
    """Is the ``asked`` at token ``i`` passive (``was asked``, ``had been asked``, ``after being
    asked``)?  One opening its sentence, or in a clause beside the answer, is not."""
    toks = att.toks
    if i == lo or toks[i].text == "Asked":
        return False
    j = i - 1
    while j > lo and toks[j].text.lower() in ADVERBS:
        j -= 1
    return toks[j].text.lower() in BE_FORMS


def _agent(att: Attributor, k: int, hi: int) -> tuple[int, int | None]:
    """Skip ``by SOURCE`` and adverbs after the cue: the token where the question opens and the
    asker's mention's first token (None when the text does not name one)."""
    toks = att.toks
    while k < hi and toks[k].text.lower() in ADVERBS:
        k += 1
    if k < hi and toks[k].text.lower() == "by":
        j = k + 1
        while j < hi and j - k <= 6 and toks[j].text.lower() not in QUESTION_OPENERS and toks[j].text != ",":
            j += 1
        if j < hi and toks[j].text.lower() in QUESTION_OPENERS:
            return j, k + 1
    return k, None


def question_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Frames for the questions reported with a passive ``asked`` (see the module docstring);
    none where another frame already holds the cue or the question."""
    toks, vocab, lows = att.toks, att.vocab, att.doc.lowered()
    if "asked" not in lows:  # nothing to read
        return []
    claimed, used = taken(frames)
    quoted = att.outer_spans()
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        for i in range(s.first, s.last - 2):
            if lows[i] != ASKED or toks[i].start in used or quoted.covers(toks[i].start):
                continue
            if not _passive(att, i, s.first):
                continue
            k, agent = _agent(att, i + 1, s.last)
            if k >= s.last or toks[k].text.lower() not in QUESTION_OPENERS:
                continue  # "was asked to leave": a request, not a question
            e = clause_end(toks, k, s.last, vocab)
            if word_count(toks, k, e) < MIN_WORDS:
                continue
            span = att._span(k, e)
            if claimed.covers(span[0]) or claimed.starts_within(span[0], span[1]):
                continue
            source = att.mention(agent, k) if agent is not None else None
            cue = CueMatch(i, i + 1, toks[i].start, toks[i].end, "ask", "question", toks[i].text.lower())
            out.append(Frame(span, "indirect", cue, source, "question", si))
    return out
