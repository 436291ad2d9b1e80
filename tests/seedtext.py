"""Joined seed text (blank lines and URL lines dropped, lines stripped and concatenated) for tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
GOLD = ROOT.parent / "shared" / "gold" / "seeds-dev.json"


@cache
def joined(prefix: str) -> str:
    path = next(SEEDS.glob(f"{prefix}_*.txt"))
    lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    return "".join(ln for ln in lines if ln and not ln.startswith("http"))


def sentence(prefix: str, snippet: str) -> str:
    """The sentence (。-delimited, or after a ：) of seed ``prefix`` that contains ``snippet``."""
    text = joined(prefix)
    i = text.find(snippet)
    assert i >= 0, f"{snippet!r} not in seed {prefix}"
    a = max(text.rfind("。", 0, i), text.rfind("：", 0, i)) + 1
    b = text.find("。", i)
    return text[a : b + 1 if b >= 0 else len(text)]


def gold() -> list[dict[str, Any]]:
    if not GOLD.exists():
        return []
    data: list[dict[str, Any]] = json.loads(GOLD.read_text(encoding="utf-8"))
    return data
