"""Exports of the graph or a focus entity's neighbourhood: GraphML, JSON, CSV, a Cypher script and
a standalone HTML view. One entry point, :func:`export`, for the CLI (``policykg export``) and the
HTTP route (``GET /api/v1/export``, :mod:`api.export.router`)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from neo4j import Driver

from api.export.cypher_script import to_cypher
from api.export.graphml import to_graphml
from api.export.tables import csv_zip, edges_csv, nodes_csv, to_json
from core.errors import InputError
from graph.queries.export import DEFAULT_LIMIT, Subgraph, subgraph
from viz.export import standalone_html


class Format(StrEnum):
    GRAPHML = "graphml"
    JSON = "json"
    CSV = "csv"
    CYPHER = "cypher"
    HTML = "html"


class CsvTable(StrEnum):
    NODES = "nodes"
    EDGES = "edges"


@dataclass(frozen=True)
class Exported:
    body: bytes
    media_type: str
    filename: str


def graph_json(sub: Subgraph) -> dict[str, object]:
    """The subgraph as ``GET /api/v1/graph`` draws it (nodes with their properties for tooltips)."""
    return {
        "nodes": [{**n.properties, "id": n.id, "name": n.name, "kind": n.kind} for n in sub.nodes],
        "edges": [
            {"source": e.source, "target": e.target, "type": e.type, "doc": e.properties.get("doc")}
            for e in sub.edges
        ],
        "focus": sub.focus,
    }


def render(sub: Subgraph, fmt: Format, table: CsvTable | None = None, title: str | None = None) -> Exported:
    """The subgraph in ``fmt`` (for CSV: both tables zipped, or one ``table``)."""
    stem = "policykg-" + (sub.focus.replace(":", "-") if sub.focus else "graph")
    if fmt is Format.GRAPHML:
        return Exported(to_graphml(sub), "application/graphml+xml", f"{stem}.graphml")
    if fmt is Format.JSON:
        return Exported(to_json(sub), "application/json", f"{stem}.json")
    if fmt is Format.CYPHER:
        return Exported(to_cypher(sub).encode("utf-8"), "text/plain; charset=utf-8", f"{stem}.cypher")
    if fmt is Format.HTML:
        name = next((n.name for n in sub.nodes if n.id == sub.focus), None)
        heading = title or (f"{name} · policykg 图谱" if name else "policykg 产业政策知识图谱")
        page = standalone_html(graph_json(sub), heading, focus=sub.focus)
        return Exported(page.encode("utf-8"), "text/html; charset=utf-8", f"{stem}.html")
    if table is CsvTable.NODES:
        return Exported(nodes_csv(sub), "text/csv; charset=utf-8", f"{stem}-nodes.csv")
    if table is CsvTable.EDGES:
        return Exported(edges_csv(sub), "text/csv; charset=utf-8", f"{stem}-edges.csv")
    return Exported(csv_zip(sub), "application/zip", f"{stem}-csv.zip")


def export(
    driver: Driver,
    fmt: Format | str,
    focus: str | None = None,
    depth: int = 1,
    limit: int = DEFAULT_LIMIT,
    table: CsvTable | str | None = None,
) -> Exported:
    """Read the subgraph (whole graph, or ``focus`` to ``depth``) and write it in ``fmt``."""
    try:
        fmt = Format(fmt)
        table = CsvTable(table) if table else None
    except ValueError as exc:
        raise InputError(f"{exc}; formats: {', '.join(Format)}; tables: {', '.join(CsvTable)}") from None
    return render(subgraph(driver, focus=focus, depth=depth, limit=limit), fmt, table)


__all__ = ["CsvTable", "Exported", "Format", "export", "graph_json", "render"]
