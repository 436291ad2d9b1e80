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


def test_one_scan_of_the_text_flags_every_sentence_a_search_would_match() -> None:
    from benchmarks import _corpus
    from ingest.extract.lookups import may_match
    from ingest.targets import VALUE_TAIL

    docs = [structure_text(p.read_bytes(), p.stem) for p in sorted(_SEEDS.glob("*.txt"))]
    docs.append(structure_text(_corpus.document("g", 5, 30_000).text, "g"))
    # values across a sentence bound (5\n万元, 3。人) and at the ends of the text
    docs.append(structure_text("建成5\n万台套。新增3。人次达到12\n个百分点\n二百\n家", "edge"))
    flagged = 0
    for doc in docs:
        flags = may_match(doc, VALUE_TAIL)
        for flag, sent in zip(flags, doc.sentences, strict=True):
            if VALUE_TAIL.search(sent.text):
                assert flag, sent.text
            flagged += flag
    assert flagged > 100


def _plain_clean_metric(s: str) -> str:
    from ingest import targets as t

    if "年" in s or "五" in s:
        s = t._YEAR.sub("", s)
    s = t._EDGE_PUNCT.sub("", s)
    s = t._SCOPE.sub("", s)
    s = t._QIZHONG.sub("", s)
    s = t._PRE_QUAL.sub("", s).strip()
    s = t._FENBIE.sub("", s)
    return t._TRAIL_PUNCT.sub("", s)


def test_target_string_tests_are_their_patterns() -> None:
    from ingest import targets as t

    words = [*t._PRE_QUAL_LONGEST, *t._TRAIL_VERB_WORDS, *t._SCOPE_WORDS, *t._CAPACITY_GOAL_WORDS]
    pool = [
        *words,
        *"，,；;：:、和及与并 \u3000\n\t其中分别年产第编号型号超过达的规模X1",
        "2025年",
        "“十四五”末",
    ]
    for s in [*_mixes(pool, 20000, 5), *(x[:k] for x in _texts()[:400] for k in (5, 12, 30))]:
        assert t._clean_metric(s) == _plain_clean_metric(s), s
        pq = t._PRE_QUAL.search(s)
        assert t._pre_qual(s) == (pq.group(1) if pq else None), s
        assert t._drop_scope(s) == t._SCOPE.sub("", s)
        assert s.rstrip().endswith(("过", "超")) == bool(t._THRESHOLD_BEFORE.search(s)), s
        assert s.rstrip().endswith(t._SPEC_BEFORE_WORDS) == bool(t._SPEC_BEFORE.search(s)), s
        assert s.rstrip().endswith(t._CAPACITY_GOAL_WORDS) == bool(t._CAPACITY_GOAL.search(s)), s
        cleaned = t._clean_metric(s)
        assert cleaned.endswith(t._TRAIL_VERB_WORDS) == bool(t._TRAIL_VERB.search(cleaned)), s
    for ch in ["", "的", "a", "\u4e00", "\u9fff", "\u3400", "1"]:
        assert ("\u4e00" <= ch <= "\u9fff") == bool(t._HAN.match(ch))


def test_zone_word_guard_never_hides_a_zone_membership() -> None:
    from ingest.extract import place_roles as pr

    pool = [
        "以",
        "为重点的",
        "“",
        "”",
        "济南、青岛",
        "等城市",
        "经济带",
        "产业带",
        "城市群",
        "包括",
        "由",
        "组成",
        "，",
    ]
    for text in [*_texts(), *_mixes(pool, 5000, 9)]:
        if not pr._ZONE_WORD_RE.search(text):
            assert not pr._ZONE_LEAD.search(text) and not pr._ZONE_INCLUDES.search(text), text


def test_statement_guard_never_hides_a_layout_statement() -> None:
    import re

    from ingest.extract.layout import common, statements

    pool = [*"\n 基地园区a的，；、", "围绕", "以", "依托", "打造", "建设", "临港", "核心区"]
    for text in [*_texts(), *_mixes(pool, 20000, 13)]:
        if "，" not in text or not common.BUILD.search(text) or not statements._ANCHOR_WORD.search(text):
            for part in re.split(r"[；;]", text):  # (statement_parts)
                lead = statements._ANCHOR.search(part)
                cut = part.find("，", lead.end()) if lead else -1
                assert lead is None or cut < 0 or not common.BUILD.search(part, cut), text


def test_document_memo_is_per_context_and_keeps_no_context_alive() -> None:
    import gc
    import weakref

    from ingest import lexicon
    from ingest.extract.context import Context
    from ingest.extract.lookups import chain_for_title, doc_memo

    doc = structure_text("氢能产业发展规划\n一、氢能产业\n发展氢能。", "t")
    a, b = Context.for_document(doc), Context.for_document(doc)
    doc_memo(a, "x")["k"] = 1
    assert doc_memo(a, "x") == {"k": 1}
    assert doc_memo(b, "x") == {}  # another document: a fresh memo
    for title in ("氢能产业", "（一）氢能", "不是产业链", "氢能产业"):
        assert chain_for_title(b, title) == lexicon.chain_for_title(title)
    gone = weakref.ref(b)
    del b
    gc.collect()
    assert gone() is None


def test_year_anchor_guard_never_hides_a_year_phrase() -> None:
    from ingest import targets as t

    pool = [
        *'到至年底末前期 \u3000“”"-—至12059十一二三四五六',
        "2025",
        "20",
        "截至",
        "力争到",
        "十四五",
        "年底前",
    ]
    for text in [*_texts(), *_mixes(pool, 20000, 17)]:
        if not t._YEAR_ANCHOR.search(text):
            assert not t._YEAR.search(text) and not t._SPAN_YEARS.search(text), text


def _plain_year_phrases(text: str) -> tuple[tuple[int, int, bool], ...]:
    from ingest import targets as t

    out = []
    for m in t._YEAR.finditer(text):
        if m["y"]:
            nxt = text[m.end() : m.end() + 1]
            if nxt in "-—–－" and nxt:
                continue
            out.append((m.start(), int(m["y"]), bool(m["to"] or (m["end"] and m["end"] != "底"))))
        elif m["fyp"] in t._FYP_END:
            goal = bool(m["to2"] or m["end2"] in ("末", "期末"))
            if m["fyp"] == "十三五" and m["end2"] in ("期间", "以来", "时期"):
                goal = False
            out.append((m.start(), t._FYP_END[m["fyp"]], goal))
    out += [(m.start(), int(m[2]), True) for m in t._SPAN_YEARS.finditer(text)]
    return tuple(sorted(out))


def test_year_phrases_in_their_window_are_the_plain_scan() -> None:
    from ingest import targets as t

    pool = [
        *'到至年底末前期间时以来 \u3000“”"-—至0125十一三四五六，',
        "20",
        "2025",
        "截至",
        "力争到",
        "年底前",
        "十四五",
    ]
    for text in [*_texts(), *_mixes(pool, 30000, 19)]:
        assert t._year_phrases.__wrapped__(text) == _plain_year_phrases(text), text


def test_core_role_guard_never_hides_a_zone_core() -> None:
    from ingest.extract import functional_zones as fz

    pool = [*"以为等、，", "东部片区", "临港", "张江", "重点区域", "核心", "重点", "主体", "引领", "作为"]
    for text in [*_texts(), *_mixes(pool, 10000, 23)]:
        if not fz._CORE_ROLE.search(text):
            assert not fz._CORE.search(text), text


def test_value_scans_from_the_first_number_find_what_a_whole_scan_finds() -> None:
    from ingest import targets as t

    pool = [
        *"0123456789.点一二三十百千至-—~ \u3000万亿元个家%％/年以上左右，、ａ１٣",
        "1.5",
        "二至三",
        "3-5",
        "万台套",
    ]
    for text in [*_texts(), *_mixes(pool, 30000, 29)]:
        tail = t._VALUE_TAIL.search(text)
        start = t._value_scan_start(text, tail.start()) if tail else len(text)
        assert [m.span() for m in t._VALUE.finditer(text, start)] == [
            m.span() for m in t._VALUE.finditer(text)
        ]
        assert t.may_state_value(text) == bool(tail and t._VALUE.search(text)), text


def test_carrier_name_offset_is_the_one_a_named_carrier_gets() -> None:
    from ingest.extract import carriers
    from ingest.extract.context import Context

    doc = structure_text(_SEEDS.joinpath(sorted(p.name for p in _SEEDS.glob("*.txt"))[0]).read_bytes(), "s")
    ctx = Context.for_document(doc)
    pool = [*"的 \u3000、", "上海", "氢能", "创新中心", "公共服务平台", "产业园", "高水平", "孝感新航"]
    named = 0
    for obj in _mixes(pool, 5000, 31):
        got = carriers._named(ctx, obj, 0, anchored=True)
        if got is not None:
            assert got == carriers._name_of(obj), obj
            named += 1
    assert named > 100
