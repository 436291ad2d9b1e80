"""Input formats: a file's bytes in, its text (and where each line is in the file) out.

Policy offices receive plans as PDF, Word files and web pages as often as text. The format is
told by the bytes, not by the name (a PDF saved as ``plan.txt`` is still a PDF), except that an
``.html``/``.htm`` file is a web page whenever it starts with markup:

==========  ===================================================================================
PDF         text layer (pdfminer.six); evidence cites page and line; a scan is refused (OCR)
Word        .docx (python-docx): paragraphs, tables, text boxes, list numbering; cites paragraph
web page    main text (trafilatura): navigation, scripts, footers dropped
text        UTF-8, UTF-16 with BOM, GBK/GB18030 (:mod:`ingest.decode`)
==========  ===================================================================================

Legacy .doc, other ZIP files (.xlsx, .odt) and images are refused with what to do instead.
Whatever the format, radical code points become ideographs before anything else reads the text.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

from core.errors import InputError
from ingest.decode import decode_bytes
from ingest.formats.radicals import count_radicals, fold_radicals
from ingest.formats.source import SourceText
from ingest.models import Warning_

SUFFIXES = (".txt", ".pdf", ".docx", ".html", ".htm")
_SAY_FORMATS = "policykg reads .txt (UTF-8 or GBK), .pdf with a text layer, .docx and .html"
_HTML_START = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|meta|body)\b",
    re.IGNORECASE | re.DOTALL,
)
_IMAGES = ((b"\x89PNG", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"GIF8", "GIF"),
           (b"II*\x00", "TIFF"), (b"MM\x00*", "TIFF"))  # fmt: skip


def sniff(raw: bytes, name: str) -> str:
    """The format of ``raw``: "pdf", "docx", "html" or "text" (refusing what cannot be read)."""
    head = raw[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if raw.startswith(b"PK\x03\x04"):
        kind = _zip_kind(raw, name)
        if kind:
            return kind
    if raw.startswith(b"\xd0\xcf\x11\xe0"):  # OLE compound file: Word 97–2003, old Excel
        raise InputError(
            f"{name}: a legacy Word/Office file (.doc), which policykg cannot read",
            hint="open it in Word or LibreOffice and save it as .docx or PDF",
        )
    for magic, kind in _IMAGES:
        if raw.startswith(magic):
            raise InputError(
                f"{name}: an image ({kind}), not a text document",
                hint="a scanned plan needs OCR first (e.g. ocrmypdf), then upload the PDF it makes",
            )
    return "html" if _looks_like_html(raw, name) else "text"


def read_source(raw: bytes, name: str) -> SourceText:
    """The text of the file ``name`` whose bytes are ``raw``, radicals folded, not yet normalised."""
    kind = sniff(raw, name)
    if kind == "pdf":
        from ingest.formats.pdf import read_pdf

        source = read_pdf(raw, name)
    elif kind == "docx":
        from ingest.formats.docx import read_docx

        source = read_docx(raw, name)
    elif kind == "html":
        from ingest.formats.html import read_html

        source = read_html(raw, name)
    else:
        decoded = decode_bytes(raw, name)
        source = SourceText(decoded.text, "text", encoding=decoded.encoding)
    return fold_text(source)


def fold_text(source: SourceText) -> SourceText:
    """``source`` with radical code points folded (a .txt made by pdftotext has them too)."""
    radicals = count_radicals(source.text)
    if not radicals:
        return source
    warning = Warning_("radicals-folded", f"{radicals} radical code point(s) read as ideographs")
    return SourceText(
        fold_radicals(source.text),
        source.format,
        source.locations,
        (*source.warnings, warning),
        source.encoding,
    )


def _zip_kind(raw: bytes, name: str) -> str | None:
    """``"docx"`` for a Word file; other ZIP files are refused. ``None``: not a ZIP file after all
    (the binary check then names the first bad byte), unless it is called .docx."""
    try:
        names = set(zipfile.ZipFile(io.BytesIO(raw)).namelist())
    except zipfile.BadZipFile as exc:
        if PurePath(name).suffix.lower() != ".docx":
            return None
        raise InputError(
            f"{name}: a damaged Word file ({exc})",
            hint="check that the file is complete (re-download it), or save it again as .docx",
        ) from None
    if "word/document.xml" in names:
        return "docx"
    kind = "a spreadsheet (.xlsx)" if "xl/workbook.xml" in names else "a ZIP archive"
    if "content.xml" in names:
        kind = "an OpenDocument file (.odt/.ods)"
    raise InputError(f"{name}: {kind}, not a Word document", hint=_SAY_FORMATS)


def _looks_like_html(raw: bytes, name: str) -> bool:
    start = raw[:4096].decode("utf-8", "ignore").lstrip("\ufeff")
    if _HTML_START.match(start):
        return True
    return PurePath(name).suffix.lower() in (".html", ".htm") and start.lstrip().startswith("<")
