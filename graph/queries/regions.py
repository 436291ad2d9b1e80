"""Regions: the places a document designates for a chain (基地/集群/集聚区 …), and the zones and
places a document puts inside a region (功能区, the places at a zone's core)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.fragments import cite
from graph.queries.records import evidence, read, strs
from graph.queries.resolve import resolve, resolve_document, resolved_id
from graph.rows import Designation, RegionItem

# With a chain or a region, candidates come from its sub-chains or sub-regions by expansion instead of
# from every designation (UNION: each designation once, however many paths reach it).
_SEEDED: LiteralString = """
CALL () {
  WITH 1 AS one WHERE $chain IS NOT NULL
  MATCH (:Chain {id: $chain})<-[:SUBCHAIN_OF*0..8]-(c:Chain)<-[d:DESIGNATED_FOR]-(r:Region)
  RETURN r, d, c
  UNION
  WITH 1 AS one WHERE $chain IS NULL
  MATCH (:Region {id: $region})<-[:PART_OF*0..8]-(r:Region)-[d:DESIGNATED_FOR]->(c:Chain)
  RETURN r, d, c
}
WITH r, d, c"""

# The designations of each region, whose relationships are its evidence.
_FILTERED: LiteralString = (
    """
WHERE ($chain IS NULL OR EXISTS { (c)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND ($doc IS NULL OR d.doc = $doc)
  AND ($level IS NULL OR d.level = $level)
  AND ($role IS NULL OR coalesce(d.role, '') CONTAINS $role)
  AND ($region IS NULL OR EXISTS { (r)-[:PART_OF*0..8]->(:Region {id: $region}) })
WITH r, collect(d) AS ds, collect({chain: c.name, role: d.role, level: d.level,
                                   designation: d.designation, doc: d.doc}) AS designations
"""
    + cite("r, designations", "ds")
    + """
RETURN r.id AS id, r.name AS name, r.level AS level, designations, evidence
ORDER BY CASE r.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END, r.code, name
LIMIT $limit
"""
)
REGIONS: LiteralString = "\nMATCH (r:Region)-[d:DESIGNATED_FOR]->(c:Chain)" + _FILTERED
REGIONS_SEEDED: LiteralString = _SEEDED + _FILTERED


def regions(
    driver: Driver,
    *,
    chain: str | None = None,
    doc: str | None = None,
    region: str | None = None,
    level: str | None = None,
    role: str | None = None,
    limit: int = 1000,
) -> list[RegionItem]:
    """Regions designated (基地/集群/集聚区 …) for ``chain`` or one of its sub-chains.

    ``role``: only designations whose role contains it (集群: clusters, not parks or bases).
    """
    chain_id = resolved_id(driver, Label.CHAIN, chain)
    region_id = resolved_id(driver, Label.REGION, region)
    rows = read(
        driver,
        REGIONS if chain_id is None and region_id is None else REGIONS_SEEDED,
        chain=chain_id,
        doc=resolve_document(driver, doc),
        region=region_id,
        level=level or None,
        role=role or None,
        limit=limit,
    )
    return [region_item(r) for r in rows]


# PART_OF stated by a text (not the gazetteer's), in the order the document names the places.
PLACES_WITHIN: LiteralString = (
    """
MATCH (r:Region)-[p:PART_OF]->(:Region {id: $within})
WHERE p.source = 'text' AND ($doc IS NULL OR p.doc = $doc)
  AND ($role IS NULL OR coalesce(p.role, '') CONTAINS $role)
WITH r, collect(p) AS ps, [] AS designations
"""
    + cite("r, designations", "ps")
    + """
RETURN r.id AS id, r.name AS name, r.level AS level, designations, evidence
ORDER BY coalesce(head(evidence).line, 0), name
LIMIT $limit
"""
)


def places_within(
    driver: Driver, within: str, *, doc: str | None = None, role: str | None = None, limit: int = 1000
) -> list[RegionItem]:
    """Zones and places the text puts inside ``within`` (PART_OF stated by a document)."""
    parent = resolve(driver, Label.REGION, within)
    rows = read(
        driver,
        PLACES_WITHIN,
        within=parent.id,
        doc=resolve_document(driver, doc),
        role=role or None,
        limit=limit,
    )
    return [region_item(r) for r in rows]


def region_item(r: Mapping[str, Any]) -> RegionItem:
    """A region record (``id``, ``name``, ``level``, ``designations``, ``evidence``) as a row."""
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
    return RegionItem(
        id=r["id"],
        name=r["name"],
        kind=Label.REGION.value,
        evidence=evidence(r["evidence"]),
        level=r["level"],
        roles=strs(d.role for d in designations),
        designations=designations,
    )
