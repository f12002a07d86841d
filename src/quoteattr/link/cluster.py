"""Average-linkage clustering over a sparse graph of scored links, with cannot-links.

Connected components would chain unrelated statements through an intermediate one (a short
partial quote contained in two different speeches joins them).  Average linkage does not: two
clusters merge only while the mean link score over *all* pairs between them, missing links
counting zero, stays above the threshold.  With the default 0.5, a claim linked to one member of
a two-member cluster and not to the other never joins it by that link alone.  Cannot-links
(vetoed pairs) keep their two clusters apart whatever else links them.  Linking passes every
link as (almost) one vote, so the threshold reads as the share of pairs that must link
(:func:`quoteattr.link.graph.cluster_nodes`).

Ties break on node order, and nodes come sorted by content, so the clusters are the same for
any input order.
"""

from __future__ import annotations

import heapq
from typing import Iterable, Mapping, Sequence


def average_linkage(
    sizes: Sequence[int],
    edges: Mapping[tuple[int, int], float],
    cannot: Iterable[tuple[int, int]] = (),
    *,
    threshold: float = 0.5,
    groups: Sequence[int] | None = None,
    fixed: Iterable[int] = (),
) -> list[int]:
    """Cluster labels for nodes ``0..n-1``.

    ``sizes[i]`` is how many claims node ``i`` stands for (a link between nodes counts for every
    pair of their claims); ``edges`` maps ``(i, j)`` to a score in (0, 1]; ``cannot`` lists pairs
    that must end in different clusters.  ``groups`` gives initial clusters (label per node) and
    ``fixed`` the labels of initial clusters that must not merge with one another (the claim
    index's stored claims).  Returns, per node, the smallest node index of its cluster.
    """
    n = len(sizes)
    label = list(groups) if groups is not None else list(range(n))
    size: dict[int, int] = {}
    key: dict[int, int] = {}
    for i, c in enumerate(label):
        size[c] = size.get(c, 0) + sizes[i]
        key[c] = min(key.get(c, i), i)
    fixed_set = set(fixed)
    nbr: dict[int, dict[int, float]] = {c: {} for c in size}
    for (i, j), w in edges.items():
        ci, cj = label[i], label[j]
        if ci == cj or w <= 0:
            continue
        add = w * sizes[i] * sizes[j]
        nbr[ci][cj] = nbr[ci].get(cj, 0.0) + add
        nbr[cj][ci] = nbr[cj].get(ci, 0.0) + add
    apart: dict[int, set[int]] = {c: set() for c in size}
    for i, j in cannot:
        ci, cj = label[i], label[j]
        if ci != cj:
            apart[ci].add(cj)
            apart[cj].add(ci)

    heap: list[tuple[float, int, int, int, int]] = []

    def push(ca: int, cb: int) -> None:
        avg = nbr[ca][cb] / (size[ca] * size[cb])
        if avg > threshold:
            ka, kb = sorted((key[ca], key[cb]))
            heapq.heappush(heap, (-avg, ka, kb, ca, cb))

    for ca, row in nbr.items():
        for cb in row:
            if ca < cb:
                push(ca, cb)
    alive = set(size)
    merged_into: dict[int, int] = {}
    while heap:
        neg, _, _, ca, cb = heapq.heappop(heap)
        if ca not in alive or cb not in alive or cb not in nbr[ca]:
            continue
        avg = nbr[ca][cb] / (size[ca] * size[cb])
        if abs(avg + neg) > 1e-12:
            continue  # stale: the clusters changed since this entry was pushed
        if cb in apart[ca] or (ca in fixed_set and cb in fixed_set):
            continue
        keep, gone = (ca, cb) if key[ca] <= key[cb] else (cb, ca)
        alive.discard(gone)
        size[keep] += size.pop(gone)
        for k, w in nbr.pop(gone).items():
            del nbr[k][gone]
            if k == keep:
                continue
            nbr[keep][k] = nbr[keep].get(k, 0.0) + w
            nbr[k][keep] = nbr[keep][k]
        for k in apart.pop(gone):
            apart[k].discard(gone)
            if k != keep:
                apart[k].add(keep)
                apart[keep].add(k)
        if gone in fixed_set:
            fixed_set.add(keep)
        merged_into[gone] = keep
        for k in nbr[keep]:
            push(keep, k)
    out = []
    for i in range(n):
        c = label[i]
        while c in merged_into:
            c = merged_into[c]
        out.append(key[c])
    return out
