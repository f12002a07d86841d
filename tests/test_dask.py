"""Dask: on a LocalCluster of worker processes, the same quotations as one process."""

from __future__ import annotations

import logging
import sys

import pytest

import quoteattr
from quoteattr.errors import OptionalDependencyError
from quoteattr.frames import results_to_pandas

from tests.conftest import ARTICLES, synthetic_articles

pytest.importorskip("dask.bag")
pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")
pd = pytest.importorskip("pandas")

import dask.bag as db  # noqa: E402
import dask.dataframe as dd  # noqa: E402

from quoteattr.dask import extract_bag, extract_dataframe, results_to_dask  # noqa: E402


@pytest.fixture(scope="module")
def corpus() -> list[tuple[str, str]]:
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(ARTICLES.glob("*.txt"))]
    return seeds + synthetic_articles(36)


@pytest.fixture(scope="module")
def reference(corpus):
    return list(quoteattr.Pipeline("rules").stream(corpus))


@pytest.fixture(scope="module")
def client():
    cluster = distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                       dashboard_address=None, silence_logs=logging.ERROR)
    with distributed.Client(cluster) as c:
        yield c
    cluster.close()


def test_bag_on_a_local_cluster_matches_one_process(client, corpus, reference):
    bag = db.from_sequence([{"id": d, "text": t, "outlet": "wire"} for d, t in corpus], npartitions=6)
    results = extract_bag(bag, engine="rules").compute()
    assert [r.doc_id for r in results] == [d for d, _ in corpus]
    assert [r.quotes for r in results] == [r.quotes for r in reference]
    assert [r.entities for r in results] == [r.entities for r in reference]
    assert all(r.metadata == {"outlet": "wire"} for r in results)
    # engines were built once per worker process, not once per partition
    built = client.run(lambda: __import__("quoteattr.parallel").parallel.worker_pipeline.cache_info().misses)
    assert len(built) == 2 and all(n <= 1 for n in built.values())


def test_dataframe_of_texts_to_dataframe_of_quotations(client, corpus, reference):
    articles = pd.DataFrame({"doc_id": [d for d, _ in corpus], "text": [t for _, t in corpus],
                             "outlet": "wire"})
    quotes = extract_dataframe(dd.from_pandas(articles, npartitions=5), engine="rules")
    expected = results_to_pandas(reference)
    pd.testing.assert_series_equal(quotes.dtypes, expected.dtypes)
    got = quotes.compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(got, expected)


def test_results_bag_to_dataframe_and_bare_texts(client, corpus, reference):
    bag = db.from_sequence([t for _, t in corpus[:10]], npartitions=3)
    results = extract_bag(bag, engine="rules")
    frame = results_to_dask(results).compute().reset_index(drop=True)
    ids = frame["doc_id"].unique().tolist()
    assert all(i.startswith("doc") for i in ids) and len(set(r.doc_id for r in results.compute())) == 10
    assert frame["text"].tolist() == results_to_pandas(reference[:10])["text"].tolist()


def test_bad_rows_are_skipped():
    bag = db.from_sequence([{"id": "a", "text": "He said: \"Yes.\""}, {"id": "b", "text": None}], npartitions=1)
    results = extract_bag(bag, engine="rules", on_error="skip").compute(scheduler="sync")
    assert [r.doc_id for r in results] == ["a"]


def test_missing_columns_are_named():
    df = dd.from_pandas(pd.DataFrame({"body": ["x"]}), npartitions=1)
    with pytest.raises(KeyError, match="no text column 'text'"):
        extract_dataframe(df)


def test_without_dask_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "dask.bag", None)
    with pytest.raises(OptionalDependencyError, match=r"quoteattr\[dask\]"):
        extract_bag(None)  # type: ignore[arg-type]
