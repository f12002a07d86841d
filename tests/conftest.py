"""Shared fixtures: paths to the seed articles, their gold annotations and ../shared."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
ARTICLES = ROOT / "examples" / "articles"
SHARED = ROOT.parent / "shared"
NEEDS_SHARED = pytest.mark.skipif(
    not (SHARED / "eval").is_dir(),
    reason=f"needs the project's shared data at {SHARED} (evaluation sets, small stanza models); "
    "absent in a plain clone",
)


def seed_gold() -> dict[str, dict]:
    out = {}
    with open(DATA / "seeds.gold.jsonl", encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            out[d["doc_id"]] = d
    return out


def seed_text(doc_id: str) -> str:
    return (ARTICLES / f"{doc_id}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def gold() -> dict[str, dict]:
    return seed_gold()


@pytest.fixture(scope="session")
def rules():
    import quoteattr

    return quoteattr.Pipeline("rules")


@pytest.fixture
def no_neural_runtime(monkeypatch):
    """As on a machine without ``quoteattr[neural]``: ``auto`` must not pick the neural engine."""
    from quoteattr.nlp import neural

    monkeypatch.setattr(neural, "runtime_missing", lambda: "the 'onnxruntime' package is not installed")


def synthetic_articles(n: int) -> list[tuple[str, str]]:
    """``n`` short news-like articles, ``(doc_id, text)``, for tests of corpus-scale machinery."""
    names = ["Maria Lopez", "Ahmed Khan", "John Smith", "Li Wei", "Anna Novak", "Kofi Mensah"]
    roles = ["the finance minister", "a senior official", "the mayor", "a spokesman for the ministry"]
    out = []
    for k in range(n):
        a, b = names[k % len(names)], names[(k + 2) % len(names)]
        text = (
            f'"We will cut the deficit by {2020 + k % 9}," {a} said on Tuesday.\n\n'
            f"{b}, {roles[k % len(roles)]}, said the plan was \"reckless and unfair\".\n\n"
            f"According to {a}, talks would resume in {['May', 'June', 'July'][k % 3]}. "
            f'"There is no other way," {a.split()[-1]} told reporters.'
        )
        out.append((f"synthetic-{k:03d}", text))
    return out
