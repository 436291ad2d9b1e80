"""The dictionary of the question parser (``api.lexicon``): every entity name and alias, and the
documents' titles and fingerprints (to know when the dictionary is stale)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.records import read

LEXICON: LiteralString = """
MATCH (n)
WHERE any(l IN labels(n) WHERE l IN $labels)
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       n.level AS level
"""

DOCUMENT_INDEX: LiteralString = """
MATCH (d:Document)
RETURN d.id AS id, d.title AS title, d.subject AS subject, d.level AS level, d.region AS region,
       d.sha256 AS sha256, d.facts_sha256 AS facts_sha256
ORDER BY id
"""


def lexicon(driver: Driver, labels: Sequence[Label]) -> list[dict[str, Any]]:
    return read(driver, LEXICON, labels=[lab.value for lab in labels])


def document_index(driver: Driver) -> list[dict[str, Any]]:
    return read(driver, DOCUMENT_INDEX)
