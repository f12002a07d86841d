"""newsdev: the neural engine against the rules engine on news annotated like the seed articles
(needs ../shared and the neural runtime)."""

from __future__ import annotations

import json

import pytest

import quoteattr
from quoteattr.evaluate import score
from tests.conftest import NEEDS_SHARED, SHARED

pytestmark = NEEDS_SHARED

NEWSDEV = SHARED / "eval" / "newsdev"


def _scores(engine: str):
    gold = [json.loads(line) for line in open(NEWSDEV / "newsdev.gold.jsonl", encoding="utf-8")]
    nlp = quoteattr.Pipeline(engine)
    texts = [(g["doc_id"], (NEWSDEV / g.get("file", g["doc_id"] + ".txt")).read_text(encoding="utf-8")) for g in gold]
    pred = [r.to_dict() for r in nlp.stream(texts)]
    return score(gold, pred, text_dir=NEWSDEV)


@pytest.mark.slow
def test_neural_spans_and_speakers_are_at_least_the_rules_on_newsdev():
    from quoteattr.nlp import neural

    if neural.runtime_missing() is not None:
        pytest.skip(f"neural runtime unavailable: {neural.runtime_missing()}")
    rules, learned = _scores("rules"), _scores("neural")
    assert learned.overlap50.f1 >= rules.overlap50.f1
    assert learned.speaker_acc.value >= rules.speaker_acc.value
