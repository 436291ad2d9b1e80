"""Per-fact fast paths of carriers, layout.places and targets give what the plain code gives.

Texts: the development documents and generated plans (dense, templated); names cut from their
sentences at every carrier word, plus random names glued from the words the rules test (edge cases:
a final line break, a word alone, nothing).
"""

from __future__ import annotations

import random
import re
from functools import cache

from ingest.extract import carriers
from ingest.extract.context import Context
from ingest.extract.layout import places
from ingest.extract.lookups import find_chains, regions_in
from ingest.models import StructuredDocument
from ingest.reader import structure_text


@cache
def _docs() -> tuple[StructuredDocument, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    texts = (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)
    return tuple(structure_text(t, f"d{k}") for k, t in enumerate(texts))


def _names(doc: StructuredDocument, rnd: random.Random) -> list[tuple[str, int]]:
    """(name, offset) pairs of the document: up to every carrier word of each sentence, from a few starts."""
    out: list[tuple[str, int]] = []
    for s in doc.sentences:
        for m in re.finditer("|".join(carriers._CARRIER_WORDS), s.text):
            for back in (4, 8, 12, rnd.randint(2, 24)):
                lo = max(0, m.end() - back)
                out.append((s.text[lo : m.end()], s.start + lo))
    return out


def _plain_is_carrier(
    ctx: Context, name: str, start: int, *, names_chain: bool = False, anchored: bool = False
) -> bool:
    """carriers.is_carrier as first written: the patterns searched, the regions looked up per test."""
    c = carriers
    if not c._CARRIER_END.search(name) or c._NOT_NAME.search(name):
        return False
    if c._joined_list(name) or c._generic(name):
        return False
    if anchored:
        return True
    if names_chain and not find_chains(ctx, name) and not c._names_open_chain(ctx, name):
        return False
    led = [h for h in regions_in(ctx, name, start) if h.start == start]
    if led and len(name) - (led[0].end - led[0].start) >= 4:
        return True
    return c._specific(ctx, name, start)


def test_ends_is_the_end_anchored_pattern() -> None:
    rnd = random.Random(5)
    pool = [*carriers._CARRIER_WORDS, "园", "中", "心", "区", "上海", "x", " ", "\n", "的"]
    names = ["".join(rnd.choice(pool) for _ in range(rnd.randint(0, 5))) for _ in range(20000)]
    names += [n for doc in _docs() for n, _ in _names(doc, rnd)]
    names += ["", "\n", "平台\n", "平台\n\n", "城\n", "园区 ", "中心\r"]
    hits = 0
    for name in names:
        got = carriers._ends(name, carriers._CARRIER_WORDS)
        assert got == bool(carriers._CARRIER_END.search(name)), repr(name)
        assert carriers._ends(name, carriers._BASE_WORDS) == bool(carriers._BASE_END.search(name)), repr(name)
        hits += got
    assert hits > 1000


def test_is_carrier_is_the_plain_rule() -> None:
    rnd = random.Random(9)
    specific = 0
    for doc in _docs():
        ctx = Context.for_document(doc)
        pairs = _names(doc, rnd)
        # names that are not the document's text at their offset (another look-up of their regions)
        pairs += [(n, o + 1) for n, o in pairs[::7]]
        for name, start in pairs:
            for names_chain, anchored in ((False, False), (True, False), (False, True)):
                got = carriers.is_carrier(ctx, name, start, names_chain=names_chain, anchored=anchored)
                plain = _plain_is_carrier(ctx, name, start, names_chain=names_chain, anchored=anchored)
                assert got == plain, (name, start, names_chain, anchored)
                specific += got and not anchored
    assert specific > 200


def _plain_place_at(ctx: Context, text: str, offset: int) -> object:
    """places.place_at as first written (the joiner's length from a substitution)."""
    lead = len(text) - len(places._JOINER.sub("", text, count=1))
    for h in regions_in(ctx, text, offset):
        if h.start - offset == lead and places.is_local(ctx, h):
            return h
        if h.start - offset > lead:
            break
    return places.short_place(ctx, text[lead:], offset + lead)


def test_place_at_is_the_plain_rule() -> None:
    rnd = random.Random(3)
    joiners = ["", "以及", "和", "及", "与", "、", "，", "和和", "、以及"]
    found = 0
    for doc in _docs():
        ctx = Context.for_document(doc)
        text = doc.text
        starts = [h.start for h in ctx.index.regions(0, len(text)) if h.start < len(text) - 30]
        for k in range(3000):  # at a place named there (half the time), or anywhere
            at = rnd.choice(starts) if k % 2 else rnd.randrange(len(text) - 30)
            piece = text[at : at + rnd.randint(1, 30)]
            for lead in (rnd.choice(joiners), ""):
                got = places.place_at(ctx, lead + piece, at - len(lead))
                assert got == _plain_place_at(ctx, lead + piece, at - len(lead)), (lead, piece)
                found += got is not None
    assert found > 1000


def _plain_extract_titled(ctx: Context) -> None:
    """carriers._extract_titled as first written: every sentence grouped by heading, its own starts."""
    import bisect
    from collections import defaultdict

    from ingest.extract.lookups import heading_chain
    from ingest.models import Sentence

    c = carriers
    doc = ctx.doc
    parents = {h.parent for h in doc.headings}
    by_heading: dict[int | None, list[Sentence]] = defaultdict(list)
    for s in doc.sentences:
        by_heading[s.heading].append(s)
    sent_starts = [s.start for s in doc.sentences]
    for h in doc.headings:
        m = c._TITLE_CARRIER.match(h.title)
        if m is None or h.index in parents:
            continue
        name = m["obj"]
        if (
            not c._ends(name, c._CARRIER_WORDS)
            or c._NOT_NAME.search(name)
            or c._joined_list(name)
            or "的" in name
        ):
            continue
        if len(c._KIND_WORD.sub("", name)) < 2:
            continue
        body = [s for s in by_heading[h.index] if not (s.start <= h.start < s.end)]
        if any(c._named_after_word(name, s.text) for s in body):
            continue
        at = bisect.bisect_right(sent_starts, h.start) - 1
        sents = [doc.sentences[at]] if at >= 0 and h.start < doc.sentences[at].end else []
        span = (sents[0].start, sents[0].end) if sents else (h.start, h.end)
        chain = heading_chain(ctx, h.index) or (ctx.subjects[0] if ctx.subjects else None)
        c.carrier(ctx, name, h.start + m.start("obj"), chain, None, span)


def test_titled_carriers_are_what_the_plain_rule_records() -> None:
    """Rule 6 after the passes before carriers, on the development text, generated plans, and plans
    whose carrier headings hold their name in a sentence, hold no sentence, or are the only heading."""
    from ingest.extract import PASSES

    texts = [
        "一、重点任务\n（一）建设氢能创新中心\n推进氢能产业发展。\n（二）建设储能实验室\n",
        "（一）建设氢能创新中心\n建设青岛氢能创新中心。\n",
        "（一）建设氢能创新中心\n",
        "没有标题的文本。",
    ]
    docs = [*_docs(), *(structure_text(t, f"t{k}") for k, t in enumerate(texts))]
    before = PASSES[: PASSES.index(carriers.extract_carriers)]
    recorded = 0
    for doc in docs:
        fast, plain = Context.for_document(doc), Context.for_document(doc)
        for ctx in (fast, plain):
            for run in before:
                run(ctx)
        n = len(fast.fb.facts.relations) + len(fast.fb.mention_pairs())
        carriers._extract_titled(fast)
        _plain_extract_titled(plain)
        f, p = fast.fb.build(), plain.fb.build()
        assert (f.nodes, f.relations, f.mentions) == (p.nodes, p.relations, p.mentions)
        recorded += len(f.relations) + len(f.mentions) - n
    assert recorded >= 10
