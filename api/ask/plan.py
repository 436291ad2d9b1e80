"""Planning an answer: the answer type the question asks for (agencies, targets, places, projects,
sub-chains, gaps, locations …) and the constraints it names select a handler; an empty or
unsupported structured answer falls back to cited passages; a city or chain no document holds is
said to be absent, with suggestions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from neo4j import Driver

from api.ask import chains, facts, names, passages, places
from api.ask.absent import absent_answer, find_missing
from api.ask.answer import Answer, Passage, unknown_answer
from api.ask.parse import Parsed, asks_agencies, parse
from api.lexicon import CACHE
from core.errors import NotFound
from core.model import Label

# --------------------------------------------------------------------------------------------------
# Classification: ordered templates, the first that fits wins.

_Rule = tuple[str, Callable[[Parsed], bool], Callable[[Driver, Parsed], Answer]]

_DOC_QUESTION = re.compile(r"(哪些|哪个|什么)(文件|文档|规划|方案|政策)")

_BUILD_WORDS = ("建设", "打造", "建立", "搭建", "构建", "布局", "依托", "组建")
_WHERE_WORDS = ("分布", "构成", "组成", "哪些地方", "哪些区", "哪些", "哪几", "在哪", "是哪")
_NAMING_WORDS = ("点名", "推进", "支持", "研制", "实施", "推动", "引进")
# Answer types that are not places, platforms or segments.
_NOT_PLACES = ("项目", "企业", "目标", "部门", "单位", "牵头", "负责", "多少")

_RULES: tuple[_Rule, ...] = (
    (
        "project_duplicates",
        lambda p: p.has("重复", "重名") and p.has("项目") and not p.has("企业", "实体"),
        names.project_duplicates,
    ),
    (
        "named_like",
        lambda p: (
            bool(p.free_quoted())
            and p.has("含", "带有", "包含")
            and p.has("实体", "企业", "主体", "机构", "名称")
            and not _DOC_QUESTION.search(p.question)
        ),
        names.token_entities,
    ),
    (
        "agency_variants",
        lambda p: p.has(*names.FAMILY_WORDS) and p.has("哪些", "分别") and names.agency_family(p) is not None,
        names.agency_variants,
    ),
    # Comparisons and identity judgements need reading, not look-up: say so rather than list things.
    (
        "unknown",
        lambda p: p.has("重复", "不一致", "能否认定", "是否同一", "同一企业", "同一个"),
        lambda _d, p: unknown_answer(p),
    ),
    (
        "mentions",
        lambda p: (
            bool(
                re.search(
                    r"(哪些|哪个|什么)(文件|文档|规划|方案|政策)|(文件|文档)(有哪些|是哪些|是哪个)",
                    p.question,
                )
            )
            and bool(facts.MENTION_VERB.search(p.question))
        ),
        facts.mentions,
    ),
    (
        "agency_tasks",
        lambda p: (
            p.first(Label.AGENCY) is not None
            and p.has("牵头", "配合", "负责")
            and p.has("哪些任务", "什么任务", "哪些工作", "任务有哪些", "哪些事项", "哪项任务", "哪几项")
        ),
        facts.agency_tasks,
    ),
    (
        "tasks",
        asks_agencies,
        facts.task_agencies,
    ),
    (
        "gaps",
        lambda p: (
            p.has("缺", "短板", "空白", "补链", "强链", "延链", "薄弱", "不足")
            and p.first(Label.REGION) is not None
        ),
        facts.gaps,
    ),
    (
        "platforms",
        lambda p: (
            p.has(*places.PLATFORM_WORDS)
            and p.has("哪些", "什么", "哪几")
            and p.has(*_BUILD_WORDS)
            and not p.has(*_NOT_PLACES)
        ),
        places.platforms,
    ),
    (
        "technologies",
        lambda p: p.chain() is not None and p.has(*chains.TECH_WORDS) and not p.has("项目", "企业", "目标"),
        chains.technologies,
    ),
    (
        "chain_parents",
        lambda p: p.chain() is not None and p.has("上级", "归属于哪个", "属于哪个", "隶属"),
        chains.chain_parents,
    ),
    (
        "segments",
        lambda p: (
            chains.facet_of(p) is not None
            and p.has("哪些", "什么", "哪几", "哪个")
            and not p.has("细分", "平台", "城市", "定位", *_NOT_PLACES)
        ),
        chains.segments,
    ),
    (
        "layout",
        lambda p: (
            p.chain() is not None
            and p.first(Label.REGION) is None
            and places.layout_role(p) is not None
            and p.has(*_WHERE_WORDS)
            and not p.has("城市", "哪些市", "地市", *_NOT_PLACES)
        ),
        places.layout,
    ),
    (
        "clusters",
        lambda p: (
            p.has("集群", "基地")
            and places.level_of(p) is not None
            and p.chain() is None
            and (p.first(Label.REGION) is None or p.has("分别", "哪个城市", "哪些城市", "在哪"))
        ),
        places.clusters,
    ),
    (
        "positioning",
        lambda p: (
            p.first(Label.REGION) is not None
            and p.chain() is not None
            and p.has("定位", "载体", "称号", "建设什么", "打造什么", "布局什么")
        ),
        places.positioning,
    ),
    (
        "project_location",
        lambda p: (
            p.has("位于", "在哪", "归属", "所在", "落户")
            # 机器人产业集聚区布局在哪些城市: cities designated for a chain, not a project's place
            and not (
                p.has("哪些城市", "城市有哪些", "哪些市", "哪些地市")
                and places.designation_role(p.question) is not None
                and not p.has("项目")
            )
            # 青岛在哪些区域布局机器人产业: districts of a city, not a project's place
            and not (p.has(*places.AREA_WORDS) and p.chain() is not None and not p.has("项目", "企业"))
        ),
        places.project_location,
    ),
    (
        "chains",
        lambda p: (
            p.has(
                "包括哪些",
                "包含哪些",
                "涵盖哪些",
                "分为哪些",
                "细分领域",
                "细分产业",
                "哪几条",
                "产业链是哪些",
                "哪些产业链",
            )
            and not p.has("项目", "城市", "目标")
        ),
        chains.sub_chains,
    ),
    (
        "districts",
        lambda p: (
            p.first(Label.REGION) is not None
            and p.chain() is not None
            and p.has(*places.AREA_WORDS)
            and not p.has("项目", "企业", "城市")
        ),
        places.districts,
    ),
    (
        "regions",
        lambda p: p.has("哪些城市", "哪个城市", "城市有哪些", "哪些市", "哪些地市", "哪座城市", "对应哪个"),
        places.designated_regions,
    ),
    (
        "region_designations",
        lambda p: (
            p.first(Label.REGION) is not None
            and p.chain() is None
            and (p.has("集群") or places.level_of(p) is not None)
            and p.has("集群", "基地", "集聚区", "示范区")
            and p.has("哪些", "什么")
        ),
        places.region_designations,
    ),
    ("targets", lambda p: p.has("目标", "多少", "指标", "量化", "达到"), facts.targets),
    (
        "documents",
        lambda p: (
            bool(re.search(r"(哪些|哪个|什么)(文件|文档)", p.question))
            and p.has("发文机关", "发文单位", "印发单位", "发布机关", "日期", "发文时间")
        ),
        names.documents,
    ),
    (
        "enterprises",
        lambda p: p.has("企业") and p.has("哪些", "名单", "点名") and not p.has("项目", "园区"),
        names.enterprises,
    ),
    ("projects", lambda p: p.has("项目", "园区", "工程", "产业园", "产业综合体"), places.projects),
    (
        "profile",
        lambda p: bool(p.hits) and (p.has("是什么", "介绍", "简介", "概况", "情况") or bare_name(p)),
        names.profile,
    ),
    (
        # 在运载火箭方面点名推进哪些火箭研制: what a plan names under a chain is its projects
        "named_projects",
        lambda p: (
            p.chain() is not None and p.has("哪些") and p.has(*_NAMING_WORDS) and not p.has(*_NOT_PLACES)
        ),
        places.projects,
    ),
)


def bare_name(p: Parsed) -> bool:
    """The question is little more than a name (省发展改革委？): nothing else asked."""
    rest = p.key
    for hit in sorted(p.hits, key=lambda h: h.start - h.end):
        rest = rest.replace(hit.surface, "")
    return len(re.sub(r"[？?！!。，,呢吗的]", "", rest)) <= 2


def classify(p: Parsed) -> str:
    for name, test, _ in _RULES:
        if test(p):
            return name
    return "unknown"


def _structured(driver: Driver, p: Parsed) -> Answer:
    for _, test, run in _RULES:
        if test(p):
            try:
                return run(driver, p)
            except NotFound as exc:  # a name the dictionary matched but the query could not resolve
                return Answer("unknown", {}, [], f"无法回答：{exc.message}。", "")
    return unknown_answer(p)


def answer(driver: Driver, question: str) -> Answer:
    """The typed answer to ``question``: absent names, else the structured answer its parts select,
    with cited passages when that is empty or unsupported."""
    parsed = parse(CACHE.get(driver), question.strip())
    missing = find_missing(driver, parsed)
    if missing:
        return absent_answer(driver, parsed, missing)
    got = _structured(driver, parsed)
    if got.items:
        return got
    found = passages.find(driver, parsed)
    if not found:
        return got
    if got.intent == "unknown":
        got = Answer("passages", got.params, [], "", "")
        lead = ""
    else:
        lead = got.answer.split("可以这样问")[0].rstrip("。；") + "。"
    got.passages = found
    got.answer = passages.passage_text(found, lead)
    named = _named_in_passage(parsed, got.intent, found[0])
    if named:  # the entities the best-matching sentence names, of the kind asked for
        got.items = named
        got.answer += (
            f"该段原文提到的{_KIND_ZH[named[0]['kind']]}：" + "、".join(i["name"] for i in named) + "。"
        )
    return got


# Answer types whose entities a passage can name: intent -> labels.
_PASSAGE_KINDS: dict[str, tuple[str, ...]] = {
    "tasks": (Label.AGENCY.value,),
    "regions": (Label.REGION.value,),
    "districts": (Label.REGION.value,),
}
_KIND_ZH = {Label.AGENCY.value: "机构", Label.REGION.value: "地区"}


def _named_in_passage(p: Parsed, intent: str, passage: Passage) -> list[dict[str, Any]]:
    kinds = _PASSAGE_KINDS.get(intent)
    if not kinds:
        return []
    asked = {e.id for h in p.hits for e in h.entries}
    evidence = [
        {
            "doc": passage.doc,
            "title": passage.title,
            "line": passage.line,
            "line_end": passage.line_end,
            "quote": passage.quote,
        }
    ]
    return [
        {"id": e["id"], "name": e["name"], "kind": e["kind"], "evidence": evidence}
        for e in passage.entities
        if e["kind"] in kinds and e["id"] not in asked
    ]


def answer_question(driver: Driver, question: str) -> dict[str, Any]:
    """The /ask response for ``question``."""
    return answer(driver, question).as_response(question.strip())
