"""Candidate pairs without comparing all pairs: blocks and indexes.

Scoring every pair of a month of coverage is quadratic; these are the only pairs scored:

- **same article**: every pair of quotations in one article (a few dozen at most);
- **shingle index** (verbatim and partial): an inverted index from word 3-gram hashes to nodes;
  each node (and each quoted fragment it carries) looks up its rarest shingles, skipping any
  shared by more than ``shingle_cap`` texts, so a repeated or truncated quotation finds the
  fuller one at the cost of a few postings lists;
- **speaker blocks** (short partials, paraphrase): nodes of the same speaker entity whose dates
  lie within ``window_days`` of each other; short partial quotes are looked for verbatim inside
  the block, and a vector search (numpy, exact cosine top-k) finds paraphrase candidates;
- **unknown speakers** (paraphrase): a node without a known speaker searches the vectors of
  every node in its time window, top-k.

Undated nodes are compared with every date.  Time windows keep block sizes flat as a corpus
grows along the calendar, which is what keeps linking near-linear (docs/benchmarks.md).
"""

from __future__ import annotations

from typing import Iterable, Sequence

from quoteattr.link.claims import Node
from quoteattr.link.config import LinkConfig
from quoteattr.link.normalize import shingles


def same_article_pairs(nodes: Sequence[Node]) -> set[tuple[int, int]]:
    by_doc: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for d in n.docs:
            by_doc.setdefault(d, []).append(i)
    pairs = set()
    for ids in by_doc.values():
        ids = sorted(set(ids))
        for x in range(len(ids)):
            for y in range(x + 1, len(ids)):
                pairs.add((ids[x], ids[y]))
    return pairs


class ShingleIndex:
    """Word ``n``-gram hashes -> node ids, for verbatim and partial candidates."""

    def __init__(self, config: LinkConfig):
        self.config = config
        self.postings: dict[int, list[int]] = {}

    def add(self, node_id: int, shingle_set: Iterable[int]) -> None:
        for s in shingle_set:
            self.postings.setdefault(s, []).append(node_id)

    def query(self, shingle_set: Iterable[int]) -> dict[int, int]:
        """Nodes sharing one of the query's rarest shingles, with how many of them they share.

        Shingles shared by more than ``shingle_cap`` texts are skipped.
        """
        cap, k = self.config.shingle_cap, self.config.shingle_queries
        lists = sorted((len(p), s) for s in shingle_set if (p := self.postings.get(s)) is not None)
        hits: dict[int, int] = {}
        for n, s in lists[:k]:
            if n > cap:
                break
            for node in self.postings[s]:
                hits[node] = hits.get(node, 0) + 1
        return hits


def shingle_pairs(nodes: Sequence[Node], config: LinkConfig) -> set[tuple[int, int]]:
    """Pairs that share two of the rarest shingles of one of them, or one when the query has a
    single shingle or the two nodes share a speaker.

    Asking strangers for two hits keeps the chance meetings of a mid-frequency phrase out, which
    is what keeps the number of candidate pairs growing with the corpus rather than with its
    square; a contained or lightly edited text shares most of its shingles and still meets its
    fuller form.
    """
    index = ShingleIndex(config)
    own = [[shingles(a, config.shingle_size) for a in n.analyses] for n in nodes]
    for i, sets in enumerate(own):
        index.add(i, frozenset().union(*sets))
    pairs = set()
    for i, n in enumerate(nodes):
        for q in own[i] + [shingles(f, config.shingle_size) for f in n.fragments]:
            need = 1 if len(q) == 1 else 2
            for j, h in index.query(q).items():
                if j != i and (h >= need or n.entities & nodes[j].entities):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def _within(day_a: int | None, day_b: int | None, window: int) -> bool:
    return day_a is None or day_b is None or abs(day_a - day_b) <= window


def speaker_blocks(nodes: Sequence[Node]) -> dict[str, list[int]]:
    """Node ids per known speaker entity (a node of several speakers sits in each block), and per
    organisation a speaker speaks for (``WHO chief`` and ``the World Health Organization`` meet
    in the block ``@who``; :func:`quoteattr.link.signals.affiliation_keys`).  An affiliation
    shared by more than ``AFFILIATION_BLOCK_MAX`` nodes names no one in particular and makes no
    block."""
    blocks: dict[str, list[int]] = {}
    for i, n in enumerate(nodes):
        for e in n.entities:
            blocks.setdefault(e, []).append(i)
        for k in n.affiliations:
            blocks.setdefault("@" + k, []).append(i)
    return {k: ids for k, ids in blocks.items() if not k.startswith("@") or len(ids) <= AFFILIATION_BLOCK_MAX}


AFFILIATION_BLOCK_MAX = 5000


def short_partial_pairs(nodes: Sequence[Node], blocks: dict[str, list[int]], config: LinkConfig) -> set[tuple[int, int]]:
    """Short partial quotes (fewer words than a shingle) found verbatim in a claim of the same
    speaker within the time window."""
    pairs = set()
    for ids in blocks.values():
        shorts = [(i, a) for i in ids for a in nodes[i].analyses
                  if len(a.tokens) < config.shingle_size and a.n_content >= config.min_content_same]
        if not shorts:
            continue
        for i, a in shorts:
            needle = f" {a.norm} "
            for j in ids:
                if j != i and _within(nodes[i].day, nodes[j].day, config.window_days) \
                        and any(needle in f" {b.norm} " for b in nodes[j].analyses):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def quoted_pairs(nodes: Sequence[Node], blocks: dict[str, list[int]], config: LinkConfig) -> set[tuple[int, int]]:
    """Nodes of one block (speaker or affiliation) within the time window where one says every
    content word of a phrase the other puts in quote marks (``'darkest day'`` and a headline
    ``Darkest Day``; ``hits out at 'inaction'`` and the speech that deplores ``inaction``).
    Phrases whose rarest word more than ``shingle_cap`` nodes of the block say are skipped."""
    from quoteattr.link.signals import quoted_keywords

    pairs = set()
    for ids in blocks.values():
        phrases = [(i, k) for i in ids for c in nodes[i].claims for k in quoted_keywords(c.text)]
        if not phrases:
            continue
        needed = frozenset().union(*(k for _, k in phrases))
        postings: dict[str, set[int]] = {}
        for j in ids:
            for a in nodes[j].analyses:
                for w in a.keywords & needed:
                    postings.setdefault(w, set()).add(j)
        for i, k in phrases:
            lists = sorted((postings.get(w, set()) for w in k), key=len)
            if not lists[0] or len(lists[0]) > config.shingle_cap:
                continue
            for j in set.intersection(*lists):
                if j != i and _within(nodes[i].day, nodes[j].day, config.window_days):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def vector_pairs(vectors, days: Sequence[int | None], queries: Sequence[int], targets: Sequence[int],
                 config: LinkConfig, *, chunk: int = 1024) -> dict[tuple[int, int], float]:
    """Exact cosine top-k of each query node among the target nodes within the time window.

    ``vectors`` are unit rows (numpy); returns ``(i, j) -> cosine`` with ``i < j`` for the pairs
    at or above ``prefilter_cosine``.  Targets are sorted by date so each chunk of queries only
    meets the targets its window reaches (plus the undated ones).
    """
    import numpy as np

    out: dict[tuple[int, int], float] = {}
    if not len(queries) or not len(targets):
        return out
    window, k, floor = config.window_days, config.top_k, config.prefilter_cosine
    tg = np.asarray(sorted(targets, key=lambda t: (days[t] is None, days[t] or 0, t)), dtype=np.int64)
    dated = np.asarray([days[t] is not None for t in tg])
    n_dated = int(dated.sum())
    tdays = np.asarray([days[t] for t in tg[:n_dated]], dtype=np.int64)
    undated = tg[n_dated:]
    qs = sorted(queries, key=lambda q: (days[q] is None, days[q] or 0, q))
    for lo in range(0, len(qs), chunk):
        block = qs[lo:lo + chunk]
        qdays = [days[q] for q in block]
        if any(d is None for d in qdays):
            cols = tg
        else:
            a = np.searchsorted(tdays, min(qdays) - window, side="left")
            b = np.searchsorted(tdays, max(qdays) + window, side="right")
            cols = np.concatenate([tg[a:b], undated])
        if not len(cols):
            continue
        qv = vectors[np.asarray(block)]
        sims = qv @ vectors[cols].T
        col_days = np.asarray([days[c] if days[c] is not None else -10**9 for c in cols], dtype=np.int64)
        col_undated = col_days == -10**9
        for r, q in enumerate(block):
            row = sims[r]
            if qdays[r] is not None:
                ok = col_undated | (np.abs(col_days - qdays[r]) <= window)
                row = np.where(ok, row, -1.0)
            row = np.where(cols == q, -1.0, row)
            kk = min(k, len(row))
            top = np.argpartition(-row, kk - 1)[:kk]
            for t in top:
                s = float(row[t])
                if s >= floor:
                    j = int(cols[t])
                    pair = (q, j) if q < j else (j, q)
                    out[pair] = s
    return out


EXACT_MAX = 20000  # below this many targets an exact search is as fast as building an index


def ann_pairs(vectors, days: Sequence[int | None], queries: Sequence[int], targets: Sequence[int],
              config: LinkConfig) -> dict[tuple[int, int], float]:
    """Approximate cosine top-k of each query among the targets (faiss HNSW over inner products),
    then the time window; exact (:func:`vector_pairs`) for small target sets or without faiss.

    The search asks for ``4 * top_k`` neighbours so that the window, applied afterwards, still
    leaves about ``top_k`` in reach.
    """
    import numpy as np

    if len(targets) <= EXACT_MAX:
        return vector_pairs(vectors, days, queries, targets, config)
    try:
        import faiss
    except ImportError:
        return vector_pairs(vectors, days, queries, targets, config)
    tg = np.asarray(targets, dtype=np.int64)
    index = faiss.IndexHNSWFlat(vectors.shape[1], 32, faiss.METRIC_INNER_PRODUCT)
    index.hnsw.efConstruction = 40
    index.add(np.ascontiguousarray(vectors[tg], dtype=np.float32))
    index.hnsw.efSearch = 64
    k = min(len(tg), 4 * config.top_k)
    qs = np.asarray(queries, dtype=np.int64)
    out: dict[tuple[int, int], float] = {}
    window, floor = config.window_days, config.prefilter_cosine
    for lo in range(0, len(qs), 8192):
        block = qs[lo:lo + 8192]
        sims, idx = index.search(np.ascontiguousarray(vectors[block], dtype=np.float32), k)
        for q, row_s, row_i in zip(block.tolist(), sims.tolist(), idx.tolist()):
            kept = 0
            for s, t in zip(row_s, row_i):
                if t < 0 or s < floor or kept >= config.top_k:
                    break
                j = int(tg[t])
                if j == q or not _within(days[q], days[j], window):
                    continue
                kept += 1
                out[(q, j) if q < j else (j, q)] = float(s)
    return out
