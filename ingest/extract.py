"""From a structured document to its facts: entities, relations and evidence.

Each ``_extract_*`` step reads one kind of structure (headings, boxes, clauses, lists, sentences)
and records what it finds through :class:`FactsBuilder`. Dictionary look-ups go through
:mod:`ingest.lexicon`; nothing here knows a particular document.
"""

from __future__ import annotations

import bisect
import itertools
import re
from dataclasses import dataclass, field

from core.model import DocumentFacts, Label, Rel, name_key
from ingest import carriers, functional_zones, gazetteer, layout, lexicon, open_vocabulary, segments, targets
from ingest.facts import FactsBuilder
from ingest.lexicon import RegionHit
from ingest.models import Box, BoxItem, Heading, Sentence, StructuredDocument

# A heading that names an action, not an industry ("强化关键核心技术攻坚", "产业发展迈上新台阶").
_ACTION = re.compile(
    r"(加快|推进|推动|实施|强化|提升|建设|培育|支持|完善|加强|优化|坚持|构建|打造|深化|健全|发挥|拓展|"
    r"迈上|显著|更加|不断|全面|持续|形成|增强|营造|落实|开展|壮大|引领|突破|促进|做强|做优|组织|保障|"
    r"总体|主要|目标|原则|思想|(?:发展|现实|产业)基础|基础和|形势|要求|措施|任务|行业范围|标准|方向)"
)
_CHAIN_SECTION = re.compile(r"(产业|产业链|领域|行业|方向|动能)")
_NOUN_TITLE = re.compile(r"^[^，,、；。：:]{2,16}$")
_DOC_SCOPE = re.compile(r"(全省|我省|全市|我市|全区|我区|本省|本市)")

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
_LEVEL_WORD = re.compile(r"(国家级|省级|市级)")
_PROJECT_TAIL = re.compile(r"(重大|重点)?(项目|工程).*$")
_SEP_END = re.compile(r"[、和及与]$")
_SEP_OR_COMMA_END = re.compile(r"[、和及与，]$")
_CLAUSE_SPLIT = re.compile(r"([，,；;。：])")

# Roles a region can be designated for a chain with, longest first.
_ROLES = (
    "产业集聚区",
    "产业集群",
    "产业基地",
    "产业园区",
    "产业园",
    "示范基地",
    "示范区",
    "先导区",
    "核心区",
    "集聚区",
    "集群",
    "基地",
    "高地",
    "名城",
    "之都",
)
_ROLE_RE = re.compile("|".join(_ROLES))
_LIST_SEP = re.compile(r"[、和及与]")

# "X、Y 等 N 个（“雁阵形”）集群 / 家领军企业 / 个重点园区 / 一批重点项目".
_LIST_CATEGORY = re.compile(
    r"等\s*(?:[0-9]+|[一二三四五六七八九十百两]+|一批)?\s*(?:个|家|项|批)?\s*(?:[（(]?“[^”]{1,6}”[）)]?)?\s*"
    r"(?P<level>国家级|省级)?(?:国家|战略性新兴|现代优势|未来|新兴|特色)*(?:产业)?"
    r"(?P<cat>领军企业|龙头企业|骨干企业|重点企业|集群|重点园区|园区|产业园|重点项目|项目|平台|创新平台|实验室|基地)"
)
_LIST_LEAD = re.compile(
    r"(?:积极培育|培育壮大|培育|抓好|抓实|加快建设|加快推进|建设|推进|支持|打造|依托|做优做强|做强做优|做大做强|"
    r"发展壮大|壮大|聚焦|发挥|加强|引进|整合)"
)
# What the name of a project in a running-text list ends with.
_PROJECT_END = re.compile(
    r"(?:项目|工程|园|园区|基地|中心|区|城|港|谷|场|馆|线|站|平台|综合体|厂|镇|小镇|带|岛|湾|链|期[）)])$"
)


@dataclass
class _Context:
    doc: StructuredDocument
    fb: FactsBuilder
    scope: RegionHit | None  # the document's own region (province or city)
    index: lexicon.TextIndex
    chain_of_heading: dict[int, str] = field(default_factory=dict)  # heading index -> chain id
    chain_names: dict[str, str] = field(default_factory=dict)  # chain id -> canonical name
    placed: set[str] = field(default_factory=set)  # regions whose PART_OF ancestry is recorded
    # (raw, listed) -> normalised
    agency_hits: dict[tuple[str, bool], lexicon.AgencyHit | None] = field(default_factory=dict)
    in_review: dict[int, bool] = field(default_factory=dict)  # heading index -> _in_review
    chains_in: dict[str, list[lexicon.ChainHit]] = field(default_factory=dict)  # text -> chains in it
    subjects: list[str] = field(default_factory=list)  # chains the document is about (its title's)
    # industries the taxonomy lacks, named by this document: written form -> chain id
    open_chains: dict[str, str] = field(default_factory=dict)
    claimed: set[int] = field(default_factory=set)  # offsets a layout rule designated (ingest.layout)


def extract_facts(doc: StructuredDocument) -> DocumentFacts:
    """All facts of one structured document."""
    fb = FactsBuilder(doc)
    scope = lexicon.region_by_name(doc.meta.region) if doc.meta.region else None
    ctx = _Context(doc, fb, scope, lexicon.TextIndex(doc.text, scope, doc.meta.region))
    _extract_chain_headings(ctx)
    open_vocabulary.extract_subject(ctx)
    open_vocabulary.extract_measured_industries(ctx)
    segments.extract_focus_headings(ctx)
    segments.extract_enumerations(ctx)
    _extract_boxes(ctx)
    _extract_lists(ctx)
    layout.extract_layout(ctx)
    carriers.extract_carriers(ctx)
    functional_zones.extract_functional_zones(ctx)
    _extract_designations(ctx)
    _extract_brands(ctx)
    _extract_zone_members(ctx)
    _extract_pilots(ctx)
    _nest_designated_chains(ctx)
    _extract_clauses(ctx)
    _extract_inline_leads(ctx)
    _extract_targets(ctx)
    _extract_technologies(ctx)
    _extract_mentions(ctx)
    return fb.build()


# --- regions ---------------------------------------------------------------------------------------


def _region_node(ctx: _Context, hit: RegionHit, span: tuple[int, int] | None) -> str:
    """Add a region with its ancestors (PART_OF from the gazetteer); return its id."""
    fb = ctx.fb
    rid = fb.entity(
        Label.REGION,
        hit.name,
        key=hit.code or hit.name,
        aliases=(hit.surface,),
        props={"code": hit.code, "level": hit.level},
        span=span,
    )
    if rid in ctx.placed:
        return rid  # its ancestors are in already
    ctx.placed.add(rid)
    child = rid
    for code, name, level in hit.ancestors:
        pid = fb.entity(Label.REGION, name, key=code or name, props={"code": code, "level": level})
        fb.relate(Rel.PART_OF, child, pid, props={"source": "gazetteer"})
        child = pid
    return rid


def _regions_in(ctx: _Context, text: str, offset: int) -> list[RegionHit]:
    if ctx.doc.text.startswith(text, offset):
        return ctx.index.regions(offset, offset + len(text))
    hits = lexicon.find_regions(text, ctx.scope)
    return [
        RegionHit(h.start + offset, h.end + offset, h.code, h.name, h.surface, h.level, h.ancestors)
        for h in hits
    ]


def _city_level(hits: list[RegionHit]) -> list[RegionHit]:
    """Regions below province level (cities, counties, districts, zones)."""
    return [h for h in hits if h.level != "province" and h.level != "area"]


# --- chains ----------------------------------------------------------------------------------------


def _find_chains(ctx: _Context, text: str) -> list[lexicon.ChainHit]:
    """``lexicon.find_chains(text)``, once per distinct text of the document (do not mutate)."""
    got = ctx.chains_in.get(text)
    if got is None:
        got = ctx.chains_in[text] = lexicon.find_chains(text)
    return got


def _chain_node(ctx: _Context, canonical: str, span: tuple[int, int] | None, surface: str = "") -> str:
    aliases = (surface,) if surface and surface != canonical else ()
    cid = ctx.fb.entity(Label.CHAIN, canonical, aliases=aliases, span=span)
    ctx.chain_names[cid] = canonical
    return cid


def _is_chain_title(title: str) -> bool:
    return bool(_NOUN_TITLE.match(title)) and not _ACTION.search(title)


def _extract_chain_headings(ctx: _Context) -> None:
    """Headings that name industries become chains; their nesting becomes SUBCHAIN_OF."""
    doc = ctx.doc
    known: dict[int, str | None] = {}
    for h in doc.headings:
        known[h.index] = lexicon.chain_for_title(h.title) if _is_chain_title(h.title) else None
    for h in doc.headings:
        canonical = known[h.index]
        if canonical is None and _is_chain_title(h.title):
            # An unknown title is a chain when it sits among chains (siblings or a chain parent).
            parent_is_chain = h.parent is not None and known.get(h.parent) is not None
            siblings = [s for s in doc.headings if s.parent == h.parent and s.level == h.level]
            sibling_chains = sum(1 for s in siblings if known.get(s.index))
            if parent_is_chain or sibling_chains * 2 >= len(siblings) > 1:
                canonical = lexicon.chain_key(h.title)
        if canonical is None:
            continue
        parent = _parent_chain(ctx, h)
        if parent is not None and ctx.chain_names.get(parent) == canonical:
            # a direction named like its chain's alias (农机装备产业链 > 智能农机) keeps its own name
            canonical = lexicon.chain_key(h.title)
        ctx.chain_of_heading[h.index] = _chain_node(ctx, canonical, (h.start, h.end), h.title)
    for h in doc.headings:
        cid = ctx.chain_of_heading.get(h.index)
        parent = _parent_chain(ctx, h)
        if cid and parent:
            ctx.fb.relate(Rel.SUBCHAIN_OF, cid, parent, (h.start, h.end))


def _parent_chain(ctx: _Context, h: Heading) -> str | None:
    p = h.parent
    while p is not None:
        if p in ctx.chain_of_heading:
            return ctx.chain_of_heading[p]
        p = ctx.doc.headings[p].parent
    return None


def _heading_chain(ctx: _Context, heading: int | None, *, max_level: int = 9) -> str | None:
    """The innermost chain heading at or above ``heading`` with level <= ``max_level``."""
    while heading is not None:
        h = ctx.doc.headings[heading]
        if heading in ctx.chain_of_heading and h.level <= max_level:
            return ctx.chain_of_heading[heading]
        heading = h.parent
    return None


def _chain_in_doc(ctx: _Context, canonical: str) -> str | None:
    """The chain heading of this document with that canonical name, if any."""
    for hidx, cid in ctx.chain_of_heading.items():
        if ctx.chain_names.get(cid) == canonical:
            return cid if hidx is not None else None
    return None


# --- boxes -----------------------------------------------------------------------------------------


def _item_kind(name: str) -> str:
    for suffix, kind in _ITEM_KINDS:
        if name.rstrip("）)").endswith(suffix) or suffix in name[-6:]:
            return kind
    return "project"


def _extract_boxes(ctx: _Context) -> None:
    for box in ctx.doc.boxes:
        if _CLUSTER_BOX.search(box.title) and not _PROJECT_BOX.search(box.title):
            _extract_cluster_box(ctx, box)
        elif _PROJECT_BOX.search(box.title):
            _extract_project_box(ctx, box)
        elif _PLATFORM_BOX.search(box.title):
            _extract_platform_box(ctx, box)


def _box_industry(ctx: _Context, box: Box) -> str | None:
    """The industry a box belongs to: from its title, else from the heading above it."""
    title_chain = lexicon.chain_for_title(_PROJECT_TAIL.sub("", box.title))
    if title_chain:
        return _chain_in_doc(ctx, title_chain) or _chain_node(ctx, title_chain, (box.start, box.end))
    return _heading_chain(ctx, box.heading, max_level=3)


def _extract_project_box(ctx: _Context, box: Box) -> None:
    fb = ctx.fb
    industry = _box_industry(ctx, box) or (ctx.subjects[0] if ctx.subjects else None)
    for line in box.lines:
        place = _label_place(ctx, line.label, line.label_start)
        if place is not None and industry is not None:
            # 广州：广州黄埔…项目、…: the label is where, the box's (or plan's) industry is what
            for item in line.items:
                pid = _project(ctx, item, kind=_item_kind(item.text))
                fb.relate(Rel.SERVES, pid, industry, (item.start, item.end), props={"via": "box"})
                fb.relate(Rel.LOCATED_IN, pid, place, (item.start, item.end), props={"via": "box label"})
            continue
        canonical = lexicon.chain_for_title(line.label) or lexicon.chain_key(line.label)
        chain = _chain_in_doc(ctx, canonical) or _chain_node(
            ctx, canonical, (line.label_start, line.label_end), line.label
        )
        if industry and chain != industry and not _has_parent(ctx, chain):
            fb.relate(Rel.SUBCHAIN_OF, chain, industry, (line.label_start, line.label_end))
        for item in line.items:
            pid = _project(ctx, item, kind=_item_kind(item.text))
            fb.relate(Rel.SERVES, pid, chain, (item.start, item.end), props={"via": "box"})


def _label_place(ctx: _Context, label: str, start: int) -> str | None:
    """The region a box line's label is, when the whole label names one (广州, 金坛区), else None."""
    if lexicon.chain_for_title(label):
        return None
    hits = _regions_in(ctx, label, start)
    if len(hits) != 1 or hits[0].end - hits[0].start != len(label):
        return None
    return _region_node(ctx, hits[0], (hits[0].start, hits[0].end))


def _has_parent(ctx: _Context, chain: str) -> bool:
    return ctx.fb.has_relation_from(Rel.SUBCHAIN_OF, chain)


def _project(ctx: _Context, item: BoxItem, *, kind: str, label: Label = Label.PROJECT) -> str:
    pid = ctx.fb.entity(label, item.text, props={"kind": kind}, span=(item.start, item.end))
    _locate_by_name(ctx, pid, item.text, item.start)
    return pid


def _place_in_name(ctx: _Context, name: str, start: int) -> list[RegionHit]:
    """The places a name locates its bearer in: cities, counties, districts and zones inside a city.

    Areas spanning several cities (鲁南, 环渤海, 黄河流域) locate nothing; a short zone alias glued
    to a preceding word (X蓝谷 ≠ 蓝谷) is part of that word; places in the document's province win
    over places elsewhere (<other-province university><city>… is in <city>).
    """
    out: list[RegionHit] = []
    for h in _city_level(_regions_in(ctx, name, start)):
        if h.level == "zone":
            parent_level = h.ancestors[0][2] if h.ancestors else "province"
            if parent_level in ("province", "area"):
                continue
            at = h.start - start
            if len(h.surface) <= 2 and at > 0 and "\u4e00" <= name[at - 1] <= "\u9fff":
                continue
        out.append(h)
    province = ctx.scope.code[:2] if ctx.scope and ctx.scope.code else None
    home = [h for h in out if province and _code_of(h)[:2] == province]
    return home or out


def _code_of(h: RegionHit) -> str:
    return h.code or next((c for c, _, _ in h.ancestors if c), "")


def _locate_by_name(ctx: _Context, node_id: str, name: str, start: int) -> None:
    """LOCATED_IN every sub-provincial region named inside ``name`` (prefix, middle, brackets)."""
    hits = _place_in_name(ctx, name, start)
    for hit in hits:
        rid = _region_node(ctx, hit, (hit.start, hit.end))
        ctx.fb.relate(Rel.LOCATED_IN, node_id, rid, (start, start + len(name)), props={"via": "name"})


def _extract_platform_box(ctx: _Context, box: Box) -> None:
    for line in box.lines:
        for item in line.items:
            _project(ctx, item, kind=line.label, label=Label.PLATFORM)


def _extract_cluster_box(ctx: _Context, box: Box) -> None:
    """Items like 济南市生物医药产业集群 under a 国家级/省级 label: a base, its city and chain."""
    for line in box.lines:
        level = m.group(1) if (m := _LEVEL_WORD.search(line.label)) else None
        for item in line.items:
            _cluster_item(ctx, item.text, item.start, level=level, role="产业集群")


def _cluster_item(ctx: _Context, text: str, start: int, *, level: str | None, role: str) -> str | None:
    """``<city><chain><role>`` → Base, LOCATED_IN city, IN_CHAIN chain, city DESIGNATED_FOR chain."""
    fb = ctx.fb
    hits = _city_level(_regions_in(ctx, text, start))
    if not hits or hits[0].start != start:
        return None
    city = hits[0]
    rest = text[city.end - start :].lstrip("市")
    rest_core = _ROLE_RE.sub("", rest) if _ROLE_RE.search(rest) else rest
    chain_name = lexicon.chain_for_title(rest_core) or (lexicon.chain_key(rest_core) if rest_core else None)
    span = (start, start + len(text))
    # one name per cluster across documents: <city><chain> (a list item) = <city>市<chain>产业集群
    name = city.name + (rest if _ROLE_RE.search(rest) else rest + role)
    base = fb.entity(Label.BASE, name, aliases=(text,), props={"kind": role, "level": level}, span=span)
    rid = _region_node(ctx, city, (city.start, city.end))
    fb.relate(Rel.LOCATED_IN, base, rid, span, props={"via": "name"})
    if chain_name:
        cid = _chain_node(ctx, chain_name, span, rest_core)
        fb.relate(Rel.IN_CHAIN, base, cid, span)
        fb.relate(
            Rel.DESIGNATED_FOR, rid, cid, span, props={"role": role, "level": level, "designation": text}
        )
    return base


# --- lists in running text -------------------------------------------------------------------------

_CATEGORY_LABEL = {
    "领军企业": Label.ENTERPRISE,
    "龙头企业": Label.ENTERPRISE,
    "骨干企业": Label.ENTERPRISE,
    "重点企业": Label.ENTERPRISE,
    "集群": Label.BASE,
    "重点园区": Label.BASE,
    "园区": Label.BASE,
    "产业园": Label.BASE,
    "基地": Label.BASE,
    "重点项目": Label.PROJECT,
    "项目": Label.PROJECT,
    "平台": Label.PLATFORM,
    "创新平台": Label.PLATFORM,
    "实验室": Label.PLATFORM,
}


def _extract_lists(ctx: _Context) -> None:
    """Named members of "X、Y 等 N 个集群 / 家领军企业 / 个重点园区 / 一批重点项目"."""
    doc = ctx.doc
    for sent in doc.sentences:
        text = sent.text
        pos = 0
        for m in _LIST_CATEGORY.finditer(text):
            cat = m.group("cat")
            if cat == "项目" and "攻关" in text[max(0, m.start() - 12) : m.end()]:
                pos = m.end()
                continue  # 关键核心技术攻关项目 are technologies, not construction projects
            seg_start = max(pos, _list_start(text, m.start()))
            segment = text[seg_start : m.start()]
            pos = m.end()
            lead = _LIST_LEAD.search(segment)
            if lead:
                seg_start += lead.end()
                segment = segment[lead.end() :]
            label = _CATEGORY_LABEL[cat]
            level = m.group("level")
            chain = _heading_chain(ctx, sent.heading)
            for name, off in _split_list(segment, merge_short=label is Label.PROJECT):
                head = _LIST_LEAD.match(name)
                if head:
                    name, off = name[head.end() :], off + head.end()
                if "一批" in name or len(name) < 2:
                    continue
                if label is Label.PLATFORM and _generic_platform(name):
                    continue
                if label is Label.PROJECT and not _PROJECT_END.search(name):
                    continue  # 重大科技攻关、前沿技术创新等重点项目: kinds of project, not names
                if label is Label.ENTERPRISE:
                    # "…产业集群和<bank>": the list of clusters before 和 has no count of its own
                    cut = max(name.rfind("和"), name.rfind("及"))
                    if cut > 0 and _ROLE_RE.search(name[:cut]):
                        name, off = name[cut + 1 :], off + cut + 1
                    if _ROLE_RE.search(name) or len(name) < 2:
                        continue
                start = sent.start + seg_start + off
                _list_member(ctx, label, cat, name, start, chain, level)


def _list_start(text: str, end: int) -> int:
    """Start of the list that ends at ``end``: after the last clause break before it."""
    cut = max(text.rfind(c, 0, end) for c in "，,；;：:。")
    return cut + 1


# Words a list item may start with that belong to the sentence, not the name (并在…, 以…, 和…).
_ITEM_HEAD = re.compile(r"^(?:和|及|与|以及|并在|并|在|以|对|由|将|把|其中|包括)")
# Kinds of platform named generically (重点实验室、企业技术中心等创新平台): types, not names.
_GENERIC_PLATFORM = re.compile(
    r"(?:国家|省|省级|国家级|市级|企业|重点|工程|技术|创新|研究|制造业|产业|中心|实验室|平台|基地|研发|设计|"
    r"检验检测|公共服务|新型|研发机构|研究院|院士工作站|工作站|孵化器|众创空间|和|及|、)+"
)


def _generic_platform(name: str) -> bool:
    return _GENERIC_PLATFORM.fullmatch(name) is not None


def _split_list(segment: str, *, merge_short: bool = False) -> list[tuple[str, int]]:
    """Items of a 、-separated list with their offsets in ``segment``.

    ``merge_short``: an item of 1-3 characters is a word of its neighbour's name cut by a 、
    inside it (…一体化建设、安装、拆解…项目), so the three join again.
    """
    parts: list[tuple[str, int]] = []
    pos = 0
    for part in segment.split("、"):
        lead = len(part) - len(part.lstrip())
        parts.append((part.strip(), pos + lead))
        pos += len(part) + 1
    if merge_short:
        merged: list[tuple[str, int]] = []
        i = 0
        while i < len(parts):
            name, off = parts[i]
            while i + 2 < len(parts) and 0 < len(parts[i + 1][0]) <= 3:
                name = segment[off : parts[i + 2][1] + len(parts[i + 2][0])]
                i += 2
            merged.append((name, off))
            i += 1
        parts = merged
    out: list[tuple[str, int]] = []
    for name, off in parts:
        head = _ITEM_HEAD.match(name)
        if head:
            name, off = name[head.end() :], off + head.end()
        if 2 <= len(name) <= 40:
            out.append((name, off))
    return out


def _list_member(
    ctx: _Context, label: Label, cat: str, name: str, start: int, chain: str | None, level: str | None
) -> None:
    fb = ctx.fb
    span = (start, start + len(name))
    if label is Label.BASE and "集群" in cat:
        base = _cluster_item(ctx, name, start, level=level, role="产业集群")
        if base is None:
            _scope_clusters(ctx, name, start, level)
        elif chain:
            fb.relate(Rel.IN_CHAIN, base, chain, span)
        return
    kind = {"重点园区": "园区", "园区": "园区", "产业园": "产业园", "基地": "基地"}.get(cat, cat)
    nid = fb.entity(label, name, props={"kind": kind}, span=span)
    _locate_by_name(ctx, nid, name, start)
    if chain is None:
        return
    if label is Label.PROJECT:
        fb.relate(Rel.SERVES, nid, chain, span, props={"via": "heading"})
    else:
        fb.relate(Rel.IN_CHAIN, nid, chain, span)


def _scope_clusters(ctx: _Context, text: str, start: int, level: str | None) -> None:
    """Clusters named by their chain only (培育新能源汽车、新型功能材料等产业集群) in a city's plan:
    the city is the document's own. A provincial plan names no place, so nothing is designated."""
    scope = ctx.scope
    if scope is None or scope.level == "province":
        return
    for ch in _find_chains(ctx, text):
        cid = _chain_node(ctx, ch.canonical, (start + ch.start, start + ch.end), ch.surface)
        rid = _region_node(ctx, scope, None)
        ctx.fb.relate(
            Rel.DESIGNATED_FOR,
            rid,
            cid,
            (start, start + len(text)),
            props={"role": "产业集群", "level": level, "designation": text},
        )


# --- designations ----------------------------------------------------------------------------------


def _extract_designations(ctx: _Context) -> None:
    """`<city>、<city>…等 <chain> <role>` and `<city><chain>、<city><chain>…<role>` → DESIGNATED_FOR.

    Box lines list projects, not designations, and are skipped. Each role word closes a segment;
    inside it, runs of regions joined by list separators form groups, and the text between a group
    and the next one (or the role) names the group's chain.
    """
    doc = ctx.doc
    for sent in doc.sentences:
        if sent.box is not None or not _ROLE_RE.search(sent.text):
            continue  # (a role word never spans a clause break)
        for clause_start, clause in _clauses(sent.text):
            if not _ROLE_RE.search(clause):
                continue
            base = sent.start + clause_start
            hits = _city_level(_regions_in(ctx, clause, base))
            if not hits:
                continue
            seg_start = 0
            for role_m in _ROLE_RE.finditer(clause):
                seg_hits = [h for h in hits if seg_start <= h.start - base and h.end - base <= role_m.start()]
                if seg_hits and base + role_m.start() not in ctx.claimed:
                    _designate_segment(ctx, sent, clause, base, seg_hits, role_m)
                seg_start = role_m.end()


_GROUP_GAP = re.compile(r"市?(?:[、和及与—\-–]|以及)?")
_CHAIN_HEAD = re.compile(
    r"^(?:市)?(?:等)?(?:城市|地区|地)?(?:的)?"
    r"(?:布局|建设|打造|培育|发展|形成|成为|为)?"
    r"(?:全国|国内|国际|全球|世界|国家级|省级|国家|重要|领先|知名|一流|高端|先进|一批|两大|的|具有.*?的)*"
)
_CHAIN_TAIL = re.compile(r"(?:等.*|产业|行业)$")
_NOT_CHAIN = re.compile(
    r"[、，,和及与“”\"《》（）()·]|项目|实验室|大学|研究院|集团|公司|园|(?<!产业)区(?!块)|中心|港|基地|集群|城"
)


# A designation phrase that names no chain (国家数字家庭应用示范产业基地, 低时延数据中心核心区):
# it belongs to the chain of its section, when it reads like a title rather than an organisation.
# Named parks (…产业园) are places of their own, not a role the section's chain gives a city.
_NOT_TITLE = re.compile(r"[、，,；;“”\"《》（）()]|项目|实验室|大学|研究院|集团|公司|企业|园|金融中心")
_PARK_ROLES = ("产业园", "产业园区")


def _designate_segment(
    ctx: _Context,
    sent: Sentence,
    clause: str,
    base: int,
    hits: list[RegionHit],
    role_m: re.Match[str],
) -> None:
    sent_start, sent_end = sent.start, sent.end
    groups: list[list[RegionHit]] = [[hits[0]]]
    for prev, nxt in itertools.pairwise(hits):
        gap = clause[prev.end - base : nxt.start - base]
        if _GROUP_GAP.fullmatch(gap):
            groups[-1].append(nxt)
        else:
            groups.append([nxt])
    role = role_m.group(0)
    span = (sent_start, sent_end)
    # "A甲、B乙、C丙产业集群": every group is followed by its chain and a list separator
    listed = len(groups) > 1 and all(
        _SEP_END.search(clause[g[-1].end - base : groups[i + 1][0].start - base])
        for i, g in enumerate(groups[:-1])
    )
    for i, group in enumerate(groups):
        text_end = groups[i + 1][0].start - base if i + 1 < len(groups) else role_m.start()
        raw = clause[group[-1].end - base : text_end]
        raw = _SEP_OR_COMMA_END.sub("", raw)
        level = m.group(1) if (m := _LEVEL_WORD.search(raw)) else None
        text = _CHAIN_TAIL.sub("", _CHAIN_HEAD.sub("", raw))
        text = _CHAIN_TAIL.sub("", text)
        section = None if role in _PARK_ROLES else _heading_chain(ctx, sent.heading)
        if not 2 <= len(text) <= 14 or _NOT_CHAIN.search(text):
            if section is None or len(text) > 20 or _NOT_TITLE.search(text) or _ACTION.search(text):
                continue
            cid = section  # 在青岛建设国内直升机研发制造及应用示范基地 in the 航空航天 section
        elif chain_hits := _find_chains(ctx, text):
            cid = _chain_node(ctx, chain_hits[-1].canonical, None, chain_hits[-1].surface)
        elif listed and len(text) <= 10 and not _ACTION.search(text) and all(h.code for h in group):
            cid = _chain_node(ctx, lexicon.chain_key(text), None, text)
        elif section is not None and not _ACTION.search(text) and not _NOT_TITLE.search(text):
            cid = section  # 济南、青岛国家数字家庭应用示范产业基地 in the 新一代信息技术 section
        else:
            continue
        designation = "".join(h.surface for h in group[-1:]) + raw + role
        if len(group) > 1:
            designation = clause[group[0].start - base : role_m.end()]
        _designate(ctx, group, cid, span, role=role, designation=designation[-60:], level=level)


def _designate(
    ctx: _Context,
    places: list[RegionHit],
    chain: str,
    span: tuple[int, int],
    *,
    role: str,
    designation: str,
    level: str | None = None,
) -> None:
    """Each place DESIGNATED_FOR ``chain`` with its role, level and the verbatim designation."""
    for hit in places:
        rid = _region_node(ctx, hit, (hit.start, hit.end))
        ctx.fb.relate(
            Rel.DESIGNATED_FOR,
            rid,
            chain,
            span,
            props={"role": role, "level": level, "designation": designation},
        )


def _clauses(text: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _CLAUSE_SPLIT.split(text):
        if part and part not in "，,；;。：":
            out.append((pos, part))
        pos += len(part)
    return out


# --- place brands and zone memberships -------------------------------------------------------------

# `<city>“<brand>”` (济南“中国氢谷”): a quoted name right after a place is the place's brand.
_BRAND = re.compile(r"^市?[“\"](?P<brand>[\u4e00-\u9fffA-Za-z]{2,10})[”\"]")
_NAMED_PLACE_LIST = re.compile(
    r"[^，,。；;]*?等[^，,。；;]{0,12}?(?:园区|产业园|园|项目|工程|平台|中心|载体|基地)(?:[，,。；;]|$)"
)
_NOT_BRAND = re.compile(r"十[一二三四五六七八九]五|[一二三四五六七八九十两]+[大个项]|^(?:一|双|三|四|五)")
# `以A、B、C等城市为重点的“<zone>”` and `<zone>包括A、B`: the members of an economic zone.
_ZONE_WORD = r"(?:经济带|产业带|发展带|经济圈|城市群|走廊|示范区|集聚带|示范带|产业圈)"
_ZONE_LEAD = re.compile(
    r"以(?P<list>[^，。；：“”]{2,80}?)等?(?:城市|地市|市|地区|区域)?为(?:重点|核心|主体|支撑|依托|节点)"
    r"(?:城市)?的?[“\"]?(?P<zone>[^，。；：“”\"、]{2,14}?" + _ZONE_WORD + r")[”\"]?"
)
_ZONE_INCLUDES = re.compile(
    r"[“\"]?(?P<zone>[\u4e00-\u9fff]{2,14}?" + _ZONE_WORD + r")[”\"]?[^，。；]{0,6}?"
    r"(?:包括|涵盖|覆盖|由)(?P<list>[^，。；：“”]{2,80}?)(?:等|[，。；]|组成|在内|$)"
)
_ZONE_HINT = re.compile(r"包括|涵盖|覆盖|由")


def _sentence_chain(ctx: _Context, sent_text: str, heading: int | None, upto: int) -> str | None:
    """The chain a sentence is about: its heading's chain, else the last chain named before ``upto``."""
    chain = _heading_chain(ctx, heading)
    if chain:
        return chain
    found = _find_chains(ctx, sent_text[:upto]) or _find_chains(ctx, sent_text)
    if not found:
        return None
    return _chain_node(ctx, found[-1].canonical, None, found[-1].surface)


def _extract_brands(ctx: _Context) -> None:
    """`济南“中国氢谷”、青岛“东方氢岛”` → city DESIGNATED_FOR the sentence's chain, role = the brand."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or ("“" not in sent.text and '"' not in sent.text):
            continue
        for hit in _city_level(_regions_in(ctx, sent.text, sent.start)):
            at = hit.end - sent.start
            m = _BRAND.match(sent.text[at:])
            if m is None or _NOT_BRAND.search(m["brand"]) or _ROLE_RE.fullmatch(m["brand"]):
                continue
            if hit.end in ctx.claimed:
                continue  # a layout rule read this place's statement (ingest.layout)
            if _NAMED_PLACE_LIST.match(sent.text[at + m.end() :]):
                continue  # 济南“齐鲁农谷”等未来产业园区: a park of a list, not a brand of the city
            chain = _sentence_chain(ctx, sent.text, sent.heading, at)
            if chain is None:
                continue
            _designate(ctx, [hit], chain, (sent.start, sent.end), role=m["brand"], designation=m["brand"])


def _extract_zone_members(ctx: _Context) -> None:
    """`以济南、青岛…等城市为重点的“鲁氢经济带”` → each member DESIGNATED_FOR the chain, role = the zone."""
    for sent in ctx.doc.sentences:
        if sent.box is not None:
            continue
        if "以" not in sent.text and not _ZONE_HINT.search(sent.text):
            continue
        for rx in (_ZONE_LEAD, _ZONE_INCLUDES):
            for m in rx.finditer(sent.text):
                members = [
                    h
                    for h in _city_level(_regions_in(ctx, m["list"], sent.start + m.start("list")))
                    if h.level != "zone"
                ]
                if len(members) < 2:
                    continue
                zone = m["zone"]
                chain = _sentence_chain(ctx, sent.text, sent.heading, m.start())
                if chain is None:
                    continue
                phrase = sent.text[m.start() : m.end()]
                _designate(ctx, members, chain, (sent.start, sent.end), role=zone, designation=phrase)


# `推动A、B、C等区域先行先试发展<chain>` / `在A、B等区（市）开展…试点`: districts piloting a chain.
_PILOT = re.compile(
    r"(?P<list>[^，。；：]{2,90}?)等?(?:区（市）|区\(市\)|区市|区县|县（市、区）|区域|地区|城市|地)?"
    r"(?P<verb>先行先试|率先试点|开展试点|先行示范|试点示范)(?P<rest>[^，。；]{0,30})"
)
_PILOT_VERBS = ("先行先试", "率先试点", "开展试点", "先行示范", "试点示范")


def _in_scope(ctx: _Context, hit: RegionHit) -> bool:
    """A region inside the document's own region (any region when the document has none)."""
    scope = ctx.scope
    if scope is None or not scope.code:
        return True
    codes = [hit.code or "", *(c or "" for c, _, _ in hit.ancestors)]
    return scope.code in codes


def _extract_pilots(ctx: _Context) -> None:
    """`推动青岛西海岸新区、即墨区…等区域先行先试发展智能网联汽车` → each place DESIGNATED_FOR the chain."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not any(v in sent.text for v in _PILOT_VERBS):
            continue
        for m in _PILOT.finditer(sent.text):
            members = [
                h
                for h in _city_level(_regions_in(ctx, m["list"], sent.start + m.start("list")))
                if _in_scope(ctx, h) and (ctx.scope is None or h.code != ctx.scope.code)
            ]
            if not members:
                continue
            found = _find_chains(ctx, m["rest"])
            if found:
                chain = _chain_node(ctx, found[0].canonical, None, found[0].surface)
            else:
                chain_or_none = _heading_chain(ctx, sent.heading)
                if chain_or_none is None:
                    continue
                chain = chain_or_none
            first = members[0].start - sent.start
            phrase = sent.text[first : m.end()]
            _designate(ctx, members, chain, (sent.start, sent.end), role=m["verb"], designation=phrase)


def _nest_designated_chains(ctx: _Context) -> None:
    """A chain designated in a sentence under a chain heading (培育济南、青岛检验检测…集聚区 under
    新兴生产性服务业) is that heading's sub-chain when this document gives it no parent and the
    taxonomy puts it under the heading's chain or one of that chain's ancestors (or does not know it)."""
    fb = ctx.fb
    starts = [s.start for s in ctx.doc.sentences]
    sentence_ids = {fb.sentence_at(st): i for i, st in enumerate(starts)}
    for r in list(fb.facts.relations):
        if r.type is not Rel.DESIGNATED_FOR or not r.sentences or _has_parent(ctx, r.dst):
            continue
        idx = sentence_ids.get(r.sentences[0])
        if idx is None:
            continue
        sent = ctx.doc.sentences[idx]
        head = _heading_chain(ctx, sent.heading)
        if head is None or head == r.dst:
            continue
        name, head_name = ctx.chain_names.get(r.dst), ctx.chain_names.get(head)
        if name is None or head_name is None:
            continue
        entry = gazetteer.chain(name)
        if entry is not None:
            if not entry.parent or entry.tier in ("sei", "top"):
                continue
            allowed = {entry.parent} | {c.name for c in gazetteer.chain_ancestors(entry.parent)}
            head_line = {head_name} | {c.name for c in gazetteer.chain_ancestors(head_name)}
            if not (allowed & head_line) or name in head_line:
                continue
        fb.relate(Rel.SUBCHAIN_OF, r.dst, head, (sent.start, sent.end))


# --- responsibility -------------------------------------------------------------------------------


def _extract_clauses(ctx: _Context) -> None:
    doc, fb = ctx.doc, ctx.fb
    for clause in doc.clauses:
        heading = doc.headings[clause.task_heading] if clause.task_heading is not None else None
        para = doc.paragraphs[clause.paragraph]
        title = heading.title if heading else doc.text[para.start : min(para.end, para.start + 30)]
        task_text = doc.text[para.start : para.end]
        span = (clause.start, clause.end)
        task = fb.content_node(
            Label.TASK,
            title,
            clause.start,
            props={"title": title, "text": task_text, "clause": clause.text},
            span=span,
        )
        order = 0  # the clause's own order (lead first): answers list agencies as the text does
        for role, names in (
            (Rel.LEADS, clause.leads),
            (Rel.SUPPORTS, clause.supports),
            (Rel.RESPONSIBLE_FOR, clause.responsible),
        ):
            for raw in names:
                aid = _agency(ctx, raw, span, listed=True)
                if aid:
                    props = {"open_ended": clause.open_ended, "printed": name_key(raw), "order": order}
                    fb.relate(role, aid, task, span, props=props)
                    order += 1
        chain = ctx.chain_of_heading.get(heading.index) if heading else None
        chain = chain or _heading_chain(ctx, clause.task_heading)
        for ch in _find_chains(ctx, title):
            chain = _chain_node(ctx, ch.canonical, None, ch.surface)
        if chain:
            fb.relate(Rel.CONCERNS, task, chain, span)


def _agency(ctx: _Context, raw: str, span: tuple[int, int], *, listed: bool = False) -> str | None:
    """The agency ``raw`` names; ``listed``: it stands in a responsibility list, so any body counts."""
    memo = (raw, listed)
    if memo in ctx.agency_hits:
        hit = ctx.agency_hits[memo]
    else:
        find = lexicon.listed_agency if listed else lexicon.agency
        hit = ctx.agency_hits[memo] = find(raw, ctx.doc.meta.region)
    if hit is None:
        ctx.fb.warn("agency-unknown", f"agency {raw!r} not recognised")
        return None
    # identity includes the region: 合肥's 市发展改革委 is not 苏州's. The name is the document's
    # own short form (上海's 市科委, not the stem's 市科技委); full official forms give the canonical.
    printed = name_key(raw)
    short_form = printed[:1] in "省市区县" and len(printed) <= 8
    return ctx.fb.entity(
        Label.AGENCY,
        printed if short_form else hit.canonical,
        key=hit.key,
        aliases=(*hit.aliases, raw),
        props={"full_name": hit.full_name, "kind": hit.kind},
        span=span,
    )


_INLINE_LEAD = re.compile(r"由?(?P<agency>[^，。；、（）()]{2,20}?)(?P<role>牵头|负责)(?P<rest>[^。；]*)")


# A body that opens a clause and leads (牵头/会同/负责) what follows: 上海市产业协同创新领导小组办公室
# 会同市级相关部门…统筹推进重点工作. Its name ends like a public body's.
_OPEN_LEAD = re.compile(
    r"(?:^|[，,。；;：:]|由)(?P<body>[^，,。；;：:、“”由\s]{3,30}?(?:领导小组办公室|办公室|领导小组|管委会|委员会|委|局|办|厅))"
    r"(?=牵头|会同|负责)"
)


# Several bodies that lead together: 市科委、杨浦区牵头建立市区联动工作机制.
_JOINT_LEAD = re.compile(
    r"(?:^|[，,。；;：:]|由)(?P<list>[^，,。；;：:、“”由\s]{2,30}(?:、[^，,。；;：:、“”由\s]{2,30})+)(?=牵头|会同|负责)"
)


# …X牵头，A、B配合: the bodies the same sentence names as supporting the lead.
_SUPPORT_LIST = re.compile(
    r"[，,、](?P<list>[^，,。；;：:、“”\s]{2,30}(?:、[^，,。；;：:、“”\s]{2,30})*)(?=配合|参与|协同|协助)"
)


def _inline_supporters(text: str, verb_at: int) -> list[tuple[int, str]]:
    """(offset, name) of each supporter listed after the lead verb at ``verb_at``, in the same clause run."""
    m = _SUPPORT_LIST.search(text, verb_at)
    if m is None or m.start() - verb_at > 2:
        return []  # only a list right after the lead's verb: X牵头，A、B配合
    out, pos = [], m.start("list")
    for name in m["list"].split("、"):
        out.append((pos, name))
        pos += len(name) + 1
    return out


_Lead = tuple[int, int, str, bool, int]  # start, end, name as printed, listed, where its verb starts


def _joint_leads(text: str) -> list[_Lead]:
    """Each member of a 、-joined list before 牵头/会同/负责: every member takes the verb."""
    out: list[_Lead] = []
    for m in _JOINT_LEAD.finditer(text):
        pos = m.start("list")
        for name in m["list"].split("、"):
            out.append((pos, pos + len(name), name, True, m.end("list")))
            pos += len(name) + 1
    return out


def _extract_inline_leads(ctx: _Context) -> None:
    """`省发展改革委牵头做好规划实施的协调落实` outside parenthesised clauses."""
    doc, fb = ctx.doc, ctx.fb
    # skip sentences inside a clause (a clause holds the start) or holding a clause's start
    spans = sorted((c.start, c.end) for c in doc.clauses)
    starts = [s for s, _ in spans]
    reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far
    for sent in doc.sentences:
        i = bisect.bisect_right(starts, sent.start)
        if i and reach[i - 1] > sent.start:
            continue  # some clause with start <= sentence start < its end
        j = bisect.bisect_left(starts, sent.start)
        if j < len(starts) and starts[j] < sent.end:
            continue  # a clause starts inside the sentence
        joint = _joint_leads(sent.text)
        in_list = {s for s, *_ in joint}
        found_at: list[_Lead] = [
            (a.start, a.end, a.surface, False, a.end)
            for a in ctx.index.agencies(sent.start, sent.end)
            if a.start not in in_list
        ]
        known = {s for s, *_ in found_at} | in_list
        found_at += [
            (m.start("body"), m.end("body"), m["body"], True, m.end("body"))
            for m in _OPEN_LEAD.finditer(sent.text)
            if m.start("body") not in known
        ]
        for start, end, surface, listed, verb_at in [*found_at, *joint]:
            tail = sent.text[verb_at : verb_at + 3]
            if not tail.startswith(("牵头", "负责", "会同")):
                continue
            span = (sent.start, sent.end)
            aid = _agency(ctx, surface, (sent.start + start, sent.start + end), listed=listed)
            if aid is None:
                continue
            # the task is the section the sentence stands in, when its heading names one
            heading = doc.headings[sent.heading].title if sent.heading is not None else None
            title = heading if heading and len(heading) <= 30 else sent.text[:40]
            task = fb.content_node(
                Label.TASK,
                title,
                sent.start,
                props={"title": title, "text": sent.text, "clause": None},
                span=span,
            )
            role = Rel.RESPONSIBLE_FOR if tail.startswith("负责") else Rel.LEADS
            props = {"open_ended": False, "printed": name_key(surface), "order": start}
            fb.relate(role, aid, task, span, props=props)
            for s_start, name in _inline_supporters(sent.text, verb_at):
                sid = _agency(
                    ctx, name, (sent.start + s_start, sent.start + s_start + len(name)), listed=True
                )
                if sid is not None and sid != aid:
                    props = {"open_ended": False, "printed": name_key(name), "order": s_start}
                    fb.relate(Rel.SUPPORTS, sid, task, span, props=props)
            chain = _heading_chain(ctx, sent.heading)
            if chain:
                fb.relate(Rel.CONCERNS, task, chain, span)


# --- targets ---------------------------------------------------------------------------------------


def _extract_targets(ctx: _Context) -> None:
    doc, fb = ctx.doc, ctx.fb
    plan_end = lexicon.period_end(doc.meta.period)
    # A year stated once governs what follows it: the rest of its paragraph, and the whole block
    # under the heading when the sentence only opens a goals block (到“十四五”末，…).
    block_year: dict[int | None, int] = {}
    para_year: dict[int, int] = {}
    plan_start = lexicon.period_start(doc.meta.period)
    past_paragraphs: set[int] = set()  # paragraphs reporting the past (2020年…; 较“十二五”末增长…)
    for sent in doc.sentences:
        context_year = para_year.get(sent.paragraph) or _block_year(ctx, block_year, sent.heading)
        stated = lexicon.lead_year(sent.text, plan_end)
        found = lexicon.find_targets(sent.text, context_year, plan_start)
        if targets.states_past(sent.text, plan_start):
            past_paragraphs.add(sent.paragraph)
            found = []
        elif sent.paragraph in past_paragraphs and not _GOAL_WORD.search(sent.text):
            found = []  # …2020年技术合同成交额286.6亿元。高新技术企业4396家。
        if _in_review(ctx, sent.heading):
            found = []  # 发展基础 / 发展现状: what was achieved, not what is aimed at
        if stated is not None:
            para_year[sent.paragraph] = stated
            if lexicon.is_lead_only(sent.text) or (lexicon.opens_with_lead(sent.text) and not found):
                block_year[sent.heading] = stated
        for t in found:
            start, end = sent.start + t.start, sent.start + t.end
            span = (start, end)
            tid = fb.content_node(
                Label.TARGET,
                f"{t.metric} {t.value_text}{t.unit}",
                start,
                t.metric,
                props={
                    "metric": t.metric,
                    "value": t.value,
                    "value_max": t.value_max,
                    "unit": t.unit,
                    "qualifier": t.qualifier,
                    "year": t.year,
                    "year_inherited": t.year_inherited,
                    "period": doc.meta.period,
                    "periodic": t.periodic,
                    "in_goals": _in_goals(ctx, sent.heading),
                    "text": doc.text[start:end],
                },
                span=span,
            )
            chain: str | None
            if t.product:
                chain = open_vocabulary.product_chain(ctx, t.product, span)
            else:
                chain = open_vocabulary.chain_named_in(ctx, t.metric, span)
            chain = chain or _heading_chain(ctx, sent.heading)
            # a figure that names no industry measures what the plan is about (each title subject)
            for measured in [chain] if chain else ctx.subjects:
                fb.relate(Rel.MEASURES, tid, measured, span)
            scope = _target_scope(ctx, sent.text, t.start, sent.start)
            if scope:
                fb.relate(Rel.SCOPED_TO, tid, scope, span)


_GOAL_WORD = re.compile(r"到|力争|争取|目标|将|预计|达到|突破|\d{4}\s*年(?:底|末|前)")
_REVIEW = re.compile(
    r"发展基础|发展现状|现状与|现状和|基础与|产业基础|发展成效|主要成效|取得的成效|取得的成绩|回顾"
)


_GOALS_TITLE = re.compile(r"目标")


def _in_goals(ctx: _Context, heading: int | None) -> bool:
    """Under the document's goals heading (二、主要目标, （三）发展目标): its headline figures.

    Only a document with exactly one such heading has a goals section; a plan whose parts each
    state their own (行业范围及目标 in every part) has none that speaks for the whole document.
    """
    goals = [h.index for h in ctx.doc.headings if _GOALS_TITLE.search(h.title)]
    if len(goals) != 1:
        return False
    while heading is not None:
        if heading == goals[0]:
            return True
        heading = ctx.doc.headings[heading].parent
    return False


def _in_review(ctx: _Context, heading: int | None) -> bool:
    """The heading (or one above it) reviews the past period (发展基础和面临形势)."""
    if heading is None:
        return False
    got = ctx.in_review.get(heading)
    if got is None:
        h = ctx.doc.headings[heading]
        got = ctx.in_review[heading] = bool(_REVIEW.search(h.title)) or _in_review(ctx, h.parent)
    return got


def _block_year(ctx: _Context, block_year: dict[int | None, int], heading: int | None) -> int | None:
    """The year a goals-block lead set for ``heading`` or one of the headings above it."""
    while heading is not None:
        if heading in block_year:
            return block_year[heading]
        heading = ctx.doc.headings[heading].parent
    return block_year.get(None)


def _target_scope(ctx: _Context, text: str, at: int, offset: int) -> str | None:
    """Explicit region right before the target, else the document's own region."""
    lo = max(0, at - 12)
    window = text[lo : at + 4]
    hits = _regions_in(ctx, window, offset + lo)
    if hits and not _DOC_SCOPE.search(window):
        hit = hits[-1]
        return _region_node(ctx, hit, None)
    if ctx.scope is not None:
        return _region_node(ctx, ctx.scope, None)
    return None


# --- mentions --------------------------------------------------------------------------------------


# --- technologies ----------------------------------------------------------------------------------

# `重点突破质子交换膜、双极板、高性能碳纸、低铂催化剂等关键材料`: a verb of mastering, a list, 等, and
# what the list items are (关键材料, 核心技术和关键零部件, “卡脖子”技术 …).
_TECH_KINDS = r"(?:材料|技术|零部件|部件|元器件|器件|芯片|装备|设备|工艺|软件)"
_TECH = re.compile(
    r"(?P<verb>突破|攻克|攻关|研制|研发|掌握)(?:发展)?"
    r"(?P<list>[^，。；：“”]{2,160}?)等"
    r"(?P<kind>[^，。；、]{0,10}?" + _TECH_KINDS + r"(?:[和与及][^，。；、]{0,6}?" + _TECH_KINDS + r")?)"
    r"(?=[，。；、]|$|和|与|及|取得|实现|的|研发|攻关|产业化)"
)
_TECH_LEAD = re.compile(r"^(?:重点|加快|着力|集中|大力)+")
_NOT_TECH = re.compile(r"[“”《》]|项目|企业|公司|集团|大学|研究院|中心$|平台$|基地$")


def _extract_technologies(ctx: _Context) -> None:
    """`<chain section> … 突破A、B、C等关键材料` → the chain NEEDS each item, ``kind`` as written."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not any(
            v in sent.text for v in ("突破", "攻克", "攻关", "研制", "研发", "掌握")
        ):
            continue
        for m in _TECH.finditer(sent.text):
            chain = _sentence_chain(ctx, sent.text, sent.heading, m.start())
            if chain is None:
                continue
            for raw, off in _split_list(m["list"]):
                lead = len(raw) - len(_TECH_LEAD.sub("", raw))
                name = raw[lead:]
                if not 2 <= len(name) <= 24 or _NOT_TECH.search(name):
                    continue
                start = sent.start + m.start("list") + off + lead
                tid = ctx.fb.entity(Label.TECHNOLOGY, name, span=(start, start + len(name)))
                ctx.fb.relate(
                    Rel.NEEDS,
                    chain,
                    tid,
                    (sent.start, sent.end),
                    props={"kind": m["kind"].strip(), "verb": m["verb"], "at": start},
                )


def _extract_mentions(ctx: _Context) -> None:
    """Every region, chain and agency named in a sentence is mentioned by it."""
    for sent in ctx.doc.sentences:
        for hit in _regions_in(ctx, sent.text, sent.start):
            _region_node(ctx, hit, (hit.start, hit.end))
        for ch in ctx.index.chains_at(sent.start, sent.end):
            _chain_node(ctx, ch.canonical, (ch.start, ch.end), ch.surface)
        for ag in ctx.index.agencies_at(sent.start, sent.end):
            _agency(ctx, ag.surface, (ag.start, ag.end))
