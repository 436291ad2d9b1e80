"""Loading documents' facts into Neo4j, and deleting them.

``rows_for`` is a pure mapping from :class:`DocumentFacts` to parameter rows; ``load_document``
writes them with ``UNWIND $rows …`` statements (entities MERGEd, the document's own sentences and
relationships CREATEd after its previous facts are removed) inside ONE transaction, so a document
is in the graph fully or not at all. The exception: a document of more than
``graph.chunked.CHUNK_ROWS`` rows would exceed the server's transaction memory, so it is written
in several transactions behind a ``loading`` marker (graph.chunked says what a failure leaves).
Ids are deterministic, so loading the same facts twice changes nothing. Deleting or replacing a
document deletes the entities that lost a relationship with it and have none left.

Cross-document locations (graph.link) are not facts of any one document but a cache derived from all
of them; they are recomputed in a transaction of their own after a load or delete, or once after a
run of many (recomputing them inside every document's transaction made a 250-document load ~2×
slower, since each recomputation reads every located name through the uncommitted state).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from neo4j import Driver, ManagedTransaction

from core.model import ENTITY_LABELS, DocumentFacts, Label, Node, Rel, name_key
from core.settings import load_batch_delay
from graph import link
from graph.queries.resolve import clear_cache
from graph.removal import delete_orphans_tx, remove_document_facts

BATCH_SIZE = 2000

# The label of a node is the prefix of its id (see core.model.entity_id / content_id).
_LABEL_BY_PREFIX = {label.value.lower(): label for label in Label}

# Fault injection for the crash-consistency test: seconds to sleep between batches.


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


def _first_then_sorted(first: str, others: Iterable[str]) -> list[str]:
    return [first, *sorted(set(others) - {first})]


def _node_row(node: Node) -> dict[str, Any]:
    # The name (and its key) first, the rest sorted: the same lists whatever order documents come in.
    aliases = _first_then_sorted(node.name, node.aliases)
    keys = _first_then_sorted(name_key(node.name), (name_key(a) for a in node.aliases))
    return {"id": node.id, "props": {**node.props, "name": node.name, "aliases": aliases, "keys": keys}}


def _sentence_rows(facts: DocumentFacts) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for s in facts.sentences:
        if s.doc != facts.doc_id:
            raise ValueError(f"sentence {s.id} belongs to {s.doc}, not to {facts.doc_id}")
        if s.id not in rows:  # a sentence listed twice is written once
            props = {"doc": s.doc, "line": s.line, "line_end": s.line_end, "start": s.start, "end": s.end}
            # A PDF's page and line on it, a Word file's paragraph (null, so not set, for a .txt).
            where = {"page": s.page, "page_line": s.page_line, "paragraph": s.paragraph}
            rows[s.id] = {"id": s.id, "props": {**props, **where, "text": s.text, "quote": s.quote}}
    return list(rows.values())


def rows_for(facts: DocumentFacts) -> LoadPlan:
    """Pure mapping from facts to rows; merges duplicate nodes/relations of the same document."""
    doc = facts.document
    plan = LoadPlan(
        document={"id": doc.id, "props": {**doc.props, "name": doc.name}},
        sentences=_sentence_rows(facts),
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
    # In id order, so that concurrent loads (graph.bulk) lock shared entities in the same order.
    for node in sorted(merged.values(), key=lambda n: n.id):
        plan.nodes[node.label].append(_node_row(node))
        plan.node_counts[node.label.value] += 1

    known = set(merged) | {row["id"] for row in plan.sentences}
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
    for (rtype, src, dst), (sentences, props) in sorted(rels.items(), key=lambda kv: kv[0]):
        group = (rtype, label_of(src), label_of(dst))
        plan.relations[group].append(
            {"src": src, "dst": dst, "props": {**props, "doc": doc.id, "sentences": sorted(sentences)}}
        )
        plan.rel_counts[rtype.value] += 1
    plan.rel_counts["IN"] = len(plan.sentences)

    sentence_ids = {row["id"] for row in plan.sentences}  # (mentions below, then the fingerprint)
    seen_mentions: set[tuple[str, str]] = set()
    for m in facts.mentions:
        if (m.sentence, m.node) in seen_mentions:
            continue
        if m.sentence not in sentence_ids:
            raise ValueError(f"mention of {m.node} in {m.sentence}: sentence is not among the facts")
        if m.node not in merged:
            raise ValueError(f"mention of {m.node} in {m.sentence}: node is not among the facts")
        seen_mentions.add((m.sentence, m.node))
        plan.mentions[label_of(m.node)].append({"s": m.sentence, "n": m.node})
        plan.rel_counts["MENTIONS"] += 1
    _store_counts(plan)
    plan.document["props"]["facts_sha256"] = _fingerprint(plan)
    return plan


def _store_counts(plan: LoadPlan) -> None:
    """The document's sentence count and, per label, how many distinct entities its sentences
    mention, kept on the Document: the document list would otherwise walk every sentence and
    mention of the graph on every call (2.6 M db hits at 100× the development corpus). Only loads
    write MENTIONS, so the stored figures stay true until the document is loaded again."""
    labels = sorted(label.value for label, rows in plan.mentions.items() if rows)
    props = plan.document["props"]
    props["count_sentences"] = len(plan.sentences)
    props["count_labels"] = labels
    props["count_entities"] = [len({row["n"] for row in plan.mentions[Label(label)]}) for label in labels]


def _fingerprint(plan: LoadPlan) -> str:
    """A hash of everything the plan writes: the same text read by a changed extractor differs."""
    # rows_for builds every list and dict in a deterministic order, so no key sorting is needed
    # (it would double the cost: ~4 ms for the largest seed without it).
    content = (
        plan.document,
        plan.sentences,
        sorted(plan.nodes.items()),
        sorted(plan.relations.items()),
        sorted(plan.mentions.items()),
    )
    text = json.dumps(content, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- Cypher: labels and relationship types come from the closed enums above, never from users. ---
#
# A document is written by two statements (more only for documents of more than BATCH_SIZE rows in
# one part) rather than one small statement per label and type: each statement is a chain of unit
# subqueries ``CALL () { UNWIND $p_<part> AS row … }``, one per part, every one of them seeking
# nodes through the id uniqueness index of a fixed label. The first statement writes the Document,
# its Sentences (with IN) and the entities of every label; the second the fact relationships of
# every (type, source label, target label) of the graph model and the MENTIONS of every label. The
# parts are the same for every document (absent ones get an empty list), so the server plans each
# statement once; only a document with a relationship outside the model's table (or with extra
# relationship properties) gets a statement of its own. Large documents run the same statements
# on slices of BATCH_SIZE rows per part: all slices of the first statement before the second.
#
# Sentences, IN, MENTIONS and the fact relationships of a document are CREATEd: they belong to the
# document alone, rows_for has removed duplicates, and the document's previous facts are removed
# first (nothing of a document that is absent can exist). Only entities are MERGEd, since they are
# shared between documents.

# The relationship table of docs/graph-model.md: (type, source label, target label) and the
# properties beyond doc and sentences.
_L = Label
_MODEL_RELS: tuple[tuple[Rel, Label, Label], ...] = (
    (Rel.SUBCHAIN_OF, _L.CHAIN, _L.CHAIN),
    (Rel.SERVES, _L.PROJECT, _L.CHAIN),
    *((Rel.LOCATED_IN, src, _L.REGION) for src in (_L.PROJECT, _L.ENTERPRISE, _L.BASE, _L.PLATFORM)),
    (Rel.PART_OF, _L.REGION, _L.REGION),
    (Rel.DESIGNATED_FOR, _L.REGION, _L.CHAIN),
    *((Rel.IN_CHAIN, src, _L.CHAIN) for src in (_L.BASE, _L.ENTERPRISE, _L.PLATFORM)),
    *((rtype, _L.AGENCY, _L.TASK) for rtype in (Rel.LEADS, Rel.SUPPORTS, Rel.RESPONSIBLE_FOR)),
    (Rel.CONCERNS, _L.TASK, _L.CHAIN),
    (Rel.MEASURES, _L.TARGET, _L.CHAIN),
    (Rel.SCOPED_TO, _L.TARGET, _L.REGION),
    (Rel.NEEDS, _L.CHAIN, _L.TECHNOLOGY),
    (Rel.HAS_SEGMENT, _L.CHAIN, _L.CHAIN),
)
_REL_KEYS: dict[Rel, tuple[str, ...]] = {
    Rel.SERVES: ("via",),
    Rel.LOCATED_IN: ("via",),
    Rel.PART_OF: ("source",),
    Rel.DESIGNATED_FOR: ("role", "level", "designation"),
    Rel.LEADS: ("open_ended",),
    Rel.SUPPORTS: ("open_ended",),
    Rel.RESPONSIBLE_FOR: ("open_ended",),
    Rel.NEEDS: ("kind", "verb", "at"),
    Rel.HAS_SEGMENT: ("facet", "source"),
}
_SENTENCE_KEYS = (
    *("doc", "line", "line_end", "start", "end"),
    *("page", "page_line", "paragraph"),  # where a PDF or Word file has it; unset for text
    *("text", "quote"),
)
_PROPERTY_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# A part: ("document",), ("sentences",), ("nodes", L), ("mentions", L) or
# ("rels", T, A, B, "k1,k2,…") with the relationship's property keys.
Part = tuple[str, ...]
Rows = list[dict[str, Any]]


def _param(part: Part) -> str:
    return "p_" + "_".join(part[:4])


def _props(keys: Iterable[str]) -> str:
    # Property keys spelled out (a null value sets nothing) rather than ``SET r = row.props``: a
    # dynamic SET makes the planner buffer all rows (Eager) for fear of conflicting reads.
    return ", ".join(f"`{k}`: row.props.`{k}`" for k in keys)


def _part_query(part: Part) -> str:
    kind, p = part[0], "$" + _param(part)
    if kind == "document":
        return f"UNWIND {p} AS row MERGE (d:Document {{id: row.id}}) SET d = row.props, d.id = row.id"
    if kind == "sentences":
        return (
            f"MATCH (d:Document {{id: $doc}}) UNWIND {p} AS row "
            f"CREATE (s:Sentence {{id: row.id, {_props(_SENTENCE_KEYS)}}})-[:IN]->(d)"
        )
    if kind == "nodes":
        # Shared entities: the first document to create one names it; aliases and keys accumulate
        # across documents (the name first, the rest sorted: independent of the loading order);
        # other properties come from dictionaries and are stable. ON MATCH first takes the node's
        # write lock (a same-value SET still locks), so that the union below reads the lists as
        # committed by any concurrent load (graph.bulk) instead of losing its additions. Nothing
        # is written when the document brings nothing new.
        union = (
            "{x}[0..1] + COLLECT {{ UNWIND {x}[1..] + [v IN props.{f} WHERE v <> {x}[0]] AS v "
            "WITH DISTINCT v ORDER BY v RETURN v }}"
        )
        return (
            f"UNWIND {p} AS row WITH row, row.props AS props MERGE (n:{part[1]} {{id: row.id}}) "
            "ON CREATE SET n += props ON MATCH SET n.id = row.id "
            # an open-vocabulary chain keeps the provenance with the smallest introducing sentence
            # id, so which document introduced it does not depend on the order of loads
            "WITH n, props, CASE WHEN n.introduced_in IS NOT NULL AND (props.introduced_in IS NULL "
            "OR n.introduced_in < props.introduced_in) THEN {introduced_in: n.introduced_in, "
            "introduced_by: n.introduced_by, confidence: n.confidence} ELSE {} END AS kept "
            "WHERE any(a IN props.aliases WHERE NOT a IN n.aliases) "
            "OR any(k IN props.keys WHERE NOT k IN n.keys) "
            "OR any(k IN keys(props) WHERE NOT k IN ['name', 'aliases', 'keys'] "
            "AND props[k] IS NOT NULL AND NOT coalesce(n[k] = props[k], false)) "
            "SET n += props {.*, name: n.name, "
            f"aliases: {union.format(x='n.aliases', f='aliases')}, "
            f"keys: {union.format(x='n.keys', f='keys')}}}, n += kept"
        )
    if kind == "rels":
        rtype, src, dst, keys = part[1:]
        return (
            f"UNWIND {p} AS row MATCH (a:{src} {{id: row.src}}) MATCH (b:{dst} {{id: row.dst}}) "
            f"CREATE (a)-[r:{rtype} {{{_props(keys.split(','))}}}]->(b)"
        )
    if kind == "mentions":
        return (
            f"UNWIND {p} AS row MATCH (s:Sentence {{id: row.s}}) MATCH (n:{part[1]} {{id: row.n}}) "
            "CREATE (s)-[:MENTIONS]->(n)"
        )
    raise ValueError(f"unknown part {part!r}")


@functools.lru_cache(maxsize=256)
def _statement(parts: tuple[Part, ...]) -> str:
    body = "\n".join(f"CALL () {{ {_part_query(part)} }}" for part in parts)
    # Every part seeks by a unique id whatever the statistics say, so a plan never goes stale;
    # without replan=skip the server re-plans these statements (~0.2 s each) whenever a growing
    # graph's statistics drift, which cost ~20 % of a 250-document load.
    return "CYPHER replan=skip\n" + body


def _rel_part(rtype: Rel, src: Label, dst: Label, rows: Rows) -> Part:
    keys = ("doc", "sentences", *_REL_KEYS.get(rtype, ()))
    extra = sorted({k for row in rows for k in row["props"]} - set(keys))
    for k in extra:
        if not _PROPERTY_KEY.fullmatch(k):
            raise ValueError(f"{rtype} property {k!r} is not a plain property name")
    return ("rels", rtype.value, src.value, dst.value, ",".join((*keys, *extra)))


def _phases(plan: LoadPlan) -> list[list[tuple[Part, Rows]]]:
    """The two statements' parts with their rows: entities first, then relationships."""
    entities: list[tuple[Part, Rows]] = [(("document",), [plan.document]), (("sentences",), plan.sentences)]
    entities += [(("nodes", label.value), plan.nodes.get(label, [])) for label in ENTITY_LABELS]
    rels: list[tuple[Part, Rows]] = []
    groups = dict(plan.relations)
    for rtype, src, dst in _MODEL_RELS:
        rows = groups.pop((rtype, src, dst), [])
        rels.append((_rel_part(rtype, src, dst, rows), rows))
    for (rtype, src, dst), rows in sorted(groups.items()):  # outside the model's table
        rels.append((_rel_part(rtype, src, dst, rows), rows))
    rels += [(("mentions", label.value), plan.mentions.get(label, [])) for label in ENTITY_LABELS]
    return [entities, rels]


def _statements(plan: LoadPlan, batch: int = BATCH_SIZE) -> Iterator[tuple[str, dict[str, Any]]]:
    """The statements with their parameters, in order; each at most ``batch`` rows per part."""
    for parts in _phases(plan):
        query = _statement(tuple(part for part, _ in parts))
        slices = max(1, *(-(-len(rows) // batch) for _, rows in parts))
        for i in range(0, slices * batch, batch):
            params = {_param(part): rows[i : i + batch] for part, rows in parts}
            yield query, {"doc": plan.document["id"], **params}


def _write_plan(tx: ManagedTransaction, plan: LoadPlan) -> None:
    delay = load_batch_delay()
    for query, params in _statements(plan):
        tx.run(query, params).consume()
        if delay:
            time.sleep(delay)


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


STORED_FINGERPRINT = "MATCH (d:Document {id: $doc}) RETURN d.facts_sha256 AS facts"
# What decides between one transaction and several (graph.chunked): a partial (marked) version, or
# a stored version too large to remove in one transaction, is replaced in several.
_STORED_STATE = (
    "MATCH (d:Document {id: $doc}) "
    "RETURN d.facts_sha256 AS facts, d.loading AS loading, COUNT { (:Sentence {doc: $doc}) } AS sentences"
)
_LARGE = "large"


def _stored_is_large(record: Any, bound: int) -> bool:
    from graph.chunked import ROWS_PER_SENTENCE

    return bool(record["loading"]) or int(record["sentences"]) * ROWS_PER_SENTENCE > bound


def await_search_index(driver: Driver) -> None:
    """Wait until the eventually consistent full-text index (schema.cypher) has caught up with
    every committed write, so that a search right after a load or delete sees it."""
    with driver.session() as session:
        session.run("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()").consume()


def load_document(
    driver: Driver,
    facts: DocumentFacts,
    *,
    force: bool = False,
    relink: bool = True,
    plan: LoadPlan | None = None,
    chunk_rows: int | None = None,
) -> LoadResult:
    """Write one document's facts in one transaction; replace its previous facts if it changed.

    A document of more than ``chunk_rows`` rows (default ``graph.chunked.CHUNK_ROWS``), or one
    replacing such a document or a partial one, is written in several transactions behind a marker
    instead (graph.chunked: why and what a failure leaves).

    The cross-document locations are recomputed afterwards in a transaction of their own (see
    graph.link); a caller loading many documents passes ``relink=False`` and calls
    :func:`graph.link.relink_graph` once at the end, as ``policykg ingest`` does.
    """
    from graph import chunked  # it builds on this module's statements

    bound = chunked.CHUNK_ROWS if chunk_rows is None else chunk_rows
    if plan is None:
        plan = rows_for(facts)
    doc_id = facts.doc_id
    fingerprint = plan.document["props"]["facts_sha256"]
    started = time.perf_counter()

    def work(tx: ManagedTransaction) -> str:
        record = tx.run(_STORED_STATE, doc=doc_id).single()
        # Unchanged means the same facts, not only the same text: after an extractor upgrade the
        # same file is read differently, and its facts must be replaced.
        if record is not None and record["facts"] == fingerprint and not force:
            return "unchanged"
        if record is not None and _stored_is_large(record, bound):
            return _LARGE
        candidates = remove_document_facts(tx, doc_id) if record is not None else []
        _write_plan(tx, plan)
        if record is not None:
            # Derived edges may cite this document's old sentences or locate through its old
            # names; and a derived edge is no evidence, so it must not keep an entity alive.
            link.drop_derived(tx)
            delete_orphans_tx(tx, candidates)
        return "replaced" if record is not None else "loaded"

    if chunked.plan_rows(plan) > bound:
        status = chunked.load_large(driver, plan, force=force, bound=bound)
    else:
        with driver.session() as session:
            status = session.execute_write(work)
        if status == _LARGE:
            status = chunked.load_large(driver, plan, force=force, bound=bound)
    if status == "replaced":
        clear_cache()  # an entity may have gone with the old facts
    if relink and status != "unchanged":
        link.relink_graph(driver)
        await_search_index(driver)
    return LoadResult(
        doc_id, status, dict(plan.node_counts), dict(plan.rel_counts), time.perf_counter() - started
    )


def delete_document(
    driver: Driver, doc_id: str, *, relink: bool = True, chunk_rows: int | None = None
) -> bool:
    """Remove a document, its facts and the entities left without evidence. False if absent.

    A document too large for one transaction (``chunk_rows``, as :func:`load_document`) is removed
    in several (graph.chunked). Like :func:`load_document`, the cross-document locations are
    recomputed afterwards unless ``relink`` is False.
    """
    from graph import chunked

    bound = chunked.CHUNK_ROWS if chunk_rows is None else chunk_rows

    def work(tx: ManagedTransaction) -> str:
        record = tx.run(_STORED_STATE, doc=doc_id).single()
        if record is None:
            return "absent"
        if _stored_is_large(record, bound):
            return _LARGE
        candidates = remove_document_facts(tx, doc_id)
        tx.run("MATCH (d:Document {id: $doc}) DETACH DELETE d", doc=doc_id).consume()
        link.drop_derived(tx)
        delete_orphans_tx(tx, candidates)
        return "deleted"

    with driver.session() as session:
        status = session.execute_write(work)
    if status == _LARGE:
        chunked.delete_large(driver, doc_id, bound=bound)
    deleted = status != "absent"
    if deleted:
        clear_cache()
    if relink and deleted:
        link.relink_graph(driver)
        await_search_index(driver)
    return deleted


def graph_counts(driver: Driver) -> tuple[dict[str, int], dict[str, int]]:
    """Node counts per label and relationship counts per type of the whole graph."""
    with driver.session() as session:
        nodes = {
            r["label"]: r["n"]
            for r in session.run("MATCH (n) UNWIND labels(n) AS label RETURN label, count(*) AS n")
        }
        rels = {r["t"]: r["n"] for r in session.run("MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n")}
    return nodes, rels
