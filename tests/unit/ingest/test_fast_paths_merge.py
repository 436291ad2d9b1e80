"""Evidence kept compactly gives what the plain code gives: a relation's merged by a scan of its few
sentences, or by its set once it has many, is the plain merge; mentions kept by sentence are the pairs."""

from __future__ import annotations

import random

from core.model import Label, Rel
from ingest import facts
from ingest.facts import FactsBuilder
from ingest.reader import structure_text


def test_evidence_merged_below_and_past_the_scan_bound_is_the_plain_merge() -> None:
    doc = structure_text("".join(f"第{i}句讲氢能和储能。" for i in range(60)), "t")
    spans = [(s.start, s.end) for s in doc.sentences]
    rnd = random.Random(8)
    past = 0
    for trial in range(60):
        fb = FactsBuilder(doc)
        ends = [fb.entity(Label.REGION, f"地{i}") for i in range(4)]
        plain: dict[tuple[Rel, str, str], list[str]] = {}
        # few statements per relation (the scan), some with many (past _SCAN_UP_TO: the set)
        for _ in range(rnd.choice((3, 20, 200))):
            src, dst = rnd.sample(ends, 2)
            rtype = rnd.choice((Rel.LOCATED_IN, Rel.PART_OF))
            # one span, or several (sentences repeated across them), often one already stated
            picked = [rnd.choice(spans[: rnd.choice((2, 12, 60))]) for _ in range(rnd.choice((1, 1, 2, 3)))]
            fb.relate(rtype, src, dst, *picked)
            sids = [sid for s in picked for sid in fb.sentences_for(*s)]
            key = (rtype, src, dst)
            plain[key] = list(dict.fromkeys(plain.get(key, []) + sids))
        got = {(r.type, r.src, r.dst): list(r.sentences) for r in fb.build().relations}
        assert got == plain, trial
        past += max(map(len, got.values())) > facts._SCAN_UP_TO
    assert past >= 10  # relations merged past the bound, by their set


def test_mentions_kept_by_sentence_are_the_sorted_distinct_pairs() -> None:
    """mention (spans inside a sentence, across several, far back) and add_mention (the sentence's id,
    or an equal id of another object) interleaved: build() gives every distinct pair once, sorted."""
    from core.model import Mention

    doc = structure_text("".join(f"第{i}句讲氢能和储能。" for i in range(80)), "t")
    n = len(doc.text)
    rnd = random.Random(12)
    for trial in range(40):
        fb = FactsBuilder(doc)
        nodes = [fb.entity(Label.REGION, f"地{i}") for i in range(rnd.choice((1, 3, 40)))]
        plain = {(sid, nid) for sid, nid in fb.mention_pairs()}
        at = 0
        for _ in range(rnd.choice((0, 5, 400))):
            nid = rnd.choice(nodes)
            at = rnd.randrange(n) if rnd.random() < 0.1 else min(n - 1, at + rnd.randrange(12))
            if rnd.random() < 0.3:
                sid = fb.sentence_id(rnd.choice(doc.sentences).index)
                fb.add_mention("".join(list(sid)) if rnd.random() < 0.5 else sid, nid)
                plain.add((sid, nid))
            else:
                span = (at, min(n, at + rnd.choice((1, 4, 30))))
                fb.mention(nid, span)
                plain |= {(sid, nid) for sid in fb.sentences_for(*span)}
        assert set(fb.mention_pairs()) == plain
        assert fb.build().mentions == [Mention(s, x) for s, x in sorted(plain)], trial
