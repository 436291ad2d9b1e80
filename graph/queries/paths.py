"""Paths: the shortest chains of facts between two named entities, each step with its evidence."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import Label
from graph.queries.fragments import FACT_TYPES
from graph.queries.records import cited, read, ref
from graph.queries.resolve import resolve_any
from graph.rows import GraphPath, PathRel

MAX_HOPS = 6

# A hop bound cannot be a parameter: one prepared pattern per allowed value.
_HOPS: dict[int, LiteralString] = {1: "*..1", 2: "*..2", 3: "*..3", 4: "*..4", 5: "*..5", 6: "*..6"}


def paths_query(hops: int, a: Label, b: Label) -> LiteralString:
    """Between the ``a`` node ``$a`` and the ``b`` node ``$b``: labelled, so both are index seeks."""
    return (
        "\nMATCH (a:"
        + a.value
        + " {id: $a}), (b:"
        + b.value
        + """ {id: $b})
MATCH p = allShortestPaths((a)-[:"""
        + FACT_TYPES
        + _HOPS[hops]
        + """]-(b))
WITH p LIMIT $limit
RETURN [n IN nodes(p) | {id: n.id, name: n.name, kind: labels(n)[0]}] AS nodes,
       [r IN relationships(p) | {type: type(r), source: startNode(r).id, target: endNode(r).id,
                                 doc: r.doc, sentences: coalesce(r.sentences, [])}] AS rels
"""
    )


def paths(driver: Driver, source: str, target: str, max_hops: int = 4, limit: int = 10) -> list[GraphPath]:
    """Shortest paths (all of equal length, up to ``limit``) between two named entities."""
    if not 1 <= max_hops <= MAX_HOPS:
        raise InputError(f"max_hops must be between 1 and {MAX_HOPS}")
    a = resolve_any(driver, source)
    b = resolve_any(driver, target)
    query = paths_query(max_hops, Label(a.kind), Label(b.kind))
    return [
        GraphPath(
            nodes=[ref(n) for n in r["nodes"]],
            rels=[
                PathRel(
                    type=rel["type"],
                    source=rel["source"],
                    target=rel["target"],
                    doc=rel["doc"],
                    evidence=cited(driver, rel["sentences"]) if rel["sentences"] else [],
                )
                for rel in r["rels"]
            ],
        )
        for r in read(driver, query, a=a.id, b=b.id, limit=limit)
    ]
