"""Tasks (重点任务, 保障措施 …) with the agencies that lead, support or answer for them, found by the
words of their title or text, an agency, a chain or a document."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, LiteralString

from neo4j import Driver

from core.model import Label, name_key
from graph.queries.fragments import cite, text_key
from graph.queries.matching import q_variants, subsequence
from graph.queries.records import evidence, ordered, read, strs
from graph.queries.resolve import resolve_document, resolved_id
from graph.rows import TaskItem


def task_fields(carry: LiteralString = "") -> LiteralString:
    """Lead/support/responsible agencies (as the clause prints them, in its order), chains and
    evidence of ``t``; ``carry`` = extra variables (", role") kept to the RETURN."""
    return (
        """
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[l:LEADS]->(t)
  WITH a, l ORDER BY l.order, a.name
  RETURN collect(DISTINCT coalesce(l.printed, a.name)) AS lead, collect(l) AS lrels
}
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[s:SUPPORTS]->(t)
  WITH a, s ORDER BY s.order, a.name
  RETURN collect(DISTINCT coalesce(s.printed, a.name)) AS support, collect(s) AS srels
}
CALL (t) {
  OPTIONAL MATCH (a:Agency)-[x:RESPONSIBLE_FOR]->(t)
  WITH a, x ORDER BY x.order, a.name
  RETURN collect(DISTINCT coalesce(x.printed, a.name)) AS responsible, collect(x) AS xrels
}
CALL (t) {
  OPTIONAL MATCH (t)-[:CONCERNS]->(c:Chain)
  RETURN collect(DISTINCT c.name) AS task_chains
}
"""
        + cite("t" + carry + ", lead, support, responsible, task_chains", "lrels + srels + xrels", "t")
        + """
RETURN t.id AS id, coalesce(t.title, t.name) AS name, t.text AS text, t.doc AS doc"""
        + carry
        + """,
       lead, support, responsible, task_chains AS chains, evidence
"""
    )


# ``$q``: whitespace-free words; a task key holding one (or held by one), its title or its text.
# Candidates come from the document (index seek) or else the agency or else the chain's sub-chains,
# by expansion; only with none of them from every task. The filters below still decide.
TASKS: LiteralString = (
    """
CALL () {
  WITH 1 AS one WHERE $doc IS NOT NULL
  MATCH (t:Task {doc: $doc})
  RETURN t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $agency IS NOT NULL
  MATCH (:Agency {id: $agency})-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t:Task)
  RETURN DISTINCT t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $agency IS NULL AND $chain IS NOT NULL
  MATCH (:Chain {id: $chain})<-[:SUBCHAIN_OF*0..8]-(:Chain)<-[:CONCERNS]-(t:Task)
  RETURN DISTINCT t
  UNION
  WITH 1 AS one WHERE $doc IS NULL AND $agency IS NULL AND $chain IS NULL
  MATCH (t:Task)
  RETURN t
}
WITH t
WHERE ($doc IS NULL OR t.doc = $doc)
  AND ($agency IS NULL OR EXISTS { (:Agency {id: $agency})-[:LEADS|SUPPORTS|RESPONSIBLE_FOR]->(t) })
  AND ($chain IS NULL OR EXISTS { (t)-[:CONCERNS]->(:Chain)-[:SUBCHAIN_OF*0..8]->(:Chain {id: $chain}) })
  AND ($q IS NULL OR any(w IN $q WHERE any(k IN coalesce(t.keys, []) WHERE k CONTAINS w
                                                 OR (size(k) >= 4 AND w CONTAINS k))
                         OR """
    + text_key("t.title")
    + " CONTAINS w OR "
    + text_key("t.text")
    + """ CONTAINS w))
"""
    + task_fields()
    + """
ORDER BY doc, name, id
LIMIT $limit
"""
)

_NUMBERING = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十百\d]+[）)]|[一二三四五六七八九十百]+、|\d+[.．、])\s*"
)


def task_query_key(q: str) -> str:
    """The words of a task as users quote them, without heading numbering (（一）, 3., 一、)."""
    return _NUMBERING.sub("", q).strip().strip("“”\"'「」")


def task_item(r: Mapping[str, Any]) -> TaskItem:
    """A record of :func:`task_fields` as a row."""
    return TaskItem(
        id=r["id"],
        name=r["name"] or r["id"],
        kind=Label.TASK.value,
        evidence=evidence(r["evidence"]),
        text=r["text"],
        lead=ordered(r["lead"]),
        support=ordered(r["support"]),
        responsible=ordered(r["responsible"]),
        doc=r["doc"],
        chains=strs(r["chains"]),
    )


def tasks(
    driver: Driver,
    *,
    q: str | None = None,
    agency: str | None = None,
    chain: str | None = None,
    doc: str | None = None,
    limit: int = 1000,
) -> list[TaskItem]:
    """Tasks whose title or text holds the words ``q``, with who leads, supports or is responsible.

    When the words are the exact title of some tasks, only those are returned: a quoted task title
    should not also return every task whose text happens to repeat it.
    """
    filters: dict[str, Any] = {
        "agency": resolved_id(driver, Label.AGENCY, agency),
        "chain": resolved_id(driver, Label.CHAIN, chain),
        "doc": resolve_document(driver, doc),
        "limit": limit,
    }
    words = task_query_key(q) if q else None
    variants = q_variants(words)
    if variants:
        variants = list(dict.fromkeys([*variants, name_key(words or "")]))
    out = [task_item(r) for r in read(driver, TASKS, q=variants, **filters)]
    if not out and words:
        # No task holds the words as typed: try each of the 和/与/及-joined parts, in order with small
        # gaps (实施协调和评估 ~ 规划实施的协调落实 … 评估制度), filtered here rather than in Cypher.
        parts = [p for p in re.split(r"[和与及、]", name_key(words)) if len(p) >= 2]
        if parts:
            pool = map(task_item, read(driver, TASKS, q=None, **filters))
            out = [
                t
                for t in pool
                if any(p in hay or subsequence(p, hay) for hay in [name_key(t.name)] for p in parts)
            ]
        return out
    if variants:
        keys = set(variants)
        titled = [t for t in out if name_key(task_query_key(t.name)) in keys]
        if titled:
            return titled
        in_title = [t for t in out if any(k in name_key(t.name) for k in keys)]
        if in_title:
            return in_title
    return out
