"""Rule 7 of :mod:`ingest.extract.layout`, a district's own industries: in the plan of a district
or county, `<chain>主导产业` / `培育<chain>产业集群` / `打造<chain>产业生态` with no place in the clause
designate the plan's region (:func:`~ingest.extract.layout.places.plan_area`) for that chain.
"""

from __future__ import annotations

import re

from ingest.extract.context import Context
from ingest.extract.layout.common import claim, designate_place
from ingest.extract.layout.places import is_local, plan_area
from ingest.extract.lookups import clauses, find_chains, regions_in
from ingest.extract.nodes import chain_node

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


def extract_own_industries(ctx: Context) -> None:
    """Rule 7: the plan's own district designated for the chains it names as its industries."""
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
                designate_place(
                    ctx, own, chain, (sent.start, sent.end), role=m["role"], designation=designation
                )
                claim(ctx, base + start, base + m.end())
