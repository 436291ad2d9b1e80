"""Gaps of a chain in a city: what the city has, and lacks, in each segment (sub-chain) of the
chain, how the province's plans designate it, and whether the city's own plans name the chain."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.fragments import EVIDENCE, cite
from graph.queries.records import evidence, read, refs
from graph.queries.regions import region_item
from graph.queries.resolve import resolve
from graph.rows import CityPlan, GapReport, GapSegment

# Each direct segment of the chain (the chain itself when it has none) with the city's projects,
# enterprises and bases in it or its sub-chains; their SERVES/IN_CHAIN and LOCATED_IN are evidence.
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
"""
    + cite("seg, projects, enterprises, bases", "prels + erels")
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
"""
    + cite("r, designations", "ds")
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
    + EVIDENCE
    + """
RETURN d.id AS doc, d.title AS title, related OR size(sids) > 0 AS names_chain, evidence
ORDER BY doc
"""
)


def gaps(driver: Driver, *, city: str, chain: str) -> GapReport:
    """What a city has, and lacks, in each segment (sub-chain) of a chain."""
    city_e = resolve(driver, Label.REGION, city)
    chain_e = resolve(driver, Label.CHAIN, chain)
    ids = {"city": city_e.id, "chain": chain_e.id}
    segments: list[GapSegment] = []
    for r in read(driver, GAP_SEGMENTS, **ids):
        projects, enterprises, bases = refs(r["projects"]), refs(r["enterprises"]), refs(r["bases"])
        segments.append(
            GapSegment(
                id=r["id"],
                name=r["name"],
                kind=Label.CHAIN.value,
                evidence=evidence(r["evidence"]),
                covered=bool(projects or enterprises or bases),
                projects=projects,
                enterprises=enterprises,
                bases=bases,
            )
        )
    designations = [region_item(r) for r in read(driver, GAP_DESIGNATIONS, **ids)]
    plans = [
        CityPlan(
            doc=r["doc"],
            title=r["title"],
            names_chain=bool(r["names_chain"]),
            evidence=evidence(r["evidence"]),
        )
        for r in read(driver, GAP_CITY_PLANS, **ids)
    ]
    return GapReport(
        city=city_e,
        chain=chain_e,
        segments=segments,
        designations=designations,
        city_plans=plans,
        # None when the graph holds no plan of the city itself: unknown, not "no".
        city_plan_names_chain=any(p.names_chain for p in plans) if plans else None,
    )
