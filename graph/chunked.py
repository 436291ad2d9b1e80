"""Documents too large for one transaction: written, replaced and deleted in several, behind a marker.

Why: Neo4j keeps a transaction's whole uncommitted state in memory, bounded by
``dbms.memory.transaction.total.max`` (70 % of the heap: 717 MiB at the default 1 GB). A generated
20 MB plan (≈ 7 M characters, ≈ 830 k relationships) written in the one transaction of
:func:`graph.load.load_document` failed with ``MemoryPoolOutOfMemoryError``, at 3 GB of heap too.
A real plan has 2–20 k rows; a plan of more than ``CHUNK_ROWS`` rows (sentences, entities,
relationships, mentions), or a stored version that large, goes through this module instead, with
the same statements as the one-transaction load:

1. One transaction puts the marker on the Document node: ``loading: true``, ``load_token`` (this
   load's own id) and ``loading_at`` (server time in ms, renewed by every later transaction), with
   the document's metadata but without ``facts_sha256``.
2. The facts of a previous (or partial) version are removed in batches, each its own transaction.
3. The plan's statements run in transactions of at most ``CHUNK_ROWS`` rows; each first checks that
   the marker still carries this load's token (another load that took the document over wins).
4. A replacement's orphans are checked in batches; then ONE final transaction sets
   ``facts_sha256`` and removes the marker. Until it commits the document is not complete: the
   document lists show it as ``loading``, and the unchanged-fingerprint check never skips it.

If a step fails, everything the load wrote is removed again (batched compensating deletes: the
document, its facts, entities left without evidence; the previous version too, already removed in
step 2) and a :class:`~core.errors.PolicyKGError` says what failed and where. If the process dies
instead, the marker stays: re-ingesting the document replaces the partial one, and
``policykg ingest`` (graph.bulk) removes markers older than ``STALE_MS`` and reports newer ones.
What an all-or-nothing transaction would also undo and this does not: aliases the document added
to entities that other documents keep (as after :func:`graph.load.delete_document`).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import DriverError, Neo4jError

from core.errors import PolicyKGError, RuntimeUnavailable
from graph import link
from graph.plan import LoadPlan
from graph.removal import delete_orphans, remove_facts, sweep_unrelated
from graph.writes import BATCH_SIZE, statements

CHUNK_ROWS = 100_000  # rows per transaction: ~100 MiB of transaction state, 7x below the 1 GB limit
STALE_MS = 10 * 60 * 1000  # a marker not renewed for this long is left by a dead load
# A stored version is taken as too large to remove in one transaction above CHUNK_ROWS // this
# many sentences (generated plans carry 6–8 rows per sentence; the seeds 5–7).
ROWS_PER_SENTENCE = 8


def plan_rows(plan: LoadPlan) -> int:
    groups: Iterable[list[Any]] = (*plan.nodes.values(), *plan.relations.values(), *plan.mentions.values())
    return 1 + len(plan.sentences) + sum(len(rows) for rows in groups)


_MARK = (
    "MERGE (d:Document {id: $doc}) SET d = $props, d.id = $doc, d.loading = true, "
    "d.load_token = $token, d.loading_at = timestamp()"
)
_RENEW = (
    "MATCH (d:Document {id: $doc}) WHERE d.load_token = $token "
    "SET d.loading_at = timestamp() RETURN d.id AS id"
)
_FINISH = (
    "MATCH (d:Document {id: $doc}) WHERE d.load_token = $token "
    "SET d.facts_sha256 = $fingerprint REMOVE d.loading, d.load_token, d.loading_at RETURN d.id AS id"
)
_STATE = "MATCH (d:Document {id: $doc}) RETURN d.facts_sha256 AS facts, d.loading AS loading"


@dataclass(frozen=True)
class Leftover:
    """A document whose load has not finished: interrupted (stale) or still running elsewhere."""

    doc_id: str
    age_ms: int

    @property
    def stale(self) -> bool:
        return self.age_ms >= STALE_MS


class _TakenOver(Exception):
    """Another load put its own marker on the document: this one stops and leaves it alone."""


def _write(driver: Driver, work: Callable[..., Any], *args: Any) -> Any:
    with driver.session() as session:
        return session.execute_write(work, *args)


def _renew(tx: ManagedTransaction, doc_id: str, token: str) -> None:
    if tx.run(_RENEW, doc=doc_id, token=token).single() is None:
        raise _TakenOver(doc_id)


def _owner(doc_id: str, token: str | None) -> Callable[[ManagedTransaction], None] | None:
    return None if token is None else lambda tx: _renew(tx, doc_id, token)


def _run_chunk(tx: ManagedTransaction, statements: list[tuple[str, dict[str, Any]]]) -> None:
    """One transaction's statements (the seam where tests inject a failure)."""
    for query, params in statements:
        tx.run(query, params).consume()


def _chunks(plan: LoadPlan, bound: int) -> Iterator[list[tuple[str, dict[str, Any]]]]:
    """The plan's statements grouped into transactions of at most ``bound`` rows (one at least)."""
    chunk: list[tuple[str, dict[str, Any]]] = []
    rows = 0
    # Rows per part and statement such that one statement stays within the bound too.
    parts = 2 + sum(
        1 for group in (*plan.nodes.values(), *plan.relations.values(), *plan.mentions.values()) if group
    )
    for query, params in statements(plan, batch=max(1, min(bound // parts, BATCH_SIZE))):
        n = sum(len(v) for v in params.values() if isinstance(v, list))
        if chunk and rows + n > bound:
            yield chunk
            chunk, rows = [], 0
        chunk.append((query, params))
        rows += n
    if chunk:
        yield chunk


def _delete_document(tx: ManagedTransaction, doc_id: str, token: str | None) -> None:
    if token is None:
        tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=doc_id).consume()
    else:
        tx.run(
            "MATCH (d:Document {id: $doc}) WHERE d.load_token = $token DETACH DELETE d",
            doc=doc_id,
            token=token,
        ).consume()


def _discard(driver: Driver, doc_id: str, candidates: set[str], bound: int, token: str | None) -> None:
    """Remove the document, its facts and the entities left without evidence, batch by batch."""
    candidates |= remove_facts(driver, doc_id, bound=bound, before=_owner(doc_id, token))
    _write(driver, link.drop_derived)  # derived edges are no evidence: they must not keep an orphan
    delete_orphans(driver, candidates, bound=bound)
    _sweep(driver, bound, own=doc_id)
    # The marked Document goes last: until then a failure leaves a leftover to clean, not orphans.
    _write(driver, _delete_document, doc_id, token)


def _sweep(driver: Driver, bound: int, own: str | None = None) -> None:
    """Entities an interrupted load left without relationships (none are candidates: nothing
    records them); not while another large load is running, whose entities wait for theirs."""
    if all(left.doc_id == own or left.stale for left in leftovers(driver)):
        sweep_unrelated(driver, bound=bound)


def _mark(tx: ManagedTransaction, plan: LoadPlan, token: str, force: bool) -> tuple[str, bool]:
    """Puts this load's marker on the document; its status and whether the stored one is partial."""
    doc_id, props = plan.document["id"], dict(plan.document["props"])
    fingerprint = props.pop("facts_sha256")
    record = tx.run(_STATE, doc=doc_id).single()
    if record is not None and record["facts"] == fingerprint and not record["loading"] and not force:
        return "unchanged", False
    tx.run(_MARK, doc=doc_id, props=props, token=token).consume()
    return ("loaded", False) if record is None else ("replaced", bool(record["loading"]))


def _write_chunk(tx: ManagedTransaction, doc_id: str, token: str, chunk: list[tuple[str, Any]]) -> None:
    _renew(tx, doc_id, token)
    _run_chunk(tx, chunk)
    _renew(tx, doc_id, token)  # the first chunk's Document statement rewrites its properties


def _finish(tx: ManagedTransaction, doc_id: str, token: str, fingerprint: str) -> None:
    if tx.run(_FINISH, doc=doc_id, token=token, fingerprint=fingerprint).single() is None:
        raise _TakenOver(doc_id)


def load_large(driver: Driver, plan: LoadPlan, *, force: bool = False, bound: int = CHUNK_ROWS) -> str:
    """Write ``plan`` in transactions of at most ``bound`` rows (see the module doc); its status."""
    doc_id = plan.document["id"]
    token = uuid.uuid4().hex
    status, partial = _write(driver, _mark, plan, token, force)
    status = str(status)
    if status == "unchanged":
        return status
    # The statements' Document row carries the marker (they SET the document's properties).
    props = {k: v for k, v in plan.document["props"].items() if k != "facts_sha256"}
    marked = LoadPlan(
        {"id": doc_id, "props": {**props, "loading": True, "load_token": token}}, [], {}, {}, {}
    )
    marked.sentences, marked.nodes, marked.relations, marked.mentions = (
        plan.sentences,
        plan.nodes,
        plan.relations,
        plan.mentions,
    )
    candidates = {row["id"] for rows in plan.nodes.values() for row in rows}  # for the undo
    step, old = "removing the previous version", set[str]()
    try:
        if status == "replaced":
            old = remove_facts(driver, doc_id, bound=bound, before=_owner(doc_id, token))
            candidates |= old
        chunks = list(_chunks(marked, bound))
        for k, chunk in enumerate(chunks, 1):
            step = f"writing transaction {k} of {len(chunks)}"
            _write(driver, _write_chunk, doc_id, token, chunk)
        step = "removing entities left without evidence"
        if status == "replaced":
            _write(driver, link.drop_derived)
            delete_orphans(driver, old, bound=bound)
            if partial:
                _sweep(driver, bound, own=doc_id)
        step = "the final transaction"
        _write(driver, _finish, doc_id, token, plan.document["props"]["facts_sha256"])
    except _TakenOver:
        raise PolicyKGError(
            f"loading {doc_id} stopped at {step}: another load of the same document took it over",
            hint="nothing to undo here: the other load completes or removes it; ingest again if it fails",
        ) from None
    except (Neo4jError, DriverError) as exc:
        _undo(driver, doc_id, candidates, bound, token, step, exc)
    return status


def _undo(
    driver: Driver, doc_id: str, candidates: set[str], bound: int, token: str, step: str, exc: Exception
) -> None:
    what = f"loading {doc_id} in several transactions failed at {step} ({type(exc).__name__}: {exc})"
    cls = RuntimeUnavailable if isinstance(exc, DriverError) else PolicyKGError
    try:
        _discard(driver, doc_id, candidates, bound, token)
    except _TakenOver:
        raise cls(f"{what}; another load has taken the document over", hint="let it finish") from None
    except (Neo4jError, DriverError) as again:
        raise cls(
            f"{what}; removing what it wrote failed too ({again}): the document stays marked as loading",
            hint="when Neo4j is back, run `policykg ingest` again: it replaces or removes the partial one",
        ) from None
    raise cls(
        f"{what}; everything it wrote was removed (a previous version of it too)",
        hint="fix the cause (for memory, a larger POLICYKG_NEO4J_HEAP) and ingest the document again",
    ) from None


def delete_large(driver: Driver, doc_id: str, *, bound: int = CHUNK_ROWS) -> None:
    """Delete a document batch by batch, marked as loading meanwhile (a crash leaves a leftover)."""
    token = uuid.uuid4().hex
    _write(driver, lambda tx: tx.run(_TAKE, doc=doc_id, token=token).consume())
    _discard(driver, doc_id, set(), bound, token)


_TAKE = (
    "MATCH (d:Document {id: $doc}) SET d.loading = true, d.load_token = $token, d.loading_at = timestamp()"
)
_LEFTOVERS = (
    "MATCH (d:Document) WHERE d.loading RETURN d.id AS id, d.load_token AS token, "
    "timestamp() - coalesce(d.loading_at, 0) AS age ORDER BY id"
)


def leftovers(driver: Driver) -> list[Leftover]:
    """Documents marked as loading: interrupted loads (stale) and loads still running."""
    with driver.session() as session:
        return [Leftover(r["id"], int(r["age"])) for r in session.run(_LEFTOVERS)]


def clean_leftovers(driver: Driver, *, bound: int = CHUNK_ROWS) -> tuple[list[Leftover], list[Leftover]]:
    """Remove the stale leftovers (batched); returns (removed, still running)."""
    found = leftovers(driver)
    removed = []
    for left in found:
        if left.stale:
            delete_large(driver, left.doc_id, bound=bound)
            removed.append(left)
    return removed, [left for left in found if not left.stale]
