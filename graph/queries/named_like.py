"""Name families: every entity whose name or an alias holds a token (省发展改革委, 市发展改革委 …),
one row each, never merged, with the documents and chains that go with it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any, LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import ENTITY_LABELS, Label, name_key
from graph.queries.fragments import EVIDENCE, nodes_of, sids_of
from graph.queries.records import evidence, named_docs, read, strs

_TAIL: LiteralString = (
    """WITH n ORDER BY size(n.name), n.name
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
    + sids_of("crels")
    + """ END AS sids
"""
    + EVIDENCE
    + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       chains, documents, evidence
"""
)


@cache
def named_like_query(labels: tuple[Label, ...]) -> LiteralString:
    return nodes_of(labels, "any(k IN coalesce(n.keys, []) WHERE k CONTAINS $key)") + _TAIL


NAMED_LIKE: LiteralString = named_like_query(ENTITY_LABELS)


def named_like(
    driver: Driver, token: str, labels: Sequence[Label] = ENTITY_LABELS, limit: int = 50
) -> list[dict[str, Any]]:
    """Entities whose name or an alias contains ``token``, one row each (never merged), with the
    documents that state or mention them and the chains they serve or belong to, per document."""
    key = name_key(token)
    if not key:
        raise InputError("token must not be empty")
    rows = read(driver, named_like_query(tuple(labels)), key=key, limit=limit)
    return [
        {
            "id": r["id"],
            "name": r["name"],
            "kind": r["kind"],
            "aliases": list(r["aliases"]),
            "documents": strs(r["documents"]),
            "chains": [c.model_dump() for c in named_docs(r["chains"])],
            "evidence": [e.model_dump() for e in evidence(r["evidence"])],
        }
        for r in rows
    ]
