"""Fast paths for texts of many short lines (generated plans: headings, items, 专栏 boxes) give what
the plain code gives.

Texts: the development documents, generated plans (dense, templated), and random mixes of the
characters each path treats specially.
"""

from __future__ import annotations

import bisect
import random
import re
from functools import cache

from ingest import gazetteer, lexicon
from ingest.folding import Shifts, _fold_chars, _fold_slow, fold
from ingest.lexicon import RegionHit

_WS_RUN = re.compile(r"\s+")


@cache
def _documents() -> tuple[str, ...]:
    from benchmarks import _corpus
    from benchmarks.bench_structure import dev_text
    from ingest.normalise import normalise

    texts = (dev_text(), _corpus.document("g", 5, 60_000).text, _corpus.document("g", 11, 30_000).text)
    return (*texts, *(normalise(t).text for t in texts))


def _plain_fold(text: str) -> tuple[str, list[int]]:
    """fold's char-for-char case as first written: one regex scan for the whitespace runs."""
    t = _fold_chars(text)
    idx: list[int] = []
    pos = 0
    for m in _WS_RUN.finditer(t):
        idx.extend(range(pos, m.start()))
        pos = m.end()
    idx.extend(range(pos, len(t)))
    return "".join(t.split()), idx


def _offsets(text: str) -> tuple[str, list[int]]:
    folded, idx = fold.__wrapped__(text)
    got = list(idx)
    if isinstance(idx, Shifts):  # its inline form (Matcher._mapped) reads .at and .shift
        assert got == [f + idx.shift[bisect.bisect_right(idx.at, f)] for f in range(len(folded))]
    return folded, got


def test_fold_without_a_whitespace_scan_is_the_scan() -> None:
    rnd = random.Random(14)
    pool = [*"中文产业链氢能，。（）—－–＋·ＡＢ１２", " ", "\n", "\t", "\u3000", "\u2003", "  ", "\n\n"]
    texts = ["", " ", "\n", "a", " a", "a ", " a ", "a b", "a  b", "\n\na\n", "氢能\n产业\n"]
    texts += ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 30))) for _ in range(4000)]
    texts += list(_documents())
    texts += [t[i : i + 300] for t in _documents() for i in range(0, len(t), 997)]
    single = 0
    for text in texts:
        if len(_fold_chars(text)) != len(text):
            continue  # fold's other path (NFKC lengthens a char)
        assert _offsets(text) == _plain_fold(text), repr(text[:60])
        assert _plain_fold(text) == _fold_slow(text)
        single += all(len(m.group()) == 1 for m in _WS_RUN.finditer(text)) and " " in text
    assert single > 100  # the single-run path was taken, not only the scan


# --- region hits: one record per hit -----------------------------------------------------------------


def _plain_find_regions(text: str, scope: RegionHit | None) -> list[RegionHit]:
    """lexicon.find_regions as first written: a RegionMatch per match, then its RegionHit."""
    context = scope.code if scope else None
    province = scope.code[:2] if scope and scope.code else None
    out: list[RegionHit] = []
    prev: RegionHit | None = None
    for m in gazetteer.find_regions(text, context):
        h: RegionHit | None = None
        if m.region is not None and (m.zone is None or not m.zone.inferred):
            r = m.region
            h = RegionHit(m.start, m.end, r.code, r.name, m.surface, r.level, lexicon._ancestry(r.code))
        elif m.zone is not None:
            z = m.zone
            parent = gazetteer.region(z.parent) if z.parent else None
            up = ((parent.code, parent.name, parent.level), *lexicon._ancestry(parent.code)) if parent else ()
            h = RegionHit(m.start, m.end, None, z.name, m.surface, "zone", up)
        if h is not None and lexicon._plausible(h, prev, province):
            out.append(h)
        prev = h
    return out


def test_region_hits_without_a_match_record_are_the_hits_of_the_records() -> None:
    scopes = [None, *(lexicon.region_by_name(n) for n in ("上海市", "济南市", "山东省", "孝感市", "枣庄市"))]
    rnd = random.Random(3)
    words = ["济南", "市中区", "河东区", "临沂", "高新区", "经开区", "青岛西海岸新区", "浦东新区", "孝感",
             "江苏", "苏州工业园区", "金坛区", "大新", "五大新兴", "建设", "，", "。", " ", "\n"]  # fmt: skip
    texts = ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 12))) for _ in range(1500)]
    texts += list(_documents())
    texts += [t[i : i + 200] for t in _documents() for i in range(0, len(t), 1499)]
    seen_zone = seen_region = 0
    for text in texts:
        for scope in scopes:
            got = lexicon.find_regions(text, scope)
            assert got == _plain_find_regions(text, scope), (text[:60], scope)
            seen_zone += sum(h.level == "zone" for h in got)
            seen_region += sum(h.level != "zone" for h in got)
        # the record form is the tuple form, field for field
        assert [tuple(vars(m).values()) for m in gazetteer.find_regions(text)] == [
            tuple(m) for m in gazetteer.region_matches(text)
        ]
    assert seen_zone > 50 and seen_region > 500
