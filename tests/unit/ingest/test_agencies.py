"""ingest.agencies: the seeds' responsibility clauses, name variants, successors and other provinces."""

from __future__ import annotations

import re

import pytest

from ingest.agencies import find_agencies, normalise_agency
from tests.seedtext import joined

CLAUSE = re.compile(r"（[^（）]*(牵头|配合|负责|按职责分工)[^（）]*）")
ROLE = re.compile(r"牵头负责|按职责分工负责|按职责分工|牵头|配合|负责|等部门")

# canonical names of the 42 responsible units (corpus-notes §3(d)), after alias resolution
_INVENTORY = """
    省工业和信息化厅 省发展改革委 省科技厅 “十强”产业专班 省财政厅 新一代信息技术产业专班
    省委组织部 省教育厅 省商务厅 省市场监管局 医养健康产业专班 新能源产业专班 现代高效农业专班
    省国资委 省生态环境厅 省税务局 省能源局 省自然资源厅 人民银行山东省分行 文化创意产业专班
    现代金融服务专班 省人力资源社会保障厅 省卫生健康委 省地方金融监管局 省委金融办
    精品旅游产业专班 人民银行济南分行 金融监管总局山东监管局 山东证监局 山东银保监局
    新材料产业专班 济南海关 现代海洋产业专班 省住房城乡建设厅 省体育局 省文化旅游厅 省水利厅
    省科协 青岛海关 高端化工产业专班 高端装备产业专班
"""
INVENTORY = set(_INVENTORY.split())


def _clauses() -> list[str]:
    return [m.group() for p in ("001", "002", "003") for m in CLAUSE.finditer(joined(p))]


def test_eighty_clauses() -> None:
    assert len(_clauses()) == 80


@pytest.mark.parametrize("clause", _clauses())
def test_clause_agencies_normalise(clause: str) -> None:
    raws = [r for r in re.split(r"[，、]", ROLE.sub("", clause.strip("（）"))) if r]
    refs = [normalise_agency(r, "山东省") for r in raws]
    assert all(ref is not None and ref.canonical in INVENTORY for ref in refs), (raws, refs)
    found = find_agencies(clause, "山东省")
    assert [m.ref.canonical for m in found] == [ref.canonical for ref in refs if ref]
    for m in found:
        assert clause[m.start : m.end] == m.surface


def test_inventory_fully_seen() -> None:
    seen = {m.ref.canonical for c in _clauses() for m in find_agencies(c)}
    assert seen == INVENTORY


@pytest.mark.parametrize(
    ("raw", "canonical", "full"),
    [
        ("省发改委", "省发展改革委", "山东省发展和改革委员会"),
        ("山东省发展和改革委员会", "省发展改革委", "山东省发展和改革委员会"),
        ("省发展改革委", "省发展改革委", "山东省发展和改革委员会"),
        ("省工信厅", "省工业和信息化厅", "山东省工业和信息化厅"),
        ("山东省科学技术厅", "省科技厅", "山东省科学技术厅"),
        ("省人社厅", "省人力资源社会保障厅", "山东省人力资源和社会保障厅"),
        ("省市场监督管理局", "省市场监管局", "山东省市场监督管理局"),
        ("省住房和城乡建设厅", "省住房城乡建设厅", "山东省住房和城乡建设厅"),
        ("省文化和旅游厅", "省文化旅游厅", "山东省文化和旅游厅"),
        ("省卫生健康委员会", "省卫生健康委", "山东省卫生健康委员会"),
        ("省国有资产监督管理委员会", "省国资委", "山东省国有资产监督管理委员会"),
        ("省地方金融监督管理局", "省地方金融监管局", "山东省地方金融监督管理局"),
    ],
)
def test_variants(raw: str, canonical: str, full: str) -> None:
    ref = normalise_agency(raw, "山东")
    assert ref is not None and (ref.canonical, ref.full_name) == (canonical, full)
    assert ref.region == "370000" or ref.canonical in ("省地方金融监管局",)


def test_successors() -> None:
    def succ(raw: str) -> str | None:
        ref = normalise_agency(raw)
        assert ref is not None
        return ref.successor

    assert succ("人民银行济南分行") == "人民银行山东省分行"
    assert succ("山东银保监局") == "金融监管总局山东监管局"
    assert succ("省地方金融监管局") == "省委金融办"
    ref = normalise_agency("国家金融监管总局山东监管局")
    assert ref is not None and ref.canonical == "金融监管总局山东监管局"
    ref = normalise_agency("青岛银保监局")  # general rule, not a table row
    assert ref is not None and ref.successor == "金融监管总局青岛监管局"


def test_city_context_and_prefix() -> None:
    cases = {
        ("市发改委", "苏州"): ("市发展改革委", "苏州市发展和改革委员会", "320500"),
        ("苏州市发展和改革委员会", None): ("市发展改革委", "苏州市发展和改革委员会", "320500"),
        ("市工信局", "合肥市"): ("市工业和信息化局", "合肥市工业和信息化局", "340100"),
        ("市经信委", "青岛"): ("市经济信息化委", "青岛市经济和信息化委员会", "370200"),
        ("市发改委", "370211"): ("市发展改革委", "青岛市发展和改革委员会", "370200"),
        ("莱西市发展和改革局", None): ("市发展改革局", "莱西市发展和改革局", "370285"),
        ("黄岛区人民政府", None): ("黄岛区政府", "黄岛区人民政府", "370211"),
        ("广西壮族自治区发展和改革委员会", None): (
            "自治区发展改革委",
            "广西壮族自治区发展和改革委员会",
            "450000",
        ),
    }
    for (raw, ctx), want in cases.items():
        ref = normalise_agency(raw, ctx)
        assert ref is not None and (ref.canonical, ref.full_name, ref.region) == want, raw


def test_collectives_and_task_forces() -> None:
    ref = normalise_agency("各区（市）政府")
    assert ref is not None and ref.kind == "collective"
    ref = normalise_agency("省“十强”产业专班")
    assert ref is not None and (ref.canonical, ref.kind) == ("“十强”产业专班", "task_force")


@pytest.mark.parametrize(
    "text",
    [
        "省直有关部门要加强协调",
        "各级发改、工信部门要加强指导",
        "财政资金支持",
        "由省级行业主管部门认定",
        "推动政府采购",
    ],
)
def test_no_false_hits(text: str) -> None:
    assert find_agencies(text) == []


def test_other_province_paragraphs() -> None:
    text = (
        "（一）加强组织领导。市发改委牵头，市工信局、市科技局、市财政局、市人力资源社会保障局配合，"
        "苏州工业园区管委会、昆山市人民政府、各区（市）政府按职责分工负责；市集成电路产业专班负责。"
    )
    found = [(m.surface, m.ref.canonical, m.ref.full_name) for m in find_agencies(text, "苏州")]
    assert found == [
        ("市发改委", "市发展改革委", "苏州市发展和改革委员会"),
        ("市工信局", "市工业和信息化局", "苏州市工业和信息化局"),
        ("市科技局", "市科技局", "苏州市科学技术局"),
        ("市财政局", "市财政局", "苏州市财政局"),
        ("市人力资源社会保障局", "市人力资源社会保障局", "苏州市人力资源和社会保障局"),
        ("苏州工业园区管委会", "苏州工业园区管委会", "苏州工业园区管理委员会"),
        ("昆山市人民政府", "昆山市政府", "昆山市人民政府"),
        ("各区（市）政府", "各区(市)政府", "各区(市)政府"),
        ("市集成电路产业专班", "集成电路产业专班", "集成电路产业专班"),
    ]
