"""Public entry points of ingestion: files or text in, :class:`DocumentFacts` out (no Neo4j)."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from core.errors import InputError
from core.model import DocumentFacts
from ingest.extract import extract_facts
from ingest.models import DocumentMeta
from ingest.reader import read_document, structure_text

MANIFEST_NAME = "manifest.toml"


def discover(paths: Iterable[Path]) -> list[Path]:
    """The ``.txt`` documents named by ``paths`` (files, or folders searched non-recursively)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix == ".txt" and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(
                f"{path}: no such file or folder", hint="pass .txt files or folders that contain them"
            )
    if not found:
        raise InputError(
            "no .txt documents found in " + ", ".join(str(p) for p in paths),
            hint="documents must be UTF-8 (or GBK/GB18030) text files ending in .txt",
        )
    return list(dict.fromkeys(found))


def manifest_for(path: Path, explicit: Path | None = None) -> Path | None:
    """The manifest that describes ``path``: the explicit one, else manifest.toml beside it."""
    if explicit is not None:
        return explicit
    candidate = path.parent / MANIFEST_NAME
    return candidate if candidate.is_file() else None


def facts_from_file(path: Path, manifest: Path | None = None) -> DocumentFacts:
    return extract_facts(read_document(path, manifest_for(path, manifest)))


def facts_from_text(doc_id: str, raw: bytes | str, meta: DocumentMeta | None = None) -> DocumentFacts:
    return extract_facts(structure_text(raw, doc_id, meta))
