"""Fast paths of a document's setup and of nodes.locate_by_name give what the plain code gives.

Texts: the development documents, generated plans (dense, templated), and hand-made line maps whose
line numbers go down (the case the fast paths must leave to the plain code).
"""

from __future__ import annotations

import random
from dataclasses import replace
from functools import cache
from typing import Any

from core.model import SentenceRecord, sentence_id, sentence_ids
from ingest.extract import boxes, carriers, extract_facts, lists, nodes
from ingest.extract.context import Context
from ingest.extract.lookups import city_level, regions_in
from ingest.facts import FactsBuilder
from ingest.lexicon import RegionHit
from ingest.models import LineMap, StructuredDocument
from ingest.normalise import SourceLine, _build
from ingest.reader import structure_text
from tests.unit.sources import on_sources


@cache
def _documents() -> tuple[str, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    return (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)


def _plain_records(doc: StructuredDocument) -> list[SentenceRecord]:
    """Every sentence's record through LineMap.quote (the definition)."""
    lm, out = doc.line_map, []
    for s in doc.sentences:
        q = lm.quote(s.start, s.end)
        sid = sentence_id(doc.meta.id, s.start, s.end)
        out.append(SentenceRecord(sid, doc.meta.id, q.line, q.line_end, s.start, s.end, s.text, q.text))
    return out


def _non_decreasing(lines: tuple[int, ...]) -> bool:
    return all(lines[i] <= lines[i + 1] for i in range(len(lines) - 1))


# --- sentence ids ----------------------------------------------------------------------------------


def test_sentence_ids_are_sentence_id_of_each_span() -> None:
    rnd = random.Random(5)
    for doc_id in ("d", "济南市人工智能规划", "a\x1fb", "ｆｕｌｌ width", "é\u0301", ""):
        spans = [(rnd.randrange(10**k), rnd.randrange(10**k)) for k in range(1, 12) for _ in range(30)]
        spans += [(0, 0), (0, 1), (-1, 5), (7, -3)]
        assert sentence_ids(doc_id, spans) == [sentence_id(doc_id, s, e) for s, e in spans]


# --- LineMap.ordered and the sentence records -------------------------------------------------------


def test_ordered_is_set_only_for_maps_whose_lines_never_decrease() -> None:
    for k, text in enumerate(_documents()):
        lm = structure_text(text, f"d{k}").line_map
        assert lm.ordered and _non_decreasing(lm.lines)
    rnd = random.Random(9)
    for _ in range(300):  # paragraphs of lines in random order
        numbers = rnd.sample(range(1, 30), rnd.randint(1, 8))
        if rnd.random() < 0.5:
            numbers.sort()
        para = [SourceLine(n, 0, "行" * (1 + n % 3), "行" * (1 + n % 3), 0, -1) for n in numbers]
        cut = rnd.randint(0, len(para))
        paragraphs = [p for p in (para[:cut], para[cut:]) if p]
        _, lm = _build(paragraphs, ["行行"] * 30)
        if lm.ordered:
            assert _non_decreasing(lm.lines)
        assert lm.ordered == (numbers == sorted(numbers))


def test_sentence_records_are_the_quotes_of_the_line_map() -> None:
    for k, text in enumerate(_documents()):
        doc = structure_text(text, f"d{k}")
        plain = _plain_records(doc)
        assert doc.line_map.ordered
        assert FactsBuilder(doc).facts.sentences == plain
        unordered = replace(doc, line_map=replace(doc.line_map, ordered=False))
        assert FactsBuilder(unordered).facts.sentences == plain


def test_sentence_records_where_line_numbers_go_down() -> None:
    text = "第一句讲氢能。第二句讲储能，\n和氢能。第三句讲上海。\n第四句。\n第五句在这里。"
    doc = structure_text(text, "t")
    lm = doc.line_map
    top = max(lm.lines)
    rnd = random.Random(3)
    for _ in range(50):  # the same chars, their lines renumbered out of order
        perm = list(range(1, top + 1))
        rnd.shuffle(perm)
        source = [""] * top
        for old, new in zip(range(1, top + 1), perm, strict=True):
            source[new - 1] = lm.source_lines[old - 1]
        lines = tuple(perm[n - 1] for n in lm.lines)
        moved = replace(doc, line_map=LineMap(lines, lm.cols, tuple(source), _non_decreasing(lines)))
        assert FactsBuilder(moved).facts.sentences == _plain_records(moved)


# --- locate_by_name --------------------------------------------------------------------------------


def _plain_place_in_name(ctx: Context, name: str, start: int) -> list[RegionHit]:
    """nodes._place_in_name as first written (city_level, then the zone and province rules)."""
    out: list[RegionHit] = []
    for h in city_level(regions_in(ctx, name, start)):
        if h.level == "zone":
            parent_level = h.ancestors[0][2] if h.ancestors else "province"
            if parent_level in ("province", "area"):
                continue
            at = h.start - start
            if len(h.surface) <= 2 and at > 0 and "\u4e00" <= name[at - 1] <= "\u9fff":
                continue
        out.append(h)
    province = ctx.scope.code[:2] if ctx.scope and ctx.scope.code else None
    home = [h for h in out if province and nodes._code_of(h)[:2] == province]
    return home or out


def _plain_locate_by_name(ctx: Context, node_id: str, name: str, start: int) -> None:
    """locate_by_name without its memo (the definition)."""
    for hit in _plain_place_in_name(ctx, name, start):
        rid = nodes.region_node(ctx, hit, (hit.start, hit.end))
        ctx.fb.relate(nodes.Rel.LOCATED_IN, node_id, rid, (start, start + len(name)), props={"via": "name"})


def _facts(doc: StructuredDocument) -> tuple[Any, ...]:
    f = extract_facts(doc)
    return (
        [(n.label, n.id, n.name, n.aliases, sorted(n.props.items(), key=repr)) for n in f.nodes],
        [(r.type, r.src, r.dst, r.sentences, sorted(r.props.items(), key=repr)) for r in f.relations],
        f.mentions,
        f.sentences,
        f.warnings,
    )


def test_locate_by_name_memo_gives_the_plain_facts() -> None:
    fast = [repr(_facts(structure_text(text, f"d{k}"))) for k, text in enumerate(_documents())]
    assert on_sources(f"{__name__}:_plain_located_facts") == fast


def _plain_located_facts() -> list[str]:
    """The facts (repr'd) with every caller's locate_by_name the plain one: patched on the sources
    (compiled callers call it natively)."""
    memoised = nodes.locate_by_name
    patched = [m for m in (nodes, boxes, carriers, lists) if getattr(m, "locate_by_name", None) is memoised]
    for module in patched:
        module.locate_by_name = _plain_locate_by_name  # type: ignore[attr-defined]
    try:
        assert carriers.locate_by_name is _plain_locate_by_name  # the patch reached a caller
        return [repr(_facts(structure_text(text, f"d{k}"))) for k, text in enumerate(_documents())]
    finally:
        for module in patched:
            module.locate_by_name = memoised  # type: ignore[attr-defined]


def test_a_repeated_locate_by_name_changes_no_fact() -> None:
    doc = structure_text(_documents()[1], "g")
    text = doc.text
    rnd = random.Random(11)
    hits = Context.for_document(doc).index.regions(0, len(text))
    assert len(hits) > 50
    names = [(text[h.start - 2 : h.end + 6], h.start - 2) for h in rnd.sample(hits, 50) if h.start >= 2]
    for _ in range(100):  # random slices: most name no place
        at = rnd.randrange(len(text) - 30)
        names.append((text[at : at + rnd.randint(2, 30)], at))
    located = 0
    for name, start in names:
        once, twice = Context.for_document(doc), Context.for_document(doc)
        for ctx, n in ((once, 1), (twice, 2)):
            for _ in range(n):
                _plain_locate_by_name(ctx, "p1", name, start)
        a, b = once.fb.build(), twice.fb.build()
        located += bool(a.relations)
        assert (a.nodes, a.relations, a.mentions) == (b.nodes, b.relations, b.mentions)
        assert [r.props for r in a.relations] == [r.props for r in b.relations]
    assert located > 30  # the names do locate


def test_place_in_name_is_the_plain_rule() -> None:
    rnd = random.Random(23)
    for k, text in enumerate(_documents()):
        doc = structure_text(text, f"d{k}")
        for scope in (doc.meta.region, None, "济南市", "山东省", "上海市"):  # no scope, a city, provinces
            ctx = Context.for_document(replace(doc, meta=replace(doc.meta, region=scope)))
            hits = ctx.index.regions(0, len(text))
            spans = [(h.start - rnd.randint(0, 4), h.end + rnd.randint(0, 8)) for h in hits[:400]]
            spans += [
                (a, a + rnd.randint(1, 30)) for a in (rnd.randrange(len(text) - 30) for _ in range(200))
            ]
            for a, b in spans:
                a = max(a, 0)
                for name, at in ((text[a:b], a), (text[a:b] + "区", a), ("鲁南" + text[a:b] + "黄河流域", a)):
                    assert nodes._place_in_name(ctx, name, at) == _plain_place_in_name(ctx, name, at)


# --- the mentions' order ------------------------------------------------------------------------------


def test_sorted_mentions_in_buckets_is_one_sort() -> None:
    from core.model import Mention
    from ingest.facts import _sorted_by_sentence

    rnd = random.Random(9)
    alphabet = "sentc:0af氢能 \x00"
    cases: list[set[tuple[str, str]]] = [set()]
    for doc in _documents():  # real ids: one type prefix, hash digits
        facts = extract_facts(structure_text(doc, "d"))
        cases.append({(m.sentence, m.node) for m in facts.mentions})
    # arbitrary strings, shorter and longer than the bucket width, shared and differing prefixes
    cases.append(
        {("".join(rnd.choices(alphabet, k=rnd.randrange(16))), str(rnd.randrange(5))) for _ in range(3000)}
    )
    for pairs in cases:
        added = list(pairs)
        rnd.shuffle(added)  # whatever order they were added in (FactsBuilder keeps that order)
        by_sentence: dict[str, dict[str, None]] = {}  # as FactsBuilder keeps them
        for s, n in added:
            by_sentence.setdefault(s, {})[n] = None
        assert _sorted_by_sentence(by_sentence) == [Mention(s, n) for s, n in sorted(pairs)]
    assert len(cases[1]) > 1000
