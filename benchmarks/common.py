"""Shared helpers for the benchmark scripts: the docs/benchmarks.md sections, the machine."""

from __future__ import annotations

import json
import platform
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DOC = ROOT / "docs" / "benchmarks.md"


def write_section(heading: str, body: str, doc: Path = DOC) -> None:
    """Replace the ``heading`` section of docs/benchmarks.md (or add it); keep the others."""
    old = doc.read_text(encoding="utf-8") if doc.exists() else "# Benchmarks\n"
    section = f"{heading}\n\n{body.rstrip()}\n"
    pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.S | re.M)
    if pattern.search(old):
        new = pattern.sub(lambda _: section + "\n", old, count=1).rstrip() + "\n"
    else:
        new = old.rstrip() + "\n\n" + section
    doc.write_text(new, encoding="utf-8")


def cpu_model() -> str:
    """The processor's name, for the tables (figures from different machines do not compare)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def polnear_texts(split: str = "dev") -> list[dict]:
    """PolNeAR records ({doc_id, text, ...}) from ../shared, or a clear error if absent."""
    path = SHARED / "eval" / "polnear" / f"{split}.jsonl"
    if not path.is_file():
        raise SystemExit(f"this benchmark reads {path}, which is not here (it comes with ../shared)")
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def publish(heading: str, body: str, *, write: bool = True) -> None:
    """Print a benchmark's table and, unless ``write`` is false, put it in its docs/benchmarks.md section."""
    print(body)
    if write:
        write_section(heading, body)
