"""Sub-chains and segments a plan lists: headings under a focus heading (二、重点发展产品 →
（一）高端医学影像产品 …) and enumerations (围绕A、B、C等环节; 发展A、B、C三大拳头产品).

Each becomes a chain SUBCHAIN_OF the chain the text is about, with the ``facet`` it was listed
as (产品, 环节, 领域, 方向, 技术路线 …) and ``source`` (heading | enumeration): answers to "哪些
环节" or "哪些产品" filter on it.
"""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest.enumerations import FACETS, find_enumerations
from ingest.extract.context import Context
from ingest.extract.lookups import chain_for_title, heading_chain, in_goals
from ingest.extract.open_vocabulary import chain_named_in
from ingest.models import Heading

# A heading that announces the plan's focus list: 重点发展产品, 重点领域, 发展重点, 主攻方向.
_FOCUS_HEADING = re.compile(
    r"^(?:[一二三四五六七八九十]+大)?(?:重点发展|重点|主攻|发展|聚焦|前沿|未来)?(?:发展)?(?:的)?"
    r"(?:产品|领域|方向|产业|赛道|环节|技术路线|方向和任务)(?:方向|领域|类别)?$|^发展重点$|^重点发展$"
)
# Words that introduce a focus list in running text; lists after other words (面向…等领域) are
# where a task applies something, not how the plan divides its industry.
_FOCUS_LEADS = (
    "重点发展",
    "重点突破",
    "重点布局",
    "加快发展",
    "大力发展",
    "积极发展",
    "培育发展",
    "聚焦",
    "围绕",
    "瞄准",
    "主攻",
    "发展",
    "培育",
    "包括",
    "涵盖",
    "探索",
    "开展",
    "拓展",
    "开拓",
    "以",
)
# The purpose a list serves names the industry it divides: …等领域，打造未来空间智能产业生态.
_PURPOSE = re.compile(
    r"(?:打造|构建|培育|壮大|形成)(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,12}?)(?:产业)?(?:生态|高地|集群|体系|链条)"
)
SEGMENT_CONFIDENCE = 0.6
_NOUN_TITLE = re.compile(r"^[^，,、；。：:]{2,16}$")
_ACTIONISH = re.compile(
    r"^(?:加快|推进|推动|实施|强化|提升|建设|培育|支持|完善|加强|优化|构建|打造|深化|健全)"
)


def _facet_of(title: str) -> str:
    for f in sorted(FACETS, key=len, reverse=True):
        if f in title:
            return f
    return "方向"


def _segment_chain(ctx: Context, name: str, parent: str, span: tuple[int, int]) -> str:
    """The chain a listed segment names: the taxonomy's, unless that is the parent itself (高端人工智能
    医疗器械 under 医疗器械 keeps its own name), else a new open-vocabulary chain."""
    known = chain_for_title(ctx, name)
    cid = None
    if known is not None:
        cid = ctx.fb.entity(Label.CHAIN, known, aliases=(name,) if name != known else (), span=span)
        ctx.name_chain(cid, known)
    if cid is None or cid == parent:
        props = {"open_vocabulary": True, "confidence": SEGMENT_CONFIDENCE, "introduced_by": "segment"}
        sid = ctx.fb.sentence_at(span[0])
        if sid:
            props["introduced_in"] = sid
        cid = ctx.fb.entity(Label.CHAIN, name, props=props, span=span)
        ctx.name_chain(cid, name)
    return cid


def _heading_parent(ctx: Context, heading: int | None) -> str | None:
    return heading_chain(ctx, heading) or (ctx.subjects[0] if ctx.subjects else None)


def extract_focus_headings(ctx: Context) -> None:
    """Noun headings under a focus heading are segments of the heading's (or the plan's) chain."""
    doc = ctx.doc
    children: dict[int | None, list[Heading]] = {}
    for child in doc.headings:
        children.setdefault(child.parent, []).append(child)
    for h in doc.headings:
        if not _FOCUS_HEADING.match(h.title):
            continue
        parent = _heading_parent(ctx, h.index)
        if parent is None:
            continue
        facet = _facet_of(h.title)
        for child in children.get(h.index, ()):
            title = child.title.rstrip("。")
            span = (child.start, child.end)
            cid = ctx.chain_of_heading.get(child.index)  # a chain heading already (（一）动力电池)
            if cid is None:
                if not _NOUN_TITLE.match(title) or _ACTIONISH.match(title):
                    continue
                cid = ctx.chain_of_heading[child.index] = _segment_chain(ctx, title, parent, span)
            if cid == parent:
                continue
            ctx.fb.relate(Rel.SUBCHAIN_OF, cid, parent, span, props={"facet": facet, "source": "heading"})


# A task heading that names the industry it develops: 支持新型食品研发, 发展智能终端, 做强整机制造.
_INDUSTRY_HEADING = re.compile(
    r"^(?:支持|发展|加快发展|做强|做优|壮大|培育|推动)(?P<name>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:研发|创制|发展|产业化|产业)?$"
)


def _heading_industry(ctx: Context, heading: int | None) -> str | None:
    """The industry the task heading of a list names, under the plan's subject."""
    if heading is None:
        return None
    m = _INDUSTRY_HEADING.match(ctx.doc.headings[heading].title.rstrip("。"))
    if m is None or _ACTIONISH.match(m["name"]):
        return None
    h = ctx.doc.headings[heading]
    span = (h.start, h.end)
    parent = _heading_parent(ctx, heading)
    cid = _segment_chain(ctx, m["name"], parent or "", span)
    if parent and cid != parent:
        ctx.fb.relate(Rel.SUBCHAIN_OF, cid, parent, span, props={"source": "heading"})
    return cid


def _clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    lo = max(text.rfind(c, 0, start) for c in "，,；;。") + 1
    his = [i for i in (text.find(c, end) for c in "，,；;。") if i >= 0]
    return lo, min(his) if his else len(text)


def _list_parent(ctx: Context, text: str, start: int, end: int, span: tuple[int, int]) -> str | None:
    """The industry a list divides: one named in its own clause outside the list, else the purpose
    the next clause gives it (…等领域，打造X产业生态 → X, a new chain when the taxonomy lacks it)."""
    lo, hi = _clause_bounds(text, start, end)
    named = chain_named_in(ctx, text[lo:start] + "，" + text[end:hi], span)
    if named:
        return named
    nxt_hi = _clause_bounds(text, hi + 1, hi + 1)[1] if hi < len(text) else hi
    purpose = _PURPOSE.search(text, hi, nxt_hi)
    if purpose:
        return _segment_chain(ctx, purpose["name"], "", span)  # the taxonomy's when it knows the name
    return None


def extract_enumerations(ctx: Context) -> None:
    """`重点发展A、B、C等<facet>` (or any enumeration in the goals section): each item is a segment of
    the chain the sentence names outside the list, else of its heading's chain, else of the plan's."""
    for sent in ctx.doc.sentences:
        if "、" not in sent.text or sent.box is not None:
            continue
        for e in find_enumerations(sent.text):
            lead = sent.text[max(0, e.start - 4) : e.start]
            if not (in_goals(ctx, sent.heading) or lead.endswith(_FOCUS_LEADS)):
                continue
            span = (sent.start, sent.end)
            parent = (
                _list_parent(ctx, sent.text, e.start, e.close_end, span)
                or _heading_industry(ctx, sent.heading)
                or _heading_parent(ctx, sent.heading)
            )
            if parent is None:
                continue
            for start, end, item in e.items:
                item_span = (sent.start + start, sent.start + end)
                cid = _segment_chain(ctx, item, parent, item_span)
                ctx.fb.relate(
                    Rel.HAS_SEGMENT, parent, cid, item_span, props={"facet": e.facet, "source": "enumeration"}
                )
