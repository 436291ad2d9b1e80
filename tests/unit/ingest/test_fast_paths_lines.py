"""Fast paths for texts of many short lines (generated plans: headings, items, 专栏 boxes) give what
the plain code gives.

Texts: the development documents, generated plans (dense, templated), and random mixes of the
characters each path treats specially.
"""

from __future__ import annotations

import bisect
import dataclasses
import random
import re
from functools import cache

from ingest import gazetteer, lexicon
from ingest import normalise as normalise_mod
from ingest import structure as structure_mod
from ingest.folding import Shifts, _fold_chars, _fold_slow, fold
from ingest.lexicon import RegionHit
from ingest.models import Box, BoxItem, BoxLine, Clause, Heading, Paragraph, Warning_
from ingest.normalise import RUN_IN_START
from tests.unit.sources import on_sources

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
        # the record form is the tuple form, field for field (fields by name: a compiled record
        # has no instance dict)
        assert [
            tuple(getattr(m, f.name) for f in dataclasses.fields(m)) for m in gazetteer.find_regions(text)
        ] == [tuple(m) for m in gazetteer.region_matches(text)]
    assert seen_zone > 50 and seen_region > 500


# --- normalise: line widths measured only where asked ------------------------------------------------


def _plain_normalise(text: str) -> tuple[object, ...]:
    """normalise with every unpunctuated line measured up front (as first written)."""
    source = normalise_mod.split_lines(text)
    fullwidth = normalise_mod._FULLWIDTH_DIGIT.search(text) is not None
    kept, warnings = normalise_mod._keep_content_lines(source, fullwidth=fullwidth)
    kept = [ln if normalise_mod._terminal(ln) else ln._replace(width=normalise_mod._width(ln)) for ln in kept]
    wrapped, width = normalise_mod._layout(kept)
    paragraphs = normalise_mod._join(kept, wrapped, width, normalise_mod._indented(kept))
    out, line_map = normalise_mod._build(paragraphs, source)
    return out, line_map, tuple(warnings), wrapped, width


def _wrapped(text: str, width: int, indent: str) -> str:
    """``text``'s paragraphs hard-wrapped at ``width`` chars (a PDF's text layer), first lines indented."""
    out: list[str] = []
    for para in text.split("\n"):
        para = indent + para
        out += [para[i : i + width] for i in range(0, len(para), width)] or [""]
    return "\n".join(out)


def test_normalise_measuring_lines_on_demand_is_measuring_them_all() -> None:
    rnd = random.Random(8)
    texts = list(_documents()[:3])
    texts += [
        _wrapped(t[:20_000], w, ind) for t in _documents()[:3] for w, ind in ((30, ""), (38, "\u3000\u3000"))
    ]
    words = [
        "一、总体要求",
        "（一）",
        "1．",
        "专栏1",
        "重点项目",
        "氢能：A项目、B项目等。",
        "发展",
        "产业链",
        "。",
        "，",
        "ＡＢ",
        "１２",
        "目录",
    ]
    words += ["\n", "\n", "\u3000\u3000", "— 3 —", "http://x.cn"]
    texts += ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 60))) for _ in range(500)]
    wrapped = 0
    for text in texts:
        got = normalise_mod.normalise(text)
        plain = _plain_normalise(text)
        assert (got.text, got.line_map, got.warnings, got.wrapped, got.wrap_width) == plain
        assert got.line_map.ordered == plain[1].ordered  # type: ignore[attr-defined]
        wrapped += got.wrapped
    assert wrapped >= 4  # both layouts were read


# --- structure: heading parents, guards before the per-paragraph patterns -----------------------------


def _plain_detect_headings(b: structure_mod._Builder, start: int, end: int, para: str) -> None:
    """structure._detect_headings without its string tests before RUN_IN_START and the guard."""
    numbered = structure_mod._numbered_heading(b, start, end, para)
    body_from = start
    if numbered is not None:
        body_from = b.headings[numbered].end
    elif (m := RUN_IN_START.match(para)) and m.end() < len(para):
        b.add_heading(structure_mod.RUN_IN_LEVEL, "run-in", None, start, start + m.end(), True)
        body_from = start + m.end()
    if structure_mod._INLINE_SUB_GUARD.search(b.text, max(body_from - 1, 0), end):
        structure_mod._inline_subheads(b, body_from, end)


def _structure_texts() -> list[str]:
    rnd = random.Random(21)
    words = [
        "一、",
        "二、",
        "（一）",
        "(二)",
        "1.",
        "2．",
        "3、",
        "（1）",
        "(2)",
        "专栏1",
        "氢能。",
        "发展目标。",
        "。",
        "；",
        "：",
        "，",
        "（",
        "）",
        "(",
        ")",
        "产业",
        "建设",
    ]
    words += [
        "（1）工程机械。",
        "（2）动力装备。",
        "(1)工程机械。",
        "(2)动力装备。",
        "新能源汽车产业链",
        "氢能：A项目、B项目等。",
    ]
    words += ["\n", "\n", "\n", "  "]
    texts = [normalise_mod.normalise(t).text for t in _documents()[:3]]
    # run-in heads of every length around RUN_IN_START's bounds, with and without a body after them
    texts += [
        "\n".join(("产业链环节" * 4)[:n] + "。" + body for n in range(0, 20)) for body in ("", "加快发展。")
    ]
    texts += ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 80))) for _ in range(1500)]
    return [t for t in texts if t.strip()]


def test_structure_with_guards_and_a_parent_stack_is_the_plain_structure() -> None:
    texts = _structure_texts()
    fast = [structure_mod.structure(t) for t in texts]
    levels = set()
    for st in fast:  # parent: the latest heading before of a lower level (the definition)
        for h in st.headings:
            lower = [g.index for g in st.headings[: h.index] if g.level < h.level]
            assert h.parent == (lower[-1] if lower else None)
            levels.add(h.level)
    assert levels == {1, 2, 3, 4, 5}
    assert sum(len(st.headings) for st in fast) > 3000
    # the patched comparison runs on the sources: a compiled structure() would not see the patch
    compared, differing = on_sources(
        "tests.unit.ingest.test_fast_paths_lines:_structure_against_plain_detection"
    )
    assert (compared, differing) == (len(texts), [])


def _structure_against_plain_detection() -> tuple[int, list[int]]:
    """structure() with and without the guarded _detect_headings: how many texts, which differ."""
    texts = _structure_texts()
    fast = [structure_mod.structure(t) for t in texts]
    saved = structure_mod._detect_headings
    structure_mod._detect_headings = _plain_detect_headings  # type: ignore[assignment]
    try:
        return len(texts), [
            i for i, (t, st) in enumerate(zip(texts, fast, strict=True)) if structure_mod.structure(t) != st
        ]
    finally:
        structure_mod._detect_headings = saved


# --- TextIndex.in_spans: grouping with the hits' starts read from a list ------------------------------


def test_hits_grouped_by_span_are_within_each_span_with_cuts_at_every_char_of_a_name() -> None:
    """lexicon._group against its definition (_within per span), spans cut inside names (one char
    from either end included: the name spoils both spans) and sentences."""
    from ingest.extract.context import Context
    from ingest.reader import structure_text

    rnd = random.Random(2)
    for text in _documents()[:3]:
        ctx = Context.for_document(structure_text(text[:30_000], "t"))
        ix, n = ctx.index, len(ctx.doc.text)
        kinds = [
            (ix._regions, ix._region_starts),
            (ix._chains, ix._chain_starts),
            (ix._agencies, ix._agency_starts),
        ]
        runs = [[(s.start, s.end) for s in ctx.doc.sentences]]
        # hits many spans apart (the bisection of all spans) and one char per span (of a few)
        runs += [runs[0][::9], runs[0][::40], [(c, c + 1) for c in range(0, n, 3)]]
        for hits, _ in kinds:
            for h in rnd.sample([h for h in hits if h.end - h.start >= 3], 30):
                runs += [[(0, c), (c, n)] for c in range(h.start + 1, h.end)]
                runs += [
                    [(h.start - 2, c), (c, c + 1), (c + 1, h.end + 2)] for c in range(h.start, h.end - 1)
                ]
        for spans in runs:
            starts, ends = [s for s, _ in spans], [e for _, e in spans]
            for hits, hit_starts in kinds:
                want: dict[int, object] = {}
                for k, (s, e) in enumerate(spans):
                    got = lexicon._within(hits, hit_starts, s, e)
                    if got != []:
                        want[k] = got
                assert lexicon._group(hits, hit_starts, starts, ends) == want


# --- FactsBuilder.sentence_positions -------------------------------------------------------------------


def test_sentence_positions_are_where_sentence_at_finds_each_start() -> None:
    from dataclasses import replace

    from ingest.facts import FactsBuilder
    from ingest.reader import structure_text

    rnd = random.Random(6)
    docs = [structure_text(t[:40_000], "t") for t in _documents()[:3]]
    for doc in list(docs):
        sents = list(doc.sentences)
        # the same sentence twice (a start repeated), sentences out of order, and cut to overlap
        shorter = replace(sents[5], end=sents[5].end - 1, index=len(sents) + 9)  # same start, other id
        twice = [*sents[:5], shorter, *sents[5:]]
        shuffled = rnd.sample(sents, len(sents))
        cut = [
            replace(s, start=s.start + 1) if k % 7 == 3 and s.end - s.start > 2 else s
            for k, s in enumerate(sents)
        ]
        docs += [replace(doc, sentences=tuple(x)) for x in (twice, shuffled, cut)]
    for doc in docs:
        fb = FactsBuilder(doc)
        want = {fb.sentence_at(s.start): i for i, s in enumerate(doc.sentences)}
        assert fb.sentence_positions() == want


# --- clauses: each distinct clause parsed once ----------------------------------------------------------


def _plain_find_clauses(
    text: str, paragraphs: list[Paragraph], headings: list[Heading]
) -> tuple[object, ...]:
    """clauses.find_clauses as first written: every clause parsed where it stands."""
    from ingest import clauses

    starts = [p.start for p in paragraphs]
    heading_starts = [h.start for h in headings]
    found: list[Clause] = []
    warnings: list[Warning_] = []
    for m in clauses._PAREN_IN_LINE.finditer(text):
        para = paragraphs[bisect.bisect_right(starts, m.start()) - 1]
        parsed = clauses.parse_clause(m["body"], at_task_end=clauses._ends_task(text, m.end(), para.end))
        if parsed is None:
            continue
        form, leads, supports, responsible, open_ended = parsed
        h = bisect.bisect_right(heading_starts, m.start()) - 1
        task = headings[h].index if h >= 0 else None
        if task is None:
            warnings.append(Warning_("clause-unattached", f"no task heading for {m.group()}"))
        found.append(
            Clause(
                m.start(),
                m.end(),
                m.group(),
                form,
                leads,
                supports,
                responsible,
                open_ended,
                para.index,
                task,
            )
        )
    return tuple(found), tuple(warnings)


def test_clauses_parsed_once_each_are_the_clauses_parsed_where_they_stand() -> None:
    from ingest import clauses

    texts = [normalise_mod.normalise(t).text for t in _documents()[:3]]
    # the same body at a task's end and not (a bare list counts only there), before any heading
    texts.append(
        "（市科技局）说明。\n一、任务\n加快建设（市科技局）。\n推进（市科技局）工作，（市发展改革委牵头）"
    )
    total = 0
    for text in texts:
        st = structure_mod.structure(text)
        paragraphs, headings = list(st.paragraphs), list(st.headings)
        got = clauses.find_clauses(text, paragraphs, headings)
        assert got == _plain_find_clauses(text, paragraphs, headings) == (st.clauses, st.warnings)
        total += len(got[0])
    assert total > 300


# --- structure: a box line's items by str.split ---------------------------------------------------------


def _plain_box_items(text: str, body_start: int, body_end: int) -> list[BoxItem]:
    """The items of a box line's body as first written: a scan for each 、, blanks trimmed by hand."""
    items: list[BoxItem] = []
    item_start = body_start
    cuts = [j - 1 for j in structure_mod._after_each(text, "、", body_start, body_end)]
    for i in [*cuts, body_end]:
        s, e = item_start, i
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            items.append(BoxItem(text[s:e], s, e))
        item_start = i + 1
    return items


def test_box_line_items_split_on_the_list_mark_are_the_items_scanned_for() -> None:
    rnd = random.Random(9)
    pool = [
        "氢能",
        "：",
        ":",
        "A项目",
        "B产业园",
        "、",
        "、",
        " ",
        "\u3000",
        "\t",
        "等",
        "3个",
        "。",
        "；",
        "，",
    ]
    lines = ["".join(rnd.choice(pool) for _ in range(rnd.randint(1, 25))) for _ in range(4000)]
    lines += [p for t in _documents()[:3] for p in normalise_mod.normalise(t).text.split("\n") if "：" in p]
    checked = 0
    for line in lines:
        text = "前文\n" + line + "\n后文"
        start, end = 3, 3 + len(line)
        got = structure_mod._parse_box_line(text, start, end)
        m = structure_mod._BOX_LINE.match(text, start, end)
        if got is None:
            continue
        assert m is not None
        body_end = end
        while body_end > m.start("body") and text[body_end - 1] in "。；;，, ":
            body_end -= 1
        tail = structure_mod._OPEN_END.search(text, m.start("body"), body_end)
        body_end = tail.start() if tail else body_end
        assert list(got.items) == _plain_box_items(text, m.start("body"), body_end)
        checked += len(got.items)
    assert checked > 1500


# --- structure: the paragraph loop over str.split, the latest heading kept -----------------------------


def _plain_structure(text: str) -> structure_mod.Structure:
    """structure.structure's paragraph loop as first written (paragraph_spans, the heading looked up)."""
    sm = structure_mod
    b = sm._Builder(text, [], [])
    paragraphs: list[Paragraph] = []
    box_lines: list[BoxLine] = []
    box_head: tuple[int, str, str, int, int | None] | None = None

    def close_box(end: int) -> None:
        nonlocal box_head, box_lines
        if box_head is not None:
            idx, number, title, start, heading = box_head
            b.boxes.append(Box(idx, number, title, start, end, heading, tuple(box_lines)))
        box_head, box_lines = None, []

    last_end = 0
    for p_index, (start, end) in enumerate(sm.paragraph_spans(text)):
        para = text[start:end]
        box_match = sm._BOX_HEAD.match(para) if para.startswith("专栏") else None
        if box_match:
            if box_head is not None:
                close_box(last_end)
            current = b.headings[-1].index if b.headings else None
            box_head = (len(b.boxes), box_match["n"], para[box_match.end() :].strip(), start, current)
        elif box_head is not None and (parsed := sm._parse_box_paragraph(text, start, end)):
            box_lines.extend(parsed)
        else:
            if box_head is not None:
                close_box(last_end)
            sm._detect_headings(b, start, end, para)
        heading = b.headings[-1].index if b.headings else None
        box_index = box_head[0] if box_head is not None else None
        paragraphs.append(Paragraph(p_index, start, end, heading, box_index))
        last_end = end
    close_box(last_end)
    sentences = tuple(sm._sentences(text, paragraphs, b.headings, False))
    clauses, warnings = sm.find_clauses(text, paragraphs, b.headings)
    return sm.Structure(tuple(b.headings), tuple(paragraphs), sentences, tuple(b.boxes), clauses, warnings)


def test_structure_loop_over_the_lines_is_the_loop_over_paragraph_spans() -> None:
    rnd = random.Random(12)
    texts = _structure_texts()
    words = [
        "专栏1 重点项目",
        "专栏 二",
        "专栏",
        "氢能：A项目、B项目等。",
        "一、任务",
        "（一）氢能",
        "说明。",
        "\n",
    ]
    texts += ["".join(rnd.choice(words) for _ in range(rnd.randint(1, 30))) for _ in range(1000)]
    boxes = 0
    for text in texts:
        got = structure_mod.structure(text)
        assert got == _plain_structure(text)
        boxes += len(got.boxes)
    assert boxes > 1000
