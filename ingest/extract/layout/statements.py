"""Rule 3 of :mod:`ingest.extract.layout`, layout statements: `围绕/依托/以/结合 <place><carrier>、…，
打造 …<role>` (one statement per ；-part). Every place of the anchor list is designated for the
statement's chain; its carriers are located in it (:mod:`ingest.extract.carriers`).
"""

from __future__ import annotations

import re

from ingest.extract import carriers
from ingest.extract.context import Context
from ingest.extract.layout.common import (
    BASE_HEAD,
    BUILD,
    LAYOUT_ROLE,
    ROLE_BY_AS,
    PlaceItem,
    base_word,
    claim,
    designate_place,
    designation_of,
    plan_subject,
    statement_chain,
    statement_parts,
)
from ingest.extract.layout.places import is_local, place_at
from ingest.extract.lookups import find_chains, heading_chain, regions_in
from ingest.extract.nodes import chain_node
from ingest.models import Sentence

_QUOTED = re.compile(r"[“\"]([^”\"]{1,8})[”\"]")
_ANCHOR = re.compile(r"^(?:围绕|依托|立足|结合|聚焦|发挥|以)")
_OPEN_TAIL = re.compile(r"等[^、]*$")
# A statement's part starts with an _ANCHOR word, holds a ， and a BUILD verb after it: a sentence
# without all three (as plain words anywhere) has none, so it is skipped before it is split.
_ANCHOR_WORD = re.compile(_ANCHOR.pattern[1:])


def _anchor_items(ctx: Context, anchor: str, base: int) -> list[PlaceItem]:
    """Place-led items of an anchor list (布局在浦东的X、临港Y、青浦Z和W): each with its carrier text."""
    out: list[PlaceItem] = []
    pos = 0
    anchor = _OPEN_TAIL.sub("", anchor)  # …虹口5G+卫星互联网等各区集聚优势: the list ends at 等
    for part in anchor.split("、"):
        hit = place_at(ctx, part, base + pos)
        if hit is None:
            local = [h for h in regions_in(ctx, part, base + pos) if is_local(ctx, h)]
            if local:
                hit = local[0]
        if hit is not None:
            out.append(PlaceItem(hit, part[hit.start - base - pos :], hit.start))
        elif out:
            out[-1] = PlaceItem(out[-1].place, out[-1].text + "、" + part, out[-1].start)
        pos += len(part) + 1
    return out


def _anchor_carriers(ctx: Context, it: PlaceItem, rest: str, chain: str, span: tuple[int, int]) -> None:
    """Carriers of an anchor item (闵行上海航天城; 青浦X和Y): each located in the item's place."""
    pos = it.start + len(it.place.surface)
    for part in re.split(r"(和|及|与|的)", rest):
        name = part.strip()
        if len(name) >= 3 and carriers.is_carrier(ctx, name, pos + part.find(name), anchored=True):
            carriers.carrier(ctx, name, pos + part.find(name), chain, it.place, span)
        pos += len(part)


def _role_of(designation: str) -> str | None:
    """The quoted layout word of a designation (“东翼”), else its base word, else its layout role."""
    for m in _QUOTED.finditer(designation):
        if LAYOUT_ROLE.fullmatch(m.group(1)):
            return m.group(1)
    heads = list(BASE_HEAD.finditer(designation))
    if heads:
        return base_word(designation, heads[-1])[1]
    roles = list(LAYOUT_ROLE.finditer(designation))
    return roles[-1].group(0) if roles else None


def extract_layout_statements(ctx: Context) -> None:
    """Rule 3: 围绕<places+carriers>，打造…<role>."""
    for sent in ctx.doc.sentences:
        text = sent.text
        if (
            sent.box is not None
            or "，" not in text
            or not BUILD.search(text)
            or not _ANCHOR_WORD.search(text)
        ):
            continue
        found: list[tuple[list[PlaceItem], str, str, int]] = []
        for part_start, part in statement_parts(sent):
            lead = _ANCHOR.search(part)
            if lead is None:
                continue
            cut = part.find("，", lead.end())
            build = BUILD.search(part, cut if cut > 0 else lead.end())
            if cut < 0 or build is None:
                continue
            if ROLE_BY_AS.search(part[lead.end() : cut]):
                continue  # 以A为核心区，建设…: the role after 为 is the place's (rule 4)
            anchor_start = sent.start + part_start + lead.end()
            items = _anchor_items(ctx, part[lead.end() : cut], anchor_start)
            if not items:
                continue
            designation = designation_of(part[build.end() :].rstrip("。"))
            role = _role_of(designation)
            if role is None:
                continue
            found.append((items, designation, role, sent.start + part_start))
        if not found:
            continue
        named = [d for _, d, _, _ in found]
        for items, designation, role, at in found:
            chains = _own_chains(ctx, sent, designation) or [
                statement_chain(ctx, sent, [designation, *named])
            ]
            for chain in chains:
                if chain is None:
                    continue
                for it in items:
                    rest = it.text[len(it.place.surface) :]
                    text = f"{designation}（{it.text}）" if rest else designation
                    designate_place(ctx, it.place, chain, (sent.start, sent.end), role=role, designation=text)
                    _anchor_carriers(ctx, it, rest, chain, (sent.start, sent.end))
            claim(ctx, at, sent.end)


def _own_chains(ctx: Context, sent: Sentence, designation: str) -> list[str | None]:
    """The chains of a layout statement by its own words only: the one its designation names, else
    its heading's, else every subject of a plan with several (打造产业协同创新特色园区 in a plan on
    商业航天 and 空间信息 is for both). Empty when the plan has one subject or none: then the
    statement may take a chain another statement of its sentence names (:func:`statement_chain`)."""
    found = find_chains(ctx, designation)
    if found:
        return [chain_node(ctx, found[-1].canonical, None, found[-1].surface)]
    heading = heading_chain(ctx, sent.heading)
    if heading is not None:
        return [heading]
    return list(ctx.subjects) if len(ctx.subjects) > 1 and plan_subject(ctx, sent) else []
