#!/usr/bin/env python3
"""Neural engine speed next to the rules engine's, on the PolNeAR dev texts, in one run.

Each engine runs in a fresh child process (so that its peak resident size is its own): the
pipeline is built (the *load* time: for neural, the ONNX session and tokenizer), one warm-up
pass, then ``--runs`` timed passes over every dev article through ``Pipeline.stream`` (the
neural engine batches windows across articles); the median pass is reported as articles/s,
word pieces/s (the model's tokens: the dev texts' word-piece count over the pass) and
characters/s.  The load average at the start is printed too: on a shared machine the figures
move with it.

    python benchmarks/bench_neural.py [--runs 3] [--threads N] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from common import cpu_model, polnear_texts, publish  # noqa: E402


def child(engine: str, runs: int, threads: int | None) -> dict:
    import quoteattr
    from quoteattr.nlp import neural
    from quoteattr.parallel import extract_many

    texts = [r["text"] for r in polnear_texts("dev")]
    if engine.endswith("-workers"):  # one engine per worker process, one per core
        name, jobs = engine.split("-")[0], os.cpu_count() or 1
        list(extract_many(texts[:jobs], n_jobs=jobs, engine=name))  # pool and models warm
        times, quotes = [], 0
        for _ in range(runs):
            t = time.perf_counter()
            quotes = sum(len(r.quotes) for r in extract_many(texts, n_jobs=jobs, engine=name, chunk_size=4))
            times.append(time.perf_counter() - t)
        return {"engine": f"{name}, {jobs} worker processes", "load_s": float("nan"), "times": times,
                "articles": len(texts), "quotes": quotes, "chars": sum(map(len, texts)), "pieces": 0,
                "maxrss_mb": float("nan")}
    t = time.perf_counter()
    if engine == "neural":
        nlp = quoteattr.Pipeline("rules")
        nlp.engine = neural.NeuralEngine(threads=threads)  # the thread count is the benchmark's knob
        nlp.engine_name = "neural"
    else:
        nlp = quoteattr.Pipeline(engine)
    load = time.perf_counter() - t
    nlp.extract(texts[0])
    times, quotes = [], 0
    for _ in range(runs):
        t = time.perf_counter()
        quotes = sum(len(r.quotes) for r in nlp.stream(texts, batch_size=32, on_error="raise"))
        times.append(time.perf_counter() - t)
    pieces = 0
    if neural.runtime_missing() is None:
        tok = neural.load_model().tokenizer
        pieces = sum(len(e.ids) for e in tok.encode_batch(texts, add_special_tokens=False))
    return {"engine": engine, "load_s": load, "times": times, "articles": len(texts), "quotes": quotes,
            "chars": sum(map(len, texts)), "pieces": pieces,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--threads", type=int, default=None, help="ONNX Runtime threads (default: up to 4 cores)")
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    a = ap.parse_args(argv)
    if a.child:
        print(json.dumps(child(a.child, a.runs, a.threads)))
        return 0
    load_avg = os.getloadavg()[0]
    rows = []
    for engine in ("rules", "neural", "neural-workers"):
        cmd = [sys.executable, __file__, "--child", engine, "--runs", str(a.runs)]
        if a.threads:
            cmd += ["--threads", str(a.threads)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.strip().splitlines()[-1]))
    n = rows[0]["articles"]
    for r in rows[2:]:
        r["pieces"] = rows[1]["pieces"]
    lines = [
        f"PolNeAR dev: {n} articles, {rows[0]['chars'] / n:,.0f} characters and {rows[1]['pieces'] / n:,.0f} word "
        f"pieces each on average; median of {a.runs} passes through `Pipeline.stream`; {cpu_model()}, "
        f"{os.cpu_count()} cores, ONNX Runtime threads: {a.threads or 'default'}; Python {sys.version.split()[0]}; "
        f"load average {load_avg:.1f} at the start.",
        "",
        "| engine | articles/s | word pieces/s | characters/s | ms/article | load (s) | peak RSS (MiB) | quotations | passes (s) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        med = statistics.median(r["times"])
        load = "–" if r["load_s"] != r["load_s"] else f"{r['load_s']:.2f}"  # nan: not measured
        rss = "–" if r["maxrss_mb"] != r["maxrss_mb"] else f"{r['maxrss_mb']:.0f}"
        lines.append(f"| {r['engine']} | **{n / med:,.1f}** | {r['pieces'] / med:,.0f} | {r['chars'] / med:,.0f} | "
                     f"{1000 * med / n:.1f} | {load} | {rss} | {r['quotes']:,} | "
                     f"{', '.join(f'{x:.2f}' for x in r['times'])} |")
    lines += ["", "Word pieces/s counts the model's input tokens once (windows overlap, so the model sees "
              "somewhat more); for rules the column says how much text per second that is in the same units. "
              "The worker-process row is `extract_many(texts, n_jobs=cores, engine=\"neural\")`, pool start "
              "excluded; its load time and memory are the workers' and are not measured here."]
    table = "\n".join(lines)
    publish("## Neural engine", table, write=not a.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
