"""Fast paths that keep the cost per character flat as a document grows give what the plain code gives."""

from __future__ import annotations

import bisect
import random
from dataclasses import replace
from typing import Any

import pytest

from core.model import Label, Rel
from ingest.facts import _JOINED, FactsBuilder
from ingest.reader import structure_text


def _plain_merge(props: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """The merge of a relation's props stated again (the first-written rule: split the joined value)."""
    merged = dict(props)
    for k, v in new.items():
        old = merged.get(k)
        if old is None:
            pass
        elif k in _JOINED and v is not None and v != old:
            sep = _JOINED[k]
            v = old if str(v) in str(old).split(sep) else f"{old}{sep}{v}"
        else:
            continue
        merged[k] = v
    return merged


@pytest.mark.parametrize("split_up_to", [-1, 12, 512])
def test_joined_props_merge_as_the_split_of_the_whole_value(split_up_to: int, monkeypatch: Any) -> None:
    """Designations, roles and vias stated again and again, with repeats, separators inside values,
    empty parts, non-string values, keys first stated as None and values replaced between merges;
    the parts kept for every value, for values past a dozen chars, and (the default) past 512."""
    from ingest import facts

    monkeypatch.setattr(facts, "_SPLIT_UP_TO", split_up_to)
    text = "".join(f"第{i}句讲氢能。" for i in range(40))
    doc = structure_text(text, "t")
    spans = [(s.start, s.end) for s in doc.sentences]
    rnd = random.Random(5)
    words = ["基地", "产业园", "示范区", "基地；产业园", "", "、", "园区、基地", "集群", 7, "7"]
    for trial in range(30):
        fb = FactsBuilder(doc)
        ends = [fb.entity(Label.REGION, f"地{i}") for i in range(3)]
        chain = fb.entity(Label.CHAIN, "氢能")
        plain: dict[tuple[Rel, str, str], dict[str, Any]] = {}
        for _ in range(300):
            src = rnd.choice(ends)
            rtype = rnd.choice((Rel.DESIGNATED_FOR, Rel.LOCATED_IN))
            props = {
                k: rnd.choice([*words, None])
                for k in rnd.sample(["designation", "role", "via", "level"], rnd.randint(0, 4))
            }
            if plain and rnd.random() < 0.05:  # a value set outside relate: the kept parts are stale
                at = rnd.randrange(len(fb.facts.relations))
                r = fb.facts.relations[at]
                fb.facts.relations[at] = replace(r, props={**r.props, "designation": "外来；基地"})
                plain[(r.type, r.src, r.dst)]["designation"] = "外来；基地"
            fb.relate(rtype, src, chain, rnd.choice(spans), props=props)
            key = (rtype, src, chain)
            plain[key] = _plain_merge(plain[key], props) if key in plain else dict(props)
        got = {(r.type, r.src, r.dst): r.props for r in fb.build().relations}
        assert got == plain, trial


def _matchers() -> dict[str, Any]:
    from ingest import agencies, gazetteer

    return {
        "regions": gazetteer._regions().matcher,
        "chains": gazetteer._chains().matcher,
        "agencies": agencies._data().matcher,
    }


def _plain_find(m: Any, text: str) -> list[tuple[int, int, Any]]:
    """One search of the whole folded text, each match mapped through the offsets (the definition)."""
    from ingest.folding import fold

    folded, idx = fold(text)
    return [(idx[s], idx[e - 1] + 1, m.payloads[p]) for p, s, e in m._ac.find_matches_as_indexes(folded)]


def _texts() -> list[str]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text

    rnd = random.Random(3)
    keys = [k for m in _matchers().values() for k in rnd.sample(m.keys, 60)]
    # keys, the separator, whitespace (dropped by folding: Shifts) and chars NFKC lengthens (…, ㈠: a list)
    pool = [*keys, "。", "。", "，", " ", "\n", "\u3000", "的", "市", "…", "㈠", "Ａ"]
    mixed = ["".join(rnd.choice(pool) for _ in range(rnd.randint(300, 900))) for _ in range(40)]
    return [dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 8, 20_000).text, *mixed]


def test_matching_in_pieces_finds_what_one_search_of_the_whole_text_finds(monkeypatch: Any) -> None:
    """Pieces cut after the separator (a key across a cut, matches at a piece's first and last char,
    texts with dropped whitespace and lengthened chars) for piece sizes down to a few chars."""
    from ingest import folding

    matchers = _matchers()
    assert all(m._cuts for m in matchers.values())
    texts = _texts()
    pieces = 0
    for size in (3, 40, 1000, folding._PIECE):
        monkeypatch.setattr(folding, "_PIECE", size)
        for text in texts if size > 3 else texts[3:]:
            pieces += len(folding.fold(text)[0]) > 2 * size
            for name, m in matchers.items():
                assert m.find(text) == _plain_find(m, text), (name, size, text[:40])
    assert pieces > 100  # the texts were cut


def test_box_heads_index_is_the_scan_of_the_heads_while_chain_names_change() -> None:
    """boxes._HeadChains.named against the scan of the heads, on a seed and on a generated plan,
    with names changed between look-ups (a head renamed, a head named twice, a new chain named)."""
    from pathlib import Path

    from benchmarks import _corpus
    from ingest.extract import PASSES, boxes
    from ingest.extract.context import Context

    seed = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))[0]
    texts: list[str | bytes] = [seed.read_bytes(), _corpus.document("g", 3, 30_000).text]
    rnd = random.Random(9)
    checked = 0
    for text in texts:
        ctx = Context.for_document(structure_text(text, "t"))
        for run in PASSES[: PASSES.index(boxes.extract_boxes)]:
            run(ctx)
        index = boxes._HeadChains(ctx)
        heads = boxes.heading_chains(ctx)
        assert len(heads) > 3
        names = [*ctx.chain_names.values(), "不是产业链的名字"]
        for step in range(400):
            name = rnd.choice(names)
            assert index.named(name) == boxes._chain_in_doc_scan(ctx, heads, name)
            checked += 1
            if step % 7 == 0:  # a change: a head renamed (maybe to another head's name) or a new chain
                cid = rnd.choice([*heads, f"chain:new{step}"])
                new = rnd.choice([*names, f"新名{step}"])
                ctx.name_chain(cid, new)
                names.append(new)
    assert checked == 800


def _plain_sentences_for(fb: FactsBuilder, start: int, end: int) -> tuple[str, ...]:
    """FactsBuilder.sentences_for by its definition: every sentence overlapping [start, end)."""
    sents = fb.doc.sentences
    i = max(bisect.bisect_right([s.start for s in sents], start) - 1, 0)
    if sents and sents[i].start <= start and end <= sents[i].end:
        return (fb.sentence_id(sents[i].index),)
    return tuple(fb.sentence_id(s.index) for s in sents[i:] if s.start < end and s.end > start)


def test_sentences_for_bisecting_near_the_previous_span_is_the_bisection_of_all() -> None:
    """Spans mostly in text order (as passes make them), with jumps back and far ahead, spans across
    sentences, between them and past the text; on a seed and a generated plan."""
    from pathlib import Path

    from benchmarks import _corpus

    seed = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))[1]
    rnd = random.Random(4)
    checked = 0
    for text in (seed.read_bytes(), _corpus.document("g", 5, 20_000).text):
        doc = structure_text(text, "t")
        fb = FactsBuilder(doc)
        n = len(doc.text)
        at = 0
        for _ in range(3000):
            r = rnd.random()
            if r < 0.05:
                at = rnd.randrange(n)  # far, either way
            elif r < 0.1:
                at = max(0, at - rnd.randrange(200))  # back
            else:
                at += rnd.randrange(60)
            at = min(at, n + 5)
            end = at + rnd.choice((1, 3, 20, 90, 400))
            assert fb.sentences_for(at, end) == _plain_sentences_for(fb, at, end)
            checked += 1
    assert checked == 6000


def test_metadata_read_from_the_text_is_what_its_split_lines_give() -> None:
    """metadata.detect on the text against its definition on the text's lines (the first dozen
    stripped, the rest joined again): seeds, a generated plan, short, blank-led and empty texts."""
    from pathlib import Path

    from benchmarks import _corpus
    from ingest import metadata
    from ingest.models import DocumentMeta

    def plain(doc_id: str, paragraphs: list[str]) -> DocumentMeta:
        front = [p.strip() for p in paragraphs[: metadata._FRONT_PARAGRAPHS]]
        full = "\n".join(paragraphs)
        title = metadata._title(front)
        issuer, date = metadata._issuer_and_date(front)
        level, region = metadata._level_region(issuer, full, title)
        values = {"title": title, "issuer": issuer, "date": date, "level": level, "region": region,
                  "period": metadata._period(title, full)}  # fmt: skip
        sources = {k: "text" for k, v in values.items() if v is not None}
        return DocumentMeta(id=doc_id, sources=sources, **values)

    seeds = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))
    texts = [structure_text(p.read_bytes(), p.stem).text for p in seeds]
    texts += [
        _corpus.document("g", 2, 5_000).text,
        "",
        "\n",
        "上海市人民政府\n\n关于氢能产业的规划",
        "\n" * 30 + "规划",
    ]
    texts += [t[:k] for t in texts[:2] for k in (10, 200, 2000)]
    for text in texts:
        assert metadata.detect("d", text) == plain("d", text.split("\n"))
    assert sum(metadata.detect("d", t).title is not None for t in texts) > 3
