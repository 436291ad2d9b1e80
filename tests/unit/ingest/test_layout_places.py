"""Districts, the places inside them and layout designations (ingest.extract.layout), and carriers stated in
running text (ingest.extract.carriers): each rule on a Shanghai plan and on fixtures in other provinces'
styles (a 天津 municipal action plan, a 佛山 city plan with a 一核两翼 layout), plus the seeds."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from core.model import DocumentFacts, Label, Node, Rel
from ingest.models import DocumentMeta
from ingest.pipeline import facts_from_file, facts_from_text
from tests import corpus
from tests.factsview import View

FIXTURES = corpus.FIXTURES
SEEDS = corpus.ROOT / "seeds"


@cache
def view(path: Path) -> View:
    return View(facts_from_file(path))


def tianjin() -> View:
    return view(FIXTURES / "layout_tianjin.txt")


def foshan() -> View:
    return view(FIXTURES / "layout_foshan.txt")


def shanghai(prefix: str) -> View:
    return view(corpus.shanghai(prefix))


def designations(v: View) -> dict[str, list[dict[str, object]]]:
    """Region name → the props of each DESIGNATED_FOR it has (with the chain's name)."""
    out: dict[str, list[dict[str, object]]] = {}
    for r in v.f.relations:
        if r.type is Rel.DESIGNATED_FOR:
            props = {**r.props, "chain": v.nodes[r.dst].name}
            out.setdefault(v.nodes[r.src].name, []).append(props)
    return out


def with_role(v: View, role: str) -> set[str]:
    """Regions designated with ``role`` (one of the roles a merged designation holds)."""
    return {
        name for name, ds in designations(v).items() if any(role in str(d["role"]).split("、") for d in ds)
    }


def parents(v: View, region: Node) -> set[str]:
    return {p.name for p in v.out(region, Rel.PART_OF)}


def located(v: View, node: Node) -> set[str]:
    return {r.name for r in v.out(node, Rel.LOCATED_IN)}


# --- rule 1 and 2: districts printed short, named bases inside them --------------------------------


def test_named_bases_inside_districts_municipal_fixture() -> None:
    v = tianjin()
    assert with_role(v, "专业产业基地") == {"西青杨柳青", "东丽华明", "武清京滨"}
    site = v.one("西青杨柳青", Label.REGION)
    assert site.props["level"] == "zone" and parents(v, site) == {"西青区"}
    base = v.one("西青杨柳青专业产业基地", Label.BASE)
    assert base.props["kind"] == "专业产业基地"
    assert located(v, base) == {"西青杨柳青"}
    assert {c.name for c in v.out(base, Rel.IN_CHAIN)} == {"智能网联汽车"}
    # 滨海 (a short form the gazetteer drops as a common word) is 滨海新区 in a 天津 plan
    assert with_role(v, "应用基地") == {"滨海新区", "北辰区"}


def test_named_bases_inside_districts_shanghai() -> None:
    v = shanghai("01")
    assert with_role(v, "专业产业基地") == {"青浦北斗西虹桥", "杨浦湾谷", "嘉定马东"}
    assert parents(v, v.one("杨浦湾谷", Label.REGION)) == {"杨浦区"}
    # 临港 is 临港新片区 and 金山 is 金山区 (printed short) in a Shanghai plan
    assert with_role(v, "应用基地") == {"临港新片区", "金山区", "闵行区"}
    # the generic rule no longer reads the sites as chains (杨浦 → 湾谷, 嘉定 → 马东专)
    chains = {n.name for n in v.f.nodes if n.label is Label.CHAIN}
    assert not {"湾谷", "马东专", "马东"} & chains


def test_short_place_counts_only_inside_its_region() -> None:
    meta = DocumentMeta(id="t_short", title="江苏省某产业行动方案", level="province", region="江苏省")
    text = "江苏省某产业行动方案\n\n一、机器人\n\n进一步提升现有金山、闵行等应用基地的发展能级。\n"
    f = facts_from_text("t_short", text, meta)
    assert not [r for r in f.relations if r.type is Rel.DESIGNATED_FOR]


def test_a_word_used_alone_is_not_a_site() -> None:
    """卫星 in 临港卫星制造集聚区 names a product the plan speaks of everywhere, not a site."""
    v = shanghai("02")
    zones = {n.name for n in v.f.nodes if n.label is Label.REGION and n.props.get("level") == "zone"}
    assert "临港卫星" not in zones and "松江卫星" not in zones


# --- rules 3-5: layout statements -----------------------------------------------------------------


def test_one_core_two_wings_city_fixture() -> None:
    v = foshan()
    assert "核心" in {str(d["role"]).split("、")[-1] for d in designations(v)["顺德区"]}
    assert with_role(v, "两翼") == {"南海区", "三水区"}
    assert with_role(v, "先行区") == {"禅城区"}
    assert all(d["chain"] == "机器人" for ds in designations(v).values() for d in ds)


def test_surrounding_anchor_layout_fixture() -> None:
    v = foshan()
    assert with_role(v, "核心承载区") == {"顺德区", "南海区"}
    assert with_role(v, "西翼") == {"三水区"}
    (west,) = [d for d in designations(v)["三水区"] if "西翼" in str(d["role"])]
    assert "“西翼”机器人配套集聚区（三水云东海工业园）" in str(west["designation"])
    assert located(v, v.one("狮山机器人产业园", Label.BASE)) == {"南海区"}


def test_wings_layout_shanghai() -> None:
    v = shanghai("02")
    assert with_role(v, "核心主体") == {"闵行区"}
    assert with_role(v, "东翼") == {"浦东新区", "临港新片区"}
    assert with_role(v, "西翼") == {"青浦区", "松江区"}
    (core,) = [d for d in designations(v)["闵行区"] if d["role"] == "核心主体"]
    assert str(core["designation"]).startswith("商业航天“核心主体”")
    assert located(v, v.one("上海航天城", Label.BASE)) == {"闵行区"}
    assert located(v, v.one("卫星互联网研究院", Label.PLATFORM)) == {"浦东新区"}


def test_municipal_fixture_core_and_wings() -> None:
    v = tianjin()
    assert with_role(v, "核心区") == {"西青区"}
    assert with_role(v, "两翼") == {"东丽区", "武清区"}
    assert with_role(v, "先行区") == {"津南区"}


def test_nothing_invented_without_a_chain() -> None:
    """A layout sentence in a plan that names no industry, under no chain heading: no designation."""
    meta = DocumentMeta(id="t_none", title="天津市重点区域空间布局方案", level="province", region="天津市")
    text = "天津市重点区域空间布局方案\n\n一、总体布局\n\n以静海区为核心区，宁河区为两翼，推动区域协同。\n"
    f = facts_from_text("t_none", text, meta)
    assert not [r for r in f.relations if r.type is Rel.DESIGNATED_FOR]


# --- carriers ----------------------------------------------------------------------------------------


def test_rely_on_place_to_build_platform() -> None:
    v = shanghai("03")
    p = v.one("医疗器械展览培训交易平台", Label.PLATFORM)
    assert located(v, p) == {"虹桥国际中央商务区"}
    q = v.one("国际医疗器械培训创新平台", Label.PLATFORM)
    zone = v.one("东方枢纽国际商务合作区", Label.REGION)  # unknown to the gazetteer: a zone by its word
    assert located(v, q) == {zone.name} and zone.props["level"] == "zone"
    assert {c.name for c in v.out(q, Rel.IN_CHAIN)} == {"医疗器械"}
    w = foshan()
    assert located(w, w.one("机器人检验检测公共服务平台", Label.PLATFORM)) == {"三龙湾科技城"}
    t = tianjin()
    assert located(t, t.one("车路协同测试验证平台", Label.PLATFORM)) == {"中新天津生态城"}


def test_named_carrier_and_generic_kind() -> None:
    v = tianjin()
    assert located(v, v.one("智能网联汽车云控平台", Label.PLATFORM)) == {"天津市"}
    assert not v.named("智能网联汽车产业基地", Label.BASE)  # a kind of base, not one base


def test_named_developments() -> None:
    v = tianjin()
    for name in ("津驰一号", "TJ-200型无人配送车", "海河"):
        p = v.one(name, Label.PROJECT)
        assert {c.name for c in v.out(p, Rel.SERVES)} == {"智能网联汽车"}
        assert located(v, p) == {"天津市"}
    assert not v.named("南开大学", Label.PROJECT)  # 支持X大学、Y大学加快…建设: institutions
    s = shanghai("02")
    assert {p.name for p in s.f.nodes if p.label is Label.PROJECT} >= {
        "千帆卫星星座",
        "智慧天网",
        "甚高频数据交换系统（VDES）",
        "长征六号丙",
    }


def test_seed_lists_keep_their_designations() -> None:
    """A provincial seed's `济南、青岛、…等机器人产业集聚区` is the generic rule's: every city keeps it,
    no site is read into the list."""
    f: DocumentFacts = facts_from_file(next(SEEDS.glob("000_*.txt")))
    v = View(f)
    robots = {n for n, ds in designations(v).items() if any(d["chain"] == "机器人" for d in ds)}
    assert {"济南市", "青岛市", "日照市"} <= robots
    zones = {n.name for n in f.nodes if n.label is Label.REGION and n.props.get("level") == "zone"}
    assert not any("等" in z for z in zones)
