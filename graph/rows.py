"""Typed rows returned by :mod:`graph.queries`.

Plain frozen dataclasses so ``graph`` stays free of HTTP concerns; ``api.models`` validates them into
the response models of the HTTP contract (``from_attributes``). Field names follow DESIGN §5.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Evidence:
    doc: str
    title: str | None
    line: int
    line_end: int
    quote: str


@dataclass(frozen=True)
class Ref:
    """A node named in another item (a path step, a segment's project, a graph node)."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class Entity:
    """A resolved entity: what a user-supplied name stands for."""

    id: str
    name: str
    kind: str


@dataclass(frozen=True)
class NamedDoc:
    name: str
    doc: str | None


@dataclass(frozen=True)
class Designation:
    chain: str
    role: str | None
    level: str | None
    designation: str | None
    doc: str | None


@dataclass(frozen=True)
class ProjectRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    regions: list[str]
    chains: list[str]
    project_kind: str | None = None


@dataclass(frozen=True)
class RegionRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    level: str | None
    roles: list[str]
    designations: list[Designation]


@dataclass(frozen=True)
class ChainRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    parents: list[NamedDoc]
    children: list[NamedDoc]


@dataclass(frozen=True)
class ChainDetail:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    aliases: list[str]
    parents: list[NamedDoc]
    children: list[NamedDoc]
    documents: list[str]
    counts: dict[str, int]


@dataclass(frozen=True)
class TargetRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    metric: str | None
    value: float | None
    value_max: float | None
    unit: str | None
    qualifier: str | None
    year: int | None
    period: str | None
    chain: str | None
    chains: list[str]
    region: str | None
    doc: str | None
    text: str | None


@dataclass(frozen=True)
class TaskRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    text: str | None
    lead: list[str]
    support: list[str]
    responsible: list[str]
    doc: str | None
    chains: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class AgencyDetail:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    aliases: list[str]
    full_name: str | None
    leads: list[TaskRow]
    supports: list[TaskRow]
    responsible: list[TaskRow]


@dataclass(frozen=True)
class MentionRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    count: int
    title: str | None


@dataclass(frozen=True)
class SearchRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    aliases: list[str]


@dataclass(frozen=True)
class GapSegment:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    covered: bool
    projects: list[Ref]
    enterprises: list[Ref]
    bases: list[Ref]


@dataclass(frozen=True)
class CityPlan:
    doc: str
    title: str | None
    names_chain: bool
    evidence: list[Evidence]


@dataclass(frozen=True)
class GapReport:
    city: Entity
    chain: Entity
    segments: list[GapSegment]
    designations: list[RegionRow]
    city_plans: list[CityPlan]

    @property
    def city_plan_names_chain(self) -> bool | None:
        """None when the graph holds no plan of the city itself (unknown, not "no")."""
        if not self.city_plans:
            return None
        return any(p.names_chain for p in self.city_plans)


@dataclass(frozen=True)
class PathRel:
    type: str
    source: str
    target: str
    doc: str | None
    evidence: list[Evidence]


@dataclass(frozen=True)
class GraphPath:
    nodes: list[Ref]
    rels: list[PathRel]


@dataclass(frozen=True)
class GraphEdge:
    source: str
    target: str
    type: str
    doc: str | None


@dataclass(frozen=True)
class GraphView:
    nodes: list[Ref]
    edges: list[GraphEdge]


@dataclass(frozen=True)
class DocumentRow:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    title: str | None
    issuer: str | None
    date: str | None
    level: str | None
    region: str | None
    period: str | None
    counts: dict[str, int]


@dataclass(frozen=True)
class EntityProfile:
    id: str
    name: str
    kind: str
    evidence: list[Evidence]
    aliases: list[str]
    props: dict[str, Any]
    relations: list[dict[str, Any]]
