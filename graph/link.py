"""Cross-document locations: a place-free name located by another name that carries its place.

星河航天港重大工程项目 (say) names no city; another document's 烟台星河航天港 does. When an entity
without a sub-provincial location starts with the place-free core of a located name (the name minus its
leading region), it gets ``LOCATED_IN`` that region, marked ``derived`` and carrying the locating
document as ``doc`` plus the sentences of both names as evidence.

Derived edges depend on every document, so they are a cache recomputed as a whole by
:func:`relink_graph`, in its own transaction, after a document is loaded or deleted (or once after a
run of many: ``policykg ingest``). Replacing or deleting a document drops every derived edge inside
that document's transaction, so no derived edge ever cites a sentence or a name that is gone; until
the recomputation commits, a cross-document location is missing rather than wrong. A run killed in
between is repaired by the next ``policykg ingest`` (it always recomputes) or ``policykg relink``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.queries.generation import note_write

_LOCATABLE = "(n:Project OR n:Base OR n:Platform OR n:Enterprise)"

# Cores that start like this are generic, not a place-free proper name.
_GENERIC_STARTS = ("国家", "中国", "山东", "全国", "全省", "省级", "新一代", "高端", "现代", "国际", "智能")
_MIN_CORE = 3  # a shared start shorter than this is a coincidence (济南国家… vs 国家…)

_DROP_DERIVED = "MATCH ()-[r:LOCATED_IN {derived: true}]->() DELETE r"

# The reads stream one row per name (no aggregation over the graph), in a read transaction: a
# single read that collected every located and unlocated name outgrew the server's transaction
# memory at 13 M relationships (the 1000x benchmark corpus). replan=skip: the plans (label scans
# and expansions) suit any graph size, and re-planning after a large change cost ~0.16 s.
# One row per (name, region) with every document's statement of it ([doc, sentences]): a name that
# many documents locate is one row, not one per document (20 copies of the seeds: 4,320 rows -> 215),
# and the aggregation is per node, in a subquery, so the read still streams.
_READ_LOCATED = f"""CYPHER replan=skip
MATCH (n) WHERE {_LOCATABLE}
CALL (n) {{
  MATCH (n)-[l:LOCATED_IN]->(r:Region)
  WHERE l.derived IS NULL AND l.via CONTAINS 'name' AND r.level IN ['city', 'district', 'county']
  RETURN r.id AS region, collect([l.doc, l.sentences]) AS statements
}}
RETURN n.id AS id, labels(n)[0] AS label, n.keys[0] AS key, region, statements
"""

_READ_REGION_KEYS = """CYPHER replan=skip
MATCH (r:Region) WHERE r.level IN ['city', 'district', 'county'] RETURN r.id AS id, r.keys AS keys
"""

# Only names that start like some located core ($starts: their first _MIN_CORE chars) can be
# located, so only those are returned with their sentences: returning every unlocated name, each
# with its sentences looked up, held ~1 GB in the client at 13 M relationships.
_READ_UNLOCATED = f"""CYPHER replan=skip
MATCH (n) WHERE {_LOCATABLE} AND left(n.keys[0], {_MIN_CORE}) IN $starts
  AND NOT EXISTS {{ MATCH (n)-[l:LOCATED_IN]->(r:Region) WHERE r.level <> 'province' AND l.derived IS NULL }}
RETURN n.id AS id, labels(n)[0] AS label, n.keys[0] AS key,
       COLLECT {{ MATCH (s:Sentence)-[:MENTIONS]->(n) RETURN s.id ORDER BY s.id LIMIT 3 }} AS sentences
"""

# Industry words: a core that starts with one (电力装备产业集群) is generic, not a proper name.
_READ_CHAIN_KEYS = """CYPHER replan=skip
MATCH (c:Chain) UNWIND c.keys AS k WITH k WHERE size(k) >= 2 RETURN DISTINCT k
"""

# Old derived edges go in batches of their own transactions, new ones are written in batches (one
# UNWIND per label so that every MATCH is an index seek on that label's unique id). MERGE, so that
# two relinks running at once (two ingest processes) cannot write an edge twice.
_DROP_DERIVED_BATCHED = (
    "MATCH ()-[r:LOCATED_IN {derived: true}]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS"
)
_LABELS = ("Project", "Base", "Platform", "Enterprise")
_WRITE = "CYPHER replan=skip\n" + "\n".join(
    f"""CALL () {{
  UNWIND $rows_{label} AS row
  MATCH (n:{label} {{id: row.id}})
  MATCH (r:Region {{id: row.region}})
  MERGE (n)-[l:LOCATED_IN {{derived: true}}]->(r)
  SET l.doc = row.doc, l.sentences = row.sentences, l.via = 'cross-doc', l.by = row.by
}}"""
    for label in _LABELS
)
WRITE_BATCH = 5000  # derived edges per write transaction


@dataclass(frozen=True)
class Located:
    id: str
    label: str
    core: str  # the name without its leading region
    region: str
    doc: str
    sentences: tuple[str, ...]


def _core(key: str, region_keys: list[str]) -> str | None:
    for rk in sorted(region_keys, key=len, reverse=True):
        if rk and key.startswith(rk):
            core = key[len(rk) :].removeprefix("市")
            return core or None
    return None


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def drop_derived(tx: ManagedTransaction) -> None:
    tx.run(_DROP_DERIVED).consume()


def _first_key(loc: Located) -> tuple[bool, str, tuple[str, ...]]:
    """By document id, a statement without one last (as Cypher's ORDER BY sorts null)."""
    return (loc.doc is None, loc.doc or "", loc.sentences)


def _located(tx: ManagedTransaction) -> list[Located]:
    """Located names whose core can locate another name: one per (name, region), the first
    document's statement of it (by document id, so every run picks the same)."""
    region_keys = {rec["id"]: list(rec["keys"] or []) for rec in tx.run(_READ_REGION_KEYS)}
    generic = (*_GENERIC_STARTS, *(rec["k"] for rec in tx.run(_READ_CHAIN_KEYS)))
    first: dict[tuple[str, str], Located] = {}
    for rec in tx.run(_READ_LOCATED):
        core = _core(rec["key"] or "", region_keys.get(rec["region"], []))
        if not core or len(core) < _MIN_CORE or core.startswith(generic):
            continue
        for doc, sentences in rec["statements"]:
            loc = Located(rec["id"], rec["label"], core, rec["region"], doc, tuple(sentences or ()))
            kept = first.get((loc.id, loc.region))
            if kept is None or _first_key(loc) < _first_key(kept):
                first[(loc.id, loc.region)] = loc
    return list(first.values())


def derived_rows(tx: ManagedTransaction) -> list[dict[str, Any]]:
    """The derived LOCATED_IN edges the graph implies now (streamed reads, nothing written)."""
    by_start: dict[str, list[Located]] = {}  # a match shares at least the first _MIN_CORE chars
    for loc in sorted(_located(tx), key=lambda x: (x.id, x.region)):  # ties resolve the same every run
        by_start.setdefault(loc.core[:_MIN_CORE], []).append(loc)
    rows = []
    starts = sorted(by_start)
    unlocated = [
        (rec["id"], rec["label"], rec["key"], rec["sentences"])
        for rec in tx.run(_READ_UNLOCATED, starts=starts)
    ]
    for node_id, label, key, sentences in sorted(unlocated):
        key = key or ""
        best: Located | None = None
        best_len = 0
        for loc in by_start.get(key[:_MIN_CORE], ()):
            if loc.id == node_id:
                continue
            shared = _shared_start(key, loc.core)
            # A shared start of a few characters: the whole core (烟台星河航天港 → 星河航天港…) or a
            # proper name the core continues differently (龙口某某岛海水淡化… → 某某岛炼化…).
            if shared >= _MIN_CORE and shared > best_len:
                best, best_len = loc, shared
        if best is not None:
            rows.append(
                {
                    "label": label,
                    "id": node_id,
                    "region": best.region,
                    "doc": best.doc,
                    "sentences": sorted({*sentences, *best.sentences}),
                    "by": best.id,
                }
            )
    return rows


def _write(tx: ManagedTransaction, rows: list[dict[str, Any]]) -> None:
    params = {f"rows_{label}": [r for r in rows if r["label"] == label] for label in _LABELS}
    tx.run(_WRITE, params).consume()


def relink_graph(driver: Driver) -> int:
    """Recompute every derived LOCATED_IN; returns how many there are.

    Streamed reads, then the old derived edges dropped and the new ones written in batches of
    their own transactions, so the cost in server memory is one batch whatever the graph's size.
    A failure or a crash in between leaves some cross-document locations missing, never wrong
    (the next ``policykg ingest`` or ``policykg relink`` recomputes them all).

    Every load and delete ends here, so this is where the process notes that it wrote: a response
    cache in this process then checks the graph's generation at once (graph.queries.generation).
    """
    try:
        with driver.session() as session:
            rows = session.execute_read(derived_rows)
        with driver.session() as session:
            session.run(_DROP_DERIVED_BATCHED).consume()
            for at in range(0, len(rows), WRITE_BATCH):
                session.execute_write(_write, rows[at : at + WRITE_BATCH])
        return len(rows)
    finally:
        note_write()  # the load or delete before it wrote, even if this transaction failed
