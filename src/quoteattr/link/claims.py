"""Claims and the tiered score of a pair of them.

A :class:`Claim` is one quotation as linking sees it (its analysed text, speaker entity, date,
outlet).  Claims that are one statement by construction form one :class:`Node` before any
scoring: verbatim repeats of a text long enough to be one statement whoever said it, a text
repeated within one article, and quotations nested in one another within one article (the
partial quote inside the indirect claim that carries it).  :func:`score_pair` then decides,
tier by tier, whether two nodes state the same thing:

1. **span**: one quotation lies inside the other in one article (within a node already, in batch
   linking);
2. **exact**: the same text after normalisation (case, punctuation, quote marks, escapes);
3. **partial**: the shorter text inside the longer (rapidfuzz ``partial_ratio``), or the same
   words in another order (``token_set_ratio``); also a quoted fragment of a mixed claim found
   in the other claim;
4. **paraphrase**: sentence-embedding cosine plus content-word overlap (indirect speech reporting
   a direct quote; two outlets' wordings), never across conflicting known speakers.

Vetoes (:func:`quoteattr.link.normalize.veto`) block any tier: a negation flip, different
numbers, a swapped named entity.  For a partial quote they read only the aligned window of the
longer text, so ``abandoning the pursuit of peace`` still links into ``We are not abandoning the
pursuit of peace``.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any, Mapping, Sequence

import attrs
from rapidfuzz import fuzz
from rapidfuzz.distance import LCSseq

from quoteattr.link.config import LinkConfig
from quoteattr.link.normalize import Analysis, analyse, fragments, veto
from quoteattr.link.packed import cosines as unit_cosines
from quoteattr.link.records import ClaimMember
from quoteattr.link.signals import Idf, LinkModel, affiliation_keys, best_units, default_model, role_keys
from quoteattr.link.units import split_units

_KIND_RANK = {"direct": 0, "mixed": 1, "indirect": 2, "partial": 3}
DATE_KEYS = ("date", "published", "published_at", "pubdate", "publication_date", "datetime", "time")
OUTLET_KEYS = ("outlet", "source", "publisher", "site", "domain", "media")


@attrs.frozen(slots=True)
class Unit:
    """One claim unit of a quotation (:mod:`quoteattr.link.units`): article offsets and analysis."""

    start: int
    end: int
    analysis: Analysis


@attrs.frozen(slots=True, eq=False)
class Claim:
    """One quotation prepared for linking."""

    doc_id: str
    index: int
    start: int
    end: int
    kind: str
    text: str
    entity: str | None
    known: bool
    speaker_name: str | None
    day: int | None
    date: str | None
    order: int
    outlet: str | None
    analysis: Analysis
    fragments: tuple[Analysis, ...]
    units: tuple[Unit, ...] = ()
    affiliations: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.index}"

    @property
    def sort_key(self) -> tuple:
        return (self.doc_id, self.start, self.end, self.index)

    def member(self) -> ClaimMember:
        return ClaimMember(self.doc_id, self.index, self.start, self.end, self.kind, self.text,
                           self.entity, self.speaker_name, self.date, self.outlet)


def claim_units(text: str, start: int, whole: Analysis, lang: str = "en",
                spans: Sequence[tuple[int, int]] | None = None) -> tuple[Unit, ...]:
    """The claim units of a quotation's ``text`` (at offset ``start``): ``spans`` (offsets in the
    article) or its statements, each analysed (``whole``, the text's analysis, for a single one)."""
    if spans is None:
        spans = [(start + a, start + b) for a, b in split_units(text, lang=lang)]
    return tuple(Unit(a, b, whole if len(spans) == 1 else analyse(text[a - start:b - start], lang)) for a, b in spans)


def units_of(claim: Claim) -> tuple[Unit, ...]:
    """A claim's units (one covering it when it was made without them)."""
    return claim.units or (Unit(claim.start, claim.end, claim.analysis),)


def make_claim(doc_id: str, index: int, quote: Any, *, entity: str | None, known: bool,
               order: int, metadata: Mapping[str, Any], lang: str = "en") -> Claim:
    """A :class:`Claim` from a :class:`~quoteattr.model.Quote` and its article's metadata."""
    date = article_date(metadata)
    frags = tuple(analyse(f, lang) for f in fragments(quote.text)) if quote.kind in ("indirect", "mixed") else ()
    sp = quote.speaker
    name = (sp.name or sp.mention) if sp else None
    whole = analyse(quote.text, lang)
    units = claim_units(quote.text, quote.start, whole, lang)
    affiliations = affiliation_keys(sp.name, sp.role, sp.type, lang) if sp else frozenset()
    return Claim(doc_id, index, quote.start, quote.end, quote.kind, quote.text, entity, known, name,
                 date.toordinal() if date else None, date.isoformat() if date else None, order,
                 article_outlet(metadata), whole, frags, units, affiliations, role_keys(sp.role if sp else None))


def article_date(metadata: Mapping[str, Any]) -> _dt.date | None:
    """The publication date in an article's metadata (ISO ``YYYY-MM-DD`` prefix), if any."""
    for k in DATE_KEYS:
        v = metadata.get(k)
        if isinstance(v, _dt.datetime):
            return v.date()
        if isinstance(v, _dt.date):
            return v
        if isinstance(v, str):
            m = re.match(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})", v)
            if m:
                try:
                    return _dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
                except ValueError:
                    continue
    return None


def article_outlet(metadata: Mapping[str, Any]) -> str | None:
    """The outlet named in an article's metadata (or the host of its ``url``)."""
    for k in OUTLET_KEYS:
        v = metadata.get(k)
        if isinstance(v, str) and v.strip():
            return v.strip()
    url = metadata.get("url")
    if isinstance(url, str):
        m = re.match(r"[a-z]+://(?:www\.)?([^/:]+)", url.strip(), flags=re.IGNORECASE)
        if m:
            return m.group(1).lower()
    return None


def _nested(inner: Claim, outer: Claim) -> bool:
    return inner is not outer and inner.doc_id == outer.doc_id and outer.start <= inner.start \
        and inner.end <= outer.end and (inner.start, inner.end) != (outer.start, outer.end)


@attrs.define(eq=False)
class Node:
    """Claims that are one statement before any scoring: verbatim repeats of a long text, a
    text repeated in one article (a headline and its copy), and quotations nested in one another
    in one article (the partial quote inside the indirect claim that carries it).

    ``size`` counts the node's top-level claims (nested ones are part of their container), so a
    claim found twice by the extractor, once inside itself, weighs as one.
    """

    claims: list[Claim]
    entities: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    unknown: bool = False
    top: tuple[Claim, ...] = ()
    analyses: tuple[Analysis, ...] = attrs.field(init=False)  # distinct texts, the representative's first
    vectors: object = None  # unit vectors of the representative (numpy rows), set by embedding

    def __attrs_post_init__(self) -> None:
        seen = {self.rep.analysis.norm: self.rep.analysis}
        for c in self.claims:
            seen.setdefault(c.analysis.norm, c.analysis)
        self.analyses = tuple(seen.values())

    @property
    def rep(self) -> Claim:
        return self.top[0] if self.top else self.claims[0]

    @property
    def analysis(self) -> Analysis:
        return self.rep.analysis

    @property
    def units(self) -> tuple[Unit, ...]:
        """The claim units of the representative (one for a quotation of one statement)."""
        return units_of(self.rep)

    @property
    def affiliations(self) -> frozenset[str]:
        return frozenset().union(*(c.affiliations for c in self.claims))

    @property
    def roles(self) -> frozenset[str]:
        return frozenset().union(*(c.roles for c in self.claims))

    @property
    def size(self) -> int:
        return max(1, len(self.top))

    @property
    def day(self) -> int | None:
        days = [c.day for c in self.claims if c.day is not None]
        return min(days) if days else None

    @property
    def docs(self) -> frozenset[str]:
        return frozenset(c.doc_id for c in self.claims)

    @property
    def fragments(self) -> tuple[Analysis, ...]:
        if len(self.claims) == 1 and not self.claims[0].fragments:
            return ()  # most nodes: one quotation, no quoted fragment (read for every pair scored)
        seen: dict[str, Analysis] = {}
        for c in self.claims:
            for f in c.fragments:
                seen.setdefault(f.norm, f)
        return tuple(seen.values())

    @classmethod
    def of(cls, claims: list[Claim], shared: dict | None = None) -> "Node":
        claims = sorted(claims, key=lambda c: c.sort_key)
        top = tuple(c for c in claims if not any(_nested(c, o) for o in claims))
        sets = shared if shared is not None else {}  # one object per distinct set of entities
        entities = frozenset(c.entity for c in claims if c.entity)
        known = frozenset(c.entity for c in claims if c.entity and c.known)
        return cls(claims, sets.setdefault(entities, entities), sets.setdefault(known, known),
                   any(not (c.entity and c.known) for c in claims), top)


def build_nodes(claims: list[Claim], config: LinkConfig) -> list[Node]:
    """Group claims that are one statement by construction (see :class:`Node`), sorted by their
    first claim's key: input order plays no part, so the clusters do not depend on it."""
    parent = list(range(len(claims)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(i: int, j: int) -> None:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)

    by_norm: dict[str, list[int]] = {}
    by_doc: dict[str, list[int]] = {}
    for i, c in enumerate(claims):
        if c.analysis.norm:
            by_norm.setdefault(c.analysis.norm, []).append(i)
        by_doc.setdefault(c.doc_id, []).append(i)
    for ids in by_norm.values():
        long_text = claims[ids[0]].analysis.n_content >= config.min_content_conflict
        first_in_doc: dict[str, int] = {}
        for i in ids:
            if long_text:
                union(ids[0], i)  # a long verbatim repeat is one statement whoever is credited
            else:
                union(first_in_doc.setdefault(claims[i].doc_id, i), i)
    for ids in by_doc.values():
        for i in ids:
            for j in ids:
                if _nested(claims[j], claims[i]):
                    union(i, j)
    groups: dict[int, list[Claim]] = {}
    for i, c in enumerate(claims):
        groups.setdefault(find(i), []).append(c)
    shared: dict[frozenset, frozenset] = {}  # a million nodes name a few thousand sets of speakers
    nodes = [Node.of(g, shared) for g in groups.values()]
    nodes.sort(key=lambda n: n.claims[0].sort_key)
    return nodes


def relation(a: Node, b: Node) -> str:
    """``same`` speaker, ``conflict`` (both known, different) or ``unknown``."""
    if a.entities & b.entities:
        return "same"
    if a.known and b.known and not a.unknown and not b.unknown:
        return "conflict"
    return "unknown"


@attrs.frozen
class PairScore:
    """The outcome for one pair: a link (type and score) or a veto (its reason)."""

    type: str | None
    score: float
    via: str | None = None
    veto: str | None = None
    units: tuple[int, int] | None = None  # the units of the two nodes that link (paraphrase tier)

    @property
    def linked(self) -> bool:
        return self.type is not None


NO_LINK = PairScore(None, 0.0)


def _span_inside(a: Node, b: Node) -> bool:
    if len(a.claims) == 1 and len(b.claims) == 1:  # most nodes: one quotation each
        x, y = a.claims[0], b.claims[0]
        return _nested(x, y) or _nested(y, x)
    return any(_nested(x, y) or _nested(y, x) for x in a.claims for y in b.claims)


def _contained(short: Analysis, long: Analysis, config: LinkConfig) -> tuple[float, str | None]:
    """Partial-ratio score of ``short`` inside ``long`` and the veto read on the aligned window."""
    if not short.norm or not long.norm or len(short.norm) > len(long.norm):
        return 0.0, None
    # A window of ``long`` shares at most k = LCS(short, long) characters with ``short`` and then
    # scores at most 2k / (len(short) + k): an exact bound, fifty times cheaper than the window
    # search, that rules out most candidate pairs (texts that share a phrase, not the statement).
    k = LCSseq.similarity(short.norm, long.norm)
    if 200 * k < (config.partial_min * 100 - 1e-6) * (len(short.norm) + k):
        return 0.0, None
    al = fuzz.partial_ratio_alignment(short.norm, long.norm, score_cutoff=config.partial_min * 100)
    if al is None:
        return 0.0, None
    return al.score / 100.0, veto(short, long, None, _window(short, long, al.dest_start, al.dest_end))


def _window(short: Analysis, long: Analysis, start: int, end: int) -> tuple[int, int]:
    """The tokens of ``long`` the short text stands for: from the first to the last token that
    aligns with it near the rapidfuzz window, so ``we will attend`` covers the ``not`` of ``we
    will not attend`` while ``abandoning the pursuit of peace`` leaves out the ``not`` before it."""
    from difflib import SequenceMatcher

    lo, hi = long.token_range(start, end)
    n = len(short.tokens)
    a0, b0 = max(0, lo - n), min(len(long.tokens), hi + n)
    blocks = [b for b in SequenceMatcher(None, short.stems, long.stems[a0:b0], autojunk=False).get_matching_blocks()
              if b.size]
    if blocks:
        lo, hi = a0 + blocks[0].b, a0 + blocks[-1].b + blocks[-1].size
    return lo, hi


def _lexical(xa: Analysis, xb: Analysis, need: int, config: LinkConfig) -> PairScore:
    """The exact and partial tiers for two texts."""
    if xa.norm and xa.norm == xb.norm:
        return PairScore("exact", 1.0) if xa.n_content >= need else NO_LINK
    vetoed = None
    short, long = (xa, xb) if len(xa.norm) <= len(xb.norm) else (xb, xa)
    if short.n_content >= need:
        score, why = _contained(short, long, config)
        if score >= config.partial_min:
            if why is None:
                return PairScore("partial", score, "contained")
            vetoed = why
        ts = fuzz.token_set_ratio(xa.norm, xb.norm) / 100.0
        if ts >= config.partial_min:
            why = veto(xa, xb)
            if why is None:
                return PairScore("partial", ts, "token_set")
            vetoed = vetoed or why
    return PairScore(None, 0.0, veto=vetoed)


def _may_overlap(a: Node, b: Node) -> bool:
    """Whether any text (or quoted fragment) of one node shares at least half of its content
    words with a text of the other: a cheap bound below which no verbatim tier can pass."""
    xs = [x.keywords for x in a.analyses] + [f.keywords for f in a.fragments]
    ys = [y.keywords for y in b.analyses] + [f.keywords for f in b.fragments]
    for x in xs:
        for y in ys:
            if x and y and 2 * len(x & y) >= min(len(x), len(y)):
                return True
    return False


@attrs.frozen
class Context:
    """What the paraphrase tier reads besides the two nodes: document frequencies and weights."""

    idf: Idf
    model: LinkModel = attrs.field(factory=default_model)


def score_pair(a: Node, b: Node, config: LinkConfig, cosine: float | None = None,
               context: Context | None = None) -> PairScore:
    """Whether two nodes state the same claim: the first tier that links any of their texts,
    else a veto when one would have linked but for it, else no link.  ``cosine`` is the best
    cosine of their units when the caller knows it (from the vector search); with unit vectors
    on both nodes it is computed here when needed."""
    rel = relation(a, b)
    need = config.min_content(rel)
    if _span_inside(a, b):
        return PairScore("partial", 1.0, "span")
    lexical = _may_overlap(a, b)
    with_vectors = a.vectors is not None and b.vectors is not None
    unit_cos = None  # the cosines of every pair of their units, computed once when needed
    if not lexical:
        if cosine is None and with_vectors:
            unit_cos = unit_cosines(a.vectors, b.vectors)
            cosine = float(unit_cos.max())
        if cosine is None or cosine < config.prefilter_cosine:
            return NO_LINK  # too few shared words for a verbatim tier, too far apart for a paraphrase
    vetoed: str | None = None
    best: PairScore | None = None
    for xa in (a.analyses if lexical else ()):
        for xb in b.analyses:
            s = _lexical(xa, xb, need, config)
            if s.linked and (best is None or s.score > best.score):
                best = s
            vetoed = vetoed or s.veto
    if best is not None:
        return best
    for frags, others in (((a.fragments, b.analyses), (b.fragments, a.analyses)) if lexical else ()):
        for f in frags:
            if f.n_content < need:
                continue
            for other in others:
                score, why = _contained(f, other, config)
                if score >= config.partial_min:
                    if why is None:
                        return PairScore("partial", score, "fragment")
                    vetoed = vetoed or why
    cosines = None
    if with_vectors:
        cosines = unit_cos if unit_cos is not None else unit_cosines(a.vectors, b.vectors)
    elif cosine is not None:  # one cosine for the two nodes (callers without unit vectors)
        cosines = [[cosine] * len(b.units) for _ in a.units]
    if cosines is not None:
        model = context.model if context else default_model()
        p, x, y, f = best_units(a, b, context.idf if context else Idf(), model, cosines)
        ua, ub = a.units[x].analysis, b.units[y].analysis
        # two known speakers who are neither one entity, nor one speaking for the other, nor in one
        # role state two claims, however alike their words (Putin and Lavrov on the same talks)
        apart = f.get("other_speaker") and not f.get("same_role")
        # a text too short to be a statement on its own links only as the phrase the other quotes
        # (a headline's ``Darkest day`` and a report of the "darkest day" in quote marks)
        long_enough = min(ua.n_content, ub.n_content) >= config.paraphrase_min_content or f.get("quoted", 0.0) >= 1.0
        if p >= model.link_min and not apart and long_enough:
            why = veto(ua, ub)
            if why is None:
                return PairScore("paraphrase", round(p, 4), "units" if len(a.units) + len(b.units) > 2 else "embedding",
                                 units=(x, y))
            vetoed = vetoed or why
    if vetoed:
        return PairScore(None, 0.0, veto=vetoed)
    return NO_LINK


def kind_rank(kind: str) -> int:
    return _KIND_RANK.get(kind, 9)
