"""Patterns rewritten to open with literal characters match exactly what their plain form matches.

`re` jumps to a pattern's possible first characters only when every branch opens with a literal; a
pattern that opens with a group of groups, a look-behind or an optional part is tried at every
position. Texts: the seeds and the Shanghai plans (official style), generated plans (dense,
templated) and random mixes of the pattern's own fragments.
"""

from __future__ import annotations

import random
import re
from functools import cache

from benchmarks import _corpus
from ingest.decode import decode_bytes


@cache
def _sentences() -> tuple[str, ...]:
    from ingest.reader import structure_text

    texts = [
        decode_bytes(p.read_bytes(), p.name).text
        for folder in _corpus.DEV_FOLDERS
        if folder.is_dir()
        for p in sorted(folder.glob("*.txt"))
    ]
    texts += [_corpus.document("g", seed, 30_000).text for seed in (5, 11)]
    out: list[str] = []
    for i, text in enumerate(texts):
        doc = structure_text(text, f"d{i}")
        out += [s.text for s in doc.sentences]
        out += [h.title for h in doc.headings]
    return tuple(out)


def _same_matches(plain: re.Pattern[str], fast: re.Pattern[str], texts: list[str]) -> int:
    found = 0
    for text in texts:
        want = [(m.span(), m.groups()) for m in plain.finditer(text)]
        assert [(m.span(), m.groups()) for m in fast.finditer(text)] == want, text
        for i in range(len(text)):  # search/match from every start, as callers slice or anchor
            a, b = plain.match(text, i), fast.match(text, i)
            assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (text, i)
        found += len(want)
    return found


def test_action_words_opening_with_literals_match_as_the_grouped_pattern() -> None:
    from ingest.extract.words import ACTION

    plain = re.compile(
        r"(加快|推进|推动|实施|强化|提升|建设|培育|支持|完善|加强|优化|坚持|构建|打造|深化|健全|发挥|拓展|"
        r"迈上|显著|更加|不断|全面|持续|形成|增强|营造|落实|开展|壮大|引领|突破|促进|做强|做优|组织|保障|"
        r"总体|主要|目标|原则|思想|(?:发展|现实|产业)基础|基础和|形势|要求|措施|任务|行业范围|标准|方向)"
    )
    pool = ["发展", "现实", "产业", "基础", "基础和", "和", "发", "展", "基", "础", "产", "业", "现"]
    pool += ["加快", "建设", "行业范围", "行业", "范围", "目标", "新能源", "汽车", "，", "。", "x", " "]
    rnd = random.Random(5)
    texts = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 10))) for _ in range(6000)]
    found = _same_matches(plain, ACTION, texts + list(_sentences()))
    assert found > 5000
    spelled = [m[0] for m in ACTION.finditer("夯实产业基础，现实基础和发展基础")]
    assert spelled == ["产业基础", "现实基础", "发展基础"]
