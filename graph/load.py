"""Loading documents' facts into Neo4j, and deleting them.

``rows_for`` (graph.plan) is a pure mapping from :class:`DocumentFacts` to parameter rows; ``load_document``
writes them with ``UNWIND $rows …`` statements (entities MERGEd, the document's own sentences and
relationships CREATEd after its previous facts are removed) inside ONE transaction, so a document
is in the graph fully or not at all. The exception: a document of more than
``graph.chunked.CHUNK_ROWS`` rows would exceed the server's transaction memory, so it is written
in several transactions behind a ``loading`` marker (graph.chunked says what a failure leaves).
Ids are deterministic, so loading the same facts twice changes nothing. Deleting or replacing a
document deletes the entities that lost a relationship with it and have none left.

Cross-document locations (graph.link) are not facts of any one document but a cache derived from all
of them; they are recomputed in a transaction of their own after a load or delete, or once after a
run of many (recomputing them inside every document's transaction made a 250-document load ~2×
slower, since each recomputation reads every located name through the uncommitted state).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from core.model import DocumentFacts
from graph import chunked, link
from graph.plan import LoadPlan, label_of, rows_for
from graph.queries.resolve import clear_cache
from graph.removal import delete_orphans_tx, remove_document_facts
from graph.writes import write_plan

__all__ = ["LoadPlan", "LoadResult", "delete_document", "label_of", "load_document", "rows_for"]


@dataclass(frozen=True)
class LoadResult:
    doc_id: str
    status: str  # "loaded", "replaced", "unchanged"
    node_counts: dict[str, int]
    rel_counts: dict[str, int]
    seconds: float

    @property
    def relationships(self) -> int:
        return sum(self.rel_counts.values())


STORED_FINGERPRINT = "MATCH (d:Document {id: $doc}) RETURN d.facts_sha256 AS facts"
# What decides between one transaction and several (graph.chunked): a partial (marked) version, or
# a stored version too large to remove in one transaction, is replaced in several.
_STORED_STATE = (
    "MATCH (d:Document {id: $doc}) "
    "RETURN d.facts_sha256 AS facts, d.loading AS loading, COUNT { (:Sentence {doc: $doc}) } AS sentences"
)
_LARGE = "large"


def _stored_is_large(record: Any, bound: int) -> bool:
    return bool(record["loading"]) or int(record["sentences"]) * chunked.ROWS_PER_SENTENCE > bound


def await_search_index(driver: Driver) -> None:
    """Wait until the eventually consistent full-text index (schema.cypher) has caught up with
    every committed write, so that a search right after a load or delete sees it."""
    with driver.session() as session:
        session.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()


def load_document(
    driver: Driver,
    facts: DocumentFacts,
    *,
    force: bool = False,
    relink: bool = True,
    plan: LoadPlan | None = None,
    chunk_rows: int | None = None,
) -> LoadResult:
    """Write one document's facts in one transaction; replace its previous facts if it changed.

    A document of more than ``chunk_rows`` rows (default ``graph.chunked.CHUNK_ROWS``), or one
    replacing such a document or a partial one, is written in several transactions behind a marker
    instead (graph.chunked: why and what a failure leaves).

    The cross-document locations are recomputed afterwards in a transaction of their own (see
    graph.link); a caller loading many documents passes ``relink=False`` and calls
    :func:`graph.link.relink_graph` once at the end, as ``policykg ingest`` does.
    """
    bound = chunked.CHUNK_ROWS if chunk_rows is None else chunk_rows
    if plan is None:
        plan = rows_for(facts)
    doc_id = facts.doc_id
    fingerprint = plan.document["props"]["facts_sha256"]
    started = time.perf_counter()

    def work(tx: ManagedTransaction) -> str:
        record = tx.run(_STORED_STATE, doc=doc_id).single()
        # Unchanged means the same facts, not only the same text: after an extractor upgrade the
        # same file is read differently, and its facts must be replaced.
        if record is not None and record["facts"] == fingerprint and not force:
            return "unchanged"
        if record is not None and _stored_is_large(record, bound):
            return _LARGE
        candidates = remove_document_facts(tx, doc_id) if record is not None else []
        write_plan(tx, plan)
        if record is not None:
            # Derived edges may cite this document's old sentences or locate through its old
            # names; and a derived edge is no evidence, so it must not keep an entity alive.
            link.drop_derived(tx)
            delete_orphans_tx(tx, candidates)
        return "replaced" if record is not None else "loaded"

    if chunked.plan_rows(plan) > bound:
        status = chunked.load_large(driver, plan, force=force, bound=bound)
    else:
        with driver.session() as session:
            status = session.execute_write(work)
        if status == _LARGE:
            status = chunked.load_large(driver, plan, force=force, bound=bound)
    if status == "replaced":
        clear_cache()  # an entity may have gone with the old facts
    if relink and status != "unchanged":
        link.relink_graph(driver)
        await_search_index(driver)
    return LoadResult(
        doc_id, status, dict(plan.node_counts), dict(plan.rel_counts), time.perf_counter() - started
    )


def delete_document(
    driver: Driver, doc_id: str, *, relink: bool = True, chunk_rows: int | None = None
) -> bool:
    """Remove a document, its facts and the entities left without evidence. False if absent.

    A document too large for one transaction (``chunk_rows``, as :func:`load_document`) is removed
    in several (graph.chunked). Like :func:`load_document`, the cross-document locations are
    recomputed afterwards unless ``relink`` is False.
    """
    bound = chunked.CHUNK_ROWS if chunk_rows is None else chunk_rows

    def work(tx: ManagedTransaction) -> str:
        record = tx.run(_STORED_STATE, doc=doc_id).single()
        if record is None:
            return "absent"
        if _stored_is_large(record, bound):
            return _LARGE
        candidates = remove_document_facts(tx, doc_id)
        tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=doc_id).consume()
        link.drop_derived(tx)
        delete_orphans_tx(tx, candidates)
        return "deleted"

    with driver.session() as session:
        status = session.execute_write(work)
    if status == _LARGE:
        chunked.delete_large(driver, doc_id, bound=bound)
    deleted = status != "absent"
    if deleted:
        clear_cache()
    if relink and deleted:
        link.relink_graph(driver)
        await_search_index(driver)
    return deleted


def graph_counts(driver: Driver) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per label and relationship counts per type of the whole graph."""
    with driver.session() as session:
        nodes = {
            r["label"]: r["n"]
            for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
        }
        rels = {r["t"]: r["n"] for r in session.run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
    return nodes, rels
