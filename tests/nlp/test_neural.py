"""The neural engine: decoding against a naive oracle, the relation step, and the shipped model run
on sentences written for these tests (spans, kinds, offsets).  Nothing here trains anything."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quoteattr.nlp import neural

from tests.strategies import news_like

NEEDS_RUNTIME = pytest.mark.skipif(neural.runtime_missing() is not None,
                                   reason=f"neural runtime unavailable: {neural.runtime_missing()}")


# -- windows -----------------------------------------------------------------------------------
@given(st.integers(0, 2000), st.integers(8, 300), st.data())
def test_windows_cover_every_piece_and_stay_in_range(n, size, data):
    stride = data.draw(st.integers(1, size))
    ws = neural.windows(n, size, stride)
    covered = set()
    for s, e in ws:
        assert 0 <= s <= e <= n and e - s <= size
        covered.update(range(s, e))
    assert covered == set(range(n))
    assert ws[-1][1] == n


# -- BIO-valid decoding against an oracle that tries every tag sequence ---------------------------
def _oracle(probs):
    lp = np.log(np.clip(probs, 1e-6, 1.0))
    best, best_tags = -np.inf, None
    for tags in itertools.product(range(3), repeat=len(probs)):
        if any(t == 2 and (k == 0 or tags[k - 1] == 0) for k, t in enumerate(tags)):
            continue
        score = sum(lp[k, t] for k, t in enumerate(tags))
        if score > best:
            best, best_tags = score, tags
    spans, start = [], None
    for k, t in enumerate(list(best_tags) + [0]):
        if start is not None and t != 2:
            spans.append((start, k))
            start = None
        if t == 1:
            start = k
    return spans


probs_strategy = st.integers(1, 6).flatmap(lambda n: st.lists(
    st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3), min_size=n, max_size=n))


@settings(max_examples=150, deadline=None)
@given(probs_strategy)
def test_bio_viterbi_finds_the_best_valid_sequence(rows):
    probs = np.array(rows, dtype=np.float64)
    probs /= probs.sum(axis=1, keepdims=True)
    assert [(a, b) for a, b, _ in neural.bio_viterbi(probs)] == _oracle(probs)


def test_an_inside_tag_after_outside_starts_no_span_of_its_own():
    # O I I: the I run is not a valid span start; the best valid reading makes its first piece B
    probs = np.array([[0.9, 0.05, 0.05], [0.2, 0.35, 0.45], [0.1, 0.1, 0.8]])
    assert [(a, b) for a, b, _ in neural.bio_viterbi(probs)] == [(1, 3)]


# -- spans snap to words and never cross a line ----------------------------------------------------
@pytest.mark.parametrize("text, piece, expected", [
    ("The senator disagreed strongly.", (14, 18), ["disagreed"]),
    ("She wants universal healthcare.", (10, 19), ["universal"]),
    ("Prices rose\nsharply, he said.", (7, 20), ["rose", "sharply,"]),  # one span per line
])
def test_decode_snaps_pieces_to_whole_words(text, piece, expected):
    offsets = [piece]
    probs = np.zeros((1, 3, 3))
    probs[0, :, 0] = 1.0
    probs[0, 0] = (0.0, 1.0, 0.0)  # the piece is a cue
    spans = neural.decode(text, offsets, probs, ("cue", "source", "content"))
    assert [text[a:b] for a, b, _ in spans["cue"]] == expected


def test_pair_spans_takes_the_nearest_cue_and_the_source_next_to_it():
    text = "The mayor said taxes would fall. Later, the council argued that roads came first."
    def at(s):
        a = text.index(s)
        return (a, a + len(s), 0.9)
    spans = {"cue": [at("said"), at("argued")], "source": [at("The mayor"), at("the council")],
             "content": [at("taxes would fall"), at("roads came first")]}
    pairs = neural.pair_spans(text, spans)
    got = [(text[slice(*p.content)], text[slice(*p.cue)], text[slice(*p.source)]) for p in pairs]
    assert got == [("taxes would fall", "said", "The mayor"), ("roads came first", "argued", "the council")]


def test_pair_spans_does_not_reach_across_a_paragraph():
    text = "The mayor said so.\n\nRoads came first in the plan, officials added."
    a = text.index("Roads came first in the plan")
    spans = {"cue": [(10, 14, 0.9)], "source": [(0, 9, 0.9)], "content": [(a, a + 28, 0.8)]}
    (p,) = neural.pair_spans(text, spans)
    assert p.cue is None and p.source is None
