"""Fast paths of the dictionary look-ups give what the plain definitions give.

Texts: the development documents (seeds and, where present, the Shanghai plans), a generated plan
(dense, templated) and random mixes of the fragments each rule reads (edge cases: fragments glued,
split, at the ends of the text).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache

from ingest import agencies
from ingest.gazetteer import is_region_name


@cache
def _documents() -> tuple[str, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    return (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)


def _mixes(pool: list[str], n: int, seed: int) -> Iterator[str]:
    rnd = random.Random(seed)
    for _ in range(n):
        yield "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 14)))


# --- agencies ------------------------------------------------------------------------------------


def _plain_prefix_before(text: str, s: int) -> int:
    start = s
    for lv in agencies.LEVELS:
        if text.startswith(lv, s - len(lv)) and s - len(lv) >= 0:
            start = s - len(lv)
            break
    for k in range(10, 1, -1):
        i = start - k
        if i < 0:
            continue
        head = text[i : start + (1 if start < s else 0)]
        if is_region_name(head):
            return i
    return start


def _plain_find_agencies(text: str, region: str | None) -> list[agencies.AgencyMatch]:
    """find_agencies as it was: every prefix looked up, overlaps tested against every body."""
    out: list[agencies.AgencyMatch] = []
    taken: list[tuple[int, int]] = []
    for s, e, (kind, _key) in agencies._data().matcher.find(text):
        if text.startswith("门", e):
            continue
        start = s if kind == "named" else _plain_prefix_before(text, s)
        if kind == "stem" and start == s and (e - s < 3 or text[s:e].endswith("政府")):
            continue
        ref = agencies.normalise_agency(text[start:e], region)
        if ref is not None:
            out.append(agencies.AgencyMatch(start, e, text[start:e], ref))
            taken.append((start, e))
    for m in agencies._task_force_names(text):
        s = m.start()
        lead = agencies._TF_LEAD.match(m.group())
        if lead:
            s += lead.end()
        if s > 0 and not agencies._BEFORE.match(text[s - 1]) and text[s - 1] not in "省市":
            continue
        if s > 0 and text[s - 1] in "省市":
            s -= 1
        ref = agencies.normalise_agency(text[s : m.end()], region)
        if ref is not None:
            out.append(agencies.AgencyMatch(s, m.end(), text[s : m.end()], ref))
    for m in agencies._government_names(text):
        if any(a < m.end() and m.start() < b for a, b in taken):
            continue
        for s in range(m.start(), m.end() - 4):
            ref = agencies.normalise_agency(text[s : m.end()], region)
            if ref is not None:
                out.append(agencies.AgencyMatch(s, m.end(), text[s : m.end()], ref))
                break
    out.sort(key=lambda a: a.start)
    return out


_AGENCY_POOL = [
    *"省市区县州旗，、。（）(）和及与由 各",
    "自治区",
    "国家",
    "青岛市",
    "黄岛区",
    "山东省",
    "浦东新区",
    "延边朝鲜族自治州",
    "发展改革委",
    "发改委",
    "工业和信息化局",
    "财政局",
    "人民政府",
    "政府",
    "区政府",
    "各区（市）政府",
    "“十强”产业专班",
    "工作专班",
    "部门",
    "牵头",
    "科技局",
]


def test_prefix_before_skips_only_where_no_region_name_can_end() -> None:
    texts = [*_documents(), *_mixes(_AGENCY_POOL, 3000, 5)]
    checked = 0
    for text in texts:
        for s, _e, _payload in agencies._data().matcher.find(text):
            assert agencies._prefix_before(text, s) == _plain_prefix_before(text, s), (text[:80], s)
            checked += 1
        for s in range(0, min(len(text), 40)):  # every offset near the start: the bounds of the text
            assert agencies._prefix_before(text, s) == _plain_prefix_before(text, s), (text[:80], s)
    assert checked > 5000


def test_find_agencies_is_the_plain_scan() -> None:
    found = 0
    for region in (None, "青岛市", "上海市"):
        for text in [*_documents(), *_mixes(_AGENCY_POOL, 1500, 9)]:
            got = agencies.find_agencies(text, region)
            assert got == _plain_find_agencies(text, region), text[:80]
            found += len(got)
    assert found > 3000
