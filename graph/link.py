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

from neo4j import Driver, ManagedTransaction

from graph.queries.generation import note_write

_LOCATABLE = "(n:Project OR n:Base OR n:Platform OR n:Enterprise)"

# Cores that start like this are generic, not a place-free proper name.
_GENERIC_STARTS = ("国家", "中国", "山东", "全国", "全省", "省级", "新一代", "高端", "现代", "国际", "智能")
_MIN_CORE = 3  # a shared start shorter than this is a coincidence (济南国家… vs 国家…)

_DROP_DERIVED = "MATCH ()-[r:LOCATED_IN {derived: true}]->() DELETE r"

# One read for everything relink needs (round trips dominate its cost); derived edges are ignored,
# so the answer is the same before and after they are dropped. replan=skip: the plan (label scans
# and expansions) suits any graph size, and re-planning it after a large change cost ~0.16 s.
_READ = f"""CYPHER replan=skip
CALL () {{
  MATCH (n)-[l:LOCATED_IN]->(r:Region)
  WHERE {_LOCATABLE} AND l.derived IS NULL AND l.via CONTAINS 'name'
    AND r.level IN ['city', 'district', 'county']
  WITH n, r, l ORDER BY l.doc
  WITH n, r, collect(l)[0] AS l
  RETURN collect({{id: n.id, label: labels(n)[0], key: n.keys[0], region: r.id, region_keys: r.keys,
                   doc: l.doc, sentences: l.sentences}}) AS located
}}
CALL () {{
  MATCH (n) WHERE {_LOCATABLE}
    AND NOT EXISTS {{
      MATCH (n)-[l:LOCATED_IN]->(r:Region) WHERE r.level <> 'province' AND l.derived IS NULL
    }}
  WITH n, COLLECT {{ MATCH (s:Sentence)-[:MENTIONS]->(n) RETURN s.id ORDER BY s.id LIMIT 3 }} AS sentences
  RETURN collect({{id: n.id, label: labels(n)[0], key: n.keys[0], sentences: sentences}}) AS unlocated
}}
CALL () {{
  // Industry words: a core that starts with one (电力装备产业集群) is generic, not a proper name.
  MATCH (c:Chain) UNWIND c.keys AS k WITH k WHERE size(k) >= 2 RETURN collect(DISTINCT k) AS chain_keys
}}
RETURN located, unlocated, chain_keys
"""

_LABELS = ("Project", "Base", "Platform", "Enterprise")

# Drop the old derived edges, then create the new ones; one UNWIND per label so that every MATCH
# is an index seek on that label's unique id.
_WRITE = "CYPHER replan=skip\nCALL () { MATCH ()-[r:LOCATED_IN {derived: true}]->() DELETE r }\n" + "\n".join(
    f"""CALL () {{
  UNWIND $rows_{label} AS row
  MATCH (n:{label} {{id: row.id}})
  MATCH (r:Region {{id: row.region}})
  CREATE (n)-[:LOCATED_IN {{doc: row.doc, sentences: row.sentences, via: 'cross-doc', derived: true,
                           by: row.by}}]->(r)
}}"""
    for label in _LABELS
)


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


def relink(tx: ManagedTransaction) -> int:
    """Recompute every derived LOCATED_IN (one read, one write); returns how many were written."""
    record = tx.run(_READ).single()
    assert record is not None  # aggregations always return a row
    generic = (*_GENERIC_STARTS, *record["chain_keys"])
    located: list[Located] = []
    for rec in record["located"]:
        core = _core(rec["key"] or "", list(rec["region_keys"] or []))
        if core and len(core) >= _MIN_CORE and not core.startswith(generic):
            sentences = tuple(rec["sentences"] or ())
            located.append(Located(rec["id"], rec["label"], core, rec["region"], rec["doc"], sentences))
    by_start: dict[str, list[Located]] = {}  # a match shares at least the first _MIN_CORE chars
    for loc in sorted(located, key=lambda x: (x.id, x.region)):  # ties resolve the same every run
        by_start.setdefault(loc.core[:_MIN_CORE], []).append(loc)
    rows = []
    for rec in sorted(record["unlocated"], key=lambda r: r["id"]):
        key = rec["key"] or ""
        best: Located | None = None
        best_len = 0
        for loc in by_start.get(key[:_MIN_CORE], ()):
            if loc.id == rec["id"]:
                continue
            shared = _shared_start(key, loc.core)
            # A shared start of a few characters: the whole core (烟台星河航天港 → 星河航天港…) or a
            # proper name the core continues differently (龙口某某岛海水淡化… → 某某岛炼化…).
            if shared >= _MIN_CORE and shared > best_len:
                best, best_len = loc, shared
        if best is not None:
            rows.append(
                {
                    "label": rec["label"],
                    "id": rec["id"],
                    "region": best.region,
                    "doc": best.doc,
                    "sentences": sorted({*rec["sentences"], *best.sentences}),
                    "by": best.id,
                }
            )
    params = {f"rows_{label}": [r for r in rows if r["label"] == label] for label in _LABELS}
    tx.run(_WRITE, params).consume()
    return len(rows)


def relink_graph(driver: Driver) -> int:
    """Recompute every derived LOCATED_IN in one transaction; returns how many there are.

    Every load and delete ends here, so this is where the process notes that it wrote: a response
    cache in this process then checks the graph's generation at once (graph.queries.generation).
    """
    try:
        with driver.session() as session:
            return session.execute_write(relink)
    finally:
        note_write()  # the load or delete before it wrote, even if this transaction failed
