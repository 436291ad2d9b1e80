"""The subgraph an export writes: entities with all their properties, the fact relationships
among them with theirs, and the evidence (document, title, line, quote) of every relationship.

Without a focus it is the whole graph (entity labels, no Document or Sentence nodes: their text
comes along as evidence); with one, the focus entity's neighbourhood to ``depth`` hops over fact
relationships, as ``GET /api/v1/graph`` draws it. The three reads run in one read transaction,
so nodes, edges and evidence agree. User values are parameters; hop bounds come from a closed
table of prepared patterns. The format writers live outside ``graph`` (``api.export``, ``viz``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, LiteralString

from neo4j import Driver, ManagedTransaction

from core.errors import InputError
from core.model import ENTITY_LABELS, Label
from graph.queries.fragments import FACT_RELS, FACT_TYPES
from graph.queries.resolve import resolve_any
from graph.rows import Ref

MAX_DEPTH = 3
DEFAULT_LIMIT = 5000  # nodes; the seeds' whole graph is well below it

_DEPTHS: dict[int, LiteralString] = {1: "*1..1", 2: "*1..2", 3: "*1..3"}

_NODE_ROW: LiteralString = (
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props, elementId(n) AS eid"
)

ALL_NODES: LiteralString = (
    """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
WITH n ORDER BY n.id
LIMIT $limit
"""
    + _NODE_ROW
)


def neighbourhood_nodes(depth: int, label: Label) -> LiteralString:
    """The focus (a ``label`` node, found by an index seek) first, then up to ``$limit`` entities by
    distance and id."""
    return (
        "\nMATCH (f:"
        + label.value
        + """ {id: $focus})
OPTIONAL MATCH p = (f)-[:"""
        + FACT_TYPES
        + _DEPTHS[depth]
        + """]-(m)
WHERE any(l IN labels(m) WHERE l IN $labels)
WITH f, m, min(length(p)) AS dist
ORDER BY dist, m.id
WITH f, collect(m)[..$limit] AS ms
UNWIND [f] + [m IN ms WHERE m <> f] AS n
"""
        + _NODE_ROW
    )


# Relationships between the chosen nodes, by element id (an index-free set test on both ends).
EDGES: LiteralString = """
MATCH (a)-[r]->(b)
WHERE elementId(a) IN $eids AND elementId(b) IN $eids AND type(r) IN $types
RETURN a.id AS source, b.id AS target, type(r) AS type, properties(r) AS props
ORDER BY source, type, target, coalesce(r.doc, '')
"""

EVIDENCE: LiteralString = """
UNWIND $sids AS sid
MATCH (s:Sentence {id: sid})
OPTIONAL MATCH (s)-[:IN]->(d:Document)
RETURN s.id AS sid, s.doc AS doc, d.title AS title, s.line AS line,
       coalesce(s.quote, s.text) AS quote
"""


@dataclass
class ExportNode:
    id: str
    labels: list[str]
    properties: dict[str, Any]

    @property
    def kind(self) -> str:
        return self.labels[0] if self.labels else ""

    @property
    def name(self) -> str:
        return str(self.properties.get("name") or self.id)


@dataclass
class ExportEdge:
    source: str
    target: str
    type: str
    properties: dict[str, Any]
    evidence: list[dict[str, Any]] = field(default_factory=list)  # {doc, title, line, quote}


@dataclass
class Subgraph:
    nodes: list[ExportNode]
    edges: list[ExportEdge]
    focus: str | None = None  # the resolved focus id
    depth: int | None = None
    truncated: bool = False  # the node limit cut the subgraph

    def meta(self) -> dict[str, Any]:
        return {
            "focus": self.focus,
            "depth": self.depth,
            "nodes": len(self.nodes),
            "edges": len(self.edges),
            "truncated": self.truncated,
        }


def _read(
    tx: ManagedTransaction, focus: Ref | None, depth: int, limit: int
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, dict[str, Any]]]:
    labels = [lab.value for lab in ENTITY_LABELS]
    if focus:
        query = neighbourhood_nodes(depth, Label(focus.kind))
        nodes = tx.run(query, focus=focus.id, labels=labels, limit=limit).data()
    else:
        nodes = tx.run(ALL_NODES, labels=labels, limit=limit + 1).data()
    eids = [n["eid"] for n in nodes]
    edges = tx.run(EDGES, eids=eids, types=[r.value for r in FACT_RELS]).data()
    sids = sorted({s for e in edges for s in e["props"].get("sentences") or []})
    evidence = {row["sid"]: row for row in tx.run(EVIDENCE, sids=sids).data()}
    return nodes, edges, evidence


def subgraph(
    driver: Driver, focus: str | None = None, depth: int = 1, limit: int = DEFAULT_LIMIT
) -> Subgraph:
    """The subgraph to export (see the module doc). ``focus``: a name, alias or id."""
    if not 1 <= depth <= MAX_DEPTH:
        raise InputError(f"depth must be between 1 and {MAX_DEPTH}")
    if limit < 1:
        raise InputError("limit must be at least 1")
    entity = resolve_any(driver, focus) if focus else None
    focus_id = entity.id if entity else None
    with driver.session(default_access_mode="READ") as session:
        nodes, edges, evidence = session.execute_read(_read, entity, depth, limit)
    truncated = False
    if focus_id is None and len(nodes) > limit:
        nodes, truncated = nodes[:limit], True
    elif focus_id is not None and len(nodes) > limit:  # the focus plus ``limit`` neighbours
        truncated = True
    out_edges = []
    for e in edges:
        sids = e["props"].get("sentences") or []
        cited = [evidence[s] for s in sids if s in evidence]
        cited.sort(key=lambda x: (str(x["doc"]), x["line"] or 0))
        out_edges.append(
            ExportEdge(
                e["source"],
                e["target"],
                e["type"],
                dict(e["props"]),
                [{k: c[k] for k in ("doc", "title", "line", "quote")} for c in cited],
            )
        )
    keep = {n["id"] for n in nodes}
    return Subgraph(
        nodes=[ExportNode(n["id"], list(n["labels"]), dict(n["props"])) for n in nodes],
        edges=[e for e in out_edges if e.source in keep and e.target in keep],
        focus=focus_id,
        depth=depth if focus_id else None,
        truncated=truncated,
    )


__all__ = ["ExportEdge", "ExportNode", "Subgraph", "subgraph"]
