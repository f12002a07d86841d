"""Attribution: tie cues, sources and content together into quotations.

Works sentence by sentence on an :class:`~quoteattr.nlp.base.AnnotatedDoc`:

1. every cue gets a *frame*: its source (left, right, or inherited by a participle such as
   ``, adding``) and its content (right of the cue, or the clause before the source);
2. a frame whose content is a quotation in marks is a direct quote; content that holds quoted
   words is mixed, and the quoted words inside become partial quotes; otherwise indirect;
3. quotations in marks that no frame claimed are continuations of the previous speaker's
   quote, the content of a colon introduction (``X said:``), headline quotes
   (``Putin 'seeking Syria-wide ceasefire'``), or, when short, scare quotes that are dropped.

Speakers are resolved afterwards by :mod:`quoteattr.extract.coref`.
"""

from __future__ import annotations

from typing import Sequence

import attrs

from quoteattr.extract.content import clause_end, content_start, skip_time, word_count
from quoteattr.extract.cues import OBJECT_FRAMES, CueMatch, find_cues
from quoteattr.extract.roles import Mention, read_mention
from quoteattr.extract.syntax import surface_view, syntax_frame
from quoteattr.extract.sources import _collect_np_left, find_left_source, find_right_source, is_verbish, np_internal
from quoteattr.extract.words import Vocabulary
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.nlp.base import DEPS, AnnotatedDoc, Token
from quoteattr.text.marks import QuotedSpan

# Words that, right before a quotation in marks, mean a name or a term, not a quotation.
NAMING_WORDS = frozenset({"so-called", "called", "dubbed", "nicknamed", "named", "known", "titled",
                          "entitled", "branded", "labelled", "labeled", "term", "word", "words", "phrase",
                          "slogan", "hashtag", "motto", "codenamed", "code-named", "operation", "song",
                          "film", "book", "album", "movie", "show", "series", "novel", "play", "tagline"})
MIN_UNATTRIBUTED_WORDS = 5
MOSTLY_QUOTED = 0.5  # share of a content in marks above which the quotation alone is reported  # a lone quotation shorter than this is a scare quote or a term


@attrs.frozen
class Frame:
    """One attribution found in the text, before speakers are resolved."""

    content: tuple[int, int]  # character offsets
    kind: str
    cue: CueMatch | None
    source: Mention | None
    pattern: str  # how it was found, for confidence and debugging
    sent: int
    appositive_role: str | None = None
    # set (to -1) when the speaker is another frame's: a participle, a continuation paragraph
    inherits_from: int | None = None
    probability: float | None = None  # a learned model's mean probability for the content


def _np_word(w: str, vocab: Vocabulary) -> bool:
    """Lower-case words that continue a phrase after a name (``Observatory head``, ``of``)."""
    return (w in vocab.det or w in vocab.prep or w in vocab.modifiers or w in vocab.role_nouns or w in vocab.titles
            or w in vocab.org_words or w in vocab.group_words or w in vocab.media_words or w in ("’s", "'s", "and"))


def _skip_dateline(toks: Sequence[Token], lo: int, hi: int) -> int:
    """Skip a dateline opening a sentence: ``WASHINGTON (AP) —``, ``BEIRUT —``."""
    k = lo
    while k < hi and (toks[k].text.isupper() and len(toks[k].text) > 1 or toks[k].text in (",", ".")):
        k += 1
    if k > lo and k + 2 < hi and toks[k].text == "(" and toks[k + 2].text == ")":
        k += 3
    if k > lo and k < hi and toks[k].text in ("—", "–", "-", "--", "―", "―"):
        return k + 1
    return lo


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and (text[a].isspace() or text[a] in ",:;—–-"):
        a += 1
    while b > a and (text[b - 1].isspace() or text[b - 1] in ",;:—–-"):
        b -= 1
    return a, b


def _quote_inside(q: QuotedSpan, a: int, b: int) -> bool:
    return a <= q.open and q.outer[1] <= b + 1


def _same_as_quote(text: str, q: QuotedSpan, a: int, b: int) -> bool:
    """Does the content ``a..b`` consist of the quotation ``q`` alone (give or take punctuation)?"""
    outer_a, outer_b = q.outer
    lead = text[a:outer_a].strip(" ,:;")
    tail = text[outer_b:b].strip(" ,.;:!?")
    return not lead and not tail


class Attributor:
    """Finds the frames of one annotated document."""

    def __init__(self, doc: AnnotatedDoc, vocab: Vocabulary):
        # The surface patterns read the document without tags or parse, so that they behave the
        # same whatever the tagger's quality; the parse reaches attribution only through
        # extract/syntax.py, which checks and completes what the surface finds.
        self.parsed = doc if DEPS in doc.provides else None
        doc = surface_view(doc)
        self.doc = doc
        self.text = doc.text
        self.toks: Sequence[Token] = doc.tokens
        self.vocab = vocab
        self.quotes = [q for q in doc.quotes if q.depth == 0]
        self.use_syntax = self.parsed is not None
        self._cues: list[CueMatch] | None = None

    # -- mentions ---------------------------------------------------------------------------
    def mention(self, first: int, last: int) -> Mention | None:
        return read_mention(self.text, [(t.start, t.end) for t in self.toks[first:last]], self.vocab)

    def _tok_at(self, offset: int) -> int | None:
        lo, hi = 0, len(self.toks)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.toks[mid].end <= offset:
                lo = mid + 1
            else:
                hi = mid
        return lo if lo < len(self.toks) else None

    def sentence_subject(self, si: int) -> Mention | None:
        """The noun phrase that opens sentence ``si`` (after a leading adverbial clause)."""
        s = self.doc.sentences[si]
        k = s.first
        toks = self.toks
        if k < s.last and toks[k].text.lower() in self.vocab.prep | {"asked", "speaking", "during", "after"}:
            while k < s.last and toks[k].text != ",":
                k += 1
            k += 1
        e = k
        if e < s.last and toks[e].text.lower() in ("he", "she", "it", "they", "we", "i"):
            return self.mention(e, e + 1)
        while e < s.last and (np_internal(toks[e], self.vocab) or toks[e].text == "(" and e + 2 < s.last
                              and toks[e + 2].text == ")") and e - k < 12:
            if toks[e].text == "(":
                e += 3  # "The Islamic State (IS) group"
                continue
            nxt_w = toks[e + 1].text.lower() if e + 1 < s.last else ""
            if e > k and toks[e - 1].text[:1].isupper() and toks[e].text[:1].islower() and not _np_word(toks[e].text.lower(), self.vocab) \
                    and not (nxt_w in self.vocab.role_nouns or nxt_w in self.vocab.titles):
                break  # "Mr Kerry met ...": a lower-case word after a name is the verb
            e += 1
        if e <= k:
            return None
        m = self.mention(k, e)
        if m and m.type in ("person", "organization", "anonymous", "pronoun", "group"):
            return m
        return None

    # -- frames -----------------------------------------------------------------------------
    @property
    def cues(self) -> list[CueMatch]:
        if self._cues is None:
            self._cues = list(find_cues(self.doc, vocab=self.vocab))
        return self._cues

    def frames(self) -> list[Frame]:
        cues = self.cues
        by_sent: dict[int, list[CueMatch]] = {}
        for c in cues:
            by_sent.setdefault(self.toks[c.first].sent, []).append(c)
        out: list[Frame] = []
        for si, sent_cues in sorted(by_sent.items()):
            sent_frames: list[Frame] = []
            for c in sent_cues:
                f = self.frame_for(c, si, sent_frames)
                if f is not None:
                    sent_frames.append(f)
            out.extend(self._cut_at_next_source(sent_frames))
        return out

    def _cut_at_next_source(self, frames: list[Frame]) -> list[Frame]:
        """End a content where the next attribution of the sentence begins: 'It added CLAUSE as
        it called for ...' ends CLAUSE before 'as it'."""
        out = []
        for f in frames:
            a, b = f.content
            for g in frames:
                if g is f or g.source is None or g.cue is None:
                    continue
                if a < g.source.start < b and g.cue.start < b and g.cue.start > g.source.start:
                    ti = self._tok_at(g.source.start)
                    if ti is None or (ti > 0 and self.toks[ti - 1].text.lower() in ("what", "which", "who", "that", "whom")):
                        continue
                    while ti > 0 and (self.toks[ti - 1].text.lower() in ("as", "and", "but", "while", "when", "after",
                                                                        "before", "because", "since", "though",
                                                                        "although", "whereas")
                                      or self.toks[ti - 1].text in (",", ";", "—", "–", "--")):
                        ti -= 1
                    if ti > 0 and self.toks[ti - 1].end > a:
                        b = min(b, _trim(self.text, a, self.toks[ti - 1].end)[1])
            out.append(attrs.evolve(f, content=(a, b)) if b != f.content[1] else f)
        return out

    def frame_for(self, cue: CueMatch, si: int, earlier: list[Frame]) -> Frame | None:
        s = self.doc.sentences[si]
        lo, hi = s.first, s.last
        toks, vocab, text = self.toks, self.vocab, self.text
        if cue.frame == "according_to":
            return self._according_to(cue, si)
        if self.use_syntax:
            return syntax_frame(self, cue, si, earlier)  # it runs the surface patterns itself
        prev = toks[cue.first - 1].text.lower() if cue.first > lo else ""
        if cue.first == lo and cue.participle:
            return self._opening_participle(cue, si)
        # participial cue: ", adding that ...", ", saying ...", "with X describing ..."
        if cue.participle and (prev in (",", "and", "while", "before", "after", "by", "when", "—", "–")
                               or cue.first == lo):
            k = content_start(toks, cue.last, hi, cue.lemma, vocab)
            e = clause_end(toks, k, hi, vocab, cue.frame)
            if word_count(toks, k, e) < 2:
                return None
            src = earlier[-1].source if earlier else self.sentence_subject(si)
            if earlier:
                return Frame(self._span(k, e), "indirect", cue, src, "participle", si,
                             inherits_from=-1)
            return Frame(self._span(k, e), "indirect", cue, src, "participle", si)
        left = find_left_source(toks, cue.first, lo, vocab)
        if cue.frame in OBJECT_FRAMES and left is not None and toks[left.first].text.lower() in ("which", "who", "that") \
                or cue.frame in OBJECT_FRAMES and prev in ("which", "who"):
            return None  # "Washington, which has backed ...": a relative clause describes, it does not report
        if left is not None and left.boundary is not None and toks[left.boundary].text.lower() == "what":
            return None  # "condemned what it termed ...": the quotation belongs to the outer frame
        left_m = self.mention(left.first, left.last) if left else None
        if left is None and prev in ("and", "but") and cue.form.endswith(("ed", "said", "told", "says", "wrote")):
            left_m = self.sentence_subject(si)  # "Mr Kerry met Mr Lavrov and said ..."
            if left_m is not None:
                k = content_start(toks, cue.last, hi, cue.lemma, vocab)
                e = clause_end(toks, k, hi, vocab, cue.frame)
                if word_count(toks, k, e) >= 2 and self._clause_like(cue, k, e):
                    return Frame(self._span(k, e), "indirect", cue, left_m, "coordinated", si)
                return None
        if left_m is not None and cue.participle and left_m.type not in ("person", "pronoun") and not (
                left_m.type == "organization" and left_m.name and left_m.name[:1].isupper()):
            left_m = self.sentence_subject(si) or left_m  # "Putin addressed a press conference stating"
        appos = None
        if left is not None and left.appositive is not None:
            a, b = left.appositive
            appos = text[toks[a].start:toks[b - 1].end].strip(" ,")
        # content right of the cue
        k = content_start(toks, cue.last, hi, cue.lemma, vocab)
        e = clause_end(toks, k, hi, vocab, cue.frame)
        right_ok = k < hi and word_count(toks, k, e) >= 2 and toks[k].text.lower() not in (
            "as", "while", "when", "after", "before", "because", "although", "though", "but", "and",
            "since", "until", "who", "which", "where") and toks[k - 1].text != "," or (
            k < hi and k > cue.last and toks[k - 1].text in (":", ",") and toks[k].text in QUOTE_TOKENS)
        if right_ok and not self._clause_like(cue, k, e) and not (
                left_m is not None and left_m.type in ("person", "pronoun") and word_count(toks, k, e) >= 2):
            right_ok = False
        # a quotation right before the source wins: "'Q,' Cavusoglu said at a press conference"
        quote_left = left is not None and left.boundary is not None and self._quote_ends_at(left.boundary)
        if left_m is not None and not quote_left and right_ok and not (
                cue.frame == "clause" and self._right_is_adverbial(k, e)):
            return Frame(self._span(k, e), "indirect", cue, left_m, "right", si, appos)
        if left_m is not None and cue.takes_left_content and left.boundary is not None:
            b = left.boundary
            if toks[b].text in (",", "—", "–", ":") or self._quote_ends_at(b) and self._quote_closes_clause(b):
                a = _skip_dateline(toks, lo, b)
                if word_count(toks, a, b + 1) >= 2:
                    start = toks[a].start
                    end = toks[b].end if self._quote_ends_at(b) else toks[b - 1].end if b > a else toks[b].end
                    # "Acts of protest, Mr. Obama said, are acts of patriotism": a frame inside
                    # the sentence; the content is the whole sentence around it
                    after = skip_time(toks, cue.last, hi, vocab)
                    if toks[b].text == "," and after < hi and toks[after].text == "," and \
                            word_count(toks, after + 1, hi) >= 2 and not self._quote_ends_at(b) and \
                            after + 1 < hi and toks[after + 1].text.lower() not in vocab.verbs and \
                            toks[after + 1].text.lower() != "according":
                        e2 = clause_end(toks, after + 1, hi, vocab, cue.frame)
                        return Frame(_trim(text, start, toks[e2 - 1].end), "indirect", cue, left_m, "parenthetical", si, appos)
                    return Frame(_trim(text, start, end), "indirect", cue, left_m, "left", si, appos)
        if left_m is not None and right_ok:
            return Frame(self._span(k, e), "indirect", cue, left_m, "right", si, appos)
        if left is None and cue.takes_left_content and prev in (",", "—", "–") or self._quote_ends_at(cue.first - 1):
            # inverted: '"...," said wedding photographer Walid Mohammad'
            right = find_right_source(toks, cue.last, hi, vocab)
            if right is not None:
                m = self.mention(right.first, right.last)
                b = cue.first - 1
                if m is not None and word_count(toks, lo, b + 1) >= 2:
                    end = toks[b].end if self._quote_ends_at(b) else toks[b - 1].end
                    return Frame(_trim(text, toks[lo].start, end), "indirect", cue, m, "inverted", si)
        return None

    def _clause_like(self, cue: CueMatch, k: int, e: int) -> bool:
        """Is the content right of a ``clause`` cue a clause (or a quotation), not just a noun
        phrase object (``announced a fresh offensive``)?"""
        if cue.frame != "clause":
            return True
        toks = self.toks
        first = toks[k].text.lower()
        if toks[k].text in QUOTE_TOKENS or first in ("that", "if", "whether", "how", "why", "what", "when", "where", "who"):
            return True
        if k > 0 and toks[k - 1].text.lower() == "that":
            return True
        if first in ("there", "he", "she", "it", "they", "we", "i", "you", "this", "these", "those"):
            return True
        if k > 0 and toks[k - 1].text == ":":
            return True
        i = k
        while i < min(e, k + 20):
            t = toks[i]
            w = t.text.lower()
            i += 1
            if w in ("after", "before", "as", "while", "because", "since", "until", "when", "—"):
                return False
            if w == ",":
                # look past an apposition set off by commas ("the program, run by ..., has")
                close = next((j for j in range(i, min(e, i + 12)) if toks[j].text == ","), None)
                if close is None:
                    return False
                i = close + 1
                continue
            if t.upos is not None:
                if t.upos in ("VERB", "AUX") and t is not toks[k]:
                    return True
                continue
            if w in self.vocab.aux or w in ("’s", "'s", "’re", "'re", "’ll", "'ll", "n't", "not") and t is not toks[k]:
                return True
            if t is not toks[k] and is_verbish(t, self.vocab) and not t.text[:1].isupper():
                return True
        return False

    def _opening_participle(self, cue: CueMatch, si: int) -> Frame | None:
        """``Citing an unfounded theory, Trump said ...``: the content runs to the comma, the
        source is the subject after it."""
        s = self.doc.sentences[si]
        toks = self.toks
        k = content_start(toks, cue.last, s.last, cue.lemma, self.vocab)
        e = k
        while e < s.last and toks[e].text != ",":
            e += 1
        if e >= s.last - 1 or word_count(toks, k, e) < 2:
            return None
        j = e + 1
        f = j
        while f < s.last and np_internal(toks[f], self.vocab) and f - j < 10:
            f += 1
        if f == j and j < s.last and toks[j].text.lower() in ("he", "she", "it", "they", "we", "i"):
            f = j + 1
        m = self.mention(j, f) if f > j else None
        if m is None or m.type not in ("person", "organization", "pronoun", "anonymous"):
            return None
        return Frame(self._span(k, e), "indirect", cue, m, "participle", si)

    def _right_is_adverbial(self, k: int, e: int) -> bool:
        """Right-side words that are only a place or time (``said in Ankara``)."""
        first = self.toks[k].text.lower()
        return first in ("in", "at", "on", "during", "from", "to") and word_count(self.toks, k, e) <= 6 and not any(
            t.text.lower() == "that" for t in self.toks[k:e])

    def _according_to(self, cue: CueMatch, si: int) -> Frame | None:
        s = self.doc.sentences[si]
        lo, hi = s.first, s.last
        toks = self.toks
        right = find_right_source(toks, cue.last, hi, self.vocab)
        if right is None:
            return None
        m = self.mention(right.first, right.last)
        if m is None:
            return None
        before = [t for t in toks[lo:cue.first] if t.text not in (",",)]
        if len(before) <= 1:  # "According to X, CONTENT"
            k = right.last
            while k < hi and toks[k].text == ",":
                k += 1
            e = hi
            while e > k and toks[e - 1].text in ".!?":
                e -= 1
            if word_count(toks, k, e) < 3:
                return None
            return Frame(self._span(k, e), "indirect", cue, m, "according_to", si)
        b = cue.first
        while b > lo and toks[b - 1].text in (",", "—", "–"):
            b -= 1
        a = lo
        if word_count(toks, a, b) < 3:
            return None
        return Frame(_trim(self.text, toks[a].start, toks[b - 1].end), "indirect", cue, m, "according_to", si)

    def _span(self, k: int, e: int) -> tuple[int, int]:
        return _trim(self.text, self.toks[k].start, self.toks[e - 1].end)

    def _quote_closes_clause(self, ti: int) -> bool:
        """A quotation before its source ends its clause with punctuation inside the marks
        (``"...," Lavrov said``); a bare term in marks before a noun does not (``the
        "Islamic State" group claimed``)."""
        t = self.toks[ti]
        for q in self.quotes:
            if q.close is not None and q.close <= t.start < q.outer[1]:
                s = self.doc.sentences[t.sent]
                opens_sentence = not self.text[s.start:q.open].strip()
                return opens_sentence or self.text[q.start:q.end].rstrip()[-1:] in (",", "?", "!", "…", "-", "—", ".")
        return True

    def _quote_ends_at(self, ti: int) -> bool:
        """Is token ``ti`` (or the comma after a quote) the end of a quotation in marks?"""
        if ti < 0 or ti >= len(self.toks):
            return False
        t = self.toks[ti]
        for q in self.quotes:
            if q.close is None:
                continue
            end = q.outer[1]
            if q.close <= t.start < end:
                return True  # the closing mark itself
            if t.text == "," and (t.start == end or t.end == q.close):
                return True  # '"...",' or '"...,"'
        return False


def classify_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Set each frame's kind from the quotation marks its content holds."""
    text = att.text
    out: list[Frame] = []
    for f in frames:
        a, b = f.content
        inner = [q for q in att.quotes if _quote_inside(q, a, b) or (q.start >= a and q.end <= b)]
        if not inner:
            # a quotation that begins the content and runs past the sentence: direct
            out.append(f)
            continue
        whole = [q for q in inner if _same_as_quote(text, q, a, b)]
        quoted = sum(q.end - q.start for q in inner)
        if whole:
            q = whole[0]
            out.append(attrs.evolve(f, content=(q.start, q.end), kind="direct"))
        elif quoted >= MOSTLY_QUOTED * (b - a) and len(inner) == 1:
            # "Syria's 'return to open conflict'": the quoted words are the claim
            q = inner[0]
            out.append(attrs.evolve(f, content=(q.start, q.end), kind="partial", pattern=f"{f.pattern}>partial"))
        else:
            out.append(attrs.evolve(f, kind="mixed"))
    return out


def direct_from_quotes(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Quotations in marks that no frame claimed: merged split quotes, continuations, colon
    introductions, headline quotes, or nothing (scare quotes, titles, names)."""
    text = att.text
    claimed = [(f.content, f) for f in frames]
    out: list[Frame] = []
    direct_frames = sorted([f for f in frames if f.kind == "direct"], key=lambda f: f.content)
    # split quotes and runs of quotes in one paragraph: '"A," she said. "B." "C."' is one
    # quotation from A to C (PolNeAR's convention; the next paragraph starts a new one)
    for f in direct_frames:
        merged = _absorb_following(att, f, claimed)
        if merged is not f:
            frames[frames.index(f)] = merged
            claimed.append((merged.content, merged))
    last_direct: Frame | None = None
    by_start = sorted(att.quotes, key=lambda q: q.start)
    all_frames = sorted(frames, key=lambda f: f.content[0])
    fi = 0
    pending_colon: Frame | None = None
    for q in by_start:
        while fi < len(all_frames) and all_frames[fi].content[0] <= q.start:
            f = all_frames[fi]
            if f.kind in ("direct",) or f.pattern == "colon":
                last_direct = f
            fi += 1
        if any(a <= q.start and q.end <= b for (a, b), _ in claimed):
            continue
        qs = att.doc.sentence_of(q.start)
        if qs is None:
            continue
        words = len([w for w in text[q.start:q.end].split() if any(c.isalnum() for c in w)])
        before = _words_before(text, q.open, 2)
        if before and before[-1].lower().strip(",") in NAMING_WORDS:
            continue
        # headline: "Putin 'seeking Syria-wide ceasefire' after levelling of Aleppo"
        para = att.doc.paragraph_of(q.start)
        if para is not None and _is_headline(text, att.doc.paragraphs[para]):
            f = _headline_frame(att, q, qs)
            if f is not None:
                out.append(f)
            continue
        # colon introduction in the previous sentence: "The New York Times reports:"
        colon = _colon_frame(att, q, qs)
        if colon is not None:
            out.append(colon)
            pending_colon = colon
            last_direct = colon
            continue
        if words < MIN_UNATTRIBUTED_WORDS and not _starts_sentence(att, q, qs):
            continue
        if words < 3:
            continue
        # continuation of the previous speaker's quotation
        prev = last_direct or pending_colon
        if prev is not None and _close_enough(att, prev, q) and _starts_sentence(att, q, qs):
            out.append(Frame((q.start, q.end), "direct", None, prev.source, "continuation", qs,
                             inherits_from=-1))
            continue
        if q.continued:
            out.append(Frame((q.start, q.end), "direct", None, None, "continued", qs))
            continue
        if words >= MIN_UNATTRIBUTED_WORDS and _starts_sentence(att, q, qs):
            out.append(Frame((q.start, q.end), "direct", None, None, "unattributed", qs))
    return out


MAX_FRAME_GAP_WORDS = 30  # a frame with a long apposition: 'said X, a lawyer who ...'


def _absorb_following(att: Attributor, f: Frame, claimed: list) -> Frame:
    """Extend a direct quotation over the quotations that follow it in its paragraph with
    nothing but its own frame (``she said, clapping.``) in between."""
    if f.cue is None:
        return f
    para = att.doc.paragraph_of(f.content[0])
    if para is None:
        return f
    p = att.doc.paragraphs[para]
    end = f.content[1]
    cur = next((q for q in att.quotes if q.start == f.content[0]), None)
    if cur is None:
        return f
    last_outer = cur.outer[1]
    for q in sorted(att.quotes, key=lambda q: q.start):
        if q.start <= end or q.open < last_outer:
            continue
        if q.open >= p.end or q.continued and q.close is None and False:
            break
        if any(a <= q.start and q.end <= b for (a, b), g in claimed if g is not f):
            break
        gap = att.text[last_outer:q.open]
        words = [w for w in gap.split() if any(c.isalnum() for c in w)]
        frame_in_gap = f.cue.start >= last_outer and f.cue.end <= q.open
        if len(words) > (MAX_FRAME_GAP_WORDS if frame_in_gap else 0):
            break
        end = q.end
        last_outer = q.outer[1]
    if end == f.content[1]:
        return f
    return attrs.evolve(f, content=(f.content[0], end), pattern=f.pattern + "+run")


def _words_before(text: str, pos: int, n: int) -> list[str]:
    lo = max(0, pos - 60)
    return text[lo:pos].split()[-n:]


def _starts_sentence(att: Attributor, q: QuotedSpan, si: int) -> bool:
    s = att.doc.sentences[si]
    return att.text[s.start:q.open].strip() == ""


def _close_enough(att: Attributor, prev: Frame, q: QuotedSpan) -> bool:
    """The previous direct quotation is in this paragraph or the one before (boilerplate aside)."""
    pa = att.doc.paragraph_of(prev.content[0])
    pb = att.doc.paragraph_of(q.start)
    if pa is None or pb is None:
        return False
    real = [i for i in range(pa + 1, pb) if not att.doc.paragraphs[i].boilerplate]
    return pb >= pa and len(real) == 0


def _is_headline(text: str, para) -> bool:
    s = text[para.start:para.end].strip()
    return 0 < len(s.split()) <= 20 and s[-1:] not in ".!?\"”’:" and para.start < max(400, len(text) // 8)


def _headline_frame(att: Attributor, q: QuotedSpan, si: int) -> Frame | None:
    """``NAME 'quote'`` or ``NAME: "quote"`` in a headline."""
    s = att.doc.sentences[si]
    qi = att._tok_at(q.open)
    if qi is None:
        return None
    j = qi - 1
    if j >= s.first and att.toks[j].text == ":":
        j -= 1
    if j < s.first:
        return None
    k = j
    while k - 1 >= s.first and att.toks[k - 1].text[:1].isupper() and att.toks[k - 1].text not in QUOTE_TOKENS:
        k -= 1
    if not att.toks[j].text[:1].isupper():
        return None
    m = att.mention(k, j + 1)
    if m is None or m.type not in ("person", "organization"):
        return None
    kind = "direct" if att.text[q.outer[1]:s.end].strip(" .") == "" else "partial"
    return Frame((q.start, q.end), kind, None, m, "headline", si)


def _colon_frame(att: Attributor, q: QuotedSpan, si: int) -> Frame | None:
    """``X said:`` ending the sentence or paragraph before the quotation."""
    toks = att.toks
    qi = att._tok_at(q.open)
    if qi is None or qi == 0:
        return None
    j = qi - 1
    if toks[j].text != ":":
        return None
    s_of_colon = toks[j].sent
    s = att.doc.sentences[s_of_colon]
    cues = [c for c in att.cues if toks[c.first].sent == s_of_colon and c.last <= j]
    if not cues:
        return None
    c = cues[-1]
    left = find_left_source(toks, c.first, s.first, att.vocab)
    if left is None:
        return None
    m = att.mention(left.first, left.last)
    return Frame((q.start, q.end), "direct", c, m, "colon", si)


# Labels that open a headline or paragraph with a colon but name no speaker.
NOT_SPEAKER_LABELS = frozenset({"update", "updated", "watch", "video", "videos", "photo", "photos", "live", "breaking",
                                "exclusive", "opinion", "analysis", "review", "editorial", "related", "read", "listen",
                                "note", "editor", "correction", "source", "sources", "credit", "image", "images",
                                "warning", "spoiler", "timeline", "explainer", "factbox", "quiz", "poll", "podcast",
                                "q", "a", "faq", "summary", "background", "context", "transcript", "full", "more",
                                "also", "see", "tags", "topics", "category", "filed", "published", "posted", "by",
                                "share", "follow", "contact", "email", "tel", "phone", "fax", "advertisement",
                                "the", "latest", "this", "today", "tonight", "now", "here", "why", "how", "what"})


def label_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """``NAME: words`` opening a paragraph: a transcript line (``PENCE: Well, look, ...``), a
    headline that quotes (``Graham: Trump's Rhetoric Destroying GOP's Chance``), or a
    colon introduction without a verb (``Republican pollster Daron Shaw: "..."``)."""
    toks, text = att.toks, att.text
    claimed = [f.content for f in frames]
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        colon = next((i for i in range(s.first, min(s.last, s.first + 7)) if toks[i].text == ":"), None)
        if colon is None or colon == s.first or colon + 1 >= s.last:
            continue
        name_toks = toks[s.first:colon]
        lead = name_toks[0].text.lstrip("\"“‘'")
        if not lead or lead.lower().strip("\"“‘'") in NOT_SPEAKER_LABELS or not all(
                t.text[:1].isupper() or t.text in (".", "-", "’s", "'s") or t.text in QUOTE_TOKENS for t in name_toks):
            continue
        first = s.first + (1 if toks[s.first].text in QUOTE_TOKENS else 0)
        m = att.mention(first, colon)
        if m is None or m.type not in ("person", "organization"):
            continue
        a, b = toks[colon + 1].start, s.end
        if any(ca <= a < cb for ca, cb in claimed):
            continue
        a, b = _trim(text, a, b)
        while b > a and text[b - 1] in ".\"”’'":
            b -= 1
        while a < b and text[a] in "\"“‘'":
            a += 1
        if word_count(toks, colon + 1, s.last) < 2:
            continue
        cue = CueMatch(colon, colon + 1, toks[colon].start, toks[colon].end, ":", "colon", ":")
        para = att.doc.paragraph_of(a)
        headline = para is not None and para < 3 and _is_headline_text(text, att.doc.paragraphs[para])
        kind = "indirect" if headline else "direct"
        out.append(Frame((a, b), kind, cue, m, "label", si))
    return out


DASHES = frozenset({"—", "―", "–", "--", "-"})


def byline_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """A quotation signed with a dash: ``"You walk down the street and you get shot." ― Ariana
    Huichapa.``  The quotation is direct; its speaker is the name after the dash."""
    toks, text = att.toks, att.text
    taken = {f.content for f in frames if f.pattern not in ("unattributed", "continued", "continuation")}
    out: list[Frame] = []
    for q in att.quotes:
        if q.close is None or (q.start, q.end) in taken:
            continue
        ti = att._tok_at(q.outer[1])
        if ti is None or ti >= len(toks) or toks[ti].start < q.outer[1] or toks[ti].text not in DASHES:
            continue
        s = att.doc.sentences[toks[ti].sent]
        e = ti + 1
        while e < s.last and (toks[e].text[:1].isupper() or toks[e].text.lower() in ("de", "van", "von", "al", "bin")
                              or toks[e].text in (".", "-")) and e - ti <= 6:
            e += 1
        rest = text[toks[e - 1].end:s.end].strip(" .,")
        while e > ti + 1 and toks[e - 1].text == ".":
            e -= 1
        if e == ti + 1 or rest:
            continue
        m = att.mention(ti + 1, e)
        if m is None or m.type not in ("person", "organization"):
            continue
        dash = toks[ti]
        cue = CueMatch(ti, ti + 1, dash.start, dash.end, "byline", "byline", dash.text)
        out.append(Frame((q.start, q.end), "direct", cue, m, "byline", dash.sent))
    return out


def noun_cue_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """A claim reported by a noun: ``Trump's claim that there have been "thousands of
    shootings"``, ``the ministry's warning that ...``: the source is the possessor."""
    toks, vocab = att.toks, att.vocab
    nouns = vocab.noun_cues
    claimed = [f.content for f in frames]
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        for i in range(s.first + 2, s.last - 2):
            w = toks[i].text.lower()
            if w not in nouns or toks[i + 1].text.lower() != "that":
                continue
            j = i - 1
            while j > s.first and (toks[j].text.lower() in vocab.modifiers or toks[j].text.lower() in (
                    "repeated", "latest", "earlier", "previous", "new", "recent", "false", "unfounded", "baseless",
                    "public", "private", "own", "stark", "dire", "frequent", "oft-repeated")):
                j -= 1
            if toks[j].text not in ("’s", "'s"):
                continue
            src = _collect_np_left(toks, j - 1, s.first, vocab)
            if src is None:
                continue
            m = att.mention(src[0], src[1])
            if m is None or m.type not in ("person", "organization", "group", "anonymous", "pronoun"):
                continue
            k = i + 2
            e = clause_end(toks, k, s.last, vocab)
            if word_count(toks, k, e) < 3:
                continue
            content = att._span(k, e)
            if content in claimed:
                continue
            cue = CueMatch(i, i + 1, toks[i].start, toks[i].end, w, "noun", toks[i].text.lower())
            out.append(Frame(content, "indirect", cue, m, "noun", si))
    return out


def _is_headline_text(text: str, para) -> bool:
    words = text[para.start:para.end].split()
    caps = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 25 and caps / max(1, len(words)) >= 0.5


def partial_quotes(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Quoted words inside indirect or mixed content become partial quotations."""
    out: list[Frame] = []
    text = att.text
    mixed = sorted((f for f in frames if f.kind == "mixed"), key=lambda f: f.content[1] - f.content[0])
    done: set[tuple[int, int]] = set()
    for f in mixed:  # innermost first: quoted words belong to the closest reported speech
        a, b = f.content
        for q in att.quotes:
            if not (a <= q.open and q.start >= a and q.end <= b) or (q.start, q.end) in done:
                continue
            done.add((q.start, q.end))
            before = _words_before(text, q.open, 1)
            if before and before[-1].lower() in NAMING_WORDS:
                continue
            inner = text[q.start:q.end].strip()
            toks = inner.split()
            if len(toks) <= 3 and all(w[:1].isupper() for w in toks if w[:1].isalpha()) and len(toks) > 0 \
                    and not inner.endswith((".", ",", "!", "?")):
                continue  # a name or title in marks
            out.append(attrs.evolve(f, content=(q.start, q.end), kind="partial", pattern=f"{f.pattern}>partial"))
    return out


def find_frames(doc: AnnotatedDoc, vocab: Vocabulary) -> list[Frame]:
    """All frames of ``doc``: attributions by cue, quotations without cue, partial quotes."""
    att = Attributor(doc, vocab)
    frames = att.frames()
    frames = frames + noun_cue_frames(att, frames)
    frames = classify_frames(att, frames)
    frames = _dedupe(frames)
    extra = direct_from_quotes(att, frames)
    bylines = byline_frames(att, frames + extra)
    if bylines:
        taken = {f.content for f in bylines}
        extra = [f for f in extra if f.content not in taken]
    frames = frames + extra + bylines
    labels = label_frames(att, frames)
    if labels:
        spans = [f.content for f in labels]
        frames = [f for f in frames if not (f.pattern in ("unattributed", "continued") and any(
            a <= f.content[0] < b or f.content[0] <= a < f.content[1] for a, b in spans))] + labels
    frames = frames + partial_quotes(att, frames)
    frames.sort(key=lambda f: (f.content[0], -f.content[1]))
    return _dedupe(frames)


def _dedupe(frames: list[Frame]) -> list[Frame]:
    seen: dict[tuple[int, int, str], Frame] = {}
    for f in frames:
        key = (f.content[0], f.content[1], "partial" if f.kind == "partial" else "x")
        if key not in seen or (seen[key].source is None and f.source is not None):
            seen[key] = f
    return list(seen.values())
