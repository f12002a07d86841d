"""extract_many when workers die or records cannot be sent: one record lost, reported, the rest in order."""

from __future__ import annotations

import os
import signal
import threading

import pytest

from quoteattr.nlp.rules import RulesEngine
from quoteattr.parallel import extract_many

from tests.conftest import synthetic_articles

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the failures are planted through fork")


def _plant(monkeypatch, marker: str, action) -> None:
    """Make the rules engine run ``action`` on texts holding ``marker``; forked workers inherit it."""
    annotate = RulesEngine.annotate

    def planted(self, text):
        if marker in text:
            action()
        return annotate(self, text)

    monkeypatch.setattr(RulesEngine, "annotate", planted)


def _records(n: int, bad: dict[int, str]) -> list[dict]:
    recs = [{"id": d, "text": t} for d, t in synthetic_articles(n)]
    for k, marker in bad.items():
        recs[k] = {"id": f"bad-{k}", "text": recs[k]["text"] + " " + marker}
    return recs


@pytest.mark.parametrize("how, bad, chunk_size", [
    ("exit", (10, 47), 4),
    ("sigkill", (10, 47), 4),
    ("sigkill", (1, 2, 5, 6, 9, 80, 88), 2),  # dense: pools break while others are being refilled
], ids=["os_exit", "sigkill", "sigkill_dense"])
def test_a_worker_that_dies_costs_its_record_alone(monkeypatch, how, bad, chunk_size):
    die = (lambda: os._exit(3)) if how == "exit" else (lambda: os.kill(os.getpid(), signal.SIGKILL))
    _plant(monkeypatch, "KILL-THE-WORKER", die)
    recs = _records(89, dict.fromkeys(bad, "KILL-THE-WORKER"))
    errors: list = []
    got = list(extract_many(recs, n_jobs=2, engine="rules", chunk_size=chunk_size, on_error="skip", errors=errors,
                            mp_context="fork"))
    assert [r.doc_id for r in got] == [r["id"] for k, r in enumerate(recs) if k not in bad]
    assert [d for d, _ in errors] == [f"bad-{k}" for k in bad]
    assert all("worker process" in msg and "died" in msg for _, msg in errors)


def test_an_unpicklable_metadata_record_costs_that_record_alone():
    recs = _records(30, {})
    recs[12]["lock"] = threading.Lock()  # cannot be pickled to a worker
    errors: list = []
    got = list(extract_many(recs, n_jobs=2, engine="rules", chunk_size=4, on_error="skip", errors=errors,
                            mp_context="fork"))
    assert [r.doc_id for r in got] == [r["id"] for k, r in enumerate(recs) if k != 12]
    assert len(errors) == 1 and errors[0][0] == recs[12]["id"] and "pickle" in errors[0][1]


@pytest.mark.parametrize("n_jobs", [1, 2, 3])
def test_errors_come_in_input_order_whatever_n_jobs(monkeypatch, n_jobs):
    """Records that do not unpack (parent side) and records that fail in a worker interleave in order."""
    recs: list = _records(40, {})
    for k in (3, 17, 29):
        recs[k] = {"id": f"no-text-{k}"}
    for k in (5, 22, 36):
        recs[k] = {"id": f"not-utf8-{k}", "text": "caf\udce9"}
    errors: list = []
    got = list(extract_many(recs, n_jobs=n_jobs, engine="rules", chunk_size=3, on_error="skip", errors=errors,
                            mp_context="fork"))
    assert [d for d, _ in errors] == ["no-text-3", "not-utf8-5", "no-text-17", "not-utf8-22", "no-text-29",
                                      "not-utf8-36"]
    assert len(got) == 34


def test_on_error_raise_names_the_record_whose_worker_died(monkeypatch):
    from quoteattr import WorkerDiedError

    _plant(monkeypatch, "KILL-THE-WORKER", lambda: os._exit(3))
    with pytest.raises(WorkerDiedError, match="died"):
        list(extract_many(_records(12, {5: "KILL-THE-WORKER"}), n_jobs=2, engine="rules", chunk_size=2,
                          on_error="raise", mp_context="fork"))
