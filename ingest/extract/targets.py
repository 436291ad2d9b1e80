"""Quantified goals (到2025年，产业规模达到1000亿元): Target nodes that MEASURE a chain and are
SCOPED_TO a region.

A year stated once governs what follows it; figures reporting the past (发展基础, 2020年…) are not
goals. The figures themselves are found by :func:`ingest.lexicon.find_targets`.
"""

from __future__ import annotations

import re

from core.model import Label, Rel
from ingest import lexicon
from ingest.extract import open_vocabulary
from ingest.extract.context import Context
from ingest.extract.lookups import heading_chain, in_goals, in_review, may_match, regions_in
from ingest.extract.nodes import region_node
from ingest.targets import VALUE_TAIL, Target, states_past

_GOAL_WORD = re.compile(r"到|力争|争取|目标|将|预计|达到|突破|\d{4}\s*年(?:底|末|前)")
_DOC_SCOPE = re.compile(r"(全省|我省|全市|我市|全区|我区|本省|本市)")


def extract_targets(ctx: Context) -> None:
    doc, fb = ctx.doc, ctx.fb
    plan_end = lexicon.period_end(doc.meta.period)
    # A year stated once governs what follows it: the rest of its paragraph, and the whole block
    # under the heading when the sentence only opens a goals block (到“十四五”末，…).
    block_year: dict[int | None, int] = {}
    para_year: dict[int, int] = {}
    plan_start = lexicon.period_start(doc.meta.period)
    past_paragraphs: set[int] = set()  # paragraphs reporting the past (2020年…; 较“十二五”末增长…)
    # find_targets finds nothing in a sentence without a number and a unit: one scan of the text
    valued = may_match(doc, VALUE_TAIL)
    for at, sent in enumerate(doc.sentences):
        stated = lexicon.lead_year(sent.text, plan_end)
        found: list[Target] = []  # (find_targets only where its figures are kept)
        if states_past(sent.text, plan_start):
            past_paragraphs.add(sent.paragraph)
        elif not valued[at]:
            pass
        elif sent.paragraph in past_paragraphs and not _GOAL_WORD.search(sent.text):
            pass  # …2020年技术合同成交额286.6亿元。高新技术企业4396家。
        elif not in_review(ctx, sent.heading):  # 发展基础 / 发展现状: what was achieved, not aimed at
            context_year = para_year.get(sent.paragraph) or _block_year(ctx, block_year, sent.heading)
            found = lexicon.find_targets(sent.text, context_year, plan_start)
        if stated is not None:
            para_year[sent.paragraph] = stated
            if lexicon.is_lead_only(sent.text) or (lexicon.opens_with_lead(sent.text) and not found):
                block_year[sent.heading] = stated
        for t in found:
            start, end = sent.start + t.start, sent.start + t.end
            span = (start, end)
            tid = fb.content_node(
                Label.TARGET,
                f"{t.metric} {t.value_text}{t.unit}",
                start,
                t.metric,
                props={
                    "metric": t.metric,
                    "value": t.value,
                    "value_max": t.value_max,
                    "unit": t.unit,
                    "qualifier": t.qualifier,
                    "year": t.year,
                    "year_inherited": t.year_inherited,
                    "period": doc.meta.period,
                    "periodic": t.periodic,
                    "in_goals": in_goals(ctx, sent.heading),
                    "text": doc.text[start:end],
                },
                span=span,
            )
            chain: str | None
            if t.product:
                chain = open_vocabulary.product_chain(ctx, t.product, span)
            else:
                chain = open_vocabulary.chain_named_in(ctx, t.metric, span)
            chain = chain or heading_chain(ctx, sent.heading)
            # a figure that names no industry measures what the plan is about (each title subject)
            for measured in [chain] if chain else ctx.subjects:
                fb.relate(Rel.MEASURES, tid, measured, span)
            scope = _target_scope(ctx, sent.text, t.start, sent.start)
            if scope:
                fb.relate(Rel.SCOPED_TO, tid, scope, span)


def _block_year(ctx: Context, block_year: dict[int | None, int], heading: int | None) -> int | None:
    """The year a goals-block lead set for ``heading`` or one of the headings above it."""
    while heading is not None:
        if heading in block_year:
            return block_year[heading]
        heading = ctx.doc.headings[heading].parent
    return block_year.get(None)


def _target_scope(ctx: Context, text: str, at: int, offset: int) -> str | None:
    """Explicit region right before the target, else the document's own region."""
    lo = max(0, at - 12)
    window = text[lo : at + 4]
    hits = regions_in(ctx, window, offset + lo)
    if hits and not _DOC_SCOPE.search(window):
        hit = hits[-1]
        return region_node(ctx, hit, None)
    if ctx.scope is not None:
        return region_node(ctx, ctx.scope, None)
    return None
