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

import bisect
from typing import Sequence

import attrs

from quoteattr.extract.content import BELIEF_LEMMAS, clause_end, content_start, skip_time, word_count
from quoteattr.extract.cues import OBJECT_FRAMES, CueMatch, lexicon_matches
from quoteattr.extract.roles import Mention, read_mention
from quoteattr.extract.syntax import CLAUSE_OPENERS, surface_view, syntax_frame
from quoteattr.extract.sources import SourceSpan, _collect_np_left, _role_and, find_left_source, find_right_source, is_verbish, np_internal
from quoteattr.extract.words import Vocabulary
from quoteattr.text.marks import QUOTE_TOKENS
from quoteattr.nlp.base import DEPS, AnnotatedDoc, Token
from quoteattr.text.marks import QuotedSpan
from quoteattr.text.spans import SpanIndex

# Words that, right before a quotation in marks, mean a name or a term, not a quotation.
NAMING_WORDS = frozenset({"so-called", "called", "dubbed", "nicknamed", "named", "known", "titled",
                          "entitled", "branded", "labelled", "labeled", "term", "word", "words", "phrase",
                          "slogan", "hashtag", "motto", "codenamed", "code-named", "operation", "song",
                          "film", "book", "album", "movie", "show", "series", "novel", "play", "tagline"})
MIN_UNATTRIBUTED_WORDS = 5
# Words that open a background clause at the start of a sentence.
BACKGROUND_OPENERS = frozenset({"though", "although", "while", "whilst", "since", "despite", "even"})
# Words that open a condition: a verb after them and its subject is not a cue.
CONDITIONALS = frozenset({"if", "unless", "whether", "lest"})
MOSTLY_QUOTED = 0.5  # share of a content in marks above which the quotation alone is reported
# Words that, right after a cue, open an adjunct or another clause, not the reported words
# ("said when she resigned", "agreed, and ...").
NOT_CONTENT_OPENERS = frozenset({"as", "while", "when", "after", "before", "because", "although", "though", "but",
                                 "and", "since", "until", "who", "which", "where", "or"})


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
    # the pieces of a content interrupted by its own frame ('"A," X said, "B."'), in text order;
    # empty when the content is one piece.  ``content`` then runs from the first to the last.
    segments: tuple[tuple[int, int], ...] = ()

    def parts(self) -> tuple[tuple[int, int], ...]:
        """The pieces of the content, each clipped to ``content``: one piece unless the frame
        interrupts it."""
        a, b = self.content
        parts = tuple((max(s, a), min(e, b)) for s, e in self.segments if min(e, b) > max(s, a))
        return parts if len(parts) > 1 else ((a, b),)


def taken(frames: list[Frame]) -> tuple[SpanIndex, set[int]]:
    """The contents of ``frames`` and the starts of their cues: what a frame found later must
    not repeat."""
    return SpanIndex(f.content for f in frames), {f.cue.start for f in frames if f.cue is not None}


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
        self._near_cues: list[tuple[CueMatch, str]] = []
        # indexes built once, so that each lookup by offset costs a bisection, not a pass
        self._quote_starts = [q.start for q in self.quotes]
        self._quotes_in_order = all(a <= b for a, b in zip(self._quote_starts, self._quote_starts[1:]))
        self._closing: tuple[dict[int, QuotedSpan], set[int], set[int]] | None = None
        self._cues_by_sent: dict[int, list[CueMatch]] | None = None
        self._real_paragraphs: list[int] | None = None
        self._outer: SpanIndex | None = None
        self._tok_ends: list[int] | None = None

    # -- mentions ---------------------------------------------------------------------------
    def mention(self, first: int, last: int) -> Mention | None:
        return read_mention(self.text, [(t.start, t.end) for t in self.toks[first:last]], self.vocab)

    def _tok_at(self, offset: int) -> int | None:
        """The first token that ends after ``offset``."""
        if self._tok_ends is None:
            self._tok_ends = [t.end for t in self.toks]
        lo = bisect.bisect_right(self._tok_ends, offset)
        return lo if lo < len(self.toks) else None

    def sentence_subject(self, si: int) -> Mention | None:
        """The noun phrase that opens sentence ``si`` (after a leading adverbial clause)."""
        s = self.doc.sentences[si]
        k = s.first
        toks = self.toks
        while k < s.last and toks[k].text.lower() in ("and", "but", "so", "yet"):
            k += 1  # "And at the end of the news conference, Mr Jansen ..."
        if k < s.last and toks[k].text.lower() in self.vocab.prep | {"asked", "speaking", "during", "after"}:
            while k < s.last and toks[k].text != ",":
                k += 1
            k += 1
        e = k
        if e < s.last and toks[e].text.lower() in ("he", "she", "it", "they", "we", "i"):
            return self.mention(e, e + 1)
        while e < s.last and (np_internal(toks[e], self.vocab) or _role_and(toks, e, k, self.vocab)
                              or toks[e].text == "(" and e + 2 < s.last and toks[e + 2].text == ")") and e - k < 12:
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

    # -- indexes ----------------------------------------------------------------------------
    def quotes_starting(self, a: int, b: int) -> Sequence[QuotedSpan]:
        """The outermost quotations that start at ``a..b`` (both included), in document order;
        callers still test each one, so this only narrows the search."""
        if not self._quotes_in_order:
            return self.quotes
        starts = self._quote_starts
        return self.quotes[bisect.bisect_left(starts, a):bisect.bisect_right(starts, b)]

    def _closing_marks(self) -> tuple[dict[int, QuotedSpan], set[int], set[int]]:
        """Each offset inside a closing mark with the first quotation it closes; the offsets
        just after the closing marks; the offsets of the closing marks."""
        if self._closing is None:
            inside: dict[int, QuotedSpan] = {}
            ends: set[int] = set()
            closes: set[int] = set()
            for q in self.quotes:
                if q.close is None:
                    continue
                for pos in range(q.close, q.outer[1]):
                    inside.setdefault(pos, q)
                ends.add(q.outer[1])
                closes.add(q.close)
            self._closing = (inside, ends, closes)
        return self._closing

    def outer_spans(self) -> SpanIndex:
        """The outermost quotations, marks included, as an index."""
        if self._outer is None:
            self._outer = SpanIndex(q.outer for q in self.quotes)
        return self._outer

    def _cues_by_sentence(self) -> dict[int, list[CueMatch]]:
        """The cues grouped by sentence, each group in text order."""
        if self._cues_by_sent is None:
            by_sent: dict[int, list[CueMatch]] = {}
            for c in self.cues:
                by_sent.setdefault(self.toks[c.first].sent, []).append(c)
            self._cues_by_sent = by_sent
        return self._cues_by_sent

    def cues_of_sentence(self, si: int) -> Sequence[CueMatch]:
        """The cues of sentence ``si``, in text order."""
        return self._cues_by_sentence().get(si, ())

    def real_paragraphs_between(self, pa: int, pb: int) -> int:
        """How many paragraphs strictly between ``pa`` and ``pb`` are not boilerplate."""
        if self._real_paragraphs is None:
            counts, n = [0], 0
            for p in self.doc.paragraphs:
                n += not p.boilerplate
                counts.append(n)
            self._real_paragraphs = counts  # counts[i]: real paragraphs before paragraph i
        if pb <= pa + 1:
            return 0
        return self._real_paragraphs[pb] - self._real_paragraphs[pa + 1]

    # -- frames -----------------------------------------------------------------------------
    @property
    def cues(self) -> list[CueMatch]:
        if self._cues is None:
            matches = list(lexicon_matches(self.doc, vocab=self.vocab))
            self._cues = [c for c, reason in matches if reason is None]
            self._near_cues = [(c, reason) for c, reason in matches if reason is not None]
        return self._cues

    @property
    def near_cues(self) -> list[tuple[CueMatch, str]]:
        """The lexicon matches the surface checks do not read as cues, with the check's name."""
        if self._cues is None:
            _ = self.cues
        return self._near_cues

    def frames(self) -> list[Frame]:
        by_sent = self._cues_by_sentence()
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
            before_cue = f.cue is not None and f.cue.start >= b  # 'CONTENT, says X': what it holds is nested
            for g in frames:
                if g is not f and g.pattern in ("participle", "inverted", "left") and g.cue is not None \
                        and a < g.cue.start < b and (g.pattern == "participle" or g.content[0] <= a):
                    # '"top priority" adding ...', '... next year, says Bloomberg': the content ends
                    # where the frame that holds it begins
                    cut = g.cue.start
                    if g.source is not None and a < g.source.start < cut:
                        cut = g.source.start  # '..., Ms Varga said'
                    b = min(b, _trim(self.text, a, cut)[1])
                    continue
                if g is f or g.source is None or g.cue is None or before_cue:
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
        if earlier and self._conditional(cue, lo):
            return None  # inside the content of the frame before it, a condition is not a new cue
        if self.use_syntax:
            return syntax_frame(self, cue, si, earlier)  # it runs the surface patterns itself
        prev = toks[cue.first - 1].text.lower() if cue.first > lo else ""
        if cue.first == lo and cue.participle:
            return self._opening_participle(cue, si)
        quoted_by = self.quoted_as_source(cue, si)
        if quoted_by is not None:
            # "X was quoted (by the agency) as saying (that) ...": X speaks
            k = content_start(toks, cue.last, hi, cue.lemma, vocab)
            if k > cue.last and toks[k - 1].text == ":" and k < hi and toks[k].text in QUOTE_TOKENS:
                return None  # a colon introduction: the quotation after it is read with its frame
            e = clause_end(toks, k, hi, vocab, cue.frame)
            if word_count(toks, k, e) < 2:
                return None
            return Frame(self._span(k, e), "indirect", cue, quoted_by, "quoted_as", si)
        # participial cue: ", adding that ...", ", saying ...", "with X describing ..."
        if cue.participle and (prev in (",", "and", "while", "before", "after", "by", "when", "—", "–")
                               or cue.first == lo or earlier and self._quote_ends_at(cue.first - 1)):
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
        if earlier and left is not None and left.boundary is not None and toks[left.boundary].text.lower() == "what":
            return None  # "condemned what it termed ...": the quotation belongs to the outer frame
        left_m = self.mention(left.first, left.last) if left else None
        if left_m is not None and left.boundary is not None and toks[left.boundary].text.lower() == "what" and \
                cue.frame == "obj_as" and cue.last < hi and toks[cue.last].text.lower() == "as":
            # "... what he described as a 'completely outrageous' insult": the words after "as"
            e = clause_end(toks, cue.last + 1, hi, vocab, cue.frame)
            if word_count(toks, cue.last + 1, e) >= 1:
                return Frame(self._span(cue.last + 1, e), "indirect", cue, left_m, "what_as", si)
            return None
        conj = prev
        if prev in ("has", "have", "had") and cue.first - 2 >= lo:
            conj = toks[cue.first - 2].text.lower()  # "... and has said"
        if left is None and conj in ("and", "but") and cue.form.endswith(("ed", "said", "told", "says", "wrote")):
            left_m = self.sentence_subject(si)  # "Mr Kerry met Mr Lavrov and said ..."
            if left_m is not None:
                k = content_start(toks, cue.last, hi, cue.lemma, vocab)
                e = clause_end(toks, k, hi, vocab, cue.frame)
                n = word_count(toks, k, e)
                np_ok = left_m.type in ("person", "pronoun") and n >= 1 \
                    and toks[k].text.lower() not in vocab.prep and toks[k].text.lower() not in ("as", "and", "but", "or")
                if n >= 2 and self._clause_like(cue, k, e) or np_ok:
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
        if self._negated(cue, lo) and k < hi and not self._clause_like(cue, k, e):
            return None  # "it did not mention a wedding": nothing is reported
        min_words = 1 if cue.frame in ("obj", "np") else 2  # "attacked Trump", "endorsed her"
        right_ok = k < hi and word_count(toks, k, e) >= min_words and toks[k].text.lower() not in NOT_CONTENT_OPENERS \
            and toks[k - 1].text != "," and not (
            cue.frame == "obj" and toks[k].text.lower() in vocab.prep and toks[k].text.lower() not in ("to", "about")) or (
            k < hi and k > cue.last and toks[k - 1].text in (":", ",") and toks[k].text in QUOTE_TOKENS)
        if right_ok and not self._clause_like(cue, k, e) and not (
                left_m is not None and (left_m.type in ("person", "pronoun") or left_m.members
                                        or cue.lemma in _EVIDENCE_LEMMAS and left_m.head in _EVIDENCE_NOUNS)
                and word_count(toks, k, e) >= 2):
            right_ok = False
        # a quotation right before the source wins: "'Q,' Cavusoglu said at a press conference"
        quote_left = left is not None and left.boundary is not None and self._quote_ends_at(left.boundary) \
            and not self._adverbial(_skip_dateline(toks, lo, left.boundary), left.boundary)
        if left_m is not None and not quote_left and right_ok and not (
                cue.frame == "clause" and self._right_is_adverbial(k, e)):
            return Frame(self._span(k, e), "indirect", cue, left_m, "right", si, appos)
        if left_m is not None and cue.takes_left_content and left.boundary is not None:
            b = left.boundary
            if toks[b].text in (",", "—", "–", ":") or self._quote_ends_at(b) and self._quote_closes_clause(b):
                a = _skip_dateline(toks, lo, b)
                opener = self._adverbial(a, b)
                one_word = toks[b].text == "," and word_count(toks, a, b + 1) == 1 and b == a + 1
                if word_count(toks, a, b + 1) >= 2 or self._whole_quote(a, b) or one_word:
                    start = toks[a].start
                    end = toks[b].end if self._quote_ends_at(b) else toks[b - 1].end if b > a else toks[b].end
                    # "Acts of protest, Mr. Obama said, are acts of patriotism": a frame inside
                    # the sentence; the content is the whole sentence around it
                    after = skip_time(toks, cue.last, hi, vocab)
                    if toks[b].text == "," and after < hi and toks[after].text == "," and \
                            word_count(toks, after + 1, hi) >= 2 and not self._quote_ends_at(b) and \
                            after + 1 < hi and toks[after + 1].text.lower() not in vocab.verbs and \
                            toks[after + 1].text.lower() not in CLAUSE_OPENERS | {"according", "and", "but"}:
                        e2 = clause_end(toks, after + 1, hi, vocab, cue.frame)
                        # the frame is not content: the two pieces either side of it are the parts
                        first, second = _trim(text, start, end), _trim(text, toks[after + 1].start, toks[e2 - 1].end)
                        if one_word and (toks[a].text.lower() in vocab.adv or toks[a].text.lower() in vocab.conj
                                         or toks[a].text.lower().endswith("ly")):
                            opener = True  # "Still, he said, ..."
                        if opener:  # "In recent days, X said, ...": the opener is not reported
                            return Frame(second, "indirect", cue, left_m, "parenthetical", si, appos)
                        return Frame((first[0], second[1]), "indirect", cue, left_m, "parenthetical", si, appos,
                                     segments=(first, second))
                    if not opener and not one_word:
                        return Frame(_trim(text, start, end), "indirect", cue, left_m, "left", si, appos)
        if left_m is not None and right_ok:
            return Frame(self._span(k, e), "indirect", cue, left_m, "right", si, appos)
        q_before = self._quote_before_sentence(si) if cue.takes_left_content and not right_ok else None
        if q_before is not None and left_m is not None and left.first == lo:
            # '"How long must we wait?" Ames said.': a question or an exclamation ends its own
            # sentence; the frame after it is the next sentence
            return Frame((q_before.start, q_before.end), "indirect", cue, left_m, "left", si, appos)
        if q_before is not None and left is None and cue.first == lo:
            right = find_right_source(toks, cue.last, hi, vocab)  # '"...?" asked Ames.'
            m = self.mention(right.first, right.last) if right is not None else None
            if m is not None:
                return Frame((q_before.start, q_before.end), "indirect", cue, m, "inverted", si)
        if left is None and cue.takes_left_content and prev in (",", "—", "–") or self._quote_ends_at(cue.first - 1):
            # inverted: '"...," said wedding photographer Walid Mohammad'
            right = find_right_source(toks, cue.last, hi, vocab)
            if right is not None:
                m = self.mention(right.first, right.last)
                b = cue.first - 1
                if m is not None and (word_count(toks, lo, b + 1) >= 2 or self._whole_quote(lo, b)):
                    end = toks[b].end if self._quote_ends_at(b) else toks[b - 1].end
                    return Frame(_trim(text, toks[lo].start, end), "indirect", cue, m, "inverted", si)
        if left is None and right_ok and not cue.participle:
            j = cue.first - 1
            while j > lo and (toks[j].text.lower() in vocab.adv or toks[j].text.lower() in ("has", "have", "had", "also")
                                              or toks[j].text.lower().endswith("ly") and toks[j].text[:1].islower()):
                j -= 1
            prev_word = toks[j].text.lower() if j >= lo else ""
        else:
            prev_word = ""
        if prev_word in (",", "—", "–", "--"):
            # "Ann Roe, a teacher who has lived here for decades, said ...": an apposition too long
            # to read as part of the source; the sentence's subject speaks
            subj = self.sentence_subject(si)
            ti = self._tok_at(subj.end) if subj is not None else None
            if subj is not None and ti is not None and ti < cue.first - 1 and toks[ti].text in (",", "—", "–", "--", "(") \
                    and self._clause_like(cue, k, e):
                return Frame(self._span(k, e), "indirect", cue, subj, "right", si)
        return None

    def quoted_as_source(self, cue: CueMatch, si: int) -> Mention | None:
        """The subject of ``X was quoted (by ...) as saying``, when the cue is that participle."""
        lo = self.doc.sentences[si].first
        toks = self.toks
        if not cue.participle or cue.first - 1 <= lo or toks[cue.first - 1].text.lower() != "as":
            return None
        q = next((j for j in range(cue.first - 2, max(lo, cue.first - 10) - 1, -1)
                  if toks[j].text.lower() == "quoted"), None)
        if q is None or q - 1 < lo or toks[q - 1].text.lower() not in ("was", "is", "were", "are", "been", "being"):
            return None
        j = q - 1
        while j - 1 >= lo and toks[j - 1].text.lower() in ("has", "have", "had", "also", "widely", "once", "later"):
            j -= 1
        left = _collect_np_left(toks, j - 1, lo, self.vocab)
        m = self.mention(left[0], left[1]) if left is not None else None
        if m is not None and m.type in ("person", "organization", "pronoun", "anonymous", "group"):
            return m
        return self.sentence_subject(si)

    def _conditional(self, cue: CueMatch, lo: int) -> bool:
        """Is the cue the verb of a condition (``... annihilated if they refused to leave``)?
        Inside another frame's content, a verb in an if-clause says what would happen; it
        reports nothing.  (PolNeAR does annotate such verbs when no frame holds them.)"""
        if cue.participle:
            return False
        left = find_left_source(self.toks, cue.first, lo, self.vocab)
        j = (left.first if left is not None else cue.first) - 1
        while j >= lo and self.toks[j].text.lower() in self.vocab.adv:
            j -= 1
        return j >= lo and self.toks[j].text.lower() in CONDITIONALS

    def _adverbial(self, a: int, b: int) -> bool:
        """Are tokens ``a``..``b`` (left of a source) an opener rather than reported words: a
        subordinate clause (``But when the council cut the budget,``) or a phrase with no verb
        led by a preposition or a time word (``In an interview on Sunday,``, ``Last month,``)?"""
        toks, vocab = self.toks, self.vocab
        if a < b and toks[a].text.lower() in ("but", "and", "so", "yet"):
            a += 1
        if a + 1 < b and toks[a].text.lower() in _LINKING_ADVERBS and toks[a + 1].text == ",":
            a += 2  # "However, over the past few days,"
        if a >= b or toks[a].text in QUOTE_TOKENS:
            return False
        w = toks[a].text.lower()
        if w in _OPENING_SUBORDINATORS:
            return True
        if w in vocab.prep or w in vocab.time or w in ("last", "earlier", "later"):
            inside = False  # a quoted title is part of the phrase: 'In an interview on "Meet the Press,"'
            for i in range(a + 1, b):
                t = toks[i]
                if t.text in QUOTE_TOKENS:
                    inside = not inside
                    continue
                if t.text in ("’s", "'s") and toks[i - 1].text.lower() not in vocab.pronouns:
                    continue  # a possessive: "on CBS's show"
                if is_verbish(t, vocab) or inside and t.text[:1].isalpha() and not t.text[:1].isupper() \
                        and t.text.lower() not in _TITLE_SMALL_WORDS:
                    return False
            return True
        return False

    def _negated(self, cue: CueMatch, lo: int) -> bool:
        """Is the cue negated (``did not mention``, ``has never commented on``)?"""
        for j in range(cue.first - 1, max(lo, cue.first - 3) - 1, -1):
            w = self.toks[j].text.lower()
            if w in ("not", "n't", "n’t", "never"):
                return True
            if w not in self.vocab.adv:
                return False
        return False

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
        m = self.mention(right.first, right.last) if right is not None else None
        if m is None:
            # "according to early results of the exit poll, ...": a source the noun-phrase reader
            # does not take is still the source, up to the comma or the sentence end
            last = cue.last
            while last < hi and toks[last].text not in (",", ";", ":", ".", "—", "–") and last - cue.last < 16:
                last += 1
            if last == cue.last or last - cue.last >= 16:
                return None
            a, b = toks[cue.last].start, toks[last - 1].end
            m = Mention(a, b, self.text[a:b], None, None, "anonymous")
            right = SourceSpan(cue.last, last, None, None)
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
        if toks[a].text.lower() in BACKGROUND_OPENERS:
            # "Though signs point to ..., the bank isn't about to ..., according to X": the
            # background clause before the comma is the writer's, not X's
            comma = next((i for i in range(a + 1, b) if toks[i].text == ","), None)
            if comma is not None and word_count(toks, comma + 1, b) >= 3:
                a = comma + 1
        if word_count(toks, a, b) < 2:
            return None
        first = _trim(self.text, toks[a].start, toks[b - 1].end)
        after = right.last
        if after < hi and toks[after].text == "," and word_count(toks, after + 1, hi) >= 3 \
                and toks[after + 1].text.lower() not in ("and", "but", "which", "who", "while", "as"):
            # "The firm receives, according to one report, $234 million a year": the content runs
            # on past its frame; the two pieces are its parts
            e = clause_end(toks, after + 1, hi, self.vocab)
            second = self._span(after + 1, e)
            return Frame((first[0], second[1]), "indirect", cue, m, "according_to", si, segments=(first, second))
        if word_count(toks, a, b) < 3:
            return None
        return Frame(first, "indirect", cue, m, "according_to", si)

    def _span(self, k: int, e: int) -> tuple[int, int]:
        return _trim(self.text, self.toks[k].start, self.toks[e - 1].end)

    def _quote_closes_clause(self, ti: int) -> bool:
        """A quotation before its source ends its clause with punctuation inside the marks
        (``"...," Lavrov said``); a bare term in marks before a noun does not (``the
        "Islamic State" group claimed``)."""
        t = self.toks[ti]
        q = self._closing_marks()[0].get(t.start)
        if q is not None:
            s = self.doc.sentences[t.sent]
            opens_sentence = not self.text[s.start:q.open].strip()
            return opens_sentence or self.text[q.start:q.end].rstrip()[-1:] in (",", "?", "!", "…", "-", "—", ".")
        return True

    def _whole_quote(self, a: int, b: int) -> bool:
        """Are tokens ``a``..``b`` one quotation in marks with a word in it?  A one-word quotation
        (``"No," she said.``) is still a quotation when its marks hold all of the content."""
        toks = self.toks
        return toks[a].text in QUOTE_TOKENS and self._quote_ends_at(b) and word_count(toks, a, b + 1) >= 1

    def _quote_before_sentence(self, si: int) -> QuotedSpan | None:
        """The quotation in marks that ends right before sentence ``si`` and opens a sentence of
        its own, when sentence ``si`` holds nothing but a frame: ``"Why now?" she asked.``"""
        s = self.doc.sentences[si]
        if s.first == 0 or not self._quote_ends_at(s.first - 1):
            return None
        q = self._closing_marks()[0].get(self.toks[s.first - 1].start)
        if q is None or self.text[q.start:q.end].rstrip()[-1:] not in ("?", "!", ".", "…"):
            return None
        opening = self.doc.sentence_of(q.open)
        if opening is None or self.text[self.doc.sentences[opening].start:q.open].strip():
            return None  # words before the quotation belong to its sentence
        if word_count(self.toks, s.first, s.last) > 12:
            return None  # a sentence of its own, not a frame
        return q

    def _quote_ends_at(self, ti: int) -> bool:
        """Is token ``ti`` (or the comma after a quote) the end of a quotation in marks?"""
        if ti < 0 or ti >= len(self.toks):
            return False
        t = self.toks[ti]
        inside, ends, closes = self._closing_marks()
        if t.start in inside:
            return True  # the closing mark itself
        return t.text == "," and (t.start in ends or t.end in closes)  # '"...",' or '"...,"'


def _by_sentence(frames: list[Frame]) -> dict[int, list[Frame]]:
    out: dict[int, list[Frame]] = {}
    for f in frames:
        out.setdefault(f.sent, []).append(f)
    return out


def _nested_speech(by_sent: dict[int, list[Frame]], f: Frame) -> list[Frame]:
    """Frames of ``f``'s sentence reported inside its content with a cue of their own: ``X
    claimed that Y once said: "..."`` (the quotation is Y's; the claim about it is X's)."""
    a, b = f.content
    if f.cue is None or f.cue.end > a:
        return []  # only a report that precedes its content can hold another's speech
    return [g for g in by_sent.get(f.sent, ()) if g is not f and g.cue is not None and a <= g.cue.start and g.cue.end <= b
            and g.source is not None and a <= g.source.start and g.content[0] >= g.cue.end
            and g.source.name is not None]  # someone named: "he hopes" is the reporter's own thought


def classify_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Set each frame's kind from the quotation marks its content holds."""
    text = att.text
    out: list[Frame] = []
    by_sent = _by_sentence(frames)
    for f in frames:
        if f.kind == "partial":  # read as quoted words already
            out.append(f)
            continue
        a, b = f.content
        inner = [q for q in att.quotes_starting(a, b + 1) if _quote_inside(q, a, b) or (q.start >= a and q.end <= b)]
        if not inner:
            # a quotation that begins the content and runs past the sentence: direct
            out.append(f)
            continue
        whole = [q for q in inner if _same_as_quote(text, q, a, b)]
        quoted = sum(q.end - q.start for q in inner)
        if whole:
            q = whole[0]
            out.append(attrs.evolve(f, content=(q.start, q.end), kind="direct"))
        elif quoted >= MOSTLY_QUOTED * (b - a) and len(inner) == 1 and not _nested_speech(by_sent, f) \
                and f.pattern != "fallback":
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
    claimed = SpanIndex(f.content for f in frames)
    position = {id(f): i for i, f in enumerate(frames)}
    out: list[Frame] = []
    direct_frames = sorted([f for f in frames if f.kind == "direct"], key=lambda f: f.content)
    # split quotes and runs of quotes in one paragraph: '"A," she said. "B." "C."' is one
    # quotation from A to C (PolNeAR's convention; the next paragraph starts a new one)
    for f in direct_frames:
        merged = _absorb_following(att, f, claimed)
        if merged is not f:
            frames[position[id(f)]] = merged
            claimed.add(*merged.content)
    last_direct: Frame | None = None
    last_said: Frame | None = None  # the latest attribution of any kind: "X said that ..."
    by_start = sorted(att.quotes, key=lambda q: q.start)
    all_frames = sorted(frames, key=lambda f: f.content[0])
    fi = 0
    pending_colon: Frame | None = None
    headline: dict[int, bool] = {}  # paragraph -> is it a headline
    for q in by_start:
        while fi < len(all_frames) and all_frames[fi].content[0] <= q.start:
            f = all_frames[fi]
            if f.kind in ("direct",) or f.pattern == "colon":
                last_direct = f
            nested = last_said is not None and last_said.content[0] <= f.content[0] and f.content[1] <= last_said.content[1]
            if f.source is not None and not nested:
                last_said = f  # reported speech inside another's content does not take the floor
            fi += 1
        if claimed.contains(q.start, q.end):
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
        if para is not None and para not in headline:
            headline[para] = _is_headline(text, att.doc.paragraphs[para])
        if para is not None and headline[para]:
            f = _headline_frame(att, q, qs)
            if f is not None:
                out.append(f)
                continue
            if not (last_said is not None and att.doc.paragraph_of(last_said.content[0]) == para):
                continue  # a headline quote goes on the headline's own attribution, or on none
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
        # continuation of the previous speaker's quotation, or of the attribution just before it
        # ("X said that ..." and then a quotation paragraph): the latest speaker, unless another
        # one has spoken since
        prev = last_direct or pending_colon
        if last_said is not None and (prev is None or last_said.content[0] > prev.content[0]):
            prev = last_said
        if prev is not None and _close_enough(att, prev, q) and _starts_sentence(att, q, qs):
            cont = Frame((q.start, q.end), "direct", None, prev.source, "continuation", qs, inherits_from=-1)
            out.append(cont)
            last_direct = cont  # a quotation running over several paragraphs goes on and on
            continue
        if q.continued:
            out.append(Frame((q.start, q.end), "direct", None, None, "continued", qs))
            continue
        if words >= MIN_UNATTRIBUTED_WORDS and _starts_sentence(att, q, qs):
            out.append(Frame((q.start, q.end), "direct", None, None, "unattributed", qs))
    return out


MAX_FRAME_GAP_WORDS = 30  # a frame with a long apposition: 'said X, a lawyer who ...'


def _absorb_following(att: Attributor, f: Frame, claimed: SpanIndex) -> Frame:
    """Extend a direct quotation over the quotations that follow it in its paragraph with
    nothing but its own frame (``she said, clapping.``) in between.  ``claimed`` holds the
    contents of the frames found so far."""
    if f.cue is None:
        return f
    para = att.doc.paragraph_of(f.content[0])
    if para is None:
        return f
    p = att.doc.paragraphs[para]
    end = f.content[1]
    cur = next((q for q in att.quotes_starting(f.content[0], f.content[0]) if q.start == f.content[0]), None)
    if cur is None:
        return f
    last_outer = cur.outer[1]
    segments = [f.content]
    # the quotations after the content (f's own content cannot hold them: they start past it)
    # indexed, not sliced: a slice copies every later quotation, once per direct quotation
    ordered = att.quotes if att._quotes_in_order else sorted(att.quotes, key=lambda q: q.start)
    first = bisect.bisect_right(att._quote_starts, end) if att._quotes_in_order else 0
    for k in range(first, len(ordered)):
        q = ordered[k]
        if q.start <= end or q.open < last_outer:
            continue
        if q.open >= p.end:
            break
        if claimed.contains(q.start, q.end):
            break
        gap = att.text[last_outer:q.open]
        words = [w for w in gap.split() if any(c.isalnum() for c in w)]
        frame_in_gap = f.cue.start >= last_outer and f.cue.end <= q.open
        if len(words) > (MAX_FRAME_GAP_WORDS if frame_in_gap else 0):
            break
        end = q.end
        last_outer = q.outer[1]
        segments.append((q.start, q.end))
    if end == f.content[1]:
        return f
    # each quotation in marks is one part of the utterance: the frame between them is not content
    return attrs.evolve(f, content=(f.content[0], end), pattern=f.pattern + "+run", segments=tuple(segments))


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
    return pb >= pa and att.real_paragraphs_between(pa, pb) == 0


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
    cues = [c for c in att.cues_of_sentence(s_of_colon) if c.last <= j]
    if not cues:
        return None
    c = cues[-1]
    m = att.quoted_as_source(c, s_of_colon)
    if m is None:
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
                                "photograph", "photographs", "picture", "pictures", "pictured", "illustration",
                                "contributing", "contributors", "reporting", "writing", "editing", "additional",
                                "byline", "words", "graphic", "graphics", "footage", "file",
                                "the", "latest", "this", "today", "tonight", "now", "here", "why", "how", "what"})


def label_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """``NAME: words`` opening a paragraph: a transcript line (``PENCE: Well, look, ...``), a
    headline that quotes (``Graham: Trump's Rhetoric Destroying GOP's Chance``), or a
    colon introduction without a verb (``Republican pollster Daron Shaw: "..."``)."""
    toks, text = att.toks, att.text
    claimed = SpanIndex(f.content for f in frames if f.pattern not in ("unattributed", "continued"))  # those give way
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        colon = next((i for i in range(s.first, min(s.last, s.first + 7)) if toks[i].text == ":"), None)
        if colon is None or colon == s.first or colon + 1 >= s.last:
            continue
        name_toks = toks[s.first:colon]
        # a transcript line may open with a quote mark: '"PENCE: Well, look, ...'
        lead = next((t.text for t in name_toks if t.text not in QUOTE_TOKENS), "").lstrip("\"“‘'")
        if not lead or lead.lower().strip("\"“‘'") in NOT_SPEAKER_LABELS or not all(
                t.text[:1].isupper() or t.text in (".", "-", "’s", "'s") or t.text in QUOTE_TOKENS for t in name_toks):
            continue
        first = s.first + (1 if toks[s.first].text in QUOTE_TOKENS else 0)
        if _is_dateline(name_toks, att.vocab):
            continue
        m = att.mention(first, colon)
        if m is None or m.type not in ("person", "organization"):
            continue
        a, b = toks[colon + 1].start, s.end
        if claimed.covers(a):
            continue
        para = att.doc.paragraph_of(a)
        headline = para is not None and para < 3 and _is_headline_text(text, att.doc.paragraphs[para])
        if not headline and para is not None and toks[colon + 1].text not in QUOTE_TOKENS:
            # a transcript line's turn runs on to the end of its paragraph ("FALLIN: Well, I think
            # ... They want safe streets."), up to another frame's words
            b = _turn_end(att, si, att.doc.paragraphs[para].end, claimed)
        a, b = _trim(text, a, b)
        while b > a and text[b - 1] in ".\"”’'":
            b -= 1
        while a < b and text[a] in "\"“‘'":
            a += 1
        if word_count(toks, colon + 1, s.last) < 3 and text[b - 1:b] not in (".", "!", "?"):
            continue  # "ELECTIONS: The Facts": a section label over a link, not a line of speech
        cue = CueMatch(colon, colon + 1, toks[colon].start, toks[colon].end, ":", "colon", ":")
        kind = "indirect" if headline else "direct"
        out.append(Frame((a, b), kind, cue, m, "label", si))
    return out


def _turn_end(att: Attributor, si: int, para_end: int, claimed: SpanIndex) -> int:
    """The end of the last sentence from ``si`` on that lies in the paragraph ending at
    ``para_end``, stopping before a sentence whose start another frame's content covers."""
    sents = att.doc.sentences
    j = si
    while j + 1 < len(sents) and sents[j + 1].end <= para_end and not claimed.covers(sents[j + 1].start):
        j += 1
    return sents[j].end


def _is_dateline(name_toks: Sequence[Token], vocab: Vocabulary) -> bool:
    """``MOSCOW:`` or ``BEIRUT, Lebanon:`` opening a story: a place in capitals, not a speaker."""
    words = [t.text for t in name_toks if t.text not in (",", ".") and t.text not in QUOTE_TOKENS]
    if not words or not words[0].isupper():
        return False
    lead = " ".join(w.lower() for w in words if w.isupper())
    return lead in vocab.places or lead in vocab.demonyms


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
    toks, vocab, lows = att.toks, att.vocab, att.doc.lowered()
    nouns = vocab.noun_cues
    claimed = {f.content for f in frames}
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        for i in range(s.first + 2, s.last - 2):
            w = lows[i]
            if w not in nouns or lows[i + 1] != "that":
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
            for v in range(src[1] - 1, src[0], -1):
                rv = vocab.verbs.get(toks[v].text.lower())
                if rv is not None and rv.lemma != toks[v].text.lower() and toks[v].text[:1].isupper():
                    src = (v + 1, src[1])  # a title-case headline: "Spokesperson Denies Acme's Claim"
                    break
            m = att.mention(src[0], src[1])
            if m is None or m.type not in ("person", "organization", "group", "anonymous", "pronoun"):
                continue
            content = _clause_after(att, i + 2, s.last)
            if content is None or content in claimed:
                continue
            cue = CueMatch(i, i + 1, toks[i].start, toks[i].end, w, "noun", toks[i].text.lower())
            out.append(Frame(content, "indirect", cue, m, "noun", si))
    return out


def _clause_after(att: Attributor, k: int, hi: int) -> tuple[int, int] | None:
    """The content clause from token ``k`` (None when it has fewer than three words)."""
    e = clause_end(att.toks, k, hi, att.vocab)
    return att._span(k, e) if word_count(att.toks, k, e) >= 3 else None


_POLL_NOUNS = frozenset({"poll", "polls", "survey", "surveys"})


def poll_frames(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """A finding reported by a poll named in an opener: ``In a CBS News poll released Monday,
    50 percent chose Clinton``: the poll is the source, the clause after the comma the content."""
    toks, vocab = att.toks, att.vocab
    # a stance inside the finding ("52 percent backed the toll") gives way to it
    claimed = SpanIndex(f.content for f in frames if f.cue is None or f.cue.frame != "np")
    out: list[Frame] = []
    for si, s in enumerate(att.doc.sentences):
        a = s.first
        if a < s.last and toks[a].text.lower() in ("but", "and"):
            a += 1
        if a + 2 >= s.last or toks[a].text.lower() != "in":
            continue
        comma = next((j for j in range(a + 1, min(s.last, a + 16)) if toks[j].text == ","), None)
        if comma is None:
            continue
        head = next((j for j in range(a + 1, comma) if toks[j].text.lower() in _POLL_NOUNS), None)
        if head is None or any(vocab.verbs.get(toks[j].text.lower()) for j in range(a + 1, head)):
            continue
        content = _clause_after(att, comma + 1, s.last)
        if content is None or claimed.covers(content[0]) or claimed.starts_within(content[0], content[1]):
            continue  # none, or already another frame's
        m = att.mention(a + 1, head + 1)
        cue = CueMatch(a, a + 1, toks[a].start, toks[a].end, "in", "poll", toks[a].text.lower())
        out.append(Frame(content, "indirect", cue, m, "poll", si))
    return out


def _is_headline_text(text: str, para) -> bool:
    words = text[para.start:para.end].split()
    caps = sum(1 for w in words if w[:1].isupper())
    return len(words) <= 25 and caps / max(1, len(words)) >= 0.5


def partial_quotes(att: Attributor, frames: list[Frame]) -> list[Frame]:
    """Quoted words inside indirect or mixed content become partial quotations."""
    out: list[Frame] = []
    text = att.text
    # a fallback reading reports its clause as PolNeAR marks it, never the quoted words inside
    mixed = sorted((f for f in frames if f.kind == "mixed" and f.pattern != "fallback"),
                   key=lambda f: f.content[1] - f.content[0])
    by_sent = _by_sentence(frames)
    done: set[tuple[int, int]] = set()
    for f in mixed:  # innermost first: quoted words belong to the closest reported speech
        a, b = f.content
        nested = _nested_speech(by_sent, f)
        for q in att.quotes_starting(a, b + 1):
            if not (a <= q.open and q.start >= a and q.end <= b) or (q.start, q.end) in done:
                continue
            if any(g.content[0] <= q.start and q.end <= g.content[1] for g in nested):
                continue  # the nested speaker's own quotation
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


def strict_frames(att: Attributor) -> list[Frame]:
    """The frames the patterns find by cue (verbs, nouns, polls, headlines), before their kinds
    are set and before the quotations in marks that no cue claims."""
    from quoteattr.extract.evidential import evidential_frames  # they build on this module
    from quoteattr.extract.headlines import headline_frames, split_joined_claims

    frames = att.frames()
    frames = frames + noun_cue_frames(att, frames)
    frames = frames + poll_frames(att, frames)
    frames = frames + evidential_frames(att, frames)
    return split_joined_claims(att, frames + headline_frames(att, frames))


def find_frames(doc: AnnotatedDoc, vocab: Vocabulary) -> list[Frame]:
    """All frames of ``doc``: attributions by cue, quotations without cue, partial quotes."""
    from quoteattr.extract.ends import learned_ends  # they build on this module
    from quoteattr.extract.fallback import fallback_frames
    from quoteattr.extract.questions import question_frames

    att = Attributor(doc, vocab)
    frames = strict_frames(att)
    frames = frames + fallback_frames(att, frames)
    frames = learned_ends(att, frames + question_frames(att, frames))
    frames = classify_frames(att, frames)
    frames = _drop_nested_thoughts(_dedupe(frames))
    extra = direct_from_quotes(att, frames)
    bylines = byline_frames(att, frames + extra)
    if bylines:
        taken = {f.content for f in bylines}
        extra = [f for f in extra if f.content not in taken]
    frames = frames + extra + bylines
    labels = label_frames(att, frames)
    if labels:
        spans = SpanIndex(f.content for f in labels)
        frames = [f for f in frames if not (f.pattern in ("unattributed", "continued") and (
            spans.covers(f.content[0]) or spans.starts_within(f.content[0], f.content[1])))] + labels
    frames = _drop_nested_thoughts(frames + partial_quotes(att, frames), None)
    direct = {f.content for f in frames if f.kind == "direct"}
    frames = [f for f in frames if not (f.kind == "partial" and f.content in direct)]  # one quotation, once
    frames.sort(key=lambda f: (f.content[0], -f.content[1]))
    return _dedupe(frames)


# ("after", "before", "since", "until" also lead a phrase before a main clause: "After a slow
# start, the bank's profits rose", so they count as prepositions)
# Records that show or find: their object is what they report ("the poll shows Clinton ahead").
_EVIDENCE_LEMMAS = frozenset({"show", "find", "reveal", "indicate", "suggest"})
_EVIDENCE_NOUNS = frozenset({"poll", "polls", "polling", "survey", "surveys", "data", "video", "videos", "analysis",
                             "study", "studies", "report", "reports", "figures", "records", "documents", "numbers",
                             "average", "averages", "footage", "research", "results", "statistics", "review",
                             "audit", "investigation", "tests", "emails", "evidence", "chart", "census", "count"})
_TITLE_SMALL_WORDS = frozenset({"the", "of", "and", "a", "an", "in", "on", "at", "for", "to", "with"})
# Adverbs that link a sentence to the one before: with their comma they are not reported words.
_LINKING_ADVERBS = frozenset({"however", "meanwhile", "still", "yet", "instead", "indeed", "moreover", "nevertheless",
                              "nonetheless", "otherwise", "ultimately", "finally", "now", "then", "similarly",
                              "likewise", "separately", "also", "again", "overall"})
_OPENING_SUBORDINATORS = frozenset({"when", "while", "if", "because", "although", "though", "once", "unless",
                                    "whereas", "whenever"})

# Verbs of thinking, wanting and intending: inside what someone else reports they are part of
# the reported words ("she said she plans to run"), not a new attribution.
_THOUGHT_LEMMAS = BELIEF_LEMMAS | {"plan", "intend"}


def _drop_nested_thoughts(frames: list[Frame], lemmas: frozenset[str] | None = _THOUGHT_LEMMAS) -> list[Frame]:
    """Drop frames whose cue is a verb of thought (with ``lemmas=None``: any verb) inside another
    frame's content; their quoted words stay, as partial quotations of their own speaker.  A noun
    cue stays: "denied the company's claim that ..." reports the company's words too."""
    # a frame set inside its own content ("Prices, she thinks, will fall") is not the outer one
    spans = SpanIndex(f.content for f in frames if f.kind not in ("partial", "direct") and not (
        f.cue is not None and f.content[0] <= f.cue.start and f.cue.end <= f.content[1]))
    return [f for f in frames if not (f.cue is not None and (lemmas is None or f.cue.lemma in lemmas or f.cue.frame == "np")
                                      and f.kind not in ("direct", "partial") and not f.pattern.startswith("noun")
                                      and spans.contains(f.cue.start, f.cue.end))]


def _dedupe(frames: list[Frame]) -> list[Frame]:
    seen: dict[tuple[int, int, str], Frame] = {}
    for f in frames:
        key = (f.content[0], f.content[1], "partial" if f.kind == "partial" else "x")
        if key not in seen or (seen[key].source is None and f.source is not None):
            seen[key] = f
    return list(seen.values())
