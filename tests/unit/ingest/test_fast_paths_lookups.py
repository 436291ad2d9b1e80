"""Fast paths of the dictionary look-ups give what the plain definitions give.

Texts: the development documents (seeds and, where present, the Shanghai plans), a generated plan
(dense, templated) and random mixes of the fragments each rule reads (edge cases: fragments glued,
split, at the ends of the text).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from functools import cache
from typing import Any

from ingest import agencies, gazetteer, lexicon, nlp
from ingest.folding import Matcher, fold
from ingest.gazetteer import is_region_name
from ingest.reader import structure_text


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


# --- chains in short texts -------------------------------------------------------------------------


def _plain_find(matcher: Matcher[Any], text: str) -> list[tuple[int, int, Any]]:
    """Matcher.find as defined: the cached fold, every match mapped through its offsets."""
    folded, idx = fold(text)
    return [
        (idx[s], idx[e - 1] + 1, matcher.payloads[p])
        for p, s, e in matcher._ac.find_matches_as_indexes(folded)
    ]


def _plain_find_chains(text: str) -> list[lexicon.ChainHit]:
    """lexicon.find_chains as it was: matches, context guards, then is_word on each short match's window."""
    hits = []
    for start, end, chain in _plain_find(gazetteer._chains().matcher, text):
        if chain.not_in and gazetteer._rejected(text, start, end, chain.not_in):
            continue
        if end - start <= 2:
            lo = max(0, start - 8)
            if not nlp.is_word(text[lo : end + 8], start - lo, end - lo):
                continue
        hits.append(lexicon.ChainHit(start, end, chain.name, text[start:end]))
    return hits


@cache
def _pass_slices() -> tuple[str, ...]:
    """Every text the extraction passes ask lexicon.find_chains about, on the development documents
    and the generated plans."""
    from ingest.extract import extract_facts

    asked: list[str] = []
    plain = lexicon.find_chains

    def record(text: str) -> list[lexicon.ChainHit]:
        asked.append(text)
        return plain(text)

    lexicon.find_chains = record
    try:
        for text in _documents():
            extract_facts(structure_text(text, "doc"))
    finally:
        lexicon.find_chains = plain
    return tuple(asked)


def _random_slices(n: int, seed: int) -> Iterator[str]:
    """Slices of the raw documents (whitespace, line breaks and full-width forms left in), cut anywhere."""
    rnd = random.Random(seed)
    docs = _documents()
    for _ in range(n):
        doc = rnd.choice(docs)
        a = rnd.randrange(len(doc))
        yield doc[a : a + rnd.choice((1, 2, 3, 5, 8, 12, 20, 40, 80, 200, 511, 512, 513, 900))]


_CHAIN_POOL = [
    *"储能源产业链，。、（） \n\u3000ＡＢ１２",
    "储能",
    "存储能力",
    "氢能",
    "新能源汽车",
    "集成电路",
    "人工智能",
    "生物医药",
    "光伏",
    "新材料",
    "\u2003",
    "ﬁ",
    "…",
]


def test_short_texts_are_matched_as_the_cached_fold_matches_them() -> None:
    matchers = [gazetteer._chains().matcher, gazetteer._regions().matcher, agencies._data().matcher]
    texts = [*_pass_slices()[:3000], *_random_slices(3000, 2), *_mixes(_CHAIN_POOL, 3000, 4)]
    for text in texts:
        for m in matchers:
            assert m.find(text) == _plain_find(m, text), text[:80]


def test_find_chains_is_the_plain_definition_on_every_slice_the_passes_make() -> None:
    slices = _pass_slices()
    assert len(slices) > 1000  # (fewer on a second extraction: some callers memoise across documents)
    hits = 0
    for text in [*slices, *_random_slices(4000, 7), *_mixes(_CHAIN_POOL, 4000, 8)]:
        got = lexicon.find_chains(text)
        assert got == _plain_find_chains(text), text[:80]
        hits += len(got)
    assert hits > 2000


def test_word_test_around_is_is_word_on_the_window() -> None:
    test = nlp.word_test_around(8)
    checked = 0
    for text in [*_documents(), *_mixes(_CHAIN_POOL, 2000, 6)]:
        for start, end, _chain in gazetteer.chain_spans(text):
            for s, e in ((start, end), (start, min(start + 2, end)), (max(end - 2, start), end)):
                lo = max(0, s - 8)
                assert test(text, s, e) == nlp.is_word(text[lo : e + 8], s - lo, e - lo), (
                    text[s - 9 : e + 9],
                    s,
                )
                checked += 1
    assert checked > 10000
