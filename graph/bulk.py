"""Loading many documents: a few transactions in flight, cross-document locations once at the end.

Each document is still written by :func:`graph.load.load_document` in one transaction of its own;
what this adds is overlap. While the server writes one document the caller can extract the next
(``policykg ingest``) and, with two workers, the server's second core writes another one (the
server runs each transaction on one thread). Concurrency is kept where it is safe:

- documents new to the graph (or unchanged) run concurrently: they only MERGE shared entities and
  CREATE their own facts, and MERGE on a uniqueness constraint is safe between transactions; a
  deadlock between two of them is a transient error that the driver retries;
- a document that replaces an earlier version, and a second document with an id already in
  flight, run alone after everything in flight has finished: replacement deletes entities left
  without evidence, and that check must not race with another transaction adding evidence.

Closing the loader recomputes the cross-document locations once (graph.link).
"""

from __future__ import annotations

from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType

from neo4j import Driver

from core.model import DocumentFacts
from graph.link import relink_graph
from graph.load import STORED_FINGERPRINT, LoadPlan, LoadResult, load_document, rows_for


class BulkLoader:
    """``with BulkLoader(driver) as loader: future = loader.submit(facts)``; see the module doc."""

    def __init__(self, driver: Driver, *, workers: int = 2, force: bool = False) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._driver = driver
        self._force = force
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="policykg-load")
        self._inflight: deque[tuple[str, Future[LoadResult]]] = deque()
        self.derived: int | None = None  # cross-document locations after close()

    def __enter__(self) -> BulkLoader:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:  # do not start more work; let the running transactions finish or fail on their own
            self._pool.shutdown(wait=True, cancel_futures=True)

    def submit(self, facts: DocumentFacts) -> Future[LoadResult]:
        """Start loading ``facts``; blocks while the loader is full or the document must run alone."""
        plan = rows_for(facts)
        if self._runs_alone(facts, plan):
            self._drain()
            future = self._pool.submit(self._load, facts, plan)
            future.exception()  # wait: nothing else may start while it runs
            return future
        while len(self._inflight) >= self._workers:  # bound the work queued ahead of the server
            self._inflight.popleft()[1].exception()
        future = self._pool.submit(self._load, facts, plan)
        self._inflight.append((facts.doc_id, future))
        return future

    def close(self) -> int:
        """Wait for every load, then recompute the cross-document locations; returns their count."""
        self._drain()
        self._pool.shutdown(wait=True)
        self.derived = relink_graph(self._driver)
        return self.derived

    def _load(self, facts: DocumentFacts, plan: LoadPlan) -> LoadResult:
        return load_document(self._driver, facts, force=self._force, relink=False, plan=plan)

    def _runs_alone(self, facts: DocumentFacts, plan: LoadPlan) -> bool:
        if any(doc_id == facts.doc_id for doc_id, _ in self._inflight):
            return True
        with self._driver.session() as session:
            record = session.run(STORED_FINGERPRINT, doc=facts.doc_id).single()
        if record is None:
            return False  # new to the graph
        return self._force or record["facts"] != plan.document["props"]["facts_sha256"]

    def _drain(self) -> None:
        while self._inflight:
            self._inflight.popleft()[1].exception()  # errors stay in the futures for the caller
