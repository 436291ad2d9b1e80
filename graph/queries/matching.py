"""Free-text matching done in Python, where Cypher's CONTAINS is not enough: the whitespace-free
forms of a filter, characters in order with small gaps, and how much of some words a text covers."""

from __future__ import annotations

import re


def q_variants(q: str | None) -> list[str] | None:
    """Whitespace-free forms of a free-text filter, with and without bracket folding."""
    if q is None or not q.strip():
        return None
    raw = re.sub(r"\s+", "", q)
    return list(dict.fromkeys([raw, raw.replace("（", "(").replace("）", ")")]))


def subsequence(needle: str, hay: str, max_gap: int = 4) -> bool:
    """``needle``'s characters appear in ``hay`` in order, skipping at most ``max_gap`` in all."""
    if len(needle) < 4 or not hay:
        return False
    pos, skipped = hay.find(needle[0]), 0
    if pos < 0:
        return False
    for ch in needle[1:]:
        nxt = hay.find(ch, pos + 1)
        if nxt < 0:
            return False
        skipped += nxt - pos - 1
        pos = nxt
    return skipped <= max_gap


def coverage(words: str, text: str) -> float:
    """Share of ``words`` covered by pieces of two or more characters that ``text`` also holds,
    taken greedily longest first (新增海外市场获批产品 in 新增在海外市场获批医疗器械产品: 1.0)."""
    if not words:
        return 0.0
    covered, i = 0, 0
    while i < len(words):
        n = len(words) - i
        while n >= 2 and words[i : i + n] not in text:
            n -= 1
        if n >= 2:
            covered += n
            i += n
        else:
            i += 1
    return covered / len(words)
