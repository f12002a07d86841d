"""Properties that hold for every input: offsets, determinism, round trips, no crash."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import quoteattr
from quoteattr import Result
from tests.strategies import any_text, news_like

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
