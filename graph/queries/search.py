"""Search: the entities whose name or an alias contains some words, exact matches first."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import ENTITY_LABELS, name_key
from graph.queries.fragments import cite_mentions, names_containing
from graph.queries.records import evidence, read
from graph.queries.resolve import parse_label
from graph.rows import SearchItem

_RETURN: LiteralString = (
    cite_mentions("n", "n")
    + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases, evidence
"""
)
SEARCH: LiteralString = names_containing(ENTITY_LABELS) + _RETURN  # one variant per kind asked


def search(driver: Driver, q: str, kind: str | None = None, limit: int = 50) -> list[SearchItem]:
    """Entities whose name or an alias contains ``q`` (whitespace-insensitive); exact matches first."""
    key = name_key(q)
    if not key:
        raise InputError("q must not be empty")
    label = parse_label(kind)
    query = names_containing((label,) if label else ENTITY_LABELS) + _RETURN
    return [
        SearchItem(
            id=r["id"],
            name=r["name"],
            kind=r["kind"],
            evidence=evidence(r["evidence"]),
            aliases=list(r["aliases"]),
        )
        for r in read(driver, query, key=key, limit=limit)
    ]
