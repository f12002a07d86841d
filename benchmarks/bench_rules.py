#!/usr/bin/env python3
"""Rules engine throughput and peak memory on the PolNeAR dev texts.

Each run extracts every dev article in one process; the median of several runs is reported
next to a baseline measured in the same run: a plain regular-expression scan of the same texts
for quote marks and "said" (the floor any extractor pays to read the text), so figures from a
noisy machine can be read against each other.  Peak memory is the Python heap's high-water mark
(tracemalloc) during one pass, and the process's maximum resident size.

    python benchmarks/bench_rules.py [--runs 5] [--no-write]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cpu_model, polnear_texts, publish  # noqa: E402

import quoteattr  # noqa: E402

NAIVE = __import__("re").compile(r'"[^"\n]{3,}"|“[^”\n]{3,}”|\bsaid\b')


def naive(texts: list[str]) -> int:
    return sum(len(NAIVE.findall(t)) for t in texts)


def timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--no-write", action="store_true", help="print the table only")
    a = ap.parse_args(argv)
    records = polnear_texts("dev")
    texts = [r["text"] for r in records]
    nlp = quoteattr.Pipeline("rules")
    nlp.extract(texts[0])  # lexicons loaded, caches warm

    def extract_all(ts):
        for t in ts:
            nlp.extract(t)

    rules = [timed(extract_all, texts) for _ in range(a.runs)]
    base = [timed(naive, texts) for _ in range(a.runs)]
    tracemalloc.start()
    extract_all(texts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    maxrss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    n, chars = len(texts), sum(map(len, texts))
    med = statistics.median(rules)
    table = "\n".join([
        f"PolNeAR dev: {n} articles, {chars / n:,.0f} characters each on average; median of {a.runs} runs; "
        f"{cpu_model()}, Python {sys.version.split()[0]}.",
        "",
        "| what | articles/s | ms/article | runs (s) |",
        "|---|---:|---:|---|",
        f"| rules engine, one process | **{n / med:,.0f}** | {1000 * med / n:.1f} | {', '.join(f'{x:.2f}' for x in rules)} |",
        f"| baseline: regex scan for quote marks and \"said\" | {n / statistics.median(base):,.0f} | "
        f"{1000 * statistics.median(base) / n:.2f} | {', '.join(f'{x:.3f}' for x in base)} |",
        "",
        f"Peak Python heap during one pass over the {n} articles: {peak / 2**20:.1f} MiB; "
        f"process maximum resident size: {maxrss_mb:.0f} MiB.",
    ])
    publish("## Rules engine", table, write=not a.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
