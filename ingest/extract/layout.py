"""Spatial layouts of a plan: its own places, the named places inside them, and the roles a layout
gives them (designations).

A plan's "cities" are the divisions directly below its own region: a province's cities, a city's
or a municipality's districts and counties (闵行区, 浦东新区, printed short: 闵行, 浦东). Below them
sit named places (a 片区, 商务区, a base named after its site). A layout statement gives places a
role for a chain (核心主体, 东翼, 先行区, 承载区, 专业产业基地 …); each becomes
``Region -DESIGNATED_FOR-> Chain`` with ``role`` and ``designation`` as printed. The rules:

1. **Places printed short.** A division or zone of the document's own region may be printed
   without its suffix (金山 for 金山区, 临港 for 临港新片区); such a short form counts only at a
   place position (an item of a place list, the head of a layout item) and only inside the
   document's region: the word is a common one elsewhere.
2. **Named bases.** `<place><name>、<place><name>…<qualifiers><base word>` (each item led by a
   place of the plan, closed by 专业产业基地 / 应用基地 / 特色园区 …): an item whose rest is a
   short site name (optionally after a chain word) is a named place inside its place (a zone
   PART_OF it, named as printed), with a Base of that kind located there; the zone is designated
   for the chain with the base word as its role. Items that are bare places are designated
   themselves. A base word the generic designation rule would cut (专业产业基地 → 产业基地) or a
   site name it would take for a chain makes this rule claim the statement.
3. **Layout statements.** `围绕/依托/以/结合 <place><carrier>、…，打造 …<role>` (one statement per
   ；-part): every place of the anchor list is designated for the statement's chain; the role is
   the quoted layout word (“核心主体”, “东翼”) or the designation's head; the designation is the
   phrase after 打造 with the place's carrier in brackets.
4. **Roles by 为.** `以A、B为核心，C、D为两翼` / `A为先行区`: each place gets the role after 为.
5. **Layout role words in a place's clause** (`推动A打造X先行区`): roles the generic rule does not
   know (先行区, 承载区, 策源区, 核心主体, 引领区, 功能区 …) designate the clause's places.

6. **Where a designation is built.** `在A、B建设X<role>` / `建设A<quoted name>X<role>`: the places
   after 在 (or printed at the head of the designation) get the role; the designation is X<role>
   after its last 的 (基于…的食品智能制造核心区 → 食品智能制造核心区).
7. **A district's own industries.** In the plan of a district or county (the plan speaks for its
   own region), `<chain>主导产业` / `培育<chain>产业集群` / `打造<chain>产业生态` with no place in
   the clause designate the plan's region for that chain.

The chain of a statement is the one its designation names, else one named by another statement
of the same sentence, else the heading's, else the document's first subject (``ctx.subjects``).
A designation whose own industry (the words before its role, without quoted names and activity
words: 合成生物食品开发先行区 → 合成生物食品) is no known chain but is printed under a chain (the
heading's or the subject) names a segment of that chain: an open-vocabulary chain SUBCHAIN_OF it
(``introduced_by: designation``). A statement with no chain designates nothing (nothing is
invented).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from core.model import Label, Rel
from ingest import gazetteer
from ingest.extract.context import Context
from ingest.extract.lookups import clauses, find_chains, heading_chain, regions_in
from ingest.extract.nodes import chain_node, region_node
from ingest.extract.open_vocabulary import open_chain
from ingest.extract.words import ROLES
from ingest.lexicon import RegionHit
from ingest.models import Sentence
from ingest.subjects import Phrase

# --- the plan's own places ---------------------------------------------------------------------------

_DIVISION_SUFFIXES = ("新区", "区", "县", "市")
# What a zone's name may end with after its short form (临港|新片区, 张江|科学城).
_ZONE_TAILS = re.compile(
    r"(?:国际中央商务区|中央商务区|商务区|新片区|片区|科学城|新城|高新区|开发区|经开区|自贸区|示范区|新区)$"
)
_LOCAL_LEVELS = ("city", "district", "county", "zone")


def _ancestry(code: str | None) -> tuple[tuple[str | None, str, str], ...]:
    if not code:
        return ()
    return tuple((r.code, r.name, r.level) for r in gazetteer.ancestors(code))


@cache
def _short_places(
    scope_code: str,
) -> dict[str, tuple[str | None, str, str, tuple[tuple[str | None, str, str], ...]]]:
    """Short form → (code, name, level, ancestors) of every division and zone inside ``scope_code``."""
    out: dict[str, tuple[str | None, str, str, tuple[tuple[str | None, str, str], ...]]] = {}
    for r in gazetteer.all_regions():
        if r.code == scope_code or scope_code not in r.parents:
            continue
        for suffix in _DIVISION_SUFFIXES:
            if r.name.endswith(suffix) and len(r.name) - len(suffix) >= 2:
                out.setdefault(r.name[: -len(suffix)], (r.code, r.name, r.level, _ancestry(r.code)))
                break
    for z in gazetteer.all_zones():
        parent = gazetteer.region(z.parent) if z.parent else None
        if parent is None or not (parent.code == scope_code or scope_code in parent.parents):
            continue
        m = _ZONE_TAILS.search(z.name)
        if m and m.start() >= 2:
            up = ((parent.code, parent.name, parent.level), *_ancestry(parent.code))
            out.setdefault(z.name[: m.start()], (None, z.name, "zone", up))
    return out


def _short_place(ctx: Context, text: str, at: int) -> RegionHit | None:
    """The place of the document's region printed short at the start of ``text`` (rule 1)."""
    scope = ctx.scope
    if scope is None or not scope.code:
        return None
    table = _short_places(scope.code)
    for n in (4, 3, 2):
        got = table.get(text[:n])
        if got is not None:
            code, name, level, up = got
            return RegionHit(at, at + n, code, name, text[:n], level, up)
    return None


def is_local(ctx: Context, hit: RegionHit) -> bool:
    """A place below the document's own region (any sub-provincial place when it has none)."""
    if hit.level not in _LOCAL_LEVELS:
        return False
    codes = [c for c, _, _ in hit.ancestors if c]
    scope = ctx.scope
    if scope is None or not scope.code:
        return bool(codes) or hit.code is not None
    return hit.code != scope.code and scope.code in codes


def place_at(ctx: Context, text: str, offset: int) -> RegionHit | None:
    """The local place ``text`` starts with (after a joining word): gazetteer first, then rule 1."""
    lead = len(text) - len(_JOINER.sub("", text, count=1))
    for h in regions_in(ctx, text, offset):
        if h.start - offset == lead and is_local(ctx, h):
            return h
        if h.start - offset > lead:
            break
    return _short_place(ctx, text[lead:], offset + lead)


_JOINER = re.compile(r"^(?:以及|和|及|与|、|，)")


# --- shared --------------------------------------------------------------------------------------------


def statement_chain(ctx: Context, sent: Sentence, phrases: list[str]) -> str | None:
    """The chain of a layout statement: named in its phrases, else the heading's, else the subject."""
    for phrase in phrases:
        found = find_chains(ctx, phrase)
        if found:
            return chain_node(ctx, found[-1].canonical, None, found[-1].surface)
    heading = heading_chain(ctx, sent.heading)
    if heading is not None:
        return heading
    return _subject(ctx, sent)


# Sections on how a plan is carried out (三、保障措施), not on its industry: their sentences are
# no statements about the plan's subject.
_MEASURES_SECTION = re.compile(r"保障|组织实施|实施机制")


def _subject(ctx: Context, sent: Sentence) -> str | None:
    """The plan's first subject, for a sentence outside its measures sections."""
    heading = sent.heading
    while heading is not None:
        h = ctx.doc.headings[heading]
        if _MEASURES_SECTION.search(h.title):
            return None
        heading = h.parent
    return ctx.subjects[0] if ctx.subjects else None


def designate(
    ctx: Context, place: RegionHit, chain: str, span: tuple[int, int], *, role: str, designation: str
) -> str:
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


# --- rule 2: named bases -------------------------------------------------------------------------------

# A base word with the qualifiers printed before it (专业产业基地, 应用基地, 特色产业园区).
_BASE_HEAD = re.compile(r"(?:基地|产业园区|产业园|园区|集聚区|示范区|承载区)")
_QUALIFIER = re.compile(r"(?:专业|特色|应用|示范|产业|创新|品牌|协同|主题|研发|制造|生产|服务|功能|综合)$")
_BEFORE_BASE = re.compile(r"(?:等\s*(?:[0-9]+|[一二三四五六七八九十两]+)?\s*(?:个|家|处)?)?$")
# A site name: a few characters that name no industry (湾谷, 马东, 西虹桥).
_SITE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")
_NOT_SITE = re.compile(
    r"[产业制造技术智能数字信息材料能源医药装备汽车电子生物化工新高端服务科创应用研发创新国家国际发展园区基地示范中心]"
)


def _base_word(clause: str, head: re.Match[str]) -> tuple[int, str]:
    """Start and text of the base word ending at ``head``: the head with its qualifiers."""
    start = head.start()
    while (q := _QUALIFIER.search(clause[:start])) is not None:
        start = q.start()
    return start, clause[start : head.end()]


@dataclass
class _Item:
    place: RegionHit
    text: str  # as printed, from the place on
    start: int  # document offset


def _list_before(ctx: Context, clause: str, base: int, end: int) -> list[_Item] | None:
    """The place-led items of the 、-list ending at ``end`` of ``clause`` (document offset ``base``)."""
    body = clause[:end]
    tail = _BEFORE_BASE.search(body)
    body = body[: tail.start()] if tail else body
    parts = body.split("、")
    items: list[_Item] = []
    pos = len(body)
    for i in range(len(parts) - 1, -1, -1):
        part = parts[i]
        pos -= len(part)
        hit = place_at(ctx, part, base + pos)
        if hit is None:
            # the list's first item may follow the clause's own words (提升现有青浦…): its last place
            hit = _last_place(ctx, part, base + pos)
            if hit is not None:
                items.insert(0, _Item(hit, clause[hit.start - base : pos + len(part)], hit.start))
            break
        items.insert(0, _Item(hit, clause[hit.start - base : pos + len(part)], hit.start))
        pos -= 1  # the 、
    return items or None


def _last_place(ctx: Context, text: str, offset: int) -> RegionHit | None:
    """The last local place in ``text``: after a joining word (…和临港), else the gazetteer's last."""
    joined = max(text.rfind(w) for w in ("和", "及", "与"))
    if joined >= 0 and (hit := place_at(ctx, text[joined:], offset + joined)) is not None:
        return hit
    local = [h for h in regions_in(ctx, text, offset) if is_local(ctx, h)]
    return local[-1] if local else None


def _site_rest(ctx: Context, item: str, rest: str) -> tuple[str | None, str | None]:
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
        and ctx.doc.text.count(rest) <= ctx.doc.text.count(item)
    ):
        return chain, rest
    return None, None


def _extract_named_bases(ctx: Context) -> None:
    for sent in ctx.doc.sentences:
        if sent.box is not None or not _BASE_HEAD.search(sent.text):
            continue
        for clause_start, clause in clauses(sent.text):
            base = sent.start + clause_start
            pos = 0
            for head in _BASE_HEAD.finditer(clause):
                if head.start() < pos:
                    continue
                word_start, word = _base_word(clause, head)
                items = _list_before(ctx, clause[pos:], base + pos, word_start - pos)
                pos = head.end()
                if not items:
                    continue
                _named_base_list(ctx, sent, items, word, base + word_start, base + head.end())


def _named_base_list(
    ctx: Context, sent: Sentence, items: list[_Item], word: str, word_start: int, word_end: int
) -> None:
    sites = [_site_rest(ctx, it.text, it.text[len(it.place.surface) :]) for it in items]
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
            designate(ctx, it.place, chain, span, role=word, designation=phrase)
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


# --- rules 3-5: layout statements --------------------------------------------------------------------

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
_LAYOUT_ROLE = re.compile("|".join(LAYOUT_ROLES))
_QUOTED = re.compile(r"[“\"]([^”\"]{1,8})[”\"]")
_ANCHOR = re.compile(r"^(?:围绕|依托|立足|结合|聚焦|发挥|以)")
_BUILD = re.compile(r"(?:打造|建设|建成|形成|构建|培育|创建|争创|成为)")
_STATEMENT_SPLIT = re.compile(r"[；;]")
_OPEN_TAIL = re.compile(r"等[^、]*$")


def _statements(sent: Sentence) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _STATEMENT_SPLIT.split(sent.text):
        if part.strip():
            out.append((pos, part))
        pos += len(part) + 1
    return out


def _anchor_items(ctx: Context, anchor: str, base: int) -> list[_Item]:
    """Place-led items of an anchor list (布局在浦东的X、临港Y、青浦Z和W): each with its carrier text."""
    out: list[_Item] = []
    pos = 0
    anchor = _OPEN_TAIL.sub("", anchor)  # …虹口5G+卫星互联网等各区集聚优势: the list ends at 等
    for part in anchor.split("、"):
        hit = place_at(ctx, part, base + pos)
        if hit is None:
            local = [h for h in regions_in(ctx, part, base + pos) if is_local(ctx, h)]
            if local:
                hit = local[0]
        if hit is not None:
            out.append(_Item(hit, part[hit.start - base - pos :], hit.start))
        elif out:
            out[-1] = _Item(out[-1].place, out[-1].text + "、" + part, out[-1].start)
        pos += len(part) + 1
    return out


def _anchor_carriers(ctx: Context, it: _Item, rest: str, chain: str, span: tuple[int, int]) -> None:
    """Carriers of an anchor item (闵行上海航天城; 青浦X和Y): each located in the item's place."""
    from ingest.extract import carriers  # (carriers reads plan_area of this module)

    pos = it.start + len(it.place.surface)
    for part in re.split(r"(和|及|与|的)", rest):
        name = part.strip()
        if len(name) >= 3 and carriers.is_carrier(ctx, name, pos + part.find(name), anchored=True):
            carriers.carrier(ctx, name, pos + part.find(name), chain, it.place, span)
        pos += len(part)


def _designation_of(text: str) -> str:
    """The designation of a 打造 phrase: after its last 的 (灯塔辐射效应显著的商业航天“核心主体”)."""
    cut = text.rfind("的")
    return text[cut + 1 :] if 0 <= cut < len(text) - 2 else text


def _role_of(designation: str) -> str | None:
    """The quoted layout word of a designation (“东翼”), else its base word, else its layout role."""
    for m in _QUOTED.finditer(designation):
        if _LAYOUT_ROLE.fullmatch(m.group(1)):
            return m.group(1)
    heads = list(_BASE_HEAD.finditer(designation))
    if heads:
        return _base_word(designation, heads[-1])[1]
    roles = list(_LAYOUT_ROLE.finditer(designation))
    return roles[-1].group(0) if roles else None


def _extract_layout_statements(ctx: Context) -> None:
    """Rule 3: 围绕<places+carriers>，打造…<role>."""
    for sent in ctx.doc.sentences:
        if sent.box is not None:
            continue
        found: list[tuple[list[_Item], str, str, int]] = []
        for part_start, part in _statements(sent):
            lead = _ANCHOR.search(part)
            if lead is None:
                continue
            cut = part.find("，", lead.end())
            build = _BUILD.search(part, cut if cut > 0 else lead.end())
            if cut < 0 or build is None:
                continue
            if _ROLE_BY_AS.search(part[lead.end() : cut]):
                continue  # 以A为核心区，建设…: the role after 为 is the place's (rule 4)
            anchor_start = sent.start + part_start + lead.end()
            items = _anchor_items(ctx, part[lead.end() : cut], anchor_start)
            if not items:
                continue
            designation = _designation_of(part[build.end() :].rstrip("。"))
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
                    designate(ctx, it.place, chain, (sent.start, sent.end), role=role, designation=text)
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
    return list(ctx.subjects) if len(ctx.subjects) > 1 and _subject(ctx, sent) else []


# `以A、B为核心，C为两翼` / `A、B为先行区`: the places before 为 get the role after it (rule 4).
_AS_ROLE = re.compile(
    r"(?P<list>[^，。；：为]{2,60}?)(?:为|作为)(?P<n>[一二三四五六七八九十两0-9]+个?)?"
    r"(?P<mid>[^，。；、为]{0,10}?)(?P<role>" + "|".join(LAYOUT_ROLES) + r")"
)
_ROLE_BY_AS = re.compile(r"(?:为|作为)[^，。；、为]{0,10}?(?:" + "|".join(LAYOUT_ROLES) + r")")
# `推动A打造<chain>先行区`: a layout role the generic rule does not know, in a place's clause (rule 5).
_BUILD_ROLE = re.compile(
    r"(?P<list>[^，。；：]{2,60}?)"
    + _BUILD.pattern
    + r"(?:为)?(?P<mid>[^，。；、]{0,24}?)(?P<role>"
    + "|".join(r for r in LAYOUT_ROLES if r.endswith(("区", "主体", "地", "极")))
    + r")"
)


def _list_places(ctx: Context, text: str, offset: int) -> list[RegionHit]:
    """The places of a 、/和-list: every item a local place (gazetteer or rule 1), else none."""
    out: list[RegionHit] = []
    pos = 0
    for part in re.split(r"[、和及与]", text):
        hit = place_at(ctx, part, offset + pos)
        if hit is None or len(part.strip("等")) - (hit.end - hit.start) > 1:
            return []
        out.append(hit)
        pos += len(part) + 1
    return out


def _extract_role_clauses(ctx: Context) -> None:
    """Rules 4 and 5."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or not _LAYOUT_ROLE.search(sent.text):
            continue
        for clause_start, clause in clauses(sent.text):
            base = sent.start + clause_start
            if any(o in ctx.claimed for o in range(base, base + len(clause))):
                continue
            part = _part_of(sent, clause_start)
            for m in [*_AS_ROLE.finditer(clause), *_BUILD_ROLE.finditer(clause)]:
                raw = re.sub(r"^(?:以|推动|支持|鼓励|推进|依托|发挥|在)", "", m["list"])
                at = m.start("list") + len(m["list"]) - len(raw)
                places = _list_places(ctx, raw, base + at)
                role = m["role"]
                mid_start = m.start("mid")
                if not places and m.re is _BUILD_ROLE:
                    # rule 6: 建设<place><designation> (深化建设A区“X谷”Y策源区): the place heads it
                    head = place_at(ctx, m["mid"], base + mid_start)
                    if head is not None and head.start == base + mid_start:
                        places, mid_start = [head], mid_start + head.end - head.start
                located = m["list"].startswith("在") and m.re is _BUILD_ROLE  # 在A建设…: rule 6
                if not places or (m.re is _BUILD_ROLE and role in ROLES and not located):
                    continue  # the generic designation rule reads <place>…<known role> itself
                # what the places are designated as: X<role> after its last 的 (rules 4-6)
                designation = _designation_of(clause[mid_start : m.end()]) or role
                chain = designation_chain(ctx, sent, designation, role, [part, sent.text], base + mid_start)
                if chain is None:
                    continue
                for p in places:
                    designate(ctx, p, chain, (sent.start, sent.end), role=role, designation=designation)
                claim(ctx, base + at, base + m.end())


def _part_of(sent: Sentence, at: int) -> str:
    """The ；-part of ``sent`` holding offset ``at`` (a statement: its chain is its own)."""
    for start, part in _statements(sent):
        if start <= at < start + len(part) + 1:
            return part
    return sent.text


# Words after a designation's industry that say what is done there, not which industry (开发, 创新).
_ACTIVITY_TAIL = re.compile(r"(?:开发|创新|发展|应用|转化|研发|集聚|示范|先行|引领|产业)+$")
_QUOTED_NAME = re.compile(r"[“\"][^”\"]*[”\"]")
DESIGNATION_CONFIDENCE = 0.5


def designation_chain(
    ctx: Context, sent: Sentence, designation: str, role: str, phrases: list[str], at: int
) -> str | None:
    """The chain a designation is for (see the module's last paragraph).

    Its own industry (合成生物食品 of 合成生物食品开发先行区): a known chain when the taxonomy names
    all of it, else a segment of the chain the sentence is printed under (heading, else subject),
    else the statement's chain (:func:`statement_chain`).
    """
    core = _QUOTED_NAME.sub("", designation.removesuffix(role))
    core = _ACTIVITY_TAIL.sub("", core)
    found = find_chains(ctx, core) if len(core) >= 2 else []
    if found and found[0].start == 0 and found[0].end == len(core):
        return chain_node(ctx, found[0].canonical, None, found[0].surface)
    context = heading_chain(ctx, sent.heading) or _subject(ctx, sent)
    if not core and context is not None:
        # 以A为核心区: a bare layout role lays out the plan's (or section's) industry; a known chain
        # of the sentence that the context's name holds is that industry as the taxonomy names it
        name = ctx.chain_names.get(context, "")
        for hit in find_chains(ctx, sent.text):
            if hit.surface in name and hit.surface != name:
                return chain_node(ctx, hit.canonical, None, hit.surface)
        return context
    names_place = bool(regions_in(ctx, core, 0)) or _short_place(ctx, core, 0) is not None
    if context is not None and 2 <= len(core) <= 10 and not names_place and _SITE_FREE.fullmatch(core):
        del at
        span = (sent.start, sent.end)
        cid = open_chain(ctx, Phrase(core, core), span, DESIGNATION_CONFIDENCE, "designation")
        if cid != context:
            ctx.fb.relate(Rel.SUBCHAIN_OF, cid, context, span, props={"source": "designation"})
        return cid
    return statement_chain(ctx, sent, phrases)


# An industry's words: Chinese characters and letters only (no figures, no punctuation).
_SITE_FREE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")


def _per_document(fn: Callable[[Context], RegionHit | None]) -> Callable[[Context], RegionHit | None]:
    """Compute once per document (keyed by the context object)."""
    memo: dict[int, tuple[Context, RegionHit | None]] = {}

    def wrapped(ctx: Context) -> RegionHit | None:
        got = memo.get(id(ctx))
        if got is None or got[0] is not ctx:
            memo.clear()  # one document at a time: keep only the current one
            got = memo[id(ctx)] = (ctx, fn(ctx))
        return got[1]

    return wrapped


# --- rule 7: a district's own industries ---------------------------------------------------------------

_OWN_ROLE = re.compile(r"(?:产业)?(?P<role>主导产业|产业集群|产业生态)")


def _chain_ending_at(ctx: Context, text: str, end: int) -> tuple[str, int] | None:
    """(chain id, start) of the chain printed right before ``end`` in ``text``, longest first."""
    best: tuple[str, int] | None = None
    for h in find_chains(ctx, text[:end]):
        if h.end == end and (best is None or h.start < best[1]):
            best = (chain_node(ctx, h.canonical, None, h.surface), h.start)
    forms = [*ctx.open_chains.items(), *((name, cid) for cid, name in ctx.chain_names.items())]
    for form, cid in forms:
        if len(form) >= 2 and text[:end].endswith(form) and (best is None or end - len(form) < best[1]):
            best = (cid, end - len(form))
    return best


@_per_document
def plan_area(ctx: Context) -> RegionHit | None:
    """The district or county a plan is about: its own region, or (a plan issued above it) the one
    district or county that holds most of the places it names (at least 60% of 5 or more)."""
    scope = ctx.scope
    if scope is not None and scope.level in ("district", "county"):
        return RegionHit(0, 0, scope.code, scope.name, scope.surface, scope.level, scope.ancestors)
    hits = [h for h in regions_in(ctx, ctx.doc.text, 0) if is_local(ctx, h)]
    counts: Counter[str] = Counter()
    for h in hits:
        codes = [h.code] if h.code and h.level in ("district", "county") else []
        codes += [c for c, _, lv in h.ancestors if c and lv in ("district", "county")]
        for c in dict.fromkeys(codes):
            counts[c] += 1
    total = sum(1 for h in hits if h.level in ("district", "county", "zone"))
    if not counts:
        return None
    code, n = counts.most_common(1)[0]
    if n < 5 or n < 0.6 * total:
        return None
    region = gazetteer.region(code)
    if region is None:
        return None
    return RegionHit(0, 0, region.code, region.name, region.name, region.level, _ancestry(region.code))


def _extract_own_industries(ctx: Context) -> None:
    """Rule 7."""
    own = plan_area(ctx)
    if own is None:
        return
    for sent in ctx.doc.sentences:
        if sent.box is not None or not _OWN_ROLE.search(sent.text):
            continue
        for clause_start, clause in clauses(sent.text):
            base = sent.start + clause_start
            if any(is_local(ctx, h) for h in regions_in(ctx, clause, base)):
                continue  # a place of the plan is named: the layout rules' case
            for m in _OWN_ROLE.finditer(clause):
                got = _chain_ending_at(ctx, clause, m.start())
                if got is None or base + m.start() in ctx.claimed:
                    continue
                chain, start = got
                designation = clause[start : m.end()]
                designate(ctx, own, chain, (sent.start, sent.end), role=m["role"], designation=designation)
                claim(ctx, base + start, base + m.end())


def extract_layout(ctx: Context) -> None:
    """Every layout rule of this module, in order (named bases first: they claim their lists)."""
    _extract_named_bases(ctx)
    _extract_layout_statements(ctx)
    _extract_role_clauses(ctx)
    _extract_own_industries(ctx)
