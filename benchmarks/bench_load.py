"""Load throughput (relationships/s): the seeds, and the seeds repeated under 50 document ids.

Baseline in the same run: the same rows written by one plain ``UNWIND … CREATE`` per batch (no
MERGE, no per-document replacement), i.e. what the server costs for the bare writes.

Run: ``python benchmarks/bench_load.py`` (starts nothing: uses NEO4J_URI or the local server that
``policykg db start`` runs). It empties the database.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import replace
from pathlib import Path

from graph.db import open_driver
from graph.load import load_document, rows_for
from graph.model import DocumentFacts, Mention, Relation, SentenceRecord
from graph.settings import Settings
from ingest.pipeline import facts_from_file

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def renamed(facts: DocumentFacts, doc_id: str) -> DocumentFacts:
    """The same facts under another document id (fresh sentence ids, same shared entities)."""
    sid = {s.id: f"{s.id}@{doc_id}" for s in facts.sentences}
    return DocumentFacts(
        document=replace(facts.document, id=doc_id),
        sentences=[replace(s, id=sid[s.id], doc=doc_id) for s in facts.sentences],
        nodes=[
            replace(n, id=f"{n.id}@{doc_id}", props={**n.props, "doc": doc_id}) if "doc" in n.props else n
            for n in facts.nodes
        ],
        relations=[
            Relation(
                r.type,
                f"{r.src}@{doc_id}" if r.src.startswith(("task:", "target:")) else r.src,
                f"{r.dst}@{doc_id}" if r.dst.startswith(("task:", "target:")) else r.dst,
                tuple(sid[s] for s in r.sentences),
                r.props,
            )
            for r in facts.relations
        ],
        mentions=[
            Mention(sid[m.sentence], f"{m.node}@{doc_id}" if m.node.startswith(("task:", "target:")) else m.node)
            for m in facts.mentions
        ],
    )


def bare_create(driver: object, facts: list[DocumentFacts]) -> tuple[int, float]:
    """Baseline: CREATE the same number of relationships between fresh nodes, batch by batch."""
    from neo4j import Driver

    assert isinstance(driver, Driver)
    rows = [{"a": i, "b": i + 1} for f in facts for i in range(sum(rows_for(f).rel_counts.values()))]
    driver.execute_query("MATCH (n) DETACH DELETE n")
    started = time.perf_counter()
    with driver.session() as s:
        for i in range(0, len(rows), 2000):
            s.run("UNWIND $rows AS r CREATE (:Bench {i: r.a})-[:R]->(:Bench {i: r.b})", rows=rows[i : i + 2000]).consume()
    seconds = time.perf_counter() - started
    driver.execute_query("MATCH (n:Bench) DETACH DELETE n")
    return len(rows), seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=50)
    args = parser.parse_args()
    seeds = [facts_from_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    copies = [renamed(f, f"{f.doc_id}~{i}") for i in range(args.copies) for f in seeds]
    with open_driver(Settings.from_env()) as driver:
        driver.execute_query("MATCH (n) DETACH DELETE n")
        for f in seeds:  # warm the plan cache so the first figures are not compile time
            load_document(driver, f)
        driver.execute_query("MATCH (n) DETACH DELETE n")
        results = {}
        for name, batch in (("seeds", seeds), (f"seeds x{args.copies}", copies)):
            driver.execute_query("MATCH (n) DETACH DELETE n")
            started = time.perf_counter()
            rels = sum(load_document(driver, f).relationships for f in batch)
            seconds = time.perf_counter() - started
            base_rels, base_seconds = bare_create(driver, batch)
            results[name] = (rels, seconds, base_rels / base_seconds)
        print(f"{'set':<14} {'rels':>8} {'seconds':>8} {'rels/s':>9} {'bare CREATE rels/s':>19} {'ratio':>6}")
        for name, (rels, seconds, base) in results.items():
            rate = rels / seconds
            print(f"{name:<14} {rels:>8} {seconds:>8.2f} {rate:>9.0f} {base:>19.0f} {rate / base:>6.2f}")


if __name__ == "__main__":
    main()
