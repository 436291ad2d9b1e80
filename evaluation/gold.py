"""Gold files (the format of ``../shared/gold/seeds-dev.json``): a JSON list of items, each with
``id``, ``kind``, ``difficulty``, ``question_zh``, ``params``, ``expected`` (strings),
``acceptable_extra`` and ``sources`` (the files and lines the answer comes from)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from core.errors import InputError


def load_gold(path: Path) -> list[dict[str, Any]]:
    """The items of a gold file; an unreadable file or one that is not a list of items is an
    :class:`~core.errors.InputError`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{path}: cannot read the gold file: {exc}") from None
    if not isinstance(data, list) or not all(isinstance(g, dict) for g in data):
        raise InputError(f"{path}: a gold file is a JSON list of items (objects)")
    return data


def corpus_of(gold: Iterable[Mapping[str, Any]]) -> frozenset[str]:
    """The documents a gold set is about: every file its sources cite (ids, without ``.txt``)."""
    return frozenset(
        str(src["file"]).removesuffix(".txt")
        for g in gold
        for src in g.get("sources") or []
        if src.get("file")
    )


def in_corpus(items: Sequence[Mapping[str, Any]], corpus: frozenset[str] | None) -> list[dict[str, Any]]:
    """Items that are not Documents outside ``corpus``: questions about "the documents" mean the
    gold set's own, though the graph holds others beside them (they are neither right nor wrong)."""
    return [dict(i) for i in items if not corpus or i.get("kind") != "Document" or str(i.get("id")) in corpus]
