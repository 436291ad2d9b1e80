"""Normalised text to structure: headings, paragraphs, sentences, 专栏 boxes, clauses.

Works on :func:`ingest.normalise.normalise` output, where every line is one paragraph, so a
heading is recognised only at a paragraph start (or, for inline （1）…（2）…, after a sentence end).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ingest.clauses import find_clauses
from ingest.models import Box, BoxItem, BoxLine, Clause, Heading, Paragraph, Sentence, Warning_
from ingest.normalise import RUN_IN_START

_CN_NUM = "一二三四五六七八九十百"
# (pattern, level, style template): the number is group "n", the title follows the match.
_NUMBERED: tuple[tuple[re.Pattern[str], int, str], ...] = (
    (re.compile(rf"^(?P<n>[{_CN_NUM}]+)、\s*"), 1, "一、"),
    (re.compile(rf"^（(?P<n>[{_CN_NUM}]+)）\s*"), 2, "（一）"),
    (re.compile(rf"^\((?P<n>[{_CN_NUM}]+)\)\s*"), 2, "(一)"),
    (re.compile(r"^(?P<n>\d{1,2})\.(?!\d)\s*"), 3, "1."),
    (re.compile(r"^(?P<n>\d{1,2})．\s*"), 3, "1．"),
    (re.compile(r"^(?P<n>\d{1,2})、\s*"), 3, "1、"),
    (re.compile(r"^（(?P<n>\d{1,2})）\s*"), 5, "（1）"),
    (re.compile(r"^\((?P<n>\d{1,2})\)\s*"), 5, "(1)"),
)
# The patterns that can match a paragraph opening with a given char, in _NUMBERED's order: most
# paragraphs open with none of these chars and skip the eight matches. (\d is str.isdecimal.)
_NUMBERED_BY_FIRST = {
    "cn": tuple(n for n in _NUMBERED if n[2] == "一、"),
    "（": tuple(n for n in _NUMBERED if n[2] in ("（一）", "（1）")),
    "(": tuple(n for n in _NUMBERED if n[2] in ("(一)", "(1)")),
    "digit": tuple(n for n in _NUMBERED if n[2] in ("1.", "1．", "1、")),
}
RUN_IN_LEVEL = 4
_INLINE_SUB = re.compile(r"(?<=[。；：])\s*[（(](?P<n>\d{1,2})[）)]\s*(?=[^，。；（）()]{1,20}。)")
# What every _INLINE_SUB match starts with, one char earlier: a regex that opens with a char class is
# scanned fast, one that opens with a lookbehind is tried at every position.
_INLINE_SUB_GUARD = re.compile(r"[。；：]\s*[（(]\d{1,2}[）)]")
_BOX_HEAD = re.compile(r"^专栏\s*(?P<n>\d+|[一二三四五六七八九十]+)\s*[：:]?\s*")
_SINGLE_ITEM = re.compile(r"[^，,。；;：:、]{4,40}(?:项目|工程|园|园区|基地|中心|平台|实验室)(?:（[^）]*）)?")
_BOX_LINE = re.compile(r"(?P<label>[^，,。；;：:、（）()《》]{1,24}?)\s*[：:]\s*(?P<body>\S.*)$")
_OPEN_END = re.compile(r"等\s*(?:\d+\s*[个项家处]?)?$")
_SENTENCE_END = "。！？!?"
_CLOSERS = "”’」』）)"
_OPENERS = {"“": "”", "（": "）", "(": ")", "「": "」", "《": "》"}
# An unclosed bracket stops protecting sentence ends after this many chars (bad extraction).
_MAX_BRACKET_SPAN = 120
# Longest title kept for a numbered heading with run-in text (longer: the first sentence).
_MAX_TITLE = 80


@dataclass(frozen=True)
class Structure:
    headings: tuple[Heading, ...]
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    boxes: tuple[Box, ...]
    clauses: tuple[Clause, ...]
    warnings: tuple[Warning_, ...]


@dataclass
class _Builder:
    text: str
    headings: list[Heading]
    boxes: list[Box]
    # (level, index) of the headings a new one may sit under, levels rising: a heading's parent is
    # the latest heading of any lower level. The latest heading of a lower level than L is never
    # popped by the headings after it (their levels are L or more), and every heading above it on
    # the stack came later, so has a level of L or more: popping those leaves it on top.
    open: list[tuple[int, int]] = field(default_factory=list)

    def add_heading(self, level: int, style: str, number: str | None, start: int, end: int,
                    run_in: bool) -> int:  # fmt: skip
        while end > start and self.text[end - 1] in "。.：: ":
            end -= 1
        index = len(self.headings)
        stack = self.open
        while stack and stack[-1][0] >= level:
            stack.pop()
        parent = stack[-1][1] if stack else None
        title = self.text[start:end]
        self.headings.append(Heading(index, level, style, number, title, start, end, parent, run_in))
        stack.append((level, index))
        return index


def paragraph_spans(text: str) -> Iterator[tuple[int, int]]:
    """The spans of ``text.split("\n")``, one at a time: the list would hold a copy of the whole
    text, in fresh pages for a large one, while its caller runs."""
    start, n = 0, len(text)
    while True:
        end = text.find("\n", start)
        if end < 0:
            yield start, n
            return
        yield start, end
        start = end + 1


def structure(text: str, *, split_on_semicolon: bool = False) -> Structure:
    b = _Builder(text, [], [])
    paragraphs: list[Paragraph] = []
    box_lines: list[BoxLine] = []
    box_head: tuple[int, str, str, int, int | None] | None = None  # index, number, title, start

    def close_box(end: int) -> None:
        nonlocal box_head, box_lines
        if box_head is not None:
            idx, number, title, start, heading = box_head
            b.boxes.append(Box(idx, number, title, start, end, heading, tuple(box_lines)))
        box_head, box_lines = None, []

    last_end = 0
    heading: int | None = None  # the latest heading's index: headings are added by _detect_headings only
    headings, add = b.headings, paragraphs.append
    for p_index, (start, end) in enumerate(paragraph_spans(text)):
        para = text[start:end]
        if para.startswith("专栏") and (box_match := _BOX_HEAD.match(para)):
            if box_head is not None:
                close_box(last_end)
            title = para[box_match.end() :].strip()
            box_head = (len(b.boxes), box_match["n"], title, start, heading)
        elif box_head is not None and (parsed := _parse_box_paragraph(text, start, end)):
            box_lines.extend(parsed)
        else:
            if box_head is not None:
                close_box(last_end)
            _detect_headings(b, start, end, para)
            if headings:
                heading = headings[-1].index  # every heading so far starts before end
        add(Paragraph(p_index, start, end, heading, box_head[0] if box_head is not None else None))
        last_end = end
    close_box(last_end)
    sentences = tuple(_sentences(text, paragraphs, b.headings, split_on_semicolon))
    clauses, warnings = find_clauses(text, paragraphs, b.headings)
    return Structure(tuple(b.headings), tuple(paragraphs), sentences, tuple(b.boxes), clauses, warnings)


def _detect_headings(b: _Builder, start: int, end: int, para: str) -> None:
    first = para[:1]  # numbered_candidates' choice inline: most paragraphs open with none of them
    numbered = (
        _numbered_heading(b, start, end, para)
        if first and (first in _CN_NUM or first.isdecimal() or first in _NUMBERED_BY_FIRST)
        else None
    )
    body_from = start
    if numbered is not None:
        body_from = b.headings[numbered].end
    # RUN_IN_START ends at the paragraph's first 。, after 2-16 chars that are no 。
    elif para.find("。", 0, 17) >= 2 and (m := RUN_IN_START.match(para)) and m.end() < len(para):
        b.add_heading(RUN_IN_LEVEL, "run-in", None, start, start + m.end(), True)
        body_from = start + m.end()
    # Every _INLINE_SUB_GUARD match holds a bracket, in the paragraph (the char before it is a line
    # break or none): a paragraph without one is not searched.
    if ("（" in para or "(" in para) and _INLINE_SUB_GUARD.search(b.text, max(body_from - 1, 0), end):
        _inline_subheads(b, body_from, end)  # (the lookbehind reads body_from - 1)


def numbered_candidates(para: str) -> tuple[tuple[re.Pattern[str], int, str], ...]:
    """The numbered-heading patterns that can match ``para``, picked by its first char."""
    first = para[:1]
    if first in _CN_NUM and first:
        return _NUMBERED_BY_FIRST["cn"]
    if first.isdecimal():
        return _NUMBERED_BY_FIRST["digit"]
    return _NUMBERED_BY_FIRST.get(first, ())


def _numbered_heading(b: _Builder, start: int, end: int, para: str) -> int | None:
    for pattern, level, style in numbered_candidates(para):
        m = pattern.match(para)
        if not m:
            continue
        title_start = start + m.end()
        stop = para.find("。", m.end())
        if stop < 0 or stop - m.end() > _MAX_TITLE:
            return b.add_heading(level, style, m["n"], title_start, end, False) if stop < 0 else \
                b.add_heading(level, style, m["n"], title_start, start + stop, True)  # fmt: skip
        run_in = start + stop + 1 < end
        return b.add_heading(level, style, m["n"], title_start, start + stop + 1, run_in)
    return None


def _inline_subheads(b: _Builder, start: int, end: int) -> None:
    """（1）工程机械。…（2）动力装备。… inside a paragraph, numbered in sequence from 1."""
    expected = 1
    for m in _INLINE_SUB.finditer(b.text, start, end):
        number = int(m["n"])
        if number != expected:
            continue
        stop = b.text.index("。", m.end())
        b.add_heading(5, "（1）", m["n"], m.end(), stop + 1, stop + 1 < end)
        expected += 1


def _parse_box_paragraph(text: str, start: int, end: int) -> list[BoxLine] | None:
    """``label：a、b、c等。`` segments (one or more per paragraph), or None if not a box line."""
    lines: list[BoxLine] = []
    seg_start = start
    for seg_end in [*_after_each(text, "。", start, end), end]:
        if seg_end <= seg_start:
            continue
        parsed = _parse_box_line(text, seg_start, seg_end)
        if parsed is None:
            if text[seg_start:seg_end].strip():
                return None
        else:
            lines.append(parsed)
        seg_start = seg_end
    return lines or None


def _after_each(text: str, char: str, start: int, end: int) -> Iterator[int]:
    """The position after each ``char`` in ``text[start:end]`` (str.find, not a per-char scan)."""
    i = text.find(char, start, end)
    while i >= 0:
        yield i + 1
        i = text.find(char, i + 1, end)


def _parse_box_line(text: str, start: int, end: int) -> BoxLine | None:
    m = _BOX_LINE.match(text, start, end)
    if not m:
        return None
    body = m["body"].rstrip("。；; ")
    # 氢能：武进氢能装备产业园项目 — a line of one item (the regex last: it backtracks)
    if "、" not in body and not body.endswith("等") and not _SINGLE_ITEM.fullmatch(body):
        return None
    body_start, body_end = m.start("body"), end
    while body_end > body_start and text[body_end - 1] in "。；;，, ":
        body_end -= 1
    tail = _OPEN_END.search(text, body_start, body_end)
    open_ended = tail is not None
    if tail is not None:
        body_end = tail.start()
    items: list[BoxItem] = []
    add = items.append
    pos = body_start  # each 、-part without the whitespace around it (str.strip: str.isspace chars)
    for part in text[body_start:body_end].split("、"):
        item = part.strip()
        if item:
            s = pos + len(part) - len(part.lstrip())
            add(BoxItem(item, s, s + len(item)))
        pos += len(part) + 1
    label = m["label"].strip()
    return BoxLine(label, m.start("label"), m.start("label") + len(label), tuple(items), open_ended)


def _sentences(text: str, paragraphs: list[Paragraph], headings: list[Heading],
               semicolon: bool) -> list[Sentence]:  # fmt: skip
    """:func:`split_sentences` over every paragraph (``text``'s lines), as one scan of the text:
    a line break closes the paragraph's last sentence and resets the brackets."""
    ends = _SENTENCE_END + ("；;" if semicolon else "")
    closing = _CLOSERS + ends
    spans: list[tuple[int, int, int]] = []  # (start, end, paragraph)
    stack: list[tuple[str, int]] = []
    s = p = 0
    n = len(text)
    for m in _marks(ends + "\n").finditer(text):
        i = m.start()
        if i < s:
            continue  # a closer or end already taken into the previous sentence
        c = text[i]
        if c == "\n":
            j = i
        elif stack and (c == stack[-1][0] or (c in "）)" and stack[-1][0] in "）)")):
            stack.pop()
            continue
        elif c in _OPENERS:
            stack.append((_OPENERS[c], i))
            continue
        elif c in ends and (not stack or i - stack[-1][1] > _MAX_BRACKET_SPAN):
            j = i + 1
            while j < n and text[j] in closing:  # stops at a line break
                j += 1
        else:
            continue
        if stack:
            stack.clear()
        if s < j and not text[s].isspace() and not text[j - 1].isspace():
            spans.append((s, j, p))  # the usual case: nothing to trim
        else:
            a, b = _trim(text, s, j)
            if b > a:
                spans.append((a, b, p))
        if c == "\n":
            p, s = p + 1, i + 1
        else:
            s = j
    a, b = _trim(text, s, n)
    if b > a:
        spans.append((a, b, p))
    starts = [h.start for h in headings]
    last = len(starts) - 1
    sentences: list[Sentence] = []
    add = sentences.append
    h = -1  # the last heading starting at or before the sentence: sentences come in text order
    for k, (s, e, p) in enumerate(spans):
        while h < last and starts[h + 1] <= s:
            h += 1
        para = paragraphs[p]
        add(Sentence(k, s, e, text[s:e], para.index, headings[h].index if h >= 0 else None, para.box))
    return sentences


def split_sentences(text: str, start: int, end: int, ends: str = _SENTENCE_END) -> Iterator[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``; ends inside “…” or （…） do not count."""
    return iter(_sentence_spans(text, start, end, ends, _marks(ends)))


def _sentence_spans(
    text: str, start: int, end: int, ends: str, marks: re.Pattern[str]
) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    s = start
    # Only brackets and sentence ends move the state: the regex skips every other char in C.
    for m in marks.finditer(text, start, end):
        i = m.start()
        if i < s:
            continue  # a closer or end already taken into the previous sentence
        c = text[i]
        if stack and (c == stack[-1][0] or (c in "）)" and stack[-1][0] in "）)")):
            stack.pop()
        elif c in _OPENERS:
            stack.append((_OPENERS[c], i))
        elif c in ends and (not stack or i - stack[-1][1] > _MAX_BRACKET_SPAN):
            stack.clear()
            j = i + 1
            while j < end and (text[j] in _CLOSERS or text[j] in ends):
                j += 1
            _add_trimmed(spans, text, s, j)
            s = j
    _add_trimmed(spans, text, s, end)
    return spans


@functools.cache
def _marks(ends: str) -> re.Pattern[str]:
    """The chars :func:`split_sentences` acts on: brackets and the sentence ends ``ends``."""
    return re.compile("[" + re.escape("".join(sorted({*_OPENERS, *_OPENERS.values(), *ends}))) + "]")


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    """``(s, e)`` without the whitespace around ``text[s:e]`` (empty when nothing else is left)."""
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _add_trimmed(spans: list[tuple[int, int]], text: str, s: int, e: int) -> None:
    s, e = _trim(text, s, e)
    if e > s:
        spans.append((s, e))
