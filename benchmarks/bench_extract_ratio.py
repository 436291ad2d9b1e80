"""Extraction against jieba.lcut on the same text, through the public entry point only.

Run: ``python -m benchmarks.bench_extract_ratio``. It calls nothing but
``ingest.pipeline.facts_from_text`` and ``jieba.lcut`` (CPU time, best of 5 and of 3), on the five
seeds joined and on a generated 200 kB plan, so the same file runs unchanged in a checkout of an
older commit: copy it there (``git worktree add /tmp/before REV``) to get the before column of a
before/after table in one minute of the same machine.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from pathlib import Path

import jieba

from benchmarks import _corpus
from ingest.decode import decode_bytes
from ingest.pipeline import facts_from_text

ROOT = Path(__file__).resolve().parent.parent


def _best(run: Callable[[], object], times: int) -> float:
    best = float("inf")
    for _ in range(times):
        started = time.process_time()
        run()
        best = min(best, time.process_time() - started)
    return best


def main() -> None:
    jieba.lcut("预热")  # dictionary loaded before timing
    facts_from_text("warm-up", _corpus.document("warm-up", 0, 3000).text)  # gazetteers, automata
    seeds = sorted((ROOT / "seeds").glob("*.txt"))
    texts = {
        "seeds": "\n".join(decode_bytes(p.read_bytes(), p.name).text for p in seeds),
        "generated 200 kB": _corpus.document("g", 7, 200_000).text,
    }
    for name, text in texts.items():
        ours = _best(functools.partial(facts_from_text, "x", text), 5)
        theirs = _best(functools.partial(jieba.lcut, text), 3)
        print(
            f"{name}: {len(text):,} chars, facts_from_text {ours * 1000:.0f} ms, "
            f"jieba.lcut {theirs * 1000:.0f} ms, ratio {theirs / ours:.2f}x"
        )


if __name__ == "__main__":
    main()
