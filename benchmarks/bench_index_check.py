"""The cost of checking a claim index for damage: ``PRAGMA quick_check`` on open, and the full check.

A claim index of 100,000 claims is written directly with SQL in the index's own schema (12,500
articles of 8 quotations each, word 3-gram shingles, one speaker entity per 50 quotations, every
quotation its own claim, so the claims table is as large as it gets for that many quotations);
linking that many articles one by one would take far longer and is not what is measured.  Then,
on a warm page cache, best of ``--repeat``:

- opening with ``ClaimIndex(path)`` (quick check, the default) and with ``check=False``;
- ``PRAGMA quick_check`` alone, and ``ClaimIndex.check()`` (``integrity_check`` and the foreign
  keys, what ``quoteattr claims --check`` runs).

    python benchmarks/bench_index_check.py                 # 100k claims
    python benchmarks/bench_index_check.py --claims 10000 --claims 100000 --write-docs
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import ROOT, cpu_model, publish  # noqa: E402

sys.path.insert(0, str(ROOT / "src"))
from quoteattr.link import ClaimIndex  # noqa: E402
from quoteattr.link.normalize import analyse, shingles  # noqa: E402

HEADING = "## Claim index checks"
WORDS = ("the government said talks would resume next week after the ceasefire collapsed in the north "
         "minister officials warned that sanctions against exporters could widen unless negotiators agree "
         "on a framework for elections budget reform court ruling protesters gathered outside parliament").split()


def build(path: Path, n_claims: int, seed: int = 7) -> None:
    """An index of ``n_claims`` quotations, each its own claim, written in bulk."""
    ClaimIndex(path, paraphrase=False, check=False).close()  # the schema, the marks
    rng = random.Random(seed)
    db = sqlite3.connect(path)
    db.execute("PRAGMA synchronous=OFF")
    per_article, per_entity = 8, 50
    with db:
        for e in range(n_claims // per_entity + 1):
            name = f"Speaker{e} Surname{e}"
            db.execute("INSERT INTO entities VALUES (?, ?, 'person', 'person', ?, ?, ?, '[]', ?, ?)",
                       (f"e{e}", name, f"surname{e}", json.dumps([f"speaker{e}", f"surname{e}"]), f"speaker{e}",
                        name, json.dumps({name: per_entity})))
        for a in range(n_claims // per_article):
            doc = f"doc-{a:06d}"
            day = 736000 + a // 40
            quotes = []
            for i in range(per_article):
                k = a * per_article + i
                text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(8, 30)))
                quotes.append({"start": 0, "end": len(text), "text": text, "kind": "direct", "claim_id": f"c{k}"})
                an = analyse(text, "en")
                db.execute('INSERT INTO quotes (doc_id, idx, start, "end", kind, text, entity_id, known, speaker_name, '
                           "day, date, seq, outlet, claim_id, embedding, norm) VALUES "
                           "(?, ?, 0, ?, 'direct', ?, ?, 1, ?, ?, NULL, ?, 'wire', ?, NULL, ?)",
                           (doc, i, len(text), text, f"e{k // per_entity}", f"Speaker{k // per_entity}", day, a + 1,
                            f"c{k}", an.norm))
                db.executemany("INSERT OR IGNORE INTO shingles VALUES (?, ?, ?)",
                               [(s, doc, i) for s in shingles(an, 3)])
                db.execute("INSERT INTO claims VALUES (?, ?, ?, ?, NULL, 1, 1)", (f"c{k}", text, doc, i))
                db.execute("INSERT INTO entity_mentions VALUES (?, ?, ?, 0, 5, NULL)",
                           (f"e{k // per_entity}", doc, f"Surname{k // per_entity}"))
            record = json.dumps({"doc_id": doc, "schema_version": "1.0", "engine": "rules", "quotes": quotes,
                                 "speakers": []})
            # the articles row goes first in a real add; here foreign keys are off, order does not matter
            db.execute("INSERT INTO articles VALUES (?, ?, ?, NULL, 'wire', ?, '2026-01-01T00:00:00+00:00')",
                       (doc, a + 1, f"{a:032x}", record))
    db.close()


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def measure(n_claims: int, repeat: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "claims.db"
        t = time.perf_counter()
        build(path, n_claims)
        built = time.perf_counter() - t
        ClaimIndex(path, paraphrase=False).close()  # warm the page cache

        def quick_only():
            db = sqlite3.connect(path)
            assert db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
            db.close()

        def full():
            with ClaimIndex(path, paraphrase=False, check=False) as idx:
                assert idx.check() == []

        return {
            "claims": n_claims, "MB": path.stat().st_size / 1e6, "build_s": built,
            "open_checked": best(lambda: ClaimIndex(path, paraphrase=False).close(), repeat),
            "open_unchecked": best(lambda: ClaimIndex(path, paraphrase=False, check=False).close(), repeat),
            "quick_check": best(quick_only, repeat),
            "full_check": best(full, repeat),
        }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--claims", type=int, action="append", help="index sizes (default 100000)")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()
    rows = [measure(n, args.repeat) for n in (args.claims or [100_000])]
    lines = [
        "`python benchmarks/bench_index_check.py` — a claim index written in bulk (8 quotations an article, each its "
        "own claim, one speaker per 50 quotations), warm page cache, best of "
        f"{args.repeat}; {cpu_model()}, Python {sys.version.split()[0]}, SQLite {sqlite3.sqlite_version}.",
        "",
        "| claims | file (MB) | open, quick check (s) | open, no check (s) | quick_check alone (s) | full check, `claims --check` (s) |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| {r['claims']:,} | {r['MB']:.0f} | {r['open_checked']:.2f} | {r['open_unchecked']:.2f} | "
                     f"{r['quick_check']:.2f} | {r['full_check']:.2f} |")
    lines += ["", "Opening runs the quick check by default (`ClaimIndex(path, check=False)` skips it); the full check "
              "also verifies every index entry against its row and the foreign keys."]
    table = "\n".join(lines)
    publish(HEADING, table, write=args.write_docs)


if __name__ == "__main__":
    main()
