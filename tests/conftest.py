"""Shared fixtures: paths to the seed articles, their gold annotations and ../shared."""

from __future__ import annotations

import json
import os
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


@pytest.fixture(scope="session")
def onnx_model(tmp_path_factory):
    """The int8 ONNX MiniLM of the paraphrase tier: the one exported on this machine, else one
    exported now into a temporary cache (torch, onnx and sentence-transformers are test extras, and
    the export takes seconds), so its tests run on a fresh machine too."""
    from quoteattr.link import onnx_embed

    if onnx_embed.available():
        yield onnx_embed.default_dir()
        return
    for module in ("torch", "onnx", "sentence_transformers", "onnxruntime", "tokenizers"):
        pytest.importorskip(module, reason=f"exporting the ONNX embedder needs {module}")
    before = os.environ.get("QUOTEATTR_CACHE")
    os.environ["QUOTEATTR_CACHE"] = str(tmp_path_factory.mktemp("quoteattr-cache"))
    try:
        onnx_embed.export()
        yield onnx_embed.default_dir()
    finally:
        if before is None:
            os.environ.pop("QUOTEATTR_CACHE", None)
        else:
            os.environ["QUOTEATTR_CACHE"] = before
