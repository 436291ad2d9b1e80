"""What a chain must master: the technologies, materials, components and products its plans name
(重点突破X、Y等关键材料), with the words the text classes them under."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.fragments import cite
from graph.queries.records import evidence, read, strs
from graph.queries.resolve import resolve, resolve_document

# The chain or a sub-chain (in any document) NEEDS them; ordered as the first document names them.
TECHNOLOGIES: LiteralString = (
    """
MATCH (root:Chain {id: $chain})
MATCH (c:Chain)-[:SUBCHAIN_OF*0..3]->(root)
MATCH (c)-[n:NEEDS]->(t:Technology)
WHERE ($doc IS NULL OR n.doc = $doc) AND ($kind IS NULL OR n.kind CONTAINS $kind)
WITH t, collect(n) AS rels, collect(DISTINCT c.name) AS chains, collect(DISTINCT n.kind) AS kinds,
     min(n.doc) AS first_doc
"""
    + cite("t, chains, kinds, first_doc, [r IN rels WHERE r.doc = first_doc | r.at] AS ats", "rels")
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
    rows = read(
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
            "chains": strs(r["chains"]),
            "categories": strs(r["kinds"]),
            "evidence": [e.model_dump() for e in evidence(r["evidence"])],
        }
        for r in rows
    ]
