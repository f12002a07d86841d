#!/usr/bin/env python3
"""Stanza engine: time inside stanza versus quoteattr's own work, per article.

For each article the stages of the stanza engine are timed apart: quoteattr's segmentation and
stanza's input (``prepare``), stanza itself (``run``: tokenize, pos, lemma, depparse, plus ner and
coref when installed), the conversion of stanza's Document to quoteattr's annotated document
(``convert``), and extraction (cues, syntax frames with the surface patterns as evidence,
speakers, confidence).  quoteattr's overhead is (prepare + convert + extract) / stanza.  Each
article is timed ``--runs`` times and the fastest time of each stage is kept: on a shared
machine other processes only ever add time (torch's worker threads suffer most), so the minimum
is the closest to the undisturbed cost.  Articles: the five seeds and a sample of PolNeAR dev.

    python benchmarks/bench_stanza.py [--models-dir DIR] [--sample 20] [--runs 5] [--no-write]
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, SHARED, cpu_model, polnear_texts, write_section  # noqa: E402

from quoteattr.extract.quotes import extract_quotes  # noqa: E402
from quoteattr.extract.words import Vocabulary  # noqa: E402
from quoteattr.nlp.stanza_engine import StanzaEngine  # noqa: E402

HEADING = "## Stanza engine"


def time_article(engine: StanzaEngine, vocab: Vocabulary, text: str, runs: int) -> dict[str, float]:
    stages: dict[str, list[float]] = {"prepare": [], "stanza": [], "convert": [], "extract": []}
    for _ in range(runs):
        t0 = time.perf_counter()
        p = engine.prepare(text)
        t1 = time.perf_counter()
        [sdoc] = engine.run([p])
        t2 = time.perf_counter()
        doc = engine.convert(p, sdoc)
        t3 = time.perf_counter()
        extract_quotes(doc, vocab=vocab)
        t4 = time.perf_counter()
        for name, dt in (("prepare", t1 - t0), ("stanza", t2 - t1), ("convert", t3 - t2), ("extract", t4 - t3)):
            stages[name].append(dt)
    out = {k: min(v) for k, v in stages.items()}
    out["own"] = out["prepare"] + out["convert"] + out["extract"]
    out["sentences"] = len(doc.sentences)
    out["tokens"] = len(doc.tokens)
    return out


def ms(x: float) -> str:
    return f"{x * 1000:.0f}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--models-dir", default=str(SHARED / "models" / "stanza-en"))
    ap.add_argument("--sample", type=int, default=20, help="PolNeAR dev articles (a fixed random sample)")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    a = ap.parse_args(argv)

    t = time.perf_counter()
    engine = StanzaEngine(models_dir=a.models_dir)
    build = time.perf_counter() - t
    vocab = Vocabulary.for_lang("en")
    seeds = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted((ROOT / "examples" / "articles").glob("*.txt"))]
    dev = polnear_texts("dev")
    sample = random.Random(0).sample(dev, min(a.sample, len(dev)))
    articles = [("seed", d, t) for d, t in seeds] + [("dev", r["doc_id"], r["text"]) for r in sample]
    time_article(engine, vocab, seeds[0][1], 1)  # warm up: lexicons, caches, torch

    rows = []
    for group, doc_id, text in articles:
        r = time_article(engine, vocab, text, a.runs)
        rows.append((group, doc_id, r))
        print(f"{group:5} {doc_id[:40]:40} sents {r['sentences']:4}  stanza {ms(r['stanza']):>6} ms  "
              f"own {ms(r['own']):>5} ms  ({100 * r['own'] / r['stanza']:.1f}%)", flush=True)

    def summary(sel):
        st = sum(r["stanza"] for _, _, r in sel)
        own = {k: sum(r[k] for _, _, r in sel) for k in ("prepare", "convert", "extract", "own")}
        per = sorted(100 * r["own"] / r["stanza"] for _, _, r in sel)
        return st, own, per

    lines = [
        f"quoteattr's own work next to stanza's, per article: the five seed articles and {len(sample)} PolNeAR "
        f"dev articles (a fixed random sample), the fastest of {a.runs} runs per stage. Models: "
        f"`{Path(a.models_dir).name}` ({', '.join(engine.packages)}), CPU: {cpu_model()}, "
        f"torch threads: {_threads()}. Pipeline built in {build:.1f} s. Written by `benchmarks/bench_stanza.py`.",
        "",
        "| articles | sentences | stanza (ms) | prepare | convert | extract | quoteattr's own (ms) | overhead, all | overhead per article: median / max |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for name, sel in (("seeds", [x for x in rows if x[0] == "seed"]), ("PolNeAR dev sample", [x for x in rows if x[0] == "dev"]),
                      ("all", rows)):
        st, own, per = summary(sel)
        n_sent = sum(r["sentences"] for _, _, r in sel)
        lines.append(f"| {name} ({len(sel)}) | {n_sent} | {ms(st)} | {ms(own['prepare'])} | {ms(own['convert'])} | "
                     f"{ms(own['extract'])} | {ms(own['own'])} | {100 * own['own'] / st:.1f}% | "
                     f"{statistics.median(per):.1f}% / {max(per):.1f}% |")
    # the same articles in one bulk call, as Pipeline.stream runs them (stanza batches better)
    batch_runs = []
    for _ in range(a.runs):
        t0 = time.perf_counter()
        prepared = [engine.prepare(text) for _, _, text in articles]
        t1 = time.perf_counter()
        sdocs = engine.run(prepared)
        t2 = time.perf_counter()
        for p, sdoc in zip(prepared, sdocs):
            extract_quotes(engine.convert(p, sdoc), vocab=vocab)
        t3 = time.perf_counter()
        batch_runs.append((t2 - t1, (t1 - t0) + (t3 - t2)))
    st_b, own_b = min(batch_runs, key=lambda x: x[0] + x[1])
    lines.append(f"| all, one bulk call ({len(rows)}) | {sum(r['sentences'] for _, _, r in rows)} | {ms(st_b)} | "
                 f"| | | {ms(own_b)} | {100 * own_b / st_b:.1f}% | |")
    lines += ["", "Per seed article:", "",
              "| article | sentences | stanza (ms) | quoteattr's own (ms) | overhead |", "|---|---|---|---|---|"]
    for group, doc_id, r in rows:
        if group == "seed":
            lines.append(f"| {doc_id} | {r['sentences']} | {ms(r['stanza'])} | {ms(r['own'])} | "
                         f"{100 * r['own'] / r['stanza']:.1f}% |")
    lines += ["", "Target: quoteattr adds at most 15% to stanza's time per article. *prepare* is "
              "segmentation, quotation marks and stanza's input; *convert* turns stanza's Document into "
              "quoteattr's annotated document; *extract* is cues, syntax frames (which also run the "
              "surface patterns, as evidence), speakers and confidence."]
    body = "\n".join(lines)
    print("\n" + body)
    if not a.no_write:
        write_section(HEADING, body)
    return 0


def _threads() -> int:
    import torch

    return torch.get_num_threads()


if __name__ == "__main__":
    raise SystemExit(main())
