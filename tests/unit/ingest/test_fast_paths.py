"""Fast paths of the extraction give what the plain definitions give."""

from __future__ import annotations

import random
import sys
import unicodedata
from typing import Any

from core.model import _FOLD, _SPACE, Label, Rel, content_id, name_key, nfkc, sentence_id
from ingest.facts import FactsBuilder
from ingest.reader import structure_text


def _plain_name_key(s: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", s).translate(_FOLD))


def test_sentence_id_is_the_content_id_of_a_sentence() -> None:
    for doc, start, end in (("doc", 0, 5), ("上海-2023", 1234, 1290), ("x y", 7, 7)):
        assert sentence_id(doc, start, end) == content_id(Label.SENTENCE, doc, start, end)


def test_name_key_and_nfkc_match_unicode_normalisation() -> None:
    samples = [
        "苏州某某 FCP 氢能源设备项目",
        "（一）加快发展，１２３５ＧＷ",
        "em\u2003space\u3000ideographic",
        "e\u0301 combining and \uf98e compatibility 年",
        "한국어 \u1100\u1161 jamo",
    ]
    rnd = random.Random(11)
    pool = [*"中文产业链氢能，。（）—－–＋·ＡＢ１２ \u2003\u3000\u0301\u0308\u1100\u1161\uf98e\u3224"]
    samples += ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 12))) for _ in range(2000)]
    for s in samples:
        assert nfkc(s) == unicodedata.normalize("NFKC", s)
        assert name_key(s) == _plain_name_key(s)


def test_a_relation_stated_again_adds_only_new_sentences() -> None:
    text = "第一句讲氢能。第二句讲氢能。第三句讲氢能。"
    doc = structure_text(text, "t")
    fb = FactsBuilder(doc)
    a = fb.entity(Label.CHAIN, "氢能")
    b = fb.entity(Label.REGION, "上海")
    spans = [(s.start, s.end) for s in doc.sentences]
    fb.relate(Rel.IN_CHAIN, b, a, spans[0])
    fb.relate(Rel.IN_CHAIN, b, a, spans[1], spans[0])
    fb.relate(Rel.IN_CHAIN, b, a, spans[0])
    fb.relate(Rel.IN_CHAIN, b, a, spans[2])
    (rel,) = fb.build().relations
    assert rel.sentences == tuple(fb.sentence_at(s) for s, _ in spans)
    assert len(set(rel.sentences)) == 3


def test_folding_per_distinct_character_is_folding_char_by_char() -> None:
    from ingest.gazetteer import _fold_each, _fold_slow, fold

    rnd = random.Random(4)
    pool = [*"中文产业链氢能，。（）—－–＋· \n\tＡ１…\u2003\u3000\u0301\u00a8\u2474\u33a1\uf98e"]
    for _ in range(3000):
        s = "".join(rnd.choice(pool) for _ in range(rnd.randint(1, 40)))
        assert _fold_each(s) == _fold_slow(s)
    folded, idx = fold("建设…氢能 产业园")  # … folds to ... (three chars, one offset)
    assert folded == "建设...氢能产业园"
    assert idx[:5] == [0, 1, 2, 2, 2]


def test_box_chain_lookup_over_distinct_heading_chains_is_the_scan_of_all_headings() -> None:
    from pathlib import Path

    from ingest.extract import PASSES, boxes
    from ingest.extract.context import Context

    seeds = sorted((Path(__file__).resolve().parents[3] / "seeds").glob("*.txt"))
    checked = 0
    for path in seeds:
        ctx = Context.for_document(structure_text(path.read_bytes(), path.stem))
        for run in PASSES[: PASSES.index(boxes.extract_boxes)]:
            run(ctx)
        heads = boxes.heading_chains(ctx)
        for name in [*ctx.chain_names.values(), "不是产业链的名字"]:
            assert boxes._chain_in_doc_scan(ctx, heads, name) == boxes.chain_in_doc(ctx, name)
            checked += 1
    assert checked > 20


def test_fact_dataclasses_dict_init_builds_what_the_dataclass_init_would() -> None:
    """core.model._dict_init: same fields in order, keywords and defaults (a fresh factory value each
    time), still frozen, equal and hashed as the dataclass defines it (on the interpreted classes:
    the compiled build drops the decorator, tools/build_compiled.py)."""
    import dataclasses

    import pytest

    from tests.unit.sources import source_module

    model = source_module("core/model.py")
    Node, Relation = model.Node, model.Relation
    classes: tuple[Any, ...] = (Node, model.SentenceRecord, Relation, model.Mention)
    for cls in classes:
        fs = dataclasses.fields(cls)
        required = [
            f for f in fs if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        ]
        values = [f"v{i}" for i in range(len(required))]
        made = cls(*values)
        expected = {f.name: f"v{i}" for i, f in enumerate(required)}
        for f in fs[len(required) :]:
            expected[f.name] = f.default if f.default is not dataclasses.MISSING else f.default_factory()  # type: ignore[operator]
        assert list(vars(made)) == [f.name for f in fs] and vars(made) == expected
        # the instances' dicts share the class's key table (split dicts), not a copy each
        last = [cls(*values) for _ in range(20)][-1]
        assert sys.getsizeof(vars(last)) < sys.getsizeof(dict(vars(last)))
        assert made == cls(**{f.name: f"v{i}" for i, f in enumerate(required)}) and hash(made) == hash(
            cls(*values)
        )
        every = [f"w{i}" for i in range(len(fs))]
        assert vars(cls(*every)) == {f.name: v for f, v in zip(fs, every, strict=True)}
        with pytest.raises(dataclasses.FrozenInstanceError):
            made.x = 1
    a, b = Node(Label.CHAIN, "i", "n"), Node(Label.CHAIN, "i", "n")
    assert a.props == {} and a.props is not b.props  # a factory default per instance
    assert Relation(Rel.SERVES, "s", "d", ("x",)).props == {}
