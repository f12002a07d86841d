"""Average linkage against a naive oracle; no chaining; cannot-links; fixed clusters."""

from __future__ import annotations

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.link.cluster import average_linkage


def naive(sizes, edges, cannot=(), threshold=0.5, groups=None, fixed=()):
    """Recompute every cluster pair's average at every step (the textbook algorithm)."""
    n = len(sizes)
    label = list(groups) if groups is not None else list(range(n))
    clusters = {}
    for i, c in enumerate(label):
        clusters.setdefault(c, set()).add(i)
    fixed = set(fixed)
    apart = {tuple(sorted(p)) for p in cannot}

    def w(i, j):
        return edges.get((i, j), edges.get((j, i), 0.0))

    while True:
        best = None
        for a, b in itertools.combinations(sorted(clusters, key=lambda c: min(clusters[c])), 2):
            A, B = clusters[a], clusters[b]
            if (a in fixed and b in fixed) or any(tuple(sorted((i, j))) in apart for i in A for j in B):
                continue
            total = sum(w(i, j) * sizes[i] * sizes[j] for i in A for j in B)
            avg = total / (sum(sizes[i] for i in A) * sum(sizes[j] for j in B))
            if avg <= threshold:
                continue
            key = (-avg, *sorted((min(A), min(B))))
            if best is None or key < best[0]:
                best = (key, a, b)
        if best is None:
            break
        _, a, b = best
        keep, gone = (a, b) if min(clusters[a]) < min(clusters[b]) else (b, a)
        clusters[keep] |= clusters.pop(gone)
        if gone in fixed:
            fixed.add(keep)
    out = [0] * n
    for members in clusters.values():
        for i in members:
            out[i] = min(members)
    return out


def test_a_shared_partial_does_not_chain_two_statements():
    # 1 is a short partial quote contained in both 0 and 2, which share nothing else
    assert average_linkage([1, 1, 1], {(0, 1): 1.0, (1, 2): 1.0}) == [0, 0, 2]


def test_related_members_do_join():
    assert average_linkage([1, 1, 1], {(0, 1): 1.0, (1, 2): 1.0, (0, 2): 0.6}) == [0, 0, 0]


def test_cannot_link_keeps_clusters_apart():
    assert average_linkage([1, 1, 1], {(0, 1): 1.0, (1, 2): 1.0, (0, 2): 0.9}, [(0, 2)]) == [0, 0, 2]


def test_fixed_clusters_never_merge_with_each_other():
    # 4 links to every member of both stored claims: it joins one, the two stay apart
    edges = {(0, 4): 1.0, (1, 4): 1.0, (2, 4): 1.0, (3, 4): 1.0, (0, 2): 1.0}
    labels = average_linkage([1, 1, 1, 1, 1], edges, groups=[0, 0, 2, 2, 4], fixed=[0, 2])
    assert labels[0] != labels[2] and labels[4] in (labels[0], labels[2])


weights = st.sampled_from([0.25, 0.5, 0.75, 1.0])


@st.composite
def graphs(draw):
    n = draw(st.integers(1, 8))
    sizes = draw(st.lists(st.integers(1, 2), min_size=n, max_size=n))
    pairs = list(itertools.combinations(range(n), 2))
    chosen = draw(st.lists(st.sampled_from(pairs), unique=True)) if pairs else []
    edges = {p: draw(weights) for p in chosen}
    cannot = draw(st.lists(st.sampled_from(pairs), max_size=2, unique=True)) if pairs else []
    return sizes, edges, cannot


@settings(max_examples=200, deadline=None)
@given(graphs())
def test_matches_the_naive_oracle(graph):
    sizes, edges, cannot = graph
    assert average_linkage(sizes, edges, cannot) == naive(sizes, edges, cannot)


def test_links_are_votes_a_report_joins_by_linking_to_most_members():
    """However strong, one link to one member of a pair is no majority: no chaining through it."""
    from quoteattr.link.claims import PairScore
    from quoteattr.link.config import LinkConfig
    from quoteattr.link.graph import cluster_nodes

    class N:
        size = 1

    nodes = [N(), N(), N(), N()]
    link = PairScore("paraphrase", 0.99)
    weak = PairScore("paraphrase", 0.4)
    # 0-1 a pair; 2 links to 0 only (strongly); 3 links to both, weakly
    scored = {(0, 1): link, (0, 2): link, (0, 3): weak, (1, 3): weak}
    labels = cluster_nodes(nodes, scored, LinkConfig())
    assert labels[0] == labels[1] == labels[3]
    assert labels[2] != labels[0]
