"""How a plan divides its territory: functional zones and the places at their core.

``…主要分为A区、B区、C区和D区四个功能区`` divides the region the sentence (or the plan) is about
into zones; ``A区以甲、乙、丙等重点区域为核心`` names the places a zone is built around. Both become
Region nodes of level ``zone`` with PART_OF edges that carry the document's evidence and a ``role``
(功能区 / 核心), so "划分为哪几个功能区" and "以哪些区域为核心" are answered from the graph.
"""

from __future__ import annotations

import re

from core.model import Label, Rel, entity_id
from ingest.enumerations import split_items
from ingest.extract.context import Context
from ingest.extract.lookups import regions_in
from ingest.extract.nodes import region_node

_KIND = r"(?:功能区|功能板块|片区|组团|板块|区块)"
# The kind word closes the list after a count (四个功能区) or at the clause end; a lazy match would
# stop at the first 片区 inside an item.
_DIVISION = re.compile(
    r"(?:分为|划分为|划分成|分成|包括|形成)(?P<list>[^，,。；;：:]{4,120}?)"
    rf"(?:(?:[一二三四五六七八九十两\d]+个|等)(?P<kind>{_KIND})|(?P<kind2>{_KIND})(?=[，,。；;]|$))"
)
_CORE_ROLE = re.compile(r"为(?:核心|重点|主体|支撑|引领)")  # (as printed in every _CORE match)
_ZONE_END = re.compile(r"(?:区|片区|组团|板块|带|园|城|谷|岛|湾)$")
_CORE = re.compile(
    r"(?P<zone>[\u4e00-\u9fff“”]{3,14}?)以(?P<list>[^，,。；;：:以]{4,100}?)(?:等)?(?:重点区域|区域|载体|片区)?"
    r"为(?P<role>核心|重点|主体|支撑|引领)"
)
# Not a place: clause fragments, open lists, institutions (复旦大学、同济大学等高校院所为主体).
_NOT_PLACE = re.compile(r"[，,。；;：:]|等|大学|学院|院所|高校|企业|机构|(?:加快|推动|推进|建设|发展|打造)")


def _may_divide(text: str) -> bool:
    """What _DIVISION needs literally: one of its verbs and a kind word (划分为 holds 分; 功能区, 片区
    and 区块 hold 区; 功能板块 holds 板块). A plain test skips most sentences before the regex."""
    return ("分" in text or "包括" in text or "形成" in text) and (
        "区" in text or "组团" in text or "板块" in text
    )


def _region_of(ctx: Context, text: str, offset: int) -> str | None:
    """The district or city the sentence names (the last), else the plan's own region."""
    hits = [h for h in regions_in(ctx, text, offset) if h.level in ("city", "district", "county")]
    if hits:
        return region_node(ctx, hits[-1], (hits[-1].start, hits[-1].end))
    return region_node(ctx, ctx.scope, None) if ctx.scope is not None else None


def _zone(ctx: Context, name: str, within: str, span: tuple[int, int]) -> str:
    """A zone named inside ``within``: keyed by it too (another district may name a 核心区 alike)."""
    return ctx.fb.entity(
        Label.REGION, name, key=f"{within}/{name}", props={"code": None, "level": "zone"}, span=span
    )


def extract_functional_zones(ctx: Context) -> None:
    zones: dict[str, str] = {}  # name -> region id, the zones this document divides its region into
    for sent in ctx.doc.sentences:
        if not _may_divide(sent.text):
            continue
        for m in _DIVISION.finditer(sent.text):
            items = split_items(m["list"], m.start("list"))
            if len(items) < 2 or not all(_ZONE_END.search(t) and not _NOT_PLACE.search(t) for *_, t in items):
                continue
            parent = _region_of(ctx, sent.text[: m.start()], sent.start)
            if parent is None:
                continue
            for start, end, name in items:
                span = (sent.start + start, sent.start + end)
                zid = zones[name] = _zone(ctx, name, parent, span)
                role = m["kind"] or m["kind2"]
                ctx.fb.relate(Rel.PART_OF, zid, parent, span, props={"source": "text", "role": role})
    if not zones:
        return
    for sent in ctx.doc.sentences:
        if "以" not in sent.text or "为" not in sent.text or not _CORE_ROLE.search(sent.text):
            continue  # (all three are literal in _CORE; its lazy scan is slow)
        for m in _CORE.finditer(sent.text):
            zone = next((z for name, z in zones.items() if m["zone"].endswith(name)), None)
            if zone is None:
                continue  # a core of something the plan did not divide its territory into
            items = split_items(m["list"], m.start("list"))
            if len(items) < 2 or any(_NOT_PLACE.search(t) or not 2 <= len(t) <= 12 for *_, t in items):
                continue
            for start, end, name in items:
                span = (sent.start + start, sent.start + end)
                # a place the plan already named (its development zone, a park) is that place, not a
                # namesake inside the zone: one node, so what is located in it is found from either
                named = entity_id(Label.REGION, name)
                pid = named if ctx.fb.has(named) else _zone(ctx, name, zone, span)
                if pid == named:
                    ctx.fb.mention(pid, span)
                ctx.fb.relate(Rel.PART_OF, pid, zone, span, props={"source": "text", "role": m["role"]})
