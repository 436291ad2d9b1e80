"""Public entry points: a file (or raw text) in, a :class:`StructuredDocument` out."""

from __future__ import annotations

import hashlib
from pathlib import Path

from core.errors import InputError
from ingest import metadata
from ingest.decode import decode_bytes
from ingest.models import DocumentMeta, StructuredDocument, Warning_
from ingest.normalise import normalise
from ingest.structure import structure


def read_document(path: Path, manifest: Path | None = None) -> StructuredDocument:
    """Read, decode, normalise and structure one document; metadata from ``manifest`` if listed."""
    path = Path(path)
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
    doc = structure_text(raw, path.stem, meta, name=str(path))
    if warnings:
        doc = _with_warnings(doc, warnings)
    return doc


def structure_text(
    raw: bytes | str,
    doc_id: str,
    meta: DocumentMeta | None = None,
    *,
    name: str | None = None,
    split_on_semicolon: bool = False,
) -> StructuredDocument:
    """Structure raw bytes (any supported encoding) or already decoded text.

    Metadata fields missing from ``meta`` are filled from the text where it states them.
    """
    if isinstance(raw, str):
        data = raw.encode("utf-8")
        text = raw.lstrip("\ufeff")
    else:
        data = raw
        text = decode_bytes(raw, name or doc_id).text
    norm = normalise(text)
    found = structure(norm.text, split_on_semicolon=split_on_semicolon)
    detected = metadata.detect(doc_id, norm.text.split("\n"))
    final_meta = metadata.merge(meta, detected) if meta is not None else detected
    return StructuredDocument(
        meta=final_meta,
        text=norm.text,
        line_map=norm.line_map,
        sha256=hashlib.sha256(data).hexdigest(),
        headings=found.headings,
        paragraphs=found.paragraphs,
        sentences=found.sentences,
        boxes=found.boxes,
        clauses=found.clauses,
        warnings=norm.warnings + found.warnings,
    )


def _with_warnings(doc: StructuredDocument, extra: list[Warning_]) -> StructuredDocument:
    from dataclasses import replace

    return replace(doc, warnings=(*extra, *doc.warnings))
