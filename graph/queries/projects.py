"""Projects (and, on request, parks, enterprises and platforms): where they are, which chains they
serve, in which document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import LiteralString

from neo4j import Driver

from core.model import ENTITY_LABELS, Label, name_key
from graph.queries.fragments import FACT_RELS, cite
from graph.queries.records import evidence, read, strs
from graph.queries.resolve import resolve_document, resolved_id
from graph.rows import ProjectItem

_NO_CITY_OR_CHAIN: LiteralString = "  UNION\n  WITH 1 AS one WHERE $city IS NULL AND $chain IS NULL"
# With only a document: what its sentences mention or its fact relationships (one index seek on the
# relationships' doc per type) touch.
_BY_DOC: LiteralString = (
    _NO_CITY_OR_CHAIN
    + " AND $doc IS NOT NULL\n  MATCH (:Sentence {doc: $doc})-[:MENTIONS]->(p)\n  RETURN p\n"
    + "".join(
        _NO_CITY_OR_CHAIN
        + " AND $doc IS NOT NULL\n  MATCH (p)-[x:"
        + r.value
        + "]-() WHERE x.doc = $doc\n  RETURN p\n"
        for r in FACT_RELS
    )
)
# With no filter to expand from: the nodes of the labels asked for, by label.
_BY_LABEL: LiteralString = "".join(
    _NO_CITY_OR_CHAIN
    + " AND $doc IS NULL AND '"
    + lab.value
    + "' IN $labels\n  MATCH (p:"
    + lab.value
    + ")\n  RETURN p\n"
    for lab in ENTITY_LABELS
)

# Candidates come from the city's regions (or else the chain's sub-chains) by index seek and
# expansion, not from a scan of every node: on a graph of 60 documents the scan made /projects?city&chain
# cost 48 ms against 3 ms on the seeds, growing with the corpus. The filters below still decide.
# Evidence: the LOCATED_IN and SERVES/IN_CHAIN relationships that match the filters.
PROJECTS: LiteralString = (
    """
CALL () {
  WITH 1 AS one WHERE $city IS NOT NULL
  MATCH (:Region {id: $city})<-[:PART_OF*0..8]-(:Region)<-[:LOCATED_IN]-(p)
  RETURN DISTINCT p
  UNION
  WITH 1 AS one WHERE $city IS NULL AND $chain IS NOT NULL
  MATCH (:Chain {id: $chain})<-[:SUBCHAIN_OF*0..8]-(:Chain)<-[:SERVES|IN_CHAIN]-(p)
  RETURN DISTINCT p
"""
    + _BY_DOC
    + _BY_LABEL
    + """
}
WITH p
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
"""
    + cite("p, regions, chains", "lrels + srels", else_mentions="p")
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
) -> list[ProjectItem]:
    """Projects in ``city`` (or its sub-regions) serving ``chain`` (or its sub-chains) of ``doc``.

    ``with_bases``: parks and clusters (Base nodes, 园区/集聚区) count as projects too.
    ``kinds``: exactly these labels instead (e.g. Enterprise: the enterprises named in a chain).
    """
    if kinds:
        labels = [k.value for k in kinds]
    else:
        labels = [Label.PROJECT.value, *([Label.BASE.value] if with_bases else [])]
    rows = read(
        driver,
        PROJECTS,
        city=resolved_id(driver, Label.REGION, city),
        chain=resolved_id(driver, Label.CHAIN, chain),
        doc=resolve_document(driver, doc),
        name=name_key(name) if name else None,
        labels=labels,
        limit=limit,
    )
    return [
        ProjectItem(
            id=r["id"],
            name=r["name"],
            kind=str(r["label"]),
            evidence=evidence(r["evidence"]),
            regions=strs(r["regions"]),
            chains=strs(r["chains"]),
            project_kind=r["project_kind"],
        )
        for r in rows
    ]
