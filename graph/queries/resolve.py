"""Name resolution: what a user-supplied name, kind or document id stands for in the graph.

Names are matched on ``keys`` (the node's name and aliases as :func:`core.model.name_key` folds
them, see docs/graph-model.md), so every query afterwards filters on ids. A name that denotes
nothing is a :class:`~core.errors.NotFound` carrying the closest names as suggestions.
"""

from __future__ import annotations

import difflib
import re
import threading
import time
from collections.abc import Sequence
from functools import cache
from typing import LiteralString

from neo4j import Driver

from core.errors import InputError, NotFound
from core.model import ENTITY_LABELS, Label, name_key
from graph.queries.fragments import names_containing, nodes_of
from graph.queries.records import read
from graph.rows import Ref

_REGION_SUFFIXES = ("市", "省", "区", "县")
_CHAIN_SUFFIX = re.compile(r"(?:产业链|产业集群|产业|行业|领域)$")

_LABEL_ZH = {
    Label.REGION: "地区",
    Label.CHAIN: "产业链",
    Label.AGENCY: "部门",
    Label.PROJECT: "项目",
    Label.ENTERPRISE: "企业",
    Label.PLATFORM: "平台",
    Label.BASE: "基地",
    Label.TASK: "任务",
    Label.TARGET: "目标",
    Label.TECHNOLOGY: "技术",
}


def doc_id(value: str) -> str:
    """A document id as users write it: with or without the ``.txt`` of its file name."""
    value = value.strip()
    return value[:-4] if value.lower().endswith(".txt") else value


def key_variants(label: Label, name: str) -> list[str]:
    """Keys to try for ``name``: itself, and for regions the forms with/without 市/省 (青岛 = 青岛市)."""
    key = name_key(name)
    keys = [key]
    if label is Label.REGION:
        keys += [key + s for s in ("市", "省")]
        if len(key) > 2 and key.endswith(_REGION_SUFFIXES):
            keys.append(key[:-1])
    if label is Label.CHAIN:
        # 空间信息产业 = 空间信息 = 空间信息产业链: the generic suffix is optional
        stem = _CHAIN_SUFFIX.sub("", key)
        stem = stem if len(stem) >= 2 else key
        keys += [k for k in (stem, f"{stem}产业", f"{stem}产业链") if k not in keys]
    return keys


# One query per label (a label cannot be a parameter; these are closed enum members). Exact key
# first, then (regions) suffix variants; among several, the taxonomy's entity before one a document
# introduced (人形机器人: an alias of 技能作业机器人 and a segment some list named), the entity named
# so before one holding the name as an alias (工业机器人 before 机器人), the larger administrative
# unit (a city rather than a same-named zone) and the shorter name.
_RESOLVE: dict[Label, LiteralString] = {
    lab: (
        "MATCH (n:" + lab.value + ") WHERE any(k IN $keys WHERE k IN n.keys) "
        "RETURN n.id AS id, n.name AS name, "
        "CASE WHEN $keys[0] IN n.keys THEN 0 ELSE 1 END AS exact, "
        "CASE WHEN coalesce(n.open_vocabulary, false) THEN 1 ELSE 0 END AS open, "
        "CASE WHEN n.keys[0] = $keys[0] THEN 0 ELSE 1 END AS named, "
        "CASE n.level WHEN 'province' THEN 0 WHEN 'city' THEN 1 ELSE 2 END AS rank "
        "ORDER BY exact, open, named, rank, size(n.name) LIMIT 5"
    )
    for lab in ENTITY_LABELS
}

_NAMES: dict[Label, LiteralString] = {
    lab: "MATCH (n:" + lab.value + ") RETURN n.name AS name, coalesce(n.aliases, []) AS aliases"
    for lab in ENTITY_LABELS
}


def suggestions(driver: Driver, label: Label, name: str, limit: int = 5) -> list[str]:
    """Up to ``limit`` names of ``label`` close to ``name``: substrings first, then edit distance."""
    key = name_key(name)
    scored: dict[str, float] = {}
    for row in read(driver, _NAMES[label]):
        display = str(row["name"])
        for alias in [display, *row["aliases"]]:
            akey = name_key(str(alias))
            if not akey:
                continue
            if key and (key in akey or akey in key):
                score = 2.0 - abs(len(akey) - len(key)) / max(len(akey), len(key))
            else:
                score = difflib.SequenceMatcher(None, key, akey).ratio()
            if score >= 0.5 and score > scored.get(display, 0.0):
                scored[display] = score
    return [n for n, _ in sorted(scored.items(), key=lambda x: (-x[1], len(x[0]), x[0]))[:limit]]


# Names found are remembered for CACHE_SECONDS per (driver, label, keys): /projects?city=青岛&chain=氢能
# asked again costs one round trip instead of three. Only hits are kept (a name that was missing is
# looked up again, so a newly loaded entity is found at once); a load or delete in this process
# clears the memo (clear_cache), one in another process is seen after at most CACHE_SECONDS.
CACHE_SECONDS = 5.0
_CACHE_SIZE = 4096
_cache: dict[tuple[int, Label, tuple[str, ...]], tuple[float, Ref]] = {}
_cache_lock = threading.Lock()


def clear_cache() -> None:
    """Forget every resolved name (after the graph changed)."""
    with _cache_lock:
        _cache.clear()


def _first(driver: Driver, label: Label, name: str) -> Ref | None:
    keys = key_variants(label, name)
    slot = (id(driver), label, tuple(keys))
    now = time.monotonic()
    hit = _cache.get(slot)
    if hit is not None and now - hit[0] < CACHE_SECONDS:
        return hit[1]
    rows = read(driver, _RESOLVE[label], keys=keys)
    if not rows:
        return None
    ref = Ref(id=str(rows[0]["id"]), name=str(rows[0]["name"]), kind=label.value)
    with _cache_lock:
        if len(_cache) >= _CACHE_SIZE:
            _cache.clear()
        _cache[slot] = (now, ref)
    return ref


def resolve(driver: Driver, label: Label, name: str) -> Ref:
    """The entity of ``label`` that ``name`` (or an alias of it) denotes; :class:`NotFound` if none."""
    if not name_key(name):
        raise InputError(f"empty {label.value.lower()} name")
    found = _first(driver, label, name)
    if found is not None:
        return found
    close = suggestions(driver, label, name)
    raise NotFound(
        f"no {label.value} named {name!r} in the graph ({_LABEL_ZH.get(label, '')}未找到)",
        suggestions=close,
        hint=("did you mean: " + ", ".join(close))
        if close
        else f"list names with /api/v1/search?kind={label}",
    )


def resolve_optional(driver: Driver, label: Label, name: str | None) -> Ref | None:
    return None if name is None or not name.strip() else resolve(driver, label, name)


def resolved_id(driver: Driver, label: Label, name: str | None) -> str | None:
    """The id of the optional filter ``name`` (None: no filter)."""
    entity = resolve_optional(driver, label, name)
    return entity.id if entity else None


# An entity of any of ``labels`` by key: a region, else a chain, else an agency, else the shortest name.
@cache
def any_entity(labels: tuple[Label, ...]) -> LiteralString:
    return (
        nodes_of(labels, "$key IN n.keys")
        + """RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind
ORDER BY CASE labels(n)[0] WHEN 'Region' THEN 0 WHEN 'Chain' THEN 1 WHEN 'Agency' THEN 2 ELSE 3 END,
         size(n.name)
LIMIT 5
"""
    )


ANY_ENTITY: LiteralString = any_entity(ENTITY_LABELS)
# Ranked first: when one of these holds the key, the other labels (the large ones: projects, tasks,
# targets …) need not be read at all.
_FIRST_RANKED = (Label.REGION, Label.CHAIN, Label.AGENCY)

# The names /search would list first: the suggestions for a name nothing resolves.
CLOSE_NAMES: LiteralString = names_containing(ENTITY_LABELS) + "RETURN n.name AS name\n"


def resolve_any(driver: Driver, name: str, labels: Sequence[Label] = ENTITY_LABELS) -> Ref:
    """An entity of any of ``labels`` by name or alias (regions also without 市/省)."""
    if Label.REGION in labels and (region := _first(driver, Label.REGION, name)) is not None:
        return region
    key = name_key(name)
    first = tuple(lab for lab in labels if lab in _FIRST_RANKED)
    rest = tuple(lab for lab in labels if lab not in _FIRST_RANKED)
    rows = read(driver, any_entity(first), key=key) if first else []
    if not rows and rest:
        rows = read(driver, any_entity(rest), key=key)
    if rows:
        return Ref(id=str(rows[0]["id"]), name=str(rows[0]["name"]), kind=str(rows[0]["kind"]))
    # Suggestions: any entity whose name holds the name's first two characters, as /search lists them.
    start = name_key(name[:2])
    close: list[str] = []
    if start and len(name_key(name)) >= 2:
        close = [str(r["name"]) for r in read(driver, CLOSE_NAMES, key=start, limit=5)]
    raise NotFound(f"no entity named {name!r} in the graph", suggestions=close)


_DOC_EXISTS: LiteralString = "MATCH (d:Document {id: $id}) RETURN d.id AS id"
_DOC_IDS: LiteralString = "MATCH (d:Document) RETURN d.id AS id ORDER BY id"


def resolve_document(driver: Driver, value: str | None) -> str | None:
    """The document id of ``value`` (``.txt`` optional); :class:`NotFound` with close ids if absent."""
    if value is None or not value.strip():
        return None
    wanted = doc_id(value)
    if read(driver, _DOC_EXISTS, id=wanted):
        return wanted
    ids = [str(r["id"]) for r in read(driver, _DOC_IDS)]
    close = [i for i in ids if wanted in i or i.startswith(wanted[:3])][:5] or difflib.get_close_matches(
        wanted, ids, n=5
    )
    raise NotFound(
        f"no document {wanted!r} in the graph", suggestions=close, hint="list them at /api/v1/documents"
    )


def parse_label(kind: str | None) -> Label | None:
    """A ``kind`` parameter as a node label (case-insensitive); InputError for an unknown one."""
    if kind is None or not kind.strip():
        return None
    for label in ENTITY_LABELS:
        if label.value.lower() == kind.strip().lower():
            return label
    raise InputError(
        f"unknown kind {kind!r}",
        hint="one of: " + ", ".join(label.value for label in ENTITY_LABELS),
    )
