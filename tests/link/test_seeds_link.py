"""Acceptance on the seed articles: `quoteattr link` output scored by ../shared/eval/score.py."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from quoteattr.link import Corpus
from tests.conftest import ARTICLES, NEEDS_SHARED, SHARED
from tests.link.helpers import shared_embedder


@NEEDS_SHARED
def test_seed_claim_and_speaker_entity_linking(tmp_path):
    pytest.importorskip("sentence_transformers", reason="the acceptance run uses the paraphrase tier")
    # what `quoteattr link --engine rules` runs: these are the rules engine's acceptance figures
    linked = Corpus.from_paths(ARTICLES, engine="rules").link(embedder=shared_embedder())
    pred = tmp_path / "linked.jsonl"
    with open(pred, "w", encoding="utf-8") as fp:
        linked.to_jsonl(fp)
    out = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(SHARED / "eval" / "seeds.gold.jsonl"),
         "--pred", str(pred), "--text-dir", str(SHARED / "seeds"),
         "--clusters", str(SHARED / "eval" / "seeds.clusters.json")],
        capture_output=True, text=True, check=True).stdout
    figures = json.loads(out.strip().splitlines()[-1])
    assert figures["claim_pairwise"]["f1"] >= 0.80, out
    assert figures["speaker_entity_pairwise"]["f1"] >= 0.95, out
