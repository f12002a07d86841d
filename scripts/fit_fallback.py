#!/usr/bin/env python3
"""Fit the fallback filter (src/quoteattr/extract/fallback.json) on PolNeAR train.

On every training article the rules engine's strict frames are found first; each cue they leave
without a frame gets its loose reading (quoteattr.extract.fallback.candidates), labelled right
when its content matches (overlap >= 0.5, the scorer's matching) a gold attribution that no
strict frame already matches and its subject is that attribution's source.  A logistic
regression over the named features is fitted with L2 regularisation (the same fit as
scripts/fit_confidence.py); word features seen fewer than --min-count times are pooled as
"rare".  The threshold is the probability above which a kept
reading is expected to add more to overlap50 F1 than it costs, tuned on train: the one that
maximises F1 when the kept readings join the strict frames.  Needs
../shared/eval/polnear/train.jsonl and numpy.

    python scripts/fit_fallback.py [--train PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import collections
import json
from pathlib import Path

from fit_confidence import fit

from quoteattr.evaluate import speaker_ok, trim
from quoteattr.extract.attribution import Attributor, strict_frames
from quoteattr.extract.fallback import WORD_FAMILIES, candidates
from quoteattr.extract.words import Vocabulary
from quoteattr.nlp.rules import RulesEngine
from quoteattr.text.spans import jaccard

ROOT = Path(__file__).resolve().parents[1]


def labelled_candidates(train: Path):
    """(features, right) for every loose reading on the articles, and the number of gold
    attributions and strict matches (for the threshold)."""
    engine, vocab = RulesEngine(), Vocabulary.for_lang("en")
    rows, n_gold, n_strict, n_matched = [], 0, 0, 0
    for line in open(train, encoding="utf-8"):
        gold = json.loads(line)
        text = gold["text"]
        att = Attributor(engine.annotate(text), vocab)
        frames = strict_frames(att)
        gold_spans = [trim(text, q["start"], q["end"]) for q in gold["quotes"]]
        strict = [trim(text, *f.content) for f in frames]
        free = [i for i, g in enumerate(gold_spans) if not any(jaccard(g, p) >= 0.5 for p in strict)]
        n_gold += len(gold_spans)
        n_strict += len(strict)
        n_matched += len(gold_spans) - len(free)
        taken: set[int] = set()
        for c in candidates(att, frames):
            span = trim(text, *c.frame.content)
            src = c.frame.source
            pred = {"speaker": None if src is None else {"name": src.name, "mention": src.text, "start": src.start,
                                                         "end": src.end}}
            hit = next((i for i in free if i not in taken and jaccard(gold_spans[i], span) >= 0.5), None)
            if hit is not None:
                taken.add(hit)
            rows.append((list(c.features), hit is not None and speaker_ok(gold["quotes"][hit], pred, text)))
    return rows, (n_gold, n_strict, n_matched)


def pool_rare(rows, min_count: int, families: tuple[str, ...] = WORD_FAMILIES):
    """``rows`` with the word features (of ``families``) seen fewer than ``min_count`` times
    replaced by their family's "rare"."""
    counts = collections.Counter(f for fs, _ in rows for f in fs)
    out = []
    for fs, ok in rows:
        out.append(([f if f.split("=", 1)[0] not in families or counts[f] >= min_count
                     else f.split("=", 1)[0] + "=rare" for f in fs], ok))
    return out


def best_threshold(rows, weights, totals) -> float:
    import math

    n_gold, n_strict, n_matched = totals
    scored = sorted(((weights["bias"] + sum(weights.get(f, 0.0) for f in fs), ok) for fs, ok in rows), reverse=True)
    best, best_f1, tp, n = 1.0, 2 * n_matched / (n_strict + n_gold), 0, 0
    for z, ok in scored:
        tp += ok
        n += 1
        f1 = 2 * (n_matched + tp) / (n_strict + n + n_gold)
        if f1 > best_f1:
            best, best_f1 = 1 / (1 + math.exp(-z)), f1
    return round(best, 4)


def word_model_parser(doc: str, out: str, l2: float) -> argparse.ArgumentParser:
    """The options of a script that fits a logistic model with word features on PolNeAR train
    and writes it to ``out`` (a path under src/quoteattr/extract/)."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--train", type=Path, default=ROOT.parent / "shared/eval/polnear/train.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "src/quoteattr/extract" / out)
    ap.add_argument("--min-count", type=int, default=10, help="word features seen fewer times are pooled as rare")
    ap.add_argument("--l2", type=float, default=l2)
    return ap


def main() -> None:
    a = word_model_parser(__doc__, "fallback.json", 2.0).parse_args()
    rows, totals = labelled_candidates(a.train)
    rows = pool_rare(rows, a.min_count)
    weights = fit(rows, l2=a.l2)
    threshold = best_threshold(rows, weights, totals)
    a.out.write_text(json.dumps({"fitted_on": "PolNeAR train", "candidates": len(rows),
                                 "right": sum(ok for _, ok in rows), "threshold": threshold,
                                 "weights": weights}, indent=1) + "\n")
    print(f"fitted on {len(rows)} loose readings ({sum(ok for _, ok in rows)} right); threshold {threshold}; wrote {a.out}")


if __name__ == "__main__":
    main()
