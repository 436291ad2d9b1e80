"""Headings that name industries become chains; their nesting becomes SUBCHAIN_OF.

Runs first: later passes find the chain a sentence is about by walking up its headings
(:func:`ingest.extract.lookups.heading_chain` over ``ctx.chain_of_heading``).
"""

from __future__ import annotations

import re

from core.model import Rel
from ingest import lexicon
from ingest.extract.context import Context
from ingest.extract.lookups import chain_for_title
from ingest.extract.nodes import chain_node
from ingest.extract.words import ACTION
from ingest.models import Heading

_NOUN_TITLE = re.compile(r"^[^，,、；。：:]{2,16}$")


def _is_chain_title(title: str) -> bool:
    return bool(_NOUN_TITLE.match(title)) and not ACTION.search(title)


def extract_chain_headings(ctx: Context) -> None:
    """Headings that name industries become chains; their nesting becomes SUBCHAIN_OF."""
    doc = ctx.doc
    known: dict[int, str | None] = {}
    for h in doc.headings:
        known[h.index] = chain_for_title(ctx, h.title) if _is_chain_title(h.title) else None
    # (parent, level) -> [siblings, of which known chains]: counted once, not per heading
    family: dict[tuple[int | None, int], list[int]] = {}
    for h in doc.headings:
        counts = family.setdefault((h.parent, h.level), [0, 0])
        counts[0] += 1
        counts[1] += bool(known[h.index])
    for h in doc.headings:
        canonical = known[h.index]
        if canonical is None and _is_chain_title(h.title):
            # An unknown title is a chain when it sits among chains (siblings or a chain parent).
            parent_is_chain = h.parent is not None and known.get(h.parent) is not None
            siblings, sibling_chains = family[(h.parent, h.level)]
            if parent_is_chain or sibling_chains * 2 >= siblings > 1:
                canonical = lexicon.chain_key(h.title)
        if canonical is None:
            continue
        parent = _parent_chain(ctx, h)
        if parent is not None and ctx.chain_names.get(parent) == canonical:
            # a direction named like its chain's alias (农机装备产业链 > 智能农机) keeps its own name
            canonical = lexicon.chain_key(h.title)
        ctx.chain_of_heading[h.index] = chain_node(ctx, canonical, (h.start, h.end), h.title)
    for h in doc.headings:
        cid = ctx.chain_of_heading.get(h.index)
        parent = _parent_chain(ctx, h)
        if cid and parent:
            ctx.fb.relate(Rel.SUBCHAIN_OF, cid, parent, (h.start, h.end))


def _parent_chain(ctx: Context, h: Heading) -> str | None:
    p = h.parent
    while p is not None:
        if p in ctx.chain_of_heading:
            return ctx.chain_of_heading[p]
        p = ctx.doc.headings[p].parent
    return None
