"""Gazetteer matching throughput on the five seeds against jieba.lcut of the same text, same run.

Run: ``python -m benchmarks.bench_gazetteer``. Best of N runs per method; caches warmed first.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from ingest import gazetteer
from ingest.agencies import find_agencies
from ingest.targets import find_targets

ROOT = Path(__file__).resolve().parent.parent
RUNS = 5


def seed_text() -> str:
    parts = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
        parts.append("".join(ln for ln in lines if ln and not ln.startswith("http")))
    return "\n".join(parts)


def best(fn: Callable[[], object]) -> float:
    times = []
    for _ in range(RUNS):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    text = seed_text()
    sentences = [s for s in re.split(r"(?<=[。；])", text) if s]
    jieba.lcut("预热")  # load jieba's dictionary outside the timing
    gazetteer.find_regions("青岛")
    gazetteer.find_chains("氢能")
    find_agencies("省发改委")
    rows = [
        ("jieba.lcut (baseline)", lambda: jieba.lcut(text)),
        ("regions+zones (find_regions)", lambda: gazetteer.find_regions(text)),
        ("chains (find_chains)", lambda: gazetteer.find_chains(text)),
        ("agencies (find_agencies)", lambda: find_agencies(text)),
        (
            "regions+chains+agencies",
            lambda: (gazetteer.find_regions(text), gazetteer.find_chains(text), find_agencies(text)),
        ),
        ("targets (find_targets per sentence)", lambda: [find_targets(s) for s in sentences]),
    ]
    base = 0.0
    print(f"{len(text):,} chars, {len(sentences)} sentences, best of {RUNS}")
    print("| method | ms | M chars/s | speed vs jieba |\n|---|---|---|---|")
    for name, fn in rows:
        t = best(fn)
        base = base or t
        print(f"| {name} | {t * 1000:.1f} | {len(text) / t / 1e6:.2f} | {base / t:.2f}x |")


if __name__ == "__main__":
    main()
