"""Platforms, bases and named projects stated in running text (outside 专栏 boxes).

Rules (general; none keyed to one document):

1. **依托X建设Y.** `依托<X>，建设/打造/建立/设立/搭建<Y>` where Y ends with a carrier word (平台, 中心,
   实验室, 研究院, 基地, 科技园 …): Y is a Platform (Base for 基地/园), in the chain of the sentence;
   when X is a place (a division or zone, or an unknown name ending with a zone word such as 商务区,
   合作区, 开发区, 科学城 — a new zone inside the document's region) Y is LOCATED_IN it.
2. **建设<named carrier>.** `建设/共建/打造/建成<Y>` with Y a specific name (after its last 的, no list
   inside, not a generic kind such as 创新平台 or 重点实验室): a Platform/Base in the sentence's chain,
   located by its name.
3. **布局X、Y、Z等载体.** Each item of a 布局…等载体/平台/基地 list, by its own ending.
4. **Carriers of a layout anchor.** `<place><carrier>` in a layout statement (围绕闵行上海航天城):
   the carrier is located in the place (done by ingest.extract.layout.statements through :func:`carrier`).
5. **Named developments.** `支持/推进/推动 A、B、C(等<kind>)(组网)?建设/研制` where at least half the
   items look like proper names (a model number 六号, Latin letters, a quoted name, or a kind word
   such as 星座/工程 at the end): each item is a Project serving the sentence's chain.

6. **A task titled by its carrier.** A heading `建设/构建/搭建/布局<Y>` (5.建设微纳加工平台) whose
   Y ends with a carrier word and says more than its kind (数据 of 数据服务平台): the task builds Y,
   a Platform/Base in the heading's chain, unless the task's text names Y in full (脑机接口微纳加工
   平台 under 建设微纳加工平台: that one is the carrier).
7. **Upgrading a carrier.** `提升/做强/做实/完善<Y>功能/能级/水平`: Y is a carrier the plan already
   has (same tests as rule 2).

Names: `和/与/及` inside a name joins its words (概念验证与转化创新中心) unless the words before it
end with a carrier word (A平台和B中心 is a list); a name led by a region (上海市X重点实验室) is a
specific carrier even when its other words only say its kind; a name led by a verb (鼓励…, 联合…)
is a clause, not a name.

A carrier or project whose name places it nowhere, stated by the plan of a city or municipality,
is LOCATED_IN that region (``via: context``): the plan speaks for its own region only.
"""

from __future__ import annotations

import bisect
import re

from core.model import Label, Rel
from ingest.extract.context import Context
from ingest.extract.layout.common import named_zone
from ingest.extract.layout.places import place_at, plan_area
from ingest.extract.lookups import find_chains, heading_chain, regions_in
from ingest.extract.nodes import chain_node, locate_by_name, region_node
from ingest.lexicon import RegionHit
from ingest.models import Heading, Sentence

_CARRIER_END = re.compile(
    r"(?:平台|创新中心|服务中心|中心|实验室|研究院|研究所|孵化器|基地|科技园|产业园|工业园|园区|航天城|科学城|城|港|谷)$"
)
_BASE_END = re.compile(r"(?:基地|科技园|产业园|工业园|园区|城|港|谷)$")
# Their words, for the string test of _ends (a search for `(?:…)$` tries every position of the name).
_CARRIER_WORDS = tuple(_CARRIER_END.pattern[3:-2].split("|"))
_BASE_WORDS = tuple(_BASE_END.pattern[3:-2].split("|"))


def _ends(name: str, words: tuple[str, ...]) -> bool:
    """``re.search("(?:" + "|".join(words) + ")$", name)`` for literal words: ``$`` also matches
    before a final line break."""
    return name.endswith(words) or (name[-1:] == "\n" and name[:-1].endswith(words))


_ZONE_WORD = re.compile(
    r"(?:国际中央商务区|中央商务区|商务区|合作区|开发区|高新区|经开区|自贸区|片区|新区|科学城|科技城|生态城|新城|功能区|示范区|"
    r"试验区)$"
)
_INSTITUTION = re.compile(r"(?:大学|学院|医院|企业|公司|集团|研究院|研究所|中心|平台|实验室|机构|协会)$")
_VERB = r"(?:建设|打造|建立|设立|搭建|组建|共建|建成|布局|构建)"
_RELY = re.compile(
    r"依托(?P<anchor>[^，。；、]{2,30}?)[，,]?" + _VERB + r"(?P<obj>[^，。；]{2,40}?)(?=[，。；]|$)"
)
# Not after 依托 (every verb is two chars: the look-behind after it reads 依托 and the verb). A
# pattern that opens with its verbs is scanned for their first chars; one that opens with a
# look-behind is tried at every position.
_BUILD = re.compile(_VERB + r"(?<!依托..)(?P<obj>[^，。；]{4,40}?)(?=[，。；]|$)")
_LAYOUT_LIST = re.compile(
    r"布局(?P<list>[^，。；]{4,80}?)等(?:一批)?(?:载体|平台|基地|园区|创新载体|功能载体)"
)
_NOT_NAME = re.compile(
    r"一批|若干|各类|各级|多个|一系列|一流|一体化|体系|机制|能力|环境|生态|[、“”]|或|"
    r"^(?:鼓励|联合|布局|支持|推动|加快|建立|建设|打造|构建|引导|依托)|"
    r"^(?:[0-9]+|[一二三四五六七八九十两]+)\s*[个家处]"
)
_GENERIC = re.compile(
    r"(?:国家|国家级|省级|市级|高水平|高质量|重点|新型|功能型|公共|公共服务|服务|创新|技术|研发|综合|专业|协同|特色|"
    r"产业|企业|工程|检验检测|孵化|交易|数据|中心|平台|实验室|基地|研究院|载体)+"
)
# Words of a carrier's name that say what kind of carrier it is, not which one.
_KIND_WORD = re.compile(
    r"国家级|国家|省级|市级|国际领先|国内领先|领先|高水平|高质量|重点|新型|功能型|公共服务|公共|服务|创新|技术|"
    r"研发|研制|综合|专业|协同|特色|示范|生产|制造|配套|产品|产业|企业|工程|检验检测|检测|孵化|应用|发展|"
    r"特定|领域|行业|跨|全球|国际|区域性|区域|高端|基础|研究|综合性|总部|垂直|共享|大型|一流|世界级|现代|"
    r"中心|平台|实验室|基地|研究院|载体|园区|产业园|科技园|园|集聚区|[0-9]+|[\s（）()]"
)
_NAMED_DEV = re.compile(  # (大力)? spelled out: a pattern opening with an optional group is not scanned fast
    r"(?:大力(?:支持|推进|推动|加快|实施)|支持|推进|推动|加快|实施)(?P<list>[^，。；：]{4,90}?)(?:等(?P<kind>[^，。；、]{0,8}?))?"
    r"(?:组网建设|建设|研制|研发|部署)"
)
# What makes a list item a proper name: a model number (六号), Latin letters, a name in quotes (the
# whole item), or a kind word of a named development at its end (…星座, …工程).
_PROPER = re.compile(r"[A-Za-z]{2,}|[0-9一二三四五六七八九十]+号|^“[^”]+”$|(?:星座|工程|号[甲乙丙丁]?)$")
_NOT_DEV = re.compile(r"(?:大学|学院|医院|公司|集团|企业|机构)$|加快|推进|推动|建设|发展")


def _kind_of(name: str) -> tuple[Label, str]:
    if _ends(name, _BASE_WORDS):  # _BASE_END
        return Label.BASE, "base"
    return Label.PLATFORM, "platform"


def _generic(name: str) -> bool:
    return _GENERIC.fullmatch(name) is not None


def _specific(ctx: Context, name: str, start: int, regions: list[RegionHit] | None = None) -> bool:
    """A carrier's own name, not a kind of carrier: something is left once its places, the chains it
    names and the words of a kind (产业, 创新, 平台 …) are taken away (超算 of 人工智能超算中心; nothing
    of 机器人产业基地). ``regions``: ``regions_in(ctx, name, start)`` when the caller has it."""
    rest = list(name)
    for h in regions_in(ctx, name, start) if regions is None else regions:
        rest[h.start - start : h.end - start] = [""] * (h.end - h.start)
    # the name's domain is its first chain; a further chain word is the carrier's own (类脑智能 +
    # 未来产业科技园: a 未来产业 park of 类脑智能, not a kind of park)
    for c in find_chains(ctx, name)[:1]:
        rest[c.start : c.end] = [""] * (c.end - c.start)
    return len(_KIND_WORD.sub("", "".join(rest))) >= 2


def _name_of(obj: str) -> tuple[str, int]:
    """The name a 建设… object ends with (after its last 的, stripped) and its offset in ``obj``."""
    cut = obj.rfind("的")
    name, off = (obj[cut + 1 :], cut + 1) if cut >= 0 else (obj, 0)
    lead = len(name) - len(name.lstrip())
    return name.strip(), off + lead


def _named(
    ctx: Context,
    obj: str,
    start: int,
    *,
    names_chain: bool = False,
    anchored: bool = False,
    named: tuple[str, int] | None = None,
) -> tuple[str, int] | None:
    """A carrier's name in a 建设… object (after its last 的), with its offset; None when generic.

    ``anchored``: built on a named anchor (依托X建设Y), which makes Y one carrier even when its own
    words only say its kind (依托X，建设机器人检验检测公共服务平台). ``named``: ``_name_of(obj)``
    when the caller has it already.
    """
    name, off = named or _name_of(obj)
    if not 4 <= len(name) <= 24:
        return None
    if not is_carrier(ctx, name, start + off, names_chain=names_chain, anchored=anchored):
        return None
    return name, off


def _chain(ctx: Context, sent: Sentence, upto: int) -> str | None:
    """The chain a sentence is about: its heading's, else one it names before ``upto`` (else the
    first it names after), else none: the plan's subject is no fallback here."""
    chain = heading_chain(ctx, sent.heading)
    if chain is not None:
        return chain
    before = find_chains(ctx, sent.text[:upto])
    after = find_chains(ctx, sent.text[upto:])
    hit = before[-1] if before else after[0] if after else None  # the nearest one before, else the first
    if hit is not None:
        return chain_node(ctx, hit.canonical, None, hit.surface)
    return None


def _own_region(ctx: Context) -> RegionHit | None:
    """The document's region when it is a city or a municipality (a region with districts below it)."""
    scope = ctx.scope
    if scope is None or not scope.code:
        return None
    if scope.level == "city" or scope.code[:2] in ("11", "12", "31", "50"):
        # a plan about one district of its region (layout.places.plan_area) speaks for that one
        return plan_area(ctx) or scope
    return plan_area(ctx)


def carrier(
    ctx: Context,
    name: str,
    start: int,
    chain: str | None,
    place: RegionHit | str | None,
    span: tuple[int, int],
) -> str:
    """A Platform or Base ``name`` at ``start``: IN_CHAIN ``chain``, LOCATED_IN ``place`` (or by name)."""

    own = find_chains(ctx, name)  # the chain a carrier's name names is its own (类脑智能…平台)
    if own and own[0].start == 0:
        chain = chain_node(ctx, own[0].canonical, None, own[0].surface)
    label, kind = _kind_of(name)
    nid = ctx.fb.entity(label, name, props={"kind": kind}, span=(start, start + len(name)))
    if chain is not None:
        ctx.fb.relate(Rel.IN_CHAIN, nid, chain, span)
    _locate(ctx, nid, name, start, place, span)
    return nid


def _locate(
    ctx: Context, nid: str, name: str, start: int, place: RegionHit | str | None, span: tuple[int, int]
) -> None:
    if isinstance(place, RegionHit):
        rid = region_node(ctx, place, (place.start, place.end))
        ctx.fb.relate(Rel.LOCATED_IN, nid, rid, span, props={"via": "context"})
        return
    if isinstance(place, str):
        ctx.fb.relate(Rel.LOCATED_IN, nid, place, span, props={"via": "context"})
        return
    locate_by_name(ctx, nid, name, start)
    if not ctx.fb.has_relation_from(Rel.LOCATED_IN, nid) and (own := _own_region(ctx)) is not None:
        rid = region_node(ctx, own, None)
        ctx.fb.relate(Rel.LOCATED_IN, nid, rid, span, props={"via": "context"})


def _anchor_place(ctx: Context, anchor: str, offset: int) -> RegionHit | str | None:
    """Where 依托<anchor> puts what is built: a known place, or a new zone named by a zone word."""
    hit = place_at(ctx, anchor, offset)
    if hit is not None and hit.end - offset == len(anchor):
        return hit
    zone = _ZONE_WORD.search(anchor)
    if zone is None or _INSTITUTION.search(anchor):
        return None
    hits = [h for h in regions_in(ctx, anchor, offset) if h.start == offset and h.end - offset == len(anchor)]
    if hits:
        return hits[0]
    parent = ctx.scope
    if parent is None or len(anchor) > 16:
        return None
    inner = place_at(ctx, anchor, offset)
    return named_zone(ctx, anchor, inner or parent, (offset, offset + len(anchor)))


def _extract_rely(ctx: Context) -> set[int]:
    """Rule 1: 依托X建设Y. Returns the start offsets of the carriers it named."""
    done: set[int] = set()
    for sent in ctx.doc.sentences:
        if sent.box is not None or "依托" not in sent.text:
            continue
        for m in _RELY.finditer(sent.text):
            got = _named(ctx, m["obj"], sent.start + m.start("obj"), anchored=True)
            if got is None:
                continue
            name, off = got
            start = sent.start + m.start("obj") + off
            place = _anchor_place(ctx, m["anchor"], sent.start + m.start("anchor"))
            chain = _chain(ctx, sent, m.start())
            carrier(ctx, name, start, chain, place, (sent.start, sent.end))
            done.add(start)
    return done


def _extract_built(ctx: Context, done: set[int]) -> None:
    """Rules 2 and 3: 建设<named carrier>; 布局X、Y等载体."""
    blocked = _section_sentences(ctx)
    for sent in ctx.doc.sentences:
        if sent.box is not None or sent.index in blocked:
            continue  # 三、构建共性技术研发服务平台: a section's title announces its tasks
        text = sent.text
        if not ("建" in text or "打造" in text or "设立" in text or "布局" in text):
            continue  # none of _VERB (建设, 建立, 组建, 共建, 建成, 构建 and 搭建 hold 建), so no _BUILD
        for m in _BUILD.finditer(sent.text):
            obj = m["obj"]
            named = _name_of(obj)
            if done and sent.start + m.start("obj") + named[1] in done:
                continue  # 依托X，建设Y: located by rule 1 (asked before the costlier tests of a name)
            got = _named(ctx, obj, sent.start + m.start("obj"), names_chain=True, named=named)
            if got is None:
                continue
            name, off = got
            start = sent.start + m.start("obj") + off
            carrier(ctx, name, start, _chain(ctx, sent, m.start()), None, (sent.start, sent.end))
        if "布局" not in text or "等" not in text:
            continue
        for m in _LAYOUT_LIST.finditer(sent.text):
            pos = m.start("list")
            for part in m["list"].split("、"):
                name = part.strip()
                start = sent.start + pos + part.find(name)
                if 4 <= len(name) <= 24 and is_carrier(ctx, name, start, names_chain=True):
                    carrier(ctx, name, start, _chain(ctx, sent, m.start()), None, (sent.start, sent.end))
                pos += len(part) + 1


def _section_sentences(ctx: Context) -> set[int]:
    """Indexes of the sentences holding the start of a section's heading (a heading with headings
    under it): one bisection per section instead of one per sentence."""
    parents = {c.parent for c in ctx.doc.headings}
    sents = ctx.doc.sentences
    starts = ctx.fb.sentence_starts  # in text order, never overlapping
    out: set[int] = set()
    for h in ctx.doc.headings:
        if h.index in parents:
            i = bisect.bisect_right(starts, h.start) - 1
            if i >= 0 and h.start < sents[i].end:
                out.add(sents[i].index)
    return out


def _may_develop(text: str) -> bool:
    """The words _NAMED_DEV needs literally: a lead verb and a closing one (组网建设 holds 建设)."""
    return _DEV_LEAD.search(text) is not None and _DEV_CLOSE.search(text) is not None


_DEV_LEAD = re.compile("支持|推进|推动|加快|实施")  # (a search is faster than a test per word)
_DEV_CLOSE = re.compile("建设|研制|研发|部署")


def _extract_named_developments(ctx: Context) -> None:
    """Rule 5: 支持A、B、C等<kind>建设 with name-like items → Projects."""
    for sent in ctx.doc.sentences:
        if sent.box is not None or "、" not in sent.text or not _may_develop(sent.text):
            continue  # (a development list has two items or more)
        for m in _NAMED_DEV.finditer(sent.text):
            parts = m["list"].split("、")
            if len(parts) < 2:
                continue
            names = [p.strip() for p in parts]
            if any(not 2 <= len(n) <= 30 or _NOT_DEV.search(n) for n in names):
                continue  # institutions (支持X大学、Y大学加快…建设) are not developments
            if sum(1 for n in names if _PROPER.search(n)) * 2 < len(names):
                continue
            chain = _chain(ctx, sent, m.start())
            pos = m.start("list")
            for part, name in zip(parts, names, strict=True):
                start = sent.start + pos + part.find(name)
                clean = name[1:-1] if name.startswith("“") and name.endswith("”") else name
                if "（" in clean and clean.endswith(")"):
                    clean = clean[:-1] + "）"  # a bracket pair mixed by the typist: （VDES)
                pid = ctx.fb.entity(
                    Label.PROJECT, clean, props={"kind": "project"}, span=(start, start + len(name))
                )
                if chain is not None:
                    ctx.fb.relate(Rel.SERVES, pid, chain, (sent.start, sent.end), props={"via": "sentence"})
                _locate(ctx, pid, name, start, None, (sent.start, sent.end))
                pos += len(part) + 1


def extract_carriers(ctx: Context) -> None:
    """Every carrier rule of this module."""
    _extract_built(ctx, _extract_rely(ctx))
    _extract_named_developments(ctx)
    _extract_upgrades(ctx)
    _extract_titled(ctx)


_JOINED = re.compile(r"和|与|及")
_JOINED_EDGE = re.compile(r"(?:和|与|及)$|^(?:和|与|及)")
_LIST_END = re.compile(r"(?:" + _CARRIER_END.pattern[3:-2] + r"|区|园)$")
_UPGRADE_VERB = re.compile("提升|做强|做实|完善")
_UPGRADE = re.compile(r"(?:提升|做强|做实|完善)(?P<obj>[^，。；]{4,30}?)(?:功能|能级|水平)")
_TITLE_CARRIER = re.compile(r"^(?:建设|构建|搭建|布局|打造|组建)(?P<obj>[^，。；、]{3,16})$")


def _joined_list(name: str) -> bool:
    """A 和/与/及 in ``name`` that joins two carriers (A平台和B中心), not two words of one name."""
    if "和" not in name and "与" not in name and "及" not in name:
        return False  # (most names: every test below needs one of them)
    return any(_LIST_END.search(name[: m.start()]) for m in _JOINED.finditer(name)) or bool(
        _JOINED_EDGE.search(name)
    )


def _extract_upgrades(ctx: Context) -> None:
    """Rule 7."""
    for sent in ctx.doc.sentences:
        text = sent.text
        if sent.box is not None or not _UPGRADE_VERB.search(text):
            continue  # (then no _UPGRADE)
        for m in _UPGRADE.finditer(sent.text):
            # what is upgraded exists: one carrier (anchored), of a named industry
            got = _named(ctx, m["obj"], sent.start + m.start("obj"), anchored=True)
            if got is not None and (find_chains(ctx, got[0]) or _names_open_chain(ctx, got[0])):
                name, off = got
                start = sent.start + m.start("obj") + off
                carrier(ctx, name, start, _chain(ctx, sent, m.start()), None, (sent.start, sent.end))


def _named_after_word(name: str, text: str) -> bool:
    """``name`` occurs in ``text`` right after a Han character or a Latin letter (a fuller name).

    A plain scan instead of a regex per name: compiling one pattern per title thrashed ``re``'s
    cache and cost more than the rest of the extraction on documents with hundreds of titles.
    """
    at = text.find(name, 1)
    while at != -1:
        before = text[at - 1]
        if "\u4e00" <= before <= "\u9fff" or ("A" <= before <= "Z") or ("a" <= before <= "z"):
            return True
        at = text.find(name, at + 1)
    return False


def _extract_titled(ctx: Context) -> None:
    """Rule 6."""
    doc = ctx.doc
    parents = {c.parent for c in doc.headings}
    # The headings whose title names a carrier (tests of the title alone), then the sentences of
    # those headings only: a long plan's sentences are walked once, and not when no title names one.
    titled: list[tuple[Heading, re.Match[str], str]] = []
    for h in doc.headings:
        m = _TITLE_CARRIER.match(h.title)
        if m is None or h.index in parents:
            continue  # a section's title announces its tasks, not one carrier
        name = m["obj"]
        if not _ends(name, _CARRIER_WORDS) or _NOT_NAME.search(name) or _joined_list(name) or "的" in name:
            continue  # 建设特色鲜明的X: a described kind, not one carrier
        if len(_KIND_WORD.sub("", name)) < 2:
            continue  # 布局重点实验室: only its kind
        titled.append((h, m, name))
    if not titled:
        return
    wanted = {h.index for h, _, _ in titled}
    by_heading: dict[int | None, list[Sentence]] = {}
    for s in doc.sentences:
        if s.heading in wanted:
            got = by_heading.get(s.heading)
            if got is None:
                by_heading[s.heading] = [s]
            else:
                got.append(s)
    sent_starts = ctx.fb.sentence_starts  # sentences are in text order, never overlapping
    for h, m, name in titled:
        body = [s for s in by_heading.get(h.index, ()) if not (s.start <= h.start < s.end)]
        if any(_named_after_word(name, s.text) for s in body):
            continue  # the task names its carrier in full
        at = bisect.bisect_right(sent_starts, h.start) - 1
        sents = [doc.sentences[at]] if at >= 0 and h.start < doc.sentences[at].end else []
        span = (sents[0].start, sents[0].end) if sents else (h.start, h.end)
        chain = heading_chain(ctx, h.index) or (ctx.subjects[0] if ctx.subjects else None)
        carrier(ctx, name, h.start + m.start("obj"), chain, None, span)


def is_carrier(
    ctx: Context, name: str, start: int, *, names_chain: bool = False, anchored: bool = False
) -> bool:
    """A specific carrier's name: it ends with a carrier word and names one carrier (:func:`_specific`).

    ``names_chain``: it must also name its industry (a carrier built with no place to anchor it is
    told apart from a kind of carrier by its domain: 人工智能超算中心, not 高端研发平台).
    ``anchored``: printed with its place (闵行上海航天城) or its anchor (依托X建设Y), which makes it
    one carrier even when its own words say little more than its kind.
    """
    if not _ends(name, _CARRIER_WORDS) or _NOT_NAME.search(name) or _joined_list(name) or _generic(name):
        return False  # (_ends: _CARRIER_END)
    if anchored:
        return True
    if names_chain and not find_chains(ctx, name) and not _names_open_chain(ctx, name):
        return False
    regions = regions_in(ctx, name, start)  # (not changed by the tests below)
    led = [h for h in regions if h.start == start]
    if led and len(name) - (led[0].end - led[0].start) >= 4:
        return True  # 上海市脑机接口重点实验室: a region's own carrier
    return _specific(ctx, name, start, regions)


def _names_open_chain(ctx: Context, name: str) -> bool:
    """``name`` holds a chain this document introduced (脑机接口 of a plan on 脑机接口)."""
    return any(len(n) >= 2 and n in name for n in ctx.chain_names.values())
