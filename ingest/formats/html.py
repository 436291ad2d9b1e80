"""A web page (a plan as a government site publishes it) as text: its main text, nothing else.

trafilatura finds the article: navigation, breadcrumbs, share buttons, scripts, styles and the
site footer (主办单位, ICP numbers) are dropped. The page's heading becomes the first line when the
main text does not start with it, so the title is detected as in a text file. Table rows become
one line each, cells apart by an ideographic space. Lines cite their line in this extracted text.
"""

from __future__ import annotations

import re

from core.errors import InputError
from ingest.decode import decode_bytes
from ingest.formats.source import SourceText

_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")


def read_html(raw: bytes, name: str) -> SourceText:
    """The main text of the HTML page ``raw`` (file ``name``), or :class:`InputError`."""
    import trafilatura

    decoded = decode_bytes(raw, name)  # UTF-8 or GBK/GB2312, as Chinese sites serve them
    doc = trafilatura.bare_extraction(
        decoded.text, include_tables=True, include_comments=False, with_metadata=True
    )
    text = (getattr(doc, "text", None) or "").strip()
    if not text:
        raise InputError(
            f"{name}: no main text found in the web page",
            hint="save the page's article text as .txt (or print the page to PDF) and pass that",
        )
    lines = [_row(line) for line in text.split("\n")]
    title = (getattr(doc, "title", None) or "").strip()
    if title and not lines[0].replace(" ", "").startswith(title.replace(" ", "")):
        lines.insert(0, title)
    return SourceText("\n".join(lines) + "\n", "html", encoding=decoded.encoding)


def _row(line: str) -> str:
    match = _TABLE_ROW.match(line.strip())
    if not match:
        return line
    return "\u3000".join(cell.strip() for cell in match.group(1).split("|") if cell.strip())
