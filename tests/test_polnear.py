"""PolNeAR dev: the acceptance figures of the rules engine (needs ../shared)."""

from __future__ import annotations

import json

import pytest

import quoteattr
from quoteattr.evaluate import by_confidence, score
from tests.conftest import NEEDS_SHARED, SHARED

pytestmark = NEEDS_SHARED

# The shipped neural model's PolNeAR dev figures (docs/model-card.md), less a small margin.
NEURAL_DEV_FLOOR = {"overlap50": 0.68, "exact": 0.55, "speaker_acc": 0.88, "recall_direct": 0.95}


@pytest.fixture(scope="module")
def dev():
    gold = [json.loads(line) for line in open(SHARED / "eval" / "polnear" / "dev.jsonl", encoding="utf-8")]
    nlp = quoteattr.Pipeline("rules")
    pred = [nlp.extract(g["text"], doc_id=g["doc_id"]).to_dict() for g in gold]
    return gold, pred


def test_dev_span_f1_and_speaker_accuracy(dev):
    gold, pred = dev
    # PolNeAR gives a quotation split by its frame as one span over its segments: score the
    # parts of each utterance joined, as its annotation does
    s = score(gold, pred, joined_parts=True)
    assert s.overlap50.f1 >= 0.65
    assert s.speaker_acc.value >= 0.90
    assert s.recall_direct.value >= 0.90


def test_dev_acceptance_with_parts_as_separate_quotations(dev):
    # the output contract reports a split quotation as its parts; scored part by part (the
    # project's scorer's default) the rules engine keeps its acceptance lines
    gold, pred = dev
    s = score(gold, pred)
    assert s.overlap50.f1 >= 0.607
    assert s.speaker_acc.value >= 0.90


def test_confidence_orders_precision(dev):
    gold, pred = dev
    bands = [b for b in by_confidence(gold, pred, joined_parts=True) if b.n >= 30]
    precisions = [b.precision for b in bands]
    assert len(precisions) >= 3
    assert precisions == sorted(precisions), precisions


@pytest.fixture(scope="module")
def dev_neural():
    from quoteattr.nlp import neural

    if neural.runtime_missing() is not None:
        pytest.skip(f"neural runtime unavailable: {neural.runtime_missing()}")
    gold = [json.loads(line) for line in open(SHARED / "eval" / "polnear" / "dev.jsonl", encoding="utf-8")]
    nlp = quoteattr.Pipeline("neural")
    pred = [r.to_dict() for r in nlp.stream([(g["doc_id"], g["text"]) for g in gold])]
    return gold, pred


@pytest.mark.slow
def test_neural_dev_figures_stay_above_the_rules(dev_neural):
    gold, pred = dev_neural
    s = score(gold, pred, joined_parts=True)
    assert s.overlap50.f1 >= NEURAL_DEV_FLOOR["overlap50"]
    assert s.exact.f1 >= NEURAL_DEV_FLOOR["exact"]
    assert s.speaker_acc.value >= NEURAL_DEV_FLOOR["speaker_acc"]
    assert s.recall_direct.value >= NEURAL_DEV_FLOOR["recall_direct"]


@pytest.mark.slow
def test_neural_confidence_orders_precision(dev_neural):
    gold, pred = dev_neural
    bands = [b for b in by_confidence(gold, pred, joined_parts=True) if b.n >= 30]
    precisions = [b.precision for b in bands]
    assert len(precisions) >= 3
    assert precisions == sorted(precisions), precisions


def test_learned_ends_raise_dev_f1_over_the_rules_alone(dev, monkeypatch):
    # the content-end model (extract/ends.py) against the same engine with it switched off,
    # scored part by part as score.py does
    from quoteattr.extract import ends

    gold, pred = dev
    monkeypatch.setattr(ends, "model", lambda: {"threshold": 1.01, "weights": {}})
    nlp = quoteattr.Pipeline("rules")
    rules_alone = [nlp.extract(g["text"], doc_id=g["doc_id"]).to_dict() for g in gold]
    learned, plain = score(gold, pred), score(gold, rules_alone)
    assert learned.overlap50.f1 > plain.overlap50.f1
    assert learned.speaker_acc.value >= 0.90
