"""Documents: their metadata, how many facts of each kind the graph holds from each, and their
status: ``loading`` while a large document is written in several transactions (graph.chunked), or
after such a load was interrupted; its facts are then incomplete."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.model import Label
from graph.queries.records import read, str_or_none
from graph.queries.resolve import resolve_document
from graph.rows import DocumentItem

# The counts are stored on the Document by the load (graph.plan._store_counts); a document loaded
# before they were, or one still loading in several transactions, is counted live.
DOCUMENTS: LiteralString = """
MATCH (d:Document)
WHERE $id IS NULL OR d.id = $id
OPTIONAL CALL (d) {
  WITH d WHERE d.count_sentences IS NULL OR d.loading
  CALL (d) {
    OPTIONAL MATCH (s:Sentence {doc: d.id})
    RETURN count(s) AS sentences
  }
  CALL (d) {
    OPTIONAL MATCH (:Sentence {doc: d.id})-[:MENTIONS]->(n)
    WITH labels(n)[0] AS label, count(DISTINCT n) AS n
    RETURN collect([label, n]) AS entities
  }
  RETURN sentences AS live_sentences, entities AS live_entities
}
RETURN d.id AS id, coalesce(d.title, d.name, d.id) AS name, d.title AS title, d.issuer AS issuer,
       d.date AS date, d.level AS level, d.region AS region, d.period AS period,
       coalesce(live_sentences, d.count_sentences) AS sentences,
       coalesce(live_entities,
                [i IN range(0, size(d.count_labels) - 1) | [d.count_labels[i], d.count_entities[i]]])
         AS entities,
       CASE WHEN d.loading THEN 'loading' ELSE 'loaded' END AS status,
       COUNT { MATCH (t:Task {doc: d.id}) } AS tasks, COUNT { MATCH (t:Target {doc: d.id}) } AS targets
ORDER BY id
"""

# The labels counted per document (entities its sentences mention), under their plural names.
_COUNT_KEYS = {
    "Chain": "chains",
    "Region": "regions",
    "Project": "projects",
    "Agency": "agencies",
    "Enterprise": "enterprises",
    "Platform": "platforms",
    "Base": "bases",
    "Technology": "technologies",
}


def documents(driver: Driver, doc: str | None = None) -> list[DocumentItem]:
    """Every document, by id (or the one ``doc`` names: :class:`NotFound` if none)."""
    wanted = resolve_document(driver, doc) if doc is not None else None
    out: list[DocumentItem] = []
    for r in read(driver, DOCUMENTS, id=wanted):
        counts = {"sentences": int(r["sentences"]), "tasks": int(r["tasks"]), "targets": int(r["targets"])}
        for label, n in r["entities"]:
            if label in _COUNT_KEYS:
                counts[_COUNT_KEYS[label]] = int(n)
        out.append(
            DocumentItem(
                id=r["id"],
                name=r["name"],
                kind=Label.DOCUMENT.value,
                evidence=[],
                title=str_or_none(r["title"]),
                issuer=str_or_none(r["issuer"]),
                date=str_or_none(r["date"]),
                level=str_or_none(r["level"]),
                region=str_or_none(r["region"]),
                period=str_or_none(r["period"]),
                counts=counts,
                status=r["status"],
            )
        )
    return out


def document(driver: Driver, doc: str) -> DocumentItem:
    return documents(driver, doc)[0]


HEALTH: LiteralString = "MATCH (d:Document) RETURN count(d) AS documents"


def count_documents(driver: Driver) -> int:
    return int(read(driver, HEALTH)[0]["documents"])
