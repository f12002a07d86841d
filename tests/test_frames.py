"""DataFrames of quotations: one row per quotation, fixed columns and dtypes, clear error without pandas."""

from __future__ import annotations

import sys

import attrs
import pytest

import quoteattr
from quoteattr.errors import OptionalDependencyError
from quoteattr.frames import COLUMNS, empty_frame, results_to_pandas
from quoteattr.model import Cue, Quote, Result, Speaker

from tests.conftest import ARTICLES

pd = pytest.importorskip("pandas")

TEXT = '"Talks have failed," the envoy said. Lavrov said the truce was "senseless".'


def span(s: str, after: int = 0) -> tuple[int, int]:
    start = TEXT.index(s, after)
    return start, start + len(s)


def sample() -> Result:
    envoy = Speaker(None, "the envoy", *span("the envoy"), "envoy", "person", "d#e1")
    lavrov = Speaker("Sergei Lavrov", "Lavrov", *span("Lavrov"), None, "person", "d#e2")
    q1 = Quote(*span("Talks have failed,"), "Talks have failed,", "direct", Cue(*span("said"), "said", "say"), envoy, 0.9)
    q2 = Quote(*span("senseless"), "senseless", "partial", None, lavrov, 0.6)
    mixed = 'the truce was "senseless"'
    q3 = Quote(*span(mixed), mixed, "mixed", Cue(*span("said", 40), "said", "say"), None, 0.3)
    return Result("d", (q1, q3, q2), (), "rules", TEXT)


def test_one_row_per_quotation_with_the_contract_fields():
    df = results_to_pandas(sample())
    assert list(df.columns) == list(COLUMNS)
    assert {c: str(t) for c, t in df.dtypes.items()} == {c: str(pd.Series([], dtype=t).dtype) for c, t in COLUMNS.items()}
    assert len(df) == 3
    row = df.iloc[0]
    assert row["text"] == "Talks have failed," and row["kind"] == "direct" and row["cue"] == "said"
    assert pd.isna(row["speaker"]) and row["mention"] == "the envoy" and row["role"] == "envoy"
    assert row["speaker_start"] == TEXT.index("the envoy") and row["confidence"] == 0.9
    assert df["quote"].tolist() == [0, 1, 2]
    unattributed = df.iloc[1]
    assert pd.isna(unattributed["speaker_type"]) and pd.isna(unattributed["speaker_start"])
    assert pd.isna(df.iloc[2]["cue"]) and pd.isna(df.iloc[2]["cue_start"])
    for _, r in df.iterrows():
        assert TEXT[r["start"]:r["end"]] == r["text"]


def test_records_and_results_give_the_same_frame():
    r = sample()
    pd.testing.assert_frame_equal(results_to_pandas([r.to_dict()]), results_to_pandas([r]))
    pd.testing.assert_frame_equal(r.to_pandas(), results_to_pandas(r))
    assert quoteattr.results_to_pandas is results_to_pandas


def test_claim_ids_of_linked_results_come_through():
    r = sample()
    linked = attrs.evolve(r, quotes=tuple(attrs.evolve(q, claim_id=f"c{k}") for k, q in enumerate(r.quotes)))
    assert results_to_pandas([linked])["claim_id"].tolist() == ["c0", "c1", "c2"]

    class Linked:  # the shape of quoteattr.link's Linked: results with claim ids set
        results = (linked, r)

    df = results_to_pandas(Linked())
    assert df["claim_id"].tolist()[:3] == ["c0", "c1", "c2"] and df["claim_id"].isna().sum() == 3


def test_empty_inputs_keep_columns_and_dtypes():
    for df in (results_to_pandas([]), results_to_pandas(Result("x")), empty_frame()):
        assert len(df) == 0 and list(df.columns) == list(COLUMNS)
        pd.testing.assert_series_equal(df.dtypes, empty_frame().dtypes)


def test_seed_corpus_who_said_what(rules):
    results = [rules.extract(p.read_text(encoding="utf-8"), doc_id=p.stem) for p in sorted(ARTICLES.glob("*.txt"))]
    df = results_to_pandas(results)
    assert len(df) == sum(len(r.quotes) for r in results)
    assert df["doc_id"].nunique() == len(results)
    assert df["speaker"].notna().any()
    assert set(df["kind"].unique()) <= {"direct", "partial", "indirect", "mixed"}


def test_without_pandas_the_error_says_how_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(OptionalDependencyError, match=r"pip install 'quoteattr\[notebook\]'"):
        results_to_pandas(sample())
    with pytest.raises(ImportError):  # still an ImportError for callers who catch that
        sample().to_pandas()
