"""Fast paths of the context and of the mentions pass give what the plain definitions give."""

from __future__ import annotations

import random
from pathlib import Path

from core.model import DocumentFacts
from ingest.decode import decode_bytes
from ingest.extract import PASSES, mentions
from ingest.extract.context import Context
from ingest.extract.lookups import regions_in
from ingest.extract.nodes import agency, chain_node, region_node
from ingest.reader import structure_text

ROOT = Path(__file__).resolve().parents[3]
# Two styles: a seed (one paragraph per line, 专栏 boxes) and a layout fixture (numbered blocks);
# plus hits that cross sentence bounds (a chain name cut by 。) and a zone running on past a region.
TEXTS = [
    decode_bytes((ROOT / "seeds" / "000_13d8c6c333fd099f.txt").read_bytes(), "seed").text,
    (ROOT / "tests" / "fixtures" / "layout_chongqing.txt").read_text(encoding="utf-8"),
    "青岛市发展氢能。产业链延伸到济南高新区和黄岛区。\n市发展改革委牵头，省科技厅配合。新能\n源汽车。",
]


def _plain_mentions(ctx: Context) -> None:
    """The mentions pass as it was first written: every hit through the node helpers."""
    for sent in ctx.doc.sentences:
        for hit in regions_in(ctx, sent.text, sent.start):
            region_node(ctx, hit, (hit.start, hit.end))
        for ch in ctx.index.chains_at(sent.start, sent.end):
            chain_node(ctx, ch.canonical, (ch.start, ch.end), ch.surface)
        for ag in ctx.index.agencies_at(sent.start, sent.end):
            agency(ctx, ag.surface, (ag.start, ag.end))


def _facts(text: str, last: object) -> DocumentFacts:
    ctx = Context.for_document(structure_text(text, "t"))
    for run in PASSES[:-1]:
        run(ctx)
    last(ctx)  # type: ignore[operator]
    return ctx.fb.build()


def test_hits_by_span_are_the_hits_within_each_span() -> None:
    rnd = random.Random(7)
    for text in TEXTS:
        ctx = Context.for_document(structure_text(text, "t"))
        ix, n = ctx.index, len(ctx.doc.text)
        sentences = [(s.start, s.end) for s in ctx.doc.sentences]
        cuts = sorted(rnd.sample(range(1, n), min(n - 1, 300)))  # disjoint spans cutting names
        pieces = list(zip([0, *cuts], [*cuts, n], strict=True))
        shuffled = rnd.sample(sentences, len(sentences))  # out of order: the per-span path
        for spans in (sentences, pieces, pieces[::3], shuffled, [(0, n)], []):
            got = list(ix.in_spans(spans))
            want = [(ix.regions(s, e), ix.chains_at(s, e), ix.agencies_at(s, e)) for s, e in spans]
            assert got == want


def test_mentions_pass_records_what_the_node_helpers_record() -> None:
    for text in TEXTS:
        fast, plain = _facts(text, mentions.extract_mentions), _facts(text, _plain_mentions)
        assert fast.mentions == plain.mentions and fast.mentions
        assert [(n.id, n.name, n.aliases, n.props) for n in fast.nodes] == [
            (n.id, n.name, n.aliases, n.props) for n in plain.nodes
        ]
        assert fast.relations == plain.relations


def test_folding_a_text_of_one_to_one_characters_is_folding_char_by_char() -> None:
    """gazetteer.fold's fast path (NFKC keeps the length): whitespace of every kind dropped."""
    from ingest.gazetteer import _fold_slow, fold

    rnd = random.Random(5)
    pool = [*"中文产业链氢能，。（）—－–＋·ＡＢ１２ab \n\t\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u2029\u2003\u3000"]
    for _ in range(3000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 40)))
        folded, idx = fold(s)
        assert (folded, list(idx)) == _fold_slow(s)


def test_matches_map_back_through_the_dropped_whitespace_as_through_the_char_map() -> None:
    from ingest import gazetteer

    rnd = random.Random(6)
    words = ["青岛市", "黄岛区", "氢能", "新能源汽车", "储能", "山东省", "，", "。", "发展", "a1"]
    spaces = [" ", "\n", "\u3000", "  ", "\t\n"]
    for matcher in (gazetteer._regions().matcher, gazetteer._chains().matcher):
        for _ in range(300):
            parts = [
                rnd.choice(words) + (rnd.choice(spaces) if rnd.random() < 0.4 else "") for _ in range(12)
            ]
            text = "".join(parts)
            folded, chars = gazetteer._fold_slow(text)
            want = [
                (chars[s], chars[e - 1] + 1, matcher.payloads[p])
                for p, s, e in matcher._ac.find_matches_as_indexes(folded)
            ]
            assert matcher.find(text) == want


def test_sentence_quotes_are_the_line_maps_quotes_whatever_the_line_order() -> None:
    """FactsBuilder's one-line slices and bisected runs quote what LineMap.quote quotes, also where
    the line numbers of a span go back (a map not made by normalise)."""
    from dataclasses import replace

    from ingest.facts import FactsBuilder
    from ingest.models import LineMap

    rnd = random.Random(8)
    for text in TEXTS:
        doc = structure_text(text, "t")
        lm = doc.line_map
        lines = list(lm.lines)
        for i in rnd.sample(range(len(lines)), min(len(lines), 40)):  # a line number here and there
            lines[i] = rnd.randint(1, len(lm.source_lines))
        for line_map in (lm, LineMap(tuple(lines), lm.cols, lm.source_lines)):
            d = replace(doc, line_map=line_map)
            records = FactsBuilder(d).facts.sentences
            assert len(records) == len(d.sentences) > 3
            for r in records:
                q = line_map.quote(r.start, r.end)
                assert (r.line, r.line_end, r.quote) == (q.line, q.line_end, q.text)


def test_task_end_test_in_place_is_the_test_of_the_rest_of_the_paragraph() -> None:
    import re

    from ingest.clauses import _ends_task

    closing = re.compile(r"^[。；;，,\s]*$")
    rnd = random.Random(9)
    pool = [*"。；;，, \u3000\t氢能）(a"]
    for _ in range(3000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(0, 12)))
        pos = rnd.randint(0, len(text))
        end = rnd.randint(pos, len(text))
        rest = text[pos:end]
        assert _ends_task(text, pos, end) == (bool(closing.match(rest)) or rest.startswith(("。", "；", ";")))


def test_the_word_test_of_a_loop_is_is_word() -> None:
    from ingest import nlp

    test = nlp.word_test()
    rnd = random.Random(10)
    pool = [*"存储能力储能设施建设氢能源汽车新能源，。a1 "]
    for _ in range(2000):
        text = "".join(rnd.choice(pool) for _ in range(rnd.randint(2, 18)))
        start = rnd.randint(0, len(text) - 2)
        end = rnd.randint(start + 1, min(len(text), start + 3))
        assert test(text, start, end) == nlp.is_word(text, start, end)


def test_mentions_and_relations_cite_the_sentences_their_spans_overlap() -> None:
    """FactsBuilder.mention and relate with sentences_for's fast test inline, against a builder
    asked for each span afresh (spans inside one sentence, across several, repeated, going back)."""
    from core.model import Label, Rel
    from ingest.facts import FactsBuilder

    rnd = random.Random(12)
    for text in TEXTS:
        doc = structure_text(text, "t")
        n = len(doc.text)
        fb = FactsBuilder(doc)
        nid = fb.entity(Label.CHAIN, "氢能")
        other = fb.entity(Label.REGION, "青岛市")
        expected: set[tuple[str, str]] = set()
        cited: list[tuple[str, ...]] = []
        for k in range(400):
            start = rnd.randrange(n - 1)
            end = min(n, start + rnd.choice((1, 2, 5, 30, 200)))
            fresh = FactsBuilder(doc).sentences_for(start, end)
            fb.mention(nid, (start, end))
            expected |= {(sid, nid) for sid in fresh}
            fb.relate(Rel.PART_OF, other, f"chain:{k}", (start, end))
            cited.append(fresh)
        assert set(fb.mention_pairs()) == expected
        assert [r.sentences for r in fb.facts.relations] == cited
