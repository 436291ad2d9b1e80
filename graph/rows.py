"""The rows :mod:`graph.queries` returns, which the HTTP API serves as they are (DESIGN §5).

One pydantic model per concept, shared by the graph and the API: ``api.models`` uses them as the
response items and adds only what is HTTP's own (list pages, request bodies, health). Every item
has ``id``, ``name``, ``kind`` (the node label) and ``evidence`` (``doc``, ``title``, ``line``,
verbatim ``quote``); fields beyond the contract (``line_end``, ``designations`` …) are additions,
never renamings. The field order is the order of the JSON objects.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

# Class docstrings would become descriptions in the OpenAPI schema: these classes say why in comments.


class GraphRow(BaseModel):  # frozen: a query's answer, read and served, never edited in place
    model_config = ConfigDict(frozen=True)


class Evidence(GraphRow):
    doc: str = Field(description="document id (file stem)")
    title: str | None = Field(default=None, description="document title")
    line: int = Field(description="1-based line of the original file where the quote starts")
    line_end: int | None = Field(default=None, description="line where the quote ends (multi-line quotes)")
    quote: str = Field(description="verbatim text of the original line(s)")


class Ref(GraphRow):  # a node: what a name resolved to, a path step, a segment's project, a graph node
    id: str
    name: str
    kind: str


class NamedDoc(GraphRow):  # a chain as a document places it (parents and children differ by plan)
    name: str
    doc: str | None


class Item(GraphRow):
    id: str
    name: str
    kind: str = Field(description="node label")
    evidence: list[Evidence] = Field(default_factory=list)


# --- list items -----------------------------------------------------------------------------------


class SearchItem(Item):
    aliases: list[str] = Field(default_factory=list)


class ProjectItem(Item):
    regions: list[str] = Field(
        description="regions the project is located in (empty: not given by the texts)"
    )
    chains: list[str]
    project_kind: str | None = None


class Designation(GraphRow):
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


# --- gaps of a chain in a city ---------------------------------------------------------------------


class GapSegment(Item):
    covered: bool
    projects: list[Ref]
    enterprises: list[Ref]
    bases: list[Ref]


class CityPlan(GraphRow):
    doc: str
    title: str | None
    names_chain: bool
    evidence: list[Evidence]


class GapReport(GraphRow):
    city: Ref
    chain: Ref
    segments: list[GapSegment]
    designations: list[RegionItem] = Field(
        description="the province's designations of the city for the chain"
    )
    city_plans: list[CityPlan] = Field(description="the city's own plans in the graph")
    city_plan_names_chain: bool | None = Field(description="null when the graph holds no plan of the city")


# --- paths and graph views -------------------------------------------------------------------------


class PathRel(GraphRow):
    type: str
    source: str
    target: str
    doc: str | None
    evidence: list[Evidence]


class GraphPath(GraphRow):
    nodes: list[Ref]
    rels: list[PathRel]


class GraphEdge(GraphRow):
    source: str
    target: str
    type: str
    doc: str | None


class GraphView(GraphRow):
    nodes: list[Ref]
    edges: list[GraphEdge]
