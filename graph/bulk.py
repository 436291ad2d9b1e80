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
  without evidence, and that check must not race with another transaction adding evidence;
- a document too large for one transaction (graph.chunked) runs alone too.

Closing the loader recomputes the cross-document locations once (graph.link) and waits for the
full-text index, so that a search right after the ingest sees its documents.

:func:`load_files` is the whole of ``policykg ingest``: read each file (with the reader it is given:
graph does not know how text becomes facts), load it, and report what was loaded, what was said
about it and what failed; one bad document fails alone. It first removes what interrupted loads of
large documents left (markers older than ``graph.chunked.STALE_MS``) and reports newer markers.
"""

from __future__ import annotations

import gc
import sys
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from neo4j import Driver

from core.errors import PolicyKGError
from core.model import DocumentFacts
from graph.chunked import CHUNK_ROWS, Leftover, clean_leftovers, plan_rows
from graph.link import relink_graph
from graph.load import STORED_FINGERPRINT, LoadResult, await_search_index, load_document
from graph.plan import LoadPlan, rows_for

# While a loader is open, this process's threads pass the interpreter lock on every 0.5 ms instead of
# every 5: a worker whose statement has returned (its result, the
# commit) no longer waits up to 5 ms for the thread that builds the next plan or extracts the next
# document, and the server no longer waits for that worker. x50 seeds, 2 workers, same server:
# 27.2 k -> 32.4 k rels/s (0.1 ms: 32.0 k, 1 ms: 31.0 k).
SWITCH_INTERVAL = 0.0005
# And the cyclic garbage collector runs after every 100,000 net allocations instead of 700: a
# document's plan and parameters are tens of thousands of small lists and dicts (freed by reference
# counting: the rows hold no cycles), and each collection also walks the survivors, e.g. the facts
# a caller holds. x10 seeds, 2 workers: client 10.9-15.0 -> 9.2-11.0 us/rel (rows_for alone 25 %).
GC_THRESHOLD = 100_000


class BulkLoader:
    """``with BulkLoader(driver) as loader: future = loader.submit(facts)``; see the module doc."""

    def __init__(
        self, driver: Driver, *, workers: int = 2, force: bool = False, chunk_rows: int | None = None
    ) -> None:
        if workers < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        self._driver = driver
        self._force = force
        self._chunk_rows = chunk_rows
        self._workers = workers
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="policykg-load")
        self._inflight: deque[tuple[str, Future[LoadResult]]] = deque()
        self.derived: int | None = None  # cross-document locations after close()
        self._switch_interval = sys.getswitchinterval()  # both restored when the loader closes
        self._gc_threshold = gc.get_threshold()
        sys.setswitchinterval(min(self._switch_interval, SWITCH_INTERVAL))
        gc.set_threshold(max(self._gc_threshold[0], GC_THRESHOLD), *self._gc_threshold[1:])

    def __enter__(self) -> BulkLoader:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:  # do not start more work; let the running transactions finish or fail on their own
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._restore()

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
        self._restore()
        self.derived = relink_graph(self._driver)
        await_search_index(self._driver)
        return self.derived

    def _restore(self) -> None:
        sys.setswitchinterval(self._switch_interval)
        gc.set_threshold(*self._gc_threshold)

    def _load(self, facts: DocumentFacts, plan: LoadPlan) -> LoadResult:
        return load_document(
            self._driver, facts, force=self._force, relink=False, plan=plan, chunk_rows=self._chunk_rows
        )

    def _runs_alone(self, facts: DocumentFacts, plan: LoadPlan) -> bool:
        if any(doc_id == facts.doc_id for doc_id, _ in self._inflight):
            return True
        if plan_rows(plan) > (CHUNK_ROWS if self._chunk_rows is None else self._chunk_rows):
            return True  # several transactions, and a server busy enough with them alone
        with self._driver.session() as session:
            record = session.run(STORED_FINGERPRINT, doc=facts.doc_id).single()
        if record is None:
            return False  # new to the graph
        return self._force or record["facts"] != plan.document["props"]["facts_sha256"]

    def _drain(self) -> None:
        while self._inflight:
            self._inflight.popleft()[1].exception()  # errors stay in the futures for the caller


@dataclass
class BulkReport:
    """What :func:`load_files` did: loads in file order, warnings by code, failures, and the
    cross-document locations of the whole graph afterwards."""

    results: list[LoadResult] = field(default_factory=list)
    warnings: dict[str, list[tuple[str, str]]] = field(default_factory=lambda: defaultdict(list))
    failures: list[tuple[Path, PolicyKGError]] = field(default_factory=list)
    derived: int = 0
    cleaned: list[Leftover] = field(default_factory=list)  # interrupted loads removed first
    running: list[Leftover] = field(default_factory=list)  # loads in progress elsewhere, left alone


def load_files(
    driver: Driver,
    paths: Iterable[Path],
    read: Callable[[Path], DocumentFacts],
    *,
    workers: int = 2,
    force: bool = False,
    on_file: Callable[[Path], None] | None = None,
    chunk_rows: int | None = None,
) -> BulkReport:
    """Read each of ``paths`` with ``read`` and load its facts with a :class:`BulkLoader`.

    The loader writes while the next document is read, and recomputes the cross-document locations
    once at the end, even when nothing changed (that repairs a killed run). A document that cannot
    be read or loaded (a :class:`~core.errors.PolicyKGError`) is a failure of its own; any other
    error propagates. ``on_file(path)`` is called before each file is read (progress).
    """
    report = BulkReport()
    report.cleaned, report.running = clean_leftovers(driver, bound=chunk_rows or CHUNK_ROWS)
    loads: list[tuple[Path, Future[LoadResult]]] = []
    with BulkLoader(driver, workers=workers, force=force, chunk_rows=chunk_rows) as loader:
        for path in paths:
            if on_file is not None:
                on_file(path)
            try:
                facts = read(path)
            except PolicyKGError as exc:  # one bad document must not stop the others
                report.failures.append((path, exc))
                continue
            loads.append((path, loader.submit(facts)))
            for code, message in facts.warnings:
                report.warnings[code].append((facts.doc_id, message))
    for path, future in loads:
        error = future.exception()
        if isinstance(error, PolicyKGError):
            report.failures.append((path, error))
        elif error is not None:
            raise error
        else:
            report.results.append(future.result())
    report.derived = loader.derived or 0
    return report
