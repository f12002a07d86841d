"""Linking at scale: 100k and 1M synthetic-but-realistic quotations, time and peak memory.

The quotations are sentences of PolNeAR train contents (../shared/eval/polnear/train.jsonl),
with planted families: verbatim repeats (other outlets: quote marks, case, escapes), truncations
(partial quotes of 3 to 10 words), and paraphrase-like edits (synonyms, swapped or dropped words,
clauses moved).  Speakers come from PolNeAR's source mentions (full names; members of a family
also appear by surname alone or unattributed), dates spread along the calendar at about 330
quotations a day (10k is a month of coverage, 100k ten months, 1M eight years), so speaker and time blocking
apply as they would on real news.  PolNeAR has ~29k distinct article sentences; at every size,
three bases in five are sentences and two are splices of them (the first half of one and the
second half of another, each half used once), so 100k is more of the same text as 10k.

Each size runs in a fresh subprocess: the data is built first (not timed), then
``link_results`` is timed stage by stage; peak memory is the process's maximum resident set.
The pairwise precision/recall of the planted families is reported as a sanity check.

    python benchmarks/bench_link.py                      # 100k and 1M, exact+partial and paraphrase
    python benchmarks/bench_link.py --no-paraphrase      # exact and partial tiers only
    python benchmarks/bench_link.py --sizes 10000 --write-docs
    python benchmarks/bench_link.py --run 1000000 --progress   # one run in this process, a JSON line
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
POLNEAR = ROOT.parent / "shared" / "eval" / "polnear" / "train.jsonl"
DOCS = ROOT / "docs" / "benchmarks.md"
QUOTES_PER_DAY = 330
SEED = 20161216

SYNONYMS = {
    "big": "large", "large": "big", "important": "significant", "significant": "important", "people": "citizens",
    "country": "nation", "nation": "country", "said": "stated", "help": "assist", "start": "begin",
    "begin": "start", "fight": "battle", "problem": "issue", "issue": "problem", "change": "shift",
    "quickly": "rapidly", "believe": "think", "think": "believe", "want": "wish", "need": "require",
    "show": "demonstrate", "support": "back", "attack": "assault", "end": "finish", "job": "work",
    "money": "funds", "law": "legislation", "plan": "proposal", "talk": "speak", "tell": "inform",
    "hard": "difficult", "difficult": "hard", "many": "numerous", "also": "too", "very": "extremely",
}
OUTLETS = [f"outlet-{k:02d}" for k in range(30)]


def polnear_material(path: Path = POLNEAR) -> tuple[list[str], list[str]]:
    """Distinct sentences (5-50 words) of the articles and full personal names from source mentions."""
    from quoteattr import lexicons
    from quoteattr.link.speakers import person_words

    firsts = lexicons.words("first_names")
    sentences, names = {}, {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            for para in d["text"].split("\n"):
                for s in re.split(r"(?<=[.!?])\s+(?=[A-Z\"\u201c])", para):
                    s = " ".join(s.split()).strip(" \"\u201c\u201d")
                    if 5 <= len(s.split()) <= 50:
                        sentences.setdefault(s, None)
            for q in d["quotes"]:
                if q.get("speaker_start") is not None:
                    words = person_words(d["text"][q["speaker_start"]:q["speaker_end"]])
                    if 2 <= len(words) <= 3 and words[0].lower() in firsts:
                        names.setdefault(" ".join(words), None)
    return list(sentences), list(names)


def _edit(rng: random.Random, text: str) -> str:
    """One or two paraphrase-like edits: a synonym, two words swapped, a word dropped, a clause moved."""
    words = text.split()
    for _ in range(rng.randint(1, 2)):
        op = rng.random()
        if op < 0.4:
            idx = [i for i, w in enumerate(words) if w.lower().strip(",.") in SYNONYMS]
            if idx:
                i = rng.choice(idx)
                core = words[i].lower().strip(",.")
                words[i] = words[i].lower().replace(core, SYNONYMS[core])
                continue
        if op < 0.65 and len(words) > 4:
            i = rng.randrange(1, len(words) - 2)
            words[i], words[i + 1] = words[i + 1], words[i]
        elif op < 0.85 and len(words) > 6:
            del words[rng.randrange(1, len(words) - 1)]
        else:
            joined = " ".join(words)
            if ", " in joined:
                head, _, tail = joined.partition(", ")
                words = (tail.rstrip(".") + ", " + head[0].lower() + head[1:]).split()
    return " ".join(words)


def _variant(rng: random.Random, text: str) -> str:
    """The same words as another outlet prints them: curly or escaped marks, case, end punctuation."""
    if rng.random() < 0.3:
        text = text.replace("'", "\u2019")
    if rng.random() < 0.2:
        text = text.replace("\u2019", "\\\u2019")
    if rng.random() < 0.3:
        text = text.rstrip(".") + ","
    if rng.random() < 0.1:
        text = text.lower()
    return text


def quotations(n: int, sentences: list[str], names: list[str], seed: int = SEED) -> tuple[list[dict], int]:
    """``n`` quotations ``{text, kind, speaker, day, family}`` with planted families."""
    rng = random.Random(seed)
    days = max(30, n // QUOTES_PER_DAY)
    n_speakers = max(200, n // 25)
    pool = list(names)
    surnames = [nm.split()[-1] for nm in names]
    firsts = [nm.split()[0] for nm in names]
    while len(pool) < n_speakers:
        pool.append(f"{rng.choice(firsts)} {rng.choice(surnames)}")
    pool = pool[:n_speakers]
    weights = [1.0 / (k + 1) ** 0.8 for k in range(len(pool))]  # a few speakers are quoted a lot
    cum_weights = list(itertools.accumulate(weights))  # once: choices() would sum them on every draw
    # bases: PolNeAR sentences (60%) and splices of them (40%): the first half of one and the
    # second half of another, each half used once.  The mix is the same at every size, so a
    # bigger corpus is more of the same, not a different kind of text.
    n_bases = n // 2 + 1
    order = list(sentences)
    rng.shuffle(order)
    order = order[: min(len(order), (n_bases * 3) // 5 + 1)]
    spliced: list[str] = []
    rounds = 0
    while len(order) + len(spliced) < n_bases and rounds < 64:  # more splice rounds for the larger sizes
        tails = order[:]
        rng.shuffle(tails)
        joiner = ("and", "but", "while", "because", "so")[rounds % 5] if rounds < 5 else f"and {rounds}"
        for a, b in zip(order, tails):
            wa, wb = a.split(), b.split()
            if a != b:
                spliced.append(" ".join(wa[: max(3, len(wa) // 2)] + [joiner] + wb[len(wb) // 2:]))
        rounds += 1
    order = order + spliced[: max(0, n_bases - len(order))]
    rng.shuffle(order)
    out: list[dict] = []
    family = 0
    while len(out) < n:
        if family >= len(order):
            raise ValueError(f"not enough sentences for {n} quotations")
        base = order[family]
        speaker = rng.choices(pool, cum_weights=cum_weights)[0]
        day = rng.randrange(days)
        kind = "direct" if rng.random() < 0.6 else "indirect"
        out.append({"text": base, "kind": kind, "speaker": speaker, "day": day, "family": family})
        if rng.random() < 0.45:
            for _ in range(rng.randint(1, 4)):
                r = rng.random()
                words = base.split()
                if r < 0.35:
                    text, k = _variant(rng, base), kind
                elif r < 0.65 and len(words) > 6:
                    size = rng.randint(3, min(10, len(words) - 2))
                    i = rng.randrange(0, len(words) - size)
                    text, k = " ".join(words[i:i + size]).strip(",."), "partial"
                else:
                    text, k = _edit(rng, base), rng.choice(["direct", "indirect"])
                who = rng.random()
                spk = speaker if who < 0.65 else (speaker.split()[-1] if who < 0.8 else None)
                out.append({"text": text, "kind": k, "speaker": spk, "day": min(days - 1, day + rng.randint(0, 4)),
                            "family": family})
        family += 1
    return out[:n], days


def articles(quotes: list[dict], seed: int = SEED):
    """Results of about eight quotations each, grouped by day, with date and outlet metadata."""
    import datetime as dt

    from quoteattr.model import Quote, Result, Speaker

    rng = random.Random(seed + 1)
    by_day: dict[int, list[dict]] = {}
    for q in quotes:
        by_day.setdefault(q["day"], []).append(q)
    start = dt.date(2016, 1, 1)
    results, truth = [], {}
    for day in sorted(by_day):
        qs = by_day[day]
        rng.shuffle(qs)
        k = 0
        while k < len(qs):
            chunk = qs[k:k + rng.randint(5, 12)]
            k += len(chunk)
            doc_id = f"d{day:04d}-{len(results):06d}"
            text, made = "", []
            for q in chunk:
                who = q["speaker"] or "officials"
                start_at = len(text) + 1
                text += f'"{q["text"]}" {who} said.\n\n'
                end_at = start_at + len(q["text"])
                sp = Speaker(q["speaker"], q["speaker"], end_at + 2, end_at + 2 + len(who), None, "person") \
                    if q["speaker"] else None
                truth[f"{doc_id}#{len(made)}"] = q["family"]
                made.append(Quote(start_at, end_at, q["text"], q["kind"], None, sp, 0.9))
            results.append(Result(doc_id, tuple(made), text=text,
                                  metadata={"date": (start + dt.timedelta(days=day)).isoformat(),
                                            "outlet": rng.choice(OUTLETS)}))
    return results, truth


def pairwise(linked, truth: dict[str, int]) -> dict[str, float]:
    """Pairwise precision and recall of the predicted clusters against the planted families."""
    from collections import Counter
    from math import comb

    pred = {f"{r.doc_id}#{i}": q.claim_id for r in linked.results for i, q in enumerate(r.quotes)}
    both = Counter((pred[k], truth[k]) for k in truth)
    tp = sum(comb(c, 2) for c in both.values())
    n_pred = sum(comb(c, 2) for c in Counter(pred[k] for k in truth).values())
    n_gold = sum(comb(c, 2) for c in Counter(truth.values()).values())
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return {"p": round(p, 4), "r": round(r, 4), "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}


def run_one(n: int, paraphrase: bool, progress: bool = False) -> dict:
    """Build ``n`` quotations, link them, report time, memory and the sanity figures."""
    from quoteattr.link.config import LinkConfig
    from quoteattr.link.corpus import link_results

    sentences, names = polnear_material()
    quotes, days = quotations(n, sentences, names)
    results, truth = articles(quotes)
    del quotes, sentences, names  # only the articles and the planted truth stay in memory
    embedder = None
    if paraphrase:
        from quoteattr.link.embed import load_embedder

        embedder = load_embedder(required=True)
        embedder.load()
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = round(os.getloadavg()[0], 1)
    timings: dict[str, float] = {}
    sampler = StagePeaks(timings)
    t0, c0 = time.perf_counter(), time.process_time()
    with sampler:
        linked = link_results(results, config=LinkConfig(), embedder=embedder, timings=timings, progress=progress)
    seconds = time.perf_counter() - t0
    cpu = time.process_time() - c0  # all threads of this process: the time on a machine of its own
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "quotations": n, "articles": len(results), "days": days, "paraphrase": paraphrase,
        "embedder": getattr(embedder, "model_name", None),
        "seconds": round(seconds, 2), "cpu_seconds": round(cpu, 2), "stages": {k: round(v, 2) for k, v in timings.items()},
        "peak_rss_mb": round(peak / 1024, 1), "rss_before_link_mb": round(rss_before / 1024, 1),
        "stage_peak_rss_mb": sampler.peaks,
        "claims": len(linked.claims), "linked_claims": sum(1 for c in linked.claims if len(c) > 1),
        "speakers": len(linked.speakers), "families": pairwise(linked, truth),
        "load_before": load_before, "commit": _commit(),
    }


class StagePeaks:
    """The largest resident set seen during each linking stage, sampled four times a second from
    ``/proc/self/statm`` (Linux; nothing elsewhere).  The stage running is the first one of
    :data:`~quoteattr.link.corpus.STAGES` that ``timings`` has no time for yet."""

    def __init__(self, timings: dict[str, float], every: float = 0.25):
        self.timings, self.every, self.peaks = timings, every, {}
        self._stop = None

    def _rss_mb(self) -> float | None:
        try:
            with open("/proc/self/statm") as f:
                return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20
        except (OSError, ValueError):
            return None

    def _run(self) -> None:
        from quoteattr.link.corpus import STAGES

        while not self._stop.wait(self.every):
            rss = self._rss_mb()
            if rss is None:
                return
            stage = next((st for st in STAGES if st not in self.timings), None)
            if stage is not None:
                self.peaks[stage] = round(max(self.peaks.get(stage, 0.0), rss))

    def __enter__(self):
        import threading

        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _commit() -> str | None:
    """The short hash of the checked-out commit (None outside a git checkout)."""
    try:
        out = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    except OSError:
        return None
    return out.stdout.strip() or None


def write_docs(rows: list[dict], path: Path = DOCS) -> None:
    """The ``## Linking`` section of docs/benchmarks.md (other sections left as they are)."""
    import platform

    lines = ["## Linking", "",
             f"`python benchmarks/bench_link.py` on {platform.machine()}, {os.cpu_count()} CPU cores (shared with "
             f"other work while it ran), Python {platform.python_version()}; synthetic quotations from PolNeAR train "
             "sentences and splices of them, with planted repeats, truncations and paraphrase-like edits, ~330 a day "
             "(see the script's docstring). Each size in a fresh process; time is `link_results` (speakers, claims, "
             "embeddings, candidates, scores, clusters, output); memory is the process's peak resident set (data, "
             "model and all). The embedder is MiniLM under ONNX Runtime with int8 weights "
             "(`quoteattr export-embedder`).", "",
             "`time` is wall-clock time on the shared machine; `CPU` is the CPU time of the process, all its "
             "threads together (what the run costs on cores of its own; the embedding runs on both cores, the rest "
             "on one).", "",
             "| tiers | quotations | articles | time (s) | CPU (s) | share of time per stage | peak RSS (MB) | "
             "claims linked | family pairs P / R |",
             "|---|---:|---:|---:|---:|---|---:|---:|---|"]
    for r in rows:
        tiers = "exact+partial+paraphrase" if r["paraphrase"] else "exact+partial"
        total = sum(r["stages"].values()) or 1.0
        shares = ", ".join(f"{k} {100 * v / total:.0f}%" for k, v in r["stages"].items() if v / total >= 0.005)
        cpu = f"{r['cpu_seconds']:.0f}" if r.get("cpu_seconds") is not None else "-"
        lines.append(f"| {tiers} | {r['quotations']:,} | {r['articles']:,} | {r['seconds']:.1f} | {cpu} | {shares} | "
                     f"{r['peak_rss_mb']:.0f} | {r['linked_claims']:,} | "
                     f"{r['families']['p']:.3f} / {r['families']['r']:.3f} |")
    lines.append("")
    for para in (False, True):
        sel = {r["quotations"]: r for r in rows if r["paraphrase"] == para}
        for small, big in ((10_000, 100_000), (100_000, 1_000_000)):
            if small in sel and big in sel:
                ratio = sel[big]["seconds"] / sel[small]["seconds"]
                tiers = "exact+partial+paraphrase" if para else "exact+partial"
                lines.append(f"- {tiers}: {big:,} quotations take {ratio:.1f}x as long as {small:,}.")
    lines.append("")
    section = "\n".join(lines) + "\n"
    text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n"
    m = re.search(r"^## Linking\n.*?(?=^## |\Z)", text, flags=re.S | re.M)
    text = text[:m.start()] + section + text[m.end():] if m else text.rstrip() + "\n\n" + section
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000", help="comma-separated numbers of quotations")
    ap.add_argument("--no-paraphrase", action="store_true", help="exact and partial tiers only")
    ap.add_argument("--paraphrase-only", action="store_true", help="only the runs with the paraphrase tier")
    ap.add_argument("--write-docs", action="store_true", help="write the table into docs/benchmarks.md")
    ap.add_argument("--merge", help="JSON lines of earlier runs to include in the docs table")
    ap.add_argument("--progress", action="store_true",
                    help="stages and embedding progress on stderr (a checkpoint log for long runs)")
    ap.add_argument("--run", type=int, help=argparse.SUPPRESS)  # one size, in this process
    ap.add_argument("--with-paraphrase", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.run:
        print(json.dumps(run_one(args.run, args.with_paraphrase, args.progress)), flush=True)
        return 0
    sizes = [int(s) for s in args.sizes.split(",")]
    modes = [False] if args.no_paraphrase else ([True] if args.paraphrase_only else [False, True])
    rows = [json.loads(line) for line in Path(args.merge).read_text().splitlines()] if args.merge else []
    for para in modes:
        for n in sizes:
            cmd = [sys.executable, __file__, "--run", str(n)] + (["--with-paraphrase"] if para else []) \
                + (["--progress"] if args.progress else [])
            out = subprocess.run(cmd, stdout=subprocess.PIPE, text=True, check=True).stdout
            row = json.loads(out.strip().splitlines()[-1])
            print(json.dumps(row), flush=True)
            rows = [r for r in rows if (r["quotations"], r["paraphrase"]) != (n, para)] + [row]
    for para in modes:
        sel = {r["quotations"]: r for r in rows if r["paraphrase"] == para}
        for small, big in ((10_000, 100_000), (100_000, 1_000_000)):
            if small in sel and big in sel:
                print(f"paraphrase={para}: {big:,}/{small:,} time ratio {sel[big]['seconds'] / sel[small]['seconds']:.1f}",
                      file=sys.stderr)
    if args.write_docs:
        write_docs(sorted(rows, key=lambda r: (r["paraphrase"], r["quotations"])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
