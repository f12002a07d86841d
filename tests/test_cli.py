"""The command line: extract over files and folders, output formats, bad files, eval."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quoteattr.cli import main
from tests.conftest import ARTICLES, DATA, NEEDS_SHARED, SHARED


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_extract_folder_writes_one_jsonl_line_per_article(capsys):
    code, out, err = run(capsys, "extract", "--engine", "rules", str(ARTICLES))
    assert code == 0
    records = [json.loads(line) for line in out.splitlines()]
    assert [r["doc_id"] for r in records] == sorted(p.stem for p in ARTICLES.glob("*.txt"))
    for r in records:
        text = (ARTICLES / f"{r['doc_id']}.txt").read_text(encoding="utf-8")
        assert r["quotes"], r["doc_id"]
        for q in r["quotes"]:
            assert text[q["start"]:q["end"]] == q["text"]


def test_extract_table_and_json_formats(capsys, tmp_path):
    seed = sorted(ARTICLES.glob("*.txt"))[0]
    code, out, _ = run(capsys, "extract", "--engine", "rules", "--format", "table", str(seed))
    assert code == 0 and "Mevlut Cavusoglu" in out and "Foreign Minister" in out
    dest = tmp_path / "out.json"
    code, out, _ = run(capsys, "extract", "--engine", "rules", "--format", "json", "--out", str(dest), str(seed))
    assert code == 0 and out == ""
    data = json.loads(dest.read_text(encoding="utf-8"))
    assert data[0]["doc_id"] == seed.stem


def test_a_bad_file_is_reported_and_skipped(capsys, tmp_path):
    (tmp_path / "good.txt").write_text('"We will win," the minister said.', encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes("Caf\xe9 \xe9t\xe9".encode("latin-1"))
    code, out, err = run(capsys, "extract", "--engine", "rules", str(tmp_path))
    assert code == 0
    assert [json.loads(line)["doc_id"] for line in out.splitlines()] == ["good"]
    assert "bad.txt" in err and "not UTF-8" in err


def test_nothing_processed_is_an_error(capsys, tmp_path):
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00bin")
    code, out, err = run(capsys, "extract", "--engine", "rules", str(tmp_path / "bad.txt"), str(tmp_path / "nope.txt"))
    assert code == 1 and out == ""
    assert "nope.txt: no such file" in err


def test_no_input_is_a_usage_error(capsys):
    code, _, err = run(capsys, "extract", "--engine", "rules")
    assert code == 2 and "no input" in err


def test_eval_scores_like_the_project_scorer(capsys, tmp_path):
    pred = tmp_path / "pred.jsonl"
    run(capsys, "extract", "--engine", "rules", "--out", str(pred), str(ARTICLES))
    code, out, _ = run(capsys, "eval", "--gold", str(DATA / "seeds.gold.jsonl"), "--pred", str(pred),
                       "--text-dir", str(ARTICLES), "--by-confidence")
    assert code == 0
    figures = json.loads(out.splitlines()[-1])
    assert figures["overlap50"]["f1"] >= 0.85
    assert "span+speaker P" in out


@NEEDS_SHARED
def test_eval_matches_shared_score_py(capsys, tmp_path):
    pred = tmp_path / "pred.jsonl"
    run(capsys, "extract", "--engine", "rules", "--out", str(pred), str(ARTICLES))
    _, out, _ = run(capsys, "eval", "--gold", str(DATA / "seeds.gold.jsonl"), "--pred", str(pred),
                    "--text-dir", str(ARTICLES))
    ref = subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(DATA / "seeds.gold.jsonl"),
                          "--pred", str(pred), "--text-dir", str(ARTICLES)], capture_output=True, text=True, check=True)
    assert json.loads(out.splitlines()[-1]) == json.loads(ref.stdout.splitlines()[-1])


def test_python_m_entry_point(tmp_path):
    seed = sorted(ARTICLES.glob("*.txt"))[-1]
    proc = subprocess.run([sys.executable, "-m", "quoteattr", "extract", "--engine", "rules", str(seed)],
                          capture_output=True, text=True, check=True)
    assert json.loads(proc.stdout)["doc_id"] == seed.stem


@pytest.mark.parametrize("args", [["--version"], ["extract", "--help"]])
def test_help_and_version(args, capsys):
    with pytest.raises(SystemExit) as exc:
        main(args)
    assert exc.value.code == 0
