#!/usr/bin/env python3
"""Fit the confidence model (src/quoteattr/extract/confidence.json) on PolNeAR train.

Every frame the rules engine finds on a training article is labelled right when its span
matches a gold attribution (overlap >= 0.5, the scorer's matching) and its speaker is the gold
source; a logistic regression over the named features of quoteattr.extract.confidence is
fitted with L2 regularisation.  Needs ../shared/eval/polnear/train.jsonl and numpy.

    python scripts/fit_confidence.py [--train PATH] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from quoteattr.evaluate import match_spans, speaker_ok, trim
from quoteattr.extract.confidence import features
from quoteattr.extract.quotes import attribute
from quoteattr.nlp.rules import RulesEngine

ROOT = Path(__file__).resolve().parents[1]


def labelled_frames(train: Path, engine=None):
    """(features, right) for every frame ``engine`` (default: rules) finds on the articles."""
    engine = engine or RulesEngine()
    for line in open(train, encoding="utf-8"):
        gold = json.loads(line)
        text = gold["text"]
        doc = engine.annotate(text)
        frames, speakers, _ = attribute(doc, doc_id=gold["doc_id"])
        pred = [{"start": f.content[0], "end": f.content[1],
                 "speaker": None if sp is None else {"name": sp.name, "mention": sp.mention, "start": sp.start, "end": sp.end}}
                for f, sp in zip(frames, speakers)]
        gold_spans = [trim(text, q["start"], q["end"]) for q in gold["quotes"]]
        pred_spans = [trim(text, q["start"], q["end"]) for q in pred]
        pairs = {p: g for g, p in match_spans(gold_spans, pred_spans, "overlap50")}
        for i, (f, sp) in enumerate(zip(frames, speakers)):
            if f.kind == "partial":
                continue  # PolNeAR marks reported clauses, never the quoted words inside them
            ok = i in pairs and speaker_ok(gold["quotes"][pairs[i]], pred[i], text)
            yield features(f, sp), ok


def fit(rows, l2: float = 1.0, steps: int = 3000, lr: float = 0.5, sparse: bool = False):
    """Weights of a logistic regression over named binary features, by gradient descent with L2
    regularisation (the bias is not penalised).  ``sparse``: the design is a scipy sparse matrix
    and the same objective is minimised to convergence by L-BFGS, for many rows and features,
    where plain gradient descent stops far from the optimum."""
    names = sorted({f for fs, _ in rows for f in fs})
    index = {n: i for i, n in enumerate(names)}
    y = np.array([1.0 if ok else 0.0 for _, ok in rows])
    if sparse:
        from scipy.sparse import csr_matrix

        cols = [index[f] for fs, _ in rows for f in fs]
        ptr = np.cumsum([0] + [len(fs) for fs, _ in rows])
        x = csr_matrix((np.ones(len(cols)), cols, ptr), shape=(len(rows), len(names)))
    else:
        x = np.zeros((len(rows), len(names)))
        for r, (fs, _) in enumerate(rows):
            for f in fs:
                x[r, index[f]] = 1.0
    if sparse:
        w, b = _lbfgs(x, y, l2)
    else:
        w, b = np.zeros(len(names)), 0.0
        for _ in range(steps):
            p = 1 / (1 + np.exp(-(x @ w + b)))
            g = p - y
            w -= lr * (x.T @ g / len(y) + l2 * w / len(y))
            b -= lr * g.mean()
    return {"bias": round(float(b), 4), **{n: round(float(v), 4) for n, v in zip(names, w)}}


def _lbfgs(x, y, l2: float):
    """Weights and bias minimising the mean log loss plus ``l2 / (2 n) * |w|^2`` (the objective of
    the gradient descent in :func:`fit`), by L-BFGS from zero: deterministic."""
    from scipy.optimize import minimize

    n = len(y)

    def loss(theta):
        w, b = theta[:-1], theta[-1]
        z = x @ w + b
        # log(1 + e^z) - y z, computed without overflow
        value = (np.logaddexp(0.0, z) - y * z).mean() + l2 * (w @ w) / (2 * n)
        g = 1 / (1 + np.exp(-z)) - y
        return value, np.append(x.T @ g / n + l2 * w / n, g.mean())

    res = minimize(loss, np.zeros(x.shape[1] + 1), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return res.x[:-1], float(res.x[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=ROOT.parent / "shared/eval/polnear/train.jsonl")
    ap.add_argument("--out", type=Path, default=ROOT / "src/quoteattr/extract/confidence.json")
    a = ap.parse_args()
    rows = list(labelled_frames(a.train))
    weights = fit(rows)
    a.out.write_text(json.dumps({"fitted_on": "PolNeAR train", "frames": len(rows),
                                 "right": sum(ok for _, ok in rows), "weights": weights}, indent=1) + "\n")
    print(f"fitted on {len(rows)} frames ({sum(ok for _, ok in rows)} right); wrote {a.out}")


if __name__ == "__main__":
    main()
