"""Facts several passes record alike: a region with its ancestry, a chain, an agency, where a named
thing is located, and a designation (a place DESIGNATED_FOR a chain)."""

from __future__ import annotations

from core.model import Label, Rel, name_key
from ingest import lexicon
from ingest.extract.context import Context
from ingest.extract.lookups import find_chains, heading_chain, regions_in
from ingest.lexicon import RegionHit

# --- regions ---------------------------------------------------------------------------------------


def region_node(ctx: Context, hit: RegionHit, span: tuple[int, int] | None) -> str:
    """Add a region with its ancestors (PART_OF from the gazetteer); return its id."""
    fb = ctx.fb
    memo = ("region", hit.name, hit.code, hit.surface)
    rid = ctx.known.get(memo)
    if rid is not None:  # node, alias, property keys and ancestry recorded by the first such call
        if span is not None:
            fb.mention(rid, span)
        return rid
    rid = ctx.known[memo] = fb.entity(
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


def _place_in_name(ctx: Context, name: str, start: int) -> list[RegionHit]:
    """The places a name locates its bearer in: cities, counties, districts and zones inside a city.

    Areas spanning several cities (鲁南, 环渤海, 黄河流域) locate nothing; a short zone alias glued
    to a preceding word (X蓝谷 ≠ 蓝谷) is part of that word; places in the document's province win
    over places elsewhere (<other-province university><city>… is in <city>).
    """
    hits = regions_in(ctx, name, start)
    if not hits:
        return []
    out: list[RegionHit] = []
    for h in hits:
        level = h.level
        if level == "province" or level == "area":
            continue  # city_level(hits), inline
        if level == "zone":
            parent_level = h.ancestors[0][2] if h.ancestors else "province"
            if parent_level in ("province", "area"):
                continue
            at = h.start - start
            if len(h.surface) <= 2 and at > 0 and "\u4e00" <= name[at - 1] <= "\u9fff":
                continue
        out.append(h)
    province = ctx.scope.code[:2] if ctx.scope and ctx.scope.code else None
    if not province or not out:
        return out
    home = [h for h in out if _code_of(h)[:2] == province]
    return home or out


def _code_of(h: RegionHit) -> str:
    return h.code or next((c for c, _, _ in h.ancestors if c), "")


def locate_by_name(ctx: Context, node_id: str, name: str, start: int) -> None:
    """LOCATED_IN every sub-provincial region named inside ``name`` (prefix, middle, brackets)."""
    known = ctx.known
    memo = ("located", node_id, name, start)
    if memo in known:
        return  # a repeated call adds nothing: same regions, mentions, relations and props
    known[memo] = node_id
    hits = _place_in_name(ctx, name, start)
    if not hits:
        return
    fb = ctx.fb
    span = (start, start + len(name))
    for hit in hits:
        rid = known.get(("region", hit.name, hit.code, hit.surface))  # region_node's memo, inline
        if rid is None:
            rid = region_node(ctx, hit, (hit.start, hit.end))
        else:
            fb.mention(rid, (hit.start, hit.end))
        fb.relate(Rel.LOCATED_IN, node_id, rid, span, props={"via": "name"})


# --- chains ----------------------------------------------------------------------------------------


def chain_node(ctx: Context, canonical: str, span: tuple[int, int] | None, surface: str = "") -> str:
    """Add the chain ``canonical`` (``surface`` as an alias when printed otherwise); return its id."""
    memo = ("chain", canonical, surface)
    cid = ctx.known.get(memo)
    if cid is not None:
        if span is not None:
            ctx.fb.mention(cid, span)
    else:
        aliases = (surface,) if surface and surface != canonical else ()
        cid = ctx.known[memo] = ctx.fb.entity(Label.CHAIN, canonical, aliases=aliases, span=span)
    ctx.name_chain(cid, canonical)
    return cid


def sentence_chain(ctx: Context, sent_text: str, heading: int | None, upto: int) -> str | None:
    """The chain a sentence is about: its heading's chain, else the last chain named before ``upto``."""
    chain = heading_chain(ctx, heading)
    if chain:
        return chain
    found = find_chains(ctx, sent_text[:upto]) or find_chains(ctx, sent_text)
    if not found:
        return None
    return chain_node(ctx, found[-1].canonical, None, found[-1].surface)


# --- agencies --------------------------------------------------------------------------------------


def agency(ctx: Context, raw: str, span: tuple[int, int], *, listed: bool = False) -> str | None:
    """The agency ``raw`` names; ``listed``: it stands in a responsibility list, so any body counts."""
    aid = ctx.known.get(("agency", raw, listed))
    if aid is not None:
        ctx.fb.mention(aid, span)
        return aid
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
    ctx.known[("agency", raw, listed)] = aid = ctx.fb.entity(
        Label.AGENCY,
        printed if short_form else hit.canonical,
        key=hit.key,
        aliases=(*hit.aliases, raw),
        props={"full_name": hit.full_name, "kind": hit.kind},
        span=span,
    )
    return aid


# --- designations ----------------------------------------------------------------------------------


def designate(
    ctx: Context,
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
        rid = region_node(ctx, hit, (hit.start, hit.end))
        ctx.fb.relate(
            Rel.DESIGNATED_FOR,
            rid,
            chain,
            span,
            props={"role": role, "level": level, "designation": designation},
        )
