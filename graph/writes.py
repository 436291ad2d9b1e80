"""The Cypher that writes a document's plan (graph.load.rows_for): one statement of unit subqueries.

Labels and relationship types come from the closed enums of core.model, never from users; every
value is a parameter.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from neo4j import ManagedTransaction

from core.errors import PolicyKGError
from core.model import ENTITY_LABELS, Label, Rel
from core.settings import load_batch_delay

if TYPE_CHECKING:
    from graph.plan import LoadPlan

BATCH_SIZE = 2000

# A document is written by one statement (more only for documents of more than BATCH_SIZE rows in
# one part) rather than one small statement per label and type: a chain of unit subqueries
# ``CALL () { UNWIND $p_<part> AS row … }``, one per part, each on a fixed label. It writes the
# Document and its Sentences (with IN), MERGEs the entities of every label (through the id
# uniqueness index) and CREATEs the fact relationships of every (type, source label, target label)
# of the graph model and the MENTIONS of every label, their ends named by position in the list of
# the entities' nodes and the sentences' (_write_whole). The
# parts are the same for every document (absent ones get an empty list), so the server plans each
# statement once; only a document with a relationship outside the model's table (or with extra
# relationship properties) gets a statement of its own. Larger documents run statements on slices
# of BATCH_SIZE rows per part: first the Document, sentences and entities, returning all their
# element ids, then the relationships between the nodes of those ids (write_plan).
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
# A sentence row's values (graph.load builds the rows); and ``doc``, from the statement's ``$doc``:
# a document's rows all have the same, fewer bytes sent.
SENTENCE_COLUMNS = (
    *("id", "line", "line_end", "start", "end"),
    *("page", "page_line", "paragraph"),  # where a PDF or Word file has it; unset for text
    *("text", "quote"),
)
_PROPERTY_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

# A part: ("document",), ("sentences",), ("nodes", L), ("mentions", L) or
# ("rels", T, A, B, "k1,k2,…") with the relationship's property keys.
Part = tuple[str, ...]
Rows = list[Any]  # maps, or lists where the statement reads rows by position


def _param(part: Part) -> str:
    return "p_" + "_".join(part[:4])


def _props(keys: Iterable[str]) -> str:
    # Property keys spelled out (a null value sets nothing) rather than ``SET r = row.props``: a
    # dynamic SET makes the planner buffer all rows (Eager) for fear of conflicting reads.
    return ", ".join(f"`{k}`: row.props.`{k}`" for k in keys)


def _columns(keys: Iterable[str], first: int) -> str:
    # The values of a row sent as a list (a null sets nothing), the first at position ``first``.
    return ", ".join(f"`{k}`: row[{i}]" for i, k in enumerate(keys, first))


def _match(var: str, label: str, key: str, ids: bool) -> str:
    # By element id: a look-up by address instead of a (locking) seek in the id index, which was
    # a third of the server's CPU for the relationships of a document (JFR samples). The rows hold
    # positions in ``$eids``, which names each end once per statement: an element id is ~40 bytes,
    # and a document's ends are hundreds of nodes named in thousands of rows.
    if ids:
        return f"MATCH ({var}:{label}) WHERE elementId({var}) = $eids[{key}]"
    return f"MATCH ({var}:{label} {{id: {key}}})"


def _merge(part: Part, unwind: str, keep: str = "") -> tuple[str, str]:
    """The MERGE of a part of entities, and the check that updates a matched one (see below)."""
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
    merge = (
        f"{unwind} WITH {keep}row, row.props AS props MERGE (n:{part[1]} {{id: row.id}}) "
        "ON CREATE SET n += props ON MATCH SET n.id = row.id"
    )
    check = (
        # an open-vocabulary chain keeps the provenance with the smallest introducing sentence
        # id, so which document introduced it does not depend on the order of loads
        " WITH n, props, CASE WHEN n.introduced_in IS NOT NULL AND (props.introduced_in IS NULL "
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
    return merge, check


def _part_query(part: Part, ids: bool = False) -> str:
    """The part's query; ``ids``: nodes and sentences return ``[id, elementId]`` pairs, and
    relationships and mentions find their ends by element id (see :func:`write_plan`)."""
    kind, p = part[0], "$" + _param(part)
    out = "e_" + _param(part)
    if kind == "document":
        return f"UNWIND {p} AS row MERGE (d:Document {{id: row.id}}) SET d = row.props, d.id = row.id"
    if kind == "sentences":
        return (
            f"MATCH (d:Document {{id: $doc}}) UNWIND {p} AS row "
            f"CREATE (s:Sentence {{id: row[0], doc: $doc, {_columns(SENTENCE_COLUMNS[1:], 1)}}})-[:IN]->(d)"
        ) + (f" RETURN collect([row[0], elementId(s)]) AS {out}" if ids else "")
    if kind == "nodes":
        merge, check = _merge(part, f"UNWIND {p} AS row")
        if not ids:
            return merge + check
        # the check in a subquery of its own, so that every row reaches the RETURN
        pairs = f"RETURN collect([row.id, elementId(n)]) AS {out}"
        return f"{merge} WITH row, n, props CALL (n, props) {{{check} }} {pairs}"
    if kind == "rels" and ids:  # rows [src, dst, *values of the keys] (see _by_position)
        rtype, src, dst, keys = part[1:]
        return (
            f"UNWIND {p} AS row {_match('a', src, 'row[0]', ids)} {_match('b', dst, 'row[1]', ids)} "
            f"CREATE (a)-[r:{rtype} {{doc: $doc, {_columns(keys.split(','), 2)}}}]->(b)"
        )
    if kind == "rels":
        rtype, src, dst, keys = part[1:]
        return (
            f"UNWIND {p} AS row {_match('a', src, 'row.src', ids)} {_match('b', dst, 'row.dst', ids)} "
            f"CREATE (a)-[r:{rtype} {{doc: $doc, {_props(keys.split(','))}}}]->(b)"
        )
    if kind == "mentions" and ids:  # rows [sentence, [node, …]]: each sentence found once
        return (
            f"UNWIND {p} AS row {_match('s', 'Sentence', 'row[0]', ids)} "
            f"UNWIND row[1] AS j {_match('n', part[1], 'j', ids)} CREATE (s)-[:MENTIONS]->(n)"
        )
    if kind == "mentions":
        return (
            f"UNWIND {p} AS row {_match('s', 'Sentence', 'row.s', ids)} {_match('n', part[1], 'row.n', ids)} "
            "CREATE (s)-[:MENTIONS]->(n)"
        )
    raise ValueError(f"unknown part {part!r}")


@functools.lru_cache(maxsize=256)
def _statement(parts: tuple[Part, ...], ids: bool = False) -> str:
    body = "\n".join(f"CALL () {{ {_part_query(part, ids)} }}" for part in parts)
    if ids and any(part[0] in ("sentences", "nodes") for part in parts):
        found = [f"e_{_param(part)}" for part in parts if part[0] in ("sentences", "nodes")]
        body += "\nRETURN " + " + ".join(found) + " AS ids"
    # Every part seeks by a unique id whatever the statistics say, so a plan never goes stale;
    # without replan=skip the server re-plans these statements (~0.2 s each) whenever a growing
    # graph's statistics drift, which cost ~20 % of a 250-document load.
    return "CYPHER replan=skip\n" + body


def _at_index(part: Part) -> str:
    """A part of the whole-document statement (:func:`_write_whole`): sentences and entities return
    their nodes in row order; relationships and mentions find their ends at positions in ``nodes``."""
    kind, p = part[0], "$" + _param(part)
    if kind == "document":
        return _part_query(part)
    if kind == "sentences":  # in row order too: the relationships' rows name them by position
        return (
            f"MATCH (d:Document {{id: $doc}}) UNWIND range(0, size({p}) - 1) AS i WITH d, i, {p}[i] AS row "
            f"CREATE (s:Sentence {{id: row[0], doc: $doc, {_columns(SENTENCE_COLUMNS[1:], 1)}}})-[:IN]->(d) "
            f"WITH i, s ORDER BY i RETURN collect(s) AS e_{_param(part)}"
        )
    if kind == "nodes":
        merge, check = _merge(part, f"UNWIND range(0, size({p}) - 1) AS i WITH i, {p}[i] AS row", "i, ")
        # in row order (ORDER BY: collect alone promises none), so that rows can name them by position
        ordered = f"WITH i, n ORDER BY i RETURN collect(n) AS e_{_param(part)}"
        return f"{merge} WITH i, n, props CALL (n, props) {{{check} }} {ordered}"
    if kind == "rels":
        rtype, keys = part[1], part[4]
        return (
            f"UNWIND {p} AS row WITH row, nodes[row[0]] AS a, nodes[row[1]] AS b "
            f"CREATE (a)-[r:{rtype} {{doc: $doc, {_columns(keys.split(','), 2)}}}]->(b)"
        )
    if kind == "mentions":
        return (
            f"UNWIND {p} AS row WITH row, nodes[row[0]] AS s UNWIND row[1] AS j WITH s, nodes[j] AS n "
            "CREATE (s)-[:MENTIONS]->(n)"
        )
    raise ValueError(f"unknown part {part!r}")


@functools.lru_cache(maxsize=256)
def _whole_statement(parts: tuple[Part, ...]) -> str:
    """The Document, its sentences and the entities, each part returning its nodes in row order
    (not the Document's), then the relationships and mentions between them."""
    nodes = [part for part in parts if part[0] in ("document", "sentences", "nodes")]
    body = [f"CALL () {{ {_at_index(part)} }}" for part in nodes]
    listed = [f"e_{_param(part)}" for part in nodes if part[0] == "nodes"] + ["e_p_sentences"]
    body.append("WITH " + " + ".join(listed) + " AS nodes")
    body += [f"CALL (nodes) {{ {_at_index(part)} }}" for part in parts if part not in nodes]
    return "CYPHER replan=skip\n" + "\n".join(body) + "\nRETURN size(nodes) AS nodes"


def _rel_part(rtype: Rel, src: Label, dst: Label, rows: Rows) -> Part:
    keys = ("sentences", *_REL_KEYS.get(rtype, ()))  # and doc, from $doc
    extra = sorted({k for row in rows for k in row["props"]} - {*keys, "doc"})
    for k in extra:
        if not _PROPERTY_KEY.fullmatch(k):
            raise ValueError(f"{rtype} property {k!r} is not a plain property name")
    return ("rels", rtype.value, src.value, dst.value, ",".join((*keys, *extra)))


def phases(plan: LoadPlan) -> list[list[tuple[Part, Rows]]]:
    """The parts with their rows: the Document, sentences and entities, then the relationships."""
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


class SentRows(list[Any]):
    """A part's rows as sent: a list whose repr is a summary. The driver formats every statement's
    parameters for a debug log line whether debug logging is on or not (neo4j 6 ``Bolt5x5.run``:
    ``" ".join(map(repr, fields))``); for a document's rows that repr cost ~2 µs of client CPU per
    relationship, under the interpreter lock the loading threads share. Packed, the bytes are those
    of a plain list (tests/unit/graph/test_sent_rows.py)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"<{len(self)} rows>"


def _sliced(
    plan: LoadPlan,
    parts: list[tuple[Part, Rows]],
    batch: int,
    ids: bool = False,
    element: dict[str, str] | None = None,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """The statement over slices of ``batch`` rows per part; with ``element`` (node id -> element
    id), relationship rows name their ends by position in the slice's ``$eids``."""
    query = _statement(tuple(part for part, _ in parts), ids)
    slices = max(1, *(-(-len(rows) // batch) for _, rows in parts))
    for i in range(0, slices * batch, batch):
        params: dict[str, Any]
        if element is None:
            params = {_param(part): SentRows(rows[i : i + batch]) for part, rows in parts}
        else:  # the element ids of this slice's ends only: a large document has several slices
            at: dict[str, int] = {}
            eids: list[str] = []
            params = {
                _param(part): SentRows(_by_position(part, rows[i : i + batch], element, at, eids))
                for part, rows in parts
            }
            params["eids"] = SentRows(eids)
        yield query, {"doc": plan.document["id"], **params}


def statements(plan: LoadPlan, batch: int = BATCH_SIZE) -> Iterator[tuple[str, dict[str, Any]]]:
    """The statements with their parameters, in order; each at most ``batch`` rows per part.
    Relationships find their ends by id: the form for statements in transactions of their own
    (graph.chunked), where an element id read in an earlier one could be reused since."""
    for parts in phases(plan):
        yield from _sliced(plan, parts, batch)


def _by_position(
    part: Part, rows: Rows, element: dict[str, str], at: dict[str, int], eids: list[str], base: int = 0
) -> Rows:
    def pos(node_id: str) -> int:
        if (i := at.get(node_id)) is None:
            i = at[node_id] = base + len(eids)
            eids.append(element[node_id])
        return i

    # Lists rather than maps: no key strings to pack and decode for every row.
    if part[0] == "rels":
        keys = part[4].split(",")
        return [[pos(r["src"]), pos(r["dst"]), *[r["props"].get(k) for k in keys]] for r in rows]
    # A sentence's consecutive mentions (rows_for keeps them in sentence order) in one row, so the
    # server finds the sentence once instead of once per mention; creation order is unchanged.
    grouped: Rows = []
    last: str | None = None
    nodes: list[int] = []
    for r in rows:
        if r["s"] != last:
            last, nodes = r["s"], []
            grouped.append([pos(last), nodes])
        nodes.append(pos(r["n"]))
    return grouped


def write_plan(tx: ManagedTransaction, plan: LoadPlan) -> None:
    """Write the plan in the caller's transaction. A document of at most BATCH_SIZE rows per part
    takes one statement (:func:`_write_whole`); a larger one is written in slices: the Document,
    sentences and entities first, returning their element ids, then the relationships and mentions
    between the nodes of those ids. The ids are safe to use within the transaction: it created the
    nodes or holds their write locks."""
    entities, rels = phases(plan)
    if all(len(rows) <= BATCH_SIZE for _, rows in (*entities, *rels)):
        _write_whole(tx, plan, entities, rels)
        return
    delay = load_batch_delay()
    element: dict[str, str] = {}
    for query, params in _sliced(plan, entities, BATCH_SIZE, ids=True):
        element.update(tx.run(query, params).single(strict=True)["ids"])
        if delay:
            time.sleep(delay)
    for query, params in _sliced(plan, rels, BATCH_SIZE, ids=True, element=element):
        tx.run(query, params).consume()
        if delay:
            time.sleep(delay)


def _at_positions(part: Part, rows: Rows, at: dict[str, int]) -> Rows:
    """A part's relationship or mention rows with their ends as positions in the statement's
    ``nodes`` (see :func:`_by_position`, whose rows these equal when every end is in ``at``)."""
    if part[0] == "rels":
        keys = part[4].split(",")
        return [[at[r["src"]], at[r["dst"]], *[r["props"].get(k) for k in keys]] for r in rows]
    grouped: Rows = []
    last: str | None = None
    nodes: list[int] = []
    for r in rows:
        if r["s"] != last:
            last, nodes = r["s"], []
            grouped.append([at[last], nodes])
        nodes.append(at[r["n"]])
    return grouped


def _write_whole(
    tx: ManagedTransaction, plan: LoadPlan, entities: list[tuple[Part, Rows]], rels: list[tuple[Part, Rows]]
) -> None:
    """A document of at most BATCH_SIZE rows per part in ONE statement: the Document, its sentences,
    the entities (MERGEd: their write locks are held from there to the commit, and a concurrent load
    sharing an entity waits for them), then the relationships and mentions, whose ends are positions
    in the list of the entities' nodes, in row order, then the sentences'. The client knows those
    positions from the rows, so no element id is read back or sent, and there is no round trip
    while the transaction writes."""
    nodes = entities[2:]
    at = {row["id"]: i for i, row in enumerate(row for _, rows in nodes for row in rows)}
    count = len(at)
    at.update((row[0], count + j) for j, row in enumerate(plan.sentences))
    params: dict[str, Any] = {"doc": plan.document["id"]}
    params |= {_param(part): SentRows(rows) for part, rows in entities}
    params |= {_param(part): SentRows(_at_positions(part, rows, at)) for part, rows in rels}
    query = _whole_statement(tuple(part for part, _ in (*entities, *rels)))
    found = tx.run(query, params).single(strict=True)["nodes"]
    if found != len(at):  # cannot happen: the statement created the sentences and MERGEd the entities
        raise PolicyKGError(f"loading {plan.document['id']}: {found} of {len(at)} nodes found")
    if delay := load_batch_delay():  # written, not committed: where a fault test stops a load
        time.sleep(delay)
