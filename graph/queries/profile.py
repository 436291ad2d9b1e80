"""One node's profile: its properties and every fact relationship around it."""

from __future__ import annotations

from typing import LiteralString

from neo4j import Driver

from core.errors import NotFound
from core.model import ENTITY_LABELS, Label
from graph.queries.fragments import cite_mentions
from graph.queries.records import evidence, read
from graph.rows import EntityProfile

# At most 200 relations, by type then the other node's name; sentences and documents are the
# evidence plumbing, not relations.
_BODY: LiteralString = (
    """
CALL (n) {
  OPTIONAL MATCH (n)-[r]-(m)
  WHERE NOT m:Sentence AND NOT m:Document
  WITH r, m ORDER BY type(r), m.name
  LIMIT 200
  RETURN collect(CASE WHEN r IS NULL THEN NULL ELSE {
    type: type(r), direction: CASE WHEN startNode(r) = n THEN 'out' ELSE 'in' END,
    other: {id: m.id, name: m.name, kind: labels(m)[0]}, doc: r.doc,
    role: r.role, designation: r.designation} END) AS relations
}
"""
    + cite_mentions("n, relations", "n")
    + """
RETURN n.id AS id, n.name AS name, labels(n)[0] AS kind, coalesce(n.aliases, []) AS aliases,
       properties(n) AS props, relations, evidence
"""
)
PROFILE: LiteralString = "\nMATCH (n {id: $id})" + _BODY
# With the node's label known, its id is an index seek instead of a scan of every node.
_LABELLED: dict[Label, LiteralString] = {
    lab: "\nMATCH (n:" + lab.value + " {id: $id})" + _BODY for lab in ENTITY_LABELS
}

_SHOWN_ELSEWHERE = ("keys", "aliases", "id", "name")  # fields of the profile itself, or lookup keys


def profile(driver: Driver, entity_id: str, label: Label | None = None) -> EntityProfile:
    """The node with id ``entity_id`` (of ``label``, when the caller knows it); :class:`NotFound` if
    there is none."""
    rows = read(driver, _LABELLED[label], id=entity_id) if label in _LABELLED else []
    if not rows:
        rows = read(driver, PROFILE, id=entity_id)
    if not rows:
        raise NotFound(f"no node {entity_id!r}")
    r = rows[0]
    return EntityProfile(
        id=r["id"],
        name=r["name"],
        kind=r["kind"],
        evidence=evidence(r["evidence"]),
        aliases=list(r["aliases"]),
        props={k: v for k, v in r["props"].items() if k not in _SHOWN_ELSEWHERE},
        relations=[x for x in r["relations"] if x],
    )
