"""Loading documents' facts into Neo4j, and deleting them.

``rows_for`` is a pure mapping from :class:`DocumentFacts` to parameter rows; ``load_document``
writes them with ``UNWIND $rows … MERGE`` in batches inside ONE transaction, so a document is in the
graph fully or not at all. Ids are deterministic, so loading the same facts twice changes nothing.
"""

from __future__ import annotations

import os
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

from graph.model import ENTITY_LABELS, DocumentFacts, Label, Node, Rel, name_key

BATCH_SIZE = 2000

# The label of a node is the prefix of its id (see graph.model.entity_id / content_id).
_LABEL_BY_PREFIX = {label.value.lower(): label for label in Label}

# Fault injection for the crash-consistency test: seconds to sleep between batches.
_BATCH_DELAY_ENV = "POLICYKG_LOAD_BATCH_DELAY"


def label_of(node_id: str) -> Label:
    prefix = node_id.split(":", 1)[0]
    try:
        return _LABEL_BY_PREFIX[prefix]
    except KeyError:
        raise ValueError(f"node id {node_id!r} has no known label prefix") from None


@dataclass
class LoadPlan:
    """Parameter rows for one document, grouped so that every query names its labels and type."""

    document: dict[str, Any]
    sentences: list[dict[str, Any]]
    nodes: dict[Label, list[dict[str, Any]]]
    relations: dict[tuple[Rel, Label, Label], list[dict[str, Any]]]
    mentions: dict[Label, list[dict[str, Any]]]
    node_counts: Counter[str] = field(default_factory=Counter)
    rel_counts: Counter[str] = field(default_factory=Counter)


def _node_row(node: Node) -> dict[str, Any]:
    aliases = list(dict.fromkeys([node.name, *node.aliases]))
    keys = list(dict.fromkeys(name_key(a) for a in aliases))
    return {"id": node.id, "props": {**node.props, "name": node.name, "aliases": aliases, "keys": keys}}


def rows_for(facts: DocumentFacts) -> LoadPlan:
    """Pure mapping from facts to rows; merges duplicate nodes/relations of the same document."""
    doc = facts.document
    plan = LoadPlan(
        document={"id": doc.id, "props": {**doc.props, "name": doc.name}},
        sentences=[
            {
                "id": s.id,
                "props": {
                    "doc": s.doc,
                    "line": s.line,
                    "line_end": s.line_end,
                    "start": s.start,
                    "end": s.end,
                    "text": s.text,
                    "quote": s.quote,
                },
            }
            for s in facts.sentences
        ],
        nodes=defaultdict(list),
        relations=defaultdict(list),
        mentions=defaultdict(list),
    )
    plan.node_counts["Document"] = 1
    plan.node_counts["Sentence"] = len(plan.sentences)

    merged: dict[str, Node] = {}
    for node in facts.nodes:
        if node.label not in ENTITY_LABELS:
            raise ValueError(f"{node.id}: label {node.label} cannot be loaded as an entity")
        if label_of(node.id) is not node.label:
            raise ValueError(f"{node.id}: id prefix does not match label {node.label}")
        prev = merged.get(node.id)
        if prev is None:
            merged[node.id] = node
        else:  # same entity recognised twice in one document: union aliases, keep first props
            merged[node.id] = Node(
                prev.label, prev.id, prev.name, tuple(dict.fromkeys(prev.aliases + node.aliases)), prev.props
            )
    for node in merged.values():
        plan.nodes[node.label].append(_node_row(node))
        plan.node_counts[node.label.value] += 1

    known = set(merged) | {s.id for s in facts.sentences}
    rels: dict[tuple[Rel, str, str], tuple[set[str], dict[str, Any]]] = {}
    for rel in facts.relations:
        for end in (rel.src, rel.dst):
            if end not in known:
                raise ValueError(f"{rel.type} {rel.src} -> {rel.dst}: node {end} is not among the facts")
        key = (rel.type, rel.src, rel.dst)
        sentences, props = rels.setdefault(key, (set(), {}))
        sentences.update(rel.sentences)
        for k, v in rel.props.items():
            props.setdefault(k, v)
    for (rtype, src, dst), (sentences, props) in rels.items():
        group = (rtype, label_of(src), label_of(dst))
        plan.relations[group].append(
            {"src": src, "dst": dst, "props": {**props, "doc": doc.id, "sentences": sorted(sentences)}}
        )
        plan.rel_counts[rtype.value] += 1
    plan.rel_counts["IN"] = len(plan.sentences)

    seen_mentions: set[tuple[str, str]] = set()
    for m in facts.mentions:
        if (m.sentence, m.node) in seen_mentions:
            continue
        if m.node not in merged:
            raise ValueError(f"mention of {m.node} in {m.sentence}: node is not among the facts")
        seen_mentions.add((m.sentence, m.node))
        plan.mentions[label_of(m.node)].append({"s": m.sentence, "n": m.node})
        plan.rel_counts["MENTIONS"] += 1
    return plan


def _batches(rows: list[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    for i in range(0, len(rows), BATCH_SIZE):
        yield rows[i : i + BATCH_SIZE]


# --- Cypher: labels and relationship types come from the closed enums above, never from users. ---

_REMOVE_DOC_FACTS = (
    # Sentences and per-document nodes go with their relationships.
    "MATCH (s:Sentence {doc: $doc}) DETACH DELETE s",
    "MATCH (t:Task {doc: $doc}) DETACH DELETE t",
    "MATCH (t:Target {doc: $doc}) DETACH DELETE t",
)


def _remove_doc_rels_query(rtype: Rel) -> str:
    return f"MATCH ()-[r:{rtype.value} {{doc: $doc}}]->() DELETE r"


_DELETE_ORPHANS = """
MATCH (n) WHERE any(l IN labels(n) WHERE l IN $labels) AND NOT (n)--()
WITH n LIMIT 10000
DETACH DELETE n
RETURN count(*) AS deleted
"""


def _remove_document_facts(tx: ManagedTransaction, doc_id: str) -> None:
    for q in _REMOVE_DOC_FACTS:
        tx.run(q, doc=doc_id).consume()
    for rtype in Rel:
        if rtype not in (Rel.IN, Rel.MENTIONS):
            tx.run(_remove_doc_rels_query(rtype), doc=doc_id).consume()


def _delete_orphans(tx: ManagedTransaction) -> int:
    total = 0
    labels = [label.value for label in ENTITY_LABELS]
    while True:  # removing a node can orphan another one (e.g. a zone's parent region)
        record = tx.run(_DELETE_ORPHANS, labels=labels).single()
        deleted = int(record["deleted"]) if record else 0
        total += deleted
        if deleted == 0:
            return total


def _write_plan(tx: ManagedTransaction, plan: LoadPlan) -> None:
    delay = float(os.environ.get(_BATCH_DELAY_ENV, "0") or 0)

    def run(query: str, rows: list[dict[str, Any]], **params: Any) -> None:
        for batch in _batches(rows):
            tx.run(query, rows=batch, **params).consume()
            if delay:
                time.sleep(delay)

    tx.run(
        "MERGE (d:Document {id: $doc.id}) SET d = $doc.props, d.id = $doc.id",
        doc=plan.document,
    ).consume()
    run(
        "UNWIND $rows AS row MERGE (s:Sentence {id: row.id}) SET s += row.props "
        "WITH s MATCH (d:Document {id: $doc}) MERGE (s)-[:IN]->(d)",
        plan.sentences,
        doc=plan.document["id"],
    )
    for label, rows in plan.nodes.items():
        # Aliases accumulate across documents; other properties come from dictionaries and are stable.
        run(
            f"UNWIND $rows AS row MERGE (n:{label.value} {{id: row.id}}) "
            "WITH n, row, coalesce(n.aliases, []) AS old, coalesce(n.keys, []) AS oldkeys "
            "SET n += row.props, "
            "n.aliases = old + [a IN row.props.aliases WHERE NOT a IN old], "
            "n.keys = oldkeys + [k IN row.props.keys WHERE NOT k IN oldkeys]",
            rows,
        )
    for (rtype, src_label, dst_label), rows in plan.relations.items():
        run(
            f"UNWIND $rows AS row MATCH (a:{src_label.value} {{id: row.src}}) "
            f"MATCH (b:{dst_label.value} {{id: row.dst}}) "
            f"MERGE (a)-[r:{rtype.value} {{doc: row.props.doc}}]->(b) SET r = row.props",
            rows,
        )
    for label, rows in plan.mentions.items():
        run(
            f"UNWIND $rows AS row MATCH (s:Sentence {{id: row.s}}) MATCH (n:{label.value} {{id: row.n}}) "
            "MERGE (s)-[:MENTIONS]->(n)",
            rows,
        )


@dataclass(frozen=True)
class LoadResult:
    doc_id: str
    status: str  # "loaded", "replaced", "unchanged"
    node_counts: dict[str, int]
    rel_counts: dict[str, int]
    seconds: float

    @property
    def relationships(self) -> int:
        return sum(self.rel_counts.values())


def load_document(driver: Driver, facts: DocumentFacts, *, force: bool = False) -> LoadResult:
    """Write one document's facts in one transaction; replace its previous facts if it changed."""
    plan = rows_for(facts)
    doc_id = facts.doc_id
    sha = facts.document.props.get("sha256")
    started = time.perf_counter()

    def work(tx: ManagedTransaction) -> str:
        record = tx.run("MATCH (d:Document {id: $doc}) RETURN d.sha256 AS sha", doc=doc_id).single()
        if record is not None and record["sha"] == sha and sha is not None and not force:
            return "unchanged"
        if record is not None:
            _remove_document_facts(tx, doc_id)
        _write_plan(tx, plan)
        if record is not None:
            _delete_orphans(tx)
        return "replaced" if record is not None else "loaded"

    with driver.session() as session:
        status = session.execute_write(work)
    return LoadResult(
        doc_id, status, dict(plan.node_counts), dict(plan.rel_counts), time.perf_counter() - started
    )


def delete_document(driver: Driver, doc_id: str) -> bool:
    """Remove a document, its facts and the entities left without evidence. False if absent."""

    def work(tx: ManagedTransaction) -> bool:
        record = tx.run("MATCH (d:Document {id: $doc}) RETURN d.id AS id", doc=doc_id).single()
        if record is None:
            return False
        _remove_document_facts(tx, doc_id)
        tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=doc_id).consume()
        _delete_orphans(tx)
        return True

    with driver.session() as session:
        return session.execute_write(work)


def graph_counts(driver: Driver) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per label and relationship counts per type of the whole graph."""
    with driver.session() as session:
        nodes = {
            r["label"]: r["n"]
            for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
        }
        rels = {r["t"]: r["n"] for r in session.run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
    return nodes, rels
