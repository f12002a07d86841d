"""The shingle index of candidate pairs: what it finds, whatever slices it works in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from quoteattr.link import LinkConfig
from quoteattr.link.blocking import _shingle_pairs_without_numpy, shingle_keys, shingle_pairs
from quoteattr.link.corpus import prepare_nodes
from tests.link.helpers import article

CONFIG = LinkConfig()

# sentences written for this test: two statements, a truncation and a reworded copy of each, and
# an unrelated one that shares a common phrase with them
TEXTS = [
    "The harbour will reopen to fishing boats at the end of the month",
    "harbour will reopen to fishing boats",
    "The harbour will reopen to all fishing boats by the end of the month",
    "We will not raise the price of bread before the harvest is in",
    "raise the price of bread before the harvest",
    "at the end of the month the committee will meet again in private",
]


def _nodes():
    results = [article(f"paper-{k}", [(t, "Lena Park" if k % 2 else "Omar Haddad")], date=f"2024-05-0{1 + k}")
               for k, t in enumerate(TEXTS)]
    return prepare_nodes(results, CONFIG)[2]


def _texts(nodes, pairs):
    return {frozenset((nodes[i].analysis.text.lower(), nodes[j].analysis.text.lower())) for i, j in pairs}


def test_a_truncation_and_a_reworded_copy_meet_their_fuller_form_and_a_shared_phrase_does_not():
    nodes = _nodes()
    found = _texts(nodes, shingle_pairs(nodes, CONFIG))
    low = [t.lower() for t in TEXTS]
    assert frozenset((low[0], low[1])) in found  # the truncation
    assert frozenset((low[0], low[2])) in found  # the reworded copy
    assert frozenset((low[3], low[4])) in found
    assert frozenset((low[0], low[3])) not in found  # nothing in common
    # "the end of the month" is a common phrase, not the statement, and the speakers differ: no pair
    assert frozenset((low[2], low[5])) not in found


@settings(max_examples=25, deadline=None)
@given(query_nodes=st.integers(1, 8), chunk=st.integers(1, 64))
def test_the_pairs_do_not_depend_on_the_slices_the_index_is_read_in(query_nodes, chunk):
    nodes = _nodes()
    whole = shingle_keys(nodes, CONFIG)
    sliced = shingle_keys(nodes, CONFIG, chunk=chunk, query_nodes=query_nodes)
    assert whole.tolist() == sliced.tolist()
    assert len(whole) and sorted(set(whole.tolist())) == whole.tolist()  # sorted, no pair twice


def test_without_numpy_the_same_pairs_come_from_python_sets():
    nodes = _nodes()
    assert _shingle_pairs_without_numpy(nodes, CONFIG) == shingle_pairs(nodes, CONFIG)
