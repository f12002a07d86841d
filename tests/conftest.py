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
