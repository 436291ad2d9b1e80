"""Answers about chains: their sub-chains, where a chain sits in each document, and the technologies
(materials, components …) a chain must master."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from neo4j import Driver

from api.ask.answer import Answer, clean, dump, name_list, need, scope
from api.ask.parse import Parsed
from core.model import REFERENCE_LEVEL, Label, name_key
from core.placements import placement
from graph import asking, queries

TECH_WORDS = (
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


def technologies(driver: Driver, p: Parsed) -> Answer:
    """氢能产业链需要重点突破哪些关键材料: what the texts say a chain must master, of the kind asked."""
    chain = p.chain()
    if chain is None:
        return need("technologies", "产业链", p)
    kind_m = _TECH_KIND.search(p.question.replace(chain, ""))  # 新材料 names a chain, not a kind
    kind = kind_m.group(1) if kind_m else None
    params = clean({"chain": chain, "doc": p.doc, "kind": kind})
    rows = queries.technologies(driver, chain=chain, doc=p.doc, kind=kind)
    if p.doc is None and (own := region_docs(p)):
        # 广东…要突破哪些零部件: what the plans of the place the question names say
        mine = [r for r in rows if any(e["doc"] in own for e in r["evidence"])]
        if mine:
            rows, params["docs"] = mine, sorted(own)
    items = [{k: r[k] for k in ("id", "name", "kind", "evidence")} for r in rows]
    what = kind or "技术、材料与部件"
    text = (
        f"{scope(params)}需要突破的{what}有：{name_list(items)}。"
        if items
        else f"图谱中没有找到{scope(params)}需要突破的{what}。"
    )
    return Answer("technologies", params, items, text, queries.TECHNOLOGIES)


def chain_placements(
    detail: dict[str, Any], doc_ids: Sequence[str], provinces: Mapping[str, str | None] | None = None
) -> list[dict[str, Any]]:
    """Where a chain sits in each document: its parents there (SUBCHAIN_OF of that document), or
    顶层 (it heads sub-chains there but has no parent), 未标明上级 (mentioned only) or 未涉及.

    With ``provinces`` (document -> province code), 未涉及 is said only of the documents of a
    province whose plans do place the chain: a comparison across one province's plans, not a
    list of every unrelated document a large corpus holds."""
    involved = {x.get("doc") for x in [*detail.get("parents", []), *detail.get("children", [])]}
    involved |= set(detail.get("documents", []))
    if provinces is not None:
        wanted = {provinces.get(str(d)) for d in involved} - {None}
        doc_ids = [d for d in doc_ids if d in involved or provinces.get(d) in wanted]
    return [placement(detail, doc) for doc in doc_ids]


def chain_parents(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    assert chain is not None
    detail = queries.chain_detail(driver, chain)
    item = detail.model_dump()
    docs = [d.id for d in queries.documents(driver) if d.level != REFERENCE_LEVEL]  # plans, not the map
    item["placements"] = chain_placements(item, docs, asking.document_provinces(driver))
    by_doc = "；".join(f"{x['doc']}：{x['placement']}" for x in item["placements"])
    text = f"{detail.name}在各文件中的位置（上级产业或顶层）：{by_doc}。"
    return Answer("chain_parents", {"chain": detail.name}, [item], text, queries.CHAIN_DETAIL)


def sub_chains(driver: Driver, p: Parsed) -> Answer:
    chain = p.chain()
    if chain is None and p.doc is None:
        return need("chains", "产业链或文件", p)
    params = clean({"parent": chain, "doc": p.doc})
    rows = queries.chains(driver, parent=chain, doc=p.doc, root=chain is None)
    if chain is None:  # the top of the document's hierarchy
        params["root"] = True
    items = dump(rows)
    if items:
        text = f"{scope({'doc': p.doc})}{chain or ''}包括{len(items)}个细分领域：{name_list(items, 20)}。"
    else:
        text = f"图谱中没有{scope({'doc': p.doc})}{chain or ''}的细分领域。"
    return Answer("chains", params, items, text, queries.CHAINS)


FACET_WORDS = ("技术路线", "赛道", "环节", "产品", "领域", "方向", "业态")
_MIN_LIST_OVERLAP = 4  # shared question bigrams for a list to be the one asked about


def facet_of(p: Parsed) -> str | None:
    """The kind of segment the question asks for (哪些环节 → 环节), if it names one; a facet word
    right after a chain's name is part of how the chain is named (航空航天领域), not asked for."""
    key = p.key
    for hit, _ in p.entities(Label.CHAIN):
        after = next((f for f in FACET_WORDS if key.startswith(f, hit.end)), None)
        if after:
            key = key[: hit.end] + "，" * len(after) + key[hit.end + len(after) :]
    return next((f for f in FACET_WORDS if f in key), None)


def _bigrams(text: str) -> set[str]:
    key = name_key(text)
    return {key[i : i + 2] for i in range(len(key) - 1)}


def best_list(driver: Driver, p: Parsed, facet: str) -> tuple[str, str] | None:
    """(parent, doc) of the ``facet`` list whose sentence shares the most words with the question
    (行动计划提出发展的三大拳头产品 → the sentence listing them), when it shares enough."""
    words = _bigrams(p.question)
    rows = asking.segment_lists(driver, facet, p.doc)
    # 仁寿县…聚焦哪些方向: a region that is some plans' own region narrows the lists to theirs
    own = region_docs(p)
    if own and p.doc is None:
        rows = [r for r in rows if r["doc"] in own]
    scored = [
        (max(len(words & _bigrams(t)) for t in r["texts"]), str(r["parent"]), str(r["doc"]))
        for r in rows
        if r["texts"]
    ]
    if not scored:
        return None
    best = max(scored)
    least = _MIN_LIST_OVERLAP - (1 if own or p.doc else 0)
    return (best[1], best[2]) if best[0] >= least else None


def region_docs(p: Parsed) -> set[str]:
    """The documents whose own region is a region the question names (仁寿县 → 仁寿县's plan)."""
    if p.lex is None:
        return set()
    names = {name_key(n) for _, n in p.entities(Label.REGION)}
    return {d.id for d in p.lex.docs if d.region and name_key(d.region) in names}


def _best_doc(p: Parsed, rows: Sequence[Any]) -> list[Any]:
    """Of segments several documents list, those of the document whose wording the question fits."""
    docs = {e.doc for r in rows for e in r.evidence}
    if len(docs) < 2:
        return list(rows)
    words = _bigrams(p.question)
    fit = {
        d: max(len(words & _bigrams(e.quote)) for r in rows for e in r.evidence if e.doc == d) for d in docs
    }
    best = max(fit.values())
    return [r for r in rows if any(fit[e.doc] == best for e in r.evidence)]


def segments(driver: Driver, p: Parsed) -> Answer:
    """商业航天产业链包括哪些环节 / 三大拳头产品是什么: the segments a document lists as that facet
    (the chain's, else the list the question's words fit), else the sub-chains."""
    facet = facet_of(p)
    assert facet is not None
    named = [c for _, c in sorted(p.entities(Label.CHAIN), key=lambda x: x[0].start - x[0].end)]
    for chain in named:
        rows = _best_doc(p, queries.chains(driver, parent=chain, doc=p.doc, facet=facet))
        if rows:
            return _segment_answer(clean({"parent": chain, "doc": p.doc, "facet": facet}), rows)
    found = best_list(driver, p, facet)
    if found:
        parent, doc = found
        rows = queries.chains(driver, parent=parent, doc=doc, facet=facet)
        if rows:
            return _segment_answer({"parent": parent, "doc": doc, "facet": facet, "match": "words"}, rows)
    return sub_chains(driver, p)


def _segment_answer(params: dict[str, Any], rows: Sequence[Any]) -> Answer:
    items = dump(rows)
    text = f"{scope({'doc': params.get('doc')})}{params['parent']}的{params['facet']}有{len(items)}个：" + (
        f"{name_list(items, 20)}。"
    )
    return Answer("segments", params, items, text, queries.CHAINS)
