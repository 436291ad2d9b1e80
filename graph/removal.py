"""Removing a document's facts: in its own transaction (graph.load) or in batches (graph.chunked).

Both return the ids of the entities that lost a relationship: the only candidates for becoming
orphans (entities without evidence), which are then deleted if nothing else holds them.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from neo4j import Driver, ManagedTransaction

from core.model import ENTITY_LABELS, Label, Rel

_DOC_RELS: tuple[Rel, ...] = tuple(r for r in Rel if r not in (Rel.IN, Rel.MENTIONS))
_LABEL_BY_PREFIX = {label.value.lower(): label for label in Label}

# Removal of a document's facts: its fact relationships (found through the relationship indexes on
# doc), its Sentences (with IN and MENTIONS), its Tasks and Targets. Returns the ids of the entities
# that lost a relationship: the only candidates for becoming orphans.
_REMOVE_DOC_FACTS = "\nUNION\n".join(
    [
        f"MATCH (a)-[r:{rtype.value} {{doc: $doc}}]->(b) DELETE r WITH a, b "
        "UNWIND [a.id, b.id] AS id RETURN DISTINCT id"
        for rtype in _DOC_RELS
    ]
    + [
        "MATCH (s:Sentence {doc: $doc}) OPTIONAL MATCH (s)-[:MENTIONS]->(n) "
        "WITH s, collect(n.id) AS ids DETACH DELETE s WITH ids UNWIND ids AS id RETURN DISTINCT id",
        "MATCH (t:Task {doc: $doc}) DETACH DELETE t RETURN DISTINCT null AS id",
        "MATCH (t:Target {doc: $doc}) DETACH DELETE t RETURN DISTINCT null AS id",
    ]
)


def remove_document_facts(tx: ManagedTransaction, doc_id: str) -> list[str]:
    ids = {record["id"] for record in tx.run(_REMOVE_DOC_FACTS, doc=doc_id)}
    return sorted(i for i in ids if isinstance(i, str))


@functools.lru_cache(maxsize=64)
def _delete_orphans_query(labels: tuple[str, ...]) -> str:
    return "\nUNION ALL\n".join(
        # The same-value SET takes the write lock before the check, so a concurrent load that
        # is adding evidence to the entity (it locks it too) commits first and is seen.
        f"UNWIND $p_{label} AS id MATCH (n:{label} {{id: id}}) SET n.id = id WITH n WHERE NOT (n)--() "
        "DETACH DELETE n RETURN count(*) AS deleted"
        for label in labels
    )


def delete_orphans_tx(tx: ManagedTransaction, candidates: list[str]) -> int:
    """Delete the candidates (entity ids) that have no relationship left."""
    by_label: dict[str, list[str]] = defaultdict(list)
    for node_id in candidates:
        label = _LABEL_BY_PREFIX.get(node_id.split(":", 1)[0])
        if label in ENTITY_LABELS:
            by_label[label.value].append(node_id)
    if not by_label:
        return 0
    labels = tuple(sorted(by_label))
    result = tx.run(_delete_orphans_query(labels), {f"p_{label}": by_label[label] for label in labels})
    return sum(int(record["deleted"]) for record in result)


# A batch removes at most $limit of one kind of fact and returns one row per removal with the ids
# of the entities that lost a relationship.
_REMOVE_BATCHES = (
    *(
        f"MATCH (a)-[r:{rtype.value} {{doc: $doc}}]->(b) WITH a, b, r LIMIT $limit DELETE r "
        "RETURN [a.id, b.id] AS ids"
        for rtype in _DOC_RELS
    ),
    # a sentence carries its IN and MENTIONS: fewer of them per batch keeps the deletions near $limit
    "MATCH (s:Sentence {doc: $doc}) WITH s LIMIT $sentences "
    "WITH s, [(s)-[:MENTIONS]->(n) | n.id] AS ids DETACH DELETE s RETURN ids",
    "MATCH (t:Task {doc: $doc}) WITH t LIMIT $limit DETACH DELETE t RETURN [] AS ids",
    "MATCH (t:Target {doc: $doc}) WITH t LIMIT $limit DETACH DELETE t RETURN [] AS ids",
)


Tx = Callable[[ManagedTransaction], None]


def _write(driver: Driver, work: Callable[..., Any], *args: Any) -> Any:
    with driver.session() as session:
        return session.execute_write(work, *args)


def remove_facts(driver: Driver, doc_id: str, *, bound: int, before: Tx | None = None) -> set[str]:
    """Remove a document's facts (not the Document) in transactions of about ``bound`` deletions
    each, ``before`` run first in each; returns the orphan candidates."""
    candidates: set[str] = set()

    def batch(tx: ManagedTransaction, query: str) -> int:
        if before is not None:
            before(tx)
        records = list(tx.run(query, doc=doc_id, limit=bound, sentences=max(1, bound // 8)))
        candidates.update(i for r in records for i in r["ids"] if isinstance(i, str))
        return len(records)

    for query in _REMOVE_BATCHES:
        while _write(driver, batch, query):
            pass
    return candidates


def delete_orphans(driver: Driver, candidates: Iterable[str], *, bound: int) -> int:
    """:func:`delete_orphans_tx` in transactions of at most ``bound // 10`` candidates (each is
    locked and re-indexed: 100,000 of them outlasted the server's 120 s transaction timeout)."""
    ids, step = sorted(candidates), max(1, bound // 10)
    return sum(int(_write(driver, delete_orphans_tx, ids[i : i + step])) for i in range(0, len(ids), step))


def sweep_unrelated(driver: Driver, *, bound: int) -> int:
    """Delete entities without any relationship, batch by batch: what an interrupted load of a
    large document can leave (its entities committed, their relationships not). Each is locked
    before the check, as in :func:`delete_orphans_tx`, so a load adding evidence is waited for."""
    deleted, step = 0, max(1, bound // 10)  # as delete_orphans
    for label in sorted(label.value for label in ENTITY_LABELS):
        query = f"MATCH (n:{label}) WHERE NOT (n)--() WITH n LIMIT $limit RETURN n.id AS id"

        def batch(tx: ManagedTransaction, q: str = query) -> tuple[int, int]:
            ids = [r["id"] for r in tx.run(q, limit=step)]
            return len(ids), delete_orphans_tx(tx, ids)

        while True:
            seen, gone = _write(driver, batch)
            deleted += gone
            if seen < step:
                break
    return deleted
