"""Cross-document locations: a place-free name located by another name that carries its place.

星河航天港重大工程项目 (say) names no city; another document's 烟台星河航天港 does. When an entity
without a sub-provincial location starts with the place-free core of a located name (the name minus its
leading region), it gets ``LOCATED_IN`` that region, marked ``derived`` and carrying the locating
document as ``doc`` plus the sentences of both names as evidence.

Derived edges depend on every document, so they are recomputed as a whole at the end of each load
or delete transaction: deleting either document removes or changes them consistently.
"""

from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

_LOCATABLE = "(n:Project OR n:Base OR n:Platform OR n:Enterprise)"

# Cores that start like this are generic, not a place-free proper name.
_GENERIC_STARTS = ("国家", "中国", "山东", "全国", "全省", "省级", "新一代", "高端", "现代", "国际", "智能")
_MIN_CORE = 3  # a shared start shorter than this is a coincidence (济南国家… vs 国家…)

_DROP_DERIVED = "MATCH ()-[r:LOCATED_IN {derived: true}]->() DELETE r"

_LOCATED = f"""
MATCH (n)-[l:LOCATED_IN]->(r:Region)
WHERE {_LOCATABLE} AND l.via CONTAINS 'name' AND r.level IN ['city', 'district', 'county']
RETURN n.id AS id, labels(n)[0] AS label, n.keys[0] AS key, r.id AS region, r.keys AS region_keys,
       l.doc AS doc, l.sentences AS sentences
"""

_UNLOCATED = f"""
MATCH (n) WHERE {_LOCATABLE}
  AND NOT EXISTS {{ MATCH (n)-[:LOCATED_IN]->(r:Region) WHERE r.level <> 'province' }}
OPTIONAL MATCH (s:Sentence)-[:MENTIONS]->(n)
WITH n, s ORDER BY s.id
RETURN n.id AS id, labels(n)[0] AS label, n.keys[0] AS key, collect(s.id)[..3] AS sentences
"""

# Industry words: a core that starts with one (电力装备产业集群) is generic, not a proper name.
_CHAIN_KEYS = """
MATCH (c:Chain) UNWIND c.keys AS k WITH k WHERE size(k) >= 2 RETURN collect(DISTINCT k) AS keys
"""

_WRITE = """
UNWIND $rows AS row
MATCH (n {id: row.id}) WHERE any(l IN labels(n) WHERE l IN ['Project', 'Base', 'Platform', 'Enterprise'])
MATCH (r:Region {id: row.region})
CREATE (n)-[:LOCATED_IN {doc: row.doc, sentences: row.sentences, via: 'cross-doc', derived: true,
                         by: row.by}]->(r)
"""


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
    """Recompute every derived LOCATED_IN; returns how many were written."""
    drop_derived(tx)
    record = tx.run(_CHAIN_KEYS).single()
    generic = (*_GENERIC_STARTS, *(record["keys"] if record else ()))
    located: list[Located] = []
    for rec in tx.run(_LOCATED):
        core = _core(rec["key"] or "", list(rec["region_keys"] or []))
        if core and len(core) >= _MIN_CORE and not core.startswith(generic):
            sentences = tuple(rec["sentences"] or ())
            located.append(Located(rec["id"], rec["label"], core, rec["region"], rec["doc"], sentences))
    rows = []
    for rec in tx.run(_UNLOCATED):
        key = rec["key"] or ""
        best: Located | None = None
        best_len = 0
        for loc in located:
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
                    "id": rec["id"],
                    "region": best.region,
                    "doc": best.doc,
                    "sentences": sorted({*rec["sentences"], *best.sentences}),
                    "by": best.id,
                }
            )
    if rows:
        tx.run(_WRITE, rows=rows).consume()
    return len(rows)
