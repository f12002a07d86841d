"""Growth with document length: time and peak memory of one extraction as the text grows.

Each pattern of ``growth_patterns.py`` (a unit such as ``'“'``, ``'said '`` or ``'"x\\n'``
repeated) and real news (PolNeAR dev articles, or the seed articles without ../shared,
concatenated) is extracted with the rules engine at 16k, 64k, 256k, 1M and 4M characters.  Every
run is a fresh process, so its peak resident set is its own; the pipeline is built before the
clock starts.  The last column is the time at 4M over the time at 256k: 16 for linear growth,
256 for quadratic; the target is at most 20.  A 10-million-character document of concatenated
news is timed the same way (target: under 60 s and 1 GB).

Writes a markdown table under ``## Growth with document length`` in ``docs/benchmarks.md`` and
prints it.

    python benchmarks/bench_growth.py                       # everything (about half an hour)
    python benchmarks/bench_growth.py --sizes 16k,64k --patterns said_repeated --no-write
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import cpu_model, publish  # noqa: E402
from growth_patterns import PATTERNS, POLNEAR, text_for  # noqa: E402

HEADING = "## Growth with document length"
SIZES = "16k,64k,256k,1M,4M"
BIG = 10_000_000
MAX_RATIO = 20.0


def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1:], 1)
    return int(float(s.rstrip("km")) * mult)


def show_size(n: int) -> str:
    if n >= 1_000_000 and n % 1_000_000 == 0:
        return f"{n // 1_000_000}M"
    if n >= 1_000 and n % 1_000 == 0:
        return f"{n // 1_000}k"
    return str(n)


def child(name: str, size: int) -> None:
    """One measurement, in this (fresh) process: print a JSON line."""
    import quoteattr

    text = text_for(name, size)
    nlp = quoteattr.Pipeline("rules")
    t0, c0 = time.perf_counter(), time.process_time()
    result = nlp.extract(text)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - c0
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"seconds": seconds, "cpu": cpu, "rss_mb": rss_mb, "quotes": len(result.quotes)}))


def measure(name: str, size: int, timeout: float) -> dict:
    """Run one measurement in a fresh process; ``{"timeout": True}`` when it runs too long."""
    cmd = [sys.executable, __file__, "--child", name, str(size)]
    try:
        out = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=True)
    except subprocess.TimeoutExpired:
        return {"timeout": True}
    except subprocess.CalledProcessError as exc:
        raise SystemExit(f"{name} at {size} characters failed:\n{exc.stderr}") from exc
    return json.loads(out.stdout.strip().splitlines()[-1])


def cell(m: dict | None, timeout: float) -> str:
    if m is None:
        return ""
    if m.get("timeout"):
        return f"> {timeout:.0f} s wall"
    return f"{m['cpu']:.2f} s · {m['rss_mb']:.0f} MB"


def ratio(results: dict[int, dict], hi: int, lo: int, key: str = "cpu") -> float | None:
    a, b = results.get(hi), results.get(lo)
    if not a or not b or a.get("timeout") or b.get("timeout"):
        return None
    return a[key] / max(b[key], 1e-3)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=SIZES, help=f"comma-separated sizes in characters (default {SIZES})")
    ap.add_argument("--patterns", help="comma-separated pattern names (default: all, and real_news)")
    ap.add_argument("--timeout", type=float, default=1800, help="wall-clock seconds allowed per run (default 1800)")
    ap.add_argument("--no-big", action="store_true", help=f"skip the {BIG:,}-character news document")
    ap.add_argument("--no-write", action="store_true", help="print the table, leave docs/benchmarks.md alone")
    ap.add_argument("--child", nargs=2, metavar=("PATTERN", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0

    sizes = [parse_size(s) for s in args.sizes.split(",")]
    names = args.patterns.split(",") if args.patterns else [*PATTERNS, "real_news"]
    unknown = [n for n in names if n not in PATTERNS and n != "real_news"]
    if unknown:
        ap.error(f"unknown pattern(s) {', '.join(unknown)}; choose from {', '.join(PATTERNS)}, real_news")
    import quoteattr

    load = os.getloadavg()[0]
    rows: dict[str, dict[int, dict]] = {}
    for name in names:
        rows[name] = {}
        for size in sizes:
            m = measure(name, size, args.timeout)
            rows[name][size] = m
            print(f"{name:28s} {show_size(size):>5s} {cell(m, args.timeout)}", file=sys.stderr, flush=True)
            if m.get("timeout"):
                break  # larger sizes would time out too
    big = None if args.no_big else measure("real_news", BIG, args.timeout)
    if big is not None:
        print(f"{'real_news':28s} {show_size(BIG):>5s} {cell(big, args.timeout)}", file=sys.stderr, flush=True)

    lo, hi = (parse_size("256k"), parse_size("4M")) if {parse_size("256k"), parse_size("4M")} <= set(sizes) \
        else (sizes[-2], sizes[-1]) if len(sizes) > 1 else (sizes[0], sizes[0])
    head = (f"| pattern | unit | {' | '.join(show_size(s) for s in sizes)} | {show_size(hi)} / {show_size(lo)} CPU "
            f"| {show_size(hi)} / {show_size(lo)} wall |")
    lines = [head, "|---|---|" + "---:|" * (len(sizes) + 2)]
    worst = 0.0
    for name, res in rows.items():
        unit = "news articles" if name == "real_news" else "`" + PATTERNS[name].replace("\n", "\\n").replace("|", "\\|") + "`"
        r, rw = ratio(res, hi, lo), ratio(res, hi, lo, "seconds")
        worst = max(worst, r or 0.0)
        lines.append(f"| {name} | {unit} | " + " | ".join(cell(res.get(s), args.timeout) for s in sizes)
                     + f" | {'' if r is None else f'{r:.1f}×'} | {'' if rw is None else f'{rw:.1f}×'} |")
    source = "PolNeAR dev articles" if POLNEAR.is_dir() else "the seed articles"
    intro = (f"`python benchmarks/bench_growth.py`: one extraction with the rules engine per cell, each in a fresh "
             f"process: CPU time of `Pipeline.extract` (the pipeline built beforehand) and the peak resident set of "
             f"the whole process. quoteattr {quoteattr.__version__}, Python {platform.python_version()}, {cpu_model()}, {os.cpu_count()} cores, "
             f"load average {load:.1f} at the start, {dt.date.today().isoformat()}. The machine is shared, so the "
             f"growth is judged on CPU time; wall-clock time, in the last column, also measures the other work. Each pattern repeats its unit "
             f"to the given number of characters; *real_news* concatenates {source}.")
    notes = [f"- CPU time grows at most {worst:.1f}-fold from {show_size(lo)} to {show_size(hi)} characters, a {hi / lo:.0f}-fold "
             f"increase of the text (target from 256k to 4M: at most {MAX_RATIO:.0f}-fold)."]
    if big is not None:
        notes.append(f"- A {BIG:,}-character document of concatenated news: {cell(big, args.timeout)} "
                     f"({big.get('seconds', 0):.1f} s wall-clock), "
                     f"{big.get('quotes', 0):,} quotations (target: under 60 s and 1 GB).")
    notes.append("- Sentences are cut at 2,000 characters (news sentences stay under it), so a run-on line of "
                 "cues costs its length times a bounded sentence, not its square.")
    body = intro + "\n\n" + "\n".join(lines) + "\n\n" + "\n".join(notes)
    publish(HEADING, body, write=not args.no_write)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
