"""A city plan in another province's style: U+3000 indents, full-width digits, 1． headings,
labelled and bare responsibility clauses, a 专栏 whose item is split by a line break."""

from __future__ import annotations

import pytest

from ingest.models import StructuredDocument
from ingest.reader import read_document
from tests import corpus

FIXTURE = corpus.FIXTURES / "other_province.txt"


@pytest.fixture(scope="module")
def doc() -> StructuredDocument:
    return read_document(FIXTURE)


def test_metadata(doc: StructuredDocument) -> None:
    assert doc.meta.title == "苏州市加快培育未来产业发展行动计划（2023—2025年）"
    assert doc.meta.issuer == "苏州市人民政府办公室"
    assert doc.meta.date == "2023-03-08"
    assert (doc.meta.level, doc.meta.region) == ("city", "苏州市")
    assert doc.meta.period == "2023—2025"


def test_headings(doc: StructuredDocument) -> None:
    tree = [(h.level, h.style, h.title) for h in doc.headings]
    assert tree[0] == (1, "一、", "总体要求")
    assert (3, "1．", "布局第三代半导体") in tree
    assert sum(1 for t in tree if t[0] == 1) == 3
    assert sum(1 for t in tree if t[0] == 2) == 6
    assert sum(1 for t in tree if t[0] == 3) == 4


def test_full_width_digits_normalised(doc: StructuredDocument) -> None:
    assert "到2025年" in doc.text
    start = doc.text.index("2000亿元")
    assert doc.quote(start, start + 6).text == "２０００亿元"


def test_box(doc: StructuredDocument) -> None:
    (box,) = doc.boxes
    assert box.number == "1" and box.title == "未来产业重点载体"
    assert [line.label for line in box.lines] == ["空天信息", "前沿材料"]
    assert [item.text for item in box.lines[1].items] == [
        "苏州纳米城",
        "昆山石墨烯产业园",
        "张家港新材料产业园",
    ]
    assert all(line.open_ended for line in box.lines)


def test_clauses(doc: StructuredDocument) -> None:
    by_task = {doc.headings[c.task_heading].title: c for c in doc.clauses if c.task_heading is not None}
    assert len(doc.clauses) == 7
    c = by_task["布局第三代半导体"]
    assert (c.form, c.leads, c.supports) == ("labelled", ("市发改委",), ("市工信局", "市科技局"))
    c = by_task["发展石墨烯产业"]
    assert c.responsible == ("市工信局", "市科技局", "各区（市）政府")
    c = by_task["空天开发"]
    assert c.leads == ("市科技局",) and c.supports == ("市发改委", "市交通运输局") and c.open_ended
    c = by_task["发展商业航天"]
    assert (c.form, c.responsible) == ("bare", ("市发展改革委", "市工业和信息化局"))
    c = by_task["培育低空经济"]
    assert c.leads == ("市交通运输局",) and c.supports == ("市公安局", "市应急管理局")
    assert by_task["强化组织领导"].responsible == ("市发改委",)
    assert by_task["加大资金支持"].responsible == ("市财政局", "市地方金融监管局")


def test_indent_quotes(doc: StructuredDocument) -> None:
    for s in doc.sentences:
        q = doc.quote(s.start, s.end)
        assert "\u3000" not in q.text[:1]
