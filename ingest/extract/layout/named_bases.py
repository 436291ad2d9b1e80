"""Rule 2 of :mod:`ingest.extract.layout`, named bases: `<place><name>、<place><name>…<base word>`.

Each item led by a place of the plan and closed by a base word (专业产业基地 / 应用基地 / 特色园区 …):
an item whose rest is a short site name is a named zone inside its place with a Base of that kind
located there; an item that is a bare place is designated itself. Runs first of the layout rules:
it claims the lists it reads.
"""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest.extract.context import Context
from ingest.extract.layout.common import (
    BASE_HEAD,
    PlaceItem,
    base_word,
    claim,
    designate_place,
    named_zone,
    statement_chain,
)
from ingest.extract.layout.places import is_local, place_at
from ingest.extract.lookups import clauses, find_chains, regions_in, text_count
from ingest.extract.nodes import chain_node
from ingest.extract.words import ROLES
from ingest.lexicon import RegionHit
from ingest.models import Sentence

_BEFORE_BASE = re.compile(r"(?:等\s*(?:[0-9]+|[一二三四五六七八九十两]+)?\s*(?:个|家|处)?)?$")
# A site name: a few characters that name no industry (湾谷, 马东, 西虹桥).
_SITE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NOT_SITE = re.compile(
    r"[产业制造技术智能数字信息材料能源医药装备汽车电子生物化工新高端服务科创应用研发创新国家国际发展园区基地示范中心]"
)


def _list_before(ctx: Context, clause: str, base: int, end: int) -> list[PlaceItem] | None:
    """The place-led items of the 、-list ending at ``end`` of ``clause`` (document offset ``base``)."""
    body = clause[:end]
    tail = _BEFORE_BASE.search(body)
    body = body[: tail.start()] if tail else body
    parts = body.split("、")
    items: list[PlaceItem] = []
    pos = len(body)
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        pos -= len(part)
        hit = place_at(ctx, part, base + pos)
        if hit is None:
            # the list's first item may follow the clause's own words (提升现有青浦…): its last place
            hit = _last_place(ctx, part, base + pos)
            if hit is not None:
                items.insert(0, PlaceItem(hit, clause[hit.start - base : pos + len(part)], hit.start))
            break
        items.insert(0, PlaceItem(hit, clause[hit.start - base : pos + len(part)], hit.start))
        pos -= 1  # the 、
    return items or None


def _last_place(ctx: Context, text: str, offset: int) -> RegionHit | None:
    """The last local place in ``text``: after a joining word (…和临港), else the gazetteer's last."""
    joined = max(text.rfind(w) for w in ("和", "及", "与"))
    if joined >= 0 and (hit := place_at(ctx, text[joined:], offset + joined)) is not None:
        return hit
    local = [h for h in regions_in(ctx, text, offset) if is_local(ctx, h)]
    return local[-1] if local else None


def _site_rest(ctx: Context, item: str, rest: str, at: int) -> tuple[str | None, str | None]:
    """(chain surface, site) of an item's rest: 北斗西虹桥 → (北斗, 西虹桥); (None, None) when not a site."""
    chain = None
    found = find_chains(ctx, rest)
    if found and found[0].start == 0:
        chain = found[0].surface
        rest = rest[found[0].end :]
        found = found[1:]
    if found or "等" in rest:
        return None, None  # …日照等机器人产业集聚区: the list's chain, not a site
    # a site's name is printed with its place only (湾谷 only as 杨浦湾谷); a word the document uses
    # on its own (卫星 in 临港卫星制造集聚区) names a product or an industry, not a site
    if (
        _SITE.match(rest)
        and not _NOT_SITE.search(rest)
        and text_count(ctx, rest, at) <= text_count(ctx, item, at)
    ):
        return chain, rest
    return None, None


def extract_named_bases(ctx: Context) -> None:
    for sent in ctx.doc.sentences:
        if sent.box is not None or not BASE_HEAD.search(sent.text):
            continue
        for clause_start, clause in clauses(sent.text):
            base = sent.start + clause_start
            pos = 0
            for head in BASE_HEAD.finditer(clause):
                if head.start() < pos:
                    continue
                word_start, word = base_word(clause, head)
                items = _list_before(ctx, clause[pos:], base + pos, word_start - pos)
                pos = head.end()
                if not items:
                    continue
                _named_base_list(ctx, sent, items, word, base + word_start, base + head.end())


def _named_base_list(
    ctx: Context, sent: Sentence, items: list[PlaceItem], word: str, word_start: int, word_end: int
) -> None:
    sites = [_site_rest(ctx, it.text, it.text[len(it.place.surface) :], it.start) for it in items]
    bare = [not it.text[len(it.place.surface) :].strip("等") for it in items]
    if not all(b or s[1] for b, s in zip(bare, sites, strict=True)):
        return  # an item names something else (a chain, an organisation): the generic rule's case
    if word in ROLES and not any(s[1] for s in sites):
        return  # 济南、青岛产业基地: the generic designation rule reads it as well
    if any(s[1] for s in sites) and len(items) < 2:
        return  # one <place><name><base word> may name a company's park (潍坊X产业园): not a layout
    span = (sent.start, sent.end)
    phrase = ctx.doc.text[items[0].start : word_end]
    chain = statement_chain(ctx, sent, [ctx.doc.text[items[0].start : word_end], sent.text])
    if chain is None:
        return
    for it, (chain_word, site), is_bare in zip(items, sites, bare, strict=True):
        if is_bare:
            designate_place(ctx, it.place, chain, span, role=word, designation=phrase)
            continue
        assert site is not None
        name = it.text.rstrip("等")
        item_span = (it.start, it.start + len(name))
        zid = named_zone(ctx, name, it.place, item_span)
        item_chain = chain
        if chain_word:
            hit = find_chains(ctx, chain_word)[0]
            item_chain = chain_node(ctx, hit.canonical, item_span, hit.surface)
        ctx.fb.relate(
            Rel.DESIGNATED_FOR,
            zid,
            item_chain,
            span,
            props={"role": word, "level": None, "designation": name + word},
        )
        bid = ctx.fb.entity(
            Label.BASE, name + word, aliases=(name,), props={"kind": word}, span=(it.start, word_end)
        )
        ctx.fb.relate(Rel.LOCATED_IN, bid, zid, item_span, props={"via": "name"})
        ctx.fb.relate(Rel.IN_CHAIN, bid, item_chain, item_span)
    claim(ctx, items[0].start, word_end)
