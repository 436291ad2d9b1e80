"""Answers about names: agency name families, entities sharing a token, near-duplicate project
names, an entity's profile, named enterprises and the documents' metadata."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from neo4j import Driver

from api.ask.answer import Answer, clean, dump, name_list, need, scope
from api.ask.parse import Parsed
from core.model import Label
from graph import queries

FAMILY_WORDS = ("名称", "叫法", "称谓", "写法", "分支机构", "派出机构")


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


def named_items(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {k: r[k] for k in ("id", "name", "kind", "evidence", "aliases", "documents", "chains")} for r in rows
    ]


def agency_variants(driver: Driver, p: Parsed) -> Answer:
    """人民银行的分支机构名称有哪些、见于哪些文件: agencies whose names contain the family word."""
    family = agency_family(p)
    if family is None:
        return need("agency_variants", "机构名称", p)
    items = named_items(queries.named_like(driver, family, [Label.AGENCY]))
    text = (
        f"名称含“{family}”的机构有{len(items)}个（按文件原文分别列出，文本未说明是否为同一机构）："
        + "；".join(f"{i['name']}（{'、'.join(i['documents']) or '无文件'}）" for i in items)
        + "。"
        if items
        else f"图谱中没有名称含“{family}”的机构。"
    )
    return Answer("agency_variants", {"family": family}, items, text, queries.NAMED_LIKE)


def token_entities(driver: Driver, p: Parsed) -> Answer:
    """含“东岳”的实体有哪些: every entity whose name contains the token, each on its own (the text
    gives no basis to merge entities that only share a token)."""
    token = p.free_quoted()[0]
    items = named_items(queries.named_like(driver, token))

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


def project_duplicates(driver: Driver, p: Parsed) -> Answer:
    """疑似重复的项目: project names of one document that differ by one inserted word."""
    if p.doc is None:
        return need("project_duplicates", "文件", p)
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


def profile(driver: Driver, p: Parsed) -> Answer:
    hit = max(p.hits, key=lambda h: h.end - h.start) if p.hits else None
    if hit is None:
        return need("profile", "要介绍的对象", p)
    entry = hit.entries[0]
    prof = queries.profile(driver, entry.id, entry.label)
    item = prof.model_dump()
    rels: dict[str, int] = {}
    for r in prof.relations:
        rels[str(r["type"])] = rels.get(str(r["type"]), 0) + 1
    summary = "、".join(f"{k} {v}条" for k, v in sorted(rels.items()))
    text = f"{prof.name}（{prof.kind}）" + (
        f"：别名{'、'.join(prof.aliases[1:6])}；" if len(prof.aliases) > 1 else "："
    )
    text += f"图谱中有关系{summary}。" if summary else "图谱中没有与它相连的事实。"
    return Answer("profile", {"name": prof.name, "kind": prof.kind}, [item], text, queries.PROFILE)


def enterprises(driver: Driver, p: Parsed) -> Answer:
    """领军企业有哪些: the enterprises a document names in a chain (or in a city)."""
    params = clean({"chain": p.chain(), "city": p.first(Label.REGION), "doc": p.doc})
    if not params:
        return need("enterprises", "产业链、城市或文件", p)
    rows = queries.projects(driver, **params, kinds=[Label.ENTERPRISE])
    items = dump(rows)
    text = (
        f"{scope(params)}点名的企业有{len(items)}家：{name_list(items, 20)}。"
        if items
        else f"图谱中没有{scope(params)}点名的企业。"
    )
    return Answer("enterprises", {**params, "kind": Label.ENTERPRISE.value}, items, text, queries.PROJECTS)


def documents(driver: Driver, p: Parsed) -> Answer:
    """哪些文件给出了发文机关和日期: the documents, with the metadata asked for present."""
    rows = queries.documents(driver, p.doc)
    need_issuer = p.has("发文机关", "发文单位", "印发单位", "发布机关", "机关", "单位")
    need_date = p.has("日期", "时间", "何时")
    rows = [r for r in rows if (r.issuer or not need_issuer) and (r.date or not need_date)]
    items = dump(rows)
    params = clean({"doc": p.doc, "issuer": need_issuer or None, "date": need_date or None})
    if items:
        text = "；".join(
            f"{i['id']}（{i['title'] or ''}）" + "，".join(x for x in (i["issuer"], i["date"]) if x)
            for i in items
        )
        text = f"共{len(items)}个文件：{text}。"
    else:
        text = "没有文件在正文中给出这些信息。"
    return Answer("documents", params, items, text, queries.DOCUMENTS)
