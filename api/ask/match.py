"""Matching a question's words against the graph's texts when no dictionary name pins them down:
task titles by their longest common run with the question, targets by shared bigrams and the unit
asked for, and a task's agencies in the order its clause names them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from neo4j import Driver

from api.ask.parse import Parsed
from core.model import name_key
from graph import queries
from graph.rows import TargetItem, TaskItem

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]+[）)]|[一二三四五六七八九十]+、|\d+[.．、])\s*"
)
_QUOTE_FOLD = str.maketrans({"‘": "“", "’": "”", "'": "“", '"': "“", "「": "“", "」": "”"})


def _fold(text: str) -> str:
    return name_key(text).translate(_QUOTE_FOLD).replace("“", "").replace("”", "")


def longest_common(a: str, b: str) -> int:
    """Length of the longest common substring of ``a`` and ``b``."""
    best = 0
    prev = [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


def titled_tasks(driver: Driver, p: Parsed, min_cover: float = 0.75) -> list[TaskItem]:
    """The tasks whose title the question quotes (wholly or mostly, quotes and numbering aside):
    the best-covered titles, when they are covered at least ``min_cover`` and by ≥ 4 characters."""
    q = _fold(p.question)
    scored: list[tuple[float, TaskItem]] = []
    for t in queries.tasks(driver, doc=p.doc):
        title = _fold(_NUMBERING.sub("", t.name))
        if len(title) < 4:
            continue
        run = longest_common(q, title)
        if run >= 4:
            scored.append((run / len(title), t))
    if not scored:
        return []
    best = max(s for s, _ in scored)
    return [t for s, t in scored if s >= min_cover and s >= best - 1e-9]


def clause_order(item: dict[str, Any]) -> dict[str, Any]:
    """The item with lead, support and responsible each in the order the cited clause names them."""
    quotes = name_key("".join(str(e.get("quote") or "") for e in item.get("evidence", [])))

    def pos(name: str) -> int:
        i = quotes.find(name_key(name))
        return i if i >= 0 else len(quotes) + 1

    for f in ("lead", "support", "responsible"):
        if item.get(f):
            item[f] = sorted(item[f], key=pos)
    return item


def agencies_in_order(items: Sequence[dict[str, Any]]) -> tuple[list[str], list[str], list[str]]:
    """(lead, support, responsible) over the items, each once, lead first, in clause order."""
    lead = list(dict.fromkeys(a for i in items for a in i.get("lead", [])))
    support = [a for a in dict.fromkeys(a for i in items for a in i.get("support", [])) if a not in lead]
    resp = [
        a
        for a in dict.fromkeys(a for i in items for a in i.get("responsible", []))
        if a not in lead and a not in support
    ]
    return lead, support, resp


_UNIT = re.compile(
    r"(?:多少|几)(个工作日|平方公里|亿元|万元|万人|个|家|项|件|种|颗|发|例|周|天|条|座|所|台|套|%)"
)
_ASKS_ONE = re.compile(r"(多少|几[个家项件种颗发例周天条座所台套]|目标是|要达到|压缩到|达到多)")
_ASKS_MANY = ("哪些", "分别", "各文件", "各自", "有什么目标", "主要目标", "量化目标")


def asks_one_figure(p: Parsed) -> bool:
    return bool(_ASKS_ONE.search(p.question)) and not p.has(*_ASKS_MANY)


def _grams(text: str) -> set[str]:
    key = _fold(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


_STOP_GRAMS = {"多少", "目标", "达到", "要达", "到多", "是多", "少家", "少个", "少项", "年要", "力争", "压缩"}


def rank_targets(p: Parsed, rows: Sequence[TargetItem]) -> list[TargetItem]:
    """The targets whose wording shares the most of the question's bigrams (and the unit it asks
    for): the best ones, or none when the best shares fewer than two bigrams."""
    words = _grams(re.sub(r"20\d\d年?", "", p.question)) - _STOP_GRAMS
    unit_m = _UNIT.search(p.question)
    unit = unit_m.group(1) if unit_m else None
    scored: list[tuple[float, TargetItem]] = []
    for r in rows:
        hay = _grams(f"{r.metric or ''}{r.text or ''}{r.name}")
        score = float(len(words & hay))
        if unit and (r.unit or "").endswith(unit):
            score += 2.0
        elif unit and r.unit:
            score -= 1.0
        scored.append((score, r))
    if not scored:
        return []
    best = max(s for s, _ in scored)
    if best < 2:
        return []
    return [r for s, r in scored if s >= best]
