"""Segments of an industry from enumerations: 重点发展A、B、C等领域, 围绕A、B、C和D等环节,
发展A、B、C三大拳头产品, A、B、C等技术路线.

An enumeration is a list of short noun phrases joined by 、 (the last one by 和/及/与), closed by
等 and/or a count (三大, 4个), then a *facet* word saying what the items are (领域, 环节, 方向,
产品, 赛道, 技术路线 …). Pure text work: the extractor decides the parent chain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# What an enumeration's items are; the facet is the word as printed, normalised to these.
# Not 产业: "A、B、C等产业" lists a portfolio of industries (designations and lists handle those),
# not the segments of one.
FACETS = ("技术路线", "路线", "领域", "环节", "方向", "产品", "赛道", "业态", "板块", "细分领域", "研发")
# R&D lists (开展A、B等新食品研发) are directions.
_FACET_AS = {"研发": "方向"}
_FACET = "|".join(sorted(FACETS, key=len, reverse=True))
# Each facet holds one of these (技术路线 holds 路线, 细分领域 领域): a plain test before _CLOSE.
_FACET_WORD = re.compile("|".join(f for f in FACETS if not any(g != f and g in f for g in FACETS)))
_COUNT = r"(?:[一二三四五六七八九十两\d]+(?:大|个|类|条|项)?)"
# 等 + count + (key/flagship/…) + facet; or a bare count + flagship word + facet (三大拳头产品).
_CLOSE = re.compile(rf"(?:等\s*{_COUNT}?|{_COUNT})\s*(?P<mod>[\u4e00-\u9fff]{{0,4}}?)(?P<facet>{_FACET})")
# 以A、B、C为产业链重心 / 为主攻方向: the list is the plan's chain segments (环节).
_FRAME_CLOSE = re.compile(r"为(?:产业链|产业)?(?:重心|核心环节|主攻方向|重点方向|重点环节)")
_ITEM = r"[\u4e00-\u9fffA-Za-z0-9（）()+·“”\-]{2,18}"
_LIST = re.compile(rf"(?P<list>{_ITEM}(?:、{_ITEM})+(?:(?:和|及|与|以及){_ITEM})?)$")
# Verbs that introduce a list; the list starts after the last of them.
_LEAD = re.compile(
    r"^.*(?:重点发展|重点突破|重点布局|加快发展|大力发展|积极发展|培育发展|聚焦|围绕|瞄准|主攻|布局|覆盖|"
    r"包括|涵盖|发展|培育|突破|推动|打造|探索|拓展|开拓|开展|在|以|面向|从)"
)
_NOT_ITEM = re.compile(r"[，,。；;：:！？]|^(?:等|和|及|与)|(?:加快|推动|推进|支持|鼓励|实现|开展)")
_CONJ = re.compile(r"(?:以及|和|及|与)")


@dataclass(frozen=True)
class Enumeration:
    items: tuple[tuple[int, int, str], ...]  # (start, end, text) in the sentence
    facet: str
    start: int  # the list's span in the sentence
    end: int
    close_end: int  # end of the facet word


def split_items(segment: str, offset: int) -> list[tuple[int, int, str]]:
    out: list[tuple[int, int, str]] = []
    pos = 0
    parts = segment.split("、")
    for n, part in enumerate(parts):
        start = offset + pos
        pos += len(part) + 1
        if n == len(parts) - 1:
            # 和 joins a last pair only when both sides stand alone (应用和服务 stays one item)
            m = _CONJ.search(part)
            if m and m.start() >= 2 and len(part) - m.end() >= 3:
                out.append((start, start + m.start(), part[: m.start()]))
                out.append((start + m.end(), start + len(part), part[m.end() :]))
                continue
        out.append((start, start + len(part), part))
    return out


def find_enumerations(sentence: str) -> list[Enumeration]:
    """Every enumeration in ``sentence`` whose items are all short noun phrases."""
    out: list[Enumeration] = []
    for frame in _FRAME_CLOSE.finditer(sentence) if "为" in sentence else ():
        head = sentence[: frame.start()]
        opener = head.rfind("以")
        if opener < 0 or any(c in head[opener:] for c in "，,；;。：:"):
            continue
        items = split_items(head[opener + 1 :], opener + 1)
        if len(items) >= 2 and all(not _NOT_ITEM.search(t) and 2 <= len(t) <= 18 for _, _, t in items):
            facet = "方向" if "方向" in frame.group() else "环节"
            out.append(Enumeration(tuple(items), facet, opener + 1, frame.start(), frame.end()))
    if not _FACET_WORD.search(sentence):
        return out  # no facet word, so no _CLOSE
    for close in _CLOSE.finditer(sentence):
        head = sentence[: close.start()]
        clause_start = max(head.rfind(c) for c in "，,；;。：:") + 1
        clause = head[clause_start:]
        lead = _LEAD.match(clause)
        body_start = clause_start + (lead.end() if lead else 0)
        m = _LIST.search(sentence[body_start : close.start()])
        if m is None:
            continue
        list_start = body_start + m.start("list")
        items = split_items(m["list"], list_start)
        if len(items) < 2 or any(_NOT_ITEM.search(t) or not 2 <= len(t) <= 18 for _, _, t in items):
            continue
        facet = _FACET_AS.get(close["facet"], close["facet"])
        out.append(Enumeration(tuple(items), facet, list_start, close.start(), close.end()))
    return out
