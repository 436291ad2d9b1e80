"""Issue 10: extraction rules that carry over to plans of other provinces.

Each rule is checked on two texts of different styles: a Shanghai action plan (the second
development corpus) and a fixture written in another province's style (tests/fixtures). Nothing
here reads a seed-specific answer table.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from graph.model import DocumentFacts, Label, Rel
from ingest.pipeline import facts_from_file
from tests import corpus
from tests.factsview import View

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@cache
def facts(name: str) -> DocumentFacts:
    path = FIXTURES / name if name.endswith(".txt") else corpus.shanghai(name)
    return facts_from_file(path)


def view(name: str) -> View:
    return View(facts(name))


def task_agencies(v: View, title_part: str) -> list[str]:
    """The agencies of the one task whose title holds ``title_part``, as printed, in clause order."""
    (task,) = [n for n in v.f.nodes if n.label is Label.TASK and title_part in n.props["title"]]
    rels = [
        r
        for r in v.f.relations
        if r.dst == task.id and r.type in (Rel.LEADS, Rel.SUPPORTS, Rel.RESPONSIBLE_FOR)
    ]
    return [str(r.props["printed"]) for r in sorted(rels, key=lambda r: int(r.props["order"]))]


# --- 3. agencies as printed, every body of a list ----------------------------------------------------


def test_every_listed_body_counts_as_printed_shanghai() -> None:
    v = view("01")
    # four listed → four extracted, in order, as printed (市科委, not the stem's 市科技委)
    assert task_agencies(v, "完善北斗高精度") == [
        "市规划资源局",
        "市住房城乡建设管理委",
        "市交通委",
        "市经济信息化委",
    ]
    # the label 牵头部门 broken across lines by PDF extraction still yields the clause
    assert task_agencies(v, "开展云端一体的智能交通应用") == ["市交通委", "市水务局", "市经济信息化委"]
    got = task_agencies(v, "产业集聚模式")
    assert got[-3:] == ["金山区政府", "闵行区政府", "临港新片区管委会"]
    assert v.one("市科委", Label.AGENCY).name == "市科委"


def test_bodies_that_are_not_departments_shanghai() -> None:
    v = view("03")
    assert task_agencies(v, "优化产品支付模式") == [
        "市医保局",
        "市委金融办",
        "上海金融监管局",
        "申康医院发展中心",
    ]
    assert task_agencies(v, "强化能力建设") == ["市药品监管局", "国家药监局医疗器械技术审评检查长三角分中心"]
    assert v.one("市药品监管局", Label.AGENCY).name == "市药品监管局"


def test_every_listed_body_counts_as_printed_other_province() -> None:
    v = view("shenzhen_style.txt")
    assert task_agencies(v, "做强整机制造") == ["市工业和信息化局", "市发展改革委", "深圳海关", "各区政府"]
    assert task_agencies(v, "完善关键配套") == ["市科技创新局", "市工业和信息化局", "前海管理局"]
    assert task_agencies(v, "推广物流配送应用") == ["市交通运输局", "市卫生健康委", "市应急管理局", "相关区"]
    # lead before support: 牵头单位 then 配合单位
    assert task_agencies(v, "优化空域管理") == ["市交通运输局", "中国民用航空局深圳监管局", "市公安局"]
    # a body the stems do not know is keyed by the region it names (深圳海关 → 深圳市)
    assert v.one("深圳海关", Label.AGENCY).id.startswith("agency:440300:")
    assert not [w for w in v.f.warnings if w[0] == "agency-unknown"]
