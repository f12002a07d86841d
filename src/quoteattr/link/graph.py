"""The claim graph: candidate pairs scored into links and cannot-links, then clustered.

Shared by :class:`~quoteattr.link.corpus.Corpus` (a whole corpus at once) and
:class:`~quoteattr.link.index.ClaimIndex` (one article against what is stored).
"""

from __future__ import annotations

import hashlib
from typing import Any, Iterable, Sequence

import attrs

from quoteattr.link.blocking import (
    ann_pairs,
    quoted_pairs,
    same_article_pairs,
    shingle_keys,
    shingle_pairs,
    short_partial_pairs,
    speaker_blocks,
    vector_pairs,
)
from quoteattr.link.claims import Node, PairScore, kind_rank, score_pair
from quoteattr.link.cluster import average_linkage
from quoteattr.link.config import LinkConfig
from quoteattr.link.packed import STORED
from quoteattr.link.records import ClaimCluster, ClaimLink


def embedding_text(node: Node) -> str:
    """What the paraphrase tier embeds for a whole node: the content, frame stripped, without quote marks."""
    return node.analysis.text.replace('"', "").strip()


def unit_text(unit) -> str:
    """What is embedded for one claim unit: its text, frame stripped, without quote marks or
    closing punctuation (so outlets' variants of one quotation are embedded once)."""
    return unit.analysis.text.replace('"', "").strip().rstrip(".,;:").rstrip()


@attrs.frozen
class UnitVectors:
    """Unit vectors of every node's claim units, one row per unit: ``owner[r]`` is the node of
    row ``r`` and ``rows[i]`` the rows of node ``i``; ``matrix`` holds them as :data:`STORED`."""

    matrix: Any
    owner: Any
    rows: tuple[tuple[int, int], ...]


def node_vectors(nodes: Sequence[Node], embedder, *, progress: bool | None = False) -> UnitVectors | None:
    """Embed each node's claim units once (None without an embedder); also sets ``node.vectors``."""
    if embedder is None:
        return None
    import numpy as np

    texts, owner, rows = [], [], []
    for i, n in enumerate(nodes):
        lo = len(texts)
        for u in n.units:
            texts.append(unit_text(u))
            owner.append(i)
        rows.append((lo, len(texts)))
    matrix = _encode(embedder, texts, progress)
    if matrix.dtype != STORED:  # an embedder that cannot write half precision itself
        matrix = matrix.astype(STORED)
    for n, (lo, hi) in zip(nodes, rows):
        n.vectors = matrix[lo:hi]
    return UnitVectors(matrix, np.asarray(owner, dtype=np.int64), tuple(rows))


def _encode(embedder, texts: list[str], progress: bool | None):
    import inspect

    params = inspect.signature(embedder.encode).parameters
    kwargs = {k: v for k, v in (("progress", progress), ("dtype", STORED)) if k in params}
    return embedder.encode(texts, **kwargs)  # progress and dtype where the embedder takes them


@attrs.frozen
class Candidates:
    """Candidate pairs ``(i, j)``, ``i < j``, in order, with the best cosine of their units when
    the vector search found it (None otherwise): numpy arrays rather than a dict of tuples, which
    at a million quotations would take gigabytes, read a slice at a time by ``items()``."""

    left: Any
    right: Any
    cosine: Any = None  # one float per pair (NaN where no search found it), or None without vectors

    def __len__(self) -> int:
        return len(self.left)

    def items(self, chunk: int = 1 << 16):
        """``((i, j), cosine)`` in order (read ``chunk`` pairs at a time: ten million pairs as
        Python lists would take a gigabyte)."""
        for lo in range(0, len(self.left), chunk):
            left, right = self.left[lo:lo + chunk].tolist(), self.right[lo:lo + chunk].tolist()
            cos = [None if c != c else c for c in self.cosine[lo:lo + chunk].tolist()] \
                if self.cosine is not None else [None] * len(left)  # NaN: not known
            yield from zip(zip(left, right), cos)


def _keys(pairs, n: int):
    """Pairs ``(i, j)`` as int64 keys ``i * n + j``."""
    import numpy as np

    return np.fromiter((i * n + j for i, j in pairs), dtype=np.int64, count=len(pairs))


def candidates(nodes: Sequence[Node], config: LinkConfig, vectors: UnitVectors | None = None) -> Candidates:
    """Every pair worth scoring, with the best cosine of their units when vectors are given
    (a dict of the pairs in order where numpy, of the ``link`` extra, is not installed: vectors
    need it, the exact and partial tiers do not)."""
    blocks = speaker_blocks(nodes)
    try:
        import numpy as np
    except ImportError:
        found = same_article_pairs(nodes) | shingle_pairs(nodes, config) | short_partial_pairs(nodes, blocks, config) \
            | quoted_pairs(nodes, blocks, config)
        return {p: None for p in sorted(found)}
    n = max(1, len(nodes))
    keys = np.unique(np.concatenate([_keys(same_article_pairs(nodes), n), shingle_keys(nodes, config),
                                     _keys(short_partial_pairs(nodes, blocks, config), n),
                                     _keys(quoted_pairs(nodes, blocks, config), n)]))
    if vectors is None:
        return Candidates(keys // n, keys % n)
    owner = vectors.owner
    udays = [nodes[o].day for o in owner.tolist()]
    eligible_nodes = {i for i, node in enumerate(nodes) if node.analysis.n_content >= config.paraphrase_min_content}

    def units_of(ids):
        return [r for i in ids if i in eligible_nodes for r in range(*vectors.rows[i])]

    found_keys, found_cos = [], []

    def found(unit_pairs: dict[tuple[int, int], float]) -> None:
        if not unit_pairs:
            return
        uv = np.fromiter((x for p in unit_pairs for x in p), dtype=np.int64, count=2 * len(unit_pairs))
        a, b = owner[uv[0::2]], owner[uv[1::2]]
        other = a != b
        lo, hi = np.minimum(a, b)[other], np.maximum(a, b)[other]
        found_keys.append(lo * n + hi)
        found_cos.append(np.fromiter(unit_pairs.values(), dtype=np.float64, count=len(unit_pairs))[other])

    for ids in blocks.values():
        members = units_of(ids)
        if len(members) > 1:
            found(vector_pairs(vectors.matrix, udays, members, members, config))
    unknown = units_of(i for i, node in enumerate(nodes) if not node.known)
    if unknown:
        found(ann_pairs(vectors.matrix, udays, unknown, units_of(range(len(nodes))), config))
    fk = np.concatenate(found_keys) if found_keys else np.zeros(0, dtype=np.int64)
    fc = np.concatenate(found_cos) if found_cos else np.zeros(0, dtype=np.float64)
    order = np.lexsort((-fc, fk))  # by pair, the best cosine first
    fk, fc = fk[order], fc[order]
    first = np.r_[True, fk[1:] != fk[:-1]] if len(fk) else np.zeros(0, dtype=bool)
    fk, fc = fk[first], fc[first]
    keys = np.union1d(keys, fk)
    cosine = np.full(len(keys), np.nan, dtype=np.float64)
    at = np.searchsorted(keys, fk)
    cosine[at] = fc  # NaN for lexical candidates no vector search found: scoring computes theirs
    return Candidates(keys // n, keys % n, cosine)


def link_context(nodes: Sequence[Node], model=None):
    """The scoring context of a set of nodes: document frequencies over their units."""
    from quoteattr.link.claims import Context
    from quoteattr.link.signals import Idf, default_model

    return Context(Idf(u.analysis for n in nodes for u in n.units), model or default_model())


def score_all(nodes: Sequence[Node], pairs: "Candidates | dict[tuple[int, int], float | None]",
              config: LinkConfig, context=None) -> dict[tuple[int, int], PairScore]:
    """The pairs that link or are vetoed, with their scores."""
    context = context or link_context(nodes)
    out = {}
    for (i, j), cos in pairs.items():
        s = score_pair(nodes[i], nodes[j], config, cos, context)
        if s.linked or s.veto:
            out[(i, j)] = s
    return out


def cluster_nodes(nodes: Sequence[Node], scored: dict[tuple[int, int], PairScore], config: LinkConfig,
                  *, groups: Sequence[int] | None = None, fixed: Iterable[int] = ()) -> list[int]:
    # Every link is one vote; the clustering merges while more than ``cluster_min`` of the pairs
    # between two clusters link (a majority at 0.5), whatever their probabilities, which only
    # order the merges: a report joins a cluster by linking to most of its members, never
    # through one member alone.
    edges = {p: 1.0 - 1e-6 * (1.0 - s.score) for p, s in scored.items() if s.linked}
    cannot = [p for p, s in scored.items() if s.veto]
    return average_linkage([n.size for n in nodes], edges, cannot, threshold=config.cluster_min,
                           groups=groups, fixed=fixed)


def claim_id(member_keys: Iterable[tuple]) -> str:
    """A claim's id: a hash of its first member by position (doc id, start, end)."""
    first = min(member_keys)
    digest = hashlib.blake2b("\x1f".join(map(str, first)).encode("utf-8"), digest_size=6).hexdigest()
    return f"clm-{digest}"


def _inner_links(node: Node) -> list[ClaimLink]:
    """The links that made a node: a nested quotation to its container, a repeat to the first."""
    out = []
    for c in node.claims:
        if c is node.rep:
            continue
        outer = [o for o in node.claims if o is not c and o.doc_id == c.doc_id and o.start <= c.start
                 and c.end <= o.end and (o.start, o.end) != (c.start, c.end)]
        if outer:
            container = max(outer, key=lambda o: (o.end - o.start, o.sort_key))
            out.append(ClaimLink(container.key, c.key, "partial", 1.0, "span"))
        else:
            out.append(ClaimLink(node.rep.key, c.key, "exact", 1.0, "repeat"))
    return out


def build_clusters(nodes: Sequence[Node], labels: Sequence[int],
                   scored: dict[tuple[int, int], PairScore], *, ids: dict[int, str] | None = None) -> list[ClaimCluster]:
    """One :class:`ClaimCluster` per label; ``ids`` may fix the id of a label (stored claims)."""
    by_label: dict[int, list[int]] = {}
    for i, lab in enumerate(labels):
        by_label.setdefault(lab, []).append(i)
    weight: dict[int, float] = {}
    links_of: dict[int, list[ClaimLink]] = {}
    for (i, j), s in scored.items():
        if not s.linked or labels[i] != labels[j]:
            continue
        weight[i] = weight.get(i, 0.0) + s.score * nodes[j].size
        weight[j] = weight.get(j, 0.0) + s.score * nodes[i].size
        links_of.setdefault(labels[i], []).append(
            ClaimLink(nodes[i].rep.key, nodes[j].rep.key, s.type, round(s.score, 4), s.via))
    out = []
    for lab, members in by_label.items():
        claims = sorted((c for i in members for c in nodes[i].claims), key=lambda c: c.sort_key)
        links = list(links_of.get(lab, []))
        for i in members:
            links.extend(_inner_links(nodes[i]))
        best = max(members, key=lambda i: (weight.get(i, 0.0) + nodes[i].size - 1, -kind_rank(nodes[i].rep.kind),
                                           len(nodes[i].rep.text), [-ord(ch) for ch in nodes[i].rep.key[:40]]))
        first = min(claims, key=lambda c: (c.day is None, c.day or 0, c.order, c.start))
        outlets = []
        for c in sorted(claims, key=lambda c: (c.day is None, c.day or 0, c.order, c.start)):
            if c.outlet and c.outlet not in outlets:
                outlets.append(c.outlet)
        speakers = tuple(dict.fromkeys(c.entity for c in claims if c.entity))
        cid = (ids or {}).get(lab) or claim_id((c.doc_id, c.start, c.end) for c in claims)
        out.append(ClaimCluster(cid, tuple(c.member() for c in claims),
                                tuple(sorted(links, key=lambda x: (x.a, x.b))),
                                " ".join(nodes[best].rep.text.split()), first.member(), tuple(outlets), speakers))
    return out


def claim_parts(nodes: Sequence[Node], labels: Sequence[int], scored: dict[tuple[int, int], PairScore],
                claim_of: dict[str, str]) -> dict[str, tuple]:
    """Which part of each multi-statement quotation states which claim: ``doc#index`` -> parts.

    A unit takes the claim of the node it links to with the highest score (its own cluster's
    when that link is inside it); a unit without links keeps the claim of its quotation.  So a
    long quotation clustered with the reports of its first sentence still says that its second
    sentence is the claim another outlet reported on its own.
    """
    from quoteattr.model import ClaimPart

    best: dict[tuple[int, int], tuple[float, int]] = {}
    for (i, j), s in scored.items():
        if not s.linked or s.units is None:
            continue
        for n, unit, other in ((i, s.units[0], j), (j, s.units[1], i)):
            if len(nodes[n].units) > 1 and s.score > best.get((n, unit), (0.0, -1))[0]:
                best[(n, unit)] = (s.score, other)
    out: dict[str, tuple] = {}
    for n, node in enumerate(nodes):
        if len(node.units) < 2:
            continue
        own = claim_of[node.claims[0].key]
        targets = [claim_of[nodes[best[(n, k)][1]].claims[0].key] if (n, k) in best else own
                   for k in range(len(node.units))]
        for c in node.claims:
            if len(c.units) == len(targets):
                out[c.key] = tuple(ClaimPart(u.start, u.end, t) for u, t in zip(c.units, targets))
    return out
