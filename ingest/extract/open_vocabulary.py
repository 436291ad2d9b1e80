"""Chains the taxonomy does not know: a document's subject (from its title) and the industries its
sentences measure (``X产业规模达…``). Each new chain carries a confidence and the sentence that
introduced it; the taxonomy still gives the name and place of every chain it knows.
"""

from __future__ import annotations

import re

from core.model import Label, Rel, name_key
from ingest import lexicon
from ingest.extract.context import Context
from ingest.extract.lookups import chain_for_title, doc_memo, find_chains
from ingest.subjects import Phrase, measured_industries, subject_phrases

# How sure each source is that a chunk names an industry: a plan's title says what it is about; a
# measured X产业 in a sentence is an industry by grammar but may be a passing mention.
TITLE_CONFIDENCE = 0.9
MEASURED_CONFIDENCE = 0.7
PRODUCT_CONFIDENCE = 0.6


def _region_prefixes(ctx: Context) -> tuple[str, ...]:
    scope = ctx.scope
    if scope is None:
        return ()
    names = {scope.name, scope.surface}
    names |= {n[:-1] for n in tuple(names) if len(n) > 2 and n[-1] in "省市区县"}
    return tuple(n for n in names if n)


def _locate(ctx: Context, *forms: str) -> tuple[int, int] | None:
    """The first place the document prints one of ``forms`` (the title line comes first)."""
    best: tuple[int, int] | None = None
    for f in forms:
        i = ctx.doc.text.find(f)
        if i >= 0 and (best is None or i < best[0]):
            best = (i, i + len(f))
    return best


def open_chain(
    ctx: Context, phrase: Phrase, span: tuple[int, int] | None, confidence: float, source: str
) -> str:
    """The chain ``phrase`` names: the taxonomy's when it knows it, else a new open-vocabulary one."""
    known = chain_for_title(ctx, phrase.text) or chain_for_title(ctx, phrase.core)
    forms = tuple(dict.fromkeys((phrase.text, phrase.core, f"{phrase.core}产业")))
    if known is not None:
        cid = ctx.fb.entity(Label.CHAIN, known, aliases=tuple(f for f in forms if f != known), span=span)
        ctx.name_chain(cid, known)
    else:
        sid = ctx.fb.sentence_at(span[0]) if span else None
        props = {"open_vocabulary": True, "confidence": confidence, "introduced_by": source}
        if sid:
            props["introduced_in"] = sid
        cid = ctx.fb.entity(
            Label.CHAIN,
            phrase.core,
            aliases=tuple(f for f in forms if f != phrase.core),
            props=props,
            span=span,
        )
        ctx.name_chain(cid, phrase.core)
        _place_in_taxonomy(ctx, cid, phrase.core, span)
    for f in forms:
        ctx.open_chains.setdefault(name_key(f), cid)
    return cid


def _place_in_taxonomy(ctx: Context, cid: str, core: str, span: tuple[int, int] | None) -> None:
    """A new chain whose name holds a known one sits under it (食品科技 under 现代食品 via 食品,
    北斗时空信息 under 卫星应用 via 北斗): the taxonomy's place for what it does not list."""
    hits = [h for h in find_chains(ctx, core) if h.end - h.start < len(core)]
    if not hits or span is None:
        return
    best = max(hits, key=lambda h: h.end - h.start)
    pid = ctx.fb.entity(Label.CHAIN, best.canonical)
    ctx.name_chain(pid, best.canonical)
    ctx.fb.relate(Rel.SUBCHAIN_OF, cid, pid, span, props={"source": "taxonomy"})


def extract_subject(ctx: Context) -> None:
    """The industries the title names become chains; the first is the document's subject."""
    title = ctx.doc.meta.title or ""
    for phrase in subject_phrases(title, _region_prefixes(ctx)):
        span = _locate(ctx, phrase.text, phrase.core)
        cid = open_chain(ctx, phrase, span, TITLE_CONFIDENCE, "title")
        if cid not in ctx.subjects:
            ctx.subjects.append(cid)


# What every match of measured_industries holds: 产业/工业 right before a measure word (or 占). One
# search for it is far cheaper than measured_industries' lazy name tried at every position: a guard.
_MEASURED_TAIL = re.compile(r"[产工]业(?:总?(?:规模|产值|营业收入|营收|收入|增加值)|占)")


def may_measure(sentence: str) -> bool:
    """False when ``measured_industries(sentence)`` is empty for sure."""
    return _MEASURED_TAIL.search(sentence) is not None


def extract_measured_industries(ctx: Context) -> None:
    """``X产业规模/产值…`` in a sentence: X产业 is an industry; under the subject when it names it."""
    subject = ctx.subjects[0] if ctx.subjects else None
    subject_forms = _forms_of(ctx, subject)
    for sent in ctx.doc.sentences:
        if "产业" not in sent.text or not may_measure(sent.text):
            continue
        for start, end, phrase in measured_industries(sent.text):
            start, phrase = _without_region(ctx, start, phrase)
            if name_key(phrase.text) in ctx.open_chains or chain_for_title(ctx, phrase.core):
                continue
            span = (sent.start + start, sent.start + end)
            cid = open_chain(ctx, phrase, span, MEASURED_CONFIDENCE, "measure")
            if subject and cid != subject and any(f in phrase.core for f in subject_forms):
                ctx.fb.relate(Rel.SUBCHAIN_OF, cid, subject, span)


def product_chain(ctx: Context, product: str, span: tuple[int, int]) -> str:
    """A capacity goal's product (形成年产50发商业火箭) is a product line of the plan's industry."""
    known = chain_named_in(ctx, product, span)
    if known is not None and ctx.chain_names.get(known) == product:
        return known
    cid = open_chain(ctx, Phrase(product, product), span, PRODUCT_CONFIDENCE, "capacity")
    if ctx.subjects and cid not in ctx.subjects:
        ctx.fb.relate(Rel.SUBCHAIN_OF, cid, ctx.subjects[0], span)
    return cid


def _without_region(ctx: Context, start: int, phrase: Phrase) -> tuple[int, Phrase]:
    """杨浦数字经济核心产业 → 数字经济核心产业: a leading place scopes the industry, it is not its name."""
    memo = doc_memo(ctx, "phrase_regions")  # (the same phrases are measured again and again)
    found = memo.get(phrase.text)
    if found is None:
        found = memo[phrase.text] = lexicon.find_regions(phrase.text, ctx.scope)
    hits = [h for h in found if h.start == 0]
    if not hits or len(phrase.text) - hits[0].end < 4:
        return start, phrase
    cut = hits[0].end
    text = phrase.text[cut:]
    core = phrase.core[cut:] if phrase.core.startswith(phrase.text[:cut]) else phrase.core
    return start + cut, Phrase(text, core)


def _forms_of(ctx: Context, cid: str | None) -> set[str]:
    return {k for k, v in ctx.open_chains.items() if v == cid and len(k) >= 2} if cid else set()


def chain_named_in(ctx: Context, text: str, span: tuple[int, int]) -> str | None:
    """The chain ``text`` names, longest name first: this document's open chains, then the taxonomy's."""
    key = name_key(text)
    best: tuple[int, str] | None = None
    for form, cid in ctx.open_chains.items():
        if form in key and (best is None or len(form) > best[0]):
            best = (len(form), cid)
    for ch in find_chains(ctx, text):  # (memo per text: metrics repeat)
        if best is None or len(ch.surface) > best[0]:
            cid = ctx.fb.entity(
                Label.CHAIN,
                ch.canonical,
                aliases=(ch.surface,) if ch.surface != ch.canonical else (),
                span=span,
            )
            ctx.name_chain(cid, ch.canonical)
            return cid
        break
    return best[1] if best else None
