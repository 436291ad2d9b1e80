"""Read queries for cited passages: every sentence with its citation and what the graph extracted
from it (the entities it mentions, the targets it states). ``api.ask.passages`` ranks them against a
question; nothing here takes user text."""

from __future__ import annotations

from typing import Any, LiteralString

from neo4j import Driver

from graph.queries.records import read

SENTENCES: LiteralString = """
MATCH (s:Sentence)
OPTIONAL MATCH (s)-[:IN]->(d:Document)
RETURN s.id AS id, s.doc AS doc, d.title AS title, s.line AS line, coalesce(s.line_end, s.line) AS line_end,
       coalesce(s.quote, s.text) AS quote, coalesce(s.text, s.quote) AS text,
       [(s)-[:MENTIONS]->(n) | {id: n.id, name: n.name, kind: labels(n)[0]}] AS entities
ORDER BY doc, line
"""

SENTENCE_TARGETS: LiteralString = """
MATCH (t:Target)-[r:MEASURES|SCOPED_TO]->()
UNWIND coalesce(r.sentences, []) AS sid
WITH sid, t
RETURN sid, collect(DISTINCT {id: t.id, name: coalesce(t.name, t.metric), metric: t.metric, value: t.value,
                              unit: t.unit, year: t.year}) AS targets
"""


def sentences(driver: Driver) -> list[dict[str, Any]]:
    """Every sentence: id, doc, title, line, line_end, quote (verbatim), text, entities, targets."""
    targets = {str(r["sid"]): list(r["targets"]) for r in read(driver, SENTENCE_TARGETS)}
    rows = read(driver, SENTENCES)
    for r in rows:
        r["targets"] = targets.get(str(r["id"]), [])
    return [r for r in rows if r.get("quote") and r.get("line") is not None]
