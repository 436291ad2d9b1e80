"""Issue 10: extraction rules that carry over to plans of other provinces.

Each rule is checked on two texts of different styles: a Shanghai action plan (the second
development corpus) and a fixture written in another province's style (tests/fixtures). Nothing
here reads a seed-specific answer table.
"""

from __future__ import annotations

from functools import cache

from core.model import DocumentFacts, Label, Rel
from ingest.pipeline import facts_from_file
from tests import corpus
from tests.factsview import View

FIXTURES = corpus.FIXTURES


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


# --- 1. chains outside the taxonomy: the subject from the title, new chains from measures -----------


def chain_of(v: View, target_value: float, unit: str) -> list[str]:
    (t,) = [
        n
        for n in v.f.nodes
        if n.label is Label.TARGET and n.props["value"] == target_value and n.props["unit"] == unit
    ]
    return sorted(c.name for c in v.out(t, Rel.MEASURES))


def test_subject_chain_from_the_title_shanghai() -> None:
    v = view("02")  # 关于印发《上海市促进商业航天发展打造空间信息产业高地行动计划》的通知
    space = v.one("空间信息产业", Label.CHAIN)
    assert space.props["open_vocabulary"] is True and space.props["confidence"] > 0.5
    assert space.props["introduced_by"] == "title" and space.props["introduced_in"]
    # a figure that names its industry measures it; one that names none measures the subjects
    assert chain_of(v, 2000, "亿元") == ["空间信息"]
    assert "空间信息" in chain_of(v, 30, "个")


def test_new_chains_from_measures_shanghai() -> None:
    v = view("01")  # 北斗时空信息产业规模达1000亿元，其中北斗高精度导航定位产业规模超过500亿元
    assert chain_of(v, 1000, "亿元") == ["北斗时空信息"]
    assert chain_of(v, 500, "亿元") == ["北斗高精度导航定位"]
    sub = v.one("北斗高精度导航定位产业", Label.CHAIN)
    assert sub.props["confidence"] < 0.9
    assert [p.name for p in v.out(sub, Rel.SUBCHAIN_OF)] == [v.one("北斗产业", Label.CHAIN).name]


def test_subject_chain_from_the_title_other_province() -> None:
    v = view("shenzhen_style.txt")  # 深圳市促进低空经济产业高质量发展行动方案
    assert v.one("低空经济产业", Label.CHAIN)
    for value, unit in ((1000, "亿元"), (200, "条"), (100, "万架次")):
        assert chain_of(v, value, unit) == [v.one("低空经济", Label.CHAIN).name], (value, unit)


def test_titles_about_places_or_portfolios_name_no_chain() -> None:
    from ingest.subjects import subject_phrases

    assert subject_phrases("杨“数”浦新质秀带创新区建设方案") == []
    assert subject_phrases("山东省“十四五”战略性新兴产业发展规划", ("山东省",)) == []
    assert subject_phrases("全省落实“三个坚决”行动方案（2021—2022 年）") == []
    got = subject_phrases("成都市人民政府关于加快培育壮大生物医药产业的实施意见", ("成都市",))
    assert [p.core for p in got] == ["生物医药"]


# --- 5. targets: open units, ranges, several in one sentence, the goal paragraph's year -------------


def targets_of(v: View) -> set[tuple[str, float, float | None, str, int | None]]:
    return {
        (str(n.props["metric"]), n.props["value"], n.props["value_max"], n.props["unit"], n.props["year"])
        for n in v.f.nodes
        if n.label is Label.TARGET
    }


def test_capacity_goal_is_two_targets_with_products_shanghai() -> None:
    v = view("02")  # 形成年产50发商业火箭、600颗商业卫星的批量化制造能力
    got = targets_of(v)
    assert ("年产商业火箭", 50, None, "发", 2025) in got
    assert ("年产商业卫星", 600, None, "颗", 2025) in got
    # each product is a chain (the taxonomy's name where it knows one: 商业火箭 is 运载火箭)
    assert chain_of(v, 50, "发") == [v.one("商业火箭", Label.CHAIN).name]
    assert chain_of(v, 600, "颗") == [v.one("商业卫星", Label.CHAIN).name]


def test_open_units_and_thresholds_shanghai() -> None:
    got = targets_of(view("03"))
    assert ("伦理审查总体流程时间压缩至", 3, None, "周", None) in {
        (m.removeprefix("力争将"), *r) for m, *r in got
    }
    assert any(u == "个工作日" and v == 40 for _, v, _, u, _ in got)
    # 年产值超100亿元、…的龙头企业2家: the 100亿元 qualifies the firms, it is not a target
    assert not any(v == 100 and u == "亿元" for _, v, _, u, _ in got)
    assert any(v == 2 and u == "家" and y == 2027 for _, v, _, u, y in got)


def test_open_units_ranges_and_inherited_year_other_province() -> None:
    got = targets_of(view("shenzhen_style.txt"))
    assert ("新增低空航线", 200, None, "条", 2026) in got
    assert any(v == 100 and u == "万架次" and y == 2026 for _, v, _, u, y in got)
    assert any(v == 3 and vmax == 5 and u == "款" and y == 2026 for _, v, vmax, u, y in got)


# --- 2. segments and sub-chains from enumerations and focus headings -------------------------------


def segments(v: View, parent: str, facet: str) -> list[str]:
    p = v.one(parent, Label.CHAIN)
    by_id = {n.id: n for n in v.f.nodes}
    return [
        by_id[r.dst].name
        for r in v.f.relations
        if r.type is Rel.HAS_SEGMENT and r.src == p.id and r.props.get("facet") == facet
    ]


def test_enumerated_segments_shanghai() -> None:
    v = view("02")
    # 围绕卫星制造、运载发射、地面系统设备、空间信息应用和服务等环节 (和 inside the last item stays)
    assert segments(v, "商业航天", "环节") == ["卫星制造", "运载发射", "地面系统设备", "空间信息应用和服务"]
    # 发展新一代中大型运载火箭、低成本高集成卫星、智能应用终端三大拳头产品
    assert segments(v, "商业航天", "产品") == ["新一代中大型运载火箭", "低成本高集成卫星", "智能应用终端"]


def test_focus_heading_children_are_sub_chains_shanghai() -> None:
    v = view("03")  # 二、重点发展产品 → （一）高端医学影像产品 …（八）未来新型创新器械
    parent = v.one("高端医疗器械", Label.CHAIN)
    children = [
        (v.nodes[r.src].name, r.props.get("facet"))
        for r in v.f.relations
        if r.type is Rel.SUBCHAIN_OF and r.dst == parent.id and r.props.get("source") == "heading"
    ]
    assert len(children) == 8 and all(f == "产品" for _, f in children)
    assert ("高端人工智能医疗器械", "产品") in children  # not folded into its parent by the taxonomy


def test_enumerated_segments_other_province() -> None:
    v = view("shenzhen_style.txt")
    # under the task heading 做强整机制造: products of 整机制造, itself under the plan's 低空经济
    assert segments(v, "整机制造", "产品") == ["工业级无人机", "电动垂直起降飞行器（eVTOL）", "通航飞机"]
    assert "低空经济" in [p.name for p in v.out(v.one("整机制造", Label.CHAIN), Rel.SUBCHAIN_OF)]
    # a known item takes the taxonomy's name (复合材料 is 高性能纤维复合材料 there)
    known = v.one("复合材料", Label.CHAIN).name
    assert segments(v, "低空经济", "方向") == ["飞控系统", "动力电池", "航电系统", known]
    # 在城市物流、医疗急救…等领域开展示范 in a task, without a focus verb: where it applies, not a segment
    assert segments(v, "低空经济", "领域") == []


def test_lists_of_known_industries_do_not_re_parent_them_seed() -> None:
    from tests.unit.ingest.test_extract import facts as seed_facts

    f = seed_facts("002")
    assert not [
        r for r in f.relations if r.type is Rel.SUBCHAIN_OF and r.props.get("source") == "enumeration"
    ]


# --- 7. nothing invented ---------------------------------------------------------------------------


def test_a_plan_without_task_agencies_yields_no_leads_shanghai() -> None:
    v = view("02")  # 商业航天: no （牵头部门：…） anywhere; one overall coordination statement
    rels = [r for r in v.f.relations if r.type in (Rel.LEADS, Rel.SUPPORTS, Rel.RESPONSIBLE_FOR)]
    assert {v.nodes[r.dst].props["title"] for r in rels} == {"加强统筹协调"}


def inline_leads(v: View, title: str) -> list[str]:
    tasks = [n for n in v.f.nodes if n.label is Label.TASK and n.props["title"] == title]
    return [
        str(r.props["printed"]) for t in tasks for r in v.f.relations if r.dst == t.id and r.type is Rel.LEADS
    ]


def test_a_body_that_leads_in_running_text_shanghai() -> None:
    # 上海市产业协同创新领导小组办公室会同市级相关部门…统筹推进重点工作 (under （一）加强统筹协调)
    assert inline_leads(view("02"), "加强统筹协调") == ["上海市产业协同创新领导小组办公室"]


def test_a_body_that_leads_in_running_text_other_province() -> None:
    assert inline_leads(view("shenzhen_style.txt"), "强化协同推进") == ["前海深港现代服务业合作区管理局"]


def test_list_frames_and_purposes_shanghai() -> None:
    assert segments(view("05"), "食品科技", "环节") == ["原料开发", "产品创制", "加工制造"]  # 以…为产业链重心
    # 开展A、B…等新食品研发 under the heading 支持新型食品研发: directions of 新型食品
    assert segments(view("05"), "新型食品", "方向") == ["替代蛋白", "人造肉", "人造奶", "3D打印食品", "藻类"]
    # 聚焦A、B、C等领域，打造未来空间智能产业生态: the purpose names the industry the list divides
    assert segments(view("06"), "未来空间智能", "领域") == ["北斗应用", "位置感知", "低空物流配送"]
    assert len(segments(view("04"), "脑机接口", "赛道")) == 3  # 探索A、B、C等新赛道


def test_list_frames_and_purposes_other_province() -> None:
    v = view("shenzhen_style.txt")
    assert segments(v, "低空经济", "环节") == ["适航审定", "飞行服务", "空管系统"]
    assert segments(v, "低空文旅", "方向") == ["空中观光", "飞行体验", "航空运动"]
    assert segments(v, "低空智联网", "领域") == ["低空通信", "低空导航", "低空监视"]
    assert segments(v, "低空经济", "赛道") == ["高空风能", "平流层通信"]


def test_new_chains_take_their_place_in_the_taxonomy_shanghai() -> None:
    v = view("05")  # 食品科技 is not in the taxonomy; 食品 is (现代食品)
    food_tech = v.one("食品科技", Label.CHAIN)
    assert "现代食品" in [p.name for p in v.out(food_tech, Rel.SUBCHAIN_OF)]


# --- fixtures of other provinces (tests/fixtures/provinces: a 江苏 city plan, a 四川 county plan) -------


def test_period_in_the_title_is_not_the_subject_jiangsu() -> None:
    v = view("provinces/changzhou_xinnengyuan.txt")  # 常州市“十四五”新能源产业发展规划
    energy = v.one("新能源", Label.CHAIN)
    # 新增上市企业10家 names no industry: it measures the plan's subject
    assert chain_of(v, 10, "家") == [energy.name]


def test_known_chain_headings_under_a_focus_heading_jiangsu() -> None:
    v = view("provinces/changzhou_xinnengyuan.txt")  # 二、重点领域 → （一）动力电池 （二）光伏 （三）氢能
    energy = v.one("新能源", Label.CHAIN)
    kids = {v.nodes[r.src].name for r in v.f.relations if r.type is Rel.SUBCHAIN_OF and r.dst == energy.id}
    assert {v.one(n, Label.CHAIN).name for n in ("动力电池", "光伏", "氢能")} <= kids


def test_lead_and_supporters_in_running_text_jiangsu() -> None:
    v = view("provinces/changzhou_xinnengyuan.txt")  # 由市发改委牵头，市工信局、市科技局配合
    (task,) = [n for n in v.f.nodes if n.label is Label.TASK and n.props["title"] == "强化组织领导"]
    got = {(r.type, str(r.props["printed"])) for r in v.f.relations if r.dst == task.id}
    assert got == {(Rel.LEADS, "市发改委"), (Rel.SUPPORTS, "市工信局"), (Rel.SUPPORTS, "市科技局")}


def test_collective_and_sub_district_bodies_in_lists() -> None:
    cz = view("provinces/changzhou_xinnengyuan.txt")
    assert task_agencies(cz, "优化营商环境")[-1] == "各辖市区人民政府"
    rs = view("provinces/renshou_xian.txt")
    assert task_agencies(rs, "建设产业承载平台") == [
        "视高经济开发区管委会",
        "县自然资源和规划局",
        "县住房和城乡建设局",
        "文林街道办事处",
    ]
    assert not [w for f in (cz, rs) for w in f.f.warnings if w[0] == "agency-unknown"]


def test_box_lines_of_one_item_each_their_own_jiangsu() -> None:
    from ingest.reader import read_document

    doc = read_document(FIXTURES / "provinces" / "changzhou_xinnengyuan.txt")
    (box,) = doc.boxes
    assert [(line.label, [i.text for i in line.items]) for line in box.lines] == [
        ("动力电池", ["金坛时代新能源电池基地四期项目", "溧阳天目湖先进储能材料产业园项目"]),
        ("光伏", ["武进天合光能高效组件项目", "常州钟楼光伏新材料产业园"]),
        ("氢能", ["武进氢能装备产业园项目"]),
    ]


def test_title_verbs_are_not_part_of_the_subject() -> None:
    from ingest.subjects import subject_phrases

    got = subject_phrases("佛山市推动机器人产业集聚发展行动计划（2024—2026年）", ("佛山市",))
    assert [p.core for p in got] == ["机器人"]


# --- 4. functional zones and the places at their core -----------------------------------------------


def parts(v: View, parent: str, role: str) -> list[str]:
    p = [n for n in v.f.nodes if n.label is Label.REGION and n.name == parent]
    assert len(p) == 1, parent
    return [
        v.nodes[r.src].name
        for r in v.f.relations
        if r.type is Rel.PART_OF and r.dst == p[0].id and r.props.get("role") == role
    ]


def test_functional_zones_shanghai_district_plan() -> None:
    v = view("06")  # 主要分为科技创新策源区、产业创新承载区、生态创新融合区和辐射溢出联动区四个功能区
    assert parts(v, "杨浦区", "功能区") == [
        "科技创新策源区",
        "产业创新承载区",
        "生态创新融合区",
        "辐射溢出联动区",
    ]
    # 产业创新承载区以杨浦滨江、大创智…等重点区域为核心; institutions (复旦大学…等高校院所) are no places
    assert parts(v, "产业创新承载区", "核心") == ["杨浦滨江", "大创智", "湾谷复旦未来谷", "环同济", "大创谷"]
    assert not parts(v, "科技创新策源区", "主体")


def test_functional_zones_other_province_county_plan() -> None:
    v = view("provinces/renshou_xian.txt")
    assert parts(v, "仁寿县", "片区") == ["视高电子信息片区", "文林配套片区", "龙马物流片区"]
    assert parts(v, "视高电子信息片区", "核心") == ["视高经济开发区", "天府仁寿大道沿线"]


def test_box_lines_labelled_by_city_guangdong() -> None:
    v = view("provinces/guangdong_shengji.txt")  # 专栏1 智能机器人重点项目 / 广州：…项目、…项目
    assert not [n for n in v.f.nodes if n.label is Label.CHAIN and n.name in ("广州", "深圳", "佛山")]
    p = v.one("广州数控伺服电机扩产项目", Label.PROJECT)
    assert v.cities_of(p) == {"广州市"}
    assert [c.name for c in v.out(p, Rel.SERVES)] == [v.one("智能机器人", Label.CHAIN).name]
    # an industry label still names the chain (江苏 fixture: 动力电池：…)
    cz = view("provinces/changzhou_xinnengyuan.txt")
    q = cz.one("溧阳天目湖先进储能材料产业园项目", Label.PROJECT)
    assert [c.name for c in cz.out(q, Rel.SERVES)] == [cz.one("动力电池", Label.CHAIN).name]
