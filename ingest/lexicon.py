"""The recognisers' view of the dictionaries: regions, chains, agencies and targets.

A thin adapter over :mod:`ingest.gazetteer`, :mod:`ingest.agencies` and :mod:`ingest.targets` so the
extraction code depends on a few typed calls, not on how the data files are organised.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Protocol, TypeVar

from core.model import dict_init, name_key
from ingest import agencies, folding, gazetteer, nlp, targets


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class RegionHit:
    start: int
    end: int
    code: str | None  # adcode, None for zones without one
    name: str  # canonical full name (青岛市) or the zone's name
    surface: str
    level: str  # province, city, district, county, zone
    ancestors: tuple[tuple[str | None, str, str], ...]  # (code, name, level), parent first


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class ChainHit:
    start: int
    end: int
    canonical: str
    surface: str


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class AgencyHit:
    key: str  # identity: region code + canonical form (市发展改革委 of 苏州 ≠ of 青岛)
    canonical: str
    full_name: str | None
    aliases: tuple[str, ...]
    kind: str


@dict_init  # built by the thousand per document
@dataclass(frozen=True)
class AgencySpan:
    start: int
    end: int
    surface: str


# --- regions ---------------------------------------------------------------------------------------


@cache  # a function of the gazetteer only (at most one entry per division)
def _ancestry(code: str | None) -> tuple[tuple[str | None, str, str], ...]:
    if code is None:
        return ()
    return tuple((r.code, r.name, r.level) for r in gazetteer.ancestors(code))


def _hit_of(
    start: int, end: int, surface: str, r: gazetteer.Region | None, z: gazetteer.Zone | None
) -> RegionHit | None:
    """The hit of a region match's fields (gazetteer.region_matches)."""
    if r is not None and (z is None or not z.inferred):
        return RegionHit(start, end, r.code, r.name, surface, r.level, _ancestry(r.code))
    if z is not None:
        parent = gazetteer.region(z.parent) if z.parent else None
        up = ((parent.code, parent.name, parent.level), *_ancestry(parent.code)) if parent else ()
        return RegionHit(start, end, None, z.name, surface, "zone", up)
    return None  # ambiguous short form without context


_LOCAL = ("district", "county")


def _plausible(h: RegionHit, prev: RegionHit | None, province: str | None) -> bool:
    """A county or district counts only inside the document's province or right after its city.

    Short forms of the ~2,800 counties of China are everyday words elsewhere (大新 in 五大新兴,
    上高 in 规上高新, 新建 in 新建基站): outside the province a document is about they are noise.
    """
    if h.level not in _LOCAL or h.code is None:
        return True
    if province is not None and h.code[:2] == province:
        return True
    if prev is not None and prev.end == h.start and prev.code and h.code.startswith(prev.code[:4]):
        return True
    return province is None and name_key(h.surface) == name_key(h.name) and len(h.name) >= 3


def find_regions(text: str, scope: RegionHit | None) -> list[RegionHit]:
    """Regions and zones named in ``text``; ``scope`` (the document's region) disambiguates."""
    context = scope.code if scope else None
    province = scope.code[:2] if scope and scope.code else None
    out: list[RegionHit] = []
    prev: RegionHit | None = None
    for s, e, surface, r, _, z in gazetteer.region_matches(text, context):
        # _hit_of's first case inline: a division (most hits)
        if r is not None and z is None:
            h: RegionHit | None = RegionHit(s, e, r.code, r.name, surface, r.level, _ancestry(r.code))
        else:
            h = _hit_of(s, e, surface, r, z)
        # _plausible's first test inline: most hits are not counties or districts
        if h is not None and ((h.level not in _LOCAL or h.code is None) or _plausible(h, prev, province)):
            out.append(h)
        prev = h
    return out


def region_by_name(name: str) -> RegionHit | None:
    r = gazetteer.resolve_region(name)
    if r is None:
        return None
    return RegionHit(0, 0, r.code, r.name, name, r.level, _ancestry(r.code))


# --- chains ----------------------------------------------------------------------------------------


def chain_for_title(title: str) -> str | None:
    """Canonical chain for a heading or box label, or None when the taxonomy lacks it."""
    ch = gazetteer.chain_for(title)
    return ch.name if ch else None


def chain_key(title: str) -> str:
    """The name a chain unknown to the taxonomy gets: the label without generic suffixes."""
    return gazetteer.chain_stem(title)


# Chain names this short are often characters of other words (存储能力 holds 储能): ask the segmenter.
_SHORT_CHAIN = 2
_WINDOW = 8


def find_chains(text: str) -> list[ChainHit]:
    hits: list[ChainHit] = []
    add = hits.append
    is_word: Callable[[str, int, int], bool] | None = None
    for start, end, chain in gazetteer.chain_spans(text):
        if end - start <= _SHORT_CHAIN:
            if is_word is None:  # is_word(text[lo : end + _WINDOW], start - lo, end - lo)
                is_word = nlp.word_test_around(_WINDOW)
            if not is_word(text, start, end):
                continue
        add(ChainHit(start, end, chain.name, text[start:end]))
    return hits


# --- agencies --------------------------------------------------------------------------------------


def _agency_hit(ref: agencies.AgencyRef) -> AgencyHit:
    key = f"{ref.region}:{ref.canonical}" if ref.region else ref.canonical
    aliases = tuple(a for a in (ref.full_name, *ref.aliases) if a)
    return AgencyHit(key, ref.canonical, ref.full_name, aliases, ref.kind)


def agency(raw: str, region: str | None) -> AgencyHit | None:
    ref = agencies.normalise_agency(raw, region)
    return _agency_hit(ref) if ref else None


def listed_agency(raw: str, region: str | None) -> AgencyHit | None:
    """:func:`agency`, or a body known only by its place in a responsibility list."""
    ref = agencies.listed_body(raw, region)
    return _agency_hit(ref) if ref else None


def find_agencies(text: str, region: str | None = None) -> list[AgencySpan]:
    return [AgencySpan(m.start, m.end, m.surface) for m in agencies.find_agencies(text, region)]


# --- targets and years -----------------------------------------------------------------------------

_PERIOD = re.compile(r"(\d{4})\s*[—\-–~至到]\s*(\d{4})")
_FYP = {"十三五": 2020, "十四五": 2025, "十五五": 2030}
_COUNTED = re.compile(r"\d+(\.\d+)?\s*(%|万|亿|个|家|项)")
_FYP_NAME = re.compile(r"十[一二三四五六七八九]五")
# 到2025年, 至2027年, 到“十四五”末, and a bare deadline 2027年前 / 2024年年底前.
_LEAD = re.compile(
    r"(?:到|至|截至)\s*(?:“?(十[三四五]五)”?\s*末|(\d{4})\s*年(?:底|末)?)|(\d{4})\s*年(?:年底|底|末)?前"
)


period_end = targets.period_end  # last year of a plan period (2021—2025 → 2025, “十四五” → 2025)


def period_start(period: str | None) -> int | None:
    """First year of a plan period: 2021—2025 → 2021, “十四五” → 2021."""
    if not period:
        return None
    m = _PERIOD.search(period)
    if m:
        return int(m.group(1))
    end = period_end(period)
    return end - 4 if end is not None and _FYP_NAME.search(period) else None


def lead_year(text: str, plan_end: int | None) -> int | None:
    """The year a block lead such as 到“十四五”末 or 到2025年 sets, if the sentence has one."""
    if "到" not in text and "至" not in text and "前" not in text:
        return None
    m = _LEAD.search(name_key(text))
    if not m:
        return None
    return _FYP[m.group(1)] if m.group(1) else int(m.group(2) or m.group(3))


def is_lead_only(text: str) -> bool:
    """A sentence that only opens a goals block (到“十四五”末，…主要目标是：) rather than stating one."""
    core = name_key(text)
    return len(core) <= 40 and not _COUNTED.search(core)


def opens_with_lead(text: str) -> bool:
    """The sentence starts with its year lead (到“十四五”末，… / 到2025年，…)."""
    m = _LEAD.search(name_key(text))
    return m is not None and m.start() <= 1


# "X、Y 等 8 个集群", "聚焦钢铁、地炼…化工 8 个行业": the number counts a list, it sets no goal.
def _counts_a_list(sentence: str, t: targets.Target) -> bool:
    head = sentence[: t.end]
    if head.count("《") > head.count("》"):
        return True  # a number inside a cited title (《…二十五项重点要求》)
    if t.qualifier is not None or t.unit not in ("个", "家", "项", "大", "条", "类"):
        return False
    at = sentence.find(t.value_text, t.start)
    before = sentence[t.start : at] if at >= 0 else t.metric
    return before.rstrip().endswith("等") or before.count("、") >= 2


def find_targets(
    sentence: str, context_year: int | None, plan_start: int | None = None
) -> list[targets.Target]:
    """Targets stated by ``sentence``; past values (baselines) and list counts are not targets.

    ``plan_start``: first year of the document's period; a bare year before it is a baseline.
    """
    if not targets.may_state_value(sentence):
        return []  # no number with a unit: nothing to parse
    return [
        t
        for t in targets.find_targets(sentence, context_year, plan_start)
        if not t.baseline and not _counts_a_list(sentence, t)
    ]


# --- one pass per document -------------------------------------------------------------------------


class _Span(Protocol):
    @property
    def start(self) -> int: ...

    @property
    def end(self) -> int: ...


S = TypeVar("S", bound=_Span)


_BLOCK_BITS = 10  # block_index: chars per block, as a power of two


def block_index(starts: list[int]) -> list[int] | None:
    """``[bisect_left(starts, b << _BLOCK_BITS) for b in range(starts[-1] // block + 2)]``: for each
    block of the text, the index of the first of ``starts`` at or after it; None unless ``starts``
    is sorted (a bisection of an unsorted list is not a position to narrow)."""
    if not all(map(int.__le__, starts, starts[1:])):
        return None
    last = (starts[-1] >> _BLOCK_BITS) + 2 if starts else 1
    return [bisect.bisect_left(starts, b << _BLOCK_BITS) for b in range(last)]


def bisect_in_blocks(starts: list[int], blocks: list[int] | None, x: int, lo: int = 0) -> int:
    """``bisect.bisect_left(starts, x, lo)``, within the block of ``x`` (``blocks``: block_index of
    ``starts``). A long document's lists are megabytes: a bisection of all of one misses the CPU
    caches at nearly every step, one of a block's few entries stays in one or two cache lines."""
    if blocks is None or x < 0:
        return bisect.bisect_left(starts, x, lo)
    b = x >> _BLOCK_BITS
    last = len(blocks) - 1
    # blocks[b] <= bisect_left(starts, x) <= blocks[b + 1] (starts sorted, b << bits <= x < b + 1 << bits)
    low = blocks[b] if b < last else blocks[last]
    high = blocks[b + 1] if b < last else blocks[last]
    if low < lo:
        low = lo
    return bisect.bisect_left(starts, x, low, high if high > low else low)


def _within(
    hits: Sequence[S], starts: list[int], start: int, end: int, blocks: list[int] | None = None
) -> list[S] | None:
    """The hits inside ``[start, end)``, or None when one straddles a bound (then match the slice).
    ``blocks``: block_index of ``starts`` (the same result, found faster)."""
    i = bisect_in_blocks(starts, blocks, start)
    if i > 0 and hits[i - 1].end > start:
        return None
    out = list(hits[i : bisect_in_blocks(starts, blocks, end, i)])  # the hits starting inside
    for h in out:
        if h.end > end:
            return None
    return out


_NEAR = 16  # _group: how many spans after the previous hit's it bisects first


def _group(
    hits: Sequence[S], hit_starts: list[int], starts: list[int], ends: list[int]
) -> dict[int, list[S] | None]:
    """``_within(hits, …, starts[k], ends[k])`` for every span ``k`` of a sorted run of disjoint
    spans, by span, spans without hits left out: one walk of the hits rather than two bisections
    per span. A hit starting inside span k belongs to it, or spoils it (None) when it ends beyond
    it; the last hit starting before a span spoils it when it reaches into it. ``hit_starts``: the
    hits' starts."""
    out: dict[int, list[S] | None] = {}
    n = len(starts)
    last = len(hits) - 1
    right = bisect.bisect_right
    # The hits come in text order, so the span of each is at or just after the previous one's: a
    # bisection of the few spans from there (when it provably finds the same index as one of all
    # the spans) stays in the CPU caches, where one of all the spans of a long document misses.
    ordered = all(map(int.__le__, starts, starts[1:]))
    near = 0  # right(starts, previous hit's start) when ordered
    for t, h in enumerate(hits):
        hs, he = hit_starts[t], h.end
        hi = near + _NEAR
        if ordered and (near == 0 or starts[near - 1] <= hs) and (hi >= n or starts[hi] > hs):
            near = right(starts, hs, near, min(hi, n))
        else:
            near = right(starts, hs)
        k = near - 1
        if k >= 0 and hs < ends[k]:
            if he > ends[k]:
                out[k] = None
            else:
                got = out.get(k, ())
                if got is not None:
                    if got:
                        got.append(h)
                    else:
                        out[k] = [h]
        k += 1
        if k < n and starts[k] < he:  # (the loop's first tests: most hits end inside their span)
            nxt = hit_starts[t + 1] if t < last else he
            while k < n and starts[k] < he and starts[k] <= nxt:
                out[k] = None  # h is the last hit starting before span k and reaches into it
                k += 1
    return out


class TextIndex:
    """Regions, chains and agencies of a whole document, matched once.

    Recognisers ask for a span of the document; leftmost-longest matching of the slice gives the same
    hits as the whole-text matches inside it unless one crosses its bounds, which falls back to
    matching the slice itself.
    """

    def __init__(self, text: str, scope: RegionHit | None, region: str | None) -> None:
        self.text = text
        self.scope = scope
        self.region = region
        with folding.held(text):  # folded once for the three matchers, not kept after
            self._regions = find_regions(text, scope)
            self._chains = find_chains(text)
            self._agencies = find_agencies(text, region)
        self._region_starts = [h.start for h in self._regions]
        self._chain_starts = [h.start for h in self._chains]
        self._agency_starts = [h.start for h in self._agencies]
        self._region_blocks = block_index(self._region_starts)
        self._chain_blocks = block_index(self._chain_starts)
        self._agency_blocks = block_index(self._agency_starts)

    def in_spans(
        self, spans: Sequence[tuple[int, int]]
    ) -> Iterator[tuple[list[RegionHit], list[ChainHit], list[AgencySpan]]]:
        """``(regions(s, e), chains_at(s, e), agencies_at(s, e))`` for each ``(s, e)`` of ``spans``
        (the hits are shared: do not mutate them)."""
        starts = [s for s, _ in spans]
        ends = [e for _, e in spans]
        if not all(e <= s for e, s in zip(ends, starts[1:], strict=False)):  # not sorted and disjoint
            for start, end in spans:
                yield self.regions(start, end), self.chains_at(start, end), self.agencies_at(start, end)
            return
        regions = _group(self._regions, self._region_starts, starts, ends)
        chains = _group(self._chains, self._chain_starts, starts, ends)
        bodies = _group(self._agencies, self._agency_starts, starts, ends)
        none: list[Any] = []
        for k, (start, end) in enumerate(spans):
            r = regions.get(k, none)
            c = chains.get(k, none)
            a = bodies.get(k, none)
            yield (
                self.regions(start, end) if r is None else r,
                self.chains_at(start, end) if c is None else c,
                self.agencies_at(start, end) if a is None else a,
            )

    def regions(self, start: int, end: int) -> list[RegionHit]:
        """Regions in ``text[start:end]`` with document offsets."""
        got = _within(self._regions, self._region_starts, start, end, self._region_blocks)
        if got is not None:
            return got
        return [
            RegionHit(h.start + start, h.end + start, h.code, h.name, h.surface, h.level, h.ancestors)
            for h in find_regions(self.text[start:end], self.scope)
        ]

    def chains(self, start: int, end: int) -> list[ChainHit]:
        """Chains in ``text[start:end]`` with offsets relative to ``start``."""
        got = _within(self._chains, self._chain_starts, start, end, self._chain_blocks)
        if got is None:
            return find_chains(self.text[start:end])
        return [ChainHit(h.start - start, h.end - start, h.canonical, h.surface) for h in got]

    def chains_at(self, start: int, end: int) -> list[ChainHit]:
        """Chains in ``text[start:end]`` with document offsets."""
        got = _within(self._chains, self._chain_starts, start, end, self._chain_blocks)
        if got is not None:
            return got
        return [
            ChainHit(h.start + start, h.end + start, h.canonical, h.surface)
            for h in find_chains(self.text[start:end])
        ]

    def agencies_at(self, start: int, end: int) -> list[AgencySpan]:
        """Agency names in ``text[start:end]`` with document offsets."""
        got = _within(self._agencies, self._agency_starts, start, end, self._agency_blocks)
        if got is not None:
            return got
        return [
            AgencySpan(h.start + start, h.end + start, h.surface)
            for h in find_agencies(self.text[start:end], self.region)
        ]

    def agencies(self, start: int, end: int) -> list[AgencySpan]:
        """Agency names in ``text[start:end]`` with offsets relative to ``start``."""
        got = _within(self._agencies, self._agency_starts, start, end, self._agency_blocks)
        if got is None:
            return find_agencies(self.text[start:end], self.region)
        return [AgencySpan(h.start - start, h.end - start, h.surface) for h in got]
