#!/usr/bin/env python3
"""Calibrate the neural engine's confidence on PolNeAR dev; store the weights in its meta.json.

The frames the neural engine reports that come from the model (a learned content, with the
model's probability as a feature in bands) are labelled right when the span matches a gold
attribution (overlap >= 0.5) and the speaker is the gold source, and a logistic regression is
fitted over the named features of :mod:`quoteattr.extract.confidence` exactly as
``scripts/fit_confidence.py`` does for the rules.  The rules' own frames keep the rules' weights.

    python scripts/fit_neural_confidence.py [--dev PATH] [--model DIR]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from fit_confidence import fit, labelled_frames  # noqa: E402

from quoteattr.nlp import neural  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dev", type=Path, default=ROOT.parent / "shared/eval/polnear/dev.jsonl")
    ap.add_argument("--model", type=Path, default=neural.model_dir())
    a = ap.parse_args()
    engine = neural.NeuralEngine(model_path=a.model)
    rows = [(fs, ok) for fs, ok in labelled_frames(a.dev, engine) if any(f.startswith("neural_p") for f in fs)]
    weights = fit(rows)
    meta_path = a.model / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["calibration"] = {"fitted_on": "PolNeAR dev", "frames": len(rows), "right": sum(ok for _, ok in rows),
                           "weights": weights}
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"fitted on {len(rows)} learned frames ({sum(ok for _, ok in rows)} right); wrote {meta_path}")


if __name__ == "__main__":
    main()
