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

from typing import Sequence

from quoteattr.link.claims import Node
from quoteattr.link.config import LinkConfig
from quoteattr.link.normalize import shingles
from quoteattr.link.packed import cosines


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


def shingle_pairs(nodes: Sequence[Node], config: LinkConfig) -> set[tuple[int, int]]:
    """The pairs of :func:`shingle_keys` as ``(i, j)`` tuples, ``i < j`` (the same pairs from
    Python sets where numpy, of the ``link`` extra, is not installed)."""
    import importlib.util

    if importlib.util.find_spec("numpy") is None:
        return _shingle_pairs_without_numpy(nodes, config)
    n = max(1, len(nodes))
    return {(k // n, k % n) for k in shingle_keys(nodes, config).tolist()}


def _shingle_pairs_without_numpy(nodes: Sequence[Node], config: LinkConfig) -> set[tuple[int, int]]:
    postings: dict[int, list[int]] = {}
    own = [[shingles(a, config.shingle_size) for a in node.analyses] for node in nodes]
    for i, sets in enumerate(own):
        for h in frozenset().union(*sets):
            postings.setdefault(h, []).append(i)
    pairs = set()
    for i, node in enumerate(nodes):
        for q in own[i] + [shingles(f, config.shingle_size) for f in node.fragments]:
            need = 1 if len(q) == 1 else 2
            lists = sorted((len(p), h) for h in q if (p := postings.get(h)) is not None)
            hits: dict[int, int] = {}
            for count, h in lists[:config.shingle_queries]:
                if count > config.shingle_cap:
                    break
                for j in postings[h]:
                    hits[j] = hits.get(j, 0) + 1
            for j, h in hits.items():
                if j != i and (h >= need or node.entities & nodes[j].entities):
                    pairs.add((i, j) if i < j else (j, i))
    return pairs


def shingle_keys(nodes: Sequence[Node], config: LinkConfig, *, chunk: int = 1 << 18,
                 query_nodes: int = 1 << 17):
    """Pairs that share two of the rarest shingles of one of them, or one when the query has a
    single shingle or the two nodes share a speaker.

    Asking strangers for two hits keeps the chance meetings of a mid-frequency phrase out, which
    is what keeps the number of candidate pairs growing with the corpus rather than with its
    square; a contained or lightly edited text shares most of its shingles and still meets its
    fuller form.

    The index is held in numpy arrays (a million quotations make some 25 million postings: as
    Python sets and lists they would take gigabytes): the postings sorted by shingle, and the
    queries (each text and quoted fragment of a node) of ``query_nodes`` nodes at a time,
    answered about ``chunk`` postings at a time.  Returns the pairs ``(i, j)``, ``i < j``, as sorted int64 keys
    ``i * len(nodes) + j``.
    """
    import numpy as np

    n = config.shingle_size
    # postings: every node's distinct shingles (its texts; fragments only query), sorted by
    # shingle then node, as (hash << 32 | node) keys sorted in place
    rows = _shingle_rows(((i, x) for i, node in enumerate(nodes) for x in node.analyses), n)
    rows.sort()
    post_n = (rows & 0xFFFFFFFF).astype(np.int32)
    post_h = (rows >> 32).astype(np.uint32)
    del rows
    first = np.flatnonzero(np.r_[True, post_h[1:] != post_h[:-1]]) if len(post_h) else np.zeros(0, dtype=np.int64)
    keys = post_h[first]
    counts = np.diff(np.r_[first, len(post_h)])
    del post_h
    codes, multi = _entity_codes(nodes)
    pairs: list = []
    for lo in range(0, len(nodes), query_nodes):  # the queries of a slice of the nodes at a time
        owners: list[int] = []
        texts = []
        for i in range(lo, min(len(nodes), lo + query_nodes)):
            for x in nodes[i].analyses + nodes[i].fragments:
                owners.append(i)
                texts.append(x)
        _answer(_shingle_rows(enumerate(texts), n), np.asarray(owners, dtype=np.int64), keys, first, counts,
                post_n, codes, multi, nodes, config, chunk, pairs)
    return np.unique(np.concatenate(pairs)) if pairs else np.zeros(0, dtype=np.int64)


def _answer(rows, q_owner, keys, first, counts, post_n, codes, multi, nodes, config, chunk, pairs) -> None:
    """The pairs of a batch of queries (``rows``: their ``hash << 32 | query`` keys), appended to
    ``pairs``: each query's ``shingle_queries`` rarest shingles of at most ``shingle_cap``
    postings, their postings read about ``chunk`` at a time."""
    import numpy as np

    q_h = (rows >> 32).astype(np.uint32)
    q_id = (rows & 0xFFFFFFFF).astype(np.int64)
    del rows
    q_size = np.bincount(q_id, minlength=len(q_owner))
    cap, k = config.shingle_cap, config.shingle_queries
    pos = np.searchsorted(keys, q_h)
    pos_ok = pos < len(keys)
    pos_ok[pos_ok] = keys[pos[pos_ok]] == q_h[pos_ok]
    cnt = np.where(pos_ok, counts[np.minimum(pos, max(0, len(keys) - 1))], 0) if len(keys) else pos * 0
    keep = pos_ok & (cnt <= cap)
    q_id, q_h, pos, cnt = q_id[keep], q_h[keep], pos[keep], cnt[keep]
    # the ``k`` rarest shingles of each query (fewest postings, then smallest hash)
    order = np.lexsort((q_h, cnt, q_id))
    q_id, pos, cnt = q_id[order], pos[order], cnt[order]
    if not len(q_id):
        return
    run_start = np.r_[0, np.flatnonzero(np.diff(q_id)) + 1]
    rank = np.arange(len(q_id)) - np.repeat(run_start, np.diff(np.r_[run_start, len(q_id)]))
    sel = rank < k
    q_id, pos, cnt = q_id[sel], pos[sel], cnt[sel]
    # chunks of about ``chunk`` postings, a query never cut in two
    at_start = np.r_[True, q_id[1:] != q_id[:-1]]
    before = np.cumsum(cnt) - cnt
    chunk_of = np.maximum.accumulate(np.where(at_start, before // chunk, 0))
    cuts = np.r_[0, np.flatnonzero(np.diff(chunk_of)) + 1, len(q_id)]
    for lo, hi in zip(cuts[:-1].tolist(), cuts[1:].tolist()):
        _hits_to_pairs(q_id[lo:hi], first[pos[lo:hi]], cnt[lo:hi], post_n, q_owner, q_size, codes, multi,
                       nodes, pairs)


def _shingle_rows(owned, n: int):
    """``hash << 32 | owner`` keys (uint64) of the word ``n``-gram hashes of ``(owner, analysis)``
    items, each hash once per owner."""
    import array

    import numpy as np

    out = array.array("Q")
    last, seen = None, set()
    for owner, a in owned:
        if owner != last:
            last, seen = owner, set()
        for h in shingles(a, n):
            if h not in seen:
                seen.add(h)
                out.append(h << 32 | owner)
    return np.frombuffer(out, dtype=np.uint64).copy()


def _entity_codes(nodes: Sequence[Node]):
    """A code per node for the speaker check of :func:`shingle_pairs`: -1 no entity, the
    entity's number for a node of one entity, -2 for several (checked as sets)."""
    import numpy as np

    number: dict[str, int] = {}
    codes = np.full(len(nodes), -1, dtype=np.int64)
    for i, node in enumerate(nodes):
        if len(node.entities) == 1:
            codes[i] = number.setdefault(next(iter(node.entities)), len(number))
        elif node.entities:
            codes[i] = -2
    return codes, codes == -2


def _hits_to_pairs(q_id, starts, counts, post_n, q_owner, q_size, codes, multi, nodes, pairs) -> None:
    """The pairs of a chunk of (query, shingle) rows, appended to ``pairs`` as keys: every node
    in the shingle's postings, kept when it shares enough of the query's shingles, or a speaker,
    with the query's node."""
    import numpy as np

    if not len(q_id):
        return
    reps = counts.astype(np.int64)
    row_q = np.repeat(q_id, reps)
    offs = np.arange(int(reps.sum()), dtype=np.int64) - np.repeat(np.cumsum(reps) - reps, reps)
    row_n = post_n[np.repeat(starts, reps) + offs]
    key, hits = np.unique(row_q * len(codes) + row_n, return_counts=True)
    qq, jj = np.divmod(key, len(codes))
    ii = q_owner[qq]
    need = np.where(q_size[qq] == 1, 1, 2)
    ok = (jj != ii) & (hits >= need)
    ci, cj = codes[ii], codes[jj]
    same = (ci >= 0) & (ci == cj)
    ok |= (jj != ii) & same
    check = np.flatnonzero((jj != ii) & ~ok & (multi[ii] | multi[jj]) & (ci != -1) & (cj != -1))
    for k, a, b in zip(check.tolist(), ii[check].tolist(), jj[check].tolist()):
        if nodes[a].entities & nodes[b].entities:
            ok[k] = True
    a, b = ii[ok], jj[ok]
    pairs.append(np.minimum(a, b) * len(codes) + np.maximum(a, b))


def _within(day_a: int | None, day_b: int | None, window: int) -> bool:
    return day_a is None or day_b is None or abs(day_a - day_b) <= window


AFFILIATION_BLOCK_MAX = 5000  # nodes an organisation block may hold


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
        sims = cosines(vectors[np.asarray(block)], vectors[cols])
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
    """Cosine top-k of each query among the targets within the time window.

    A dated query only meets the targets its window reaches (and the undated ones), which stay
    few however long the corpus runs: those are searched exactly (:func:`vector_pairs`).  Undated
    queries meet every target: beyond ``EXACT_MAX`` targets an approximate index answers them
    (faiss HNSW over inner products, asked for ``4 * top_k`` neighbours so that the window,
    applied afterwards, still leaves about ``top_k`` in reach), exactly without faiss.
    """
    dated = [q for q in queries if days[q] is not None]
    undated = [q for q in queries if days[q] is None]
    out = vector_pairs(vectors, days, dated, targets, config) if dated else {}
    if undated:
        out.update(_undated_pairs(vectors, days, undated, targets, config))
    return out


def _undated_pairs(vectors, days: Sequence[int | None], queries: Sequence[int], targets: Sequence[int],
                   config: LinkConfig) -> dict[tuple[int, int], float]:
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
