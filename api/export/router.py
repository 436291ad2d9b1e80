"""``GET /api/v1/export?format=graphml|json|csv|cypher|html&focus=&depth=&limit=&table=``.

The body is the file (``Content-Disposition: attachment`` with its name); ``format=csv`` is a zip
of ``nodes.csv`` and ``edges.csv``, or one table with ``table=nodes|edges``.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import DriverDep
from api.export import CsvTable, Format, export
from graph.queries.export import DEFAULT_LIMIT, MAX_DEPTH

router = APIRouter(prefix="/api/v1", tags=["export"])


@router.get("/export", operation_id="export", summary="Export the graph or a neighbourhood")
def export_route(
    driver: DriverDep,
    format: Annotated[Format, Query(description="graphml, json, csv, cypher or html")] = Format.JSON,
    focus: Annotated[str | None, Query(description="entity name, alias or id; none: the whole graph")] = None,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH)] = 1,
    limit: Annotated[int, Query(ge=1, le=50000, description="nodes at most")] = DEFAULT_LIMIT,
    table: Annotated[CsvTable | None, Query(description="csv only: one table instead of the zip")] = None,
) -> Response:
    """The subgraph as a file: GraphML (Gephi, yEd, networkx), JSON, CSV tables with evidence
    columns, a Cypher script that recreates it, or a standalone offline HTML view."""
    out = export(driver, format, focus=focus, depth=depth, limit=limit, table=table)
    return Response(
        out.body,
        media_type=out.media_type,
        headers={"Content-Disposition": content_disposition(out.filename)},
    )


def content_disposition(filename: str) -> str:
    """``attachment`` with an ASCII name for old clients and the UTF-8 one (RFC 6266) for the rest:
    ids hold Chinese (``policykg-chain-氢能.html``) and HTTP headers are Latin-1."""
    fallback = "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename)}"
