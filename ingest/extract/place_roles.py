"""Roles a sentence gives places by name: a brand (济南“中国氢谷”), membership of an economic zone
(以济南、青岛…为重点的“鲁氢经济带”) and piloting (A、B等区域先行先试). Each place is DESIGNATED_FOR
the sentence's chain with the brand, the zone or the pilot verb as its role."""

from __future__ import annotations

import re

from ingest.extract.context import Context
from ingest.extract.lookups import city_level, find_chains, heading_chain, regions_in
from ingest.extract.nodes import chain_node, designate, sentence_chain
from ingest.extract.words import ROLE_RE
from ingest.lexicon import RegionHit

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
# Both zone patterns end their zone with _ZONE_WORD: one search for it guards their lazy scans.
_ZONE_WORD_RE = re.compile(_ZONE_WORD)


def extract_brands(ctx: Context) -> None:
    """`济南“中国氢谷”、青岛“东方氢岛”` → city DESIGNATED_FOR the sentence's chain, role = the brand."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or ("“" not in sent.text and '"' not in sent.text):
            continue
        for hit in city_level(regions_in(ctx, sent.text, sent.start)):
            at = hit.end - sent.start
            m = _BRAND.match(sent.text[at:])
            if m is None or _NOT_BRAND.search(m["brand"]) or ROLE_RE.fullmatch(m["brand"]):
                continue
            if hit.end in ctx.claimed:
                continue  # a layout rule read this place's statement (ingest.extract.layout)
            if _NAMED_PLACE_LIST.match(sent.text[at + m.end() :]):
                continue  # 济南“齐鲁农谷”等未来产业园区: a park of a list, not a brand of the city
            chain = sentence_chain(ctx, sent.text, sent.heading, at)
            if chain is None:
                continue
            designate(ctx, [hit], chain, (sent.start, sent.end), role=m["brand"], designation=m["brand"])


def extract_zone_members(ctx: Context) -> None:
    """`以济南、青岛…等城市为重点的“鲁氢经济带”` → each member DESIGNATED_FOR the chain, role = the zone."""
    for sent in ctx.doc.sentences:
        if sent.box is not None:
            continue
        if "以" not in sent.text and not _ZONE_HINT.search(sent.text):
            continue
        if not _ZONE_WORD_RE.search(sent.text):
            continue  # (then neither _ZONE_LEAD nor _ZONE_INCLUDES matches)
        for rx in (_ZONE_LEAD, _ZONE_INCLUDES):
            for m in rx.finditer(sent.text):
                members = [
                    h
                    for h in city_level(regions_in(ctx, m["list"], sent.start + m.start("list")))
                    if h.level != "zone"
                ]
                if len(members) < 2:
                    continue
                zone = m["zone"]
                chain = sentence_chain(ctx, sent.text, sent.heading, m.start())
                if chain is None:
                    continue
                phrase = sent.text[m.start() : m.end()]
                designate(ctx, members, chain, (sent.start, sent.end), role=zone, designation=phrase)


# `推动A、B、C等区域先行先试发展<chain>` / `在A、B等区（市）开展…试点`: districts piloting a chain.
_PILOT = re.compile(
    r"(?P<list>[^，。；：]{2,90}?)等?(?:区（市）|区\(市\)|区市|区县|县（市、区）|区域|地区|城市|地)?"
    r"(?P<verb>先行先试|率先试点|开展试点|先行示范|试点示范)(?P<rest>[^，。；]{0,30})"
)
_PILOT_VERBS = ("先行先试", "率先试点", "开展试点", "先行示范", "试点示范")
_PILOT_VERB = re.compile("|".join(_PILOT_VERBS))  # = any(v in text for v in _PILOT_VERBS), faster


def _in_scope(ctx: Context, hit: RegionHit) -> bool:
    """A region inside the document's own region (any region when the document has none)."""
    scope = ctx.scope
    if scope is None or not scope.code:
        return True
    codes = [hit.code or "", *(c or "" for c, _, _ in hit.ancestors)]
    return scope.code in codes


def extract_pilots(ctx: Context) -> None:
    """`推动青岛西海岸新区、即墨区…等区域先行先试发展智能网联汽车` → each place DESIGNATED_FOR the chain."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not _PILOT_VERB.search(sent.text):
            continue
        for m in _PILOT.finditer(sent.text):
            members = [
                h
                for h in city_level(regions_in(ctx, m["list"], sent.start + m.start("list")))
                if _in_scope(ctx, h) and (ctx.scope is None or h.code != ctx.scope.code)
            ]
            if not members:
                continue
            found = find_chains(ctx, m["rest"])
            if found:
                chain = chain_node(ctx, found[0].canonical, None, found[0].surface)
            else:
                chain_or_none = heading_chain(ctx, sent.heading)
                if chain_or_none is None:
                    continue
                chain = chain_or_none
            first = members[0].start - sent.start
            phrase = sent.text[first : m.end()]
            designate(ctx, members, chain, (sent.start, sent.end), role=m["verb"], designation=phrase)
