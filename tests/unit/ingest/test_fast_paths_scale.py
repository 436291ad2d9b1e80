"""Fast paths that keep the cost per character flat as a document grows give what the plain code gives."""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Any

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


def test_joined_props_merge_as_the_split_of_the_whole_value() -> None:
    """Designations, roles and vias stated again and again, with repeats, separators inside values,
    empty parts, non-string values, keys first stated as None and values replaced between merges."""
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
