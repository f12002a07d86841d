"""Properties that hold for every input: offsets, determinism, round trips, no crash."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import Result
from tests.strategies import any_text, article_records, json_values, news_like, results

NLP = quoteattr.Pipeline("rules")
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check_offsets(text: str, r: Result) -> None:
    for q in r.quotes:
        assert 0 <= q.start <= q.end <= len(text)
        assert text[q.start:q.end] == q.text
        assert 0.0 <= q.confidence <= 1.0
        assert q.kind in ("direct", "partial", "indirect", "mixed")
        if q.cue is not None:
            assert text[q.cue.start:q.cue.end] == q.cue.text
        if q.speaker is not None and q.speaker.start is not None:
            assert text[q.speaker.start:q.speaker.end] == q.speaker.mention
    # the parts of a split quotation: numbered 1..n in text order, not overlapping, one speaker
    for utterance in r.utterances():
        if utterance[0].utterance_id is None:
            continue
        assert [q.part for q in utterance] == list(range(1, len(utterance) + 1)) == \
            list(range(1, utterance[0].n_parts + 1))
        assert all(a.end <= b.start for a, b in zip(utterance, utterance[1:]))
        assert len({(q.speaker, q.cue, q.kind) for q in utterance}) == 1


@SETTINGS
@given(any_text)
def test_any_text_extracts_without_error_and_offsets_are_valid(text):
    _check_offsets(text, NLP.extract(text))


@SETTINGS
@given(st.lists(news_like, min_size=1, max_size=5).map("\n".join))
def test_news_like_paragraphs(text):
    _check_offsets(text, NLP.extract(text))


@SETTINGS
@given(any_text)
def test_deterministic(text):
    assert NLP.extract(text) == NLP.extract(text)


@SETTINGS
@given(any_text)
def test_serialization_round_trips(text):
    r = NLP.extract(text, doc_id="d")
    assert Result.from_dict(json.loads(r.to_json(include_text=True))) == r
    d = r.to_dict()
    assert Result.from_dict(d).to_dict() == d


def test_seed_articles_are_deterministic_across_pipelines():
    from tests.conftest import ARTICLES

    other = quoteattr.Pipeline("rules")
    for p in sorted(ARTICLES.glob("*.txt")):
        text = p.read_text(encoding="utf-8")
        assert NLP.extract(text).to_dict() == other.extract(text).to_dict()


# -- the JSONL reader and writer ----------------------------------------------------------------
@SETTINGS
@given(article_records)
def test_jsonl_records_round_trip(rec):
    from quoteattr.inputs import parse_record
    from quoteattr.io import dumps

    back = parse_record(dumps(rec), lineno=1, source="s")
    assert back == dict(rec, doc_id=rec["id"])


@SETTINGS
@given(st.one_of(st.text(), st.binary().map(lambda b: b.decode("utf-8", "surrogateescape")),
                 st.builds(lambda v: json.dumps(v), json_values)))
def test_any_line_is_a_record_or_one_bad_record(line):
    from quoteattr.inputs import BadRecord, parse_record

    got = parse_record(line, lineno=7, source="feed.jsonl")
    assert isinstance(got, (dict, BadRecord))
    if isinstance(got, BadRecord):
        assert got.problem and (got.doc_id == "feed.jsonl:7" or got.where == "line 7 of feed.jsonl")
    else:
        assert isinstance(got["text"], str) and got["text"].strip() and isinstance(got["doc_id"], str)


@SETTINGS
@given(st.recursive(st.none() | st.floats() | st.text() | st.integers(),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3),
                    max_leaves=10))
def test_dumps_always_writes_json_that_encodes(value):
    from quoteattr.io import dumps

    line = dumps({"doc_id": "d", "metadata": value})
    line.encode("utf-8")  # no lone surrogates left
    back = json.loads(line, parse_constant=lambda c: pytest.fail(f"{c} written"))
    assert back["doc_id"] == "d"


@settings(max_examples=100, deadline=None)
@given(st.lists(results(), max_size=4))
def test_results_read_back_from_jsonl(rs):
    import io

    from quoteattr.io import dumps, read_results

    lines = io.StringIO("".join(dumps(r.to_dict(include_text=True)) + "\n" for r in rs))
    assert list(read_results(lines)) == rs


# -- the claim index ----------------------------------------------------------------------------
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.builds(lambda t, n: (f"art-{n}", t), news_like.filter(str.strip), st.integers(0, 5)), max_size=5))
def test_claim_index_stores_what_it_returns(articles):
    import tempfile

    import attrs

    from quoteattr.link import ClaimIndex

    with tempfile.TemporaryDirectory() as tmp, ClaimIndex(f"{tmp}/c.db", paraphrase=False, pipeline=NLP) as idx:
        linked = {}
        for doc_id, text in articles:
            linked[doc_id] = idx.add((doc_id, text))
            assert all(q.claim_id for q in linked[doc_id].quotes)
        assert len(idx) == len(linked)
        for doc_id, r in linked.items():
            assert idx.get(doc_id) == attrs.evolve(r, text=None)
        assert idx.check() == []
