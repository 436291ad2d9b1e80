"""Guards and one-scan fast paths of the extraction passes give what the plain definitions give.

Each guard claims "no match here" cheaply; it must never say so where the plain code finds one. Texts:
the seeds' sentences (official style), a generated plan (dense, templated) and random mixes of the
fragments each rule is made of (edge cases: fragments glued, split, at the ends).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from ingest.reader import structure_text

_SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@cache
def _texts() -> tuple[str, ...]:
    from benchmarks import _corpus

    out = [
        s.text for p in sorted(_SEEDS.glob("*.txt")) for s in structure_text(p.read_bytes(), p.stem).sentences
    ]
    out += [s.text for s in structure_text(_corpus.document("g", 5, 30_000).text, "g").sentences]
    return tuple(out)


def _mixes(pool: list[str], n: int, seed: int) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 14)))


def test_measure_guard_never_hides_a_measured_industry() -> None:
    from ingest.extract.open_vocabulary import may_measure
    from ingest.subjects import measured_industries

    pool = [
        *"产工业总占规模值营收入增加额的，。、 1年",
        "产业",
        "工业",
        "产业规模",
        "营业收入",
        "北斗时空信息",
        "数字",
    ]
    guarded = 0
    for text in [*_texts(), *_mixes(pool, 5000, 3)]:
        if not may_measure(text):
            assert measured_industries(text) == [], text
            guarded += 1
    assert guarded > 1000
