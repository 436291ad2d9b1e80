"""Read queries the /ask parser and planner need beyond the endpoints' own: the vocabulary of
designation roles (东翼, 专业产业基地 …) and the segment lists of a facet with the sentence that
states each (to pick the list a question is about). Nothing here takes free user text except as a
parameter."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import Driver

from graph.queries.records import read

ROLES: LiteralString = """
MATCH ()-[r:DESIGNATED_FOR]->()
WHERE r.role IS NOT NULL
RETURN DISTINCT r.role AS role
"""

# Segment lists of one facet: the parent, the document and the sentence that lists them.
SEGMENT_LISTS: LiteralString = """
MATCH (a:Chain)-[r:HAS_SEGMENT|SUBCHAIN_OF]->(b:Chain)
WHERE r.facet = $facet AND ($doc IS NULL OR r.doc = $doc)
WITH CASE type(r) WHEN 'HAS_SEGMENT' THEN a ELSE b END AS parent, r
UNWIND coalesce(r.sentences, []) AS sid
MATCH (s:Sentence {id: sid})
RETURN parent.name AS parent, r.doc AS doc, collect(DISTINCT coalesce(s.text, s.quote)) AS texts
"""


def designation_roles(driver: Driver) -> list[str]:
    """Every role a designation states (产业集群、集群 counts as both), distinct, longest first."""
    roles = {part.strip() for r in read(driver, ROLES) for part in str(r["role"]).split("、")}
    return sorted((r for r in roles if r), key=lambda r: (-len(r), r))


def segment_lists(driver: Driver, facet: str, doc: str | None = None) -> list[dict[str, Any]]:
    """(parent, doc, texts) of every list of ``facet`` segments (in ``doc``)."""
    return read(driver, SEGMENT_LISTS, facet=facet, doc=doc)


# The province each document belongs to: the two-digit prefix of its region's administrative code
# (a city's or county's plan belongs to its province); null when the region has no code.
DOCUMENT_PROVINCES: LiteralString = """
MATCH (d:Document)
OPTIONAL MATCH (r:Region) WHERE r.code IS NOT NULL AND d.region IN r.keys
WITH d, min(r.code) AS code
RETURN d.id AS doc, CASE WHEN code IS NULL THEN null ELSE substring(code, 0, 2) END AS province
ORDER BY doc
"""


def document_provinces(driver: Driver) -> dict[str, str | None]:
    """Document id -> the two-digit code of its province (None when its region is not coded)."""
    return {str(r["doc"]): r["province"] for r in read(driver, DOCUMENT_PROVINCES)}
