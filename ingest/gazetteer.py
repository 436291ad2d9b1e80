"""Dictionary look-up of regions, zones and industry chains in any normalised string.

The data lives in ``ingest/data/*.tsv`` (see ``ingest/data/README.md``), read by
:mod:`ingest.datafiles` once. Free-text matching is :class:`ingest.folding.Matcher` (re-exported
here with :func:`~ingest.folding.fold`): leftmost-longest automata over keys folded like
:func:`core.model.name_key`; every match carries CHARACTER offsets into the caller's string.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from core.model import dict_init, name_key
from ingest import datafiles
from ingest.folding import Matcher as Matcher
from ingest.folding import _fold_each as _fold_each
from ingest.folding import _fold_slow as _fold_slow
from ingest.folding import fold as fold

LEVEL_RANK = {"province": 0, "city": 1, "district": 2, "county": 2, "zone": 3}


# --- regions and zones ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Region:
    code: str  # 6-digit adcode
    name: str  # official full name (青岛市)
    level: str  # province | city | district | county
    parent: str | None  # parent code
    short: tuple[str, ...] = ()
    abbr: tuple[str, ...] = ()
    parents: tuple[str, ...] = ()  # ancestor codes, nearest first


@dataclass(frozen=True)
class Zone:
    name: str
    kind: str  # 新区, 高新区, 经济圈, 半岛, 走廊 …
    parent: str | None  # code of the containing region, None when it spans several
    aliases: tuple[str, ...] = ()
    same_as: str | None = None  # code of a coterminous division (青岛西海岸新区 = 黄岛区)
    inferred: bool = False  # recognised by suffix after a region name, not from zones.tsv


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class RegionMatch:
    start: int
    end: int
    surface: str
    region: Region | None  # resolved division (None for zones without same_as, or unresolved)
    candidates: tuple[Region, ...]  # all divisions the surface can name
    zone: Zone | None = None

    @property
    def ambiguous(self) -> bool:
        return self.region is None and len(self.candidates) > 1


class _Regions:
    def __init__(self) -> None:
        self.by_code: dict[str, Region] = {}
        raw = datafiles.regions()
        parent_of = {r.code: r.parent for r in raw}
        nomatch: set[str] = set()
        for r in raw:
            chain: list[str] = []
            p = parent_of[r.code]
            while p:
                chain.append(p)
                p = parent_of.get(p)
            self.by_code[r.code] = Region(
                code=r.code,
                name=r.name,
                level=r.level,
                parent=r.parent,
                short=r.short,
                abbr=r.abbr,
                parents=tuple(chain),
            )
            if r.nomatch:
                nomatch.add(r.code)
        self.by_name: dict[str, list[Region]] = {}
        for reg in self.by_code.values():
            for form in (reg.name, *reg.short):
                self.by_name.setdefault(name_key(form), []).append(reg)
        # regions by their exact official name (the candidates of that name whose name it is)
        self.by_full_name: dict[str, list[Region]] = {}
        for reg in self.by_code.values():
            if reg.name not in self.by_full_name:
                self.by_full_name[reg.name] = [
                    c for c in self.by_name.get(name_key(reg.name), []) if c.name == reg.name
                ]
        self.zones: list[Zone] = []
        self.zone_by_name: dict[str, Zone] = {}
        for z in datafiles.zones():
            zone = Zone(z.name, z.kind, z.parent, z.aliases, z.same_as)
            self.zones.append(zone)
            for form in (zone.name, *zone.aliases):
                self.zone_by_name.setdefault(name_key(form), zone)
        entries: list[tuple[str, tuple[str, str]]] = []
        for reg in self.by_code.values():
            if reg.code not in nomatch:
                entries.append((reg.name, ("region", name_key(reg.name))))
            entries.extend((s, ("region", name_key(s))) for s in reg.short)
        entries.extend((k, ("zone", k)) for k in self.zone_by_name)
        # zones first so that a zone name equal to a region name keeps the zone payload
        entries.sort(key=lambda e: e[1][0] != "zone")
        self.matcher: Matcher[tuple[str, str]] = Matcher(entries)
        self.candidates = {k: tuple(v) for k, v in self.by_name.items()}  # find_regions' by_name


@cache
def _regions() -> _Regions:
    return _Regions()


def region(code: str) -> Region | None:
    return _regions().by_code.get(code)


def ancestors(code: str) -> list[Region]:
    """The regions containing ``code``, nearest first (青岛市 → [山东省])."""
    r = region(code)
    return [_regions().by_code[c] for c in r.parents] if r else []


def region_candidates(name: str) -> list[Region]:
    """Every division a name or short form can denote (河东 → 临沂市河东区, 天津市河东区)."""
    return list(_regions().by_name.get(name_key(name), []))


def regions_named(name: str) -> list[Region]:
    """The divisions whose official name is exactly ``name``: the candidates of ``name`` named so."""
    return list(_regions().by_full_name.get(name, ()))


def is_region_name(name: str) -> bool:
    """Whether ``name`` is the exact official name of some division (``bool(regions_named(name))``)."""
    return name in _regions().by_full_name


@cache  # a function of the gazetteer only
def region_name_ends() -> frozenset[str]:
    """The last two characters of the divisions' official names (all have two or more): a string
    ending otherwise is none."""
    return frozenset(name[-2:] for name in _regions().by_full_name)


def _context_code(context: str | None) -> str | None:
    if not context:
        return None
    if context.isdigit():
        return context[:6] if context[:6] in _regions().by_code else None
    cands = region_candidates(context)
    if not cands:
        z = _regions().zone_by_name.get(name_key(context))
        return (z.same_as or z.parent) if z else None
    best = min(LEVEL_RANK[c.level] for c in cands)
    top = [c for c in cands if LEVEL_RANK[c.level] == best]
    return top[0].code if len(top) == 1 else None


def _choose(cands: list[Region], context: str | None) -> Region | None:
    """Pick one candidate: inside the context, around it, in its province, else the unique highest level."""
    if not cands:
        return None
    if len(cands) == 1:
        return cands[0]
    ctx = _context_code(context)
    if ctx:
        ctx_chain = {ctx, *_regions().by_code[ctx].parents}
        tests: tuple[Callable[[Region], bool], ...] = (
            lambda c: c.code == ctx or ctx in c.parents,  # inside the context (or the context itself)
            lambda c: c.code in ctx_chain,  # one of the context's ancestors
            lambda c: c.code[:2] == ctx[:2],  # same province
        )
        for test in tests:
            hit = [c for c in cands if test(c)]
            if len(hit) == 1:
                return hit[0]
            if hit:
                cands = hit
                break
    best = min(LEVEL_RANK[c.level] for c in cands)
    top = [c for c in cands if LEVEL_RANK[c.level] == best]
    return top[0] if len(top) == 1 else None


def resolve_region(name: str, context: str | None = None) -> Region | None:
    """The division ``name`` denotes (full name, short form or zone coterminous with one).

    ``context`` (a code or a name, e.g. the document's city) disambiguates names used in several
    places: ``resolve_region("市中区", "枣庄")`` → 370402. Returns None when still ambiguous.
    """
    got = _choose(region_candidates(name), context)
    if got is None:
        z = _regions().zone_by_name.get(name_key(name))
        if z and z.same_as:
            return region(z.same_as)
    return got


def zone(name: str) -> Zone | None:
    return _regions().zone_by_name.get(name_key(name))


# Unseen zones: a region name followed by a zone suffix (合肥高新区, 烟台经济技术开发区, 青岛蓝谷高新区).
_ZONE_SUFFIXES = sorted(
    (
        "高新技术产业开发区",
        "经济技术开发区",
        "国家级新区",
        "高新区",
        "经开区",
        "经济开发区",
        "开发区",
        "综合保税区",
        "保税区",
        "新区",
        "自贸片区",
        "片区",
        "示范区",
        "经济区",
        "工业园区",
    ),
    key=len,
    reverse=True,
)
assert all(s.endswith("区") for s in _ZONE_SUFFIXES)
_ZONE_MID = re.compile(r"^[\u4e00-\u9fff]{0,3}$")
_ZONE_MID_STOP = set("的和与及在建设推进加快打造等各为是、，")


def _zone_after(text: str, end: int) -> int:
    """End offset of a zone suffix that directly follows a region match (0-3 name chars between), else -1."""
    window = text[end : end + 12]
    if "区" not in window:
        return -1  # every zone suffix ends with 区
    for mid in range(4):
        if mid > len(window) or (
            mid and (not _ZONE_MID.match(window[:mid]) or window[mid - 1] in _ZONE_MID_STOP)
        ):
            break
        for suf in _ZONE_SUFFIXES:
            if window.startswith(suf, mid):
                return end + mid + len(suf)
    return -1


def find_regions(text: str, context: str | None = None) -> list[RegionMatch]:
    """Regions and zones named in ``text`` (character offsets), ambiguous short forms resolved by context."""
    return [RegionMatch(*m) for m in region_matches(text, context)]


# (start, end, surface, region, candidates, zone): a RegionMatch's fields, for callers that build
# their own records from them (lexicon.find_regions: one object per hit, not two).
MatchFields = tuple[int, int, str, Region | None, tuple[Region, ...], Zone | None]


def region_matches(text: str, context: str | None = None) -> list[MatchFields]:
    """:func:`find_regions` as tuples of :class:`RegionMatch`'s fields, in its order."""
    data = _regions()
    out: list[MatchFields] = []
    add = out.append
    prev_end, prev_code = -1, None
    candidates = data.candidates
    for s, e, (kind, key) in data.matcher.find(text):
        surface = text[s:e]
        if kind == "zone":
            z = data.zone_by_name[key]
            reg = region(z.same_as) if z.same_as else None
            add((s, e, surface, reg, (reg,) if reg else (), z))
            continue
        cands = candidates.get(key, ())
        chosen: Region | None
        if len(cands) == 1:  # what _choose returns for one candidate, whatever the context
            chosen = cands[0]
        else:
            # a region written right before (临沂河东区, 济南市莱芜区) is the best context
            chosen = _choose(list(cands), prev_code if prev_end == s and prev_code else context)
            if chosen is None and prev_end == s:
                chosen = _choose(list(cands), context)
        prev_end, prev_code = e, chosen.code if chosen else None
        zend = _zone_after(text, e) if text.find("区", e, e + 12) >= 0 else -1  # its window's first test
        if zend > 0 and chosen is not None:
            z = Zone(text[s:zend], "inferred", chosen.code, inferred=True)
            add((s, zend, text[s:zend], None, (chosen,), z))
            continue
        add((s, e, surface, chosen, cands, None))
    return out


# --- chains -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Chain:
    name: str  # canonical short form (氢能)
    parent: str | None
    aliases: tuple[str, ...]
    tier: str  # sei | top | chain | segment | future | tech
    title_only: bool = False
    not_in: tuple[str, ...] = ()


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class ChainMatch:
    start: int
    end: int
    surface: str
    chain: Chain


class _Chains:
    def __init__(self) -> None:
        self.by_name: dict[str, Chain] = {}
        self.by_key: dict[str, Chain] = {}
        for r in datafiles.chains():
            ch = Chain(r.name, r.parent, r.aliases, r.tier, r.title_only, r.not_in)
            self.by_name[ch.name] = ch
            for form in (ch.name, *ch.aliases):
                self.by_key.setdefault(name_key(form), ch)
        suffixes = datafiles.chain_stopwords()
        self.suffixes = sorted(suffixes, key=len, reverse=True)
        entries: list[tuple[str, Chain]] = []
        for ch in self.by_name.values():
            if ch.title_only:
                continue
            for form in (ch.name, *ch.aliases):
                entries.append((form, ch))
                entries.extend((form + suf, ch) for suf in self.suffixes if not form.endswith(suf))
        self.matcher: Matcher[Chain] = Matcher(entries)


@cache
def _chains() -> _Chains:
    return _Chains()


def chain(name: str) -> Chain | None:
    """The taxonomy entry for a canonical name or alias."""
    return _chains().by_key.get(name_key(name))


def chain_ancestors(name: str) -> list[Chain]:
    out: list[Chain] = []
    ch = chain(name)
    while ch and ch.parent and ch.parent not in (c.name for c in out):
        ch = _chains().by_name.get(ch.parent)
        if ch:
            out.append(ch)
    return out


_LEADING = re.compile(
    r"^(?:[（(]?[一二三四五六七八九十\d]+[)）.、．]\s*)+|^(?:加快|推动|做强|做优|发展|培育|壮大)"
)
_QUOTES = str.maketrans("", "", '“”"‘’《》')


def chain_stem(label: str) -> str:
    """A heading or box label reduced to its chain core: 氢能产业链 → 氢能, （三）新能源产业 → 新能源."""
    s = _LEADING.sub("", name_key(label)).translate(_QUOTES).rstrip("：:。")
    for _ in range(2):
        for suf in _chains().suffixes:
            if s.endswith(suf) and len(s) - len(suf) >= 2:
                s = s[: -len(suf)]
                break
    return s


def chain_for(label: str) -> Chain | None:
    """Taxonomy entry for a heading/box label (exact form, then its stem), or None for unseen chains."""
    return chain(label) or chain(chain_stem(label))


def _rejected(text: str, s: int, e: int, contexts: tuple[str, ...]) -> bool:
    for c in contexts:
        i = text.find(c, max(0, s - len(c)), e + len(c))
        while i != -1 and i < e:
            if i < e and i + len(c) > s:
                return True
            i = text.find(c, i + 1, e + len(c))
    return False


def find_chains(text: str) -> list[ChainMatch]:
    """Chains named in ``text`` (leftmost-longest, character offsets), with context guards applied."""
    return [ChainMatch(s, e, text[s:e], ch) for s, e, ch in chain_spans(text)]


def chain_spans(text: str) -> list[tuple[int, int, Chain]]:
    """:func:`find_chains` as (start, end, chain), for callers that build their own records."""
    return [
        m
        for m in _chains().matcher.find(text)
        if not m[2].not_in or not _rejected(text, m[0], m[1], m[2].not_in)
    ]


def all_chains() -> list[Chain]:
    return list(_chains().by_name.values())


def all_regions() -> list[Region]:
    return list(_regions().by_code.values())


def all_zones() -> list[Zone]:
    return list(_regions().zones)
