"""Newsroom pipelines: JSONL in, JSONL out, streaming, per-record errors, the documented schema."""

from __future__ import annotations

import json
import queue
import subprocess
import sys
import threading

import pytest

from quoteattr.io import SCHEMA_VERSION

from tests.conftest import ROOT, synthetic_articles

jsonschema = pytest.importorskip("jsonschema")
SCHEMA = json.loads((ROOT / "docs" / "schema.json").read_text(encoding="utf-8"))
CMD = [sys.executable, "-m", "quoteattr", "extract", "--input-format", "jsonl", "--engine", "rules"]


def validate(line: dict) -> None:
    jsonschema.Draft202012Validator(SCHEMA).validate(line)


def records(n: int) -> list[dict]:
    arts = synthetic_articles(n)
    return [{"id": d, "text": t, "outlet": "wire", "date": "2016-12-13"} for d, t in arts]


def jsonl(recs) -> bytes:
    return b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in recs)


def test_schema_file_is_a_valid_json_schema():
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


def test_one_invalid_record_among_a_thousand():
    recs = [jsonl([r]) for r in records(1000)]
    recs[500] = b'{"id": "broken", "text": "caf\xe9 au lait"}\n'  # Latin-1 byte, not UTF-8
    proc = subprocess.run(CMD + ["--error-lines"], input=b"".join(recs), capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr.decode()
    lines = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    results = [x for x in lines if "error" not in x]
    errors = [x for x in lines if "error" in x]
    assert len(results) == 999 and len(errors) == 1
    assert errors[0]["doc_id"] == "broken" and "UTF-8" in errors[0]["error"]
    assert [r["doc_id"] for r in results] == [f"synthetic-{k:03d}" for k in range(1000) if k != 500]
    assert results[0]["metadata"] == {"outlet": "wire", "date": "2016-12-13"}
    stderr = proc.stderr.decode()
    assert "broken:" in stderr and "999 article(s) processed, 1 skipped" in stderr
    for x in lines[:50] + errors:
        validate(x)


def test_error_kinds_are_reported_on_stderr_once_each():
    stream = (jsonl(records(2)) + b"not json\n" + jsonl([{"id": "empty", "text": "  "}, {"id": "notext"},
                                                          {"id": "null", "text": None}, ["a list"]]))
    proc = subprocess.run(CMD, input=stream, capture_output=True, timeout=120)
    assert proc.returncode == 0
    assert len(proc.stdout.decode().splitlines()) == 2  # no error lines unless asked for
    err = proc.stderr.decode()
    lines = err.splitlines()
    for what in ("quoteattr: stdin:3: not valid JSON", "quoteattr: empty: empty text", "quoteattr: notext:",
                 "quoteattr: null:", "quoteattr: stdin:7: expected a JSON object"):
        assert sum(x.startswith(what) for x in lines) == 1, (what, err)
    assert "no 'text' field" in err
    assert "2 article(s) processed, 5 skipped" in err


def test_output_streams_before_the_input_ends():
    """A pipe sees results while the producer is still writing: nothing waits for end of input."""
    proc = subprocess.Popen(CMD + ["--batch-size", "4"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        proc.stdin.write(jsonl(records(8)))
        proc.stdin.flush()
        first = lines.get(timeout=60)  # stdin is still open
        assert json.loads(first)["doc_id"] == "synthetic-000"
        assert proc.poll() is None
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0


def test_each_result_comes_out_while_the_pipe_stays_open():
    """One line at a time, the default batch size: each result is written and flushed as soon as
    its line is in, not when a batch fills or stdin closes (which never happens here)."""
    proc = subprocess.Popen(CMD, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=lambda: [lines.put(x) for x in proc.stdout], daemon=True).start()
    try:
        for rec in records(4):
            proc.stdin.write(jsonl([rec]))
            proc.stdin.flush()
            got = json.loads(lines.get(timeout=30))  # the process waits on stdin for more, and still answers
            assert got["doc_id"] == rec["id"]
            assert proc.poll() is None
        proc.stdin.write(b"not json\n")  # a bad line is reported at once too
        proc.stdin.flush()
        proc.stdin.write(jsonl(records(5)[4:]))
        proc.stdin.flush()
        assert json.loads(lines.get(timeout=30))["doc_id"] == "synthetic-004"
    finally:
        proc.stdin.close()
        proc.wait(timeout=60)
    assert proc.returncode == 0
    assert "stdin:5: not valid JSON" in proc.stderr.read().decode()


def test_jobs_keep_the_order_and_the_results(tmp_path):
    data = tmp_path / "in.jsonl"
    data.write_bytes(jsonl(records(60)))
    one = subprocess.run(CMD + ["-q", str(data)], capture_output=True, timeout=120)
    two = subprocess.run(CMD + ["-q", "--jobs", "2", str(data)], capture_output=True, timeout=120)
    assert one.returncode == two.returncode == 0
    assert one.stdout == two.stdout and one.stdout.count(b"\n") == 60
    assert two.stderr == b""  # quiet, and no progress bar when stderr is not a terminal


def test_real_output_matches_the_schema(tmp_path):
    from quoteattr.cli import main

    from tests.conftest import ARTICLES

    out = tmp_path / "seeds.jsonl"
    assert main(["extract", "--engine", "rules", "--include-text", "-q", str(ARTICLES), "-o", str(out)]) == 0
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 5
    for line in lines:
        validate(line)
        assert line["schema_version"] == SCHEMA_VERSION
        for q in line["quotes"]:
            assert line["text"][q["start"]:q["end"]] == q["text"]
    with pytest.raises(jsonschema.ValidationError):
        bad = dict(lines[0], quotes=[dict(lines[0]["quotes"][0], kind="rumour")])
        validate(bad)


def test_progress_bar_on_a_terminal_only(tmp_path):
    """articles/s and ETA on stderr when it is a terminal; nothing with --quiet."""
    import os
    import pty

    from tests.conftest import ARTICLES

    def run(*extra: str) -> str:
        master, slave = pty.openpty()
        try:
            proc = subprocess.run([sys.executable, "-m", "quoteattr", "extract", "--engine", "rules", *extra,
                                   str(ARTICLES), "-o", str(tmp_path / "out.jsonl")],
                                  stderr=slave, stdout=subprocess.DEVNULL, timeout=120)
            assert proc.returncode == 0
            os.close(slave)
            slave = -1
            chunks = []
            while True:
                try:
                    data = os.read(master, 4096)
                except OSError:  # the other end is closed: all read
                    break
                if not data:
                    break
                chunks.append(data)
            return b"".join(chunks).decode("utf-8", "replace")
        finally:
            if slave != -1:
                os.close(slave)
            os.close(master)

    shown = run()
    assert "5/5" in shown and "art/s" in shown
    assert run("--quiet") == ""
