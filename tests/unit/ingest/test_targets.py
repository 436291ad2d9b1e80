"""ingest.targets on the dev gold's structured targets, on traps, and on a non-Shandong fixture."""

from __future__ import annotations

import pytest

from core.model import name_key
from ingest.targets import Target, cn_number, find_targets, lead_year, period_end
from tests.seedtext import gold, sentence

# (seed, snippet locating the sentence, context year, value, unit, year, key noun of the metric)
GOLD_TARGETS = [
    ("000", "力争氢能源动力总成系统产能", None, 5, "万台套", 2025, "氢能源动力总成系统产能"),
    ("002", "全省氢能产业总产值突破", None, 200, "亿元", 2022, "氢能产业总产值"),
    ("000", "万千瓦左右的储能设施", None, 450, "万千瓦", 2025, "储能设施"),
    ("000", "分别达到 2.5 万家", None, 2.5, "万家", 2025, "国家高新技术企业"),
    ("000", "分别达到 2.5 万家", None, 3, "万家", 2025, "科技型中小企业"),
    ("001", "全省高新技术企业达到5万家", None, 5, "万家", 2027, "高新技术企业"),
    ("004", "高新技术企业突破6500家", None, 6500, "家", 2025, "高新技术企业"),
    ("001", "研发经费投入强度达到2.8%", None, 2.8, "%", 2027, "研发经费投入强度"),
    ("004", "比重达到2.9%", None, 2.9, "%", 2025, "经费支出"),
    ("000", "5G 网络用户普及率达到 56%", None, 56, "%", 2025, "5G网络用户普及率"),
    ("002", "新建 5G 基站 9 万个", None, 9, "万个", 2022, "5G基站"),
    ("002", "新建 5G 基站 9 万个", None, 300, "个", 2022, "5G试点示范项目"),
    ("004", "引进培育30家以上人工智能", None, 30, "家", 2025, "人工智能知名企业"),
    ("004", "引进培育30家以上人工智能", None, 50, "个", 2025, "人工智能深度应用场景"),
    ("004", "引进培育30家以上人工智能", None, 100, "个", 2025, "人工智能应用示范项目"),
    ("002", "全省信息技术产业营业收入达到", None, 1.1, "万亿元", 2022, "信息技术产业营业收入"),
    ("002", "全省新材料产业营业收入达到 1.1", None, 1.1, "万亿元", 2022, "新材料产业营业收入"),
    ("000", "战略性新兴产业增加值占 GDP 比重达到 18%", 2025, 18, "%", 2025, "战略性新兴产业增加值占GDP比重"),
    ("001", "形成200项左右", None, 200, "项", 2027, "重大创新成果"),
    ("001", "新增国家、省级高层次人才2400人", None, 2400, "人", 2027, "高层次人才"),
    ("001", "其中标志性产业链领域占比达到80%", None, 80, "%", 2027, "标志性产业链领域占比"),
    ("001", "占规上工业产值的比重达到55%", None, 55, "%", 2027, "规上工业产值"),
    ("002", "五大新兴产业增加值年均增速", None, 9, "%", None, "五大新兴产业增加值年均增速"),
    ("002", "五大新兴产业增加值年均增速", None, 37, "%", 2022, "占GDP比重"),
    ("002", "五大传统产业增加值年均增速", None, 7, "%", None, "五大传统产业增加值年均增速"),
    ("002", "五大传统产业增加值年均增速", None, 20, "%", 2022, "占GDP比重"),
]


def _find(targets: list[Target], value: float, unit: str) -> list[Target]:
    return [t for t in targets if t.value == value and t.unit == unit and not t.baseline]


@pytest.mark.parametrize(("seed", "snippet", "ctx", "value", "unit", "year", "noun"), GOLD_TARGETS)
def test_gold_target(
    seed: str, snippet: str, ctx: int | None, value: float, unit: str, year: int | None, noun: str
) -> None:
    sent = sentence(seed, snippet)
    hits = [t for t in _find(find_targets(sent, ctx), value, unit) if name_key(noun) in name_key(t.metric)]
    assert hits, f"{value} {unit} ({noun}) not found in {sent!r}: {find_targets(sent, ctx)}"
    assert hits[0].year == year
    t = hits[0]
    assert t.start < t.end and str(t.value_text).split("-")[0] in sent[t.start : t.end]


def test_table_covers_every_gold_structured_target() -> None:
    rows = {(s, v, u, y) for s, _, _, v, u, y, _ in GOLD_TARGETS}
    items = [e for q in gold() for e in q.get("expected_structured", [])]
    if not items:
        pytest.skip("gold file not available")
    for e in items:
        assert (e["doc"][:3], e["value"], e["unit"], e["year"]) in rows, e


def test_inherited_year_is_flagged() -> None:
    sent = sentence("000", "战略性新兴产业增加值占 GDP 比重达到 18%")
    targets = find_targets(sent, 2025)
    assert [t.value for t in targets] == [18, 40, 50]
    assert all(t.year == 2025 and t.year_inherited for t in targets)


def test_distributive_and_sub_target() -> None:
    ts = find_targets("到 2025 年，国家高新技术企业和科技型中小企业数量分别达到 2.5 万家和 3 万家。")
    assert [(t.metric, t.value, t.distributive) for t in ts] == [
        ("国家高新技术企业数量", 2.5, True),
        ("科技型中小企业数量", 3, True),
    ]
    sub = [t for t in find_targets(sentence("001", "其中标志性产业链领域占比")) if t.sub_target]
    assert [t.value for t in sub] == [80]


def test_baseline_is_not_a_target() -> None:
    ts = find_targets("2020 年，全省战略性新兴产业增加值占比突破 30%，高新技术企业超过 1.4 万家。", 2025)
    assert ts and all(t.baseline for t in ts)


def test_ranges_and_rates_and_periodic() -> None:
    (t,) = find_targets("培育3-5个规模超千亿的特色产业集群", 2025)
    assert (t.value, t.value_max, t.unit, t.metric) == (3, 5, "个", "规模超千亿的特色产业集群")
    (t,) = find_targets("在新一代信息技术、高端装备等领域建设2—3家省实验室")
    assert (t.value, t.value_max, t.unit, t.metric) == (2, 3, "家", "省实验室")
    (t,) = find_targets("研发经费年均增长 10%左右")
    assert t.rate and t.qualifier == "左右"
    (t,) = find_targets("每年引进10名以上领军人才")
    assert t.periodic and t.metric == "领军人才" and t.qualifier == "以上"


def test_thresholds_fold_into_the_counted_metric() -> None:
    ts = find_targets(
        "国家级、省级战略性新兴产业集群达到 50 个以上，"
        "其中规模过 3000 亿元的集群 2 个，过千亿元的集群 10 个以上。"
    )
    assert [(t.value, t.unit) for t in ts] == [(50, "个"), (2, "个"), (10, "个")]
    assert "3000" in ts[1].metric


@pytest.mark.parametrize(
    "text",
    [
        "日照雏鸽飞机（CH2000）生产项目",
        "T700级碳纤维",
        "建设 6MW 风电机组",
        "山东有研 12 英寸集成电路用大尺寸硅片产业化项目",
        "中鲁年产 2 万台氢燃料电池堆项目",
        "到2025年实现5G网络全覆盖",
        "2021—2022 年",
        "建成“蓝鲸 2 号”",
        "百万千瓦级核电机组",
    ],
)
def test_non_targets(text: str) -> None:
    assert find_targets(text, 2025) == []


def test_chinese_numerals() -> None:
    assert cn_number("二百") == 200
    assert cn_number("一千三百") == 1300
    assert cn_number("十五") == 15
    assert cn_number("两") == 2
    assert cn_number("三点五") == 3.5
    (t,) = find_targets("到 2025 年，资源化利用量达到二百万吨。")
    assert (t.value, t.unit, t.year) == (200, "万吨", 2025)


def test_years_and_periods() -> None:
    assert period_end("2021—2022年") == 2022
    assert period_end("“十四五”") == 2025
    assert lead_year("到“十四五”末，战略性新兴产业综合实力国内领先") == 2025
    (t,) = find_targets("2024年年底前，新增专精特新企业 500 家以上。")
    assert (t.year, t.value, t.qualifier) == (2024, 500, "以上")
    (t,) = find_targets("到 2022 年，旅游总收入达到 11000亿元。")
    assert (t.value, t.unit) == (11000, "亿元")


SUZHOU = [
    "到2025年，全市战略性新兴产业产值突破2.2万亿元，占规上工业总产值比重达到60%左右；"
    "集成电路产业规模超过3000亿元，生物医药产业集群规模力争达到2000亿元。",
    "到“十四五”末，苏州工业园区纳米技术应用产业产值年均增长15%以上，新增国家级专精特新“小巨人”企业50家以上，"
    "建设3—5个市级以上创新联合体。",
    "每年新认定高新技术企业不少于1500家；2020年，全市高新技术企业已达9772家。",
]


def test_other_province_fixture() -> None:
    a = find_targets(SUZHOU[0])
    assert [(t.value, t.unit, t.year) for t in a] == [
        (2.2, "万亿元", 2025),
        (60, "%", 2025),
        (3000, "亿元", 2025),
        (2000, "亿元", 2025),
    ]
    assert "集成电路" in a[2].metric and a[2].qualifier == "超过"
    assert a[3].qualifier is not None and "力争" in a[3].qualifier
    b = find_targets(SUZHOU[1])
    assert [(t.value, t.value_max, t.unit, t.year) for t in b] == [
        (15, None, "%", 2025),
        (50, None, "家", 2025),
        (3, 5, "个", 2025),
    ]
    assert b[0].rate and "小巨人" in b[1].metric
    c = find_targets(SUZHOU[2], 2025)
    assert [(t.value, t.unit, t.baseline, t.periodic) for t in c] == [
        (1500, "家", False, True),
        (9772, "家", True, False),
    ]
    assert c[0].qualifier == "不少于"
