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
def _tags(spans, n):
    tags = [0] * n
    for a, b in spans:
        tags[a] = 1
        tags[a + 1:b] = [2] * (b - a - 1)
    return tags


def _score(probs, tags):
    lp = np.log(np.clip(probs, 1e-6, 1.0))
    return sum(lp[k, t] for k, t in enumerate(tags))


def _oracle(probs):
    """The best score over every BIO-valid tag sequence (I only after B or I)."""
    best = -np.inf
    for tags in itertools.product(range(3), repeat=len(probs)):
        if any(t == 2 and (k == 0 or tags[k - 1] == 0) for k, t in enumerate(tags)):
            continue
        best = max(best, _score(probs, tags))
    return best


probs_strategy = st.integers(1, 6).flatmap(lambda n: st.lists(
    st.lists(st.floats(0.01, 1.0), min_size=3, max_size=3), min_size=n, max_size=n))


@settings(max_examples=150, deadline=None)
@given(probs_strategy)
def test_bio_viterbi_finds_the_best_valid_sequence(rows):
    probs = np.array(rows, dtype=np.float64)
    probs /= probs.sum(axis=1, keepdims=True)
    spans = [(a, b) for a, b, _ in neural.bio_viterbi(probs)]
    assert all(0 <= a < b <= len(probs) for a, b in spans)
    assert _score(probs, _tags(spans, len(probs))) == pytest.approx(_oracle(probs))  # ties may differ


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


# -- the shipped model on sentences written for these tests ------------------------------------------
@pytest.fixture(scope="module")
def nlp():
    if neural.runtime_missing() is not None:
        pytest.skip(f"neural runtime unavailable: {neural.runtime_missing()}")
    import quoteattr

    return quoteattr.Pipeline("neural")


def _quotes(nlp, text):
    r = nlp.extract(text)
    for q in r.quotes:  # offsets are exact into the raw text
        assert text[q.start:q.end] == q.text
        if q.cue is not None:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.start is not None:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.mention
    return r.quotes


def _overlap(a, b):
    inter = min(a[1], b[1]) - max(a[0], b[0])
    return max(0, inter) / (max(a[1], b[1]) - min(a[0], b[0]))


@pytest.mark.parametrize("text, content, kind, cue, source", [
    ('"We will not raise taxes this year," the finance minister told reporters on Monday.',
     "We will not raise taxes this year,", "direct", "told", "the finance minister"),
    ("The mayor said the bridge would reopen in May.", "the bridge would reopen in May", "indirect", "said",
     "The mayor"),
    ("The governor denied that she had met the lobbyist.", "she had met the lobbyist", "indirect", "denied",
     "The governor"),
    ("Union leaders accused the company of breaking its promises to workers.",
     "the company of breaking its promises to workers", "indirect", "accused", "Union leaders"),
])
def test_shipped_model_finds_content_kind_cue_and_source(nlp, text, content, kind, cue, source):
    a = text.index(content)
    found = [q for q in _quotes(nlp, text) if _overlap((q.start, q.end), (a, a + len(content))) >= 0.5]
    assert found, f"no quotation overlapping {content!r}"
    q = found[0]
    assert q.kind == kind
    assert q.cue is not None and q.cue.text == cue
    assert q.speaker is not None and q.speaker.mention == source


def test_shipped_model_reads_a_noun_phrase_object_as_content(nlp):
    # PolNeAR's definition: the object of "called for" is what was said
    text = "The senator called for a ceasefire in the region."
    contents = [q.text for q in _quotes(nlp, text)]
    assert any("a ceasefire in the region" in c for c in contents), contents


def test_shipped_model_keeps_each_speaker_of_two_sentences_apart(nlp):
    text = ("The mayor said the bridge would reopen in May. "
            "Engineers at the city council warned that the repairs could take longer.")
    by_content = {q.text: q.speaker.mention for q in _quotes(nlp, text) if q.speaker}
    bridge = [s for c, s in by_content.items() if "bridge would reopen" in c]
    repairs = [s for c, s in by_content.items() if "repairs could take longer" in c]
    assert bridge == ["The mayor"]
    assert repairs and "Engineers" in repairs[0]


def test_no_learned_span_crosses_a_paragraph(nlp):
    text = "The minister said prices would fall\n\nnext year, analysts at the bank said."
    for q in _quotes(nlp, text):
        assert "\n" not in q.text


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(news_like)
def test_offsets_are_exact_on_any_news_like_text(nlp, text):
    _quotes(nlp, text)


def test_stream_gives_what_extract_gives(nlp):
    texts = ["The mayor said the bridge would reopen in May.",
             '"We will not back down," she told reporters.\n\nCritics said the plan was reckless.',
             "No one said anything."]
    one = [nlp.extract(t, doc_id=f"d{n}").to_dict() for n, t in enumerate(texts)]
    assert [r.to_dict() for r in nlp.stream([(f"d{n}", t) for n, t in enumerate(texts)])] == one


def test_auto_does_not_pick_neural_even_with_its_runtime_installed(nlp):
    """The shipped model trails the rules on news quotations: it is chosen by name only."""
    import quoteattr

    auto = quoteattr.Pipeline("auto")
    assert auto.engine_name in ("rules", "stanza") and "neural" not in auto.note


def test_neural_without_its_runtime_says_how_to_install_it(monkeypatch):
    from quoteattr.errors import OptionalDependencyError

    monkeypatch.setattr(neural, "runtime_missing", lambda: "the 'onnxruntime' package is not installed")
    neural.load_model.cache_clear()
    with pytest.raises(OptionalDependencyError, match=r"pip install 'quoteattr\[neural\]'"):
        neural.NeuralEngine()
    neural.load_model.cache_clear()


def test_models_status_lists_the_neural_model(capsys):
    from quoteattr.cli import main

    main(["models", "status"])
    out = capsys.readouterr().out
    assert "neural model:" in out and "quoteattr-neural-en" in out and "PolNeAR train" in out


@pytest.mark.parametrize("text", ["", "   \n\n  ", "“", "Reuters"])
def test_text_without_attributions_gives_none(nlp, text):
    assert _quotes(nlp, text) == ()
