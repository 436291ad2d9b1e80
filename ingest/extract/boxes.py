"""专栏 boxes: projects (重大项目), platforms (创新平台) and clusters (产业集群), each line a label
(an industry, or the place its items are in) followed by items."""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest import lexicon
from ingest.extract.context import Context
from ingest.extract.lookups import chain_for_title, city_level, has_parent_chain, heading_chain, regions_in
from ingest.extract.nodes import chain_node, locate_by_name, region_node
from ingest.extract.words import LEVEL_WORD, ROLE_RE
from ingest.models import Box, BoxItem

# Box item kinds by name ending; everything in a 重大项目 box is a project of some kind.
_ITEM_KINDS = (
    ("项目", "project"),
    ("工程", "project"),
    ("产业园", "park"),
    ("园区", "park"),
    ("科技园", "park"),
    ("基地", "base"),
    ("集聚区", "cluster"),
    ("集群", "cluster"),
    ("示范区", "zone"),
    ("试验区", "zone"),
    ("先导区", "zone"),
    ("平台", "platform"),
    ("中心", "platform"),
    ("研究院", "platform"),
    ("实验室", "platform"),
)
_PROJECT_BOX = re.compile(r"(项目|工程)")
_PLATFORM_BOX = re.compile(r"(平台|创新|实验室)")
_CLUSTER_BOX = re.compile(r"(集群|基地|园区|集聚区)")
_PROJECT_TAIL = re.compile(r"(重大|重点)?(项目|工程).*$")


def extract_boxes(ctx: Context) -> None:
    heads = _HeadChains(ctx)
    for box in ctx.doc.boxes:
        if _CLUSTER_BOX.search(box.title) and not _PROJECT_BOX.search(box.title):
            _extract_cluster_box(ctx, box)
        elif _PROJECT_BOX.search(box.title):
            _extract_project_box(ctx, box, heads)
        elif _PLATFORM_BOX.search(box.title):
            _extract_platform_box(ctx, box)


def _item_kind(name: str) -> str:
    for suffix, kind in _ITEM_KINDS:
        if name.rstrip("）)").endswith(suffix) or suffix in name[-6:]:
            return kind
    return "project"


def chain_in_doc(ctx: Context, canonical: str) -> str | None:
    """The chain heading of this document with that canonical name, if any (the plain definition)."""
    for hidx, cid in ctx.chain_of_heading.items():
        if ctx.chain_names.get(cid) == canonical:
            return cid if hidx is not None else None
    return None


def heading_chains(ctx: Context) -> list[str]:
    """The chain of each chain heading, each chain once (at its first heading). No pass from this
    one on adds chain headings; chain names are read when asked (chain_node sets them)."""
    return list(dict.fromkeys(ctx.chain_of_heading.values()))


class _HeadChains:
    """The heading chains (each once, in heading order) and the first of them with each name.

    A scan of the heads per box line cost O(heads), and a long plan has more distinct heading
    chains: the boxes of a 20 MB plan cost 1.4x more per char than a 1 MB one's. The index is
    rebuilt whenever a chain's name changed since it was built (Context.chain_names_changes).
    """

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx
        self.heads = heading_chains(ctx)
        self.built = -1
        self.first: dict[str, str] = {}

    def named(self, canonical: str) -> str | None:
        """The first head named ``canonical``: ``_chain_in_doc_scan(ctx, heads, canonical)``."""
        ctx = self.ctx
        if self.built != ctx.chain_names_changes:
            names = ctx.chain_names
            first: dict[str, str] = {}
            for cid in self.heads:
                name = names.get(cid)
                if name is not None and name not in first:
                    first[name] = cid
            self.first = first
            self.built = ctx.chain_names_changes
        return self.first.get(canonical)


def _chain_in_doc_scan(ctx: Context, heads: list[str], canonical: str) -> str | None:
    """The reference of :meth:`_HeadChains.named` (tests): :func:`chain_in_doc` over ``heads``."""
    names = ctx.chain_names
    for cid in heads:
        if names.get(cid) == canonical:
            return cid
    return None


def _box_industry(ctx: Context, box: Box, heads: _HeadChains) -> str | None:
    """The industry a box belongs to: from its title, else from the heading above it."""
    title_chain = chain_for_title(ctx, _PROJECT_TAIL.sub("", box.title))
    if title_chain:
        return heads.named(title_chain) or chain_node(ctx, title_chain, (box.start, box.end))
    return heading_chain(ctx, box.heading, max_level=3)


def _extract_project_box(ctx: Context, box: Box, heads: _HeadChains) -> None:
    fb = ctx.fb
    industry = _box_industry(ctx, box, heads) or (ctx.subjects[0] if ctx.subjects else None)
    for line in box.lines:
        place = _label_place(ctx, line.label, line.label_start)
        if place is not None and industry is not None:
            # 广州：广州黄埔…项目、…: the label is where, the box's (or plan's) industry is what
            for item in line.items:
                pid = _project(ctx, item, kind=_item_kind(item.text))
                fb.relate(Rel.SERVES, pid, industry, (item.start, item.end), props={"via": "box"})
                fb.relate(Rel.LOCATED_IN, pid, place, (item.start, item.end), props={"via": "box label"})
            continue
        canonical = chain_for_title(ctx, line.label) or lexicon.chain_key(line.label)
        chain = heads.named(canonical) or chain_node(
            ctx, canonical, (line.label_start, line.label_end), line.label
        )
        if industry and chain != industry and not has_parent_chain(ctx, chain):
            fb.relate(Rel.SUBCHAIN_OF, chain, industry, (line.label_start, line.label_end))
        for item in line.items:
            pid = _project(ctx, item, kind=_item_kind(item.text))
            fb.relate(Rel.SERVES, pid, chain, (item.start, item.end), props={"via": "box"})


def _label_place(ctx: Context, label: str, start: int) -> str | None:
    """The region a box line's label is, when the whole label names one (广州, 金坛区), else None."""
    if chain_for_title(ctx, label):
        return None
    hits = regions_in(ctx, label, start)
    if len(hits) != 1 or hits[0].end - hits[0].start != len(label):
        return None
    return region_node(ctx, hits[0], (hits[0].start, hits[0].end))


def _project(ctx: Context, item: BoxItem, *, kind: str, label: Label = Label.PROJECT) -> str:
    pid = ctx.fb.entity(label, item.text, props={"kind": kind}, span=(item.start, item.end))
    locate_by_name(ctx, pid, item.text, item.start)
    return pid


def _extract_platform_box(ctx: Context, box: Box) -> None:
    for line in box.lines:
        for item in line.items:
            _project(ctx, item, kind=line.label, label=Label.PLATFORM)


def _extract_cluster_box(ctx: Context, box: Box) -> None:
    """Items like 济南市生物医药产业集群 under a 国家级/省级 label: a base, its city and chain."""
    for line in box.lines:
        level = m.group(1) if (m := LEVEL_WORD.search(line.label)) else None
        for item in line.items:
            cluster_item(ctx, item.text, item.start, level=level, role="产业集群")


def cluster_item(ctx: Context, text: str, start: int, *, level: str | None, role: str) -> str | None:
    """``<city><chain><role>`` → Base, LOCATED_IN city, IN_CHAIN chain, city DESIGNATED_FOR chain."""
    fb = ctx.fb
    hits = city_level(regions_in(ctx, text, start))
    if not hits or hits[0].start != start:
        return None
    city = hits[0]
    rest = text[city.end - start :].lstrip("市")
    rest_core = ROLE_RE.sub("", rest) if ROLE_RE.search(rest) else rest
    chain_name = chain_for_title(ctx, rest_core) or (lexicon.chain_key(rest_core) if rest_core else None)
    span = (start, start + len(text))
    # one name per cluster across documents: <city><chain> (a list item) = <city>市<chain>产业集群
    name = city.name + (rest if ROLE_RE.search(rest) else rest + role)
    base = fb.entity(Label.BASE, name, aliases=(text,), props={"kind": role, "level": level}, span=span)
    rid = region_node(ctx, city, (city.start, city.end))
    fb.relate(Rel.LOCATED_IN, base, rid, span, props={"via": "name"})
    if chain_name:
        cid = chain_node(ctx, chain_name, span, rest_core)
        fb.relate(Rel.IN_CHAIN, base, cid, span)
        fb.relate(
            Rel.DESIGNATED_FOR, rid, cid, span, props={"role": role, "level": level, "designation": text}
        )
    return base
