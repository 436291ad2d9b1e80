"""Decoded text to normalised text: one paragraph per line, every char mapped to its source.

PDF extraction leaves two kinds of broken paragraphs: hard wraps (every line cut at a fixed
width, often with a blank line after each) and page-break splits in otherwise one-paragraph-per-
line text. Both are rejoined here, before any structure is detected, because a continuation
fragment such as ``壮大升级。`` looks exactly like a run-in heading when read on its own.

The normalised text is made only of original characters (full-width digits become ASCII, 1:1);
what is removed is line breaks, leading and trailing whitespace and whole dropped lines (table of
contents, pasted URLs, page numbers). So :class:`LineMap` can always return a verbatim quote.
"""

from __future__ import annotations

import functools
import itertools
import re
import statistics
import unicodedata
from array import array
from dataclasses import dataclass
from typing import NamedTuple

from ingest.charclass import char_class
from ingest.models import LineMap, Warning_

# Numbered heading (or box header) at the start of a line. `1.5 万` is a number, not a heading.
HEADING_START = re.compile(
    r"^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十]+[）)]|\d{1,2}(?:[.．](?!\d)|、)"
    r"|[（(]\d{1,2}[）)]|专栏\s*\d+)"
)
# A short unpunctuated phrase closed by 。: a run-in heading such as `氢能。`.
RUN_IN_START = re.compile(r"^[^，,。；;：:、（）()《》“”\s\d]{2,16}。")
# `label：` opening a list line inside a 专栏 box.
LABEL_START = re.compile(r"^[^，,。；;：:、（）()《》\s]{2,16}[：:]")
TERMINAL = frozenset("。；：！？!?;:”）)」』")
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_DIGIT = re.compile("[０-９]")  # translate is slow per char: only lines that have one
_TOC_ENTRY = re.compile(r"(?:\.{2,}|…+|·{2,}|\t)\s*\d{1,4}\s*$")
_URL = re.compile(r"^(?:https?://|www\.)\S*$", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-—–－]?\s*\d{1,3}\s*[-—–－]?$")
_PROSE_PUNCT = re.compile(r"[。，、；,]")  # titles and signatures carry none of these

# A page-break split in one-paragraph-per-line text leaves a long first piece; shorter
# unpunctuated lines are titles, issuers, dates and headings.
MIN_SPLIT_WIDTH = 48
INDENT = 2  # columns of leading whitespace that mark a paragraph start in indented text
# Share of unpunctuated line ends above which a document counts as hard-wrapped.
WRAPPED_SHARE = 0.4


class SourceLine(NamedTuple):  # a tuple: built once per line, several times cheaper than a dataclass
    number: int  # 1-based physical line
    col: int  # column of the first kept character
    raw: str  # stripped original text
    text: str  # stripped text after 1:1 substitutions (full-width digits)
    indent: int  # display width of the leading whitespace
    # Columns the line occupies, indent included: what the wrap width limits. -1: not measured yet
    # (see _width). _layout measures the lines that do not close a sentence, and only when there are
    # enough of them for the text to be wrapped: other texts ask for few widths, if any.
    width: int


@dataclass(frozen=True)
class Normalised:
    text: str
    line_map: LineMap
    warnings: tuple[Warning_, ...]
    wrapped: bool
    wrap_width: float | None


def split_lines(text: str) -> list[str]:
    """Physical lines as `cat -n` numbers them (CRLF and lone CR end a line too)."""
    lines = re.split(r"\r\n|\n|\r", text) if "\r" in text else text.split("\n")
    if lines and lines[-1] == "" and text.endswith(("\n", "\r")):
        lines.pop()
    return lines


@functools.cache
def _wide() -> re.Pattern[str]:
    """Every assigned wide or full-width code point (East Asian Width W or F: all lie in
    U+1100..U+3FFFF). Unassigned code points count as narrow (``unicodedata`` calls them F)."""
    return char_class(
        cp
        for cp in range(0x1100, 0x40000)
        if unicodedata.east_asian_width(c := chr(cp)) in "WF" and unicodedata.category(c) != "Cn"
    )


@functools.cache
def _wide_runs() -> re.Pattern[str]:
    return re.compile(_wide().pattern + "+")


def display_width(s: str) -> int:
    """Width in half-width columns: the unit PDF wrapping works in."""
    if s.isascii():
        return len(s)
    # Wide chars come in runs (a CJK line is a few): one match per run, not one per char.
    return len(s) + sum(map(len, _wide_runs().findall(s)))


def normalise(text: str) -> Normalised:
    source = split_lines(text)
    kept, warnings = _keep_content_lines(source, fullwidth=_FULLWIDTH_DIGIT.search(text) is not None)
    wrapped, width = _layout(kept)
    paragraphs = _join(kept, wrapped, width, _indented(kept))
    out, line_map = _build(paragraphs, source)
    return Normalised(out, line_map, tuple(warnings), wrapped, width)


def _keep_content_lines(
    source: list[str], *, fullwidth: bool = True
) -> tuple[list[SourceLine], list[Warning_]]:
    """Lines with text, less TOC, URL and page-number lines. ``fullwidth``: False when the text has
    no full-width digit, to skip looking for them line by line."""
    kept: list[SourceLine] = []
    add = kept.append
    dropped: dict[str, list[int]] = {"toc": [], "url": [], "page-number": []}
    for i, line in enumerate(source, start=1):
        raw = line.strip()
        if not raw:
            continue
        text = raw.translate(_FULLWIDTH_DIGITS) if fullwidth and _FULLWIDTH_DIGIT.search(raw) else raw
        last = text[-1]
        # _junk_kind's first-and-last-char tests inline: most lines are none of its kinds
        if last.isdecimal() or last in "-—–－" or text[0] in "目hHwW":
            kind = _junk_kind(text)
            if kind:
                dropped[kind].append(i)
                continue
        col = line.find(raw[0])  # strip() removed col leading whitespace chars
        indent = display_width(line[:col]) if col else 0
        add(SourceLine(i, col, raw, text, indent, -1))
    warnings = [
        Warning_(f"{kind}-dropped", f"dropped {len(lines)} {kind} line(s): {_ranges(lines)}", lines[0])
        for kind, lines in dropped.items()
        if lines
    ]
    return kept, warnings


def _junk_kind(text: str) -> str | None:
    # ``text`` is stripped: a TOC entry or page number ends in a digit (or a page number in a dash),
    # a URL starts with h or w, 目录 with 目. Those chars are tested before any regex runs.
    first, last = text[0], text[-1]
    if (last.isdecimal() and _TOC_ENTRY.search(text)) or (
        first == "目" and re.sub(r"\s", "", text) in ("目录", "目次")
    ):
        return "toc"
    if first in "hHwW" and _URL.match(text):
        return "url"
    if (last.isdecimal() or last in "-—–－") and _PAGE_NUMBER.match(text):
        return "page-number"
    return None


def _ranges(numbers: list[int]) -> str:
    spans: list[str] = []
    start = prev = numbers[0]
    for n in [*numbers[1:], -1]:
        if n != prev + 1:
            spans.append(f"L{start}" if start == prev else f"L{start}-{prev}")
            start = n
        prev = n
    return ", ".join(spans)


def _width(line: SourceLine) -> int:
    """Columns the line occupies, indent included: what the wrap width limits."""
    return line.width if line.width >= 0 else line.indent + display_width(line.raw)


def _terminal(line: SourceLine) -> bool:
    return line.text[-1] in TERMINAL


def _layout(lines: list[SourceLine]) -> tuple[bool, float | None]:
    """Hard-wrapped or not, and the wrap width (median width of unpunctuated line ends).

    Measures the unpunctuated lines (in ``lines``, for the later steps) only when there are enough
    of them: the test of their number needs no width."""
    open_at = [k for k, ln in enumerate(lines) if not _terminal(ln)]
    if len(lines) < 5 or len(open_at) < WRAPPED_SHARE * len(lines):
        return False, None
    open_ends: list[int] = []
    for k in open_at:
        ln = lines[k]
        if ln.width < 0:
            ln = lines[k] = ln._replace(width=ln.indent + display_width(ln.raw))
        open_ends.append(ln.width)
    width = float(statistics.median(open_ends))
    # Wrapped lines are cut at one width; headings and signatures scatter widely.
    near = sum(1 for w in open_ends if 0.85 * width <= w <= 1.15 * width)
    if near < max(5, 0.6 * len(open_ends)):
        return False, None
    return True, width


def _indented(lines: list[SourceLine]) -> bool:
    """Paragraphs start with a 2-column indent (one U+3000 or two spaces), not a page-start space."""
    count = sum(1 for ln in lines if ln.indent >= INDENT)
    return count >= 3 and count >= 0.05 * len(lines)


def _join(
    lines: list[SourceLine], wrapped: bool, width: float | None, indented: bool
) -> list[list[SourceLine]]:
    paragraphs: list[list[SourceLine]] = []
    heads = wrapped and width is not None and _has_clear_heads(lines, width)
    for line in lines:
        if indented and wrapped and line.indent >= INDENT:
            paragraphs.append([line])  # the surest paragraph start there is
        elif paragraphs and _continues(paragraphs[-1][-1], line, wrapped, width, indented, heads):
            paragraphs[-1].append(line)
        else:
            paragraphs.append([line])
    return paragraphs


def _head_start(line: SourceLine) -> bool:
    return bool(RUN_IN_START.match(line.text) or LABEL_START.match(line.text))


def _has_clear_heads(lines: list[SourceLine], width: float) -> bool:
    """Whether the text has run-in heads or box lines where a paragraph surely starts (after a
    short closing line), which makes the same shape after a full closing line a head too."""
    return any(
        _terminal(prev) and _width(prev) < width - 6 and _head_start(line)  # cheap tests first
        for prev, line in itertools.pairwise(lines)
    )


def _continues(
    prev: SourceLine, line: SourceLine, wrapped: bool, width: float | None, indented: bool, heads: bool
) -> bool:
    """Does ``line`` continue the paragraph that ``prev`` ends?"""
    if wrapped and width is not None:
        return _continues_wrapped(prev, line, width, indented, heads)
    if prev.text[-1] in TERMINAL or HEADING_START.match(line.text) or _standalone_heading(prev):
        return False  # (_terminal(prev) inline)
    if LABEL_START.match(line.text) and LABEL_START.match(prev.text):
        return False  # successive box lines (动力电池：…项目 / 光伏：…项目), each its own paragraph
    return _width(prev) - prev.indent >= MIN_SPLIT_WIDTH and bool(_PROSE_PUNCT.search(prev.text))


def _standalone_heading(line: SourceLine) -> bool:
    return bool(HEADING_START.match(line.text)) and "。" not in line.text


def _continues_wrapped(prev: SourceLine, line: SourceLine, width: float, indented: bool, heads: bool) -> bool:
    w = prev.width if prev.width >= 0 else prev.indent + display_width(prev.raw)  # _width(prev)
    full = w >= width - 4  # the last char may not have fitted
    if prev.text[-1] not in TERMINAL:  # not _terminal(prev)
        if _standalone_heading(prev):
            return w >= width - 3  # a standalone heading line, unless it was wrapped
        return full or (w >= 0.75 * width and not HEADING_START.match(line.text))
    if HEADING_START.match(line.text) or w < width - 6:
        return False
    if indented:
        return True  # paragraph starts are indented, so an unindented line continues
    # A sentence that ends exactly at the margin, then a run-in head or box line: without indents
    # this is a guess (a short sentence of prose looks the same), so trust it only in texts that
    # have such heads where a paragraph surely starts.
    return not (heads and prev.text.endswith("。") and _head_start(line))


def _build(paragraphs: list[list[SourceLine]], source: list[str]) -> tuple[str, LineMap]:
    chars: list[str] = []
    for p, para in enumerate(paragraphs):
        if p:
            chars.append("\n")
        chars += [line.text for line in para]
    out = "".join(chars)
    # Compact per-char maps (4 bytes a char, no int objects), each allocated once at its size and
    # filled by whole-line copies: a list of ints and a tuple of it held 32 bytes a char at this
    # step's peak and 16 after it, and a map grown line by line would be moved as it grows.
    line_nos, cols = array("I", (0,)) * len(out), array("I", (0,)) * len(out)
    top = max((line.col + len(line.text) for para in paragraphs for line in para), default=0)
    columns = array("I", range(top))  # a line's columns are one slice of it
    at = 0
    for p, para in enumerate(paragraphs):
        if p:  # the separator maps onto the previous char, so quotes never gain a character
            line_nos[at], cols[at] = line_nos[at - 1], cols[at - 1]
            at += 1
        for line in para:
            n = len(line.text)
            line_nos[at : at + n] = array("I", (line.number,)) * n
            cols[at : at + n] = columns[line.col : line.col + n]
            at += n
    # Every char of a line gets its number, the separators the previous one: line_nos never
    # decreases when the lines' numbers do not, in paragraph order.
    numbers = [line.number for para in paragraphs for line in para]
    ordered = all(a <= b for a, b in itertools.pairwise(numbers))
    return out, LineMap(line_nos, cols, tuple(source), ordered)
