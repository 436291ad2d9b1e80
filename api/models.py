"""The HTTP API v1's own models (DESIGN §5, fixed contract): list pages, request bodies, health,
/ask and /cypher answers, admin reports.

Every list response is ``{"items": [...], "count": N}``. The items are the rows of
:mod:`graph.rows`, served as the queries return them and re-exported here, so that ``api`` code
and the OpenAPI schema name one model per concept.
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from graph.rows import (
    AgencyDetail,
    ChainDetail,
    ChainItem,
    CityPlan,
    Designation,
    DocumentItem,
    EntityProfile,
    Evidence,
    GapReport,
    GapSegment,
    GraphEdge,
    GraphPath,
    GraphView,
    Item,
    MentionItem,
    NamedDoc,
    PathRel,
    ProjectItem,
    Ref,
    RegionItem,
    SearchItem,
    TargetItem,
    TaskItem,
)


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


def json_response(model: BaseModel) -> Response:
    """The model as JSON bytes, serialised once by pydantic's core. A route returning a model
    instead would have FastAPI validate it again, in a second hop through the thread pool, before
    the same serialisation; the route's ``response_model`` still documents the shape."""
    return Response(
        model.__pydantic_serializer__.to_json(model, by_alias=True), media_type="application/json"
    )


# --- list pages -----------------------------------------------------------------------------------


T = TypeVar("T", bound=BaseModel)


class Page(Model, Generic[T]):
    items: list[T]
    count: int


class ProjectList(Page[ProjectItem]):
    pass


class RegionList(Page[RegionItem]):
    pass


class ChainList(Page[ChainItem]):
    pass


class TargetList(Page[TargetItem]):
    pass


class TaskList(Page[TaskItem]):
    pass


class MentionList(Page[MentionItem]):
    pass


class SearchList(Page[SearchItem]):
    pass


class DocumentList(Page[DocumentItem]):
    pass


# --- non-list responses -----------------------------------------------------------------------


class Health(Model):
    status: str
    neo4j: str
    documents: int | None


class PathList(Model):
    paths: list[GraphPath]


# --- /ask and /cypher ------------------------------------------------------------------------------


class AskRequest(Model):
    question: str = Field(min_length=1, max_length=500, examples=["青岛有哪些服务于氢能产业链的项目？"])


class AskResponse(Model):
    question: str
    intent: str
    params: dict[str, Any]
    items: list[dict[str, Any]]
    answer: str
    cypher: str
    passages: list[dict[str, Any]] = Field(
        default_factory=list,
        description="cited sentences matching the question (doc, title, line, quote, the entities and "
        "targets stated in them) when no extracted fact answers it; passages, not extracted facts",
    )


class CypherRequest(Model):
    query: str = Field(min_length=1, max_length=20_000)
    params: dict[str, Any] = Field(default_factory=dict)


class CypherResponse(Model):
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool = False
    row_cap: int | None = None


# --- admin ----------------------------------------------------------------------------------------


class DocumentUpload(Model):
    id: str = Field(min_length=1, max_length=200, pattern=r"^[^/\\\s]+$")
    text: str = Field(min_length=1)
    title: str | None = None
    issuer: str | None = None
    date: str | None = None
    level: str | None = None
    region: str | None = None
    period: str | None = None


class LoadReport(Model):
    document: DocumentItem | None
    status: str
    nodes: dict[str, int]
    relationships: dict[str, int]


class Deleted(Model):
    id: str
    deleted: bool


class ErrorBody(Model):
    detail: str
    suggestions: list[str] | None = None


__all__ = [
    "AgencyDetail",
    "AskRequest",
    "AskResponse",
    "ChainDetail",
    "ChainItem",
    "ChainList",
    "CityPlan",
    "CypherRequest",
    "CypherResponse",
    "Deleted",
    "Designation",
    "DocumentItem",
    "DocumentList",
    "DocumentUpload",
    "EntityProfile",
    "ErrorBody",
    "Evidence",
    "GapReport",
    "GapSegment",
    "GraphEdge",
    "GraphPath",
    "GraphView",
    "Health",
    "Item",
    "LoadReport",
    "MentionItem",
    "MentionList",
    "Model",
    "NamedDoc",
    "Page",
    "PathList",
    "PathRel",
    "ProjectItem",
    "ProjectList",
    "Ref",
    "RegionItem",
    "RegionList",
    "SearchItem",
    "SearchList",
    "TargetItem",
    "TargetList",
    "TaskItem",
    "TaskList",
]
