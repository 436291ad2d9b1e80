"""Read endpoints of /api/v1: thin adapters from query parameters to :mod:`graph.queries`, whose
rows (:mod:`graph.rows`) are the response items as they are.

Route functions are plain ``def``: FastAPI runs them in its thread pool, where the blocking driver
belongs. Names arrive as users write them; resolution (aliases, whitespace, 404 with suggestions)
happens in ``graph.queries``.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, Response

from api import models as m
from api.deps import DriverDep, get_holder
from api.report import MEDIA_TYPES
from api.report import render as render_report
from core.errors import InputError
from core.model import Label
from graph import queries

router = APIRouter(prefix="/api/v1")

Doc = Annotated[str | None, Query(description="document id, with or without .txt", max_length=200)]
Name = Annotated[str | None, Query(max_length=200)]
Limit = Annotated[int, Query(ge=1, le=5000)]


@router.get(
    "/health",
    response_model=m.Health,
    operation_id="health",
    tags=["meta"],
    responses={503: {"model": m.Health}},
)
def health_(request: Request) -> m.Health | JSONResponse:
    try:
        n = queries.count_documents(get_holder(request).get())
    except Exception as exc:  # health reports every failure to answer as "down", never raises
        body = {
            "status": "unavailable",
            "neo4j": "down",
            "documents": None,
            "detail": str(exc).splitlines()[0],
        }
        return JSONResponse(body, status_code=503)
    return m.Health(status="ok", neo4j="up", documents=n)


@router.get("/documents", response_model=m.DocumentList, operation_id="listDocuments", tags=["documents"])
def list_documents(driver: DriverDep) -> Response:
    rows = queries.documents(driver)
    return m.json_response(m.DocumentList(items=rows, count=len(rows)))


@router.get(
    "/documents/{doc_id}", response_model=m.DocumentItem, operation_id="getDocument", tags=["documents"]
)
def get_document(driver: DriverDep, doc_id: Annotated[str, Path(max_length=200)]) -> Response:
    return m.json_response(queries.document(driver, doc_id))


@router.get("/search", response_model=m.SearchList, operation_id="search", tags=["entities"])
def search(
    driver: DriverDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="name or part of a name")],
    kind: Annotated[str | None, Query(description="node label, e.g. Chain, Region, Project")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
) -> Response:
    rows = queries.search(driver, q, kind, limit=limit)
    return m.json_response(m.SearchList(items=rows, count=len(rows)))


@router.get("/projects", response_model=m.ProjectList, operation_id="listProjects", tags=["entities"])
def list_projects(
    driver: DriverDep,
    city: Annotated[str | None, Query(max_length=200, description="region; includes its sub-regions")] = None,
    chain: Annotated[str | None, Query(max_length=200, description="chain; includes its sub-chains")] = None,
    doc: Doc = None,
    q: Annotated[str | None, Query(max_length=200, description="part of the project's name")] = None,
    bases: Annotated[bool, Query(description="also parks, clusters and zones (Base nodes)")] = False,
    kind: Annotated[
        str | None,
        Query(max_length=20, description="only this label instead: Project, Base, Enterprise or Platform"),
    ] = None,
    limit: Limit = 1000,
) -> Response:
    kinds = None
    if kind:
        label = queries.parse_label(kind)
        if label is None or label not in (Label.PROJECT, Label.BASE, Label.ENTERPRISE, Label.PLATFORM):
            raise InputError(f"kind {kind!r} is not listed here", hint="Project, Base, Enterprise, Platform")
        kinds = [label]
    rows = queries.projects(
        driver, city=city, chain=chain, doc=doc, name=q, with_bases=bases, kinds=kinds, limit=limit
    )
    return m.json_response(m.ProjectList(items=rows, count=len(rows)))


@router.get("/regions", response_model=m.RegionList, operation_id="listRegions", tags=["entities"])
def list_regions(
    driver: DriverDep,
    chain: Annotated[str | None, Query(max_length=200, description="chain; includes its sub-chains")] = None,
    doc: Doc = None,
    region: Annotated[
        str | None, Query(max_length=200, description="only this region and its sub-regions")
    ] = None,
    level: Annotated[str | None, Query(max_length=20, description="designation level: 国家级, 省级")] = None,
    role: Annotated[
        str | None, Query(max_length=20, description="designation role contains this: 集群, 基地, 集聚区")
    ] = None,
    within: Annotated[
        str | None,
        Query(
            max_length=200,
            description="instead of designations: the zones and places a document puts inside this region "
            "(功能区, the places at a zone's core); role filters how (功能区, 核心)",
        ),
    ] = None,
    limit: Limit = 1000,
) -> Response:
    if within:
        rows = queries.places_within(driver, within, doc=doc, role=role, limit=limit)
    else:
        rows = queries.regions(
            driver, chain=chain, doc=doc, region=region, level=level, role=role, limit=limit
        )
    return m.json_response(m.RegionList(items=rows, count=len(rows)))


@router.get("/chains", response_model=m.ChainList, operation_id="listChains", tags=["entities"])
def list_chains(
    driver: DriverDep,
    parent: Annotated[
        str | None, Query(max_length=200, description="direct sub-chains of this chain")
    ] = None,
    doc: Doc = None,
    region: Annotated[
        str | None, Query(max_length=200, description="chains the region is designated for")
    ] = None,
    level: Annotated[str | None, Query(max_length=20, description="with region: 国家级, 省级")] = None,
    root: Annotated[bool, Query(description="with doc: only the top of the document's hierarchy")] = False,
    facet: Annotated[
        str | None,
        Query(
            max_length=20, description="with parent: only segments listed as this (环节, 产品, 领域, 方向 …)"
        ),
    ] = None,
    limit: Limit = 1000,
) -> Response:
    rows = queries.chains(
        driver, parent=parent, doc=doc, region=region, level=level, root=root, facet=facet, limit=limit
    )
    return m.json_response(m.ChainList(items=rows, count=len(rows)))


@router.get("/chains/{name}", response_model=m.ChainDetail, operation_id="getChain", tags=["entities"])
def get_chain(driver: DriverDep, name: Annotated[str, Path(max_length=200)]) -> Response:
    return m.json_response(queries.chain_detail(driver, name))


@router.get("/targets", response_model=m.TargetList, operation_id="listTargets", tags=["entities"])
def list_targets(
    driver: DriverDep,
    chain: Name = None,
    region: Name = None,
    year: Annotated[int | None, Query(ge=1949, le=2100)] = None,
    doc: Doc = None,
    q: Annotated[str | None, Query(max_length=200, description="words of the metric or sentence")] = None,
    overall: Annotated[bool, Query(description="only targets measuring no particular chain")] = False,
    limit: Limit = 1000,
) -> Response:
    rows = queries.targets(
        driver, chain=chain, region=region, year=year, doc=doc, q=q, overall=overall, limit=limit
    )
    return m.json_response(m.TargetList(items=rows, count=len(rows)))


@router.get("/tasks", response_model=m.TaskList, operation_id="listTasks", tags=["entities"])
def list_tasks(
    driver: DriverDep,
    q: Annotated[str | None, Query(max_length=200, description="words of the task")] = None,
    agency: Name = None,
    chain: Name = None,
    doc: Doc = None,
    limit: Limit = 1000,
) -> Response:
    rows = queries.tasks(driver, q=q, agency=agency, chain=chain, doc=doc, limit=limit)
    return m.json_response(m.TaskList(items=rows, count=len(rows)))


@router.get("/agencies/{name}", response_model=m.AgencyDetail, operation_id="getAgency", tags=["entities"])
def get_agency(driver: DriverDep, name: Annotated[str, Path(max_length=200)]) -> Response:
    return m.json_response(queries.agency_detail(driver, name))


@router.get("/mentions", response_model=m.MentionList, operation_id="listMentions", tags=["documents"])
def list_mentions(driver: DriverDep, term: Annotated[str, Query(min_length=1, max_length=200)]) -> Response:
    rows = queries.mentions(driver, term)
    return m.json_response(m.MentionList(items=rows, count=len(rows)))


@router.get("/gaps", response_model=m.GapReport, operation_id="getGaps", tags=["analysis"])
def get_gaps(
    driver: DriverDep,
    city: Annotated[str, Query(min_length=1, max_length=200)],
    chain: Annotated[str, Query(min_length=1, max_length=200)],
) -> Response:
    return m.json_response(queries.gaps(driver, city=city, chain=chain))


@router.get(
    "/report",
    operation_id="getReport",
    tags=["analysis"],
    response_class=Response,
    responses={200: {"content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()}}},
)
def get_report(
    driver: DriverDep,
    city: Annotated[str, Query(min_length=1, max_length=200)],
    chain: Annotated[str | None, Query(max_length=200)] = None,
    format: Annotated[Literal["html", "md", "pdf"], Query()] = "html",
) -> Response:
    """The city's chain gap report (强链补链延链): HTML (self-contained), Markdown or PDF."""
    data = render_report(driver, city, chain or None, format)
    headers = {"Content-Disposition": f'inline; filename="report.{format}"'}
    return Response(content=data, media_type=MEDIA_TYPES[format], headers=headers)


@router.get("/paths", response_model=m.PathList, operation_id="findPaths", tags=["analysis"])
def find_paths(
    driver: DriverDep,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=200)],
    to: Annotated[str, Query(min_length=1, max_length=200)],
    max_hops: Annotated[int, Query(ge=1, le=queries.MAX_HOPS)] = 4,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> Response:
    return m.json_response(m.PathList(paths=queries.paths(driver, from_, to, max_hops=max_hops, limit=limit)))


@router.get("/graph", response_model=m.GraphView, operation_id="getGraph", tags=["analysis"])
def get_graph(
    driver: DriverDep,
    focus: Name = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> Response:
    return m.json_response(queries.graph(driver, focus=focus, depth=depth, limit=limit))
