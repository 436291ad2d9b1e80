"""Structure of the five seeds against the counts in corpus-notes (§2, §3, §4)."""

from __future__ import annotations

import bisect
import dataclasses
import inspect
import itertools
from collections import Counter
from functools import cache
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ingest import clauses, models
from ingest.models import Heading, Paragraph, StructuredDocument
from ingest.reader import read_document
from ingest.structure import (
    _INLINE_SUB,
    _INLINE_SUB_GUARD,
    _NUMBERED,
    _after_each,
    _sentences,
    numbered_candidates,
    paragraph_spans,
    split_sentences,
)
from tests import corpus
from tests.unit.sources import source_module

SEEDS = corpus.ROOT / "seeds"
MANIFEST = SEEDS / "manifest.toml"


@cache
def seed(prefix: str) -> StructuredDocument:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return read_document(path, MANIFEST)


def levels(doc: StructuredDocument) -> Counter[int]:
    return Counter(h.level for h in doc.headings)


@pytest.mark.parametrize(
    ("prefix", "expected"),
    [
        ("000", {1: 5, 2: 17, 3: 9, 4: 74, 5: 4}),
        ("001", {1: 4, 2: 19, 3: 29}),
        # 002's fourth level is （N）, which the model calls level 5
        ("002", {1: 5, 2: 16, 3: 57, 5: 28}),
        ("003", {1: 4, 2: 8, 3: 24}),
        ("004", {1: 5, 2: 27, 3: 84, 4: 4}),
    ],
)
def test_heading_counts(prefix: str, expected: dict[int, int]) -> None:
    assert dict(levels(seed(prefix))) == expected


def test_000_heading_styles_and_run_in_sub_chains() -> None:
    doc = seed("000")
    styles = Counter(h.style for h in doc.headings if h.level == 2)
    assert styles == {"（一）": 5, "(一)": 12}
    industries = [h for h in doc.headings if h.level == 3]
    assert [h.title for h in industries][:5] == [
        "新一代信息技术",
        "高端装备",
        "新能源新材料",
        "现代海洋",
        "医养健康",
    ]
    under_industries = [
        h for h in doc.headings if h.level == 4 and doc.heading_path(h.index)[0].title == "重点产业"
    ]
    assert len(under_industries) == 46
    titles = {h.title for h in under_industries}
    assert {
        "第五代移动通信",
        "氢能",
        "智慧能源",
        "深海开发",
        "无人驾驶",
        "高效节能",
        "新兴生产性服务业",
    } <= titles
    inline = [h for h in doc.headings if h.level == 5]
    assert [h.title for h in inline] == ["工程机械", "动力装备", "农机装备", "激光装备"]
    assert {doc.headings[h.parent].title for h in inline if h.parent is not None} == {"高端专用装备"}


def test_toc_not_duplicated() -> None:
    doc = seed("000")
    titles = Counter(h.title for h in doc.headings if h.level <= 3)
    assert titles["基础和形势"] == 1
    assert titles["新一代信息技术"] == 1
    assert not any("\t" in p or "....." in p for p in doc.text.split("\n"))
    assert any(w.code == "toc-dropped" for w in doc.warnings)


@pytest.mark.parametrize("prefix", ["000", "001", "002", "003", "004"])
def test_no_continuation_fragment_as_heading(prefix: str) -> None:
    fragments = {"壮大升级", "模达到 1300 万千瓦以上", "善的现代海洋产业体系", "能源大宗商品交易中心", "群"}
    doc = seed(prefix)
    assert not fragments & {h.title for h in doc.headings}
    for h in doc.headings:
        if h.level == 4:
            assert len(h.title) <= 16 and "，" not in h.title


def test_000_boxes() -> None:
    doc = seed("000")
    assert len(doc.boxes) == 11
    counts = [sum(len(line.items) for line in box.lines) for box in doc.boxes]
    assert counts[:9] == [49, 37, 24, 33, 29, 13, 21, 11, 10]
    assert sum(counts[:9]) == 227
    assert sum(len(box.lines) for box in doc.boxes[:9]) == 42
    assert [len(line.items) for line in doc.boxes[9].lines] == [7, 12]
    assert [len(line.items) for line in doc.boxes[10].lines] == [7, 5, 4, 8]
    assert all(line.open_ended for box in doc.boxes[:9] for line in box.lines)
    items = {item.text for box in doc.boxes for line in box.lines for item in line.items}
    assert "东营新发生物医药优势产业集聚区" in items  # split by a page break
    assert "济宁市智能制造装备产业集群" in items  # split by a page break
    assert "青岛德润 FCP 氢能源设备项目" in items  # internal spaces kept
    assert "中鲁年产 2 万台氢燃料电池堆项目" in items
    assert doc.boxes[0].title == "新一代信息技术产业重大项目"
    assert doc.boxes[8].lines[0].label == "生产性服务业"
    # box items quote back to their original line
    item = doc.boxes[2].lines[3].items[4]
    assert item.text == "青岛德润 FCP 氢能源设备项目"
    assert doc.quote(item.start, item.end).line == 218


@pytest.mark.parametrize(
    ("prefix", "expected"), [("000", 0), ("001", 8), ("002", 56), ("003", 16), ("004", 0)]
)
def test_clause_counts(prefix: str, expected: int) -> None:
    assert len(seed(prefix).clauses) == expected


def test_clause_forms_and_total() -> None:
    total = sum(len(seed(p).clauses) for p in ("000", "001", "002", "003", "004"))
    assert total == 80
    forms = Counter(c.form for c in seed("002").clauses)
    assert forms == {"task-force": 25, "joint": 21, "lead-support": 8, "lead": 2}
    assert all(c.task_heading is not None for p in ("001", "002", "003") for c in seed(p).clauses)


def test_002_steel_clause() -> None:
    doc = seed("002")
    steel = [c for c in doc.clauses if doc.headings[c.task_heading or 0].title == "钢铁行业"]
    assert len(steel) == 1
    (clause,) = steel
    assert clause.leads == ("省工业和信息化厅",)
    assert clause.supports == ("省发展改革委",)
    assert clause.open_ended
    quote = doc.quote(clause.start, clause.end)
    assert quote.line_end > quote.line  # 省工 / 业和信息化厅 across lines
    assert quote.text.replace("\n", "") == quote.text


def test_clause_splits() -> None:
    c001 = seed("001").clauses
    assert c001[0].leads == ("省科技厅",)
    assert c001[0].supports == ("省发展改革委", "省工业和信息化厅")
    multi = [c for c in c001 if len(c.leads) == 2]
    assert multi and multi[0].leads == ("省科技厅", "人民银行山东省分行")
    joint = [c for c in c001 if c.form == "joint"]
    assert joint[0].responsible == ("省发展改革委", "省科技厅", "省工业和信息化厅", "省国资委")
    ten = [c for c in seed("002").clauses if any(r.endswith("“十强”产业专班") for r in c.responsible)]
    assert len(ten) == 13  # one of them spelt 省“十强”产业专班
    assert all(c.text.startswith("（") for c in ten)


def test_002_sub_item_clause_not_on_parent() -> None:
    doc = seed("002")
    by_title = {doc.headings[c.task_heading].title: c for c in doc.clauses if c.task_heading is not None}
    assert "新一代信息技术产业" not in by_title  # top-level paragraph without its own clause
    assert by_title["软件产业"].responsible == ("新一代信息技术产业专班",)
    new_energy = next(c for c in doc.clauses if c.responsible == ("新能源产业专班",))
    assert doc.headings[new_energy.task_heading or 0].level == 5


@pytest.mark.parametrize(
    "name",
    ["青岛芯谷", "东营高端石油装备", "以济南、青岛", "烟台海洋牧场", "临沂医药", "济南海关、青岛海关",
     "省工业和信息化厅牵头", "省自然资源厅", "达到 11000亿元",
     "德州有研集成电路用大尺寸硅材料", "功率器件项目", "坚决改造提升传统动能"],
)  # fmt: skip
def test_002_split_names_rejoined(name: str) -> None:
    assert name in seed("002").text


@pytest.mark.parametrize(
    "name",
    ["烟台先进结构材料", "核心关键技术", "研发生产高端轻", "核电装机规模达到 1300 万千瓦以上",
     "东营新发生物医药优势产业集聚区", "济宁市智能制造装备产业集群", "战略性新兴产业"],
)  # fmt: skip
def test_000_page_break_splits_rejoined(name: str) -> None:
    assert name in seed("000").text


def test_002_urls_dropped_and_sentence_rejoined() -> None:
    doc = seed("002")
    assert "http" not in doc.text
    assert "不达标的单机容量" in doc.text
    assert any(w.code == "url-dropped" for w in doc.warnings)


def test_one_paragraph_per_line_and_no_blank_lines() -> None:
    for prefix in ("000", "001", "002", "003", "004"):
        doc = seed(prefix)
        lines = doc.text.split("\n")
        assert len(lines) == len(doc.paragraphs)
        assert all(line.strip() == line and line for line in lines)


def test_title_and_header_block_003() -> None:
    doc = seed("003")
    assert doc.meta.title == "关于科技创新引领未来产业布局培育发展新质生产力的实施方案"
    assert doc.headings[0].title == "总体要求"
    assert [h.title for h in doc.headings if h.level == 3][:2] == ["人工智能", "“元宇宙+”"]


def test_004_run_in_headings_share_the_line() -> None:
    doc = seed("004")
    first_l2 = next(h for h in doc.headings if h.level == 2)
    assert first_l2.title == "发展基础" and first_l2.run_in
    hydrogen = [h for h in doc.headings if h.title == "氢能"]
    assert hydrogen and doc.headings[hydrogen[0].parent or 0].title == "新能源"


def test_sentences_cover_paragraph_text() -> None:
    doc = seed("001")
    for para in doc.paragraphs:
        joined = "".join(s.text for s in doc.sentences if s.paragraph == para.index)
        assert joined.replace(" ", "") == doc.text[para.start : para.end].replace(" ", "")
    assert all(s.text[-1] in "。！？）”" or s.text == doc.text[s.start : s.end] for s in doc.sentences)


# The per-character sentence splitter that the regex-driven one replaced: the definition it must match.
_OPENERS = {"“": "”", "（": "）", "(": ")", "「": "」", "《": "》"}


def _reference_split(text: str, start: int, end: int, ends: str) -> list[tuple[int, int]]:
    def trimmed(s: int, e: int) -> list[tuple[int, int]]:
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        return [(s, e)] if e > s else []

    out: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    s = i = start
    while i < end:
        c = text[i]
        if stack and (c == stack[-1][0] or (c in "）)" and stack[-1][0] in "）)")):
            stack.pop()
        elif c in _OPENERS:
            stack.append((_OPENERS[c], i))
        elif c in ends and (not stack or i - stack[-1][1] > 120):
            stack.clear()
            j = i + 1
            while j < end and (text[j] in "”’」』）)" or text[j] in ends):
                j += 1
            out += trimmed(s, j)
            s = i = j
            continue
        i += 1
    return out + trimmed(s, end)


def test_split_sentences_matches_the_per_char_definition_on_every_short_text() -> None:
    """Every text of up to 4 chars over brackets, ends and other chars, with both sets of ends."""
    alphabet = "（)）(“”「》。；a "
    for n in range(5):
        for chars in itertools.product(alphabet, repeat=n):
            text = "".join(chars)
            for ends in ("。！？!?", "。！？!?；;"):
                assert list(split_sentences(text, 0, n, ends)) == _reference_split(text, 0, n, ends), text


_CHARS = st.text(st.sampled_from("“”（）()「」『』《》’。！？!?；;，、 \u3000\tab"), max_size=30)


_RUN = st.sampled_from([0, *range(114, 124)])


@settings(max_examples=500, deadline=None)
@given(
    _CHARS, st.sampled_from("（(“「《a"), _RUN, st.sampled_from("。；?b"), _CHARS, st.booleans(), st.data()
)
def test_split_sentences_matches_the_per_char_definition(
    head: str, opener: str, long: int, end_char: str, tail: str, semicolon: bool, data: st.DataObject
) -> None:
    # An opener, a run of about 120 chars, an end: unclosed brackets protect ends for 120 chars.
    text = head + opener + "x" * long + end_char + tail
    start = data.draw(st.integers(0, len(text)))  # draws lean small: mostly near the whole text
    end = len(text) - data.draw(st.integers(0, len(text) - start))
    ends = "。！？!?" + ("；;" if semicolon else "")
    assert list(split_sentences(text, start, end, ends)) == _reference_split(text, start, end, ends)


@given(st.text(st.sampled_from("一十百（）()1２٣.．、 \u3000专栏发展"), max_size=8))
def test_numbered_candidates_keep_the_first_matching_pattern(para: str) -> None:
    """Picking patterns by the first char finds the same pattern as trying all eight in order."""
    first = next((n for n in _NUMBERED if n[0].match(para)), None)
    assert next((n for n in numbered_candidates(para) if n[0].match(para)), None) == first


def test_numbered_candidates_partition_the_patterns() -> None:
    groups = [numbered_candidates(c) for c in ("一", "（", "(", "1")]
    assert sorted(n[2] for g in groups for n in g) == sorted(n[2] for n in _NUMBERED)


def _last_at_or_before(headings: list[Heading], starts: list[int], pos: int) -> int | None:
    i = bisect.bisect_right(starts, pos) - 1
    return headings[i].index if i >= 0 else None


@settings(max_examples=300, deadline=None)
@given(st.lists(_CHARS, max_size=6), st.lists(st.integers(0, 200), max_size=4), st.booleans())
def test_sentences_of_the_whole_text_are_those_of_each_paragraph(
    lines: list[str], heading_starts: list[int], semicolon: bool
) -> None:
    """One scan of the text, line breaks closing paragraphs, equals splitting paragraph by paragraph."""
    text = "\n".join(lines)
    paragraphs = [Paragraph(i, s, e, None, i % 2 or None) for i, (s, e) in enumerate(paragraph_spans(text))]
    starts = sorted(min(h, len(text)) for h in heading_starts)
    headings = [Heading(i, 1, "一、", None, "", s, s, None, False) for i, s in enumerate(starts)]
    ends = "。！？!?" + ("；;" if semicolon else "")
    expected = [
        (s, e, text[s:e], para.index, _last_at_or_before(headings, starts, s), para.box)
        for para in paragraphs
        for s, e in split_sentences(text, para.start, para.end, ends)
    ]
    got = _sentences(text, paragraphs, headings, semicolon)
    assert [(x.start, x.end, x.text, x.paragraph, x.heading, x.box) for x in got] == expected
    assert [x.index for x in got] == list(range(len(got)))


def _reference_clauses(text: str, paragraphs: list[Paragraph]) -> list[tuple[object, ...]]:
    """Clauses found paragraph by paragraph (the scan that one whole-text scan replaced)."""
    found: list[tuple[object, ...]] = []
    for para in paragraphs:
        for m in clauses._PAREN.finditer(text, para.start, para.end):
            parsed = clauses.parse_clause(m["body"], at_task_end=clauses._ends_task(text, m.end(), para.end))
            if parsed is not None:
                found.append((m.start(), m.end(), m.group(), *parsed, para.index))
    return found


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.sampled_from("（）()\n。；，、市委局牵头配合负责等部门 x"), max_size=30), max_size=6)
)
def test_clauses_of_the_whole_text_are_those_of_each_paragraph(lines: list[str]) -> None:
    text = "\n".join(lines)
    paragraphs = [Paragraph(i, s, e, None, None) for i, (s, e) in enumerate(paragraph_spans(text))]
    found, _ = clauses.find_clauses(text, paragraphs, [])
    got = [(c.start, c.end, c.text, c.form, c.leads, c.supports, c.responsible, c.open_ended, c.paragraph)
           for c in found]  # fmt: skip
    assert got == _reference_clauses(text, paragraphs)


@settings(max_examples=500, deadline=None)
@example("。（1）发展。", 1, 0)  # the lookbehind reads the char before ``start``
@given(
    st.text(st.sampled_from("。；：（(）)1２ 发展，"), max_size=30), st.integers(0, 30), st.integers(0, 30)
)
def test_inline_subhead_guard_finds_every_text_the_pattern_matches(text: str, start: int, cut: int) -> None:
    start = min(start, len(text))
    end = max(start, len(text) - cut)
    if any(_INLINE_SUB.finditer(text, start, end)):
        assert _INLINE_SUB_GUARD.search(text, max(start - 1, 0), end)


@pytest.mark.parametrize("name", ["Heading", "Paragraph", "Sentence", "BoxItem", "BoxLine", "Box", "Clause"])
def test_dict_init_builds_the_instance_the_dataclass_init_would(name: str) -> None:
    """models._dict_init: same fields in the same order, keywords accepted, still frozen (on the
    interpreted classes: the compiled build drops the decorator, tools/build_compiled.py)."""
    cls = getattr(_models_source(), name)
    names = [f.name for f in dataclasses.fields(cls)]
    values = [f"v{i}" for i in range(len(names))]
    made = cls(*values)
    assert list(vars(made).items()) == list(zip(names, values, strict=True))
    assert made == cls(**dict(zip(names, values, strict=True))) and hash(made) == hash(cls(*values))
    assert (
        repr(made)
        == f"{cls.__name__}(" + ", ".join(f"{n}={v!r}" for n, v in zip(names, values, strict=True)) + ")"
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.start = 0
    with pytest.raises(TypeError):
        cls(*values[:-1])
    assert list(inspect.signature(cls).parameters) == names


def test_dict_init_refuses_fields_with_defaults() -> None:
    @dataclasses.dataclass(frozen=True)
    class WithDefault:
        a: int = 0

    with pytest.raises(TypeError):
        models._dict_init(WithDefault)


@given(st.text(st.sampled_from("。、a"), max_size=12), st.integers(0, 12), st.integers(0, 12))
def test_after_each_is_the_per_char_scan(text: str, start: int, cut: int) -> None:
    start, end = min(start, len(text)), max(min(start, len(text)), len(text) - cut)
    for char in "。、":
        assert list(_after_each(text, char, start, end)) == [
            i + 1 for i in range(start, end) if text[i] == char
        ]


@cache
def _models_source() -> Any:
    return source_module("ingest/models.py")
