"""What the layout rules share: their role and base words, how a statement splits, which chain a
statement is for, and how a place is designated (and the statement claimed from the generic rules)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.model import Label, Rel
from ingest.extract.context import Context
from ingest.extract.lookups import find_chains, heading_chain
from ingest.extract.nodes import chain_node, region_node
from ingest.lexicon import RegionHit
from ingest.models import Sentence

# Layout roles, longest first: the words a spatial layout gives its places.
LAYOUT_ROLES = (
    "核心承载区",
    "核心功能区",
    "先行示范区",
    "核心主体",
    "核心区",
    "主承载区",
    "承载区",
    "先行区",
    "先导区",
    "策源区",
    "策源地",
    "引领区",
    "示范区",
    "功能区",
    "拓展区",
    "联动区",
    "辐射区",
    "集聚区",
    "增长极",
    "主阵地",
    "东翼",
    "西翼",
    "南翼",
    "北翼",
    "两翼",
    "一核",
    "核心",
)
LAYOUT_ROLE = re.compile("|".join(LAYOUT_ROLES))
# `以A为核心区`: a role given after 为 (rule 4), not by what the statement builds (rule 3).
ROLE_BY_AS = re.compile(r"(?:为|作为)[^，。；、为]{0,10}?(?:" + "|".join(LAYOUT_ROLES) + r")")
# The verbs that build what a place is designated as.
BUILD = re.compile(r"(?:打造|建设|建成|形成|构建|培育|创建|争创|成为)")

# A base word with the qualifiers printed before it (专业产业基地, 应用基地, 特色产业园区).
BASE_HEAD = re.compile(r"(?:基地|产业园区|产业园|园区|集聚区|示范区|承载区)")
_QUALIFIER = re.compile(r"(?:专业|特色|应用|示范|产业|创新|品牌|协同|主题|研发|制造|生产|服务|功能|综合)$")


def base_word(clause: str, head: re.Match[str]) -> tuple[int, str]:
    """Start and text of the base word ending at ``head``: the head with its qualifiers."""
    start = head.start()
    while (q := _QUALIFIER.search(clause[:start])) is not None:
        start = q.start()
    return start, clause[start : head.end()]


@dataclass
class PlaceItem:
    """An item of a place list: the place it starts with and what follows it."""

    place: RegionHit
    text: str  # as printed, from the place on
    start: int  # document offset


_STATEMENT_SPLIT = re.compile(r"[；;]")


def statement_parts(sent: Sentence) -> list[tuple[int, str]]:
    """(offset, part) of each ；-part of a sentence: one layout statement each."""
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _STATEMENT_SPLIT.split(sent.text):
        if part.strip():
            out.append((pos, part))
        pos += len(part) + 1
    return out


def designation_of(text: str) -> str:
    """The designation of a 打造 phrase: after its last 的 (灯塔辐射效应显著的商业航天“核心主体”)."""
    cut = text.rfind("的")
    return text[cut + 1 :] if 0 <= cut < len(text) - 2 else text


def statement_chain(ctx: Context, sent: Sentence, phrases: list[str]) -> str | None:
    """The chain of a layout statement: named in its phrases, else the heading's, else the subject."""
    for phrase in phrases:
        found = find_chains(ctx, phrase)
        if found:
            return chain_node(ctx, found[-1].canonical, None, found[-1].surface)
    heading = heading_chain(ctx, sent.heading)
    if heading is not None:
        return heading
    return plan_subject(ctx, sent)


# Sections on how a plan is carried out (三、保障措施), not on its industry: their sentences are
# no statements about the plan's subject.
_MEASURES_SECTION = re.compile(r"保障|组织实施|实施机制")


def plan_subject(ctx: Context, sent: Sentence) -> str | None:
    """The plan's first subject, for a sentence outside its measures sections."""
    heading = sent.heading
    while heading is not None:
        h = ctx.doc.headings[heading]
        if _MEASURES_SECTION.search(h.title):
            return None
        heading = h.parent
    return ctx.subjects[0] if ctx.subjects else None


def designate_place(
    ctx: Context, place: RegionHit, chain: str, span: tuple[int, int], *, role: str, designation: str
) -> str:
    """``place`` DESIGNATED_FOR ``chain`` (no level: a layout states none); returns the region's id."""
    rid = region_node(ctx, place, (place.start, place.end) if place.end > place.start else None)
    ctx.fb.relate(
        Rel.DESIGNATED_FOR, rid, chain, span, props={"role": role, "level": None, "designation": designation}
    )
    return rid


def claim(ctx: Context, start: int, end: int) -> None:
    """Mark ``[start, end)`` as designated here, so the generic designation rule leaves it alone."""
    ctx.claimed.update(range(start, end))


def named_zone(ctx: Context, name: str, parent: RegionHit, span: tuple[int, int]) -> str:
    """A named place inside ``parent`` (no code): Region level zone, PART_OF the parent (source text)."""
    pid = region_node(ctx, parent, (parent.start, parent.end))
    zid = ctx.fb.entity(Label.REGION, name, props={"code": None, "level": "zone"}, span=span)
    ctx.fb.relate(Rel.PART_OF, zid, pid, span, props={"source": "text"})
    return zid
