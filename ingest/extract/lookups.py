"""Reading a document for the passes: which chain a heading stands under, which section a heading
is in, which regions and chains a text names, and how a sentence splits into clauses and list items.

Nothing here records a fact; :mod:`ingest.extract.nodes` does.
"""

from __future__ import annotations

import bisect
import re
import weakref
from typing import Any

from core.model import Rel
from ingest import lexicon
from ingest.extract.context import Context
from ingest.lexicon import RegionHit
from ingest.models import StructuredDocument

# --- headings -------------------------------------------------------------------------------------


def heading_chain(ctx: Context, heading: int | None, *, max_level: int = 9) -> str | None:
    """The innermost chain heading at or above ``heading`` with level <= ``max_level``."""
    while heading is not None:
        h = ctx.doc.headings[heading]
        if heading in ctx.chain_of_heading and h.level <= max_level:
            return ctx.chain_of_heading[heading]
        heading = h.parent
    return None


_GOALS_TITLE = re.compile(r"目标")
_REVIEW = re.compile(
    r"发展基础|发展现状|现状与|现状和|基础与|产业基础|发展成效|主要成效|取得的成效|取得的成绩|回顾"
)


def in_goals(ctx: Context, heading: int | None) -> bool:
    """Under the document's goals heading (二、主要目标, （三）发展目标): its headline figures.

    Only a document with exactly one such heading has a goals section; a plan whose parts each
    state their own (行业范围及目标 in every part) has none that speaks for the whole document.
    """
    if ctx.goals is None:
        ctx.goals = [h.index for h in ctx.doc.headings if _GOALS_TITLE.search(h.title)]
    goals = ctx.goals
    if len(goals) != 1:
        return False
    while heading is not None:
        if heading == goals[0]:
            return True
        heading = ctx.doc.headings[heading].parent
    return False


def in_review(ctx: Context, heading: int | None) -> bool:
    """The heading (or one above it) reviews the past period (发展基础和面临形势)."""
    if heading is None:
        return False
    got = ctx.in_review.get(heading)
    if got is None:
        h = ctx.doc.headings[heading]
        got = ctx.in_review[heading] = bool(_REVIEW.search(h.title)) or in_review(ctx, h.parent)
    return got


def may_match(doc: StructuredDocument, pattern: re.Pattern[str]) -> list[bool]:
    """Per sentence (by position in ``doc.sentences``): False when ``pattern`` has no match in its text.

    One scan of the whole text instead of one search per sentence. ``pattern`` must have no anchor,
    look-around or empty match: then a match inside a sentence is a match of the whole text at the
    same place, and the scan, which can only step over a place inside a match, meets every sentence
    that has one. A match across a sentence bound flags each sentence it touches (a caller then
    searches them alone); a sentence that is not the slice of the text at its offsets is flagged.
    (Sentences are in text order and never overlap, as structure_text makes them.)
    """
    sents = doc.sentences
    text = doc.text
    flags = [len(s.text) != s.end - s.start or not text.startswith(s.text, s.start) for s in sents]
    starts = [s.start for s in sents]
    for m in pattern.finditer(text):
        i = max(bisect.bisect_right(starts, m.start()) - 1, 0)
        while i < len(sents) and sents[i].start < m.end():
            if sents[i].end > m.start():
                flags[i] = True
            i += 1
    return flags


# --- regions and chains in a text ------------------------------------------------------------------


_MEMOS: dict[str, tuple[weakref.ref[Context], dict[Any, Any]]] = {}


def doc_memo(ctx: Context, name: str) -> dict[Any, Any]:
    """A memo named ``name`` for this document only: emptied when another context asks for it. Held
    through a weak reference, so a finished document's context is not kept alive by it."""
    got = _MEMOS.get(name)
    if got is None or got[0]() is not ctx:
        got = _MEMOS[name] = (weakref.ref(ctx), {})
    return got[1]


def chain_for_title(ctx: Context, title: str) -> str | None:
    """``lexicon.chain_for_title(title)``, once per distinct title of the document (labels, items and
    phrases repeat: a box names its industry on every line)."""
    memo = doc_memo(ctx, "chain_for_title")
    if title in memo:
        return memo[title]  # type: ignore[no-any-return]
    got = memo[title] = lexicon.chain_for_title(title)
    return got


# text_count counts in a window of this many characters: any ordinary plan whole. Counting over the
# whole of a longer text (a compilation of plans, a 20 MB document) once per distinct string grew with
# the square of its length: ~4 s of a 20 MB plan's extraction.
COUNT_WINDOW = 1 << 17


def text_count(ctx: Context, text: str, at: int) -> int:
    """How often ``text`` occurs in the document around offset ``at``: in the whole document when it
    has at most COUNT_WINDOW characters, else in the COUNT_WINDOW characters around ``at`` (windows
    aligned to an eighth of that, so that nearby questions share a count). Counted once per window
    and string."""
    doc_text = ctx.doc.text
    start, size = 0, len(doc_text)
    if size > COUNT_WINDOW:
        step = COUNT_WINDOW // 8
        start = min(max(0, at - COUNT_WINDOW // 2) // step * step, size - COUNT_WINDOW)
    key = (start, text)
    got = ctx.text_counts.get(key)
    if got is None:
        got = ctx.text_counts[key] = doc_text.count(text, start, start + COUNT_WINDOW)
    return got


def regions_in(ctx: Context, text: str, offset: int) -> list[RegionHit]:
    """Regions named in ``text``, which stands at ``offset`` of the document (or is not its text)."""
    if ctx.doc.text.startswith(text, offset):
        return ctx.index.regions(offset, offset + len(text))
    hits = lexicon.find_regions(text, ctx.scope)
    return [
        RegionHit(h.start + offset, h.end + offset, h.code, h.name, h.surface, h.level, h.ancestors)
        for h in hits
    ]


def city_level(hits: list[RegionHit]) -> list[RegionHit]:
    """Regions below province level (cities, counties, districts, zones)."""
    return [h for h in hits if h.level != "province" and h.level != "area"]


def find_chains(ctx: Context, text: str) -> list[lexicon.ChainHit]:
    """``lexicon.find_chains(text)``, once per distinct text of the document (do not mutate)."""
    got = ctx.chains_in.get(text)
    if got is None:
        got = ctx.chains_in[text] = lexicon.find_chains(text)
    return got


def has_parent_chain(ctx: Context, chain: str) -> bool:
    """The facts so far put ``chain`` under another one (SUBCHAIN_OF)."""
    return ctx.fb.has_relation_from(Rel.SUBCHAIN_OF, chain)


# --- clauses and lists -----------------------------------------------------------------------------

_CLAUSE_SPLIT = re.compile(r"([，,；;。：])")


def clauses(text: str) -> list[tuple[int, str]]:
    """(offset, clause) of each clause of ``text``, split at its punctuation."""
    out: list[tuple[int, str]] = []
    pos = 0
    for part in _CLAUSE_SPLIT.split(text):
        if part and part not in "，,；;。：":
            out.append((pos, part))
        pos += len(part)
    return out


# Words a list item may start with that belong to the sentence, not the name (并在…, 以…, 和…).
_ITEM_HEAD = re.compile(r"^(?:和|及|与|以及|并在|并|在|以|对|由|将|把|其中|包括)")


def split_list(segment: str, *, merge_short: bool = False) -> list[tuple[str, int]]:
    """Items of a 、-separated list with their offsets in ``segment``.

    ``merge_short``: an item of 1-3 characters is a word of its neighbour's name cut by a 、
    inside it (…一体化建设、安装、拆解…项目), so the three join again.
    """
    parts: list[tuple[str, int]] = []
    pos = 0
    for part in segment.split("、"):
        lead = len(part) - len(part.lstrip())
        parts.append((part.strip(), pos + lead))
        pos += len(part) + 1
    if merge_short:
        merged: list[tuple[str, int]] = []
        i = 0
        while i < len(parts):
            name, off = parts[i]
            while i + 2 < len(parts) and 0 < len(parts[i + 1][0]) <= 3:
                name = segment[off : parts[i + 2][1] + len(parts[i + 2][0])]
                i += 2
            merged.append((name, off))
            i += 1
        parts = merged
    out: list[tuple[str, int]] = []
    for name, off in parts:
        head = _ITEM_HEAD.match(name)
        if head:
            name, off = name[head.end() :], off + head.end()
        if 2 <= len(name) <= 40:
            out.append((name, off))
    return out
