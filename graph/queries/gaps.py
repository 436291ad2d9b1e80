"""Gaps of a chain in a city (强链补链延链): every segment of the chain covered, planned or missing,
with the city's carriers in it; how higher-level plans designate the city; rivals; targets.

Segments come from the reference map (``SEGMENT_OF`` edges, loaded from
``ingest/data/chain_segments.tsv`` as the document ``reference_chain_segments``) and from what the
documents say: the chain's sub-chains (``SUBCHAIN_OF``), listed segments (``HAS_SEGMENT``) and the
technologies it needs (``NEEDS``). A document item that names a reference segment (质子交换膜) adds
its document to that segment's sources instead of becoming a segment of its own.

A carrier (project, enterprise, platform, base located in the city or its sub-regions, serving or
in the chain) belongs to the segment it serves (or a sub-chain of it), else to the segment its name
names (a 加氢站 project: 加注), else to the explicit ``unassigned`` bucket. A segment is ``covered``
only through a carrier whose chain and location are cited; ``planned`` when a sentence of the
city's own plans names it; ``missing`` otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver

from core.model import Label, name_key
from graph.queries.gap_statements import (
    CITY_CHAINS,
    GAP_CARRIERS,
    GAP_DESIGNATIONS,
    GAP_DOCUMENTS,
    GAP_EVIDENCE,
    GAP_PLAN_SENTENCES,
    GAP_SEGMENTS,
    GAP_TARGETS,
)
from graph.queries.records import evidence, read, strs
from graph.queries.resolve import resolve
from graph.rows import (
    Alignment,
    AlignmentItem,
    CityPlan,
    Designation,
    Evidence,
    GapCarrier,
    GapReport,
    GapSegment,
    GapTarget,
    GapUnassigned,
    RegionItem,
    SegmentSource,
)

_MIN_LISTED = 3  # shortest name of a listed item (HAS_SEGMENT) that no reference segment absorbs
_MAX_EVIDENCE = 8  # per item, as the other endpoints cite
_CARRIER_FIELDS = {
    "Project": "projects",
    "Enterprise": "enterprises",
    "Platform": "platforms",
    "Base": "bases",
}


@dataclass
class _Segment:
    id: str
    name: str
    kind: str
    stage: str | None = None
    parent: str | None = None
    aliases: list[str] = field(default_factory=list)
    sources: list[SegmentSource] = field(default_factory=list)
    sids: list[str] = field(default_factory=list)
    nodes: set[str] = field(default_factory=set)  # chain nodes whose carriers belong here
    carriers: dict[str, list[GapCarrier]] = field(default_factory=lambda: defaultdict(list))
    plan_sids: list[str] = field(default_factory=list)

    def forms(self) -> list[str]:
        """The name and aliases as keys, longest first."""
        keys = {name_key(x) for x in (self.name, *self.aliases)}
        return sorted((k for k in keys if len(k) >= 2), key=len, reverse=True)


def named_segment(text: str, segments: Iterable[_Segment]) -> _Segment | None:
    """The segment a name or sentence names: of the forms it contains, the one ending last (a
    Chinese compound's head is its end: 质子交换膜电解水制氢 is 制氢), then the longest."""
    key = name_key(text)
    best: tuple[int, int] | None = None
    found: _Segment | None = None
    for seg in segments:
        for form in seg.forms():
            at = key.rfind(form)
            if at < 0:
                continue
            score = (at + len(form), len(form))
            if best is None or score > best:
                best, found = score, seg
    return found


def _segments(rows: list[dict[str, Any]]) -> list[_Segment]:
    """Reference segments first; a document's item naming one joins it, others are segments."""
    out: dict[str, _Segment] = {}
    reference: list[_Segment] = []
    for r in rows:
        source = SegmentSource(
            source="reference" if r["relation"] == "SEGMENT_OF" else "document",
            doc=str(r["doc"]),
            relation=str(r["relation"]),
            framework=r["framework"],
        )
        seg = out.get(str(r["id"]))
        if seg is None and r["relation"] != "SEGMENT_OF":
            seg = named_segment(str(r["name"]), reference)
        if seg is None and r["relation"] == "HAS_SEGMENT" and len(name_key(str(r["name"]))) < _MIN_LISTED:
            continue  # a list's two-character item (生活, 经济, 治理) is an area of use, not a link
        if seg is None:
            seg = _Segment(
                str(r["id"]), str(r["name"]), str(r["kind"]), r["stage"], r["parent"], list(r["aliases"])
            )
            out[seg.id] = seg
            if r["relation"] == "SEGMENT_OF":
                reference.append(seg)
        if source not in seg.sources:
            seg.sources.append(source)
        seg.sids += [s for s in r["sids"] or () if s not in seg.sids]
        seg.nodes.add(str(r["id"]))
    return list(out.values())


class _Cite:
    """Sentence ids to evidence, fetched in one query for the whole report."""

    def __init__(self, driver: Driver, sids: Iterable[str]) -> None:
        wanted = sorted({s for s in sids if s})
        self._rows = {str(r["id"]): r for r in read(driver, GAP_EVIDENCE, sids=wanted)} if wanted else {}

    def __call__(self, sids: Iterable[str]) -> list[Evidence]:
        rows = [self._rows[s] for s in dict.fromkeys(sids) if s in self._rows]
        rows.sort(key=lambda r: (str(r["doc"]), int(r["line"] or 0)))
        return evidence(rows[:_MAX_EVIDENCE])


def gaps(driver: Driver, *, city: str, chain: str) -> GapReport:
    """Every segment of ``chain`` covered, planned or missing in ``city``, with its evidence."""
    city_e = resolve(driver, Label.REGION, city)
    chain_e = resolve(driver, Label.CHAIN, chain)
    ids = {"city": city_e.id, "chain": chain_e.id}
    segments = _segments(read(driver, GAP_SEGMENTS, **ids))
    carriers = read(driver, GAP_CARRIERS, **ids)
    docs = read(driver, GAP_DOCUMENTS, city=city_e.id)
    own = [str(d["doc"]) for d in docs if d["scope"] == "own"]
    higher = {str(d["doc"]) for d in docs if d["scope"] == "higher"}
    plan_rows = read(driver, GAP_PLAN_SENTENCES, own=own, **ids) if own else []
    designation_rows = read(driver, GAP_DESIGNATIONS, **ids)
    target_rows = read(driver, GAP_TARGETS, **ids)

    every_sid = [s for seg in segments for s in seg.sids]
    every_sid += [s for c in carriers for s in c["lsids"]] + [
        s for c in carriers for e in c["edges"] for s in e["sids"]
    ]
    every_sid += [str(r["id"]) for r in plan_rows]
    every_sid += [s for r in designation_rows for d in r["designations"] for s in d["sids"]]
    every_sid += [s for r in target_rows for s in r["sids"]]
    cite = _Cite(driver, every_sid)

    by_node: dict[str, _Segment] = {n: seg for seg in segments for n in seg.nodes}
    unassigned: dict[str, list[GapCarrier]] = defaultdict(list)
    for c in carriers:
        seg, via = _carrier_segment(c, by_node, segments, chain_e.id)
        chain_sids = [s for e in c["edges"] for s in e["sids"]]
        item = GapCarrier(
            id=str(c["id"]),
            name=str(c["name"]),
            kind=str(c["kind"]),
            evidence=cite([*chain_sids, *c["lsids"]]),
            via=via,
            chains=strs(e["chain"] for e in c["edges"]),
            regions=strs(c["regions"]),
        )
        field_name = _CARRIER_FIELDS.get(item.kind, "projects")
        # Covered needs a cited fact: a carrier without evidence is listed as unassigned, never covering.
        if seg is not None and item.evidence:
            seg.carriers[field_name].append(item)
        else:
            unassigned[field_name].append(item)

    plan_chains: set[str] = set()
    for r in plan_rows:
        plan_chains.update(r["chains"])
        for seg in segments:
            if seg.nodes & set(r["chains"]) or named_segment_in(str(r["text"]), seg):
                seg.plan_sids.append(str(r["id"]))

    out_segments = [_segment_item(seg, cite, segments) for seg in segments]
    designations, rivals = _designations(designation_rows, higher, cite)
    plans = _plans(docs, plan_rows, cite)
    names_chain = any(p.names_chain for p in plans) if plans else None
    alignment = _alignment(out_segments, designations, chain_e.name, names_chain, bool(own))
    targets = _targets(target_rows, own, higher, cite)
    unassigned_item = GapUnassigned(
        projects=unassigned["projects"],
        enterprises=unassigned["enterprises"],
        platforms=unassigned["platforms"],
        bases=unassigned["bases"],
    )
    counts = {
        "segments": len(out_segments),
        "covered": sum(s.status == "covered" for s in out_segments),
        "planned": sum(s.status == "planned" for s in out_segments),
        "missing": sum(s.status == "missing" for s in out_segments),
        "carriers": len(carriers),
        "unassigned": sum(len(v) for v in unassigned.values()),
        "designations": len(designations),
        "rivals": len(rivals),
        "targets": len(targets),
    }
    return GapReport(
        city=city_e,
        chain=chain_e,
        segments=out_segments,
        unassigned=unassigned_item,
        designations=designations,
        city_plans=plans,
        city_plan_names_chain=names_chain,
        alignment=alignment,
        rivals=rivals,
        targets=targets,
        counts=counts,
    )


def named_segment_in(text: str, seg: _Segment) -> bool:
    key = name_key(text)
    return any(form in key for form in seg.forms())


def _carrier_segment(
    c: dict[str, Any], by_node: dict[str, _Segment], segments: list[_Segment], root: str
) -> tuple[_Segment | None, str]:
    """The segment a carrier serves (the lowest segment on a chain edge's way up), else the one
    its name names."""
    for e in c["edges"]:
        for up in e["ups"]:
            for node in up:  # from the chain it serves up to the root: the most specific first
                if node != root and node in by_node:
                    return by_node[node], "chain"
    seg = named_segment(str(c["name"]), segments)
    return (seg, "name") if seg is not None else (None, "none")


def _segment_item(seg: _Segment, cite: _Cite, segments: list[_Segment]) -> GapSegment:
    # A parent link is covered through its covered children (their carriers are cited there).
    children = [s for s in segments if s.parent == seg.name]
    own = any(seg.carriers.values())
    covered = own or any(any(ch.carriers.values()) for ch in children)
    plan = cite(seg.plan_sids)
    status = "covered" if covered else "planned" if plan else "missing"
    kinds = {s.source for s in seg.sources}
    return GapSegment(
        id=seg.id,
        name=seg.name,
        kind=seg.kind,
        evidence=cite(seg.sids),
        source="+".join(k for k in ("reference", "document") if k in kinds),
        sources=seg.sources,
        stage=seg.stage,
        parent=seg.parent,
        aliases=seg.aliases,
        status=status,
        covered=covered,
        projects=seg.carriers["projects"],
        enterprises=seg.carriers["enterprises"],
        platforms=seg.carriers["platforms"],
        bases=seg.carriers["bases"],
        plan_evidence=plan,
    )


def _designations(
    rows: list[dict[str, Any]], higher: set[str], cite: _Cite
) -> tuple[list[RegionItem], list[RegionItem]]:
    """The city's designations by higher-level documents, and the other places designated."""
    mine: list[RegionItem] = []
    rivals: list[RegionItem] = []
    for r in rows:
        ds = [d for d in r["designations"] if not r["inside"] or d["doc"] in higher]
        if not ds:
            continue
        item = RegionItem(
            id=str(r["id"]),
            name=str(r["name"]),
            kind=Label.REGION.value,
            evidence=cite(s for d in ds for s in d["sids"]),
            level=r["level"],
            roles=strs(d["role"] for d in ds),
            designations=sorted(
                {
                    Designation(
                        chain=str(d["chain"]),
                        role=d["role"],
                        level=d["level"],
                        designation=d["designation"],
                        doc=d["doc"],
                    )
                    for d in ds
                },
                key=lambda d: (d.doc or "", d.chain, d.role or ""),
            ),
        )
        (mine if r["inside"] else rivals).append(item)
    return mine, rivals


def _plans(docs: list[dict[str, Any]], plan_rows: list[dict[str, Any]], cite: _Cite) -> list[CityPlan]:
    plans = []
    for d in docs:
        if d["scope"] != "own":
            continue
        sids = [str(r["id"]) for r in plan_rows if r["doc"] == d["doc"]]
        plans.append(
            CityPlan(doc=str(d["doc"]), title=d["title"], names_chain=bool(sids), evidence=cite(sids[:3]))
        )
    return plans


def _alignment(
    segments: list[GapSegment],
    designations: list[RegionItem],
    chain: str,
    names_chain: bool | None,
    own: bool,
) -> Alignment:
    """Assigned (designated by a higher document) against planned (named by the city's plans)."""
    planned = {s.name: s for s in segments if s.plan_evidence}
    assigned: dict[str, AlignmentItem] = {}
    for region in designations:
        for d in region.designations:
            assigned.setdefault(d.chain, AlignmentItem(chain=d.chain, doc=d.doc, evidence=region.evidence))
    whole_chain = chain in assigned
    aligned: list[AlignmentItem] = []
    assigned_only: list[AlignmentItem] = []
    planned_only: list[AlignmentItem] = []
    for name, item in assigned.items():
        named = names_chain if name == chain else name in planned
        (aligned if named else assigned_only).append(item)
    for name, seg in planned.items():
        if name not in assigned and not whole_chain:
            planned_only.append(
                AlignmentItem(chain=name, doc=seg.plan_evidence[0].doc, evidence=seg.plan_evidence)
            )
    if not own:  # nothing of the city's own: what it plans is unknown, not absent
        assigned_only = []
    return Alignment(
        assigned_not_planned=assigned_only, planned_not_assigned=planned_only, aligned=aligned, own_plans=own
    )


def _targets(rows: list[dict[str, Any]], own: list[str], higher: set[str], cite: _Cite) -> list[GapTarget]:
    """The chain's targets of higher documents (whole province or municipality) and of the city."""
    out: list[GapTarget] = []
    for r in rows:
        if r["doc"] in own or r["in_city"]:
            scope = "city"
        elif r["doc"] in higher:
            scope = "higher"
        else:
            continue
        out.append(
            GapTarget(
                id=str(r["id"]),
                name=str(r["name"]),
                kind=Label.TARGET.value,
                evidence=cite(r["sids"]),
                metric=r["metric"],
                value=r["value"],
                value_max=r["value_max"],
                unit=r["unit"],
                qualifier=r["qualifier"],
                year=r["year"],
                period=r["period"],
                chain=(r["chains"] or [None])[0],
                chains=strs(r["chains"]),
                region=(r["regions"] or [None])[0],
                doc=r["doc"],
                text=r["text"],
                scope=scope,
            )
        )
    out.sort(key=lambda t: (t.scope != "higher", t.year or 0, t.doc or "", t.name))
    return out


def city_chains(driver: Driver, city: str) -> tuple[str, list[str]]:
    """The city's display name and the chains documents designate it (or its districts) for."""
    city_e = resolve(driver, Label.REGION, city)
    return city_e.name, [str(r["name"]) for r in read(driver, CITY_CHAINS, city=city_e.id)]
