"""A PDF's text layer as lines of text, each line remembering its page and its line on the page.

pdfminer.six gives every text line with its position. Lines are regrouped into printed rows (same
baseline, left to right: a table row becomes one line), pages read top to bottom. What a text
layer gets wrong is repaired here, before anything else reads the text (radical code points, ⾼
for 高, are folded by the caller, :func:`ingest.formats.fold_text`):

* spaces that glyph gaps put between Chinese characters (“ 十四五 ”) are removed;
* running headers and footers (the same row at the top or bottom of most pages) are dropped;
* a paragraph start shows as indentation (two U+3000), which is how the normaliser recognises it
  in hard-wrapped text: the row is indented on the page, or follows a wider gap than the line pitch.

Page numbers such as ``— 3 —`` stay: the normaliser drops them as it does in a .txt file.
A PDF without a text layer (a scan) is refused: it needs OCR first.
"""

from __future__ import annotations

import io
import itertools
import logging
import re
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from core.errors import InputError
from ingest.formats.source import SourceText
from ingest.models import Location, Warning_

# pdfminer logs every font it cannot measure ("Could not get FontBBox …"), harmless here.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_CJK = "\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d\u2014\u2026"
# Spaces between two Chinese characters or marks are glyph gaps, never words apart.
_GAP = re.compile(f"(?<=[{_CJK}])[ \t\u00a0]+(?=[{_CJK}])")
_DIGITS = re.compile(r"\d+")
PARAGRAPH_INDENT = "\u3000\u3000"
# Rows whose baselines differ by less than this share of the font size are one printed row.
_SAME_ROW = 0.4
# A gap above a row wider than this many line pitches opens a paragraph.
_PARAGRAPH_GAP = 1.35
# A header or footer repeats on at least this share of the pages (and on 3 of them).
_RUNNING_SHARE = 0.5


@dataclass
class _Piece:
    x0: float
    x1: float
    y0: float
    y1: float
    size: float  # median character height
    text: str


@dataclass
class _Row:
    pieces: list[_Piece]
    number: int  # 1-based row on the page, from the top

    @property
    def x0(self) -> float:
        return min(p.x0 for p in self.pieces)

    @property
    def top(self) -> float:
        return max(p.y1 for p in self.pieces)

    @property
    def bottom(self) -> float:
        return min(p.y0 for p in self.pieces)

    @property
    def size(self) -> float:
        return statistics.median(p.size for p in self.pieces)

    @property
    def text(self) -> str:
        # Cells of a table row, or columns of a centred header, stay apart by one ideographic space.
        return "\u3000".join(p.text for p in sorted(self.pieces, key=lambda p: p.x0))


def read_pdf(raw: bytes, name: str) -> SourceText:
    """The text layer of the PDF ``raw`` (file ``name``), or :class:`InputError`."""
    pages = _pages(raw, name)
    if not any(rows for rows in pages):
        raise InputError(
            f"{name}: the PDF has no text layer ({len(pages)} page(s) of images: a scan?)",
            hint="run OCR on it first (e.g. ocrmypdf --language chi_sim IN.pdf OUT.pdf) and upload "
            "the result, or pass the text as a .txt file",
        )
    running = _running_rows(pages)
    body_size = statistics.median(r.size for rows in pages for r in rows)
    lines: list[str] = []
    locations: list[Location] = []
    empty_pages = [i for i, rows in enumerate(pages, start=1) if not rows]
    for page_no, rows in enumerate(pages, start=1):
        body = [r for r in rows if _row_key(r) not in running or _title(r, page_no, body_size)]
        left = min((r.x0 for r in body), default=0.0)
        pitch = _pitch(body)
        prev: _Row | None = None
        for row in body:
            text = row.text
            text = _GAP.sub("", text).strip()
            if not text:
                continue
            indented = row.x0 - left >= 1.5 * row.size
            gap = prev is not None and pitch > 0 and prev.bottom - row.bottom > _PARAGRAPH_GAP * pitch
            lines.append((PARAGRAPH_INDENT if indented or gap else "") + text)
            locations.append(Location(page=page_no, page_line=row.number))
            prev = row
    warnings: list[Warning_] = []
    if running:
        warnings.append(Warning_("pdf-running-rows", f"dropped running headers/footers: {sorted(running)}"))
    if empty_pages:
        warnings.append(
            Warning_("pdf-image-pages", f"page(s) without a text layer (scans?): {empty_pages}; not read")
        )
    return SourceText("\n".join(lines) + "\n", "pdf", tuple(locations), tuple(warnings))


def _pages(raw: bytes, name: str) -> list[list[_Row]]:
    from pdfminer.high_level import extract_pages
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psexceptions import PSException

    try:
        layouts = list(extract_pages(io.BytesIO(raw), laparams=LAParams(detect_vertical=False)))
    except (PDFPasswordIncorrect, PDFEncryptionError) as exc:
        raise InputError(
            f"{name}: the PDF is encrypted ({type(exc).__name__})",
            hint="save an unprotected copy (print to PDF) or pass the text as a .txt file",
        ) from None
    except (PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as exc:
        raise InputError(
            f"{name}: not a readable PDF ({type(exc).__name__}: {exc})",
            hint="check that the file is complete (re-download it), or pass the text as a .txt file",
        ) from None
    return [_rows(layout) for layout in layouts]


def _text_lines(item: object) -> Iterator[_Piece]:
    from pdfminer.layout import LTChar, LTContainer, LTTextLineHorizontal

    if isinstance(item, LTTextLineHorizontal):
        text = item.get_text().replace("\n", "").strip()
        if text:
            sizes = [c.size for c in item if isinstance(c, LTChar)]
            size = statistics.median(sizes) if sizes else item.height
            yield _Piece(item.x0, item.x1, item.y0, item.y1, size, text)
    elif isinstance(item, LTContainer):
        for child in item:
            yield from _text_lines(child)


def _rows(layout: object) -> list[_Row]:
    """The page's text lines grouped into rows (one baseline), top to bottom."""
    pieces = sorted(_text_lines(layout), key=lambda p: (-p.y0, p.x0))
    rows: list[_Row] = []
    for piece in pieces:
        last = rows[-1] if rows else None
        if last is not None and abs(last.pieces[0].y0 - piece.y0) < _SAME_ROW * piece.size:
            last.pieces.append(piece)
        else:
            rows.append(_Row([piece], len(rows) + 1))
    return rows


def _pitch(rows: list[_Row]) -> float:
    """The usual distance between the baselines of successive rows."""
    steps = [a.bottom - b.bottom for a, b in itertools.pairwise(rows) if a.bottom > b.bottom]
    return statistics.median(steps) if steps else 0.0


def _title(row: _Row, page_no: int, body_size: float) -> bool:
    """The first row of the first page set larger than the text: the title, even when the pages
    repeat it on top (a header is set smaller)."""
    return page_no == 1 and row.number == 1 and row.size > 1.1 * body_size


def _row_key(row: _Row) -> str:
    return _DIGITS.sub("#", re.sub(r"\s", "", row.text))


def _running_rows(pages: list[list[_Row]]) -> set[str]:
    """Rows repeated at the top or bottom of most pages (page numbers aside, the normaliser's)."""
    if len(pages) < 3:
        return set()
    edges: Counter[str] = Counter()
    for rows in pages:
        keys = {_row_key(r) for r in (rows[:1] + rows[-1:])}
        edges.update(k for k in keys if re.search(r"[^\W\d_]", k))  # a bare number is a page number
    need = max(3, _RUNNING_SHARE * len(pages))
    return {k for k, n in edges.items() if n >= need}
