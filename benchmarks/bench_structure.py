"""CPU time of ``structure_text`` (decode, normalise, headings, boxes, sentences, clauses, metadata)
against ``jieba.lcut`` of the same text, measured in the same run.

Run: ``python -m benchmarks.bench_structure [--repeat N]``. Three inputs: the five seeds one file at a
time; the development documents (seeds and the Shanghai plans, where present) decoded and joined
with "\\n"; a generated 200 kB plan (:mod:`benchmarks._corpus`). Each figure is CPU time
(``time.process_time``, so other jobs on the machine count less), best of N; jieba's dictionary is
loaded before timing starts.
"""

from __future__ import annotations

import argparse
import logging
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from benchmarks import _corpus
from ingest.decode import decode_bytes
from ingest.reader import structure_text

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def best_of(repeat: int, texts: list[str], work: Callable[[str], object]) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.process_time()
        for text in texts:
            work(text)
        best = min(best, time.process_time() - t0)
    return best


def seed_texts() -> list[str]:
    """The decoded seed texts, with jieba's dictionary loaded (the baseline of every figure)."""
    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return [decode_bytes(p.read_bytes(), p.name).text for p in sorted(SEEDS.glob("0*.txt"))]


def dev_text() -> str:
    paths = [p for folder in _corpus.DEV_FOLDERS if folder.is_dir() for p in sorted(folder.glob("*.txt"))]
    return "\n".join(decode_bytes(p.read_bytes(), p.name).text for p in paths)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    inputs = {
        "five seeds, one by one": seed_texts(),
        "dev documents joined": [dev_text()],
        "generated 200 kB plan": [_corpus.document("g", 7, 200_000).text],
    }
    print(f"CPU ms, best of {args.repeat}; ratio = jieba.lcut time / structure_text time")
    print(f"{'input':24s} {'chars':>8s} {'structure_text':>15s} {'jieba.lcut':>11s} {'ratio':>6s}")
    for name, texts in inputs.items():
        chars = sum(len(t) for t in texts)
        ours = best_of(args.repeat, texts, lambda t: structure_text(t, "bench"))
        base = best_of(args.repeat, texts, jieba.lcut)
        print(f"{name:24s} {chars:8d} {ours * 1000:15.1f} {base * 1000:11.1f} {base / ours:5.2f}x")


if __name__ == "__main__":
    main()
