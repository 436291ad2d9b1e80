"""ingest.gazetteer: region/zone/chain data integrity, resolution, and matching offsets."""

from __future__ import annotations

import pytest

from ingest import gazetteer as g
from tests.seedtext import joined

# (surface, code, parent code) for places named in the dev answers
DEV_PLACES = [
    ("青岛", "370200", "370000"), ("烟台", "370600", "370000"), ("威海", "371000", "370000"),
    ("济南", "370100", "370000"), ("淄博", "370300", "370000"), ("日照", "371100", "370000"),
    ("滨州", "371600", "370000"), ("潍坊", "370700", "370000"), ("济宁", "370800", "370000"),
    ("聊城", "371500", "370000"), ("德州", "371400", "370000"), ("泰安", "370900", "370000"),
    ("枣庄", "370400", "370000"), ("临沂", "371300", "370000"), ("菏泽", "371700", "370000"),
    ("东营", "370500", "370000"), ("龙口", "370681", "370600"), ("新泰", "370982", "370900"),
    ("滕州", "370481", "370400"), ("利津", "370522", "370500"), ("莱西市", "370285", "370200"),
    ("即墨区", "370215", "370200"), ("城阳区", "370214", "370200"), ("莱芜区", "370116", "370100"),
    ("青岛西海岸新区", "370211", "370200"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "code", "parent"), DEV_PLACES)
def test_dev_places_resolve(name: str, code: str, parent: str) -> None:
    reg = g.resolve_region(name)
    assert reg is not None and (reg.code, reg.parent) == (code, parent)
    assert reg.parents[-1] == "370000"


def test_ancestors() -> None:
    assert [r.name for r in g.ancestors("370285")] == ["青岛市", "山东省"]
    assert [r.name for r in g.ancestors("110108")] == ["北京市"]  # 直辖市 districts hang off the province
    assert g.ancestors("999999") == []


def test_data_integrity() -> None:
    regions = g.all_regions()
    assert len(regions) > 3000
    levels = {r.level for r in regions}
    assert levels == {"province", "city", "district", "county"}
    assert sum(r.level == "province" for r in regions) == 34
    codes = {r.code for r in regions}
    assert all(r.parent is None or r.parent in codes for r in regions)
    assert all(len(s) >= 2 for r in regions for s in r.short)
    assert g.resolve_region("山东") is not None and g.region("370000").abbr == ("鲁",)  # type: ignore[union-attr]
    assert all(z.parent is None or z.parent in codes for z in g.all_zones())
    chains = g.all_chains()
    assert len(chains) >= 150
    names = {c.name for c in chains}
    assert all(c.parent is None or c.parent in names for c in chains)


def test_ambiguous_short_forms_need_context() -> None:
    assert g.resolve_region("河东") is None
    assert {r.code for r in g.region_candidates("河东区")} == {"120102", "371312"}
    assert g.resolve_region("河东区", "临沂").code == "371312"  # type: ignore[union-attr]
    assert g.resolve_region("市中区", "枣庄").code == "370402"  # type: ignore[union-attr]
    assert g.resolve_region("市中区", "370100").code == "370103"  # type: ignore[union-attr]
    assert g.resolve_region("吉林").level == "province"  # type: ignore[union-attr]
    hits = g.find_regions("临沂河东区")
    assert [(h.surface, h.region.code if h.region else None) for h in hits] == [
        ("临沂", "371300"),
        ("河东区", "371312"),
    ]


def test_no_common_word_short_forms() -> None:
    text = "城市中心、东方氢岛、滨海体育产业带、科创新城、合作共赢、开发区建设、城区更新"
    assert [h.surface for h in g.find_regions(text)] == []


def test_find_regions_offsets_zones_and_inferred_zones() -> None:
    text = (
        "支持青岛西海岸新区、即墨区、莱西市、城阳区和青岛高新区，龙口裕龙岛，"
        "苏州高新区，合肥经济技术开发区，山东半岛"
    )
    hits = g.find_regions(text)
    for h in hits:
        assert text[h.start : h.end] == h.surface
    by = {h.surface: h for h in hits}
    assert by["青岛西海岸新区"].zone is not None and by["青岛西海岸新区"].region.code == "370211"  # type: ignore[union-attr]
    assert by["青岛高新区"].zone.parent == "370200"  # type: ignore[union-attr]
    inferred = by["苏州高新区"].zone
    assert inferred is not None and inferred.inferred and inferred.parent == "320500"
    assert by["合肥经济技术开发区"].zone.parent == "340100"  # type: ignore[union-attr]
    assert by["山东半岛"].zone.parent == "370000"  # type: ignore[union-attr]
    assert by["龙口"].region.code == "370681"  # type: ignore[union-attr]


def test_sixteen_cities_in_seed_000() -> None:
    found = {h.region.code for h in g.find_regions(joined("000")) if h.region and h.region.level == "city"}
    assert {c for _, c, p in DEV_PLACES if p == "370000"} <= found


# every chain surface form of corpus-notes §3(a) (synonym table) → canonical
_CHAIN_FORMS = """
    新一代信息技术产业链=新一代信息技术 信息技术产业=新一代信息技术
    新一代信息制造业=新一代信息技术 高端装备产业链=高端装备 高端装备制造业=高端装备
    新能源新材料=新能源新材料 新能源装备产业链=新能源 先进材料产业链=新材料 氢能产业=氢能
    氢能源=氢能 氢能及燃料电池产业链=氢能 医养健康=医养健康 医药产业链=医药
    绿色环保=节能环保 节能环保产业=节能环保 现代海洋=现代海洋
    船舶和海工装备产业链=船舶和海工装备 海工装备=海工装备 海洋工程装备=海工装备
    高端海工装备=海工装备 海洋生物医药=海洋生物 海洋生物材料=海洋生物材料 第五代移动通信=5G
    5G产业=5G 新一代移动通信网络服务=5G 软件产业=高端软件
    高端软件与网络通信=高端软件与网络通信 大数据云计算产业=大数据云计算 先进计算=先进计算
    人工智能与大数据=人工智能与大数据 高性能服务器=先进计算 工业互联网产业=工业互联网
    工业互联网平台服务=工业互联网 超高清视频=超高清视频 量子科技=量子信息
    太阳能风能=太阳能风能 新能源装备及应用产业=新能源 能源互联网=智慧能源 储能=储能
    工业机器人=工业机器人 技能作业机器人=技能作业机器人 工业母机与行业装备=高档数控机床
    轨道交通与动力装备=轨道交通装备 轨道交通=轨道交通装备 新能源汽车产业=新能源汽车
    智能网联及新能源汽车=新能源汽车 自动驾驶=无人驾驶 飞行器整机=飞机整机
    飞机关键零部件=航空零部件 航空关键零部件=航空零部件 地理信息=卫星应用 无人机=无人机
    低空经济=低空经济 化学创新药=化学药 医疗器械与装备=医疗器械 医疗器械与装备业=医疗器械
    康养服务=康养服务 健康养老产业=康养服务 康复医疗=康复医疗 深海开发=深海深地深空
    极地深海=深海深地深空 新兴服务业=相关服务业 战略性新兴产业相关服务业=相关服务业
    新兴生产性服务业=新兴生产性服务业 生产性服务业=新兴生产性服务业 虚拟现实=虚拟现实
    “元宇宙+”=虚拟现实 智能家电=智能家电 节能家电=节能家电 家电制造=智能家电
    碳纤维=碳纤维 生物质能=生物质能 风电=风能 光伏=太阳能 核电=核能 生物=生物
    燃料电池=燃料电池
"""
CHAIN_FORMS = dict(pair.split("=") for pair in _CHAIN_FORMS.split())


@pytest.mark.parametrize(("form", "canonical"), CHAIN_FORMS.items())
def test_chain_forms(form: str, canonical: str) -> None:
    ch = g.chain_for(form)
    assert ch is not None and ch.name == canonical


def test_chain_hierarchy() -> None:
    assert [c.name for c in g.chain_ancestors("燃料电池")] == ["氢能", "新能源"]
    assert g.chain("储能").parent == "智慧能源"  # type: ignore[union-attr]
    assert g.chain("碳纤维") and "新材料" in [c.name for c in g.chain_ancestors("碳纤维")]


def test_chain_stem_for_unseen_headings() -> None:
    assert g.chain_stem("（三）新能源产业") == "新能源"
    assert g.chain_stem("氢能产业链") == "氢能"
    assert g.chain_stem("纳米技术应用产业") == "纳米技术应用"
    assert g.chain_stem("2.生物医药领域") == "生物医药"
    assert g.chain_for("纳米技术应用产业") is None


def test_find_chains_offsets_and_guards() -> None:
    text = (
        "青岛德润 FCP 氢能源设备项目；存储能力；北京航空航天大学；"
        "建成 450 万千瓦左右的储能设施；新能源 汽车产业"
    )
    hits = g.find_chains(text)
    assert [(h.surface, h.chain.name) for h in hits] == [
        ("氢能源", "氢能"),
        ("储能设施", "储能"),
        ("新能源 汽车产业", "新能源汽车"),
    ]
    for h in hits:
        assert text[h.start : h.end] == h.surface


def test_fold_keeps_offsets() -> None:
    folded, idx = g.fold("中国（山东） 自由贸易试验区")
    assert folded == "中国(山东)自由贸易试验区"
    assert len(idx) == len(folded) and idx[6] == 7
