"""Claims and the tiered score of a pair of them.

A :class:`Claim` is one quotation as linking sees it (its analysed text, speaker entity, date,
outlet).  Claims with the same normalised text form one :class:`Node` when that text is long
enough to be one statement whoever said it (shorter ones only with the same speaker, or in the
same article), so verbatim repeats are compared once.  :func:`score_pair` then decides, tier by
tier, whether two nodes state the same thing:

1. **span**: in one article, one quotation lies inside the other (the partial quote inside the
   indirect claim that carries it);
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
from typing import Any, Mapping

import attrs
from rapidfuzz import fuzz

from quoteattr.link.config import LinkConfig
from quoteattr.link.normalize import Analysis, analyse, content_overlap, fragments, veto
from quoteattr.link.records import ClaimMember

_KIND_RANK = {"direct": 0, "mixed": 1, "indirect": 2, "partial": 3}
DATE_KEYS = ("date", "published", "published_at", "pubdate", "publication_date", "datetime", "time")
OUTLET_KEYS = ("outlet", "source", "publisher", "site", "domain", "media")


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

    @property
    def key(self) -> str:
        return f"{self.doc_id}#{self.index}"

    @property
    def sort_key(self) -> tuple:
        return (self.doc_id, self.start, self.end, self.index)

    def member(self) -> ClaimMember:
        return ClaimMember(self.doc_id, self.index, self.start, self.end, self.kind, self.text,
                           self.entity, self.speaker_name, self.date, self.outlet)


def make_claim(doc_id: str, index: int, quote: Any, *, entity: str | None, known: bool,
               order: int, metadata: Mapping[str, Any], lang: str = "en") -> Claim:
    """A :class:`Claim` from a :class:`~quoteattr.model.Quote` and its article's metadata."""
    date = article_date(metadata)
    frags = tuple(analyse(f, lang) for f in fragments(quote.text)) if quote.kind in ("indirect", "mixed") else ()
    name = quote.speaker.name if quote.speaker else None
    return Claim(doc_id, index, quote.start, quote.end, quote.kind, quote.text, entity, known, name,
                 date.toordinal() if date else None, date.isoformat() if date else None, order,
                 article_outlet(metadata), analyse(quote.text, lang), frags)


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


@attrs.define(eq=False)
class Node:
    """Claims sharing one normalised text (and, for short texts, one speaker or article)."""

    claims: list[Claim]
    entities: frozenset[str] = frozenset()
    known: frozenset[str] = frozenset()
    unknown: bool = False

    @property
    def rep(self) -> Claim:
        return self.claims[0]

    @property
    def analysis(self) -> Analysis:
        return self.claims[0].analysis

    @property
    def size(self) -> int:
        return len(self.claims)

    @property
    def day(self) -> int | None:
        days = [c.day for c in self.claims if c.day is not None]
        return min(days) if days else None

    @property
    def docs(self) -> frozenset[str]:
        return frozenset(c.doc_id for c in self.claims)

    @property
    def fragments(self) -> tuple[Analysis, ...]:
        seen: dict[str, Analysis] = {}
        for c in self.claims:
            for f in c.fragments:
                seen.setdefault(f.norm, f)
        return tuple(seen.values())

    @classmethod
    def of(cls, claims: list[Claim]) -> "Node":
        claims = sorted(claims, key=lambda c: c.sort_key)
        return cls(claims, frozenset(c.entity for c in claims if c.entity),
                   frozenset(c.entity for c in claims if c.entity and c.known),
                   any(not (c.entity and c.known) for c in claims))


def build_nodes(claims: list[Claim], config: LinkConfig) -> list[Node]:
    """Group verbatim repeats into nodes, sorted by their first claim's key (input order plays no
    part, so the clusters do not depend on it)."""
    by_norm: dict[str, list[Claim]] = {}
    for c in claims:
        by_norm.setdefault(c.analysis.norm, []).append(c)
    nodes = []
    for norm, group in by_norm.items():
        if not norm:
            nodes.extend(Node.of([c]) for c in group)
            continue
        if group[0].analysis.n_content >= config.min_content_conflict:
            nodes.append(Node.of(group))
            continue
        sub: dict[tuple, list[Claim]] = {}
        for c in group:
            sub.setdefault(("e", c.entity) if c.entity else ("d", c.doc_id), []).append(c)
        nodes.extend(Node.of(g) for g in sub.values())
    nodes.sort(key=lambda n: n.rep.sort_key)
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

    @property
    def linked(self) -> bool:
        return self.type is not None


NO_LINK = PairScore(None, 0.0)


def _span_inside(a: Node, b: Node) -> bool:
    for x in a.claims:
        for y in b.claims:
            if x.doc_id == y.doc_id and x is not y and (
                    (x.start <= y.start and y.end <= x.end) or (y.start <= x.start and x.end <= y.end)):
                return True
    return False


def _contained(short: Analysis, long: Analysis, config: LinkConfig) -> tuple[float, str | None]:
    """Partial-ratio score of ``short`` inside ``long`` and the veto read on the aligned window."""
    if not short.norm or not long.norm or len(short.norm) > len(long.norm):
        return 0.0, None
    al = fuzz.partial_ratio_alignment(short.norm, long.norm, score_cutoff=config.partial_min * 100)
    if al is None:
        return 0.0, None
    window = long.token_range(al.dest_start, al.dest_end)
    return al.score / 100.0, veto(short, long, None, window)


def score_pair(a: Node, b: Node, config: LinkConfig, cosine: float | None = None) -> PairScore:
    """Whether two nodes state the same claim: the first tier that links them, else a veto when
    one would have linked but for it, else no link."""
    rel = relation(a, b)
    need = config.min_content(rel)
    xa, xb = a.analysis, b.analysis
    vetoed: str | None = None
    if _span_inside(a, b):
        return PairScore("partial", 1.0, "span")
    if xa.norm and xa.norm == xb.norm:
        if xa.n_content >= need:
            return PairScore("exact", 1.0)
        return NO_LINK
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
    for frags, other in ((a.fragments, xb), (b.fragments, xa)):
        for f in frags:
            if f.n_content >= need:
                score, why = _contained(f, other, config)
                if score >= config.partial_min:
                    if why is None:
                        return PairScore("partial", score, "fragment")
                    vetoed = vetoed or why
    if cosine is not None and rel != "conflict" and min(xa.n_content, xb.n_content) >= config.paraphrase_min_content:
        score = config.cosine_weight * cosine + (1 - config.cosine_weight) * content_overlap(xa, xb)
        if score >= (config.paraphrase_min if rel == "same" else config.paraphrase_unknown_min):
            why = veto(xa, xb)
            if why is None:
                return PairScore("paraphrase", round(score, 4), "embedding")
            vetoed = vetoed or why
    if vetoed:
        return PairScore(None, 0.0, veto=vetoed)
    return NO_LINK


def kind_rank(kind: str) -> int:
    return _KIND_RANK.get(kind, 9)
