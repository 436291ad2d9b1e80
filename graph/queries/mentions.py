"""The documents whose sentences contain a term, with how many of their sentences do."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import InputError
from core.model import Label
from graph.queries.fragments import EVIDENCE, text_key
from graph.queries.matching import q_variants
from graph.queries.records import evidence, read
from graph.rows import MentionItem

# One row per document; its evidence is its first sentences with the term.
MENTIONS: LiteralString = (
    """
MATCH (s:Sentence)
WHERE any(w IN $q WHERE """
    + text_key("s.text")
    + " CONTAINS w OR "
    + text_key("coalesce(s.quote, s.text)")
    + """ CONTAINS w)
WITH s.doc AS doc, s ORDER BY s.line
WITH doc, count(s) AS count, collect(s.id)[..8] AS sids
"""
    + EVIDENCE
    + """
OPTIONAL MATCH (d:Document {id: doc})
RETURN doc AS id, coalesce(d.title, doc) AS name, d.title AS title, count, evidence
ORDER BY count DESC, id
"""
)


def mentions(driver: Driver, term: str) -> list[MentionItem]:
    """Documents whose sentences contain ``term`` (whitespace-insensitive), with the number of them."""
    variants = q_variants(term)
    if not variants:
        raise InputError("term must not be empty")
    return [
        MentionItem(
            id=r["id"],
            name=r["name"],
            kind=Label.DOCUMENT.value,
            evidence=evidence(r["evidence"]),
            count=int(r["count"]),
            title=r["title"],
        )
        for r in read(driver, MENTIONS, q=variants)
    ]
