"""Every read query of the product.

Each function takes a :class:`neo4j.Driver` and typed arguments and returns typed rows
(:mod:`graph.rows`). User values are always query parameters; the only things ever put into query
text are members of closed enums (labels, relationship types) and validated small integers (hop
bounds, which Cypher cannot take as parameters), chosen from prepared variants.

Conventions shared by the queries:

- a ``region`` filter includes its sub-regions: ``(r)-[:PART_OF*0..]->(filter)``;
- a ``chain`` filter includes its sub-chains in any document: ``(c)-[:SUBCHAIN_OF*0..]->(filter)``;
- names are resolved first (:func:`resolve`), through ``keys`` (see docs/graph-model.md), so every
  query filters on ids;
- evidence is the sentences listed on the justifying relationships (``r.sentences``), falling back to
  the sentences that mention the item when no relationship justifies it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, LiteralString

from neo4j import Driver, RoutingControl

from core.errors import InputError, NotFound
from core.model import ENTITY_LABELS, Label, Rel, name_key
from graph.rows import (
    AgencyDetail,
    ChainDetail,
    ChainRow,
    CityPlan,
    Designation,
    DocumentRow,
    Entity,
    EntityProfile,
    Evidence,
    GapReport,
    GapSegment,
    GraphEdge,
    GraphPath,
    GraphView,
    MentionRow,
    NamedDoc,
    PathRel,
    ProjectRow,
    Ref,
    RegionRow,
    SearchRow,
    TargetRow,
    TaskRow,
)

MAX_EVIDENCE = 8  # per item: enough to cite, small enough for list responses
MAX_HOPS = 6
SUBTREE = "*0..8"  # hierarchies are shallow; the bound guards against cyclic alias data

# Fact relationships: everything but the evidence plumbing (IN, MENTIONS).
FACT_RELS: tuple[Rel, ...] = tuple(r for r in Rel if r not in (Rel.IN, Rel.MENTIONS))
_FACT_TYPES = "|".join(r.value for r in FACT_RELS)


def _read(driver: Driver, query: LiteralString, **params: Any) -> list[dict[str, Any]]:
    """Run one read query (routed to readers, retried by the driver) and return its records."""
    result = driver.execute_query(query, params, routing_=RoutingControl.READ)
    return [record.data() for record in result.records]


# --------------------------------------------------------------------------------------------------
# Evidence: a CALL subquery turning a list of sentence ids (``sids``) into {doc,title,line,quote}.
# ``_SIDS_OF`` flattens the ``sentences`` lists of a list of relationships named ``rels``.

_SIDS_OF = "reduce(acc = [], r IN {rels} | acc + coalesce(r.sentences, []))"
_MENTION_SIDS = "[(ms:Sentence)-[:MENTIONS]->({node}) | ms.id][..3]"

_EVIDENCE = """
CALL (sids) {
  UNWIND sids AS sid
  MATCH (s:Sentence {id: sid})
  WITH DISTINCT s ORDER BY s.doc, s.line
  LIMIT 8
  OPTIONAL MATCH (s)-[:IN]->(d:Document)
  RETURN collect({doc: s.doc, title: d.title, line: s.line, line_end: s.line_end, quote: s.quote})
         AS evidence
}
"""


def _evidence(rows: Iterable[Mapping[str, Any]] | None) -> list[Evidence]:
    out: list[Evidence] = []
    for e in rows or ():
        if e.get("line") is None or e.get("quote") is None:
            continue
        line = int(e["line"])
        out.append(
            Evidence(
                doc=str(e["doc"]),
                title=e.get("title"),
                line=line,
                line_end=int(e.get("line_end") or line),
                quote=str(e["quote"]),
            )
        )
    return out


def _strs(values: Iterable[Any] | None) -> list[str]:
    return sorted({str(v) for v in values or () if v is not None})


def _ordered(values: Iterable[Any] | None) -> list[str]:
    """Distinct strings in the order given (a clause's agencies: lead first, as printed)."""
    return list(dict.fromkeys(str(v) for v in values or () if v is not None))


def _named_docs(values: Iterable[Mapping[str, Any]] | None) -> list[NamedDoc]:
    seen = {(str(v["name"]), v.get("doc")) for v in values or () if v and v.get("name") is not None}
    return [NamedDoc(name=n, doc=d) for n, d in sorted(seen, key=lambda x: (x[1] or "", x[0]))]


# --------------------------------------------------------------------------------------------------
# Name resolution


def doc_id(value: str) -> str:
    """A document id as users write it: with or without the ``.txt`` of its file name."""
    value = value.strip()
    return value[:-4] if value.lower().endswith(".txt") else value


_REGION_SUFFIXES = ("市", "省", "区", "县")


_CHAIN_SUFFIX = re.compile(r"(?:产业链|产业集群|产业|行业|领域)$")


def _key_variants(label: Label, name: str) -> list[str]:
    """Keys to try for ``name``: itself, and for regions the forms with/without 市/省 (青岛 = 青岛市)."""
    key = name_key(name)
    keys = [key]
    if label is Label.REGION:
        keys += [key + s for s in ("市", "省")]
        if len(key) > 2 and key.endswith(_REGION_SUFFIXES):
            keys.append(key[:-1])
    if label is Label.CHAIN:
        # 空间信息产业 = 空间信息 = 空间信息产业链: the generic suffix is optional
        stem = _CHAIN_SUFFIX.sub("", key)
        stem = stem if len(stem) >= 2 else key
        keys += [k for k in (stem, f"{stem}产业", f"{stem}产业链") if k not in keys]
    return keys


def _resolve_query(label: Label) -> LiteralString:
    # Exact key first, then (regions) suffix variants; among several, the taxonomy's entity before
    # one a document introduced (人形机器人: an alias of 技能作业机器人 and a segment some list named),
    # the entity named so before one holding the name as an alias (工业机器人 before 机器人), the
    # larger administrative unit (a city rather than a same-named zone) and the shorter name.
    queries: dict[Label, LiteralString] = {
        lab: (
            "MATCH (n:"
            + lab.value  # closed enum, never user input
            + ") WHERE any(k IN $keys WHERE k IN n.keys) "
            "RETURN n.id AS id, n.name AS name, "
            "CASE WHEN $keys[0] IN n.keys THEN 0 ELSE 1 END AS exact, "
            "CASE WHEN coalesce(n.open_vocabulary, false) THEN 1 ELSE 0 END AS open, "
            "CASE WHEN n.keys[0] = $keys[0] THEN 0 ELSE 1 END AS named, "
            "CASE n.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END AS rank "
            "ORDER BY exact, open, named, rank, size(n.name) LIMIT 5"
        )
        for lab in ENTITY_LABELS
    }
    return queries[label]


def _names_query(label: Label) -> LiteralString:
    queries: dict[Label, LiteralString] = {
        lab: "MATCH (n:" + lab.value + ") RETURN n.name AS name, coalesce(n.aliases, []) AS aliases"
        for lab in ENTITY_LABELS
    }
    return queries[label]


_LABEL_ZH = {
    Label.REGION: "地区",
    Label.CHAIN: "产业链",
    Label.AGENCY: "部门",
    Label.PROJECT: "项目",
    Label.ENTERPRISE: "企业",
    Label.PLATFORM: "平台",
    Label.BASE: "基地",
    Label.TASK: "任务",
    Label.TARGET: "目标",
    Label.TECHNOLOGY: "技术",
}


def suggestions(driver: Driver, label: Label, name: str, limit: int = 5) -> list[str]:
    """Up to ``limit`` names of ``label`` close to ``name``: substrings first, then edit distance."""
    key = name_key(name)
    scored: dict[str, float] = {}
    for row in _read(driver, _names_query(label)):
        display = str(row["name"])
        for alias in [display, *row["aliases"]]:
            akey = name_key(str(alias))
            if not akey:
                continue
            if key and (key in akey or akey in key):
                score = 2.0 - abs(len(akey) - len(key)) / max(len(akey), len(key))
            else:
                score = difflib.SequenceMatcher(None, key, akey).ratio()
            if score >= 0.5 and score > scored.get(display, 0.0):
                scored[display] = score
    return [n for n, _ in sorted(scored.items(), key=lambda x: (-x[1], len(x[0]), x[0]))[:limit]]


def resolve(driver: Driver, label: Label, name: str) -> Entity:
    """The entity of ``label`` that ``name`` (or an alias of it) denotes; :class:`NotFound` if none."""
    if not name_key(name):
        raise InputError(f"empty {label.value.lower()} name")
    rows = _read(driver, _resolve_query(label), keys=_key_variants(label, name))
    if rows:
        return Entity(id=str(rows[0]["id"]), name=str(rows[0]["name"]), kind=label.value)
    close = suggestions(driver, label, name)
    raise NotFound(
        f"no {label.value} named {name!r} in the graph ({_LABEL_ZH.get(label, '')}未找到)",
        suggestions=close,
        hint=("did you mean: " + ", ".join(close))
        if close
        else f"list names with /api/v1/search?kind={label}",
    )


def resolve_optional(driver: Driver, label: Label, name: str | None) -> Entity | None:
    return None if name is None or not name.strip() else resolve(driver, label, name)


_DOC_EXISTS = "MATCH (d:Document {id: $id}) RETURN d.id AS id"
_DOC_IDS = "MATCH (d:Document) RETURN d.id AS id ORDER BY id"


def resolve_document(driver: Driver, value: str | None) -> str | None:
    """The document id of ``value`` (``.txt`` optional); :class:`NotFound` with close ids if absent."""
    if value is None or not value.strip():
        return None
    wanted = doc_id(value)
    if _read(driver, _DOC_EXISTS, id=wanted):
        return wanted
    ids = [str(r["id"]) for r in _read(driver, _DOC_IDS)]
    close = [i for i in ids if wanted in i or i.startswith(wanted[:3])][:5] or difflib.get_close_matches(
        wanted, ids, n=5
    )
    raise NotFound(
        f"no document {wanted!r} in the graph", suggestions=close, hint="list them at /api/v1/documents"
    )


# --------------------------------------------------------------------------------------------------
# Projects

PROJECTS: LiteralString = (
    """
MATCH (p)
WHERE any(l IN labels(p) WHERE l IN $labels)
  AND ($doc IS NULL OR EXISTS { MATCH (p)-[x]-() WHERE x.doc = $doc }
       OR EXISTS { MATCH (:Sentence {doc: $doc})-[:MENTIONS]->(p) })
  AND ($city IS NULL OR EXISTS { (p)-[:LOCATED_IN]->(:Region)-[:PART_OF*0..8]->(:Region {id: $city}) })
  AND ($chain IS NULL OR EXISTS {
        MATCH (p)-[s:SERVES|IN_CHAIN]->(:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain})
        WHERE $doc IS NULL OR s.doc = $doc })
  AND ($name IS NULL OR any(k IN p.keys WHERE k CONTAINS $name))
CALL (p) {
  OPTIONAL MATCH (p)-[l:LOCATED_IN]->(r:Region)
  WITH l, r,
       $city IS NULL OR EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) } AS hit
  RETURN collect(DISTINCT r.name) AS regions, collect(CASE WHEN hit THEN l END) AS lrels
}
CALL (p) {
  OPTIONAL MATCH (p)-[s:SERVES|IN_CHAIN]->(c:Chain)
  WITH s, c,
       ($chain IS NULL OR EXISTS { (c)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
       AND ($doc IS NULL OR s.doc = $doc) AS hit
  RETURN collect(DISTINCT c.name) AS chains, collect(CASE WHEN hit THEN s END) AS srels
}
WITH p, regions, chains, """
    + _SIDS_OF.format(rels="lrels + srels")
    + """ AS sids0
WITH p, regions, chains, CASE WHEN size(sids0) = 0 THEN """
    + _MENTION_SIDS.format(node="p")
    + """ ELSE sids0 END AS sids
"""
    + _EVIDENCE
    + """
RETURN p.id AS id, p.name AS name, labels(p)[0] AS label, p.kind AS project_kind, regions, chains, evidence
ORDER BY name
LIMIT $limit
"""
)


def projects(
    driver: Driver,
    *,
    city: str | None = None,
    chain: str | None = None,
    doc: str | None = None,
    name: str | None = None,
    with_bases: bool = False,
    kinds: Sequence[Label] | None = None,
    limit: int = 1000,
) -> list[ProjectRow]:
    """Projects in ``city`` (or its sub-regions) serving ``chain`` (or its sub-chains) of ``doc``.

    ``with_bases``: parks and clusters (Base nodes, 园区/集聚区) count as projects too.
    ``kinds``: exactly these labels instead (e.g. Enterprise: the enterprises named in a chain).
    """
    if kinds:
        labels = [k.value for k in kinds]
    else:
        labels = [Label.PROJECT.value, *([Label.BASE.value] if with_bases else [])]
    city_e = resolve_optional(driver, Label.REGION, city)
    chain_e = resolve_optional(driver, Label.CHAIN, chain)
    rows = _read(
        driver,
        PROJECTS,
        city=city_e.id if city_e else None,
        chain=chain_e.id if chain_e else None,
        doc=resolve_document(driver, doc),
        name=name_key(name) if name else None,
        labels=labels,
        limit=limit,
    )
    return [
        ProjectRow(
            id=r["id"],
            name=r["name"],
            kind=str(r["label"]),
            evidence=_evidence(r["evidence"]),
            regions=_strs(r["regions"]),
            chains=_strs(r["chains"]),
            project_kind=r["project_kind"],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------------------------------
# Regions designated for a chain

REGIONS: LiteralString = (
    """
MATCH (r:Region)-[d:DESIGNATED_FOR]->(c:Chain)
WHERE ($chain IS NULL OR EXISTS { (c)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND ($doc IS NULL OR d.doc = $doc)
  AND ($level IS NULL OR d.level = $level)
  AND ($role IS NULL OR coalesce(d.role, '') CONTAINS $role)
  AND ($region IS NULL OR EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $region}) })
WITH r, collect(d) AS ds, collect({chain: c.name, role: d.role, level: d.level,
                                   designation: d.designation, doc: d.doc}) AS designations
WITH r, designations, """
    + _SIDS_OF.format(rels="ds")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN r.id AS id, r.name AS name, r.level AS level, designations, evidence
ORDER BY CASE r.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, r.code, name
LIMIT $limit
"""
)


def regions(
    driver: Driver,
    *,
    chain: str | None = None,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    role: str | None = None,
    limit: int = 1000,
) -> list[RegionRow]:
    """Regions designated (基地/集群/集聚区 …) for ``chain`` or one of its sub-chains.

    ``role``: only designations whose role contains it (集群: clusters, not parks or bases).
    """
    chain_e = resolve_optional(driver, Label.CHAIN, chain)
    region_e = resolve_optional(driver, Label.REGION, region)
    rows = _read(
        driver,
        REGIONS,
        chain=chain_e.id if chain_e else None,
        doc=resolve_document(driver, doc),
        region=region_e.id if region_e else None,
        level=level or None,
        role=role or None,
        limit=limit,
    )
    return [_region_row(r) for r in rows]


# The zones and places a document puts inside a region (功能区 of a district, the core places of a zone).
PLACES_WITHIN: LiteralString = (
    """
MATCH (r:Region)-[p:PART_OF]->(:Region {id: $within})
WHERE p.source = 'text' AND ($doc IS NULL OR p.doc = $doc)
  AND ($role IS NULL OR coalesce(p.role, '') CONTAINS $role)
WITH r, collect(p) AS ps, [] AS designations
WITH r, designations, """
    + _SIDS_OF.format(rels="ps")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN r.id AS id, r.name AS name, r.level AS level, designations, evidence
ORDER BY coalesce(head(evidence).line, 0), name
LIMIT $limit
"""
)


def places_within(
    driver: Driver, within: str, *, doc: str | None = None, role: str | None = None, limit: int = 1000
) -> list[RegionRow]:
    """Zones and places the text puts inside ``within`` (PART_OF stated by a document)."""
    parent = resolve(driver, Label.REGION, within)
    rows = _read(
        driver,
        PLACES_WITHIN,
        within=parent.id,
        doc=resolve_document(driver, doc),
        role=role or None,
        limit=limit,
    )
    return [_region_row(r) for r in rows]


def _region_row(r: Mapping[str, Any]) -> RegionRow:
    designations = [
        Designation(
            chain=str(d["chain"]),
            role=d["role"],
            level=d["level"],
            designation=d["designation"],
            doc=d["doc"],
        )
        for d in r["designations"]
    ]
    designations.sort(key=lambda d: (d.doc or "", d.chain, d.role or ""))
    return RegionRow(
        id=r["id"],
        name=r["name"],
        kind=Label.REGION.value,
        evidence=_evidence(r["evidence"]),
        level=r["level"],
        roles=_strs(d.role for d in designations),
        designations=designations,
    )


# --------------------------------------------------------------------------------------------------
# Chains

CHAINS: LiteralString = (
    """
MATCH (c:Chain)
WHERE ($parent IS NULL OR EXISTS {
        MATCH (c)-[s:SUBCHAIN_OF]->(:Chain {id: $parent})
        WHERE ($doc IS NULL OR s.doc = $doc) AND ($facet IS NULL OR s.facet = $facet) }
      OR ($facet IS NOT NULL AND EXISTS {
        MATCH (c)<-[s:HAS_SEGMENT]-(:Chain)-[:SUBCHAIN_OF*0..2]->(:Chain {id: $parent})
        WHERE ($doc IS NULL OR s.doc = $doc) AND s.facet = $facet }))
  AND (NOT $root OR (EXISTS { MATCH (c)<-[s:SUBCHAIN_OF]-() WHERE s.doc = $doc }
                      AND NOT EXISTS { MATCH (c)-[s:SUBCHAIN_OF]->() WHERE s.doc = $doc }))
  AND ($doc IS NULL OR $parent IS NOT NULL
       OR EXISTS { MATCH (c)-[x]-() WHERE x.doc = $doc }
       OR EXISTS { MATCH (:Sentence {doc: $doc})-[:MENTIONS]->(c) })
CALL (c) {
  OPTIONAL MATCH (c)-[up:SUBCHAIN_OF]->(p:Chain)
  RETURN collect({name: p.name, doc: up.doc}) AS parents, collect(up) AS uprels
}
CALL (c) {
  OPTIONAL MATCH (c)<-[down:SUBCHAIN_OF]-(k:Chain)
  RETURN collect({name: k.name, doc: down.doc}) AS children
}
WITH c, parents, children,
     [r IN uprels WHERE ($parent IS NULL OR endNode(r).id = $parent) AND ($doc IS NULL OR r.doc = $doc)]
     AS hits
WITH c, parents, children, """
    + _SIDS_OF.format(rels="hits")
    + """ AS sids0
WITH c, parents, children, CASE WHEN size(sids0) = 0 THEN """
    + _MENTION_SIDS.format(node="c")
    + """ ELSE sids0 END AS sids
"""
    + _EVIDENCE
    + """
RETURN c.id AS id, c.name AS name, parents, children, evidence
ORDER BY name
LIMIT $limit
"""
)

# Chains a region (or its sub-regions) is designated for: "青岛有哪些国家级产业集群".
CHAINS_OF_REGION: LiteralString = (
    """
MATCH (r:Region)-[d:DESIGNATED_FOR]->(c:Chain)
WHERE EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $region}) }
  AND ($level IS NULL OR d.level = $level)
  AND ($doc IS NULL OR d.doc = $doc)
  AND ($parent IS NULL OR EXISTS { (c)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $parent}) })
WITH c, collect(d) AS ds
CALL (c) {
  OPTIONAL MATCH (c)-[up:SUBCHAIN_OF]->(p:Chain)
  RETURN collect({name: p.name, doc: up.doc}) AS parents
}
CALL (c) {
  OPTIONAL MATCH (c)<-[down:SUBCHAIN_OF]-(k:Chain)
  RETURN collect({name: k.name, doc: down.doc}) AS children
}
WITH c, parents, children, """
    + _SIDS_OF.format(rels="ds")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN c.id AS id, c.name AS name, parents, children, evidence
ORDER BY name
LIMIT $limit
"""
)


def chains(
    driver: Driver,
    *,
    parent: str | None = None,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    root: bool = False,
    facet: str | None = None,
    limit: int = 1000,
) -> list[ChainRow]:
    """Direct sub-chains of ``parent`` (in ``doc``), all chains of ``doc``, or a region's chains.

    ``root``: only the top of ``doc``'s hierarchy (chains with sub-chains but no parent in it).
    ``facet``: with ``parent``, only the segments a list gave as that (环节, 产品, 领域 …).
    """
    if root and not doc:
        raise InputError("root=true needs a doc: the top level is per document")
    parent_e = resolve_optional(driver, Label.CHAIN, parent)
    doc_v = resolve_document(driver, doc)
    region_e = resolve_optional(driver, Label.REGION, region)
    if region_e is not None:
        rows = _read(
            driver,
            CHAINS_OF_REGION,
            region=region_e.id,
            level=level or None,
            doc=doc_v,
            parent=parent_e.id if parent_e else None,
            limit=limit,
        )
    else:
        rows = _read(
            driver,
            CHAINS,
            parent=parent_e.id if parent_e else None,
            doc=doc_v,
            root=root,
            facet=facet or None,
            limit=limit,
        )
    return [
        ChainRow(
            id=r["id"],
            name=r["name"],
            kind=Label.CHAIN.value,
            evidence=_evidence(r["evidence"]),
            parents=_named_docs(r["parents"]),
            children=_named_docs(r["children"]),
        )
        for r in rows
    ]


CHAIN_DETAIL: LiteralString = (
    """
MATCH (c:Chain {id: $id})
CALL (c) {
  OPTIONAL MATCH (c)-[up:SUBCHAIN_OF]->(p:Chain)
  RETURN collect({name: p.name, doc: up.doc}) AS parents, collect(up) AS uprels
}
CALL (c) {
  OPTIONAL MATCH (c)<-[down:SUBCHAIN_OF]-(k:Chain)
  RETURN collect({name: k.name, doc: down.doc}) AS children
}
CALL (c) {
  OPTIONAL MATCH (s:Sentence)-[:MENTIONS]->(c)
  WITH collect(DISTINCT s.doc) AS mdocs
  OPTIONAL MATCH (c)-[x]-() WHERE x.doc IS NOT NULL
  WITH mdocs, collect(DISTINCT x.doc) AS rdocs
  RETURN mdocs + rdocs AS documents
}
CALL (c) {
  MATCH (sub:Chain)-[:SUBCHAIN_OF*0..8]->(c)
  WITH collect(DISTINCT sub) AS subs
  RETURN
    COUNT { MATCH (p:Project)-[:SERVES]->(x) WHERE x IN subs } AS projects,
    COUNT { MATCH (r:Region)-[:DESIGNATED_FOR]->(x) WHERE x IN subs } AS designations,
    COUNT { MATCH (t:Target)-[:MEASURES]->(x) WHERE x IN subs } AS targets,
    COUNT { MATCH (t:Task)-[:CONCERNS]->(x) WHERE x IN subs } AS tasks,
    COUNT { MATCH (e:Enterprise)-[:IN_CHAIN]->(x) WHERE x IN subs } AS enterprises,
    COUNT { MATCH (b:Base)-[:IN_CHAIN]->(x) WHERE x IN subs } AS bases,
    COUNT { MATCH (b:Platform)-[:IN_CHAIN]->(x) WHERE x IN subs } AS platforms,
    size(subs) - 1 AS sub_chains
}
WITH c, parents, children, documents, projects, designations, targets, tasks, enterprises, bases,
     platforms, sub_chains,
     CASE WHEN size(uprels) = 0 THEN """
    + _MENTION_SIDS.format(node="c")
    + " ELSE "
    + _SIDS_OF.format(rels="uprels")
    + """ END AS sids
"""
    + _EVIDENCE
    + """
RETURN c.id AS id, c.name AS name, coalesce(c.aliases, []) AS aliases, parents, children, documents,
       {projects: projects, designations: designations, targets: targets, tasks: tasks,
        enterprises: enterprises, bases: bases, platforms: platforms, sub_chains: sub_chains} AS counts,
       evidence
"""
)


def chain_detail(driver: Driver, name: str) -> ChainDetail:
    entity = resolve(driver, Label.CHAIN, name)
    r = _read(driver, CHAIN_DETAIL, id=entity.id)[0]
    return ChainDetail(
        id=r["id"],
        name=r["name"],
        kind=Label.CHAIN.value,
        evidence=_evidence(r["evidence"]),
        aliases=list(r["aliases"]),
        parents=_named_docs(r["parents"]),
        children=_named_docs(r["children"]),
        documents=_strs(r["documents"]),
        counts={k: int(v) for k, v in r["counts"].items()},
    )


# --------------------------------------------------------------------------------------------------
# Targets

_TEXT_KEY = (
    "replace(replace(replace(replace(replace(coalesce({x}, ''), ' ', ''), '\u3000', ''), '\t', ''),"
    " '（', '('), '）', ')')"
)

TARGETS: LiteralString = (
    """
MATCH (t:Target)
WHERE ($doc IS NULL OR t.doc = $doc)
  AND ($year IS NULL OR t.year = $year)
  AND ($chain IS NULL OR EXISTS { (t)-[:MEASURES]->(:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND (NOT $overall OR t.in_goals OR NOT EXISTS { (t)-[:MEASURES]->(:Chain) })
  AND ($region IS NULL OR EXISTS { (t)-[:SCOPED_TO]->(:Region)-[:PART_OF*0..8]->(:Region {id: $region}) })
  AND ($q IS NULL OR any(w IN $q WHERE """
    + _TEXT_KEY.format(x="t.metric")
    + " CONTAINS w OR (size(coalesce(t.metric, '')) >= 4 AND w CONTAINS "
    + _TEXT_KEY.format(x="t.metric")
    + ") OR "
    + _TEXT_KEY.format(x="t.text")
    + """ CONTAINS w))
CALL (t) {
  OPTIONAL MATCH (t)-[m:MEASURES]->(c:Chain)
  RETURN collect(DISTINCT c.name) AS chains, collect(m) AS mrels
}
CALL (t) {
  OPTIONAL MATCH (t)-[s:SCOPED_TO]->(r:Region)
  RETURN collect(DISTINCT r.name) AS regions, collect(s) AS srels
}
WITH t, chains, regions, """
    + _SIDS_OF.format(rels="mrels + srels")
    + """ AS sids0
WITH t, chains, regions, CASE WHEN size(sids0) = 0 THEN """
    + _MENTION_SIDS.format(node="t")
    + """ ELSE sids0 END AS sids
"""
    + _EVIDENCE
    + """
RETURN t.id AS id, coalesce(t.name, t.metric) AS name, t.metric AS metric, t.value AS value,
       t.value_max AS value_max, t.unit AS unit, t.qualifier AS qualifier, t.year AS year,
       t.period AS period, chains, regions, t.doc AS doc, t.text AS text, evidence,
       coalesce(t.in_goals, false) AS in_goals
ORDER BY doc, year, name
LIMIT $limit
"""
)


def _q_variants(q: str | None) -> list[str] | None:
    """Whitespace-free forms of a free-text filter, with and without bracket folding."""
    if q is None or not q.strip():
        return None
    raw = re.sub(r"\s+", "", q)
    return list(dict.fromkeys([raw, raw.replace("（", "(").replace("）", ")")]))


def _subsequence(needle: str, hay: str, max_gap: int = 4) -> bool:
    """``needle``'s characters appear in ``hay`` in order, skipping at most ``max_gap`` in all."""
    if len(needle) < 4 or not hay:
        return False
    pos, skipped = hay.find(needle[0]), 0
    if pos < 0:
        return False
    for ch in needle[1:]:
        nxt = hay.find(ch, pos + 1)
        if nxt < 0:
            return False
        skipped += nxt - pos - 1
        pos = nxt
    return skipped <= max_gap


_MEASURE_WORDS = re.compile(r"(数量|数|规模|总量|个数|目标)$")
MIN_COVERAGE = 0.6


def coverage(words: str, text: str) -> float:
    """Share of ``words`` covered by pieces of two or more characters that ``text`` also holds,
    taken greedily longest first (新增海外市场获批产品 in 新增在海外市场获批医疗器械产品: 1.0)."""
    if not words:
        return 0.0
    covered, i = 0, 0
    while i < len(words):
        n = len(words) - i
        while n >= 2 and words[i : i + n] not in text:
            n -= 1
        if n >= 2:
            covered += n
            i += n
        else:
            i += 1
    return covered / len(words)


def _best_covered(wanted: str, rows: list[dict[str, Any]], *, narrow: bool) -> list[dict[str, Any]]:
    """The targets whose metric (or clause) covers most of ``wanted``, if at least MIN_COVERAGE:
    users name a measure in their own words (产业集聚区数量 for 建设…产业集聚区3个). Unless a chain or
    document narrows the candidates, two shared characters are a coincidence (人口 in 人口密集区)."""
    words = _MEASURE_WORDS.sub("", wanted) or wanted
    if not narrow and len(words) < 4:
        return []
    scored = [
        (
            max(
                coverage(words, name_key(str(r["metric"] or ""))),
                coverage(words, name_key(str(r["text"] or ""))),
            ),
            r,
        )
        for r in rows
    ]
    best = max((s for s, _ in scored), default=0.0)
    return [r for s, r in scored if s >= MIN_COVERAGE and s == best]


def targets(
    driver: Driver,
    *,
    chain: str | None = None,
    region: str | None = None,
    year: int | None = None,
    doc: str | None = None,
    q: str | None = None,
    overall: bool = False,
    limit: int = 1000,
) -> list[TargetRow]:
    """Targets of ``chain`` (or its sub-chains), ``region``, ``year``, ``doc``, words ``q``.

    ``overall``: a document's headline goals: the targets stated under its goals heading (二、主要目标,
    发展目标, 行业范围及目标) when it has one, else those that measure no particular chain.
    """
    chain_e = resolve_optional(driver, Label.CHAIN, chain)
    region_e = resolve_optional(driver, Label.REGION, region)
    params: dict[str, Any] = {
        "chain": chain_e.id if chain_e else None,
        "region": region_e.id if region_e else None,
        "year": year,
        "doc": resolve_document(driver, doc),
        "q": _q_variants(q),
        "overall": overall,
        "limit": limit,
    }
    rows = _read(driver, TARGETS, **params)
    if not rows and q:
        # Nothing contains the words: fall back to targets whose metric holds them in order with
        # small gaps (研发投入强度 ~ 研发经费投入强度), filtered here rather than in Cypher.
        wanted = name_key(q)
        candidates = _read(driver, TARGETS, **{**params, "q": None})
        rows = [r for r in candidates if _subsequence(wanted, name_key(str(r["metric"] or "")))]
        if not rows:
            rows = _best_covered(wanted, candidates, narrow=bool(chain_e or params["doc"]))
    if overall:
        with_goals = {r["doc"] for r in rows if r["in_goals"]}
        rows = [r for r in rows if r["in_goals"] or (r["doc"] not in with_goals and not r["chains"])]
    out: list[TargetRow] = []
    for r in rows:
        chains_ = _strs(r["chains"])
        regions_ = _strs(r["regions"])
        out.append(
            TargetRow(
                id=r["id"],
                name=r["name"] or r["text"] or r["id"],
                kind=Label.TARGET.value,
                evidence=_evidence(r["evidence"]),
                metric=r["metric"],
                value=None if r["value"] is None else float(r["value"]),
                value_max=None if r["value_max"] is None else float(r["value_max"]),
                unit=r["unit"],
                qualifier=r["qualifier"],
                year=None if r["year"] is None else int(r["year"]),
                period=r["period"],
                chain=chains_[0] if chains_ else None,
                chains=chains_,
                region=regions_[0] if regions_ else None,
                doc=r["doc"],
                text=r["text"],
            )
        )
    return out


# --------------------------------------------------------------------------------------------------
# Tasks and agencies


def _task_fields(carry: LiteralString = "") -> LiteralString:
    """Lead/support/responsible agencies, chains and evidence of ``t``; ``carry`` = extra variables."""
    return (
        """
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[l:LEADS]->(t)
  WITH a, l ORDER BY l.order, a.name
  RETURN collect(DISTINCT coalesce(l.printed, a.name)) AS lead, collect(l) AS lrels
}
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[s:SUPPORTS]->(t)
  WITH a, s ORDER BY s.order, a.name
  RETURN collect(DISTINCT coalesce(s.printed, a.name)) AS support, collect(s) AS srels
}
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[x:RESPONSIBLE_FOR]->(t)
  WITH a, x ORDER BY x.order, a.name
  RETURN collect(DISTINCT coalesce(x.printed, a.name)) AS responsible, collect(x) AS xrels
}
CALL (t) {
  OPTIONAL MATCH (t)-[:CONCERNS]->(c:Chain)
  RETURN collect(DISTINCT c.name) AS task_chains
}
WITH t"""
        + carry
        + """, lead, support, responsible, task_chains, """
        + _SIDS_OF.format(rels="lrels + srels + xrels")
        + """ AS sids0
WITH t"""
        + carry
        + """, lead, support, responsible, task_chains, CASE WHEN size(sids0) = 0 THEN """
        + _MENTION_SIDS.format(node="t")
        + """ ELSE sids0 END AS sids
"""
        + _EVIDENCE
        + """
RETURN t.id AS id, coalesce(t.title, t.name) AS name, t.text AS text, t.doc AS doc"""
        + carry
        + """,
       lead, support, responsible, task_chains AS chains, evidence
"""
    )


TASKS: LiteralString = (
    """
MATCH (t:Task)
WHERE ($doc IS NULL OR t.doc = $doc)
  AND ($agency IS NULL OR EXISTS { (:Agency {id: $agency})-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t) })
  AND ($chain IS NULL OR EXISTS { (t)-[:CONCERNS]->(:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND ($q IS NULL OR any(w IN $q WHERE any(k IN coalesce(t.keys, []) WHERE k CONTAINS w
                                                 OR (size(k) >= 4 AND w CONTAINS k))
                         OR """
    + _TEXT_KEY.format(x="t.title")
    + " CONTAINS w OR "
    + _TEXT_KEY.format(x="t.text")
    + """ CONTAINS w))
"""
    + _task_fields()
    + """
ORDER BY doc, name
LIMIT $limit
"""
)

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、|\d+[.．、])\s*"
)


def task_query_key(q: str) -> str:
    """The words of a task as users quote them, without heading numbering (（一）, 3., 一、)."""
    return _NUMBERING.sub("", q).strip().strip("“”\"'「」")


def _task_row(r: Mapping[str, Any]) -> TaskRow:
    return TaskRow(
        id=r["id"],
        name=r["name"] or r["id"],
        kind=Label.TASK.value,
        evidence=_evidence(r["evidence"]),
        text=r["text"],
        lead=_ordered(r["lead"]),
        support=_ordered(r["support"]),
        responsible=_ordered(r["responsible"]),
        doc=r["doc"],
        chains=_strs(r["chains"]),
    )


def tasks(
    driver: Driver,
    *,
    q: str | None = None,
    agency: str | None = None,
    chain: str | None = None,
    doc: str | None = None,
    limit: int = 1000,
) -> list[TaskRow]:
    """Tasks whose title or text holds the words ``q``, with who leads, supports or is responsible.

    When the words are the exact title of some tasks, only those are returned: a quoted task title
    should not also return every task whose text happens to repeat it.
    """
    agency_e = resolve_optional(driver, Label.AGENCY, agency)
    chain_e = resolve_optional(driver, Label.CHAIN, chain)
    words = task_query_key(q) if q else None
    variants = _q_variants(words)
    if variants:
        variants = list(dict.fromkeys([*variants, name_key(words or "")]))
    rows = _read(
        driver,
        TASKS,
        q=variants,
        agency=agency_e.id if agency_e else None,
        chain=chain_e.id if chain_e else None,
        doc=resolve_document(driver, doc),
        limit=limit,
    )
    out = [_task_row(r) for r in rows]
    if not out and words:
        # No task holds the words as typed: try each of the 和/与/及-joined parts, in order with small
        # gaps (实施协调和评估 ~ 规划实施的协调落实 … 评估制度), filtered here rather than in Cypher.
        parts = [p for p in re.split(r"[和与及、]", name_key(words)) if len(p) >= 2]
        if parts:
            pool = _read(
                driver,
                TASKS,
                q=None,
                agency=agency_e.id if agency_e else None,
                chain=chain_e.id if chain_e else None,
                doc=resolve_document(driver, doc),
                limit=limit,
            )
            out = [
                t
                for t in map(_task_row, pool)
                if any(p in hay or _subsequence(p, hay) for hay in [name_key(t.name)] for p in parts)
            ]
        return out
    if variants:
        keys = set(variants)
        titled = [t for t in out if name_key(task_query_key(t.name)) in keys]
        if titled:
            return titled
        in_title = [t for t in out if any(k in name_key(t.name) for k in keys)]
        if in_title:
            return in_title
    return out


AGENCY_TASKS: LiteralString = (
    """
MATCH (ag:Agency {id: $id})-[rel:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)
WITH t, type(rel) AS role
"""
    + _task_fields(", role")
    + """
ORDER BY doc, name
"""
)

AGENCY: LiteralString = (
    """
MATCH (a:Agency {id: $id})
WITH a, """
    + _MENTION_SIDS.format(node="a")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN a.id AS id, a.name AS name, coalesce(a.aliases, []) AS aliases, a.full_name AS full_name, evidence
"""
)


def agency_detail(driver: Driver, name: str) -> AgencyDetail:
    entity = resolve(driver, Label.AGENCY, name)
    head = _read(driver, AGENCY, id=entity.id)[0]
    by_role: dict[str, list[TaskRow]] = {"LEADS": [], "SUPPORTS": [], "RESPONSIBLE_FOR": []}
    for r in _read(driver, AGENCY_TASKS, id=entity.id):
        by_role[str(r["role"])].append(_task_row(r))
    return AgencyDetail(
        id=head["id"],
        name=head["name"],
        kind=Label.AGENCY.value,
        evidence=_evidence(head["evidence"]),
        aliases=list(head["aliases"]),
        full_name=head["full_name"],
        leads=by_role["LEADS"],
        supports=by_role["SUPPORTS"],
        responsible=by_role["RESPONSIBLE_FOR"],
    )


# --------------------------------------------------------------------------------------------------
# Mentions of a term

MENTIONS: LiteralString = (
    """
MATCH (s:Sentence)
WHERE any(w IN $q WHERE """
    + _TEXT_KEY.format(x="s.text")
    + " CONTAINS w OR "
    + _TEXT_KEY.format(x="s.quote")
    + """ CONTAINS w)
WITH s.doc AS doc, s ORDER BY s.line
WITH doc, count(s) AS count, collect(s.id)[..8] AS sids
"""
    + _EVIDENCE
    + """
OPTIONAL MATCH (d:Document {id: doc})
RETURN doc AS id, coalesce(d.title, doc) AS name, d.title AS title, count, evidence
ORDER BY count DESC, id
"""
)


def mentions(driver: Driver, term: str) -> list[MentionRow]:
    """Documents whose sentences contain ``term`` (whitespace-insensitive), with the number of them."""
    variants = _q_variants(term)
    if not variants:
        raise InputError("term must not be empty")
    rows = _read(driver, MENTIONS, q=variants)
    return [
        MentionRow(
            id=r["id"],
            name=r["name"],
            kind=Label.DOCUMENT.value,
            evidence=_evidence(r["evidence"]),
            count=int(r["count"]),
            title=r["title"],
        )
        for r in rows
    ]


# --------------------------------------------------------------------------------------------------
# Gaps of a chain in a city

GAP_SEGMENTS: LiteralString = (
    """
MATCH (root:Chain {id: $chain})
OPTIONAL MATCH (seg:Chain)-[:SUBCHAIN_OF]->(root)
WITH root, collect(DISTINCT seg) AS segs
UNWIND CASE WHEN size(segs) = 0 THEN [root] ELSE segs END AS seg
CALL (seg) {
  OPTIONAL MATCH (p:Project)-[s:SERVES]->(:Chain)-[:SUBCHAIN_OF*0..8]->(seg)
  OPTIONAL MATCH (p)-[l:LOCATED_IN]->(r:Region) WHERE EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) }
  WITH p, s, l WHERE l IS NOT NULL
  RETURN collect(DISTINCT {id: p.id, name: p.name, kind: 'Project'}) AS projects,
         collect(s) + collect(l) AS prels
}
CALL (seg) {
  OPTIONAL MATCH (e)-[i:IN_CHAIN]->(:Chain)-[:SUBCHAIN_OF*0..8]->(seg)
  OPTIONAL MATCH (e)-[l:LOCATED_IN]->(r:Region) WHERE EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) }
  WITH e, i, l WHERE l IS NOT NULL
  RETURN collect(DISTINCT CASE WHEN e:Enterprise THEN {id: e.id, name: e.name, kind: 'Enterprise'} END)
           AS enterprises,
         collect(DISTINCT CASE WHEN e:Base THEN {id: e.id, name: e.name, kind: 'Base'} END) AS bases,
         collect(i) + collect(l) AS erels
}
WITH seg, projects, enterprises, bases, """
    + _SIDS_OF.format(rels="prels + erels")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN seg.id AS id, seg.name AS name, projects, enterprises, bases, evidence
ORDER BY name
"""
)

# Designations of the city (or its districts) for the chain, from province-level documents.
GAP_DESIGNATIONS: LiteralString = (
    """
MATCH (r:Region)-[d:DESIGNATED_FOR]->(c:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain})
WHERE EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $city}) }
  AND EXISTS { (:Document {id: d.doc, level: 'province'}) }
WITH r, collect(d) AS ds, collect({chain: c.name, role: d.role, level: d.level,
                                   designation: d.designation, doc: d.doc}) AS designations
WITH r, designations, """
    + _SIDS_OF.format(rels="ds")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN r.id AS id, r.name AS name, r.level AS level, designations, evidence
ORDER BY name
"""
)

# The city's own plans (level city, region = the city) and whether they name the chain or a sub-chain.
GAP_CITY_PLANS: LiteralString = (
    """
MATCH (city:Region {id: $city})
MATCH (d:Document) WHERE d.level = 'city' AND d.region IS NOT NULL
  AND any(k IN city.keys WHERE k = replace(d.region, ' ', ''))
CALL (d) {
  OPTIONAL MATCH (s:Sentence {doc: d.id})-[:MENTIONS]->(c:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain})
  WITH s ORDER BY s.line
  RETURN collect(DISTINCT s.id)[..3] AS msids
}
CALL (d) {
  OPTIONAL MATCH (c:Chain)-[x]-() WHERE x.doc = d.id
    AND EXISTS { (c)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) }
  RETURN count(x) > 0 AS related
}
WITH d, related, msids AS sids
"""
    + _EVIDENCE
    + """
RETURN d.id AS doc, d.title AS title, related OR size(sids) > 0 AS names_chain, evidence
ORDER BY doc
"""
)


def gaps(driver: Driver, *, city: str, chain: str) -> GapReport:
    """What a city has, and lacks, in each segment (sub-chain) of a chain."""
    city_e = resolve(driver, Label.REGION, city)
    chain_e = resolve(driver, Label.CHAIN, chain)
    segments: list[GapSegment] = []
    for r in _read(driver, GAP_SEGMENTS, city=city_e.id, chain=chain_e.id):
        prj = _refs(r["projects"])
        ent = _refs(r["enterprises"])
        bas = _refs(r["bases"])
        segments.append(
            GapSegment(
                id=r["id"],
                name=r["name"],
                kind=Label.CHAIN.value,
                evidence=_evidence(r["evidence"]),
                covered=bool(prj or ent or bas),
                projects=prj,
                enterprises=ent,
                bases=bas,
            )
        )
    designations = [_region_row(r) for r in _read(driver, GAP_DESIGNATIONS, city=city_e.id, chain=chain_e.id)]
    plans = [
        CityPlan(
            doc=r["doc"],
            title=r["title"],
            names_chain=bool(r["names_chain"]),
            evidence=_evidence(r["evidence"]),
        )
        for r in _read(driver, GAP_CITY_PLANS, city=city_e.id, chain=chain_e.id)
    ]
    return GapReport(
        city=city_e, chain=chain_e, segments=segments, designations=designations, city_plans=plans
    )


def _refs(values: Iterable[Mapping[str, Any] | None]) -> list[Ref]:
    seen = {(str(v["id"]), str(v["name"]), str(v["kind"])) for v in values if v and v.get("id")}
    return [Ref(id=i, name=n, kind=k) for i, n, k in sorted(seen, key=lambda x: x[1])]


# --------------------------------------------------------------------------------------------------
# Any entity: search, look-up, profile


def _search_query() -> LiteralString:
    return (
        """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
  AND any(k IN coalesce(n.keys, []) WHERE k CONTAINS $key)
WITH n, CASE WHEN $key IN n.keys THEN 0 ELSE 1 END AS exact
ORDER BY exact, size(n.name), n.name
LIMIT $limit
WITH n, """
        + _MENTION_SIDS.format(node="n")
        + """ AS sids
"""
        + _EVIDENCE
        + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases, evidence
"""
    )


SEARCH: LiteralString = _search_query()


def parse_label(kind: str | None) -> Label | None:
    """A ``kind`` parameter as a node label (case-insensitive); InputError for an unknown one."""
    if kind is None or not kind.strip():
        return None
    for label in ENTITY_LABELS:
        if label.value.lower() == kind.strip().lower():
            return label
    raise InputError(
        f"unknown kind {kind!r}",
        hint="one of: " + ", ".join(label.value for label in ENTITY_LABELS),
    )


def search(driver: Driver, q: str, kind: str | None = None, limit: int = 50) -> list[SearchRow]:
    """Entities whose name or an alias contains ``q`` (whitespace-insensitive); exact matches first."""
    key = name_key(q)
    if not key:
        raise InputError("q must not be empty")
    label = parse_label(kind)
    labels = [label.value] if label else [lab.value for lab in ENTITY_LABELS]
    rows = _read(driver, SEARCH, labels=labels, key=key, limit=limit)
    return [
        SearchRow(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            evidence=_evidence(r["evidence"]),
            aliases=list(r["aliases"]),
        )
        for r in rows
    ]


ANY_ENTITY: LiteralString = """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels) AND $key IN n.keys
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind
ORDER BY CASE labels(n)[0] WHEN 'Region' THEN 0 WHEN 'Chain' THEN 1 WHEN 'Agency' THEN 2 ELSE 3 END,
         size(n.name)
LIMIT 5
"""


def resolve_any(driver: Driver, name: str, labels: Sequence[Label] = ENTITY_LABELS) -> Entity:
    """An entity of any of ``labels`` by name or alias (regions also without 市/省)."""
    for label in labels:
        if label is Label.REGION:
            rows = _read(driver, _resolve_query(label), keys=_key_variants(label, name))
            if rows:
                return Entity(id=str(rows[0]["id"]), name=str(rows[0]["name"]), kind=label.value)
    rows = _read(driver, ANY_ENTITY, labels=[lab.value for lab in labels], key=name_key(name))
    if rows:
        return Entity(id=str(rows[0]["id"]), name=str(rows[0]["name"]), kind=str(rows[0]["kind"]))
    close = [r.name for r in search(driver, name[:2], limit=5)] if len(name_key(name)) >= 2 else []
    raise NotFound(f"no entity named {name!r} in the graph", suggestions=close)


PROFILE: LiteralString = (
    """
MATCH (n {id: $id})
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(m)
  WHERE NOT m:Sentence AND NOT m:Document
  WITH r, m ORDER BY type(r), m.name
  LIMIT 200
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {
    type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
    other: {id: m.id, name: m.name, kind: labels(m)[0]}, doc: r.doc,
    role: r.role, designation: r.designation} END) AS relations
}
WITH n, relations, """
    + _MENTION_SIDS.format(node="n")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       properties(n) AS props, relations, evidence
"""
)


def profile(driver: Driver, entity_id: str) -> EntityProfile:
    rows = _read(driver, PROFILE, id=entity_id)
    if not rows:
        raise NotFound(f"no node {entity_id!r}")
    r = rows[0]
    props = {k: v for k, v in r["props"].items() if k not in ("keys", "aliases", "id", "name")}
    return EntityProfile(
        id=r["id"],
        name=r["name"],
        kind=r["kind"],
        evidence=_evidence(r["evidence"]),
        aliases=list(r["aliases"]),
        props=props,
        relations=[x for x in r["relations"] if x],
    )


# --------------------------------------------------------------------------------------------------
# Paths and neighbourhoods


def _paths_query(hops: int) -> LiteralString:
    variants: dict[int, LiteralString] = {
        1: "*..1",
        2: "*..2",
        3: "*..3",
        4: "*..4",
        5: "*..5",
        6: "*..6",
    }
    return (
        """
MATCH (a {id: $a}), (b {id: $b})
MATCH p = allShortestPaths((a)-[:"""
        + _FACT_TYPES
        + variants[hops]
        + """]-(b))
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {id: n.id, name: n.name, kind: labels(n)[0]}] AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).id, target: endNode(r).id,
                                 doc: r.doc, sentences: coalesce(r.sentences, [])}] AS rels
"""
    )


_SENTENCES: LiteralString = (
    """
WITH $sids AS sids
"""
    + _EVIDENCE
    + """
RETURN evidence
"""
)


def paths(driver: Driver, source: str, target: str, max_hops: int = 4, limit: int = 10) -> list[GraphPath]:
    """Shortest paths (all of equal length, up to ``limit``) between two named entities."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise InputError(f"max_hops must be between 1 and {MAX_HOPS}")
    a = resolve_any(driver, source)
    b = resolve_any(driver, target)
    rows = _read(driver, _paths_query(max_hops), a=a.id, b=b.id, limit=limit)
    out: list[GraphPath] = []
    for r in rows:
        rels = []
        for rel in r["rels"]:
            ev = (
                _read(driver, _SENTENCES, sids=list(rel["sentences"]))[0]["evidence"]
                if rel["sentences"]
                else []
            )
            rels.append(
                PathRel(
                    type=rel["type"],
                    source=rel["source"],
                    target=rel["target"],
                    doc=rel["doc"],
                    evidence=_evidence(ev),
                )
            )
        out.append(
            GraphPath(nodes=[Ref(id=n["id"], name=n["name"], kind=n["kind"]) for n in r["nodes"]], rels=rels)
        )
    return out


def _neighbourhood_query(depth: int) -> LiteralString:
    variants: dict[int, LiteralString] = {1: "*1..1", 2: "*1..2", 3: "*1..3"}
    return (
        """
MATCH (f {id: $focus})
OPTIONAL MATCH p = (f)-[:"""
        + _FACT_TYPES
        + variants[depth]
        + """]-(m)
WITH f, m, min(length(p)) AS dist
ORDER BY dist, m.name
WITH f, collect(m)[..$limit] AS ms
WITH [f] + [m IN ms WHERE m IS NOT NULL AND m <> f] AS ns
UNWIND ns AS n
OPTIONAL MATCH (n)-[r]->(o) WHERE o IN ns AND type(r) IN $types
WITH ns, collect(DISTINCT {source: n.id, target: o.id, type: type(r), doc: r.doc}) AS es
RETURN [n IN ns | {id: n.id, name: n.name, kind: labels(n)[0]}] AS nodes,
       [e IN es WHERE e.type IS NOT NULL] AS edges
"""
    )


OVERVIEW: LiteralString = """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
WITH n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.name
LIMIT $limit
WITH collect(n) AS ns
UNWIND ns AS n
OPTIONAL MATCH (n)-[r]->(o) WHERE o IN ns AND type(r) IN $types
WITH ns, collect(DISTINCT {source: n.id, target: o.id, type: type(r), doc: r.doc}) AS es
RETURN [n IN ns | {id: n.id, name: n.name, kind: labels(n)[0]}] AS nodes,
       [e IN es WHERE e.type IS NOT NULL] AS edges
"""


def graph(driver: Driver, focus: str | None = None, depth: int = 1, limit: int = 100) -> GraphView:
    """Nodes and edges for embedding: a focus entity's neighbourhood, or the best-connected nodes."""
    if not 1 <= depth <= 3:
        raise InputError("depth must be between 1 and 3")
    types = [r.value for r in FACT_RELS]
    if focus:
        entity = resolve_any(driver, focus)
        rows = _read(driver, _neighbourhood_query(depth), focus=entity.id, limit=limit, types=types)
    else:
        labels = [lab.value for lab in ENTITY_LABELS if lab not in (Label.TASK, Label.TARGET)]
        rows = _read(driver, OVERVIEW, labels=labels, limit=limit, types=types)
    r = rows[0] if rows else {"nodes": [], "edges": []}
    return GraphView(
        nodes=[Ref(id=n["id"], name=n["name"], kind=n["kind"]) for n in r["nodes"]],
        edges=[
            GraphEdge(source=e["source"], target=e["target"], type=e["type"], doc=e["doc"])
            for e in r["edges"]
        ],
    )


# --------------------------------------------------------------------------------------------------
# Documents and health

DOCUMENTS: LiteralString = """
MATCH (d:Document)
WHERE $id IS NULL OR d.id = $id
CALL (d) {
  OPTIONAL MATCH (s:Sentence {doc: d.id})
  RETURN count(s) AS sentences
}
CALL (d) {
  OPTIONAL MATCH (:Sentence {doc: d.id})-[:MENTIONS]->(n)
  WITH labels(n)[0] AS label, count(DISTINCT n) AS n
  RETURN collect([label, n]) AS entities
}
RETURN d.id AS id, coalesce(d.title, d.name, d.id) AS name, d.title AS title, d.issuer AS issuer,
       d.date AS date, d.level AS level, d.region AS region, d.period AS period, sentences, entities,
       COUNT { MATCH (t:Task {doc: d.id}) } AS tasks, COUNT { MATCH (t:Target {doc: d.id}) } AS targets
ORDER BY id
"""

_COUNT_KEYS = {
    "Chain": "chains",
    "Region": "regions",
    "Project": "projects",
    "Agency": "agencies",
    "Enterprise": "enterprises",
    "Platform": "platforms",
    "Base": "bases",
    "Technology": "technologies",
}


def _str_or_none(v: Any) -> str | None:
    return None if v is None else str(v)


def documents(driver: Driver, doc: str | None = None) -> list[DocumentRow]:
    wanted = resolve_document(driver, doc) if doc is not None else None
    out: list[DocumentRow] = []
    for r in _read(driver, DOCUMENTS, id=wanted):
        counts = {"sentences": int(r["sentences"]), "tasks": int(r["tasks"]), "targets": int(r["targets"])}
        for label, n in r["entities"]:
            if label in _COUNT_KEYS:
                counts[_COUNT_KEYS[label]] = int(n)
        out.append(
            DocumentRow(
                id=r["id"],
                name=r["name"],
                kind=Label.DOCUMENT.value,
                evidence=[],
                title=_str_or_none(r["title"]),
                issuer=_str_or_none(r["issuer"]),
                date=_str_or_none(r["date"]),
                level=_str_or_none(r["level"]),
                region=_str_or_none(r["region"]),
                period=_str_or_none(r["period"]),
                counts=counts,
            )
        )
    return out


def document(driver: Driver, doc: str) -> DocumentRow:
    rows = documents(driver, doc)
    return rows[0]


HEALTH: LiteralString = "MATCH (d:Document) RETURN count(d) AS documents"


def count_documents(driver: Driver) -> int:
    return int(_read(driver, HEALTH)[0]["documents"])


# --------------------------------------------------------------------------------------------------
# Dictionary for the question parser: every entity name and alias, and document titles.

LEXICON: LiteralString = """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       n.level AS level
"""

DOCUMENT_INDEX: LiteralString = """
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.subject AS subject, d.level AS level, d.region AS region,
       d.sha256 AS sha256, d.facts_sha256 AS facts_sha256
ORDER BY id
"""


def lexicon(driver: Driver, labels: Sequence[Label]) -> list[dict[str, Any]]:
    return _read(driver, LEXICON, labels=[lab.value for lab in labels])


def document_index(driver: Driver) -> list[dict[str, Any]]:
    return _read(driver, DOCUMENT_INDEX)


# --------------------------------------------------------------------------------------------------
# Name families, token look-ups and near-duplicate names (per entity, never merged)

NAMED_LIKE: LiteralString = (
    """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
  AND any(k IN coalesce(n.keys, []) WHERE k CONTAINS $key)
WITH n ORDER BY size(n.name), n.name
LIMIT $limit
CALL (n) {
  OPTIONAL MATCH (n)-[r]->(c:Chain) WHERE r.doc IS NOT NULL
  RETURN collect(DISTINCT {name: c.name, doc: r.doc}) AS chains, collect(r) AS crels
}
CALL (n) {
  OPTIONAL MATCH (ms:Sentence)-[:MENTIONS]->(n)
  WITH collect(DISTINCT ms.doc) AS mdocs
  OPTIONAL MATCH (n)-[x]-() WHERE x.doc IS NOT NULL
  WITH mdocs, collect(DISTINCT x.doc) AS rdocs
  RETURN [d IN mdocs + rdocs WHERE d IS NOT NULL] AS documents
}
WITH n, chains, documents,
     CASE WHEN size(crels) = 0 THEN [(ms:Sentence)-[:MENTIONS]->(n) | ms.id][..8] ELSE """
    + _SIDS_OF.format(rels="crels")
    + """ END AS sids
"""
    + _EVIDENCE
    + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       chains, documents, evidence
"""
)


# What a chain (or one of its sub-chains, in any document) must master: 重点突破X、Y等关键材料.
TECHNOLOGIES: LiteralString = (
    """
MATCH (root:Chain {id: $chain})
MATCH (c:Chain)-[:SUBCHAIN_OF*0..3]->(root)
MATCH (c)-[n:NEEDS]->(t:Technology)
WHERE ($doc IS NULL OR n.doc = $doc) AND ($kind IS NULL OR n.kind CONTAINS $kind)
WITH t, collect(n) AS rels, collect(DISTINCT c.name) AS chains, collect(DISTINCT n.kind) AS kinds,
     min(n.doc) AS first_doc
WITH t, chains, kinds, first_doc, [r IN rels WHERE r.doc = first_doc | r.at] AS ats, """
    + _SIDS_OF.format(rels="rels")
    + """ AS sids
"""
    + _EVIDENCE
    + """
RETURN t.id AS id, t.name AS name, 'Technology' AS kind, chains, kinds, evidence
ORDER BY first_doc, reduce(m = null, a IN ats | CASE WHEN m IS NULL OR a < m THEN a ELSE m END), t.name
LIMIT $limit
"""
)


def technologies(
    driver: Driver, *, chain: str, doc: str | None = None, kind: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Technologies, materials, components or products ``chain`` (or a sub-chain) must master,
    with the words the text classes them under (关键材料, 核心技术 …); ``kind`` filters on those."""
    chain_e = resolve(driver, Label.CHAIN, chain)
    rows = _read(
        driver,
        TECHNOLOGIES,
        chain=chain_e.id,
        doc=resolve_document(driver, doc),
        kind=kind or None,
        limit=limit,
    )
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "kind": r["kind"],
            "chains": _strs(r["chains"]),
            "categories": _strs(r["kinds"]),
            "evidence": [e.__dict__ for e in _evidence(r["evidence"])],
        }
        for r in rows
    ]


def named_like(
    driver: Driver, token: str, labels: Sequence[Label] = ENTITY_LABELS, limit: int = 50
) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains ``token``, one row each (never merged), with the
    documents that state or mention them and the chains they serve or belong to, per document."""
    key = name_key(token)
    if not key:
        raise InputError("token must not be empty")
    rows = _read(driver, NAMED_LIKE, labels=[lab.value for lab in labels], key=key, limit=limit)
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "kind": r["kind"],
            "aliases": list(r["aliases"]),
            "documents": _strs(r["documents"]),
            "chains": [{"name": c.name, "doc": c.doc} for c in _named_docs(r["chains"])],
            "evidence": [e.__dict__ for e in _evidence(r["evidence"])],
        }
        for r in rows
    ]


DOC_PROJECT_NAMES: LiteralString = """
MATCH (p:Project)-[r]->() WHERE r.doc = $doc
WITH DISTINCT p
OPTIONAL MATCH (p)-[s:SERVES {doc: $doc}]->(c:Chain)
RETURN p.id AS id, p.name AS name, collect(DISTINCT c.name) AS chains,
       head(collect(s.sentences[0])) AS sid
ORDER BY p.name
"""

# An inserted chunk that makes a different project, not another spelling of the same one.
_DISTINCT_CHUNK = re.compile(r"[0-9０-９一二三四五六七八九十期号#]|[A-Za-z]")


def near_duplicate(a: str, b: str, max_insert: int = 3, min_common: int = 8) -> bool:
    """``b`` is ``a`` with one contiguous chunk of 1..max_insert characters inserted (or the reverse)
    and the rest, at least ``min_common`` characters, identical: 装配项目 ~ 装配车间项目. Chunks with
    digits, latin letters or 期/号 mark different items (一期/二期) and never count."""
    ka, kb = name_key(a), name_key(b)
    if len(ka) > len(kb):
        ka, kb = kb, ka
    extra = len(kb) - len(ka)
    if not 1 <= extra <= max_insert or len(ka) < min_common:
        return False
    i = 0
    while i < len(ka) and ka[i] == kb[i]:
        i += 1
    if ka[i:] != kb[i + extra :]:
        return False
    return not _DISTINCT_CHUNK.search(kb[i : i + extra])


def near_duplicate_projects(driver: Driver, doc: str) -> list[dict[str, Any]]:
    """Pairs of project names of one document that differ by one inserted word (see near_duplicate)."""
    rows = _read(driver, DOC_PROJECT_NAMES, doc=doc)
    out: list[dict[str, Any]] = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if near_duplicate(str(a["name"]), str(b["name"])):
                short, long_ = (a, b) if len(name_key(a["name"])) <= len(name_key(b["name"])) else (b, a)
                out.append({"a": short, "b": long_})
    return out


def sentence_evidence(driver: Driver, sids: Sequence[str]) -> list[dict[str, Any]]:
    rows = _read(driver, SENTENCE_EVIDENCE, sids=[s for s in sids if s])
    return [e.__dict__ for e in _evidence(rows[0]["evidence"] if rows else [])]


SENTENCE_EVIDENCE: LiteralString = "WITH $sids AS sids\n" + _EVIDENCE + "RETURN evidence\n"
