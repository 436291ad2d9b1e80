"""Chains (产业链) and their hierarchy: sub-chains of a chain or the chains of a document, the
chains a region is designated for, and one chain in detail."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import Label
from graph.queries.fragments import EVIDENCE, FACT_RELS, cite, mention_sids, sids_of
from graph.queries.records import evidence, named_docs, read, strs
from graph.queries.resolve import resolve, resolve_document, resolved_id
from graph.rows import ChainDetail, ChainItem

# A chain's parents and children in every document (each {name, doc}): a chain's place differs
# from one plan to the next.
_PARENTS: LiteralString = """
CALL (c) {
  OPTIONAL MATCH (c)-[up:SUBCHAIN_OF]->(p:Chain)
  RETURN collect({name: p.name, doc: up.doc}) AS parents, collect(up) AS uprels
}"""
_CHILDREN: LiteralString = """
CALL (c) {
  OPTIONAL MATCH (c)<-[down:SUBCHAIN_OF]-(k:Chain)
  RETURN collect({name: k.name, doc: down.doc}) AS children
}
"""

_DOC_ONLY: LiteralString = "  UNION\n  WITH 1 AS one WHERE $parent IS NULL AND $doc IS NOT NULL\n"
# Candidates: the parent's children (or segments), else what the document's sentences mention or its
# fact relationships touch (one index seek on the relationships' doc per type), else every chain;
# the filters below still decide. Reading every chain's relationships to find a document's cost a
# scan of most of the graph.
_CANDIDATES: LiteralString = (
    """CALL () {
  WITH 1 AS one WHERE $parent IS NOT NULL
  MATCH (c:Chain)-[:SUBCHAIN_OF]->(:Chain {id: $parent})
  RETURN c
  UNION
  WITH 1 AS one WHERE $parent IS NOT NULL AND $facet IS NOT NULL
  MATCH (c:Chain)<-[:HAS_SEGMENT]-(:Chain)-[:SUBCHAIN_OF*0..2]->(:Chain {id: $parent})
  RETURN c
"""
    + _DOC_ONLY
    + "  MATCH (:Sentence {doc: $doc})-[:MENTIONS]->(c:Chain)\n  RETURN c\n"
    + "".join(
        _DOC_ONLY + "  MATCH (c:Chain)-[x:" + r.value + "]-() WHERE x.doc = $doc\n  RETURN c\n"
        for r in FACT_RELS
    )
    + """  UNION
  WITH 1 AS one WHERE $parent IS NULL AND $doc IS NULL
  MATCH (c:Chain)
  RETURN c
}
WITH c
"""
)

# Evidence: the SUBCHAIN_OF that placed the chain under the parent asked for (in the document).
CHAINS: LiteralString = (
    _CANDIDATES
    + """WHERE ($parent IS NULL OR EXISTS {
        MATCH (c)-[s:SUBCHAIN_OF]->(:Chain {id: $parent})
        WHERE ($doc IS NULL OR s.doc = $doc) AND ($facet IS NULL OR s.facet = $facet) }
      OR ($facet IS NOT NULL AND EXISTS {
        MATCH (c)<-[s:HAS_SEGMENT]-(:Chain)-[:SUBCHAIN_OF*0..2]->(:Chain {id: $parent})
        WHERE ($doc IS NULL OR s.doc = $doc) AND s.facet = $facet }))
  AND (NOT $root OR (EXISTS { MATCH (c)<-[s:SUBCHAIN_OF]-() WHERE s.doc = $doc }
                      AND NOT EXISTS { MATCH (c)-[s:SUBCHAIN_OF]->() WHERE s.doc = $doc }))
// with a doc and no parent, the candidates are the chains the document touches or mentions"""
    + _PARENTS
    + _CHILDREN
    + """WITH c, parents, children,
     [r IN uprels WHERE ($parent IS NULL OR endNode(r).id = $parent) AND ($doc IS NULL OR r.doc = $doc)]
     AS hits
"""
    + cite("c, parents, children", "hits", else_mentions="c")
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
}"""
    + _CHILDREN
    + cite("c, parents, children", "ds")
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
) -> list[ChainItem]:
    """Direct sub-chains of ``parent`` (in ``doc``), all chains of ``doc``, or a region's chains.

    ``root``: only the top of ``doc``'s hierarchy (chains with sub-chains but no parent in it).
    ``facet``: with ``parent``, only the segments a list gave as that (环节, 产品, 领域 …).
    """
    if root and not doc:
        raise InputError("root=true needs a doc: the top level is per document")
    parent_id = resolved_id(driver, Label.CHAIN, parent)
    doc_v = resolve_document(driver, doc)
    region_id = resolved_id(driver, Label.REGION, region)
    if region_id is not None:
        rows = read(
            driver,
            CHAINS_OF_REGION,
            region=region_id,
            level=level or None,
            doc=doc_v,
            parent=parent_id,
            limit=limit,
        )
    else:
        rows = read(driver, CHAINS, parent=parent_id, doc=doc_v, root=root, facet=facet or None, limit=limit)
    return [
        ChainItem(
            id=r["id"],
            name=r["name"],
            kind=Label.CHAIN.value,
            evidence=evidence(r["evidence"]),
            parents=named_docs(r["parents"]),
            children=named_docs(r["children"]),
        )
        for r in rows
    ]


# The documents that state or mention the chain, and how many facts hang on it or its sub-chains.
CHAIN_DETAIL: LiteralString = (
    """
MATCH (c:Chain {id: $id})"""
    + _PARENTS
    + _CHILDREN
    + """CALL (c) {
  OPTIONAL MATCH (s:Sentence)-[:MENTIONS]->(c)
  WITH collect(DISTINCT s.doc) AS mdocs
  OPTIONAL MATCH (c)-[x]-() WHERE x.doc IS NOT NULL
  WITH mdocs, collect(DISTINCT x.doc) AS rdocs
  RETURN mdocs + rdocs AS documents
}
CALL (c) {
  MATCH (sub:Chain)-[:SUBCHAIN_OF*0..8]->(c)
  WITH collect(DISTINCT sub) AS subs
  // from each sub-chain outwards: reading every project, target, task … to test x IN subs grows
  // with the graph, not with the chain
  RETURN
    COUNT { UNWIND subs AS x MATCH (p:Project)-[:SERVES]->(x) } AS projects,
    COUNT { UNWIND subs AS x MATCH (r:Region)-[:DESIGNATED_FOR]->(x) } AS designations,
    COUNT { UNWIND subs AS x MATCH (t:Target)-[:MEASURES]->(x) } AS targets,
    COUNT { UNWIND subs AS x MATCH (t:Task)-[:CONCERNS]->(x) } AS tasks,
    COUNT { UNWIND subs AS x MATCH (e:Enterprise)-[:IN_CHAIN]->(x) } AS enterprises,
    COUNT { UNWIND subs AS x MATCH (b:Base)-[:IN_CHAIN]->(x) } AS bases,
    COUNT { UNWIND subs AS x MATCH (b:Platform)-[:IN_CHAIN]->(x) } AS platforms,
    size(subs) - 1 AS sub_chains
}
WITH c, parents, children, documents, projects, designations, targets, tasks, enterprises, bases,
     platforms, sub_chains,
     CASE WHEN size(uprels) = 0 THEN """
    + mention_sids("c")
    + " ELSE "
    + sids_of("uprels")
    + """ END AS sids
"""
    + EVIDENCE
    + """
RETURN c.id AS id, c.name AS name, coalesce(c.aliases, []) AS aliases, parents, children, documents,
       {projects: projects, designations: designations, targets: targets, tasks: tasks,
        enterprises: enterprises, bases: bases, platforms: platforms, sub_chains: sub_chains} AS counts,
       evidence
"""
)


def chain_detail(driver: Driver, name: str) -> ChainDetail:
    """One chain: aliases, parents and children per document, documents, counts of its facts."""
    entity = resolve(driver, Label.CHAIN, name)
    r = read(driver, CHAIN_DETAIL, id=entity.id)[0]
    return ChainDetail(
        id=r["id"],
        name=r["name"],
        kind=Label.CHAIN.value,
        evidence=evidence(r["evidence"]),
        aliases=list(r["aliases"]),
        parents=named_docs(r["parents"]),
        children=named_docs(r["children"]),
        documents=strs(r["documents"]),
        counts={k: int(v) for k, v in r["counts"].items()},
    )
