"""Graph views for drawing: a focus entity's neighbourhood, or the best-connected nodes."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import ENTITY_LABELS, Label
from graph.queries.fragments import FACT_RELS, FACT_TYPES, nodes_of
from graph.queries.records import read, ref
from graph.queries.resolve import resolve_any
from graph.rows import GraphEdge, GraphView

# A depth cannot be a parameter: one prepared pattern per allowed value.
_DEPTHS: dict[int, LiteralString] = {1: "*1..1", 2: "*1..2", 3: "*1..3"}

# The nodes' fact relationships among themselves, and the nodes as {id, name, kind}; ``ns`` first.
_EDGES: LiteralString = """UNWIND ns AS n
OPTIONAL MATCH (n)-[r]->(o) WHERE o IN ns AND type(r) IN $types
WITH ns, collect(DISTINCT {source: n.id, target: o.id, type: type(r), doc: r.doc}) AS es
RETURN [n IN ns | {id: n.id, name: n.name, kind: labels(n)[0]}] AS nodes,
       [e IN es WHERE e.type IS NOT NULL] AS edges
"""


def neighbourhood_query(depth: int, label: Label) -> LiteralString:
    """The focus (a ``label`` node: its id is then an index seek, not a scan of every node) first,
    then up to ``$limit`` nodes by distance and name."""
    return (
        "\nMATCH (f:"
        + label.value
        + """ {id: $focus})
OPTIONAL MATCH p = (f)-[:"""
        + FACT_TYPES
        + _DEPTHS[depth]
        + """]-(m)
WITH f, m, min(length(p)) AS dist
ORDER BY dist, m.name
WITH f, collect(m)[..$limit] AS ms
WITH [f] + [m IN ms WHERE m IS NOT NULL AND m <> f] AS ns
"""
        + _EDGES
    )


# The best-connected entities, tasks and targets aside.
_OVERVIEW_LABELS = tuple(lab for lab in ENTITY_LABELS if lab not in (Label.TASK, Label.TARGET))
OVERVIEW: LiteralString = (
    nodes_of(_OVERVIEW_LABELS)
    + """WITH n, COUNT { (n)--() } AS degree
ORDER BY degree DESC, n.name
LIMIT $limit
WITH collect(n) AS ns
"""
    + _EDGES
)


def graph(driver: Driver, focus: str | None = None, depth: int = 1, limit: int = 100) -> GraphView:
    """Nodes and edges for embedding: a focus entity's neighbourhood, or the best-connected nodes
    (tasks and targets aside)."""
    if not 1 <= depth <= 3:
        raise InputError("depth must be between 1 and 3")
    types = [r.value for r in FACT_RELS]
    if focus:
        entity = resolve_any(driver, focus)
        query = neighbourhood_query(depth, Label(entity.kind))
        rows = read(driver, query, focus=entity.id, limit=limit, types=types)
    else:
        rows = read(driver, OVERVIEW, limit=limit, types=types)
    r = rows[0] if rows else {"nodes": [], "edges": []}
    return GraphView(
        nodes=[ref(n) for n in r["nodes"]],
        edges=[
            GraphEdge(source=e["source"], target=e["target"], type=e["type"], doc=e["doc"])
            for e in r["edges"]
        ],
    )
