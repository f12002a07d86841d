"""The claim index refuses what is not its own, finds damage, and loses nothing to concurrent writers."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import textwrap

import pytest

from quoteattr.link import ClaimIndex
from quoteattr.link.index import APPLICATION_ID, ClaimIndexError
from tests.conftest import ROOT
from tests.link.helpers import article


def lavrov(doc_id: str) -> object:
    return article(doc_id, [(f"Talks on the treaty are over for now, number {doc_id}", "Sergei Lavrov")])


def forms(path, name: str) -> dict:
    db = sqlite3.connect(path)
    try:
        rows = db.execute("SELECT forms FROM entities WHERE name = ?", (name,)).fetchall()
    finally:
        db.close()
    assert len(rows) == 1, rows
    return json.loads(rows[0][0])


def test_two_handles_adding_the_same_speaker_keep_both_forms(tmp_path):
    path = tmp_path / "claims.db"
    with ClaimIndex(path, paraphrase=False) as a, ClaimIndex(path, paraphrase=False) as b:
        a.add(lavrov("one"))
        b.add(lavrov("two"))  # b opened before a's add: it must read it before writing
        a.add(lavrov("three"))
    assert forms(path, "Sergei Lavrov") == {"Sergei Lavrov": 3}


WRITER = textwrap.dedent("""
    import sys
    from quoteattr.link import ClaimIndex
    from tests.link.helpers import article
    path, tag, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    speakers = ["Sergei Lavrov", "Michele Sison", "Angela Merkel"]
    with ClaimIndex(path, paraphrase=False) as idx:
        for k in range(n):
            who = speakers[k % len(speakers)]
            idx.add(article(f"{tag}-{k:03d}", [(f"Statement {tag} {k} on the state of the talks", who),
                                                ("We will not back down from this position", who)]))
""")


def test_two_processes_adding_at_once_lose_no_entity_update(tmp_path):
    path = tmp_path / "claims.db"
    ClaimIndex(path, paraphrase=False).close()  # created first, so both writers open an index
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    n = 45
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, str(n)], cwd=ROOT, env=env,
                              stderr=subprocess.PIPE, text=True) for tag in ("a", "b")]
    for p in procs:
        _, err = p.communicate(timeout=600)
        assert p.returncode == 0, err
    with ClaimIndex(path, paraphrase=False) as idx:
        assert len(idx) == 2 * n
        assert idx.check() == []
    per_speaker = 2 * n // 3 * 2  # each article names its speaker twice, both writers, a third each
    for name in ("Sergei Lavrov", "Michele Sison", "Angela Merkel"):
        assert sum(forms(path, name).values()) == per_speaker, name


# -- files that are not ours ---------------------------------------------------------------------
def foreign_db(path) -> bytes:
    db = sqlite3.connect(path)
    db.executescript("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT);"
                     "INSERT INTO customers VALUES (1, 'Ada');")
    db.close()
    return path.read_bytes()


def test_another_applications_database_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "shop.db"
    before = foreign_db(path)
    with pytest.raises(ClaimIndexError, match=r"shop\.db: another application's SQLite database.*customers.*new file"):
        ClaimIndex(path, paraphrase=False)
    assert path.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["shop.db"]  # no journal or WAL file left behind either


def run_sql(path, *statements: str) -> None:
    db = sqlite3.connect(path)
    for sql in statements:
        db.execute(sql)
    db.commit()
    db.close()


def test_a_database_with_another_application_id_is_refused(tmp_path):
    path = tmp_path / "other.db"
    run_sql(path, "PRAGMA application_id = 1234", "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
    with pytest.raises(ClaimIndexError, match="application_id 0x4d2"):
        ClaimIndex(path, paraphrase=False)


@pytest.mark.parametrize("content", [b"not a database at all\n" * 50, b"\x00" * 4096, b"{}"])
def test_a_file_that_is_not_sqlite_is_refused(tmp_path, content):
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    with pytest.raises(ClaimIndexError, match=r"notes\.db: not a claim index"):
        ClaimIndex(path, paraphrase=False)
    assert path.read_bytes() == content


def built(tmp_path, n: int = 30):
    path = tmp_path / "claims.db"
    with ClaimIndex(path, paraphrase=False) as idx:
        for k in range(n):
            idx.add(lavrov(f"doc-{k:03d}"))
    return path


def test_a_damaged_header_is_a_clear_error(tmp_path):
    path = built(tmp_path)
    data = bytearray(path.read_bytes())
    data[16:24] = b"\xff" * 8  # page size and format bytes
    path.write_bytes(bytes(data))
    with pytest.raises(ClaimIndexError, match=r"claims\.db: opening the claim index failed.*backup"):
        ClaimIndex(path, paraphrase=False)


def test_damaged_pages_are_found_on_open(tmp_path):
    path = built(tmp_path, 60)
    size = sqlite3.connect(path).execute("PRAGMA page_size").fetchone()[0]
    data = bytearray(path.read_bytes())
    assert len(data) > 6 * size
    for page in range(2, len(data) // size):  # every b-tree page header after the schema page
        data[page * size] = 0x07  # not a page type
    path.write_bytes(bytes(data))
    with pytest.raises(ClaimIndexError, match="damaged|cannot read"):
        ClaimIndex(path, paraphrase=False)


def test_check_lists_nothing_for_a_sound_index(tmp_path):
    path = built(tmp_path, 5)
    with ClaimIndex(path, paraphrase=False) as idx:
        assert idx.check() == [] and idx.check(full=False) == []


def test_an_index_made_before_the_application_id_still_opens(tmp_path):
    path = built(tmp_path, 3)
    run_sql(path, "PRAGMA application_id = 0")
    with ClaimIndex(path, paraphrase=False) as idx:
        assert len(idx) == 3
    assert sqlite3.connect(path).execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_an_index_with_an_extra_table_is_not_taken_for_ours(tmp_path):
    path = built(tmp_path, 2)
    run_sql(path, "PRAGMA application_id = 0", "CREATE TABLE extra (x)")
    with pytest.raises(ClaimIndexError, match="another application"):
        ClaimIndex(path, paraphrase=False)


def test_a_copy_of_a_sound_index_still_opens(tmp_path):
    path = built(tmp_path, 3)
    copy = tmp_path / "copy.db"
    shutil.copy(path, copy)
    with ClaimIndex(copy, paraphrase=False) as idx:
        assert len(idx) == 3


def test_randomly_damaged_copies_are_refused_or_found_never_a_traceback(tmp_path):
    """30 copies with random bytes overwritten: each is refused (on open or on use), found by the
    full check, or still reads back and takes writes; no other exception reaches the caller."""
    import random

    path = built(tmp_path, 80)
    original = path.read_bytes()
    rng = random.Random(1)
    outcomes = []
    for n in range(30):
        data = bytearray(original)
        start = rng.randrange(100, len(data) - 64)
        for i in range(start, min(len(data), start + rng.choice([1, 8, 64, 512]))):
            data[i] = rng.randrange(256)
        copy = tmp_path / f"damaged-{n}.db"
        copy.write_bytes(bytes(data))
        try:
            with ClaimIndex(copy, paraphrase=False) as idx:
                found = idx.check() != []
                idx.add(lavrov(f"after-{n}"))
                list(idx.results())
            outcomes.append("found by check" if found else "worked")
        except ClaimIndexError as exc:
            assert str(copy) in str(exc) and ("backup" in str(exc) or "not a claim index" in str(exc))
            outcomes.append("refused")
    assert outcomes.count("refused") + outcomes.count("found by check") >= 8, outcomes


def test_claims_check_finds_a_stored_record_changed_behind_sqlites_back(tmp_path):
    """Bytes changed inside a value pass SQLite's own checks; reading every record back finds them."""
    from tests.test_cli_bad_inputs import ENV

    path = built(tmp_path, 6)
    cmd = [sys.executable, "-m", "quoteattr", "claims", "--db", str(path), "--check"]
    sound = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert sound.returncode == 0 and sound.stdout.strip() == f"{path}: ok (6 articles)"
    run_sql(path, "UPDATE articles SET record = substr(record, 1, 40) WHERE doc_id = 'doc-003'",
            "UPDATE quotes SET text = 'Talks are over' WHERE doc_id = 'doc-004'")
    damaged = subprocess.run(cmd, capture_output=True, text=True, env=ENV, timeout=120)
    assert damaged.returncode == 1 and "damaged, 2 problem(s)" in damaged.stdout
    assert "'doc-003': the stored record does not read back" in damaged.stderr
    assert "'doc-004': its record and its quotations disagree" in damaged.stderr
