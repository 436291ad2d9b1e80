"""Quantified targets (到2025年产值达到…): filtered by chain, region, year, document or the words of
their metric, with fallbacks for a metric users name in their own words."""

from __future__ import annotations

import re
from typing import Any, LiteralString

from neo4j import Driver

from core.model import Label, name_key
from graph.queries.fragments import cite, text_key
from graph.queries.matching import coverage, q_variants, subsequence
from graph.queries.records import evidence, read, strs
from graph.queries.resolve import resolve_document, resolved_id
from graph.rows import TargetItem

# ``$q``: whitespace-free words (matching.q_variants); one found in the metric or the sentence, or a
# metric of four characters or more found in one, selects the target.
#
# Candidates come from the document (index seek) or else the chain's sub-chains or else the region's
# sub-regions, by expansion; only with none of them from every target. The filters below still decide.
TARGETS: LiteralString = (
    """
CALL () {
  WITH 1 AS one WHERE $doc IS NOT NULL
  MATCH (t:Target {doc: $doc})
  RETURN t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $chain IS NOT NULL
  MATCH (:Chain {id: $chain})<-[:SUBCHAIN_OF*0..8]-(:Chain)<-[:MEASURES]-(t:Target)
  RETURN DISTINCT t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $chain IS NULL AND $region IS NOT NULL
  MATCH (:Region {id: $region})<-[:PART_OF*0..8]-(:Region)<-[:SCOPED_TO]-(t:Target)
  RETURN DISTINCT t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $chain IS NULL AND $region IS NULL
  MATCH (t:Target)
  RETURN t
}
WITH t
WHERE ($doc IS NULL OR t.doc = $doc)
  AND ($year IS NULL OR t.year = $year)
  AND ($chain IS NULL OR EXISTS { (t)-[:MEASURES]->(:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND (NOT $overall OR t.in_goals OR NOT EXISTS { (t)-[:MEASURES]->(:Chain) })
  AND ($region IS NULL OR EXISTS { (t)-[:SCOPED_TO]->(:Region)-[:PART_OF*0..8]->(:Region {id: $region}) })
  AND ($q IS NULL OR any(w IN $q WHERE """
    + text_key("t.metric")
    + " CONTAINS w OR (size(coalesce(t.metric, '')) >= 4 AND w CONTAINS "
    + text_key("t.metric")
    + ") OR "
    + text_key("t.text")
    + """ CONTAINS w))
CALL (t) {
  OPTIONAL MATCH (t)-[m:MEASURES]->(c:Chain)
  RETURN collect(DISTINCT c.name) AS chains, collect(m) AS mrels
}
CALL (t) {
  OPTIONAL MATCH (t)-[s:SCOPED_TO]->(r:Region)
  RETURN collect(DISTINCT r.name) AS regions, collect(s) AS srels
}
"""
    + cite("t, chains, regions", "mrels + srels", else_mentions="t")
    + """
RETURN t.id AS id, coalesce(t.name, t.metric) AS name, t.metric AS metric, t.value AS value,
       t.value_max AS value_max, t.unit AS unit, t.qualifier AS qualifier, t.year AS year,
       t.period AS period, chains, regions, t.doc AS doc, t.text AS text, evidence,
       coalesce(t.in_goals, false) AS in_goals
ORDER BY doc, year, name, id
LIMIT $limit
"""
)

_MEASURE_WORDS = re.compile(r"(数量|数|规模|总量|个数|目标)$")
MIN_COVERAGE = 0.6


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
) -> list[TargetItem]:
    """Targets of ``chain`` (or its sub-chains), ``region``, ``year``, ``doc``, words ``q``.

    ``overall``: a document's headline goals: the targets stated under its goals heading (二、主要目标,
    发展目标, 行业范围及目标) when it has one, else those that measure no particular chain.
    """
    params: dict[str, Any] = {
        "chain": resolved_id(driver, Label.CHAIN, chain),
        "region": resolved_id(driver, Label.REGION, region),
        "year": year,
        "doc": resolve_document(driver, doc),
        "q": q_variants(q),
        "overall": overall,
        "limit": limit,
    }
    rows = read(driver, TARGETS, **params)
    if not rows and q:
        # Nothing contains the words: fall back to targets whose metric holds them in order with
        # small gaps (研发投入强度 ~ 研发经费投入强度), filtered here rather than in Cypher.
        wanted = name_key(q)
        candidates = read(driver, TARGETS, **{**params, "q": None})
        rows = [r for r in candidates if subsequence(wanted, name_key(str(r["metric"] or "")))]
        if not rows:
            rows = _best_covered(wanted, candidates, narrow=bool(params["chain"] or params["doc"]))
    if overall:
        with_goals = {r["doc"] for r in rows if r["in_goals"]}
        rows = [r for r in rows if r["in_goals"] or (r["doc"] not in with_goals and not r["chains"])]
    return [_target_item(r) for r in rows]


def _target_item(r: dict[str, Any]) -> TargetItem:
    chains = strs(r["chains"])
    regions = strs(r["regions"])
    return TargetItem(
        id=r["id"],
        name=r["name"] or r["text"] or r["id"],
        kind=Label.TARGET.value,
        evidence=evidence(r["evidence"]),
        metric=r["metric"],
        value=None if r["value"] is None else float(r["value"]),
        value_max=None if r["value_max"] is None else float(r["value_max"]),
        unit=r["unit"],
        qualifier=r["qualifier"],
        year=None if r["year"] is None else int(r["year"]),
        period=r["period"],
        chain=chains[0] if chains else None,
        chains=chains,
        region=regions[0] if regions else None,
        doc=r["doc"],
        text=r["text"],
    )
