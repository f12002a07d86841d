"""extract_many: the same results as one process, in input order, bad records reported, the rest kept."""

from __future__ import annotations

import itertools

import pytest

import quoteattr
from quoteattr import InputError, QuoteattrError
from quoteattr.parallel import extract_many, resolve_jobs

from tests.conftest import ARTICLES, synthetic_articles


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    return seeds + synthetic_articles(40)


@pytest.fixture(scope="module")
def reference(corpus):
    return list(quoteattr.Pipeline("rules").stream(corpus))


def test_two_workers_match_one_process_in_order(corpus, reference):
    got = list(extract_many(corpus, n_jobs=2, engine="rules", chunk_size=3))
    assert [r.doc_id for r in got] == [d for d, _ in corpus]
    assert got == reference  # quotes, speakers, text, metadata: everything
    assert list(extract_many(corpus, n_jobs=1, engine="rules")) == reference


def test_a_generator_of_records_with_metadata(corpus):
    records = ({"id": d, "text": t, "outlet": "wire", "n": k} for k, (d, t) in enumerate(corpus[:12]))
    got = list(extract_many(records, n_jobs=2, engine="rules", chunk_size=5))
    assert [r.doc_id for r in got] == [d for d, _ in corpus[:12]]
    assert [r.metadata for r in got] == [{"outlet": "wire", "n": k} for k in range(12)]


def test_bare_texts_are_numbered_across_the_whole_input(corpus):
    texts = [t for _, t in corpus[:7]]
    got = list(extract_many(texts, n_jobs=2, engine="rules", chunk_size=2))
    assert [r.doc_id for r in got] == [f"doc{k}" for k in range(7)]


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_a_bad_record_in_the_middle_is_reported_and_the_rest_kept(corpus, n_jobs):
    records: list = [{"id": d, "text": t} for d, t in corpus[:20]]
    records[7] = {"id": "no-text"}
    records[12] = {"id": "bad-bytes", "text": "caf\udce9 au lait"}  # undecodable byte, surrogate-escaped
    records[15] = {"id": "not-text", "text": 42}
    errors: list = []
    got = list(extract_many(records, n_jobs=n_jobs, engine="rules", chunk_size=4, on_error="skip", errors=errors))
    assert len(got) == 17
    assert [r.doc_id for r in got] == [r["id"] for k, r in enumerate(records) if k not in (7, 12, 15)]
    assert sorted(d for d, _ in errors) == ["bad-bytes", "no-text", "not-text"]
    assert all(msg for _, msg in errors)


@pytest.mark.parametrize("n_jobs", [1, 2])
def test_on_error_raise(corpus, n_jobs):
    records = [{"id": "ok", "text": corpus[0][1]}, {"id": "bad", "text": None}]
    with pytest.raises(InputError, match="bad"):
        list(extract_many(records, n_jobs=n_jobs, engine="rules", on_error="raise"))


def test_warn_logs_each_skipped_record(caplog, corpus):
    records = [{"id": "a", "text": corpus[0][1]}, {"id": "b", "text": 3}]
    with caplog.at_level("WARNING", logger="quoteattr"):
        got = list(extract_many(records, n_jobs=2, engine="rules", on_error="warn"))
    assert len(got) == 1 and "skipped b" in caplog.text


def test_a_worker_that_cannot_build_its_engine_says_why():
    with pytest.raises(QuoteattrError, match="worker"):
        list(extract_many(["text"] * 3, n_jobs=2, engine="rules", lang="xx"))


def test_stopping_early_shuts_the_pool_down(corpus):
    it = extract_many(itertools.cycle(corpus), n_jobs=2, engine="rules", chunk_size=2)  # endless input
    first = list(itertools.islice(it, 5))
    it.close()
    assert [r.doc_id for r in first] == [d for d, _ in corpus[:5]]


def test_progress_bar_on_request(capsys, corpus):
    list(extract_many(corpus[:6], n_jobs=1, engine="rules", progress=True))
    err = capsys.readouterr().err
    assert "6/6" in err and "art/s" in err
    list(extract_many(corpus[:6], n_jobs=1, engine="rules", progress=False))
    assert capsys.readouterr().err == ""


def test_a_pipeline_can_be_passed(corpus, reference):
    nlp = quoteattr.Pipeline("rules")
    assert list(extract_many(corpus, n_jobs=1, engine=nlp)) == reference
    assert list(extract_many(corpus[:6], n_jobs=2, engine=nlp)) == reference[:6]


def test_resolve_jobs():
    assert resolve_jobs(3) == 3
    assert resolve_jobs(-1) == resolve_jobs(None) >= 1
    assert resolve_jobs(-1000) == 1
    with pytest.raises(ValueError, match="n_jobs=0"):
        resolve_jobs(0)
