"""A web page (a plan as a government site publishes it) as text: its main text, nothing else.

trafilatura finds the article: navigation, breadcrumbs, share buttons, scripts, styles and the
site footer (主办单位, ICP numbers) are dropped. The page's heading becomes the first line when the
main text does not start with it, so the title is detected as in a text file. Table rows become
one line each, cells apart by an ideographic space. Lines cite their line in this extracted text.

trafilatura collapses blocks of identical text (a boilerplate filter), but a plan repeats headings
on purpose (（三）重点任务 in every section), so every repeated block gets a unique marker before
extraction, removed after.
"""

from __future__ import annotations

import re
from collections import Counter

from core.errors import InputError
from ingest.decode import decode_bytes
from ingest.formats.source import SourceText

_TABLE_ROW = re.compile(r"^\|(.*)\|\s*$")
_BLOCKS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dd", "dt")
_MARK = re.compile(r"⟦\d+⟧")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")


def read_html(raw: bytes, name: str) -> SourceText:
    """The main text of the HTML page ``raw`` (file ``name``), or :class:`InputError`."""
    import trafilatura

    decoded = decode_bytes(raw, name)  # UTF-8 or GBK/GB2312, as Chinese sites serve them
    # Precision: on a short page the recall fallbacks (readability, jusText) take the menus too.
    doc = trafilatura.bare_extraction(
        _unique_blocks(decoded.text),
        include_tables=True,
        include_comments=False,
        with_metadata=True,
        favor_precision=True,
    )
    text = _MARK.sub("", getattr(doc, "text", None) or "").strip()
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


def _unique_blocks(page: str) -> str:
    """``page`` with a marker ``⟦n⟧`` closing every block whose text occurs more than once."""
    from lxml import etree
    from lxml import html as lxml_html

    try:
        tree = lxml_html.document_fromstring(_XML_DECLARATION.sub("", page))
    except (etree.ParserError, ValueError):
        return page  # trafilatura reports what it cannot parse

    def key(element: etree._Element) -> str:
        return re.sub(r"\s", "", element.text_content())

    counts = Counter(k for k in map(key, tree.iter(*_BLOCKS)) if k)
    repeated = [el for el in tree.iter(*_BLOCKS) if counts[key(el)] > 1]
    for n, element in enumerate(repeated, start=1):
        marker = etree.SubElement(element, "span")
        marker.text = f"⟦{n}⟧"
    return str(lxml_html.tostring(tree, encoding="unicode"))
