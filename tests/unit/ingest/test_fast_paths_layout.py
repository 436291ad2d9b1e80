"""Fast paths of the carrier, box and list passes and of structure give what the plain code gives.

Texts: the seeds (official style) and generated plans (dense, templated: many boxes and headings).
"""

from __future__ import annotations

import bisect
import random
import re
from functools import cache
from pathlib import Path

from ingest.models import StructuredDocument
from ingest.reader import structure_text

_SEEDS = Path(__file__).resolve().parents[3] / "seeds"


@cache
def _docs() -> tuple[StructuredDocument, ...]:
    from benchmarks import _corpus

    out = [structure_text(p.read_bytes(), p.stem) for p in sorted(_SEEDS.glob("*.txt"))]
    out += [structure_text(_corpus.document("g", seed, 30_000).text, f"g{seed}") for seed in (5, 11)]
    return tuple(out)


def _blocked_plain(doc: StructuredDocument) -> set[int]:
    """The section test carriers made per sentence: a bisection into the sections' starts."""
    parents = {c.parent for c in doc.headings}
    sections = [h.start for h in doc.headings if h.index in parents]
    out = set()
    for sent in doc.sentences:
        i = bisect.bisect_left(sections, sent.start)
        if i < len(sections) and sections[i] < sent.end:
            out.add(sent.index)
    return out


def test_section_sentences_are_the_sentences_a_per_sentence_bisection_blocks() -> None:
    from ingest.extract.carriers import _section_sentences
    from ingest.extract.context import Context

    blocked = 0
    for doc in _docs():
        got = _section_sentences(Context.for_document(doc))
        assert got == _blocked_plain(doc), doc.meta.id
        blocked += len(got)
    assert blocked > 20


def _joined_plain(name: str) -> bool:
    end = re.compile(
        r"(?:平台|创新中心|服务中心|中心|实验室|研究院|研究所|孵化器|基地|科技园|产业园|工业园|园区|航天城|"
        r"科学城|城|港|谷|区|园)$"
    )
    return any(end.search(name[: m.start()]) for m in re.finditer(r"和|与|及", name)) or bool(
        re.search(r"(?:和|与|及)$|^(?:和|与|及)", name)
    )


def test_joined_list_without_a_joining_word_is_never_a_list() -> None:
    from ingest.extract.carriers import _joined_list

    pool = ["和", "与", "及", "平台", "中心", "园", "区", "上海", "创新", "以及", "实验室", "x", " "]
    rnd = random.Random(7)
    names = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 6))) for _ in range(4000)]
    names += [s.text[:24] for doc in _docs() for s in doc.sentences]
    lists = 0
    for name in names:
        assert _joined_list(name) == _joined_plain(name), name
        lists += _joined_list(name)
    assert lists > 100


def test_carrier_patterns_opening_with_their_verbs_match_as_the_plain_ones() -> None:
    from ingest.extract import carriers

    verb = r"(?:建设|打造|建立|设立|搭建|组建|共建|建成|布局|构建)"
    build = re.compile(r"(?<!依托)" + verb + r"(?P<obj>[^，。；]{4,40}?)(?=[，。；]|$)")
    named_dev = re.compile(
        r"(?:大力)?(?:支持|推进|推动|加快|实施)(?P<list>[^，。；：]{4,90}?)(?:等(?P<kind>[^，。；、]{0,8}?))?"
        r"(?:组网建设|建设|研制|研发|部署)"
    )
    pool = ["依托", "依", "托", "建设", "打造", "布局", "大力", "大", "支持", "推进", "研制", "组网建设"]
    pool += [*"等，。；、：创新中心平台北斗卫星A号", "上海市", "六号", "星座"]
    rnd = random.Random(11)
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 16))) for _ in range(6000)]
    texts += [s.text for doc in _docs() for s in doc.sentences]
    found = 0
    for plain, fast in ((build, carriers._BUILD), (named_dev, carriers._NAMED_DEV)):
        for text in texts:
            want = [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            assert [(m.span(), m.groupdict()) for m in fast.finditer(text)] == want, text
            found += len(want)
    assert found > 2000
