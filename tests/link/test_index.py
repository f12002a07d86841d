"""The SQLite claim index: incremental linking, idempotent re-adds, queries, and crash safety."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time

import pytest

from quoteattr.link import ClaimIndex, Corpus
from tests.conftest import ROOT
from tests.link.helpers import article
from tests.link.test_corpus import coverage


@pytest.fixture
def index(tmp_path):
    with ClaimIndex(tmp_path / "claims.db", paraphrase=False) as idx:
        yield idx


def test_articles_added_later_link_to_earlier_claims(index):
    first, second, *rest = coverage()
    a = index.add(first)
    b = index.add(second)
    assert b.quotes[1].claim_id == a.quotes[0].claim_id  # the Lavrov quote, verbatim, a day apart
    assert b.quotes[0].claim_id == a.quotes[1].claim_id  # Kerry's partial inside his full quote
    assert b.quotes[1].speaker.entity_id == a.quotes[0].speaker.entity_id
    for r in rest:
        index.add(r)
    truce = index.claim(a.quotes[0].claim_id)
    assert {m.key for m in truce.members} == {"reuters-1#0", "afp-1#1", "bbc-1#0"}
    assert truce.first_seen.doc_id == "afp-1"
    assert len(index) == 4 and "bbc-2" in index


def test_incremental_and_batch_linking_agree_on_this_coverage(index):
    for r in coverage():
        index.add(r)
    batch = Corpus.from_results(coverage()).link(paraphrase=False)
    stored = {frozenset(m.key for m in index.claim(q.claim_id).members)
              for r in index.results() for q in r.quotes}
    assert stored == {frozenset(m.key for m in c.members) for c in batch.claims}


def test_re_adding_an_article_is_idempotent(index):
    arts = coverage()
    for r in arts:
        index.add(r)
    db = sqlite3.connect(index.path)
    before = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("quotes", "shingles", "links", "claims", "entity_mentions")]
    again = index.add(arts[1])
    after = [db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in ("quotes", "shingles", "links", "claims", "entity_mentions")]
    assert before == after
    assert [q.claim_id for q in again.quotes] == [q.claim_id for q in index.get("afp-1").quotes]


def test_a_changed_article_replaces_its_old_version(index):
    index.add(article("n1", [("We will never accept this proposal", "Staffan de Mistura")]))
    index.add(article("n1", [("The talks were long, painful and disappointing", "Staffan de Mistura")]))
    assert len(index) == 1
    assert [m.text for c in index.claims(limit=None) for m in c.members] == [
        "The talks were long, painful and disappointing"]


def test_queries_by_text_and_speaker(index):
    for r in coverage():
        index.add(r)
    hits = index.similar("Any truce would be senseless", speaker="Sergei Lavrov")
    assert hits and hits[0].type == "exact" and hits[0].n_members == 3  # bbc-1 has these very words
    assert hits[0].first_seen.doc_id == "afp-1"
    assert index.similar("Any truce would be senseless", speaker="John Kerry") == []
    lavrov = index.claims(speaker="Lavrov")
    assert len(lavrov) == 1 and len(lavrov[0]) == 3
    [kerry] = index.speakers("Kerry")
    assert kerry.name == "John Kerry" and kerry.articles == ("afp-1", "reuters-1")


def test_reopening_keeps_entities_and_claims(tmp_path):
    path = tmp_path / "c.db"
    arts = coverage()
    with ClaimIndex(path, paraphrase=False) as idx:
        a = idx.add(arts[0])
    with ClaimIndex(path, paraphrase=False) as idx:
        b = idx.add(arts[1])
        assert idx.integrity_check() == "ok"
    assert b.quotes[1].claim_id == a.quotes[0].claim_id
    assert b.quotes[1].speaker.entity_id == a.quotes[0].speaker.entity_id


WRITER = textwrap.dedent("""
    import sys
    from quoteattr.link import ClaimIndex
    from tests.link.helpers import article

    words = "the army said rebels were advancing on the city while talks stalled in Geneva".split()
    with ClaimIndex(sys.argv[1], paraphrase=False) as idx:
        for n in range(10_000):
            parts = [(" ".join(words[(n + k) % 7:]) + f" in district {n}-{k}", f"Speaker{k % 5} Person", "indirect")
                     for k in range(40)]
            idx.add(article(f"doc-{n:05d}", parts))
            print(f"doc-{n:05d}", flush=True)
""")


def test_killing_a_writer_loses_no_returned_add(tmp_path):
    path = tmp_path / "crash.db"
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]))
    child = subprocess.Popen([sys.executable, "-c", WRITER, str(path)], stdout=subprocess.PIPE, text=True,
                             cwd=ROOT, env=env)
    done = []
    try:
        deadline = time.monotonic() + 60
        while len(done) < 6 and time.monotonic() < deadline:
            line = child.stdout.readline()
            if not line:
                break
            done.append(line.strip())
        time.sleep(0.05)  # let it get well into the next add
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=10)
        done.extend(line.strip() for line in child.stdout.read().splitlines())  # adds that returned meanwhile
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL
    assert len(done) >= 6, "the writer did not get going"
    with ClaimIndex(path, paraphrase=False) as idx:
        assert idx.integrity_check() == "ok"
        assert all(doc_id in idx for doc_id in done)
        stored = len(idx)
        assert stored in (len(done), len(done) + 1)  # the add in flight: committed whole or not at all
        n_quotes = sqlite3.connect(path).execute("SELECT COUNT(*) FROM quotes").fetchone()[0]
        assert n_quotes == 40 * stored
        idx.add(article("after-crash", [("We are not shirking our responsibility", "Sergei Lavrov")]))
        assert "after-crash" in idx


def test_a_replaced_article_does_not_take_over_a_claim_others_still_hold(index):
    index.add(article("p1", [("We will not let Russia string along the Security Council", "Michele Sison")]))
    b = index.add(article("p2", [("We will not let Russia string along the Security Council", "Michele Sison")]))
    held = b.quotes[0].claim_id
    # same offsets as before, the negation gone: another claim, which must not take the old id
    a = index.add(article("p1", [("We will now let Russia string along the Security Council", "Michele Sison")]))
    assert a.quotes[0].claim_id != held
    assert [m.doc_id for m in index.claim(held).members] == ["p2"]


def test_a_full_name_finds_a_speaker_stored_by_surname(tmp_path):
    import quoteattr

    text = '"Any truce, seven days, three days, would be senseless", Lavrov said.'
    with quoteattr.ClaimIndex(tmp_path / "claims.db", paraphrase=False) as index:
        index.add(quoteattr.extract(text, engine="rules", doc_id="a"))
        assert index.speaker_ids("Sergei Lavrov") == index.speaker_ids("Lavrov") != []
        assert index.speaker_ids("Sergei Ivanov") == []
        hits = index.similar("Any truce would be senseless", speaker="Sergei Lavrov")
        assert hits and hits[0].type == "partial"
