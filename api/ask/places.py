"""Answers about places: projects of a city or chain, where a project is, the cities and districts
a document designates for a chain, clusters, a region's positioning and designations."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import Driver

from api.ask.answer import Answer, clean, dump, name_list, need, scope
from api.ask.chains import region_docs
from api.ask.parse import PHRASE_STOP, Parsed
from core.model import Label, name_key
from graph import queries
from graph.rows import Designation


def projects(driver: Driver, p: Parsed) -> Answer:
    params = clean({"city": p.first(Label.REGION), "chain": p.chain(), "doc": p.doc})
    if not params:
        return need("projects", "城市、产业链或文件", p)
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
    items = dump(rows)
    if items:
        text = f"{scope(params)}的项目有{len(items)}个：{name_list(items)}。"
    else:
        text = f"图谱中没有找到{scope(params)}的项目。"
    return Answer("projects", params, items, text, queries.PROJECTS)


def project_location(driver: Driver, p: Parsed) -> Answer:
    hit = next((h for h in p.hits if h.first(Label.PROJECT, Label.BASE)), None)
    names = [e.name for e in hit.entries if e.label in (Label.PROJECT, Label.BASE)] if hit else []
    if not names and p.first(Label.REGION) is not None:  # 哪些项目位于青岛: the projects of a place
        return projects(driver, p)
    quoted = [q for q in p.quoted if len(name_key(q)) >= 6]  # a project name, not a word like 专栏
    name = names[0] if names else (quoted[0] if quoted else None)
    if name is None:
        chain, doc = p.chain(), p.doc
        if chain or doc:  # 专栏中的氢能项目分别位于哪个城市
            params = clean({"chain": chain, "doc": doc})
            rows = queries.projects(driver, **params)
            items = dump(rows)
            known = [f"{i['name']}（{'、'.join(i['regions'])}）" for i in items if i["regions"]]
            unknown = [i["name"] for i in items if not i["regions"]]
            text = (
                f"{scope(params)}共有{len(items)}个项目。"
                + (f"可判定所在地的：{'；'.join(known)}。" if known else "")
                + (f"文本未给出所在城市的：{'、'.join(unknown)}。" if unknown else "")
            )
            return Answer("project_location", params, items, text, queries.PROJECTS)
        return need("project_location", "项目名称", p)
    rows = queries.projects(driver, name=name)
    exact = [r for r in rows if name_key(r.name) == name_key(name)]
    rows = exact or rows
    items = dump(rows)
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


def designated_regions(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    if chain is None and not p.quoted:
        return need("regions", "产业链", p)
    params = clean({"chain": chain, "doc": p.doc, "role": designation_role(p.question)})
    rows = queries.regions(driver, **params)
    if chain is None:  # “中国氢谷”对应哪个城市: the designation phrase names it
        wanted = [name_key(q) for q in p.quoted]

        def named(d: Designation) -> bool:
            return any(w in name_key(d.designation or "") for w in wanted)

        # Keep only the designations the question names: a city holds many others.
        rows = [
            r.model_copy(update={"designations": kept, "roles": sorted({d.role for d in kept if d.role})})
            for r in rows
            if (kept := [d for d in r.designations if named(d)])
        ]
        params["designation"] = p.quoted
    elif (qualifier := chain_qualifier(p, rows)) is not None:
        # 功能陶瓷新材料产业基地: the words before the chain name pick the designations that say them
        rows = [
            r.model_copy(update={"designations": kept, "roles": sorted({d.role for d in kept if d.role})})
            for r in rows
            if (kept := [d for d in r.designations if qualifier in name_key(d.designation or "")])
        ]
        params["designation"] = [qualifier]
    if p.doc is None and (own := region_docs(p)):
        # 广东…布局以哪些城市为核心: a place whose plans the question names asks for what its own
        # plans designate, not for every designation of the chain across the corpus
        rows = [
            r.model_copy(update={"designations": kept, "roles": sorted({d.role for d in kept if d.role})})
            for r in rows
            if (kept := [d for d in r.designations if d.doc in own])
        ] or rows
        params["docs"] = sorted(own)
    if p.has("城市", "哪些市", "地市"):
        cities = [r for r in rows if r.level == "city"]
        rows = cities or rows
    items = dump(rows)
    if chain is None:
        pairs = [f"{d.designation}→{r.name}" for r in rows for d in r.designations if d.designation]
        text = ("；".join(pairs) + "。") if pairs else "图谱中没有找到这些称号对应的城市。"
    elif items:
        text = f"{scope(params)}相关的城市（地区）有：{name_list(items)}。"
    else:
        text = f"图谱中没有找到{scope(params)}的城市定位。"
    return Answer("regions", params, items, text, queries.REGIONS)


AREA_WORDS = ("哪些区域", "哪些区", "哪些县", "哪些地区", "哪些片区", "哪些功能区", "区（市）", "区市")


def districts(driver: Driver, p: Parsed) -> Answer:
    """青岛哪些区域先行先试发展智能网联汽车: the places inside a city designated for a chain."""
    city = p.first(Label.REGION)
    chain = p.chain()
    if chain is None:
        return need("districts", "产业链", p)
    params = clean({"chain": chain, "region": city, "doc": p.doc, "role": designation_role(p.question)})
    own = region_id(driver, city)  # the city itself is not one of its districts
    rows = [r for r in queries.regions(driver, **params) if r.id != own]
    items = dump(rows)
    text = (
        f"{scope(params)}涉及的区域有：{name_list(items)}。"
        if items
        else f"图谱中没有找到{city}内{chain}的区域布局。"
    )
    return Answer("districts", params, items, text, queries.REGIONS)


def region_id(driver: Driver, name: str | None) -> str | None:
    region = queries.resolve_optional(driver, Label.REGION, name)
    return region.id if region else None


def chain_qualifier(p: Parsed, rows: Sequence[Any]) -> str | None:
    """Words right before the chain's name in the question (功能陶瓷|新材料) that some of the
    designations found also say: the longest such run of at least two characters, else None."""
    found = p.entities(Label.CHAIN)
    if not found:
        return None
    hit = max(found, key=lambda x: (x[0].end - x[0].start, -x[0].start))[0]
    before = p.key[: hit.start]
    cut = max((before.rfind(ch) for ch in PHRASE_STOP | set("为被") if ch.strip()), default=-1)
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


def level_of(p: Parsed) -> str | None:
    return "国家级" if "国家级" in p.question else "省级" if "省级" in p.question else None


def clusters(driver: Driver, p: Parsed) -> Answer:
    """国家级产业集群分别是什么、在哪个城市: the regions with designations of that level."""
    level, region, role = level_of(p), p.first(Label.REGION), designation_role(p.question)
    params = clean({"level": level, "region": region, "doc": p.doc, "role": role})
    rows = queries.regions(driver, level=level, region=region, doc=p.doc, role=role)
    items = dump(rows)
    pairs = [f"{r.name}（{d.chain}）" for r in rows for d in r.designations]
    text = (
        f"{level or ''}产业集群（基地）有{len(pairs)}个：" + "、".join(pairs) + "。"
        if pairs
        else "图谱中没有找到。"
    )
    return Answer("clusters", params, items, text, queries.REGIONS)


def positioning(driver: Driver, p: Parsed) -> Answer:
    """给青岛的定位/载体: the designations of a region for a chain."""
    region, chain = asked_region(p), p.chain()
    params = clean({"region": region, "chain": chain, "doc": p.doc})
    rows = queries.regions(driver, chain=chain, region=region, doc=p.doc)
    if not rows and p.doc is None and (doc := title_doc(p)) is not None:
        # 在食品科技空间布局中，闵行区建设什么: the plan the chain is the subject of says it
        params = clean({"region": region, "doc": doc})
        rows = queries.regions(driver, region=region, doc=doc)
    items = dump(rows)
    phrases = [d.designation or f"{d.chain}{d.role or ''}" for r in rows for d in r.designations]
    text = (
        f"{scope(params)}的定位有{len(phrases)}项：" + "；".join(phrases) + "。"
        if phrases
        else f"图谱中没有{scope(params)}的定位。"
    )
    return Answer("positioning", params, items, text, queries.REGIONS)


def asked_region(p: Parsed) -> str | None:
    """The region a question asks about. 在常州新能源空间布局中金坛区的定位: of two places named, the one
    whose own plan the graph holds (常州) scopes the plan, the other (金坛区) is asked about."""
    named = [n for _, n in p.entities(Label.REGION)]
    if len(named) < 2 or p.lex is None:
        return named[0] if named else None
    planned = {name_key(d.region) for d in p.lex.docs if d.region}
    return next((n for n in named if name_key(n) not in planned), named[0])


def region_designations(driver: Driver, p: Parsed) -> Answer:
    region = p.first(Label.REGION)
    level = level_of(p)
    params = clean({"region": region, "level": level, "doc": p.doc})
    rows = queries.chains(driver, region=region, level=level, doc=p.doc)
    items = dump(rows)
    text = (
        f"{region}{'入选' + level if level else ''}的产业（集群/基地）有：{name_list(items)}。"
        if items
        else f"图谱中没有{region}{level or ''}的产业集群或基地。"
    )
    return Answer("region_designations", params, items, text, queries.CHAINS_OF_REGION)


def layout_role(p: Parsed) -> str | None:
    """The designation role a question names, of those the graph holds: one in quotes (“东翼”) first,
    else the longest (专业产业基地 over 基地)."""
    roles = p.lex.roles if p.lex else ()
    quoted = [name_key(q) for q in p.quoted]
    for role in roles:
        if name_key(role) in quoted:
            return role
    return next((r for r in roles if len(r) >= 2 and r in p.question), None)


def layout(driver: Driver, p: Parsed) -> Answer:
    """北斗产业的专业产业基地分布在哪些地方 / “东翼”由哪些区域构成: the places a document designates
    for a chain in the role the question names."""
    role = layout_role(p)
    named = [c for _, c in sorted(p.entities(Label.CHAIN), key=lambda x: x[0].start - x[0].end)]
    rows: list[Any] = []
    params: dict[str, Any] = {}
    chain_options: list[str | None] = [*named] or [None]
    for chain in chain_options:
        for doc in dict.fromkeys([p.doc, None]):
            params = clean({"chain": chain, "doc": doc, "role": role})
            rows = queries.regions(driver, **params)
            if rows:
                break
        if rows:
            break
    items = dump(rows)
    text = (
        f"{scope(params)}的{role}分布在：{name_list(items)}。"
        if items
        else f"图谱中没有找到{scope(params)}的{role}。"
    )
    return Answer("layout", params, items, text, queries.REGIONS)


PLATFORM_WORDS = ("平台", "实验室", "研究院", "创新中心", "载体")


def platforms(driver: Driver, p: Parsed) -> Answer:
    """依托X要建设什么平台 / 方案提出建设哪些平台、实验室: the platforms (载体: also projects and bases)
    located in the place or serving the chain the question names."""
    params = clean({"city": p.first(Label.REGION), "chain": p.chain(), "doc": p.doc})
    if not params:
        return need("platforms", "地区、产业链或文件", p)
    kinds = [Label.PLATFORM]
    if p.has("载体") and not p.has("平台", "实验室", "研究院"):
        kinds = [Label.PLATFORM, Label.PROJECT, Label.BASE]
    rows = queries.projects(driver, **params, kinds=kinds)
    if not rows and params.get("city") and params.get("chain"):  # the place alone decides
        params.pop("chain")
        rows = queries.projects(driver, **params, kinds=kinds)
    params["kind"] = [k.value for k in kinds]
    items = dump(rows)
    text = (
        f"{scope(params)}要建设的平台（载体）有{len(items)}个：{name_list(items)}。"
        if items
        else f"图谱中没有找到{scope(params)}的平台（载体）。"
    )
    return Answer("platforms", params, items, text, queries.PROJECTS)


def title_doc(p: Parsed) -> str | None:
    """The one document whose title names a chain the question names (its subject), if one."""
    if p.lex is None:
        return None
    surfaces = [h.surface for h, _ in p.entities(Label.CHAIN)]
    docs = [d.id for d in p.lex.docs if any(s in name_key(d.label) for s in surfaces)]
    return docs[0] if len(docs) == 1 else None
