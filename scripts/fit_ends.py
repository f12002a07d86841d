#!/usr/bin/env python3
"""Fit the content-end model (src/quoteattr/extract/ends.json) on PolNeAR train, its threshold on dev.

On every training article the rules engine's frames are found (strict and fallback, before
their contents are cut); each content the model may read (quoteattr.extract.ends.readable) is
paired with the gold attribution it overlaps most, and its boundaries are labelled, left to
right, up to that attribution's end: the boundary where the gold content ends is a positive,
those before it negatives, and none after it are read (a hazard: the probability of ending
here, having got here).  A content whose gold ends after the rules' end gives negatives only.
A logistic regression over the named features is fitted with L2 regularisation (the fit of
scripts/fit_confidence.py, on a sparse design); word features seen fewer than --min-count times
are pooled as "rare" (scripts/fit_fallback.py).  Only contents that begin where their gold
attribution begins are read (another start means another attribution, or a reading the end
cannot mend).  The thresholds (one for clause cues, one for object cues) are those, of a grid,
that give the best overlap50 F1 on PolNeAR dev when the whole rules engine runs with them.  Needs
../shared/eval/polnear/{train,dev}.jsonl, numpy and scipy.

    python scripts/fit_ends.py [--train PATH] [--dev PATH] [--out PATH]
"""

from __future__ import annotations

import json
from pathlib import Path

from fit_confidence import fit
from fit_fallback import pool_rare, word_model_parser

from quoteattr.evaluate import score, trim
from quoteattr.extract.cues import OBJECT_FRAMES
from quoteattr.extract import ends
from quoteattr.extract.attribution import Attributor, strict_frames
from quoteattr.extract.fallback import fallback_frames
from quoteattr.extract.words import Vocabulary
from quoteattr.io import result_to_dict
from quoteattr.nlp.rules import RulesEngine
from quoteattr.pipeline import Pipeline
from quoteattr.text.spans import jaccard

ROOT = Path(__file__).resolve().parents[1]
# thresholds tried on dev, for contents of clause cues and, apart, of object cues (accused X of Y)
THRESHOLDS = (0.4, 0.5, 0.6, 0.7, 0.8)


def labelled_boundaries(train: Path):
    """(features, ends_here) for every boundary read on the articles, and how many contents."""
    engine, vocab = RulesEngine(), Vocabulary.for_lang("en")
    rows, n_contents = [], 0
    for line in open(train, encoding="utf-8"):
        gold = json.loads(line)
        text = gold["text"]
        att = Attributor(engine.annotate(text), vocab)
        frames = strict_frames(att)
        frames = frames + fallback_frames(att, frames)
        gold_spans = [trim(text, q["start"], q["end"]) for q in gold["quotes"]]
        for f in frames:
            span = ends.readable(att, f)
            if span is None:
                continue
            k, e = span
            pred = trim(text, *f.content)
            best = max(gold_spans, key=lambda g: jaccard(g, pred), default=None)
            if best is None or jaccard(best, pred) == 0 or best[1] <= att.toks[k].end:
                continue
            if text[min(best[0], pred[0]):max(best[0], pred[0])].split():
                continue  # the contents begin at different words: the gold may be another attribution
            n_contents += 1
            for b in ends.boundaries(att.toks, k, e, f.cue.frame, vocab):
                here = att.toks[b.j - 1].end >= best[1]
                rows.append((list(b.features), here))
                if here:
                    break
    return rows, n_contents


def dev_f1(dev: Path, model: dict) -> tuple[float, float]:
    """overlap50 F1 and speaker accuracy of the rules engine on ``dev`` with ``model``."""
    ends.model.cache_clear()
    saved = ends.model
    ends.model = lambda: model  # the candidate model, for this run only
    try:
        nlp = Pipeline(engine="rules")
        golds = [json.loads(line) for line in open(dev, encoding="utf-8")]
        preds = [result_to_dict(nlp(g["text"], doc_id=g["doc_id"])) for g in golds]
        s = score(golds, preds)
    finally:
        ends.model = saved
    return s.overlap50.f1, s.speaker_acc.value or 0.0


def main() -> None:
    ap = word_model_parser(__doc__, "ends.json", 3.0)
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared/eval/polnear/dev.jsonl")
    a = ap.parse_args()
    rows, n_contents = labelled_boundaries(a.train)
    rows = pool_rare(rows, a.min_count, ends.WORD_FAMILIES)
    weights = fit(rows, l2=a.l2, sparse=True)
    model = {"fitted_on": "PolNeAR train", "threshold_tuned_on": "PolNeAR dev", "contents": n_contents,
             "boundaries": len(rows), "ends": sum(ok for _, ok in rows)}
    f1, spk = dev_f1(a.dev, {"threshold": 1.01, "weights": {}})
    print(f"rules alone: dev overlap50 F1 {f1:.4f}, speaker_acc {spk:.4f}")
    model["dev_rules_alone"] = {"overlap50_f1": round(f1, 4), "speaker_acc": round(spk, 4)}
    tried = {}
    for t_clause in THRESHOLDS:
        for t_object in THRESHOLDS:
            m = {"threshold": t_clause, "thresholds": {f: t_object for f in sorted(OBJECT_FRAMES)}, "weights": weights}
            f1, spk = dev_f1(a.dev, m)
            tried[(t_clause, t_object)] = (round(f1, 4), round(spk, 4))
            print(f"thresholds {t_clause} (clause) {t_object} (object): dev overlap50 F1 {f1:.4f}, speaker_acc {spk:.4f}")
    # the best F1; among equals, the highest thresholds (the fewest cuts)
    t_clause, t_object = max(tried, key=lambda t: (tried[t][0], t[1], t[0]))
    model.update({"dev": {"overlap50_f1": tried[(t_clause, t_object)][0], "speaker_acc": tried[(t_clause, t_object)][1]},
                  "threshold": t_clause, "thresholds": {f: t_object for f in sorted(OBJECT_FRAMES)},
                  "weights": weights})
    a.out.write_text(json.dumps(model, indent=1) + "\n")
    print(f"fitted on {len(rows)} boundaries of {n_contents} contents ({model['ends']} ends); "
          f"thresholds {t_clause} (clause) {t_object} (object); wrote {a.out}")


if __name__ == "__main__":
    main()
