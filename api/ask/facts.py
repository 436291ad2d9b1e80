"""Answers about stated facts: quantified targets, task responsibility (who leads, who supports),
an agency's tasks, mentions across documents, and a city's gaps in a chain."""

from __future__ import annotations

import re
from typing import Any

from neo4j import Driver

from api.ask import match
from api.ask.answer import Answer, clean, dump, need, scope, unknown_answer
from api.ask.parse import YEAR, Parsed
from core.model import Label, name_key
from graph import queries

_TARGET_NOISE = re.compile(
    r"(各文件|全部文件|文件中|各|对|设定了|设定|设置了|提出了|提出|什么|哪些|有哪些|是多少|多少|分别|"
    r"主要|量化|发展|方面|目标年份|目标|指标|全省|全市|的|了|与|和|及|？|\?|，|,|。|：|:|到年|年份)"
)
_CHAIN_WORDS = re.compile(r"(产业链|产业|行业|领域|方面|有|要|将|达到|实现|力争|突破|超过|中|到|在)")
_RELAX_SUFFIXES = ("数量", "规模", "水平", "总量", "个数")
# Kinds of figure a question may ask for, with the words targets state them in.
_METRIC_HEADS: dict[str, tuple[str, ...]] = {
    "增速": ("增速", "增长"),
    "增长率": ("增长",),
    "占比": ("占比", "比重"),
    "比重": ("比重", "占比"),
    "产值": ("产值",),
    "营业收入": ("营业收入", "营收"),
    "主营业务收入": ("主营业务收入",),
    "增加值": ("增加值",),
}


def targets(driver: Driver, p: Parsed) -> Answer:
    regions = p.entities(Label.REGION)
    chain = p.chain()
    # 全省与青岛分别…: several scopes asked at once, so no region filter.
    region = regions[0][1] if len(regions) == 1 and not p.has("全省", "全市", "分别") else None
    q: str | None = None
    quoted = p.free_quoted()
    numbers = [
        x for x in (re.search(r"\d+(?:\.\d+)?\s*[万亿千百]*[^\d\s，。、）)]{0,3}", t) for t in quoted) if x
    ]
    rest = p.key
    if p.unresolved_doc:  # a document we could not pin down is not a metric
        rest = rest.replace(name_key(p.unresolved_doc), "")
    for hit in p.hits:
        rest = rest.replace(hit.surface, "")
    rest = _TARGET_NOISE.sub("", YEAR.sub("", rest))
    if quoted and chain is None:  # a quoted figure or metric: 设定了“营业收入1.1万亿元”的目标
        q = quoted[0]
    elif chain is None:
        q = rest if len(rest) >= 2 else None
    params = clean({"chain": chain, "region": region, "year": p.year, "doc": p.doc, "q": q})
    if not params:
        return need("targets", "产业链、地区、年份或文件", p)
    rows: list[Any] = []
    metric = _CHAIN_WORDS.sub("", rest)
    if chain is not None and len(metric) >= 2:
        # 5G网络用户普及率: the metric words narrow the chain's targets when some target says them
        rows = queries.targets(driver, **params, q=metric)
        if rows:
            params["q"] = q = metric
    if not rows and chain is None and q is None and p.has("主要目标", "发展目标", "总体目标", "主要指标"):
        # 方案到2027年的主要目标: the headline goals (its goals section), not every figure in it
        rows = queries.targets(driver, **params, overall=True)
        if rows:
            params["overall"] = True
    if not rows:
        rows = queries.targets(driver, **params)
    if not rows and chain is not None and len(metric) >= 2:
        # 旅游总收入: the chain word is part of a metric a target of another chain states
        surface = max(p.entities(Label.CHAIN), key=lambda x: x[0].end - x[0].start)[0].surface
        relaxed = {k: v for k, v in params.items() if k != "chain"}
        rows = queries.targets(driver, **relaxed, q=surface + metric)
        if rows:
            params, q = {**relaxed, "q": surface + metric}, surface + metric
    if not rows and numbers and q == quoted[0]:  # the figure alone, without its wording
        q = params["q"] = numbers[0].group(0)
        rows = queries.targets(driver, **params)
    while not rows and q and q.endswith(_RELAX_SUFFIXES):
        q = next(q[: -len(s)] for s in _RELAX_SUFFIXES if q.endswith(s))
        params["q"] = q
        rows = queries.targets(driver, **params)
    heads = [w for w in _METRIC_HEADS if w in p.question]
    if not rows and q and heads:
        # 增速与占比目标: the kinds of figure asked for; without a chain, the headline goals only.
        words = list(dict.fromkeys(x for w in heads for x in _METRIC_HEADS[w]))
        base = {k: v for k, v in params.items() if k != "q"}
        overall = chain is None
        seen: dict[str, Any] = {}
        for w in words:
            for r in queries.targets(driver, **base, q=w, overall=overall):
                seen.setdefault(r.id, r)
        rows = list(seen.values())
        params = {**base, "q": words, **({"overall": True} if overall else {})}
    if match.asks_one_figure(p):
        # 商业卫星批量化制造能力要达到多少颗: one figure asked; the targets whose wording and unit
        # fit the question best, among those found or (none found) among all in scope.
        pool = rows or queries.targets(driver, doc=p.doc, year=p.year)
        ranked = match.rank_targets(p, pool)
        if ranked and (ranked != rows):
            rows = ranked
            params = {**clean({"doc": p.doc, "year": p.year, "chain": params.get("chain")}), "match": "words"}
    if not rows and chain is None and p.doc is None:
        return unknown_answer(p)  # 人口有多少: no chain, no document and no target says these words
    items = dump(rows)
    if items:
        shown = "；".join(target_text(i) for i in items[:8])
        text = f"{scope(params)}的量化目标有{len(items)}项：{shown}。"
    else:
        text = f"图谱中没有找到{scope(params)}{q or ''}的量化目标。"
    return Answer("targets", params, items, text, queries.TARGETS)


def num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def target_text(i: dict[str, Any]) -> str:
    value = "" if i["value"] is None else num(i["value"])
    year = f"（{i['year']}年）" if i["year"] else ""
    return f"{i['metric'] or i['name']}{i['qualifier'] or ''}{value}{i['unit'] or ''}{year}"


_TASK_NOISE = re.compile(
    r"(由谁牵头|由哪个部门牵头|由哪些部门牵头|哪个部门牵头|哪些部门配合|哪些部门负责|由哪些部门负责|"
    r"由哪个部门负责|由谁负责|谁牵头|谁负责|谁配合|谁来|是哪几个|是哪些|有哪些|是哪个|哪几个|哪些|哪个|是谁|"
    r"这项|这一|那项|这条|涉及|责任单位|责任部门|牵头|配合|负责|部门|单位|机构|专班|由|措施|任务|工作|的|是|、|"
    r"？|\?|，|,|。)"
)


def task_phrase(p: Parsed) -> str | None:
    doc_texts = [p.question[a:b] for a, b in p.doc_spans]
    for q in p.quoted:
        if not any(q in t for t in doc_texts):
            return q
    text = p.question
    for t in doc_texts:
        text = text.replace(t, "")
    text = re.sub(r"[（(][^）)]*[）)]", "", text)
    rest = _TASK_NOISE.sub("", text).strip()
    return rest or None


def task_agencies(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    phrase = task_phrase(p)
    if phrase and chain and name_key(phrase).replace(name_key(chain), "") in ("", "产业", "产业链", "行业"):
        phrase = None  # 节能环保产业由哪些部门负责: the chain is the filter, not task words
    params = clean({"q": phrase, "chain": chain if phrase is None else None, "doc": p.doc})
    titled = match.titled_tasks(driver, p)
    if titled:  # the question quotes a task's title, with or without quotation marks
        params = clean({"task": [t.name for t in titled], "doc": p.doc})
    elif not params.get("q") and not params.get("chain"):
        return need("tasks", "任务名称或产业链", p)
    rows = titled or queries.tasks(driver, **params)
    if not rows and phrase and chain:
        params = clean({"chain": chain, "doc": p.doc})
        rows = queries.tasks(driver, **params)
    items = [match.clause_order(i) for i in dump(rows)]
    if not items:
        return Answer(
            "tasks", params, [], f"图谱中没有找到“{phrase or chain}”相关任务的责任分工。", queries.TASKS
        )
    lead, support, resp = match.agencies_in_order(items)
    parts = []
    if lead:
        parts.append(f"{'、'.join(lead)}牵头")
    if support:
        parts.append(f"{'、'.join(support)}配合")
    if resp:
        parts.append(f"{'、'.join(resp)}负责")
    subject = f"“{items[0]['name']}”" if len(items) == 1 else f"{len(items)}项相关任务"
    text = f"{subject}由" + "，".join(parts) + "。" if parts else f"{subject}在文本中没有写明责任部门。"
    if len(items) == 1 and items[0]["evidence"]:
        ev = items[0]["evidence"][0]
        text += f"原文（{ev['doc']} 第{ev['line']}行）：{ev['quote']}"
    return Answer("tasks", params, items, text, queries.TASKS)


def agency_tasks(driver: Driver, p: Parsed) -> Answer:
    agency = p.first(Label.AGENCY)
    assert agency is not None
    detail = queries.agency_detail(driver, agency)
    role = "supports" if "配合" in p.question else "responsible" if "负责" in p.question else "leads"
    rows = {"leads": detail.leads, "supports": detail.supports, "responsible": detail.responsible}[role]
    if p.doc:
        rows = [r for r in rows if r.doc == p.doc]
    items = dump(rows)
    verb = {"leads": "牵头", "supports": "配合", "responsible": "负责"}[role]
    text = (
        f"{detail.name}{verb}的任务有{len(items)}项："
        + "；".join(f"{i['name']}（{i['doc']}）" for i in items)
        + "。"
        if items
        else f"图谱中没有{detail.name}{verb}的任务。"
    )
    return Answer(
        "agency_tasks",
        clean({"agency": detail.name, "role": role, "doc": p.doc}),
        items,
        text,
        queries.AGENCY_TASKS,
    )


DOC_ASKED = re.compile(r"(哪些|哪个|什么)(文件|文档|规划|方案|政策)|(文件|文档)(有哪些|是哪些|是哪个)")
MENTION_VERB = re.compile(r"(提到|提及|涉及|出现|使用了?|包含|含有|讲到|谈到|写到)")


def mentions(driver: Driver, p: Parsed) -> Answer:
    term = p.quoted[0] if p.quoted else None
    if term is None:
        mt = MENTION_VERB.search(p.question)
        tail = p.question[mt.end() :] if mt else ""
        tail = re.split(r"[？?。，,（(]", tail)[0]
        tail = re.split(r"(的表述|的内容|字样|一词|这个词|的文件|的文档|的规划|的方案)", tail)[0]
        term = tail.strip() or None
    if not term:
        return need("mentions", "要查找的词语", p)
    rows = queries.mentions(driver, term)
    items = dump(rows)
    text = (
        f"提到“{term}”的文件有{len(items)}个："
        + "、".join(f"{i['id']}（{i['count']}处）" for i in items)
        + "。"
        if items
        else f"没有文件提到“{term}”。"
    )
    return Answer("mentions", {"term": term}, items, text, queries.MENTIONS)


def gaps(driver: Driver, p: Parsed) -> Answer:
    city, chain = p.first(Label.REGION), p.chain()
    if city is None or chain is None:
        return need("gaps", "城市和产业链", p)
    report = queries.gaps(driver, city=city, chain=chain)
    items = dump(report.segments)
    by_status = {
        k: [s.name for s in report.segments if s.status == k] for k in ("covered", "planned", "missing")
    }
    rivals = [r.name for r in report.rivals]
    plan = report.city_plan_names_chain
    text = (
        f"{report.city.name}在{report.chain.name}的{len(items)}个环节中，"
        + (
            f"已有布局（有项目、企业、平台或基地）：{'、'.join(by_status['covered'])}；"
            if by_status["covered"]
            else ""
        )
        + (f"本市规划提到但尚无载体：{'、'.join(by_status['planned'])}；" if by_status["planned"] else "")
        + (f"缺少：{'、'.join(by_status['missing'])}；" if by_status["missing"] else "各环节均有布局或规划；")
        + (
            f"上级文件对其定位{len(report.designations)}处；"
            if report.designations
            else "上级文件未对其定位；"
        )
        + (f"同被定位的其他地区：{'、'.join(rivals[:8])}；" if rivals else "")
        + (
            "本市规划提到该产业链。"
            if plan
            else "本市规划未提到该产业链。"
            if plan is False
            else "图谱中没有本市规划。"
        )
    )
    return Answer(
        "gaps", {"city": report.city.name, "chain": report.chain.name}, items, text, queries.GAP_SEGMENTS
    )
