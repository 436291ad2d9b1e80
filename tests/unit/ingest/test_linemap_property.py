"""Every sentence's quote, rebuilt from the line map, is the original text (whitespace aside)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ingest.models import StructuredDocument
from ingest.reader import read_document
from tests import corpus

ROOT = corpus.ROOT
FILES = [*sorted((ROOT / "seeds").glob("0*.txt")), ROOT / "tests" / "fixtures" / "other_province.txt"]
_WS = re.compile(r"\s")


@cache
def load(path: Path) -> StructuredDocument:
    return read_document(path)


def original_slice(doc: StructuredDocument, start: int, end: int) -> str:
    """Independent reconstruction: the covered original lines, first and last cut at the columns.

    Lines the span jumps over (blank, TOC, URL) are not part of a quote, as in the gold files.
    """
    lm = doc.line_map
    covered = sorted(set(lm.lines[start:end]))
    lines = [lm.source_lines[n - 1] for n in covered]
    lines[-1] = lines[-1][: lm.cols[end - 1] + 1]
    lines[0] = lines[0][lm.cols[start] :]
    return "".join(lines)


def strip_ws(s: str) -> str:
    return _WS.sub("", s)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_every_sentence_quotes_its_original(path: Path) -> None:
    doc = load(path)
    assert doc.sentences
    for s in doc.sentences:
        quote = doc.quote(s.start, s.end)
        original = original_slice(doc, s.start, s.end)
        assert strip_ws(quote.text) == strip_ws(original), (s.index, s.text)
        # the normalised text differs from the original only by 1:1 digit substitutions
        assert len(strip_ws(quote.text)) == len(strip_ws(s.text))
        if quote.line == quote.line_end:
            assert quote.text in doc.line_map.source_lines[quote.line - 1]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name[:3])
def test_line_map_covers_every_char(path: Path) -> None:
    doc = load(path)
    lm = doc.line_map
    assert len(lm.lines) == len(lm.cols) == len(doc.text)
    assert all(a <= b for a, b in zip(lm.lines, lm.lines[1:], strict=False))
    for i, ch in enumerate(doc.text):
        src = lm.source_lines[lm.lines[i] - 1][lm.cols[i]]
        assert ch == src or ch == "\n" or ord(src) - ord(ch) == 0xFEE0  # full-width digit → ASCII


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_random_spans_quote_original(data: st.DataObject) -> None:
    doc = load(data.draw(st.sampled_from(FILES)))
    start = data.draw(st.integers(0, len(doc.text) - 1))
    end = data.draw(st.integers(start + 1, min(len(doc.text), start + 400)))
    quote = doc.quote(start, end)
    assert strip_ws(quote.text) == strip_ws(original_slice(doc, start, end))
    assert "\n" not in quote.text and quote.line <= quote.line_end
