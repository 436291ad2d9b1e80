"""Near-duplicate project names of one document (装配项目 ~ 装配车间项目): reported side by side
for a reader to judge, never merged."""

from __future__ import annotations

import re
from typing import Any, LiteralString

from neo4j import Driver

from core.model import name_key
from graph.queries.records import read

DOC_PROJECT_NAMES: LiteralString = """
MATCH (p:Project)-[r]->() WHERE r.doc = $doc
WITH DISTINCT p
OPTIONAL MATCH (p)-[s:SERVES {doc: $doc}]->(c:Chain)
RETURN p.id AS id, p.name AS name, collect(DISTINCT c.name) AS chains,
       head(collect(s.sentences[0])) AS sid
ORDER BY p.name
"""

# An inserted chunk that makes a different project, not another spelling of the same one.
_DISTINCT_CHUNK = re.compile(r"[0-9０-９一二三四五六七八九十期号#]|[A-Za-z]")


def near_duplicate(a: str, b: str, max_insert: int = 3, min_common: int = 8) -> bool:
    """``b`` is ``a`` with one contiguous chunk of 1..max_insert characters inserted (or the reverse)
    and the rest, at least ``min_common`` characters, identical: 装配项目 ~ 装配车间项目. Chunks with
    digits, latin letters or 期/号 mark different items (一期/二期) and never count."""
    ka, kb = name_key(a), name_key(b)
    if len(ka) > len(kb):
        ka, kb = kb, ka
    extra = len(kb) - len(ka)
    if not 1 <= extra <= max_insert or len(ka) < min_common:
        return False
    i = 0
    while i < len(ka) and ka[i] == kb[i]:
        i += 1
    if ka[i:] != kb[i + extra :]:
        return False
    return not _DISTINCT_CHUNK.search(kb[i : i + extra])


def near_duplicate_projects(driver: Driver, doc: str) -> list[dict[str, Any]]:
    """Pairs of project names of one document that differ by one inserted word (see near_duplicate),
    each as {"a": the shorter record, "b": the longer}."""
    rows = read(driver, DOC_PROJECT_NAMES, doc=doc)
    out: list[dict[str, Any]] = []
    for i, a in enumerate(rows):
        for b in rows[i + 1 :]:
            if near_duplicate(str(a["name"]), str(b["name"])):
                short, long_ = (a, b) if len(name_key(a["name"])) <= len(name_key(b["name"])) else (b, a)
                out.append({"a": short, "b": long_})
    return out
