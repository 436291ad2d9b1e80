"""The plan's own places (rule 1 of :mod:`ingest.extract.layout`): the divisions and zones of the
document's region, printed in full or short (闵行 for 闵行区, 临港 for 临港新片区), and the district
a plan is about."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from functools import cache

from ingest import gazetteer
from ingest.extract.context import Context
from ingest.extract.lookups import doc_memo, regions_in
from ingest.lexicon import RegionHit

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


def short_place(ctx: Context, text: str, at: int) -> RegionHit | None:
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
    joiner = _JOINER.match(text)  # (= the length _JOINER.sub(…, count=1) takes off, without a copy)
    lead = joiner.end() if joiner else 0
    for h in regions_in(ctx, text, offset):
        if h.start - offset == lead and is_local(ctx, h):
            return h
        if h.start - offset > lead:
            break
    return short_place(ctx, text[lead:], offset + lead)


_JOINER = re.compile(r"^(?:以及|和|及|与|、|，)")


def _per_document(fn: Callable[[Context], RegionHit | None]) -> Callable[[Context], RegionHit | None]:
    """Compute once per document. The memo is held by weak reference (lookups.doc_memo): keeping
    the last document's context alive made the collector walk all of it after the next one."""
    name = f"{__name__}.{fn.__qualname__}"

    def wrapped(ctx: Context) -> RegionHit | None:
        memo = doc_memo(ctx, name)
        if "hit" not in memo:
            memo["hit"] = fn(ctx)
        return memo["hit"]  # type: ignore[no-any-return]

    return wrapped


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
