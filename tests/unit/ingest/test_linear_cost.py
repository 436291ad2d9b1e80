"""Cost linear in the document: a synthetic plan of n and of 4n sections, the work counted, not timed.

The work is the number of Python lines executed (``sys.settrace`` line events, which also fire once
per iteration of a comprehension or generator expression), so a scan over every heading for every
sentence shows up as a count growing with n², whatever the machine's load. Linear passes give a
ratio of about 4 between the two sizes; a quadratic one, 16 once it dominates. The bound (5) leaves
room for per-document constants and hash-table resizing, and little for an n² term: with the
quadratic spots that were removed from ingest (backward heading scans in structure, parent /
sibling / child scans over all headings, sentence-in-section scans in carriers, whole-text counts
per item) the ratios were 11.5 (structure) and 9.6 (extraction); without them, 4.0 and 4.0.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from ingest.extract import extract_facts
from ingest.normalise import normalise
from ingest.reader import structure_text
from ingest.structure import structure

_CN = "一二三四五六七八九"
_CITIES = ("青岛市", "烟台市", "潍坊市", "济南市", "淄博市", "威海市")
_CHAINS = ("氢能", "集成电路", "新能源汽车", "生物医药", "高端装备", "新材料")


def _plan(n: int) -> str:
    """n sections, each with sub-headings, a focus list, a carrier title and a few sentences."""
    lines = ["青岛市氢能产业发展规划（2021—2025年）"]
    for i in range(n):
        city, chain = _CITIES[i % len(_CITIES)], _CHAINS[i % len(_CHAINS)]
        lines += [
            f"{_CN[i % 9]}、{chain}产业第{i}项任务",
            f"（一）建设{city}{chain}创新中心{i}号",
            f"依托{city}高新区建设{chain}产业园。到2025年，{chain}产业规模达到{100 + i}亿元。",
            "（二）发展重点",
            f"1．{chain}装备",
            f"2．{chain}材料",
            f"支持{city}{chain}示范基地、{city}{chain}研究院等载体建设（市发展改革委牵头，市工业和信息化局配合）。",
        ]
    return "\n".join(lines) + "\n"


def _count_lines(fn: Callable[[], Any]) -> int:
    count = 0

    def local(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        if event == "line":
            count += 1
        return local

    def global_(frame: FrameType, event: str, arg: Any) -> Any:
        return local

    old = sys.gettrace()
    sys.settrace(global_)
    try:
        fn()
    finally:
        sys.settrace(old)
    return count


N = 60
BOUND = 5.0


def test_structure_is_linear_in_headings() -> None:
    small, large = normalise(_plan(N)).text, normalise(_plan(4 * N)).text
    assert len(structure(large).headings) >= 4 * len(structure(small).headings) - 4
    ratio = _count_lines(lambda: structure(large)) / _count_lines(lambda: structure(small))
    assert ratio < BOUND, f"structure: work grows {ratio:.1f}x for 4x the headings"


def test_extraction_is_linear_in_document_size() -> None:
    small, large = (structure_text(_plan(k), f"linear{k}") for k in (N, 4 * N))
    extract_facts(structure_text(_plan(2), "warm-up"))  # dictionaries and automata load once
    ratio = _count_lines(lambda: extract_facts(large)) / _count_lines(lambda: extract_facts(small))
    assert ratio < BOUND, f"extraction: work grows {ratio:.1f}x for 4x the document"


def test_plan_is_read_as_intended() -> None:
    """The synthetic plan exercises the passes the test is about (headings, carriers, targets)."""
    facts = extract_facts(structure_text(_plan(6), "linear-check"))
    labels = {n.label.value if hasattr(n.label, "value") else str(n.label) for n in facts.nodes}
    assert len(facts.relations) > 10
    assert len(labels) >= 3


def _chars_split(fn: Callable[[], Any]) -> int:
    """Characters of the strings ``str.split`` is called on while ``fn`` runs (C calls are invisible
    to the line count)."""
    total = 0

    def profile(frame: FrameType, event: str, arg: Any) -> None:
        nonlocal total
        if event == "c_call" and getattr(arg, "__name__", "") == "split" and isinstance(arg.__self__, str):
            total += len(arg.__self__)

    old = sys.getprofile()
    sys.setprofile(profile)
    try:
        fn()
    finally:
        sys.setprofile(old)
    return total


def test_a_designation_stated_again_and_again_is_merged_in_linear_work() -> None:
    """A city's DESIGNATED_FOR a chain stated by n bases joins their n names: merging one more must
    not split the whole joined value again (that made a 20 MB plan's merges quadratic)."""
    from core.model import Label, Rel
    from ingest.facts import FactsBuilder

    doc = structure_text("青岛市建设氢能基地。", "joined")
    span = (doc.sentences[0].start, doc.sentences[0].end)

    def merges(n: int) -> Callable[[], Any]:
        fb = FactsBuilder(doc)
        city, chain = fb.entity(Label.REGION, "青岛市"), fb.entity(Label.CHAIN, "氢能")

        def run() -> None:
            for i in range(n):
                props = {"role": "基地", "designation": f"青岛第{i}氢能基地"}
                fb.relate(Rel.DESIGNATED_FOR, city, chain, span, props=props)

        return run

    small, large = _chars_split(merges(N)), _chars_split(merges(4 * N))
    assert large < BOUND * max(small, 1), f"joined props: split work grows {large / max(small, 1):.1f}x"


def test_text_count_reads_a_window_of_a_long_text_and_all_of_a_plan() -> None:
    """lookups.text_count (is a site word used on its own?) counted in the whole text for every
    distinct string, quadratic in a long text; now: all of a plan, a bounded window of a longer one."""
    from types import SimpleNamespace

    from ingest.extract.lookups import COUNT_WINDOW, text_count

    def ctx(text: str) -> Any:
        doc = structure_text(text, "count")  # a real document: compiled code checks the type
        assert doc.text == text
        return SimpleNamespace(doc=doc, text_counts={})

    plan = "杨浦湾谷建设。" + "发展产业。" * 2000 + "湾谷科技园。"
    assert len(plan) <= COUNT_WINDOW
    for at in (0, len(plan) // 2, len(plan) - 1):
        assert text_count(ctx(plan), "湾谷", at) == plan.count("湾谷") == 2
    filler = "发展产业。" * (COUNT_WINDOW // 5)
    long = "杨浦湾谷建设。" + filler * 3 + "湾谷科技园。"  # 3+ windows long
    c = ctx(long)
    assert text_count(c, "湾谷", 0) == 1  # the one at the end is far away
    assert text_count(c, "湾谷", len(long) - 3) == 1
    assert text_count(c, "湾谷", len(long) // 2) == 0
    for at in range(0, len(long), COUNT_WINDOW // 3):  # the window always holds `at` and its neighbourhood
        near = long[max(0, at - COUNT_WINDOW // 4) : at + COUNT_WINDOW // 4]
        assert text_count(ctx(near), "湾谷", 0) <= text_count(ctx(long), "湾谷", at)
