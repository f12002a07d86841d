"""A corpus of bad inputs through the CLI: each costs its own record, never the run or a traceback.

Every case is a reproduction of something that once ended a run or lost good records; its id says
what broke.  Good records sit between the bad ones, and every one of them must come out.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, synthetic_articles

ENV = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
EXTRACT = [sys.executable, "-m", "quoteattr", "extract", "--engine", "rules"]

# (id, raw JSONL line as bytes, words the error message must hold)
BAD_LINES = [
    ("invalid_json", b'{"id": "x", "text": ', "not valid JSON"),
    ("five_thousand_digit_integer", b'{"id": "big", "text": "He said.", "n": ' + b"7" * 5000 + b"}", "digits"),
    ("json_nested_100000_deep", b"[" * 100_000 + b"]" * 100_000, "nested"),
    ("metadata_nested_deeper_than_allowed", b'{"id": "deep", "text": "He said.", "m": ' + b'{"a": ' * 80
     + b"1" + b"}" * 80 + b"}", "nested"),
    ("array_instead_of_object", b'["a", "list"]', "expected a JSON object"),
    ("string_instead_of_object", b'"just a string"', "expected a JSON object"),
    ("number_instead_of_object", b"42", "expected a JSON object"),
    ("null_instead_of_object", b"null", "expected a JSON object"),
    ("nan_in_metadata", b'{"id": "nan", "text": "He said.", "score": NaN}', "NaN"),
    ("infinity_in_metadata", b'{"id": "inf", "text": "He said.", "score": -Infinity}', "Infinity"),
    ("overflowing_float_in_metadata", b'{"id": "huge", "text": "He said.", "score": 1e999}', "1e999"),
    ("lone_surrogate_escape_in_id", b'{"id": "a\\ud800b", "text": "He said."}', "not UTF-8"),
    ("lone_surrogate_escape_in_metadata", b'{"id": "sur", "text": "He said.", "url": "\\udc80"}', "'url'"),
    ("invalid_utf8_in_id", b'{"id": "caf\xe9", "text": "He said."}', "not UTF-8"),
    ("invalid_utf8_in_metadata", b'{"id": "meta", "text": "He said.", "outlet": "Le Monde \xff"}', "'outlet'"),
    ("invalid_utf8_in_text", b'{"id": "latin", "text": "caf\xe9 au lait"}', "not UTF-8"),
    ("invalid_utf8_in_a_metadata_key", b'{"id": "key", "text": "He said.", "\xfe": 1}', "not UTF-8"),
    ("no_text_field", b'{"id": "notext", "body": "He said."}', "no 'text' field"),
    ("text_is_null", b'{"id": "nulltext", "text": null}', "'text' must be a string"),
    ("text_is_a_number", b'{"id": "numtext", "text": 12}', "'text' must be a string"),
    ("text_is_blank", b'{"id": "blank", "text": "   \\n "}', "empty text"),
    ("id_is_an_object", b'{"id": {"a": 1}, "text": "He said."}', "'id' must be a string or an integer"),
    ("id_is_a_boolean", b'{"id": true, "text": "He said."}', "'id' must be a string or an integer"),
    ("nul_byte_inside_the_json", b'{"id": "nul", "text": "He\x00 said."}', "not valid JSON"),
    ("trailing_garbage_after_object", b'{"id": "trail", "text": "He said."} extra', "not valid JSON"),
]


def good(k: int) -> dict:
    doc_id, text = synthetic_articles(k + 1)[k]
    return {"id": f"good-{k}", "text": text, "outlet": "wire"}


def stream() -> tuple[bytes, list[str]]:
    """Good records around every bad line, and the ids that must come out."""
    parts, ids = [], []
    for k, (_, line, _) in enumerate(BAD_LINES):
        parts.append(json.dumps(good(k)).encode())
        ids.append(f"good-{k}")
        parts.append(line)
    parts.append(json.dumps(good(len(BAD_LINES))).encode())
    ids.append(f"good-{len(BAD_LINES)}")
    return b"\n".join(parts) + b"\n", ids


@pytest.fixture(scope="module")
def run_stdout():
    data, ids = stream()
    proc = subprocess.run(EXTRACT + ["--input-format", "jsonl"], input=data, capture_output=True, env=ENV, timeout=300)
    return proc, ids


def test_bad_lines_cost_their_own_record_only(run_stdout):
    proc, ids = run_stdout
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert proc.returncode == 0  # something was processed: success, with the skipped records reported
    lines = proc.stdout.decode("utf-8").splitlines()
    records = [json.loads(x) for x in lines]  # valid JSON, every line
    assert [r["doc_id"] for r in records] == ids
    assert f"{len(ids)} article(s) processed, {len(BAD_LINES)} skipped" in err


@pytest.mark.parametrize("name, line, words", BAD_LINES, ids=[c[0] for c in BAD_LINES])
def test_each_bad_line_is_one_error_naming_its_line(run_stdout, name, line, words):
    proc, _ = run_stdout
    lineno = 2 * BAD_LINES.index((name, line, words)) + 2
    err_lines = [x for x in proc.stderr.decode("utf-8", "replace").splitlines() if x.endswith("; skipped")]
    mine = [x for x in err_lines if f"stdin:{lineno}:" in x or f"line {lineno} of stdin" in x]
    assert len(mine) == 1, (name, err_lines)
    assert words in mine[0], mine[0]


def test_output_file_and_stdout_are_the_same(run_stdout, tmp_path):
    proc, _ = run_stdout
    data, _ = stream()
    out = tmp_path / "out.jsonl"
    to_file = subprocess.run(EXTRACT + ["--input-format", "jsonl", "-o", str(out)], input=data, capture_output=True,
                             env=ENV, timeout=300)
    assert to_file.returncode == proc.returncode and to_file.stdout == b""
    assert out.read_bytes() == proc.stdout
    assert to_file.stderr == proc.stderr


def test_error_lines_are_valid_json_in_input_order(tmp_path):
    data, ids = stream()
    proc = subprocess.run(EXTRACT + ["--input-format", "jsonl", "--error-lines", "--jobs", "2"], input=data,
                          capture_output=True, env=ENV, timeout=300)
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    records = [json.loads(x) for x in proc.stdout.decode("utf-8").splitlines()]
    assert len(records) == len(ids) + len(BAD_LINES)
    kinds = ["error" in r for r in records]
    assert kinds == [k % 2 == 1 for k in range(len(records))]  # good, bad, good, bad, ... as in the input
    assert [r["doc_id"] for r in records if "error" not in r] == ids


def test_nothing_processed_exits_non_zero():
    data = b"".join(line + b"\n" for _, line, _ in BAD_LINES)
    proc = subprocess.run(EXTRACT + ["--input-format", "jsonl"], input=data, capture_output=True, env=ENV, timeout=300)
    assert proc.returncode == 1 and proc.stdout == b"" and b"Traceback" not in proc.stderr


def test_a_byte_order_mark_before_the_first_line_is_read_past(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(good(0)).encode() + b"\r\n" + json.dumps(good(1)).encode() + b"\r\n")
    proc = subprocess.run(EXTRACT + ["--input-format", "jsonl", str(path)], capture_output=True, env=ENV, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()] == ["good-0", "good-1"]


# -- paths ---------------------------------------------------------------------------------------
def bad_paths(tmp_path) -> dict[str, tuple[str, str]]:
    """name -> (path, words its message must hold)."""
    (tmp_path / "empty").mkdir()
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "loop-a").symlink_to(tmp_path / "loop-b")
    (tmp_path / "loop-b").symlink_to(tmp_path / "loop-a")
    os.mkfifo(tmp_path / "fifo.txt")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "binary.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    cases = {
        "empty_folder": ("empty", "folder holds no *.txt files"),
        "dangling_symlink": ("dangling.txt", "which does not exist"),
        "symlink_loop": ("loop-a", "symbolic link loop"),
        "fifo": ("fifo.txt", "a FIFO, not a regular file"),
        "missing_file": ("missing.txt", "no such file or directory"),
        "latin1_file": ("latin1.txt", "not UTF-8"),
        "binary_file": ("binary.txt", "binary"),
    }
    if os.geteuid() != 0:  # root reads any folder
        (tmp_path / "locked").mkdir()
        (tmp_path / "locked" / "a.txt").write_text("He said.", encoding="utf-8")
        (tmp_path / "locked").chmod(0)
        cases["unreadable_folder"] = ("locked", "cannot read this folder")
    return cases


def test_each_bad_path_gets_one_clear_message_naming_it_once(tmp_path):
    cases = bad_paths(tmp_path)
    (tmp_path / "good.txt").write_text('"We will not back down," the minister said.', encoding="utf-8")
    paths = [p for p, _ in cases.values()] + ["good.txt"]
    proc = subprocess.run(EXTRACT + paths, capture_output=True, env=ENV, timeout=300, cwd=tmp_path)
    err = proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in err, err
    assert [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()] == ["good"]
    for name, (path, words) in cases.items():
        mine = [x for x in err.splitlines() if x.startswith(f"quoteattr: {path}: ")]
        assert len(mine) == 1 and words in mine[0], (name, err)
        assert mine[0].count(path) == 1, mine[0]  # not "p: p: not UTF-8"
    (tmp_path / "locked").exists() and (tmp_path / "locked").chmod(0o755)


@pytest.mark.parametrize("name", ["empty_folder", "dangling_symlink", "symlink_loop", "fifo", "missing_file"])
def test_a_bad_path_alone_exits_non_zero(tmp_path, name):
    path, words = bad_paths(tmp_path)[name]
    proc = subprocess.run(EXTRACT + [path], capture_output=True, env=ENV, timeout=60, cwd=tmp_path)
    assert proc.returncode == 1 and proc.stdout == b""
    assert words in proc.stderr.decode() and b"Traceback" not in proc.stderr
    (tmp_path / "locked").exists() and (tmp_path / "locked").chmod(0o755)


def test_a_folder_given_as_jsonl_input_is_a_clear_error(tmp_path):
    proc = subprocess.run(EXTRACT + ["--input-format", "jsonl", str(tmp_path)], capture_output=True, env=ENV, timeout=60)
    assert proc.returncode == 1 and b"a folder; expected a JSONL file" in proc.stderr


# -- malformed result files ----------------------------------------------------------------------
def result_lines(tmp_path) -> tuple[bytes, list[tuple[str, str]]]:
    from quoteattr import extract

    good_recs = [extract(t, engine="rules", doc_id=d).to_dict(include_text=True) for d, t in synthetic_articles(3)]
    assert all(r["quotes"] for r in good_recs)
    q = good_recs[0]["quotes"][0]
    bad = [
        ("unknown_kind", dict(good_recs[0], doc_id="kind", quotes=[dict(q, kind="rumour")]), "quotes[0].kind"),
        ("quote_without_end", dict(good_recs[0], doc_id="noend", quotes=[{k: v for k, v in q.items() if k != "end"}]),
         "quotes[0].end"),
        ("offset_as_string", dict(good_recs[0], doc_id="strstart", quotes=[dict(q, start=str(q["start"]))]),
         "quotes[0].start"),
        ("end_before_start", dict(good_recs[0], doc_id="rev", quotes=[dict(q, start=q["end"] + 5)]), "ends before"),
        ("speaker_as_string", dict(good_recs[0], doc_id="spk", quotes=[dict(q, speaker="Bob")]), "quotes[0].speaker"),
        ("entity_without_id", dict(good_recs[0], doc_id="ent", speakers=[{"name": "Bob"}]), "speakers[0].id"),
        ("quotes_not_a_list", dict(good_recs[0], doc_id="ql", quotes={"a": 1}), "'quotes' must be an array"),
    ]
    lines = [json.dumps(good_recs[0]).encode()]
    expect = []
    for name, rec, words in bad:
        lines.append(json.dumps(rec).encode())
        expect.append((rec["doc_id"], words))
    lines.append(b'{"doc_id": "caf\xe9", "quotes": []}')  # undecodable doc_id
    expect.append(("results.jsonl:9", "'doc_id' holds bytes that are not UTF-8"))
    lines.append(b'{"doc_id": "x", "quotes": [')
    expect.append(("results.jsonl:10", "not valid JSON"))
    lines += [json.dumps(r).encode() for r in good_recs[1:]]
    return b"\n".join(lines) + b"\n", expect


@pytest.mark.parametrize("command", [["render", "--results", "-o", "page.html"],
                                     ["link", "--input-format", "results", "--no-paraphrase"]],
                         ids=["render", "link"])
def test_malformed_result_records_name_record_and_field(tmp_path, command):
    data, expect = result_lines(tmp_path)
    (tmp_path / "results.jsonl").write_bytes(data)
    proc = subprocess.run([sys.executable, "-m", "quoteattr", *command, "results.jsonl"], capture_output=True,
                          env=ENV, timeout=300, cwd=tmp_path)
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0 and "Traceback" not in err, err
    for where, words in expect:
        mine = [x for x in err.splitlines() if x.startswith(f"quoteattr: {where}: ")]
        assert len(mine) == 1 and words in mine[0], (where, err)
    if command[0] == "link":
        assert [json.loads(x)["doc_id"] for x in proc.stdout.splitlines()] == [f"synthetic-{k:03d}" for k in range(3)]
    else:
        page = (tmp_path / "page.html").read_text(encoding="utf-8")
        assert all(f"synthetic-{k:03d}" in page for k in range(3))


# -- the claim index and numbers out of range ----------------------------------------------------
@pytest.mark.parametrize("args, words", [
    (["--limit", "99999999999999999999"], "out of range"),
    (["--limit", "-3"], "out of range"),
    (["--min-members", "1e3"], "expected an integer"),
], ids=["limit_too_large", "limit_negative", "min_members_not_an_integer"])
def test_out_of_range_arguments_are_usage_errors(tmp_path, args, words):
    proc = subprocess.run([sys.executable, "-m", "quoteattr", "claims", "--db", str(tmp_path / "c.db"), *args],
                          capture_output=True, env=ENV, timeout=60)
    assert proc.returncode == 2 and words in proc.stderr.decode() and b"Traceback" not in proc.stderr


@pytest.mark.parametrize("content", [b"SQLite format 3\x00" + b"\xff" * 84, b"plain text, not a database\n"],
                         ids=["damaged_header", "not_sqlite"])
def test_a_file_that_is_not_a_claim_index_is_a_clear_error(tmp_path, content):
    path = tmp_path / "c.db"
    path.write_bytes(content)
    for cmd in (["claims", "--db", str(path)], ["claims", "--db", str(path), "--check"]):
        proc = subprocess.run([sys.executable, "-m", "quoteattr", *cmd], capture_output=True, env=ENV, timeout=60)
        assert proc.returncode == 1 and str(path).encode() in proc.stderr and b"Traceback" not in proc.stderr
    assert path.read_bytes() == content


def test_an_output_file_that_cannot_be_written_is_a_clear_error(tmp_path):
    (tmp_path / "a.txt").write_text('"We will win," she said.', encoding="utf-8")
    out = tmp_path / "no-such-folder" / "out.jsonl"
    proc = subprocess.run(EXTRACT + [str(tmp_path / "a.txt"), "-o", str(out)], capture_output=True, env=ENV, timeout=60)
    assert proc.returncode == 1 and b"cannot write the output here" in proc.stderr and b"Traceback" not in proc.stderr
