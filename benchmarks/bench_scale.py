"""Corpus scale: articles/s on 1 core, 2 cores, all cores, and a Dask LocalCluster.

The same N articles (default 2,000: the PolNeAR train texts, cycled with distinct ids) go through
``quoteattr.extract_many`` with ``n_jobs=1``, ``2`` and ``-1``, then through
``quoteattr.dask.extract_bag`` on a ``LocalCluster`` with one single-threaded worker process per
core.  Each setup runs ``--repeat`` times and the best wall time counts (the least disturbed by
whatever else the machine is doing).  Process-pool start-up is inside the timing, as a user pays
it; the Dask cluster is started before the clock starts, as a user keeps one running.  Every run
must produce the same quotations, or the script fails.

Writes a markdown table under ``## Corpus scale`` in ``docs/benchmarks.md`` (leaving the file's
other sections alone) and prints it.  Needs the project's shared data (``../shared/eval``) or
``--data FILE.jsonl`` with ``{"doc_id", "text"}`` records.

    .venv/bin/python benchmarks/bench_scale.py            # the full benchmark (a few minutes)
    .venv/bin/python benchmarks/bench_scale.py -n 200 --repeat 1 --no-write   # a quick look
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import platform
import resource
import sys
import time
from itertools import cycle, islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import DOC, ROOT, SHARED, cpu_model, write_section  # noqa: E402

DATA = SHARED / "eval" / "polnear" / "train.jsonl"
HEADING = "## Corpus scale"


def load(path: Path, n: int) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f if line.strip()]
    out = []
    for k, d in enumerate(islice(cycle(docs), n)):
        rep = k // len(docs)
        out.append({"doc_id": d["doc_id"] if rep == 0 else f"{d['doc_id']}#{rep}", "text": d["text"]})
    return out


def fingerprint(results) -> list[tuple]:
    return [(r.doc_id, tuple((q.start, q.end, q.kind, q.speaker.name if q.speaker else None) for q in r.quotes))
            for r in results]


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def run_pool(records, n_jobs, engine):
    """Results and the CPU seconds spent by this process and its (reaped) worker processes."""
    import quoteattr

    cpu0 = time.process_time() + _children_cpu()
    out = list(quoteattr.extract_many(records, n_jobs=n_jobs, engine=engine, progress=False))
    return out, time.process_time() + _children_cpu() - cpu0


def run_dask(records, client, workers, engine):
    """Results and the CPU seconds spent by this process and the cluster's workers."""
    import dask.bag as db

    from quoteattr.dask import extract_bag

    def workers_cpu() -> float:
        return sum(client.run(time.process_time).values())

    cpu0 = time.process_time() + workers_cpu()
    bag = db.from_sequence(records, npartitions=workers * 8)
    out = extract_bag(bag, engine=engine).compute()
    return out, time.process_time() + workers_cpu() - cpu0


def best_of(repeat, fn, *args):
    """(wall seconds, CPU seconds, results) of the fastest of ``repeat`` runs."""
    best, cpu, out = float("inf"), float("nan"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out, used = fn(*args)
        wall = time.perf_counter() - t0
        if wall < best:
            best, cpu = wall, used
    return best, cpu, out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data", type=Path, default=DATA, help=f"JSONL of {{doc_id, text}} (default {DATA})")
    ap.add_argument("-n", type=int, default=2000, help="articles (cycled from the data; default 2000)")
    ap.add_argument("--repeat", type=int, default=3, help="runs per setup; the best counts (default 3)")
    ap.add_argument("--engine", default="rules", help="engine (default rules)")
    ap.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster run")
    ap.add_argument("--no-write", action="store_true", help=f"print the table, do not update {DOC.name}")
    args = ap.parse_args(argv)
    if not args.data.exists():
        print(f"bench_scale: no data at {args.data}; it needs the project's shared data (../shared/eval) "
              "or --data FILE.jsonl with {doc_id, text} records", file=sys.stderr)
        return 2

    import quoteattr
    from quoteattr.parallel import resolve_jobs

    records = load(args.data, args.n)
    chars = sum(len(r["text"]) for r in records)
    cores = resolve_jobs(-1)
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"{len(records)} articles ({chars / len(records):,.0f} characters on average), {cores} cores, "
          f"engine {args.engine}, best of {args.repeat}", file=sys.stderr)

    rows = []  # (setup, workers, seconds)
    reference = None
    setups = [("extract_many, 1 core", 1), ("extract_many, 2 cores", 2)]
    if cores > 2:
        setups.append(("extract_many, all cores", cores))
    for name, jobs in setups:
        secs, cpu, results = best_of(args.repeat, run_pool, records, jobs, args.engine)
        fp = fingerprint(results)
        if reference is None:
            reference = fp
        elif fp != reference:
            raise SystemExit(f"bench_scale: {name} produced different quotations from 1 core")
        rows.append((name, jobs, secs, cpu))
        print(f"  {name}: {secs:.1f} s, {len(records) / secs:.1f} articles/s, {cpu:.1f} CPU s", file=sys.stderr)

    if not args.no_dask:
        from dask.distributed import Client, LocalCluster

        with LocalCluster(n_workers=cores, threads_per_worker=1, processes=True, dashboard_address=None,
                          silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
            client.run(lambda: None)  # workers up before the clock starts
            secs, cpu, results = best_of(args.repeat, run_dask, records, client, cores, args.engine)
        if fingerprint(results) != reference:
            raise SystemExit("bench_scale: the Dask LocalCluster produced different quotations from 1 core")
        rows.append((f"Dask LocalCluster, {cores} workers × 1 thread", cores, secs, cpu))
        print(f"  dask: {secs:.1f} s, {len(records) / secs:.1f} articles/s, {cpu:.1f} CPU s", file=sys.stderr)

    base, base_cpu = rows[0][2], rows[0][3]
    busy = load_before > 0.5
    lines = [
        f"{len(records):,} articles (the {args.data.name} texts of PolNeAR, cycled with distinct ids; "
        f"{chars / len(records):,.0f} characters on average), engine `{args.engine}`, "
        f"quoteattr {quoteattr.__version__}, Python {platform.python_version()}, "
        f"{cores} cores ({cpu_model()}), best of {args.repeat} runs, "
        f"load average {load_before:.1f} at the start, {dt.date.today().isoformat()}.",
        "",
        "| setup | worker processes | seconds | articles/s | speed-up vs 1 core | CPU seconds, all processes | parallel overhead |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, jobs, secs, cpu in rows:
        lines.append(f"| {name} | {jobs} | {secs:.1f} | {len(records) / secs:.1f} | {base / secs:.2f}× "
                     f"| {cpu:.1f} | {100 * (cpu / base_cpu - 1):+.0f}% |")
    lines += [
        "",
        "Wall-clock times; process-pool start-up is included, the Dask cluster was started before timing. "
        "*Parallel overhead* is the extra CPU time all processes together spent over the 1-core run "
        "(start-up, moving articles and results between processes): with an idle machine, the speed-up "
        "on *n* cores is about *n* / (1 + overhead).",
    ]
    if busy:
        lines += [
            "",
            f"**The machine was busy with other work** (load average {load_before:.1f} on {cores} cores): "
            "Linux shares the CPUs between sessions, so extra worker processes gained little wall-clock "
            "time here and the speed-ups above understate an idle machine's. Re-run on an idle machine "
            "for the wall-clock figures.",
        ]
    lines += ["", "Re-run with `.venv/bin/python benchmarks/bench_scale.py`."]
    table = "\n".join(lines)
    print(table)
    if not args.no_write:
        write_section(HEADING, table)
        print(f"bench_scale: wrote the table to {DOC.relative_to(ROOT)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
