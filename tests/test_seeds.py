"""Golden tests on the five seed articles (examples/articles) and their gold (tests/data).

The expected output is in tests/data/seeds.expected.jsonl; after an intended change to
extraction, regenerate it with ``QUOTEATTR_REGEN=1 python -m pytest tests/test_seeds.py`` and
review the diff.
"""

from __future__ import annotations

import json
import os

import pytest

import quoteattr
from quoteattr.evaluate import score
from tests.conftest import ARTICLES, DATA

EXPECTED = DATA / "seeds.expected.jsonl"


@pytest.fixture(scope="module")
def results():
    nlp = quoteattr.Pipeline("rules")
    return [nlp.extract(p.read_text(encoding="utf-8"), doc_id=p.stem) for p in sorted(ARTICLES.glob("*.txt"))]


def test_seed_acceptance_figures(results):
    s = score(DATA / "seeds.gold.jsonl", [r.to_dict() for r in results], text_dir=ARTICLES)
    assert s.overlap50.f1 >= 0.85
    assert s.recall_direct.value == 1.0
    assert s.speaker_acc.value >= 0.90
    assert s.canonical_acc.value >= 0.85
    assert s.role_acc.value >= 0.75


def test_every_direct_quote_has_its_speaker(gold, results):
    by_doc = {r.doc_id: r for r in results}
    for doc_id, g in gold.items():
        for gq in g["quotes"]:
            if gq["kind"] != "direct" or not gq.get("speaker"):
                continue
            found = [q for q in by_doc[doc_id].quotes if q.start <= gq["start"] + 2 and q.end >= gq["end"] - 2]
            assert found, gq["text"]
            assert found[0].speaker.name.split()[-1] == gq["speaker"].split()[-1], (gq["text"], found[0].speaker)


def test_offsets_point_into_the_raw_text(results):
    for r in results:
        for q in r.quotes:
            assert r.text[q.start:q.end] == q.text
            if q.cue:
                assert r.text[q.cue.start:q.cue.end] == q.cue.text
            if q.speaker and q.speaker.start is not None:
                assert r.text[q.speaker.start:q.speaker.end] == q.speaker.mention


def test_golden_output(results):
    lines = [json.dumps(r.to_dict(), ensure_ascii=False, sort_keys=True) for r in results]
    if os.environ.get("QUOTEATTR_REGEN"):
        EXPECTED.write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected = EXPECTED.read_text(encoding="utf-8").splitlines()
    for got, want in zip(lines, expected):
        assert json.loads(got) == json.loads(want)
    assert len(lines) == len(expected)
