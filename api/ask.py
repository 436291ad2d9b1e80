"""POST /api/v1/ask: Chinese questions answered from the graph (keyword + template KG-QA).

1. **Recognise** entities by dictionary matching (:mod:`api.lexicon`: regions, chains with aliases,
   agencies, projects …), document references (《…》, 省规划, 青岛规划, “三个坚决”方案 → a document
   whose title, level or region fits, only when exactly one does), years (到2025年) and quoted terms.
2. **Classify** the question by keyword templates into an intent (projects, designated cities,
   sub-chains, targets, task responsibility, an agency's tasks, mentions, gaps, project location,
   a region's designations, profile).
3. **Answer** with the matching query of :mod:`graph.queries`, so items are exactly the matching
   endpoint's items, plus one Chinese sentence and the Cypher that ran.

An entity the intent needs but the question does not name (or the graph does not hold) is said so;
the parser never substitutes a guess. Unsupported questions get intent ``unknown`` and examples.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver
from pydantic import BaseModel

from api import models as m
from api.lexicon import CACHE, DocInfo, Hit, Lexicon
from graph import queries
from graph.errors import NotFound
from graph.model import Label, name_key
from graph.rows import Designation

EXAMPLES = (
    "青岛有哪些服务于氢能产业链的项目？",
    "哪些城市被打造为全国重要的碳纤维产业基地？",
    "省规划中“新能源新材料”包括哪些细分领域？",
    "氢能产业有哪些量化目标？",
    "“强化关键核心技术攻坚”措施由谁牵头？",
    "哪些文件提到“东方氢岛”？",
    "青岛的氢能产业链缺哪些环节？",
    "氢能产业链需要重点突破哪些关键材料？",
    "介绍一下省发展改革委",
)

# Chain names too generic to be the subject of a question (the whole of a plan, not one chain).
_GENERIC_CHAINS = frozenset(
    name_key(x) for x in ("战略性新兴产业", "新兴产业", "产业", "产业链", "产业集群", "传统产业", "重点产业")
)
_QUOTES = re.compile(r"[“\"「『]([^”\"」』]{1,60})[”\"」』]")
_BOOK = re.compile(r"《([^》]{1,60})》")
_YEAR = re.compile(r"(?:到|至|截至)?\s*(20\d\d)\s*年")
_PAREN = re.compile(r"[（(]([^（）()《》]{2,30})[）)]")
_DOC_KIND = re.compile(r"(规划|方案|意见|通知|计划|纲要)")
# Characters that end a phrase when reading backwards from 规划/方案.
_PHRASE_STOP = set("，。？！、；：,.?!;:的在中对由和与及了是各《》（）() ")


@dataclass
class Parsed:
    question: str
    key: str  # name_key of the question
    hits: list[Hit]
    doc: str | None = None
    doc_spans: list[tuple[int, int]] = field(default_factory=list)  # in the raw question
    year: int | None = None
    quoted: list[str] = field(default_factory=list)
    unresolved_doc: str | None = None  # a document reference that matched no (or several) documents
    lex: Lexicon | None = None

    def has(self, *words: str) -> bool:
        return any(w in self.question for w in words)

    def free_quoted(self) -> list[str]:
        """Quoted terms outside document references (省“十四五”规划 quotes a title, not a term)."""
        inside = [self.question[a:b] for a, b in self.doc_spans]
        return [q for q in self.quoted if not any(q in t for t in inside)]

    def entities(self, label: Label) -> list[tuple[Hit, str]]:
        """(hit, canonical name) for each hit that can be ``label``, in order, distinct names."""
        seen: set[str] = set()
        out: list[tuple[Hit, str]] = []
        for hit in self.hits:
            entry = hit.first(label)
            if entry and entry.id not in seen:
                if label is Label.CHAIN and name_key(entry.name) in _GENERIC_CHAINS:
                    continue
                seen.add(entry.id)
                out.append((hit, entry.name))
        return out

    def first(self, label: Label) -> str | None:
        found = self.entities(label)
        return found[0][1] if found else None

    def chain(self) -> str | None:
        """The most specific chain named: the longest surface wins over a shorter one."""
        found = self.entities(Label.CHAIN)
        if not found:
            return None
        return max(found, key=lambda x: (x[0].end - x[0].start, -x[0].start))[1]


# --------------------------------------------------------------------------------------------------
# Recognition


def _doc_candidates(lex: Lexicon, phrase: str, kind: str | None) -> list[DocInfo]:
    """Documents a reference like 省 / 青岛 / 三个坚决 / 未来产业 (before 规划/方案) denotes."""
    key = name_key(phrase).strip('“”"')
    if not key:
        return []
    province_words = ("省", "全省", "省级")
    if key in province_words or key.endswith("省"):
        docs = [d for d in lex.docs if d.level == "province"]
        if kind:
            docs = [d for d in docs if kind in d.label] or docs
        return docs
    for hit in lex.find(key):
        region = hit.first(Label.REGION)
        if region and hit.start == 0 and hit.end == len(key):
            return [
                d for d in lex.docs if d.region and name_key(d.region) in (name_key(region.name), hit.surface)
            ]
    core = key[1:] if key.startswith("省") else key
    docs = [d for d in lex.docs if core and core in name_key(d.label)]
    if docs:
        return docs
    # A quoted part of the phrase (省“十四五”战新规划 → “十四五”), within the region's documents.
    quoted = [name_key(q) for q in _QUOTES.findall(phrase)]
    pool = [d for d in lex.docs if d.level == "province"] if key.startswith("省") else lex.docs
    return [d for d in pool if quoted and all(q in name_key(d.label) for q in quoted)]


def _bigrams(text: str) -> set[str]:
    key = name_key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def _closest_docs(question: str, docs: list[DocInfo]) -> list[DocInfo]:
    """Of several documents a reference fits, the one whose title and subject share the most of the
    question's words (科技创新方案 … 标志性产业链 → the 标志性产业链科技创新 plan); all on a tie."""
    if len(docs) < 2:
        return docs
    words = _bigrams(question)
    scores = [len(words & _bigrams(d.label)) for d in docs]
    best = max(scores)
    return [d for d, sc in zip(docs, scores, strict=True) if sc == best]


def _find_document(lex: Lexicon, question: str) -> tuple[str | None, list[tuple[int, int]], str | None]:
    spans: list[tuple[int, int]] = []
    tried: list[str] = []
    for mt in _BOOK.finditer(question):
        docs = [d for d in lex.docs if name_key(mt.group(1)) in name_key(d.label)]
        tried.append(mt.group(0))
        if len(docs) == 1:
            end = mt.end()
            kind = _DOC_KIND.match(question, end)
            return docs[0].id, [(mt.start(), kind.end() if kind else end)], None
    for mt in _PAREN.finditer(question):
        # 新一代信息技术产业（三个坚决）: a bracketed reference naming exactly one document's title
        ref = name_key(_DOC_KIND.sub("", mt.group(1)))
        docs = [d for d in lex.docs if len(ref) >= 2 and ref in name_key(d.label)]
        if len(docs) == 1:
            return docs[0].id, [(mt.start(), mt.end())], None
    for mt in _DOC_KIND.finditer(question):
        start = mt.start()
        i = start
        depth = 0
        while i > 0:
            ch = question[i - 1]
            if ch == "”":
                depth += 1
            elif ch == "“":
                depth -= 1
            elif depth == 0 and ch in _PHRASE_STOP:
                break
            i -= 1
        phrase = question[i:start]
        if not phrase:
            continue
        tried.append(phrase + mt.group(1))
        docs = _closest_docs(question, _doc_candidates(lex, phrase, mt.group(1)))
        if len(docs) == 1:
            spans.append((i, mt.end()))
            return docs[0].id, spans, None
    return None, spans, (tried[0] if tried else None)


def parse(lex: Lexicon, question: str) -> Parsed:
    doc, spans, unresolved = _find_document(lex, question)
    # Entities are matched outside document references, so 《三个坚决》 or 青岛规划 do not
    # also count as a chain or a city filter.
    masked = list(question)
    for a, b in spans:
        for i in range(a, b):
            masked[i] = "，"
    key = name_key("".join(masked))
    year_m = _YEAR.search(question)
    return Parsed(
        question=question,
        key=key,
        hits=lex.find(key),
        doc=doc,
        doc_spans=spans,
        year=int(year_m.group(1)) if year_m else None,
        quoted=[q.strip() for q in _QUOTES.findall(question) if q.strip()],
        unresolved_doc=unresolved,
        lex=lex,
    )


# --------------------------------------------------------------------------------------------------
# Answers


@dataclass
class Answer:
    intent: str
    params: dict[str, Any]
    items: list[dict[str, Any]]
    answer: str
    cypher: str

    def as_response(self, question: str) -> dict[str, Any]:
        return {"question": question, **self.__dict__}


def _dump(model: type[BaseModel], rows: Sequence[object]) -> list[dict[str, Any]]:
    return [model.model_validate(r).model_dump() for r in rows]


def _names(items: Sequence[dict[str, Any]], limit: int = 12) -> str:
    names = [str(i["name"]) for i in items]
    text = "、".join(names[:limit])
    return text + (f"等{len(names)}项" if len(names) > limit else "")


def _clean(params: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in params.items() if v not in (None, "", [])}


def _scope(params: dict[str, Any]) -> str:
    parts = []
    if params.get("doc"):
        parts.append(f"文件{params['doc']}中")
    if params.get("city") or params.get("region"):
        parts.append(str(params.get("city") or params.get("region")))
    if params.get("chain"):
        parts.append(f"{params['chain']}领域")
    if params.get("year"):
        parts.append(f"到{params['year']}年")
    return "".join(parts)


def _projects(driver: Driver, p: Parsed) -> Answer:
    params = _clean({"city": p.first(Label.REGION), "chain": p.chain(), "doc": p.doc})
    if not params:
        return _missing("projects", "城市、产业链或文件", p)
    # 园区/集聚区 questions are about parks: bases count too, not only named projects.
    bases = p.has("园区", "集聚区", "聚集区") and not p.has("项目")
    if bases:  # parks: Base nodes that are places, not clusters (a cluster is a designation)
        rows = [
            r
            for r in queries.projects(driver, **params, kinds=[Label.BASE])
            if "集群" not in (r.project_kind or "")
        ]
        params["kind"] = Label.BASE.value
    else:
        rows = queries.projects(driver, **params)
    items = _dump(m.ProjectItem, rows)
    if items:
        text = f"{_scope(params)}的项目有{len(items)}个：{_names(items)}。"
    else:
        text = f"图谱中没有找到{_scope(params)}的项目。"
    return Answer("projects", params, items, text, queries.PROJECTS)


def _project_location(driver: Driver, p: Parsed) -> Answer:
    hit = next((h for h in p.hits if h.first(Label.PROJECT, Label.BASE)), None)
    names = [e.name for e in hit.entries if e.label in (Label.PROJECT, Label.BASE)] if hit else []
    if not names and p.first(Label.REGION) is not None:  # 哪些项目位于青岛: the projects of a place
        return _projects(driver, p)
    quoted = [q for q in p.quoted if len(name_key(q)) >= 6]  # a project name, not a word like 专栏
    name = names[0] if names else (quoted[0] if quoted else None)
    if name is None:
        chain, doc = p.chain(), p.doc
        if chain or doc:  # 专栏中的氢能项目分别位于哪个城市
            params = _clean({"chain": chain, "doc": doc})
            rows = queries.projects(driver, **params)
            items = _dump(m.ProjectItem, rows)
            known = [f"{i['name']}（{'、'.join(i['regions'])}）" for i in items if i["regions"]]
            unknown = [i["name"] for i in items if not i["regions"]]
            text = (
                f"{_scope(params)}共有{len(items)}个项目。"
                + (f"可判定所在地的：{'；'.join(known)}。" if known else "")
                + (f"文本未给出所在城市的：{'、'.join(unknown)}。" if unknown else "")
            )
            return Answer("project_location", params, items, text, queries.PROJECTS)
        return _missing("project_location", "项目名称", p)
    rows = queries.projects(driver, name=name)
    exact = [r for r in rows if name_key(r.name) == name_key(name)]
    rows = exact or rows
    items = _dump(m.ProjectItem, rows)
    if not items:
        return Answer(
            "project_location", {"project": name}, [], f"图谱中没有名为“{name}”的项目。", queries.PROJECTS
        )
    located = [i for i in items if i["regions"]]
    if located:
        text = "；".join(f"{i['name']}位于{'、'.join(i['regions'])}" for i in located) + "。"
    else:
        text = f"文本未给出“{items[0]['name']}”所在的城市（不可从文本判定）。"
    return Answer("project_location", {"project": name}, items, text, queries.PROJECTS)


def _designated_regions(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    if chain is None and not p.quoted:
        return _missing("regions", "产业链", p)
    params = _clean({"chain": chain, "doc": p.doc, "role": designation_role(p.question)})
    rows = queries.regions(driver, **params)
    if chain is None:  # “中国氢谷”对应哪个城市: the designation phrase names it
        wanted = [name_key(q) for q in p.quoted]

        def named(d: Designation) -> bool:
            return any(w in name_key(d.designation or "") for w in wanted)

        # Keep only the designations the question names: a city holds many others.
        rows = [
            dataclasses.replace(r, designations=kept, roles=sorted({d.role for d in kept if d.role}))
            for r in rows
            if (kept := [d for d in r.designations if named(d)])
        ]
        params["designation"] = p.quoted
    elif (qualifier := _chain_qualifier(p, rows)) is not None:
        # 功能陶瓷新材料产业基地: the words before the chain name pick the designations that say them
        rows = [
            dataclasses.replace(r, designations=kept, roles=sorted({d.role for d in kept if d.role}))
            for r in rows
            if (kept := [d for d in r.designations if qualifier in name_key(d.designation or "")])
        ]
        params["designation"] = [qualifier]
    if p.has("城市", "哪些市", "地市"):
        cities = [r for r in rows if r.level == "city"]
        rows = cities or rows
    items = _dump(m.RegionItem, rows)
    if chain is None:
        pairs = [f"{d.designation}→{r.name}" for r in rows for d in r.designations if d.designation]
        text = ("；".join(pairs) + "。") if pairs else "图谱中没有找到这些称号对应的城市。"
    elif items:
        text = f"{_scope(params)}相关的城市（地区）有：{_names(items)}。"
    else:
        text = f"图谱中没有找到{_scope(params)}的城市定位。"
    return Answer("regions", params, items, text, queries.REGIONS)


_AREA_WORDS = ("哪些区域", "哪些区", "哪些县", "哪些地区", "哪些片区", "哪些功能区", "区（市）", "区市")


def _districts(driver: Driver, p: Parsed) -> Answer:
    """青岛哪些区域先行先试发展智能网联汽车: the places inside a city designated for a chain."""
    city = p.first(Label.REGION)
    chain = p.chain()
    if chain is None:
        return _missing("districts", "产业链", p)
    params = _clean({"chain": chain, "region": city, "doc": p.doc, "role": designation_role(p.question)})
    own = _region_id(driver, city)  # the city itself is not one of its districts
    rows = [r for r in queries.regions(driver, **params) if r.id != own]
    items = _dump(m.RegionItem, rows)
    text = (
        f"{_scope(params)}涉及的区域有：{_names(items)}。"
        if items
        else f"图谱中没有找到{city}内{chain}的区域布局。"
    )
    return Answer("districts", params, items, text, queries.REGIONS)


def _region_id(driver: Driver, name: str | None) -> str | None:
    region = queries.resolve_optional(driver, Label.REGION, name)
    return region.id if region else None


_TECH_WORDS = (
    "关键材料",
    "关键技术",
    "核心技术",
    "共性技术",
    "关键零部件",
    "核心零部件",
    "关键部件",
    "核心部件",
    "关键装备",
    "卡脖子",
    "突破哪些",
    "攻克哪些",
    "攻关哪些",
    "突破什么",
    "技术方向",
    "补链方向",
    "技术瓶颈",
)
# A kind the question names picks the items the text classes under it (关键材料 → …材料).
_TECH_KIND = re.compile(r"(材料|零部件|部件|装备|设备|芯片|软件|工艺|技术)")


def _technologies(driver: Driver, p: Parsed) -> Answer:
    """氢能产业链需要重点突破哪些关键材料: what the texts say a chain must master, of the kind asked."""
    chain = p.chain()
    if chain is None:
        return _missing("technologies", "产业链", p)
    kind_m = _TECH_KIND.search(p.question.replace(chain, ""))  # 新材料 names a chain, not a kind
    kind = kind_m.group(1) if kind_m else None
    params = _clean({"chain": chain, "doc": p.doc, "kind": kind})
    rows = queries.technologies(driver, chain=chain, doc=p.doc, kind=kind)
    items = [{k: r[k] for k in ("id", "name", "kind", "evidence")} for r in rows]
    what = kind or "技术、材料与部件"
    text = (
        f"{_scope(params)}需要突破的{what}有：{_names(items)}。"
        if items
        else f"图谱中没有找到{_scope(params)}需要突破的{what}。"
    )
    return Answer("technologies", params, items, text, queries.TECHNOLOGIES)


def _chain_qualifier(p: Parsed, rows: Sequence[Any]) -> str | None:
    """Words right before the chain's name in the question (功能陶瓷|新材料) that some of the
    designations found also say: the longest such run of at least two characters, else None."""
    found = p.entities(Label.CHAIN)
    if not found:
        return None
    hit = max(found, key=lambda x: (x[0].end - x[0].start, -x[0].start))[0]
    before = p.key[: hit.start]
    cut = max((before.rfind(ch) for ch in _PHRASE_STOP | set("为被") if ch.strip()), default=-1)
    before = before[cut + 1 :]
    texts = [name_key(d.designation or "") for r in rows for d in r.designations]
    for i in range(len(before) - 1):
        cand = before[i:]
        if any(cand in t for t in texts):
            return cand
    return None


_ROLE_WORDS = ("集聚区", "集群", "基地", "示范区", "先导区")


def designation_role(question: str) -> str | None:
    """The kind of designation a question asks about (产业集群 → 集群), when it names exactly one."""
    found = [w for w in _ROLE_WORDS if w in question]
    return found[0] if len(found) == 1 else None


def _level(p: Parsed) -> str | None:
    return "国家级" if "国家级" in p.question else "省级" if "省级" in p.question else None


def _clusters(driver: Driver, p: Parsed) -> Answer:
    """国家级产业集群分别是什么、在哪个城市: the regions with designations of that level."""
    level, region, role = _level(p), p.first(Label.REGION), designation_role(p.question)
    params = _clean({"level": level, "region": region, "doc": p.doc, "role": role})
    rows = queries.regions(driver, level=level, region=region, doc=p.doc, role=role)
    items = _dump(m.RegionItem, rows)
    pairs = [f"{r.name}（{d.chain}）" for r in rows for d in r.designations]
    text = (
        f"{level or ''}产业集群（基地）有{len(pairs)}个：" + "、".join(pairs) + "。"
        if pairs
        else "图谱中没有找到。"
    )
    return Answer("clusters", params, items, text, queries.REGIONS)


def _positioning(driver: Driver, p: Parsed) -> Answer:
    """给青岛的定位/载体: the designations of a region for a chain."""
    region, chain = p.first(Label.REGION), p.chain()
    params = _clean({"region": region, "chain": chain, "doc": p.doc})
    rows = queries.regions(driver, chain=chain, region=region, doc=p.doc)
    items = _dump(m.RegionItem, rows)
    phrases = [d.designation or f"{d.chain}{d.role or ''}" for r in rows for d in r.designations]
    text = (
        f"{_scope(params)}的定位有{len(phrases)}项：" + "；".join(phrases) + "。"
        if phrases
        else f"图谱中没有{_scope(params)}的定位。"
    )
    return Answer("positioning", params, items, text, queries.REGIONS)


TOP, ABSENT, UNPLACED = "顶层", "未涉及", "未标明上级"


def chain_placements(detail: dict[str, Any], doc_ids: Sequence[str]) -> list[dict[str, Any]]:
    """Where a chain sits in each document: its parents there (SUBCHAIN_OF of that document), or
    顶层 (it heads sub-chains there but has no parent), 未标明上级 (mentioned only) or 未涉及."""
    out = []
    for doc in doc_ids:
        parents = [str(x["name"]) for x in detail.get("parents", []) if x.get("doc") == doc]
        if parents:
            place = "、".join(parents)
        elif any(x.get("doc") == doc for x in detail.get("children", [])):
            place = TOP
        elif doc in detail.get("documents", []):
            place = UNPLACED
        else:
            place = ABSENT
        out.append({"doc": doc, "parents": parents, "placement": place})
    return out


def _chain_parents(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    assert chain is not None
    detail = queries.chain_detail(driver, chain)
    item = m.ChainDetail.model_validate(detail).model_dump()
    item["placements"] = chain_placements(item, [d.id for d in queries.documents(driver)])
    by_doc = "；".join(f"{x['doc']}：{x['placement']}" for x in item["placements"])
    text = f"{detail.name}在各文件中的位置（上级产业或顶层）：{by_doc}。"
    return Answer("chain_parents", {"chain": detail.name}, [item], text, queries.CHAIN_DETAIL)


_FAMILY_WORDS = ("名称", "叫法", "称谓", "写法", "分支机构", "派出机构")


def agency_family(p: Parsed, min_len: int = 3, max_len: int = 12) -> str | None:
    """The longest part of the question (3..12 characters) that is part of some agency's name or
    alias: 中国人民银行驻鲁分支机构 → 人民银行. None when the question names no agency family."""
    if p.lex is None:
        return None
    keys = [k for k, entries in p.lex.entries.items() if any(e.label is Label.AGENCY for e in entries)]
    text = p.key
    for n in range(min(max_len, len(text)), min_len - 1, -1):
        for i in range(len(text) - n + 1):
            part = text[i : i + n]
            if any(part in k for k in keys):
                return part
    return None


def _named_items(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: r[k] for k in ("id", "name", "kind", "evidence", "aliases", "documents", "chains")} for r in rows
    ]


def _agency_variants(driver: Driver, p: Parsed) -> Answer:
    """人民银行的分支机构名称有哪些、见于哪些文件: agencies whose names contain the family word."""
    family = agency_family(p)
    if family is None:
        return _missing("agency_variants", "机构名称", p)
    items = _named_items(queries.named_like(driver, family, [Label.AGENCY]))
    text = (
        f"名称含“{family}”的机构有{len(items)}个（按文件原文分别列出，文本未说明是否为同一机构）："
        + "；".join(f"{i['name']}（{'、'.join(i['documents']) or '无文件'}）" for i in items)
        + "。"
        if items
        else f"图谱中没有名称含“{family}”的机构。"
    )
    return Answer("agency_variants", {"family": family}, items, text, queries.NAMED_LIKE)


def _token_entities(driver: Driver, p: Parsed) -> Answer:
    """含“东岳”的实体有哪些: every entity whose name contains the token, each on its own (the text
    gives no basis to merge entities that only share a token)."""
    token = p.free_quoted()[0]
    items = _named_items(queries.named_like(driver, token))

    def line(i: dict[str, Any]) -> str:
        chains = "、".join(f"{c['name']}" for c in i["chains"])
        return (
            f"{i['name']}（{i['kind']}；{'、'.join(i['documents']) or '无文件'}"
            + (f"；{chains}" if chains else "")
            + "）"
        )

    text = (
        f"名称含“{token}”的实体有{len(items)}个："
        + "；".join(line(i) for i in items)
        + "。文本没有说明它们是同一主体，图谱分别保存，不据共同字样合并。"
        if items
        else f"图谱中没有名称含“{token}”的实体。"
    )
    return Answer("named_like", {"token": token}, items, text, queries.NAMED_LIKE)


def _project_duplicates(driver: Driver, p: Parsed) -> Answer:
    """疑似重复的项目: project names of one document that differ by one inserted word."""
    if p.doc is None:
        return _missing("project_duplicates", "文件", p)
    items = []
    for pair in queries.near_duplicate_projects(driver, p.doc):
        a, b = pair["a"], pair["b"]
        items.append(
            {
                "id": a["id"],
                "name": a["name"],
                "kind": Label.PROJECT.value,
                "chains": list(a["chains"]),
                "similar": [{"id": b["id"], "name": b["name"], "chains": list(b["chains"])}],
                "evidence": queries.sentence_evidence(driver, [a["sid"], b["sid"]]),
            }
        )

    def side(x: dict[str, Any]) -> str:
        return f"{x['name']}（{'、'.join(x['chains'])}）" if x["chains"] else str(x["name"])

    text = (
        f"文件{p.doc}中名称仅差一个词的项目有{len(items)}对："
        + "；".join(f"{side(i)} ≈ {side(i['similar'][0])}" for i in items)
        + "。"
        if items
        else f"文件{p.doc}中没有名称仅差一个词的项目。"
    )
    return Answer("project_duplicates", {"doc": p.doc}, items, text, queries.DOC_PROJECT_NAMES)


def _region_designations(driver: Driver, p: Parsed) -> Answer:
    region = p.first(Label.REGION)
    level = _level(p)
    params = _clean({"region": region, "level": level, "doc": p.doc})
    rows = queries.chains(driver, region=region, level=level, doc=p.doc)
    items = _dump(m.ChainItem, rows)
    text = (
        f"{region}{'入选' + level if level else ''}的产业（集群/基地）有：{_names(items)}。"
        if items
        else f"图谱中没有{region}{level or ''}的产业集群或基地。"
    )
    return Answer("region_designations", params, items, text, queries.CHAINS_OF_REGION)


def _sub_chains(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    if chain is None and p.doc is None:
        return _missing("chains", "产业链或文件", p)
    params = _clean({"parent": chain, "doc": p.doc})
    rows = queries.chains(driver, parent=chain, doc=p.doc, root=chain is None)
    if chain is None:  # the top of the document's hierarchy
        params["root"] = True
    items = _dump(m.ChainItem, rows)
    if items:
        text = f"{_scope({'doc': p.doc})}{chain or ''}包括{len(items)}个细分领域：{_names(items, 20)}。"
    else:
        text = f"图谱中没有{_scope({'doc': p.doc})}{chain or ''}的细分领域。"
    return Answer("chains", params, items, text, queries.CHAINS)


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


def _targets(driver: Driver, p: Parsed) -> Answer:
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
    rest = _TARGET_NOISE.sub("", _YEAR.sub("", rest))
    if quoted and chain is None:  # a quoted figure or metric: 设定了“营业收入1.1万亿元”的目标
        q = quoted[0]
    elif chain is None:
        q = rest if len(rest) >= 2 else None
    params = _clean({"chain": chain, "region": region, "year": p.year, "doc": p.doc, "q": q})
    if not params:
        return _missing("targets", "产业链、地区、年份或文件", p)
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
    if not rows and chain is None and p.doc is None:
        return _unknown(p)  # 人口有多少: no chain, no document and no target says these words
    items = _dump(m.TargetItem, rows)
    if items:
        shown = "；".join(_target_text(i) for i in items[:8])
        text = f"{_scope(params)}的量化目标有{len(items)}项：{shown}。"
    else:
        text = f"图谱中没有找到{_scope(params)}{q or ''}的量化目标。"
    return Answer("targets", params, items, text, queries.TARGETS)


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:g}"


def _target_text(i: dict[str, Any]) -> str:
    value = "" if i["value"] is None else _num(i["value"])
    year = f"（{i['year']}年）" if i["year"] else ""
    return f"{i['metric'] or i['name']}{i['qualifier'] or ''}{value}{i['unit'] or ''}{year}"


_TASK_NOISE = re.compile(
    r"(由谁牵头|由哪个部门牵头|由哪些部门牵头|哪个部门牵头|哪些部门配合|哪些部门负责|由哪些部门负责|"
    r"由哪个部门负责|由谁负责|谁牵头|谁负责|谁配合|牵头|配合|负责|部门|单位|由|措施|任务|工作|的|、|？|\?|，|,|。)"
)


def _task_phrase(p: Parsed) -> str | None:
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


def _task_agencies(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    phrase = _task_phrase(p)
    if phrase and chain and name_key(phrase).replace(name_key(chain), "") in ("", "产业", "产业链", "行业"):
        phrase = None  # 节能环保产业由哪些部门负责: the chain is the filter, not task words
    params = _clean({"q": phrase, "chain": chain if phrase is None else None, "doc": p.doc})
    if not params.get("q") and not params.get("chain"):
        return _missing("tasks", "任务名称或产业链", p)
    rows = queries.tasks(driver, **params)
    if not rows and phrase and chain:
        params = _clean({"chain": chain, "doc": p.doc})
        rows = queries.tasks(driver, **params)
    items = _dump(m.TaskItem, rows)
    if not items:
        return Answer(
            "tasks", params, [], f"图谱中没有找到“{phrase or chain}”相关任务的责任分工。", queries.TASKS
        )
    lead = sorted({a for i in items for a in i["lead"]})
    support = sorted({a for i in items for a in i["support"]} - set(lead))
    resp = sorted({a for i in items for a in i["responsible"]} - set(lead) - set(support))
    parts = []
    if lead:
        parts.append(f"{'、'.join(lead)}牵头")
    if support:
        parts.append(f"{'、'.join(support)}配合")
    if resp:
        parts.append(f"{'、'.join(resp)}负责")
    subject = f"“{items[0]['name']}”" if len(items) == 1 else f"{len(items)}项相关任务"
    text = f"{subject}由" + "，".join(parts) + "。" if parts else f"{subject}在文本中没有写明责任部门。"
    return Answer("tasks", params, items, text, queries.TASKS)


def _agency_tasks(driver: Driver, p: Parsed) -> Answer:
    agency = p.first(Label.AGENCY)
    assert agency is not None
    detail = queries.agency_detail(driver, agency)
    role = "supports" if "配合" in p.question else "responsible" if "负责" in p.question else "leads"
    rows = {"leads": detail.leads, "supports": detail.supports, "responsible": detail.responsible}[role]
    if p.doc:
        rows = [r for r in rows if r.doc == p.doc]
    items = _dump(m.TaskItem, rows)
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
        _clean({"agency": detail.name, "role": role, "doc": p.doc}),
        items,
        text,
        queries.AGENCY_TASKS,
    )


_MENTION_VERB = re.compile(r"(提到|提及|涉及|出现|使用了?|包含|含有|讲到|谈到|写到)")


def _mentions(driver: Driver, p: Parsed) -> Answer:
    term = p.quoted[0] if p.quoted else None
    if term is None:
        mt = _MENTION_VERB.search(p.question)
        tail = p.question[mt.end() :] if mt else ""
        tail = re.split(r"[？?。，,（(]", tail)[0]
        term = re.sub(r"(的表述|的内容|字样|一词|这个词|的文件|的规划)$", "", tail).strip() or None
    if not term:
        return _missing("mentions", "要查找的词语", p)
    rows = queries.mentions(driver, term)
    items = _dump(m.MentionItem, rows)
    text = (
        f"提到“{term}”的文件有{len(items)}个："
        + "、".join(f"{i['id']}（{i['count']}处）" for i in items)
        + "。"
        if items
        else f"没有文件提到“{term}”。"
    )
    return Answer("mentions", {"term": term}, items, text, queries.MENTIONS)


def _gaps(driver: Driver, p: Parsed) -> Answer:
    city, chain = p.first(Label.REGION), p.chain()
    if city is None or chain is None:
        return _missing("gaps", "城市和产业链", p)
    report = queries.gaps(driver, city=city, chain=chain)
    items = _dump(m.GapSegment, report.segments)
    missing = [s.name for s in report.segments if not s.covered]
    covered = [s.name for s in report.segments if s.covered]
    plan = report.city_plan_names_chain
    text = (
        f"{report.city.name}在{report.chain.name}的{len(items)}个环节中，"
        + (f"已有布局：{'、'.join(covered)}；" if covered else "")
        + (f"缺少（图谱中无项目、企业或基地）：{'、'.join(missing)}；" if missing else "各环节均有布局；")
        + (
            f"省级文件对其定位{len(report.designations)}处；"
            if report.designations
            else "省级文件未对其定位；"
        )
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


def _profile(driver: Driver, p: Parsed) -> Answer:
    hit = max(p.hits, key=lambda h: h.end - h.start) if p.hits else None
    if hit is None:
        return _missing("profile", "要介绍的对象", p)
    entry = hit.entries[0]
    prof = queries.profile(driver, entry.id)
    item = m.EntityProfile.model_validate(prof).model_dump()
    rels: dict[str, int] = {}
    for r in prof.relations:
        rels[str(r["type"])] = rels.get(str(r["type"]), 0) + 1
    summary = "、".join(f"{k} {v}条" for k, v in sorted(rels.items()))
    text = f"{prof.name}（{prof.kind}）" + (
        f"：别名{'、'.join(prof.aliases[1:6])}；" if len(prof.aliases) > 1 else "："
    )
    text += f"图谱中有关系{summary}。" if summary else "图谱中没有与它相连的事实。"
    return Answer("profile", {"name": prof.name, "kind": prof.kind}, [item], text, queries.PROFILE)


def _enterprises(driver: Driver, p: Parsed) -> Answer:
    """领军企业有哪些: the enterprises a document names in a chain (or in a city)."""
    params = _clean({"chain": p.chain(), "city": p.first(Label.REGION), "doc": p.doc})
    if not params:
        return _missing("enterprises", "产业链、城市或文件", p)
    rows = queries.projects(driver, **params, kinds=[Label.ENTERPRISE])
    items = _dump(m.ProjectItem, rows)
    text = (
        f"{_scope(params)}点名的企业有{len(items)}家：{_names(items, 20)}。"
        if items
        else f"图谱中没有{_scope(params)}点名的企业。"
    )
    return Answer("enterprises", {**params, "kind": Label.ENTERPRISE.value}, items, text, queries.PROJECTS)


def _documents(driver: Driver, p: Parsed) -> Answer:
    """哪些文件给出了发文机关和日期: the documents, with the metadata asked for present."""
    rows = queries.documents(driver, p.doc)
    need_issuer = p.has("发文机关", "发文单位", "印发单位", "发布机关", "机关", "单位")
    need_date = p.has("日期", "时间", "何时")
    rows = [r for r in rows if (r.issuer or not need_issuer) and (r.date or not need_date)]
    items = _dump(m.DocumentItem, rows)
    params = _clean({"doc": p.doc, "issuer": need_issuer or None, "date": need_date or None})
    if items:
        text = "；".join(
            f"{i['id']}（{i['title'] or ''}）" + "，".join(x for x in (i["issuer"], i["date"]) if x)
            for i in items
        )
        text = f"共{len(items)}个文件：{text}。"
    else:
        text = "没有文件在正文中给出这些信息。"
    return Answer("documents", params, items, text, queries.DOCUMENTS)


def _missing(intent: str, what: str, p: Parsed) -> Answer:
    extra = f"（“{p.unresolved_doc}”没有唯一对应的文件）" if p.unresolved_doc and not p.doc else ""
    return Answer(
        intent,
        {},
        [],
        f"没有在问题中识别出{what}{extra}，无法回答。可以这样问：" + "；".join(EXAMPLES[:3]),
        "",
    )


def _unknown(p: Parsed) -> Answer:
    return Answer("unknown", {}, [], "暂时无法回答这个问题。可以这样问：" + "；".join(EXAMPLES), "")


# --------------------------------------------------------------------------------------------------
# Classification: ordered templates, the first that fits wins.

_Rule = tuple[str, Callable[[Parsed], bool], Callable[[Driver, Parsed], Answer]]

_DOC_QUESTION = re.compile(r"(哪些|哪个|什么)(文件|文档|规划|方案|政策)")

_RULES: tuple[_Rule, ...] = (
    (
        "project_duplicates",
        lambda p: p.has("重复", "重名") and p.has("项目") and not p.has("企业", "实体"),
        _project_duplicates,
    ),
    (
        "named_like",
        lambda p: (
            bool(p.free_quoted())
            and p.has("含", "带有", "包含")
            and p.has("实体", "企业", "主体", "机构", "名称")
            and not _DOC_QUESTION.search(p.question)
        ),
        _token_entities,
    ),
    (
        "agency_variants",
        lambda p: p.has(*_FAMILY_WORDS) and p.has("哪些", "分别") and agency_family(p) is not None,
        _agency_variants,
    ),
    # Comparisons and identity judgements need reading, not look-up: say so rather than list things.
    (
        "unknown",
        lambda p: p.has("重复", "不一致", "能否认定", "是否同一", "同一企业", "同一个"),
        lambda _d, p: _unknown(p),
    ),
    (
        "mentions",
        lambda p: (
            bool(re.search(r"(哪些|哪个|什么)(文件|文档|规划|方案|政策)", p.question))
            and bool(_MENTION_VERB.search(p.question))
        ),
        _mentions,
    ),
    (
        "agency_tasks",
        lambda p: (
            p.first(Label.AGENCY) is not None
            and p.has("牵头", "配合", "负责")
            and p.has("哪些任务", "什么任务", "哪些工作", "任务有哪些", "哪些事项")
        ),
        _agency_tasks,
    ),
    (
        "tasks",
        lambda p: (
            p.has("牵头", "配合", "负责") and p.has("谁", "哪个部门", "哪些部门", "哪个单位", "哪些单位")
        ),
        _task_agencies,
    ),
    (
        "gaps",
        lambda p: p.has("缺", "短板", "空白", "补链", "薄弱", "不足") and p.first(Label.REGION) is not None,
        _gaps,
    ),
    (
        "technologies",
        lambda p: p.chain() is not None and p.has(*_TECH_WORDS) and not p.has("项目", "企业", "目标"),
        _technologies,
    ),
    (
        "chain_parents",
        lambda p: p.chain() is not None and p.has("上级", "归属于哪个", "属于哪个", "隶属"),
        _chain_parents,
    ),
    (
        "clusters",
        lambda p: (
            p.has("集群", "基地")
            and _level(p) is not None
            and p.chain() is None
            and (p.first(Label.REGION) is None or p.has("分别", "哪个城市", "哪些城市", "在哪"))
        ),
        _clusters,
    ),
    (
        "positioning",
        lambda p: (
            p.first(Label.REGION) is not None and p.chain() is not None and p.has("定位", "载体", "称号")
        ),
        _positioning,
    ),
    (
        "project_location",
        lambda p: (
            p.has("位于", "在哪", "归属", "所在", "落户")
            # 机器人产业集聚区布局在哪些城市: cities designated for a chain, not a project's place
            and not (
                p.has("哪些城市", "城市有哪些", "哪些市", "哪些地市")
                and designation_role(p.question) is not None
                and not p.has("项目")
            )
            # 青岛在哪些区域布局机器人产业: districts of a city, not a project's place
            and not (p.has(*_AREA_WORDS) and p.chain() is not None and not p.has("项目", "企业"))
        ),
        _project_location,
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
        _sub_chains,
    ),
    (
        "districts",
        lambda p: (
            p.first(Label.REGION) is not None
            and p.chain() is not None
            and p.has(*_AREA_WORDS)
            and not p.has("项目", "企业", "城市")
        ),
        _districts,
    ),
    (
        "regions",
        lambda p: p.has("哪些城市", "哪个城市", "城市有哪些", "哪些市", "哪些地市", "哪座城市", "对应哪个"),
        _designated_regions,
    ),
    (
        "region_designations",
        lambda p: (
            p.first(Label.REGION) is not None
            and p.chain() is None
            and (p.has("集群") or _level(p) is not None)
            and p.has("集群", "基地", "集聚区", "示范区")
            and p.has("哪些", "什么")
        ),
        _region_designations,
    ),
    ("targets", lambda p: p.has("目标", "多少", "指标", "量化", "达到"), _targets),
    (
        "documents",
        lambda p: (
            bool(re.search(r"(哪些|哪个|什么)(文件|文档)", p.question))
            and p.has("发文机关", "发文单位", "印发单位", "发布机关", "日期", "发文时间")
        ),
        _documents,
    ),
    (
        "enterprises",
        lambda p: p.has("企业") and p.has("哪些", "名单", "点名") and not p.has("项目", "园区"),
        _enterprises,
    ),
    ("projects", lambda p: p.has("项目", "园区", "工程", "产业园", "产业综合体"), _projects),
    (
        "profile",
        lambda p: bool(p.hits) and (p.has("是什么", "介绍", "简介", "概况", "情况") or _bare_name(p)),
        _profile,
    ),
)


def _bare_name(p: Parsed) -> bool:
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


def answer_question(driver: Driver, question: str) -> dict[str, Any]:
    """The /ask response for ``question``."""
    question = question.strip()
    parsed = parse(CACHE.get(driver), question)
    for _, test, run in _RULES:
        if test(parsed):
            try:
                return run(driver, parsed).as_response(question)
            except NotFound as exc:  # a name the dictionary matched but the query could not resolve
                return Answer("unknown", {}, [], f"无法回答：{exc.message}。", "").as_response(question)
    return _unknown(parsed).as_response(question)
