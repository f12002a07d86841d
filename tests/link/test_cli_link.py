"""`quoteattr link` and `quoteattr claims`."""

from __future__ import annotations

import json

from quoteattr.cli import main
from tests.conftest import ARTICLES


def test_link_writes_the_output_contract_with_ids(capsys):
    assert main(["link", str(ARTICLES), "--engine", "rules", "--no-paraphrase"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 5
    quotes = [q for r in records for q in r["quotes"]]
    assert quotes and all(q["claim_id"] for q in quotes)
    named = [q["speaker"] for q in quotes if q["speaker"] and q["speaker"]["name"]]
    assert named and all(s["entity_id"] for s in named)


def test_link_with_a_db_then_claims_table(tmp_path, capsys):
    db = str(tmp_path / "claims.db")
    files = sorted(ARTICLES.glob("*.txt"))
    assert main(["link", *map(str, files[:3]), "--db", db, "--engine", "rules", "--no-paraphrase"]) == 0
    first = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert main(["link", *map(str, files[3:]), "--db", db, "--engine", "rules", "--no-paraphrase",
                 "--format", "table"]) == 0
    assert capsys.readouterr().out.startswith("claim")
    assert main(["claims", "--db", db, "--limit", "0"]) == 0
    table = capsys.readouterr().out
    assert all(q["claim_id"] in table for r in first for q in r["quotes"][:1])
    assert main(["claims", "--db", db, "--speaker", "Lavrov", "--format", "jsonl", "--no-paraphrase"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows and all(any("Lavrov" in (m["speaker_name"] or "") for m in r["members"]) for r in rows)


def test_link_reads_extraction_results(tmp_path, capsys):
    assert main(["extract", str(ARTICLES), "--engine", "rules"]) == 0
    path = tmp_path / "extracted.jsonl"
    path.write_text(capsys.readouterr().out, encoding="utf-8")
    assert main(["link", str(path), "--input-format", "results", "--no-paraphrase"]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 5


def test_claims_without_an_index_says_how_to_make_one(tmp_path, capsys):
    assert main(["claims", "--db", str(tmp_path / "none.db")]) == 1
    assert "quoteattr link" in capsys.readouterr().err
