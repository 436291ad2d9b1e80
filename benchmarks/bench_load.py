"""Load throughput (relationships/s): the seeds, and the seeds repeated under 50 document ids.

Each set is loaded into an empty database as ``policykg ingest`` loads it (graph.bulk.BulkLoader):
one transaction per document through ``graph.load.load_document``, up to ``--workers`` documents in
flight (default 2, as the CLI), then the cross-document locations recomputed once
(``graph.link.relink_graph``, included in the time). ``--compare`` adds the x50 set loaded one
document at a time, and one at a time with a relink after every document (what single-document
loads through the admin API do). Baseline in the same run, right after each set: the same number of
relationships written by a bare ``UNWIND $rows CREATE (:Bench)-[:R]->(:Bench)`` in batches of
``graph.writes.BATCH_SIZE`` (no MERGE, no indexes, no properties), i.e. what the server costs for the
bare writes at that moment. The ratio is the figure to compare between runs on a shared machine;
the absolute rates move with the machine's load.

Before measuring, copies of the seeds are loaded untimed for ``--warmup`` seconds (default 90,
the database emptied every 50 copies): a freshly started server JIT-compiles its write path for
its first minutes on the same two cores (measured: the first x50 load after ``db start`` ran at
19–21k rels/s, the same load minutes later at 25–30k). The five seeds alone load in well under a
second, so that row is the median of five runs.

``--interleave N`` measures the ratio alone, as the noise of this shared machine requires: N rounds
of (bare CREATE, then the x``--copies`` load into an emptied database), B L B L …, each load's
rate divided by the bare rate measured just before it; the median of the N ratios is the figure
(the bare baseline alone moved 17k–88k rels/s between runs).

A further row measures the replacement path: with the x50 graph in place, the five seeds of one
copy are reloaded with ``force=True`` (previous facts removed through the ``doc`` indexes, new ones
written, orphans checked; replacements run one at a time).

Run: ``python benchmarks/bench_load.py [--copies 50] [--workers 2] [--compare]``. It starts
nothing: it uses NEO4J_URI (with NEO4J_USER / NEO4J_PASSWORD) or the local server that
``policykg db start`` runs, and it EMPTIES that database; prefer a private instance, e.g.
``POLICYKG_INSTANCE=/tmp/benchneo POLICYKG_BOLT_PORT=0 POLICYKG_HTTP_PORT=0 policykg db start``.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, replace
from pathlib import Path

from neo4j import Driver

from core.model import DocumentFacts, Mention, Relation
from core.settings import Settings
from graph.bulk import BulkLoader
from graph.db import open_driver
from graph.load import load_document, rows_for
from graph.writes import BATCH_SIZE
from ingest.pipeline import facts_from_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
_PER_DOC = ("task:", "target:")


def renamed(facts: DocumentFacts, doc_id: str) -> DocumentFacts:
    """The same facts under another document id (fresh sentence/task/target ids, same entities)."""
    sid = {s.id: f"{s.id}@{doc_id}" for s in facts.sentences}

    def node(node_id: str) -> str:
        return f"{node_id}@{doc_id}" if node_id.startswith(_PER_DOC) else node_id

    return DocumentFacts(
        document=replace(facts.document, id=doc_id),
        sentences=[replace(s, id=sid[s.id], doc=doc_id) for s in facts.sentences],
        nodes=[
            replace(n, id=node(n.id), props={**n.props, "doc": doc_id}) if "doc" in n.props else n
            for n in facts.nodes
        ],
        relations=[
            Relation(r.type, node(r.src), node(r.dst), tuple(sid[s] for s in r.sentences), r.props)
            for r in facts.relations
        ],
        mentions=[Mention(sid[m.sentence], node(m.node)) for m in facts.mentions],
    )


def _delete_all(driver: Driver, label: str = "") -> None:
    with driver.session() as s:  # CALL … IN TRANSACTIONS needs an auto-commit transaction
        # Relationships first: detaching a shared entity (tens of thousands of MENTIONS at x50) in a
        # batch of 10,000 nodes exceeded the server's transaction memory.
        s.run(f"MATCH (n{label})-[r]->() CALL (r) {{ DELETE r }} IN TRANSACTIONS OF 10000 ROWS").consume()
        s.run(f"MATCH (n{label}) CALL (n) {{ DETACH DELETE n }} IN TRANSACTIONS OF 10000 ROWS").consume()


def empty(driver: Driver) -> None:
    _delete_all(driver)


def bare_create(driver: Driver, rels: int) -> float:
    """Baseline: CREATE ``rels`` relationships between fresh nodes, batch by batch; seconds."""
    rows = [{"a": i, "b": i + 1} for i in range(rels)]
    started = time.perf_counter()
    with driver.session() as s:
        for i in range(0, len(rows), BATCH_SIZE):
            s.run(
                "UNWIND $rows AS r CREATE (:Bench {i: r.a})-[:R]->(:Bench {i: r.b})",
                rows=rows[i : i + BATCH_SIZE],
            ).consume()
    seconds = time.perf_counter() - started
    _delete_all(driver, ":Bench")
    return seconds


@dataclass
class Row:
    name: str
    docs: int
    rels: int
    seconds: float
    client_cpu: float
    baseline: float | None  # rels/s of the bare CREATE in the same run

    @property
    def rate(self) -> float:
        return self.rels / self.seconds


def timed_load(
    driver: Driver, name: str, batch: list[DocumentFacts], *, workers: int, force: bool = False
) -> Row:
    """Load ``batch`` as ``policykg ingest --workers N`` does (graph.bulk: a transaction per
    document, up to N in flight, one relink at the end); ``workers=0``: one document at a time,
    each followed by its own relink, as a single-document load (the admin API) does."""
    cpu, started = time.process_time(), time.perf_counter()
    if workers:
        with BulkLoader(driver, workers=workers, force=force) as loader:
            futures = [loader.submit(facts) for facts in batch]
        results = [f.result() for f in futures]
    else:
        results = [load_document(driver, facts, force=force) for facts in batch]
    seconds = time.perf_counter() - started
    for facts, result in zip(batch, results, strict=True):
        assert result.status == ("replaced" if force else "loaded"), (facts.doc_id, result.status)
    rels = sum(r.relationships for r in results)
    return Row(name, len(batch), rels, seconds, time.process_time() - cpu, None)


def interleaved(driver: Driver, batch: list[DocumentFacts], *, workers: int, rounds: int) -> list[Row]:
    """``rounds`` × (bare CREATE of as many relationships, then the load): B L B L …"""
    rels = sum(sum(rows_for(f).rel_counts.values()) for f in batch)
    rows = []
    for i in range(rounds):
        bare = rels / bare_create(driver, rels)
        empty(driver)
        row = timed_load(driver, f"round {i + 1}", batch, workers=workers)
        row.baseline = bare
        rows.append(row)
        print(
            f"  {row.name}: bare {bare:,.0f}, load {row.rate:,.0f} rels/s: {row.rate / bare:.3f}", flush=True
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2, help="as policykg ingest --workers (default 2)")
    parser.add_argument(
        "--warmup", type=float, default=90, help="seconds of untimed loading first (JIT, plans; default 90)"
    )
    parser.add_argument(
        "--compare", action="store_true", help="also time x50 one by one, and with a relink per document"
    )
    parser.add_argument(
        "--interleave",
        type=int,
        default=0,
        help="only N rounds of bare CREATE then the x-copies load; median ratio",
    )
    args = parser.parse_args()
    seeds = [facts_from_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    copies = [renamed(f, f"{f.doc_id}~{i}") for i in range(args.copies) for f in seeds]
    rows: list[Row] = []
    with open_driver(Settings.from_env()) as driver:
        empty(driver)
        # A fresh server compiles plans and JIT-compiles its write path during the first thousands
        # of relationships; the figures are for a server past that.
        warm_until = time.monotonic() + args.warmup
        rounds = 0
        while True:  # whole rounds: seeds, a replacement pass, 50 copies
            empty(driver)
            timed_load(driver, "warm-up", seeds, workers=args.workers)
            timed_load(driver, "warm-up", seeds, workers=args.workers, force=True)
            timed_load(driver, "warm-up", copies, workers=args.workers)
            rounds += 1
            if time.monotonic() >= warm_until:
                break
        bare_create(driver, BATCH_SIZE)
        x = f"x{args.copies}"
        if args.interleave:
            rounds_ = interleaved(driver, copies, workers=args.workers, rounds=args.interleave)
            empty(driver)
            ratios = sorted(r.rate / (r.baseline or 1) for r in rounds_)
            rates = sorted(r.rate for r in rounds_)
            bares = sorted(r.baseline or 0 for r in rounds_)
            mid = len(rounds_) // 2
            print(
                f"{x}, workers {args.workers}, {rounds_[0].rels} rels, warm-up {rounds} round(s): "
                f"median ratio {ratios[mid]:.3f} (min {ratios[0]:.3f}, max {ratios[-1]:.3f}); "
                f"median load {rates[mid]:,.0f} rels/s, median bare {bares[mid]:,.0f} rels/s; "
                f"client {sum(r.client_cpu for r in rounds_) / sum(r.rels for r in rounds_) * 1e6:.1f} us/rel"
            )
            return
        sets = [("seeds", seeds, args.workers), (f"seeds {x}", copies, args.workers)]
        if args.compare:
            sets += [(f"{x} one by one", copies, 1), (f"{x} relink each", copies, 0)]
        for name, batch, workers in sets:
            # The five seeds load in well under a second, so one hiccup decides a single run:
            # they are timed five times (each into an empty database), the median run kept.
            runs = []
            for _ in range(5 if batch is seeds else 1):
                empty(driver)
                runs.append(timed_load(driver, name, batch, workers=workers))
            row = sorted(runs, key=lambda r: r.rate)[len(runs) // 2]
            rows.append(row)
            if name == f"seeds {x}":  # the replacement path on the big graph
                name = f"replace {len(seeds)} in {x}"
                rows.append(timed_load(driver, name, copies[: len(seeds)], workers=args.workers, force=True))
            row.baseline = row.rels / bare_create(driver, row.rels)
        empty(driver)
    print(f"workers {args.workers}, warm-up {rounds} round(s) in >= {args.warmup:.0f} s")
    print(
        f"{'set':<20} {'docs':>5} {'rels':>8} {'seconds':>8} {'rels/s':>8} {'client us/rel':>13} "
        f"{'bare CREATE rels/s':>18} {'ratio':>6}"
    )
    for r in rows:
        base = f"{r.baseline:>18.0f} {r.rate / r.baseline:>6.2f}" if r.baseline else f"{'':>18} {'':>6}"
        print(
            f"{r.name:<20} {r.docs:>5} {r.rels:>8} {r.seconds:>8.2f} {r.rate:>8.0f} "
            f"{r.client_cpu / r.rels * 1e6:>13.1f} {base}"
        )


if __name__ == "__main__":
    main()
