"""Attributions in headlines and teasers, which follow their own grammar.

A headline drops articles and full stops, capitalises every word and puts the speaker on either
side of the statement: ``Statement: Speaker``, ``Speaker: statement`` (read by the label
frames), ``Speaker says statement``, ``Statement, says speaker``, ``'Quote' - Speaker ...`` and
``Statement: Speaker says statement``.  Other outlets repeat these lines, so they matter for
linking claims across articles.
"""

from __future__ import annotations

from typing import Iterator

import attrs

from quoteattr.extract.attribution import DASHES, Attributor, Frame, _is_headline, _is_headline_text, _trim
from quoteattr.extract.cues import CueMatch
from quoteattr.extract.roles import Mention
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.text.spans import jaccard

HEADLINE_PARAGRAPHS = 4  # a headline and its teaser lines open the article
MAX_SPEAKER_TOKENS = 8
MAX_TEASER_WORDS = 30
SPEAKER_TYPES = ("person", "organization", "anonymous", "group")
# Present and past forms that report in a headline ("says", "Warns", "said").
HEADLINE_CUES = frozenset({"says", "said", "warns", "warned", "tells", "told", "claims", "insists", "admits",
                           "urges", "vows", "declares", "announces", "confirms", "denies", "argues", "explains",
                           "reveals", "predicts", "stresses", "suggests", "accuses", "blasts", "slams",
                           "criticises", "criticizes", "hits", "defends", "promises", "pledges", "calls"})


def headline_sentences(att: Attributor) -> Iterator[int]:
    """The sentences of the headline and teaser paragraphs at the top of the article."""
    doc = att.doc
    seen = 0
    for p in doc.paragraphs:
        if p.boilerplate or not att.text[p.start:p.end].strip():
            continue
        seen += 1
        if seen > HEADLINE_PARAGRAPHS:
            return
        if not (_is_headline(att.text, p) or _is_headline_text(att.text, p) or _teaser(att.text[p.start:p.end])):
            continue
        for si, s in enumerate(doc.sentences):
            if p.start <= s.start < p.end and not _inside_quote(att, s.start):
                yield si


def _teaser(line: str) -> bool:
    """A short line without a closing full stop: a headline or a teaser under it."""
    words = line.split()
    return 0 < len(words) <= MAX_TEASER_WORDS and line.rstrip().rstrip("\"'”’").rstrip()[-1:] not in ".!?:"


def _inside_quote(att: Attributor, pos: int) -> bool:
    return att.outer_spans().strictly_inside(pos)


def _sentence_end(att: Attributor, si: int) -> int:
    """The last token of sentence ``si``, running on over sentence breaks inside quotation marks
    (``Chair Says There are 'costs. But ...'``)."""
    sents = att.doc.sentences
    k = si
    while k + 1 < len(sents) and _inside_quote(att, sents[k + 1].start):
        k += 1
    return sents[k].last


def _speaker(att: Attributor, first: int, last: int) -> Mention | None:
    if last <= first or last - first > MAX_SPEAKER_TOKENS:
        return None
    if any(t.text in QUOTE_TOKENS or t.text in (",", ":", ";") for t in att.toks[first:last]):
        return None
    m = att.mention(first, last)
    return m if m is not None and m.type in SPEAKER_TYPES else None


def _cue(att: Attributor, i: int) -> CueMatch:
    t = att.toks[i]
    rv = att.vocab.verbs.get(t.text.lower())
    lemma = rv.lemma if rv is not None else t.text.lower()
    frame = rv.frame if rv is not None else "clause"
    return CueMatch(i, i + 1, t.start, t.end, lemma, frame, t.text.lower())


def _colon_cue(att: Attributor, i: int) -> CueMatch:
    t = att.toks[i]
    return CueMatch(i, i + 1, t.start, t.end, ":", "colon", t.text)


def _end(att: Attributor, lo: int, hi: int) -> int:
    """The last token of a headline sentence, a closing full stop aside."""
    while hi > lo and att.toks[hi - 1].text in (".", "!"):
        hi -= 1
    return hi


def _frame(att: Attributor, a: int, b: int, cue: CueMatch, m: Mention, si: int, pattern: str) -> Frame | None:
    if b <= a or sum(1 for t in att.toks[a:b] if any(c.isalnum() for c in t.text)) < 2:
        return None
    start, end = att.toks[a].start, att.toks[b - 1].end
    return Frame(_trim(att.text, start, end), "indirect", cue, m, pattern, si)


def _clause_frames(att: Attributor, lo: int, hi: int, si: int) -> list[Frame]:
    """``Speaker says statement`` and ``Statement, says speaker`` within tokens ``lo..hi``."""
    toks = att.toks
    out: list[Frame] = []
    for i in range(lo, hi):
        if toks[i].text.lower() not in HEADLINE_CUES:
            continue
        # "Statement, says Speaker" / "Statement, Speaker says"
        if i > lo and toks[i - 1].text == ",":
            m = _speaker(att, i + 1, hi)
            if m is not None:
                f = _frame(att, lo, i - 1, _cue(att, i), m, si, "headline_says")
                return [f] if f else []
        if i == hi - 1 or toks[i + 1].text == ",":
            comma = next((j for j in range(i - 1, lo, -1) if toks[j].text == ","), None)
            m = _speaker(att, comma + 1, i) if comma is not None else None
            if m is not None:
                f = _frame(att, lo, comma, _cue(att, i), m, si, "headline_says")
                return [f] if f else []
        # "Speaker says statement"
        m = _speaker(att, lo, i)
        if m is not None:
            if i + 1 < hi and toks[i + 1].text.lower() in att.vocab.prep:
                # "Speaker Warns of 'Pain' to Households": a noun phrase object, whose quoted
                # words alone are the speaker's
                return [Frame((q.start, q.end), "partial", _cue(att, i), m, "headline_says>partial", si)
                        for q in att.quotes if toks[i + 1].start <= q.open and q.outer[1] <= toks[hi - 1].end]
            f = _frame(att, i + 1, hi, _cue(att, i), m, si, "headline_says")
            if f is not None:
                out.append(f)
            return out
    return out


def headline_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """The attributions of the headline sentences that the cue-driven frames did not read."""
    toks = att.toks
    out: list[Frame] = []
    for si in headline_sentences(att):
        s = att.doc.sentences[si]
        lo, hi = s.first, _end(att, s.first, _sentence_end(att, si))
        if hi - lo < 3:
            continue
        colon = next((i for i in range(lo + 1, hi - 1) if toks[i].text == ":"), None)
        found: list[Frame] = []
        if colon is not None:
            after = _clause_frames(att, colon + 1, hi, si)
            found += after
            # "Statement: Speaker says ..." or "Statement: Speaker"
            m = after[0].source if after and after[0].source and after[0].content[0] > toks[colon].end else \
                _speaker(att, colon + 1, hi)
            label = all(t.text[:1].isupper() or not t.text[:1].isalpha() for t in toks[lo:colon]) and \
                _speaker(att, lo, colon) is not None  # "Speaker: statement", the label frames' reading
            if m is not None and not label:
                f = _frame(att, lo, colon, _colon_cue(att, colon), m, si, "headline_colon")
                if f is not None:
                    found.append(f)
            # "Speaker Verbs Over Something: 'Quote'": the quotation after the colon is the subject's
            if not found and toks[colon + 1].text in QUOTE_TOKENS:
                verb = next((i for i in range(lo + 1, colon) if toks[i].text.lower() in HEADLINE_CUES
                             or toks[i].text.lower() in att.vocab.verbs), None)
                subj = _speaker(att, lo, verb) if verb is not None else None
                if subj is not None:
                    f = _frame(att, colon + 1, hi, _colon_cue(att, colon), subj, si, "headline_colon")
                    if f is not None:
                        found.append(f)
        else:
            found += _clause_frames(att, lo, hi, si)
        # "'Quote' - Speaker over the moon": a dash after a quotation that opens the headline
        for i in range(lo + 1, hi - 1):
            if toks[i].text in DASHES and toks[i - 1].text in QUOTE_TOKENS and toks[lo].text in QUOTE_TOKENS:
                e = i + 1
                while e < hi and toks[e].text[:1].isupper() and e - i <= 4:
                    e += 1
                m = _speaker(att, i + 1, e)
                if m is not None:
                    dash = toks[i]
                    cue = CueMatch(i, i + 1, dash.start, dash.end, "byline", "byline", dash.text)
                    f = _frame(att, lo, i, cue, m, si, "headline_dash")
                    if f is not None:
                        found.append(f)
                break
        for f in found:
            if not any(jaccard(f.content, g.content) >= 0.5 for g in frames if g.kind != "partial"):
                out.append(f)
    return out


def split_joined_claims(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """A headline that joins two quoted claims with ``and`` (``Mayor says bridge 'top priority'
    and council must 'find the money'``) reports two statements: one frame for each."""
    heads = {si for si in headline_sentences(att)}
    toks = att.toks
    out: list[Frame] = []
    for f in frames:
        if f.sent not in heads or f.kind == "partial" or f.segments:
            out.append(f)
            continue
        a, b = f.content
        s = att.doc.sentences[f.sent]
        ands = [t for t in toks[s.first:_sentence_end(att, f.sent)]
                if a < t.start and t.end < b and t.text.lower() == "and" and not _inside_quote(att, t.start)]
        pieces = [(a, ands[0].start), (ands[0].end, b)] if len(ands) == 1 else []
        quoted = [any(lo <= q.open and q.outer[1] <= hi for q in att.quotes) for lo, hi in pieces]
        if len(pieces) == 2 and all(quoted):
            out.extend(attrs.evolve(f, content=_trim(att.text, lo, hi)) for lo, hi in pieces)
        else:
            out.append(f)
    return out
