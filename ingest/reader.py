"""Public entry points: a file (or raw text) in, a :class:`StructuredDocument` out.

Input is refused here, before anything is extracted or written, when it is over the size limit
(``POLICYKG_MAX_DOCUMENT_MB``, checked before a file is read), in no format policykg reads, or
empty: a clear error naming the file and what to do, never a document with no sentences.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.errors import InputError, TooLarge
from core.settings import max_document_mb
from ingest import metadata
from ingest.collector import collector_paused
from ingest.formats import fold_text, read_source
from ingest.formats.source import SourceText
from ingest.models import DocumentMeta, StructuredDocument, Warning_
from ingest.normalise import normalise
from ingest.structure import structure


def read_document(
    path: Path, manifest: Path | None = None, *, max_bytes: int | None = None
) -> StructuredDocument:
    """Read, decode, normalise and structure one document; metadata from ``manifest`` if listed.

    ``max_bytes``: the size limit (default ``POLICYKG_MAX_DOCUMENT_MB``), checked before reading.
    """
    path = Path(path)
    limit = _limit(max_bytes)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}", hint="check the path") from exc
    _check_size(size, limit, str(path))
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read: {exc.strerror}", hint="check the path") from exc
    meta: DocumentMeta | None = None
    warnings: list[Warning_] = []
    if manifest is not None:
        entries = metadata.load_manifest(Path(manifest))
        entry = entries.get(path.name) or entries.get(path.stem)
        if entry is None:
            warnings.append(
                Warning_("manifest-missing", f"{path.name} not in {manifest}; metadata from text")
            )
        else:
            meta = metadata.manifest_meta(path.stem, entry)
    doc = structure_text(raw, path.stem, meta, name=str(path), max_bytes=limit)
    if warnings:
        doc = _with_warnings(doc, warnings)
    return doc


@collector_paused
def structure_text(
    raw: bytes | str,
    doc_id: str,
    meta: DocumentMeta | None = None,
    *,
    name: str | None = None,
    split_on_semicolon: bool = False,
    max_bytes: int | None = None,
) -> StructuredDocument:
    """Structure a file's bytes (text in any supported encoding, PDF, .docx, HTML) or decoded text.

    Metadata fields missing from ``meta`` are filled from the text where it states them.
    """
    name = name or doc_id
    size, sha256 = _utf8_digest(raw) if isinstance(raw, str) else (len(raw), "")
    _check_size(size, _limit(max_bytes), name)
    if isinstance(raw, str):
        source = fold_text(SourceText(raw.lstrip("\ufeff"), "text"))
    else:
        sha256 = hashlib.sha256(raw).hexdigest()
        source = read_source(raw, name)
    _refuse_empty(source.text, name)
    norm = normalise(source.text)
    if not norm.text.strip():
        raise InputError(
            f"{name}: no text left once page numbers, URLs and the table of contents are dropped",
            hint="check that this is the plan's text, not only its table of contents",
        )
    found = structure(norm.text, split_on_semicolon=split_on_semicolon)
    detected = metadata.detect(doc_id, norm.text)
    final_meta = metadata.merge(meta, detected) if meta is not None else detected
    return StructuredDocument(
        meta=final_meta,
        text=norm.text,
        line_map=norm.line_map,
        sha256=sha256,  # of the original bytes (a text's UTF-8)
        headings=found.headings,
        paragraphs=found.paragraphs,
        sentences=found.sentences,
        boxes=found.boxes,
        clauses=found.clauses,
        warnings=source.warnings + norm.warnings + found.warnings,
        source_format=source.format,
        locations=source.locations,
    )


_CHUNK = 1 << 15  # chars: at most 96 KB of UTF-8 a chunk (below malloc's mmap threshold: reused)


def _utf8_digest(text: str) -> tuple[int, str]:
    """``len(text.encode())`` and the SHA-256 of those bytes, a chunk at a time: the whole UTF-8
    copy of a large text (3 bytes a Chinese char, all of it fresh pages) is never made."""
    h = hashlib.sha256()
    size = 0
    for i in range(0, len(text), _CHUNK):
        chunk = text[i : i + _CHUNK].encode("utf-8")
        size += len(chunk)
        h.update(chunk)
    return size, h.hexdigest()


def _limit(max_bytes: int | None) -> int:
    return max_bytes if max_bytes is not None else int(max_document_mb() * 1024 * 1024)


def _check_size(size: int, limit: int, name: str) -> None:
    if size > limit:
        raise TooLarge(
            f"{name}: {_size(size)} is over the {round(limit / 1048576, 3):g} MB document limit",
            hint="split the document, or raise POLICYKG_MAX_DOCUMENT_MB where policykg runs",
        )


def _size(n: int) -> str:
    return f"{n / 1048576:.1f} MB" if n >= 104858 else f"{n / 1024:.0f} KB"


def _refuse_empty(text: str, name: str) -> None:
    if not text.strip():
        what = "empty" if not text else "only whitespace"
        raise InputError(
            f"{name}: the document is {what}: there is no text to read",
            hint="check that you picked the right file and that it was saved completely",
        )


def _with_warnings(doc: StructuredDocument, extra: list[Warning_]) -> StructuredDocument:
    from dataclasses import replace

    return replace(doc, warnings=(*extra, *doc.warnings))
