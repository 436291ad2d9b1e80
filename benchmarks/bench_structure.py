"""Throughput of normalise+structure on the five seeds, against jieba segmentation of the same text.

Run: ``python -m benchmarks.bench_structure [--repeat N]``. Both sides are measured in the same run
on the same decoded text; each figure is the best of N passes over all five seeds (chars/s of the
original decoded text). jieba's dictionary is loaded before timing starts.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from ingest.decode import decode_bytes
from ingest.reader import structure_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def best_of(repeat: int, texts: list[str], work: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        for text in texts:
            work(text)
        best = min(best, time.perf_counter() - t0)
    return best


def seed_texts() -> list[str]:
    """The decoded seed texts, with jieba's dictionary loaded (the baseline of every figure)."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return [decode_bytes(p.read_bytes(), p.name).text for p in sorted(SEEDS.glob("0*.txt"))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    texts = seed_texts()
    chars = sum(len(t) for t in texts)
    ours = best_of(args.repeat, texts, lambda t: structure_text(t, "bench"))
    base = best_of(args.repeat, texts, jieba.lcut)
    print(f"seeds: {len(texts)} files, {chars} chars, best of {args.repeat}")
    print(f"normalise+structure: {ours * 1000:8.1f} ms  {chars / ours:12,.0f} chars/s")
    print(f"jieba.lcut:          {base * 1000:8.1f} ms  {chars / base:12,.0f} chars/s")
    print(f"ratio (structure speed / jieba speed): {base / ours:.2f}x")


if __name__ == "__main__":
    main()
