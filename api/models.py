"""Response and request models of the HTTP API v1 (DESIGN §5, fixed contract).

Every list response is ``{"items": [...], "count": N}``; every item has ``id``, ``name``, ``kind`` (the
node label) and ``evidence`` (``doc``, ``title``, ``line``, verbatim ``quote``). Fields beyond the
contract (``line_end``, ``designations`` …) are additions, never renamings. The models validate the
typed rows of :mod:`graph.rows` directly (``from_attributes``).
"""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Model(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Evidence(Model):
    doc: str = Field(description="document id (file stem)")
    title: str | None = Field(default=None, description="document title")
    line: int = Field(description="1-based line of the original file where the quote starts")
    line_end: int | None = Field(default=None, description="line where the quote ends (multi-line quotes)")
    quote: str = Field(description="verbatim text of the original line(s)")


class Item(Model):
    id: str
    name: str
    kind: str = Field(description="node label")
    evidence: list[Evidence] = Field(default_factory=list)


T = TypeVar("T", bound=BaseModel)


class Page(Model, Generic[T]):
    items: list[T]
    count: int


class NamedDoc(Model):
    name: str
    doc: str | None


class Ref(Model):
    id: str
    name: str
    kind: str


# --- per-endpoint items ------------------------------------------------------------------------


class SearchItem(Item):
    aliases: list[str] = Field(default_factory=list)


class ProjectItem(Item):
    regions: list[str] = Field(
        description="regions the project is located in (empty: not given by the texts)"
    )
    chains: list[str]
    project_kind: str | None = None


class Designation(Model):
    chain: str
    role: str | None
    level: str | None = Field(description="国家级, 省级 or null")
    designation: str | None = Field(description="verbatim designation phrase")
    doc: str | None


class RegionItem(Item):
    level: str | None
    roles: list[str]
    designations: list[Designation] = Field(default_factory=list)


class ChainItem(Item):
    parents: list[NamedDoc]
    children: list[NamedDoc]


class ChainDetail(ChainItem):
    aliases: list[str]
    documents: list[str]
    counts: dict[str, int]


class TargetItem(Item):
    metric: str | None
    value: float | None
    value_max: float | None = None
    unit: str | None
    qualifier: str | None
    year: int | None
    period: str | None = None
    chain: str | None
    chains: list[str] = Field(default_factory=list)
    region: str | None
    doc: str | None
    text: str | None = None


class TaskItem(Item):
    text: str | None
    lead: list[str]
    support: list[str]
    responsible: list[str]
    doc: str | None
    chains: list[str] = Field(default_factory=list)


class AgencyDetail(Item):
    aliases: list[str]
    full_name: str | None = None
    leads: list[TaskItem]
    supports: list[TaskItem]
    responsible: list[TaskItem] = Field(default_factory=list)


class MentionItem(Item):
    count: int = Field(description="number of sentences of the document containing the term")
    title: str | None = None


class DocumentItem(Item):
    title: str | None
    issuer: str | None
    date: str | None
    level: str | None
    region: str | None
    period: str | None = None
    counts: dict[str, int]


class EntityProfile(Item):
    aliases: list[str]
    props: dict[str, Any]
    relations: list[dict[str, Any]]


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


class GapSegment(Item):
    covered: bool
    projects: list[Ref]
    enterprises: list[Ref]
    bases: list[Ref]


class CityPlan(Model):
    doc: str
    title: str | None
    names_chain: bool
    evidence: list[Evidence]


class GapReport(Model):
    city: Ref
    chain: Ref
    segments: list[GapSegment]
    designations: list[RegionItem] = Field(
        description="the province's designations of the city for the chain"
    )
    city_plans: list[CityPlan] = Field(description="the city's own plans in the graph")
    city_plan_names_chain: bool | None = Field(description="null when the graph holds no plan of the city")


class PathRel(Model):
    type: str
    source: str
    target: str
    doc: str | None
    evidence: list[Evidence]


class GraphPath(Model):
    nodes: list[Ref]
    rels: list[PathRel]


class PathList(Model):
    paths: list[GraphPath]


class GraphEdge(Model):
    source: str
    target: str
    type: str
    doc: str | None


class GraphView(Model):
    nodes: list[Ref]
    edges: list[GraphEdge]


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
