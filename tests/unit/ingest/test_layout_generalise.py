"""Layout and carrier rules that must hold beyond the plans they were first seen in: each on a
Shanghai plan and on a fixture in another province's style (a 重庆 municipal action plan, a 北京
district plan, a 常州 city plan), plus the scorer's region：speciality pairs."""

from __future__ import annotations

from functools import cache

from core.model import Label, Node, Rel
from evaluation import Resolver, candidates, matcher_for
from ingest.models import DocumentMeta
from ingest.pipeline import facts_from_file, facts_from_text
from tests import corpus
from tests.factsview import View

FIXTURES = corpus.FIXTURES


@cache
def fixture(name: str, region: str) -> View:
    text = (FIXTURES / name).read_text(encoding="utf-8")
    meta = DocumentMeta(id=name.removesuffix(".txt"), title=text.splitlines()[0], level="city", region=region)
    return View(facts_from_text(meta.id, text, meta))


def chongqing() -> View:
    return fixture("layout_chongqing.txt", "重庆市")


def haidian() -> View:
    return fixture("layout_haidian.txt", "海淀区")


@cache
def shanghai(prefix: str) -> View:
    return View(facts_from_file(corpus.shanghai(prefix)))


def designated(v: View, region: str) -> dict[str, tuple[str, str]]:
    """Designation phrase → (chain name, role) of one region."""
    out = {}
    for r in v.f.relations:
        if r.type is Rel.DESIGNATED_FOR and v.nodes[r.src].name == region:
            out[str(r.props["designation"])] = (v.nodes[r.dst].name, str(r.props["role"]))
    return out


def parents(v: View, chain: str) -> set[str]:
    return {p.name for c in v.named(chain, Label.CHAIN) for p in v.out(c, Rel.SUBCHAIN_OF)}


def located(v: View, node: Node) -> set[str]:
    return {r.name for r in v.out(node, Rel.LOCATED_IN)}


# --- rule 6: 在<places>建设<designation>, 建设<place><designation> -------------------------------------


def test_where_a_designation_is_built_shanghai() -> None:
    v = shanghai("05")
    assert designated(v, "浦东新区") == {"合成生物食品开发先行区": ("合成生物食品", "先行区")}
    assert (
        designated(v, "松江区")
        == designated(v, "奉贤区")
        == {"食品智能制造核心区": ("食品智能制造", "核心区")}
    )
    # the place printed at the head of the designation, after a quoted name (no brand of the district)
    assert designated(v, "徐汇区") == {"“营养健康谷”精准营养创新策源区": ("精准营养", "策源区")}
    # a designation's own industry is a segment of the plan's subject, with its evidence
    assert "食品科技" in parents(v, "食品智能制造") and "食品科技" in parents(v, "精准营养")
    (chain,) = v.named("食品智能制造", Label.CHAIN)
    assert chain.props["introduced_by"] == "designation" and chain.props["introduced_in"]


def test_where_a_designation_is_built_chongqing() -> None:
    v = chongqing()
    assert designated(v, "北碚区") == {"无人机研发制造先行区": ("无人机研发制造", "先行区")}
    assert (
        designated(v, "九龙坡区")
        == designated(v, "璧山区")
        == {"通航智能制造核心区": ("通航智能制造", "核心区")}
    )
    assert designated(v, "沙坪坝区") == {"“科学谷”低空数据创新策源区": ("低空数据", "策源区")}
    assert "低空经济" in parents(v, "通航智能制造")


def test_layout_in_a_measures_section_is_no_designation() -> None:
    """以巴南区为核心区 under 三、保障措施 names no industry: the subject is not assumed there."""
    v = chongqing()
    assert designated(v, "巴南区") == {} and designated(v, "南岸区") == {}


# --- rule 4: a bare layout role lays out the plan's industry ----------------------------------------


def test_bare_role_is_the_plans_industry_changzhou() -> None:
    v = View(facts_from_file(FIXTURES / "provinces" / "changzhou_xinnengyuan.txt"))
    assert designated(v, "金坛区") == {"核心区": ("新能源", "核心区")}
    assert designated(v, "溧阳市")["两翼"] == ("新能源", "两翼")


def test_bare_role_is_the_plans_industry_tianjin() -> None:
    v = View(facts_from_file(FIXTURES / "layout_tianjin.txt"))
    assert designated(v, "西青区")["核心区"] == ("智能网联汽车", "核心区")


# --- rule 7: a district's own industries -------------------------------------------------------------


def test_district_plan_industries_beijing() -> None:
    v = haidian()
    assert designated(v, "海淀区") == {
        "人工智能主导产业": ("人工智能", "主导产业"),
        "集成电路产业集群": ("集成电路", "产业集群"),
        "网络安全产业生态": ("网络安全", "产业生态"),
    }


def test_plan_about_one_district_shanghai() -> None:
    """A plan issued by the municipality about one district: its industries are that district's."""
    v = shanghai("06")
    got = {chain for chain, _ in designated(v, "杨浦区").values()}
    assert {"数字经济", "未来空间智能"} <= got
    assert "类脑智能产业集群" in designated(v, "杨浦区")
    # its carriers that name no place are in that district, not only in the municipality
    park = v.one("类脑智能未来产业科技园", Label.BASE)
    assert located(v, park) == {"杨浦区"}
    assert {c.name for c in v.out(park, Rel.IN_CHAIN)} == {"脑机接口"}  # 类脑智能 is its alias


def test_province_plan_has_no_plan_district() -> None:
    """Shanghai plans spread over several districts designate no district for their own words."""
    v = shanghai("05")
    assert not [d for d in designated(v, "浦东新区").values() if d[1] in ("主导产业", "产业集群", "产业生态")]


# --- carriers -----------------------------------------------------------------------------------------


def test_carriers_shanghai_brain_computer_interface() -> None:
    v = shanghai("04")
    got = {n.name for n in v.f.nodes if n.label is Label.PLATFORM}
    assert "脑机接口动物实验平台" in got  # 构建…的X平台
    assert "上海市脑机接口重点实验室" in got  # a region's own carrier, though its words say its kind
    assert "数据服务平台" in got  # 7.构建数据服务平台: the task's title names its carrier
    # titles whose carrier the task names in full, and section titles, are no carriers of their own
    assert not got & {"微纳加工平台", "动物实验平台", "重点实验室", "共性技术研发服务平台"}


def test_carriers_chongqing() -> None:
    v = chongqing()
    got = {n.name for n in v.f.nodes if n.label is Label.PLATFORM}
    assert {
        "重庆市低空经济重点实验室",
        "低空经济概念验证与中试转化中心",
        "低空经济公共服务平台",
        "适航验证平台",
    } <= got
    assert not got & {"重点实验室", "低空经济公共服务平台功能"}
    lab = v.one("低空经济概念验证与中试转化中心", Label.PLATFORM)
    assert located(v, lab) == {"重庆市"}


def test_joined_words_and_listed_carriers() -> None:
    """和/与 inside a name joins its words; after a carrier word it joins two carriers (no name)."""
    v = shanghai("05")
    names = {v.nodes[r.src].name for r in v.f.relations if r.type is Rel.IN_CHAIN}  # the carriers
    assert "食品科技概念验证与中试服务平台" in names
    assert not [n for n in names if "集聚区和" in n or n.startswith(("布局", "鼓励", "联合"))]


# --- scorer: region：speciality pairs -----------------------------------------------------------------


class _NoSearch:
    def get(self, url: str, *, params: object = None) -> object:
        raise AssertionError("no look-up expected")

    def post(self, url: str, *, json: object = None) -> object:
        raise AssertionError("no look-up expected")


def test_region_speciality_candidates() -> None:
    items = [
        {
            "id": "region:310114",
            "name": "嘉定区",
            "kind": "Region",
            "designations": [{"chain": "空间信息", "designation": "产业协同创新特色园区（嘉定空间科学）"}],
        },
        {
            "id": "region:310112",
            "name": "闵行区",
            "kind": "Region",
            "designations": [{"chain": "x", "designation": "核心区"}],
        },
    ]
    expected = ["嘉定：空间科学"]
    cands = candidates("cities_sharing_chain", expected, items)
    assert [c.text for c in cands] == ["嘉定区：空间科学"]  # a designation with no bracket gives none
    match = matcher_for("cities_sharing_chain", expected, items, Resolver(_NoSearch()))
    assert match(expected[0], cands[0])
    assert not match("宝山：空间科学", cands[0])
