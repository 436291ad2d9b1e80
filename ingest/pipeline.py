"""Public entry points of ingestion: files or text in, :class:`DocumentFacts` out (no Neo4j)."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from core.errors import InputError
from core.model import DocumentFacts
from ingest.collector import collector_paused
from ingest.extract import extract_facts
from ingest.formats import SUFFIXES
from ingest.models import DocumentMeta
from ingest.reader import read_document, structure_text

MANIFEST_NAME = "manifest.toml"
_FORMATS = "/".join(SUFFIXES)


def discover(paths: Iterable[Path]) -> list[Path]:
    """The documents named by ``paths`` (files, or folders searched non-recursively for
    .txt, .pdf, .docx and .html files).

    Two different files that would become the same document (``plan.txt`` and ``plan.pdf``: the id
    is the stem) are refused before anything is read: one would silently replace the other.
    """
    paths = list(paths)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and p.is_file()))
        elif path.is_file():
            found.append(path)
        else:
            raise InputError(
                f"{path}: no such file or folder",
                hint=f"pass documents ({_FORMATS}) or folders that contain them",
            )
    if not found:
        raise InputError(
            f"no documents ({_FORMATS}) found in " + ", ".join(str(p) for p in paths),
            hint="policykg reads .txt (UTF-8 or GBK), .pdf with a text layer, .docx and .html files",
        )
    unique = list(dict.fromkeys(p.resolve() for p in found))
    _refuse_shared_ids(unique)
    return [p for p in dict.fromkeys(found) if p.resolve() in unique]


def _refuse_shared_ids(files: list[Path]) -> None:
    by_id: dict[str, list[Path]] = defaultdict(list)
    for path in files:
        by_id[path.stem].append(path)
    for doc_id, same in by_id.items():
        if len(same) > 1 and len({hashlib.sha256(p.read_bytes()).digest() for p in same}) > 1:
            raise InputError(
                f"{len(same)} different files would all become document {doc_id!r} (the id is the "
                "file stem): " + ", ".join(str(p) for p in same),
                hint="rename all but one of them, or ingest them one at a time on purpose",
            )


def manifest_for(path: Path, explicit: Path | None = None) -> Path | None:
    """The manifest that describes ``path``: the explicit one, else manifest.toml beside it."""
    if explicit is not None:
        return explicit
    candidate = path.parent / MANIFEST_NAME
    return candidate if candidate.is_file() else None


@collector_paused  # one pause over both steps: the structured document dies before a collection walks it
def facts_from_file(path: Path, manifest: Path | None = None) -> DocumentFacts:
    return _checked(extract_facts(read_document(path, manifest_for(path, manifest))))


@collector_paused
def facts_from_text(
    doc_id: str,
    raw: bytes | str,
    meta: DocumentMeta | None = None,
    *,
    name: str | None = None,
    max_bytes: int | None = None,
) -> DocumentFacts:
    """Facts of an uploaded file's bytes (any format) or text; ``name`` is what errors call it."""
    return _checked(extract_facts(structure_text(raw, doc_id, meta, name=name, max_bytes=max_bytes)))


def _checked(facts: DocumentFacts) -> DocumentFacts:
    """A text in which nothing was recognised still loads (its sentences can be searched), with
    a warning: it may not be an industrial-policy plan at all."""
    if not facts.nodes:
        facts.warnings.insert(
            0,
            (
                "no-entities",
                f"{facts.doc_id}: no region, industry chain, agency, project or target recognised in "
                f"{len(facts.sentences)} sentence(s); is this an industrial-policy plan?",
            ),
        )
    return facts
