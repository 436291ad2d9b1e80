"""The rows :mod:`graph.queries` returns, which the HTTP API serves as they are (DESIGN §5).

One pydantic model per concept, shared by the graph and the API: ``api.models`` uses them as the
response items and adds only what is HTTP's own (list pages, request bodies, health). Every item
has ``id``, ``name``, ``kind`` (the node label) and ``evidence`` (``doc``, ``title``, ``line``,
verbatim ``quote``); fields beyond the contract (``line_end``, ``designations`` …) are additions,
never renamings. The field order is the order of the JSON objects.
"""

from __future__ import annotations

from typing import Any, Literal

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
    # A PDF's or Word file's own place of the quote (``line`` then counts lines of its extracted text).
    page: int | None = Field(default=None, description="PDF page of the quote (1-based)")
    page_line: int | None = Field(default=None, description="line on that PDF page, from the top")
    paragraph: int | None = Field(default=None, description="Word paragraph number of the quote")


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
    status: Literal["loaded", "loading"] = Field(
        "loaded", description="loading: written in several transactions and not complete yet (or interrupted)"
    )


class EntityProfile(Item):
    aliases: list[str]
    props: dict[str, Any]
    relations: list[dict[str, Any]]


# --- gaps of a chain in a city ---------------------------------------------------------------------


class GapCarrier(Item):  # a project, enterprise, platform or base of the city in a segment
    via: str = Field(
        description="chain: it serves/is in the segment (or a sub-chain); name: its name names the segment"
    )
    chains: list[str] = Field(default_factory=list, description="the chains it serves or is in")
    regions: list[str] = Field(default_factory=list, description="where in the city it is")


class SegmentSource(GraphRow):
    source: str = Field(description="reference (the map of chain segments) or document")
    doc: str
    relation: str = Field(description="SEGMENT_OF, SUBCHAIN_OF, HAS_SEGMENT or NEEDS")
    framework: str | None = None


class GapSegment(Item):
    source: str = Field(description="reference, document, or reference+document")
    sources: list[SegmentSource] = Field(default_factory=list)
    stage: str | None = Field(default=None, description="上游, 中游, 下游 or 配套 (reference map)")
    parent: str | None = Field(default=None, description="the segment this one is part of")
    aliases: list[str] = Field(default_factory=list)
    status: str = Field(
        description="covered (a cited carrier in the city), planned (the city's plan names it), missing"
    )
    covered: bool
    projects: list[GapCarrier]
    enterprises: list[GapCarrier]
    platforms: list[GapCarrier] = Field(default_factory=list)
    bases: list[GapCarrier]
    plan_evidence: list[Evidence] = Field(
        default_factory=list, description="sentences of the city's own plans that name the segment"
    )


class GapUnassigned(GraphRow):  # carriers of the chain in the city that fit no segment
    projects: list[GapCarrier]
    enterprises: list[GapCarrier]
    platforms: list[GapCarrier]
    bases: list[GapCarrier]


class CityPlan(GraphRow):
    doc: str
    title: str | None
    names_chain: bool
    evidence: list[Evidence]


class AlignmentItem(GraphRow):
    chain: str
    doc: str | None
    evidence: list[Evidence] = Field(default_factory=list)


class Alignment(GraphRow):
    assigned_not_planned: list[AlignmentItem] = Field(
        description="what higher-level documents assign the city that its own plans do not name"
    )
    planned_not_assigned: list[AlignmentItem] = Field(
        description="segments the city's plans name that no higher-level designation covers"
    )
    aligned: list[AlignmentItem]
    own_plans: bool = Field(description="false: the graph holds no plan of the city (alignment unknown)")


class GapTarget(TargetItem):
    scope: str = Field(
        description="higher (a province's or municipality's document) or city (the city's own)"
    )


class GapReport(GraphRow):
    city: Ref
    chain: Ref
    segments: list[GapSegment]
    unassigned: GapUnassigned = Field(description="the city's carriers of the chain that fit no segment")
    designations: list[RegionItem] = Field(
        description="designations of the city (or its districts) for the chain or a segment, higher documents"
    )
    city_plans: list[CityPlan] = Field(description="the city's own plans in the graph")
    city_plan_names_chain: bool | None = Field(description="null when the graph holds no plan of the city")
    alignment: Alignment
    rivals: list[RegionItem] = Field(description="other places designated for the chain or a segment")
    targets: list[GapTarget] = Field(description="targets of the chain at higher and city level, by year")
    counts: dict[str, int]


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
