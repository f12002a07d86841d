"""Syntax-aware frames, used when the engine provides dependencies (the stanza engine).

The dependency parse says who the subject of a cue is and where its reported clause lies:

- the speaker is the cue's ``nsubj`` (never a passive subject), found through coordination
  (``met Lavrov and said`` -> the first verb's subject), relative clauses (``Putin, who said``
  -> the antecedent), control (``continued to insist``) and participial adjuncts
  (``..., saying`` -> the main clause's subject);
- the content is the cue's clausal complement (``ccomp``, without a leading ``that``), its
  ``of``-complement for ``obj_of`` cues (``accused Washington of backtracking``), its ``xcomp``
  for ``obj_to`` cues (``urged X to ...``), or, when the cue hangs off the quotation (``"Q," X
  said``: ``said`` is a ``parataxis`` of the quotation's verb), the clause the cue attaches to;
- the object of ``tell`` (``told Reuters``) is the addressee, never the speaker;
- the source phrase is the subject's subtree without relative clauses, appositions or clauses
  (titles in ``compound``/``flat`` stay in it, where :func:`~quoteattr.extract.roles.read_mention`
  reads them as the role); an apposition gives the role (``The Observatory, a monitoring
  group,``) or the name (``The deputy US envoy to the United Nations, Michele Sison,``);
  named-entity types, when the engine has them, say whether a speaker is a person or an
  organisation (PERSON vs ORG/NORP/GPE).

Parsers make mistakes, small ones many, so the surface reading (what the rules engine finds for
the same cue, on the same tokens without tags) stays the default and the evidence.  The parse
*confirms or corrects* it: it drops a cue that tagger and parser both read as a noun (``the
claims``), fills in a source the surface patterns could not find, replaces a source that is the
cue's addressee or is no speaker at all (``steadfastly``, ``Friday``), and supplies a frame only
when the surface patterns find none and the parse is plain (a subject before a reporting verb,
a clausal content of three words or more that does not open like an adverbial clause, does not
hold the cue and does not cut a quotation in two).
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from quoteattr.extract.content import TELL_LEMMAS, clause_end, word_count
from quoteattr.extract.roles import Mention
from quoteattr.nlp.base import DEPS, ENTITIES, LEMMAS, POS, AnnotatedDoc, EntityMention, Token

if TYPE_CHECKING:  # pragma: no cover
    from quoteattr.extract.attribution import Attributor, Frame
    from quoteattr.extract.cues import CueMatch

PASSIVE = frozenset({"nsubj:pass", "csubj:pass", "aux:pass", "expl:pass"})
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
# dependents that are not part of a source noun phrase (bare labels cover their subtypes)
NP_EXCLUDE = frozenset({"acl", "appos", "parataxis", "advcl", "ccomp", "conj", "cc", "dep", "punct", "list",
                        "dislocated", "orphan", "reparandum", "vocative", "discourse"})
NER_TYPES = {"PERSON": "person", "PER": "person", "ORG": "organization", "NORP": "organization",
             "GPE": "organization"}
SPEAKER_TYPES = frozenset({"person", "organization", "anonymous", "pronoun", "group"})
# Cues that report speech or a stated position: only these may be framed by the parse alone.
SPEECH_LEMMAS = frozenset({
    "say", "tell", "add", "state", "announce", "report", "insist", "claim", "warn", "argue", "note",
    "explain", "declare", "ask", "reply", "respond", "confirm", "deny", "acknowledge", "suggest",
    "contend", "assert", "maintain", "predict", "testify", "stress", "emphasize", "emphasise", "admit",
    "concede", "recall", "complain", "promise", "vow", "estimate", "conclude", "caution", "allege",
    "agree", "disclose", "reveal", "indicate", "observe", "remark", "comment", "tweet", "write", "post",
    "charge", "counter", "retort", "affirm", "reiterate", "propose", "believe", "think", "show", "find",
    "forecast", "project", "urge", "demand",
})
# words that open an adverbial or relative clause, not a reported one
CLAUSE_OPENERS = frozenset({"as", "since", "because", "while", "when", "whenever", "who", "which", "whom",
                            "after", "before", "until", "although", "though", "where", "once", "unless"})
_PUNCT = frozenset(",;:—–-\"“”‘’'«»()[]")


# -- the parse ----------------------------------------------------------------------------------
@attrs.frozen
class Parse:
    """The dependency layer of one document, indexed for walking down the tree."""

    toks: tuple[Token, ...]
    children: tuple[tuple[int, ...], ...]
    ends: tuple[int, ...]  # each token's end offset, for finding tokens by offset

    @classmethod
    def of(cls, doc: AnnotatedDoc) -> Parse:
        kids: list[list[int]] = [[] for _ in doc.tokens]
        for i, t in enumerate(doc.tokens):
            if t.head is not None and 0 <= t.head < len(kids) and t.head != i:
                kids[t.head].append(i)
        return cls(tuple(doc.tokens), tuple(tuple(k) for k in kids), tuple(t.end for t in doc.tokens))

    def kids(self, i: int, *rels: str) -> list[int]:
        """Children of ``i`` whose relation (with or without subtype) is one of ``rels``;
        passive subtypes are never matched by a bare label."""
        out = []
        for c in self.children[i]:
            d = self.toks[c].deprel or ""
            if d in rels or d.split(":")[0] in rels and d not in PASSIVE:
                out.append(c)
        return out

    def subtree(self, i: int, exclude: frozenset[str] = frozenset()) -> set[int]:
        """``i`` and its descendants, not descending into relations in ``exclude`` (full labels
        such as ``acl:relcl`` or bare ones such as ``acl``, which cover their subtypes)."""
        out = {i}
        stack = [i]
        while stack:
            j = stack.pop()
            for c in self.children[j]:
                d = self.toks[c].deprel or ""
                if c in out or d in exclude or d.split(":")[0] in exclude:
                    continue
                out.add(c)
                stack.append(c)
        return out


def surface_view(doc: AnnotatedDoc) -> AnnotatedDoc:
    """``doc`` as the surface patterns should see it: the same tokens, sentences, quotation
    marks, entities and coreference, without lemmas, tags or parse, so that they behave exactly
    as on the rules engine's output whatever the tagger's quality."""
    if not (doc.provides & {LEMMAS, POS, DEPS}):
        return doc
    toks = tuple(t._replace(lemma=None, upos=None, head=None, deprel=None) for t in doc.tokens)
    return attrs.evolve(doc, tokens=toks, provides=doc.provides - {LEMMAS, POS, DEPS})


def _parsed_doc(att: Attributor) -> AnnotatedDoc:
    """The tagged and parsed document: ``att.parsed`` when the attributor works on the surface
    view, else its own document."""
    return getattr(att, "parsed", None) or att.doc


def parse_of(att: Attributor) -> Parse:
    """The document's :class:`Parse`, built once per attributor."""
    p = att.__dict__.get("_syntax_parse")
    if p is None:
        p = Parse.of(_parsed_doc(att))
        att.__dict__["_syntax_parse"] = p
    return p


def _plain(att: Attributor) -> Attributor:
    """An attributor on the surface view of the document (no syntax), built once."""
    plain = att.__dict__.get("_syntax_plain")
    if plain is None:
        from quoteattr.extract.attribution import Attributor

        plain = Attributor(surface_view(att.doc), att.vocab)
        plain.use_syntax = False
        att.__dict__["_syntax_plain"] = plain
    return plain


def _contiguous(span: set[int], anchor: int) -> tuple[int, int]:
    """The run of consecutive indices in ``span`` around ``anchor`` (first, last exclusive)."""
    a = b = anchor
    while a - 1 in span:
        a -= 1
    while b + 1 in span:
        b += 1
    return a, b + 1


def _strip(toks: Sequence[Token], a: int, b: int) -> tuple[int, int]:
    while a < b and toks[a].text in _PUNCT:
        a += 1
    while b > a and toks[b - 1].text in _PUNCT:
        b -= 1
    return a, b


# -- subjects and sources -------------------------------------------------------------------------
def is_passive(p: Parse, v: int) -> bool:
    return any((p.toks[c].deprel or "") in PASSIVE for c in p.children[v])


def subject(p: Parse, v: int, *, participle: bool = False, _depth: int = 0) -> int | None:
    """Token index of the (active) subject of the verb ``v``, or None.

    A relative pronoun subject stands for its antecedent; a verb without a subject of its own
    takes the subject of the verb it is coordinated with, of the verb that controls it
    (``xcomp``), or, for a participle (``..., saying``), of the clause it modifies.  Of several
    subjects (a parser splitting ``Sen. David Perdue``), the one nearest before the verb."""
    if _depth > 4 or is_passive(p, v):
        return None
    toks = p.toks
    subjects = [c for c in p.children[v] if toks[c].deprel == "nsubj"]
    if subjects:
        before = [c for c in subjects if c < v]
        c = before[-1] if before else subjects[0]
        if toks[c].text.lower() in RELATIVE_PRONOUNS and (toks[v].deprel or "").startswith("acl") \
                and toks[v].head is not None:
            return toks[v].head
        return c
    rel = toks[v].deprel or ""
    h = toks[v].head
    if h is None or h == v:
        return None
    if rel == "conj" and toks[h].upos in ("VERB", "AUX"):
        return subject(p, h, participle=participle, _depth=_depth + 1)
    if rel == "xcomp":
        return subject(p, h, participle=participle, _depth=_depth + 1)
    if rel == "advcl" and participle and toks[v].text.lower().endswith("ing"):
        return subject(p, h, _depth=_depth + 1)
    return None


def addressees(p: Parse, v: int, lemma: str) -> set[int]:
    """Tokens of the listener of a ``tell``-type cue (``told Reuters``): never the speaker."""
    if lemma not in TELL_LEMMAS:
        return set()
    out: set[int] = set()
    for c in p.kids(v, "obj", "iobj"):
        out |= p.subtree(c)
    return out


def source_span(p: Parse, h: int) -> tuple[tuple[int, int], tuple[int, int] | None]:
    """The source phrase headed by ``h`` (token range) without relative clauses, appositions and
    clauses, and the apposition's range if there is one.  Sibling subjects right before ``h``
    (``Sen.`` ``David`` ``Perdue`` each attached to the verb) join the phrase."""
    toks = p.toks
    span = p.subtree(h, NP_EXCLUDE)
    v = toks[h].head
    if toks[h].deprel == "nsubj" and v is not None:
        for c in p.children[v]:
            if c != h and toks[c].deprel == "nsubj" and c < h:
                span |= p.subtree(c, NP_EXCLUDE)
    a, b = _strip(toks, *_contiguous(span, h))
    appos = None
    for c in p.kids(h, "appos"):
        sub = p.subtree(c, frozenset({"punct", "acl", "parataxis", "ccomp", "advcl"}))
        x, y = _strip(toks, *_contiguous(sub, c))
        if y > x:
            appos = (x, y)
            break
    return (a, b), appos


def _typed(att: Attributor, m: Mention | None) -> Mention | None:
    """Correct a mention's type from the named-entity layer (PERSON vs ORG/NORP/GPE)."""
    doc = _parsed_doc(att)
    if m is None or ENTITIES not in doc.provides or m.type not in ("person", "organization", "group"):
        return m
    a, b = m.name_span or (m.start, m.end)
    e = _entity_over(att, doc, a, b)
    if e is not None:
        t = NER_TYPES.get(e.type)
        if t is not None and t != m.type:
            return attrs.evolve(m, type=t, gender=m.gender if t == "person" else "n")
    return m


def _entity_over(att: Attributor, doc: AnnotatedDoc, a: int, b: int) -> EntityMention | None:
    """The first entity (in document order) that holds ``a..b`` or lies inside it covering more
    than half of it.  Entities come in text order, so two bisections narrow the search: the first
    that ends at ``b`` or later among those starting by ``a``, and those starting within."""
    index = att.__dict__.get("_syntax_entities")
    if index is None:
        starts = [e.start for e in doc.entities]
        reach, top = [], -1  # reach[i]: the largest end among the first i + 1 entities
        for e in doc.entities:
            top = max(top, e.end)
            reach.append(top)
        index = (starts, reach, all(x <= y for x, y in zip(starts, starts[1:])))
        att.__dict__["_syntax_entities"] = index
    starts, reach, in_order = index
    ents = doc.entities

    def holds(e: EntityMention) -> bool:
        return e.start <= a and b <= e.end or a <= e.start and e.end <= b and (e.end - e.start) * 2 > b - a

    if not in_order:
        return next((e for e in ents if holds(e)), None)
    first = bisect.bisect_left(reach, b)  # the first entity that ends at b or later...
    if first >= bisect.bisect_right(starts, a) or not holds(ents[first]):
        first = len(ents)  # ...counts if it starts by a
    for i in range(bisect.bisect_left(starts, a), min(first, bisect.bisect_right(starts, b))):
        if holds(ents[i]):
            return ents[i]
    return ents[first] if first < len(ents) else None


def syntactic_source(att: Attributor, cue: CueMatch) -> tuple[Mention, str | None, int] | None:
    """The cue's subject as a mention, the role an apposition gives it, and the subject's head
    token; None unless the subject is a noun phrase that reads as a speaker."""
    p = parse_of(att)
    toks = p.toks
    v = cue.first
    s = subject(p, v, participle=cue.participle)
    if s is None or toks[s].upos not in ("PROPN", "NOUN", "PRON") or toks[s].text.lower() in RELATIVE_PRONOUNS:
        return None
    (a, b), appos = source_span(p, s)
    if b <= a or b - a > 15 or a <= v < b:
        return None
    m = att.mention(a, b)
    role = None
    if appos is not None:
        x, y = appos
        am = att.mention(x, y)
        if am is not None and m is not None and am.type == "person" and am.name and not m.name:
            role = att.text[toks[a].start:toks[b - 1].end]  # "The deputy US envoy ..., Michele Sison,"
            m = am
        elif m is not None and m.name and not (am is not None and am.type == "person" and am.name):
            role = att.text[toks[x].start:toks[y - 1].end]  # "The Observatory, a monitoring group,"
    if m is None or m.type not in SPEAKER_TYPES:
        return None
    return _typed(att, m), role, s


def _overlaps(m: Mention, toks: Sequence[Token], ids: set[int]) -> bool:
    return any(m.start < toks[i].end and toks[i].start < m.end for i in ids)


def _nominal(p: Parse, v: int) -> bool:
    """Tagger and parser agree the cue word is a noun with a determiner or modifier (``the
    claims``, ``his warning``), not a verb."""
    t = p.toks[v]
    if t.upos not in ("NOUN", "PROPN"):
        return False
    if (t.deprel or "").split(":")[0] not in ("nsubj", "obj", "iobj", "obl", "nmod", "compound", "appos", "conj"):
        return False
    return any((p.toks[c].deprel or "").startswith(("det", "amod", "nmod:poss", "case")) for c in p.children[v])


def _not_a_speaker(att: Attributor, m: Mention) -> bool:
    """A surface source that cannot be a speaker: only time words (``Friday``), or lower-case
    and with no noun or pronoun by the tagger (``steadfastly``, ``n't``)."""
    p = parse_of(att)
    toks = p.toks
    first = bisect.bisect_right(p.ends, m.start)
    words = [t for t in toks[first:first + 20] if t.start < m.end and any(c.isalnum() for c in t.text)]
    if not words:
        return True
    if all(t.text.lower() in att.vocab.time for t in words):
        return True
    return m.text[:1].islower() and not any(t.upos in ("NOUN", "PROPN", "PRON", "NUM", "X") for t in words)


# -- contents -----------------------------------------------------------------------------------
def content_span(p: Parse, v: int, cue: CueMatch) -> tuple[int, int] | None:
    """Token range of the cue's reported content by the parse, or None when it shows none."""
    toks = p.toks
    if cue.frame == "obj_of":
        cands = [c for c in p.kids(v, "advcl", "obl", "acl", "nmod")
                 if any(toks[m].text.lower() == "of" and m < c for m in p.kids(c, "mark", "case"))]
    elif cue.frame == "obj_to":
        cands = p.kids(v, "xcomp")
    else:
        cands = p.kids(v, "ccomp")
    for c in cands:
        a, b = _contiguous(p.subtree(c), c)
        # no leading "that" / "of" / "to", no edge punctuation
        while a < b and (toks[a].text.lower() in ("that", "of", "to") and (toks[a].deprel or "") in ("mark", "case")
                         or toks[a].text in _PUNCT):
            a += 1
        a, b = _strip(toks, a, b)
        while b > a and toks[b - 1].text in ".!?":
            b -= 1
        if b > a and not (a <= v < b):
            return a, b
    # '"Q," X said': the cue is a parataxis of the quotation's verb
    h = toks[v].head
    if cue.frame == "clause" and (toks[v].deprel or "").startswith("parataxis") and h is not None and h < v:
        a, b = _contiguous(p.subtree(h) - p.subtree(v), h)
        a, b = _strip(toks, a, min(b, cue.first))
        if b > a:
            return a, b
    return None


def _splits_quote(att: Attributor, start: int, end: int) -> bool:
    """Does the character range cut through a quotation in marks?"""
    outer = att.outer_spans()
    return outer.strictly_inside(start) or outer.strictly_inside(end)


# -- frames -------------------------------------------------------------------------------------
def syntax_frame(att: Attributor, cue: CueMatch, si: int, earlier: list[Frame]) -> Frame | None:
    """The frame of ``cue``: the surface reading, checked and completed by the parse (see the
    module docstring), or None when there is none."""
    from quoteattr.extract.attribution import Frame

    plain = _plain(att)
    surf = plain.frame_for(cue, si, earlier)
    p = parse_of(att)
    toks = p.toks
    v = cue.first
    if v >= len(toks) or toks[v].deprel is None:  # no parse here: the surface reading stands
        return surf
    if _nominal(p, v):
        return None
    src = syntactic_source(att, cue)
    if surf is not None:
        if surf.inherits_from is not None:
            return surf
        told = addressees(p, v, cue.lemma)
        wrong = surf.source is None or bool(told) and _overlaps(surf.source, toks, told) or \
            _not_a_speaker(att, surf.source)
        if src is not None and wrong and not _overlaps(src[0], toks, told):
            m, role, _ = src
            return attrs.evolve(surf, source=m, appositive_role=role or surf.appositive_role,
                                pattern=surf.pattern + ">syntax")
        if surf.source is not None:
            typed = _typed(att, surf.source)
            if typed is not surf.source:
                return attrs.evolve(surf, source=typed)
        return surf
    # nothing on the surface: a frame from the parse alone, when it is a plain one
    if src is None or cue.lemma not in SPEECH_LEMMAS or cue.participle:
        return None
    m, role, s = src
    span = content_span(p, v, cue)
    if span is None or not s < v:
        return None
    a, b = span
    if a > v:  # the parse says where the clause starts; the surface rules where it ends
        b = max(b, clause_end(plain.toks, a, att.doc.sentences[si].last, att.vocab, cue.frame))
    if a <= v < b or word_count(toks, a, b) < 3 or toks[a].text.lower() in CLAUSE_OPENERS:
        return None
    if m.start < toks[b - 1].end and toks[a].start < m.end:
        return None
    content = (toks[a].start, toks[b - 1].end)
    if _splits_quote(att, *content):
        return None
    return Frame(content, "indirect", cue, m, "syntax", si, role)
