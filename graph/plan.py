"""A document's facts as parameter rows (:func:`rows_for`, a pure mapping) and their fingerprint.

What graph.load writes (through graph.writes) and graph.chunked writes in several transactions. Its own
module, apart from the transactions, so that graph.load can import graph.chunked at the top (a
function-level import of it came back None in the mypyc build) and this, the client's main cost per
relationship loaded, is compiled (tools/build_compiled.py).
"""

from __future__ import annotations

import hashlib
import json
import marshal
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from core.model import ENTITY_LABELS, DocumentFacts, Label, Node, Rel, name_key

# The label of a node is the prefix of its id (see core.model.entity_id / content_id).
_LABEL_BY_PREFIX = {label.value.lower(): label for label in Label}


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
    sentences: list[list[Any]]  # [id, *values], see graph.writes.SENTENCE_COLUMNS
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


def _sentence_rows(facts: DocumentFacts) -> list[list[Any]]:
    """One list per sentence, its values in the order of graph.writes.SENTENCE_COLUMNS (a list
    packs and decodes without a key string per value)."""
    rows: dict[str, list[Any]] = {}
    for s in facts.sentences:
        if s.doc != facts.doc_id:
            raise ValueError(f"sentence {s.id} belongs to {s.doc}, not to {facts.doc_id}")
        if s.id not in rows:  # a sentence listed twice is written once
            # A PDF's page and line on it, a Word file's paragraph (null, so not set, for a .txt).
            # The verbatim quote only where it differs from the text (rarely: most sentences are
            # one line as written); readers take coalesce(s.quote, s.text). A third fewer bytes sent.
            quote = None if s.quote == s.text else s.quote
            rows[s.id] = [
                s.id,
                s.line,
                s.line_end,
                s.start,
                s.end,
                s.page,
                s.page_line,
                s.paragraph,
                s.text,
                quote,
            ]
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

    sentence_ids = {row[0] for row in plan.sentences}  # (here, the mentions below, the fingerprint)
    known = set(merged) | sentence_ids
    rels: dict[tuple[Rel, str, str], tuple[set[str], dict[str, Any]]] = {}
    for rel in facts.relations:
        if rel.src not in known or rel.dst not in known:
            end = rel.src if rel.src not in known else rel.dst
            raise ValueError(f"{rel.type} {rel.src} -> {rel.dst}: node {end} is not among the facts")
        key = (rel.type, rel.src, rel.dst)
        sentences, props = rels.setdefault(key, (set(), {}))
        sentences.update(rel.sentences)
        for k, v in rel.props.items():
            if k != "doc":  # written from the statement's $doc (graph.writes): this document's id
                props.setdefault(k, v)
    labels = {node_id: node.label for node_id, node in merged.items()}
    for (rtype, src, dst), (sentences, props) in sorted(rels.items(), key=lambda kv: kv[0]):
        group = (rtype, labels.get(src) or label_of(src), labels.get(dst) or label_of(dst))
        props["sentences"] = sorted(sentences)  # (props is this loop's own dict)
        plan.relations[group].append({"src": src, "dst": dst, "props": props})
        plan.rel_counts[rtype.value] += 1
    plan.rel_counts["IN"] = len(plan.sentences)

    seen_mentions: set[tuple[str, str]] = set()
    for m in facts.mentions:
        pair = (m.sentence, m.node)
        if pair in seen_mentions:
            continue
        if m.sentence not in sentence_ids:
            raise ValueError(f"mention of {m.node} in {m.sentence}: sentence is not among the facts")
        if m.node not in labels:
            raise ValueError(f"mention of {m.node} in {m.sentence}: node is not among the facts")
        seen_mentions.add(pair)
        plan.mentions[labels[m.node]].append({"s": m.sentence, "n": m.node})
    if seen_mentions:
        plan.rel_counts["MENTIONS"] += len(seen_mentions)
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


def _fingerprint_pieces(plan: LoadPlan) -> Iterator[Any]:
    """What the fingerprint hashes, in pieces of at most ``_BATCH`` rows: the document, then per
    part its name and row count followed by its rows. rows_for builds every list and dict in a
    deterministic order, so no key sorting is needed. A 20 MB document's plan encodes to hundreds
    of MB: held whole, and again as bytes, it was about a third of that ingest's peak memory."""
    yield plan.document
    groups: list[tuple[Any, list[Any]]] = [("sentences", plan.sentences)]
    groups += [(("nodes", label.value), rows) for label, rows in sorted(plan.nodes.items())]
    groups += [(("rels", *(k.value for k in key)), rows) for key, rows in sorted(plan.relations.items())]
    groups += [(("mentions", label.value), rows) for label, rows in sorted(plan.mentions.items())]
    for key, rows in groups:
        yield key, len(rows)
        for i in range(0, len(rows), _BATCH):
            yield rows[i : i + _BATCH]


_BATCH = 1000


def _encoded(value: Any) -> bytes:
    # marshal version 0 writes neither references nor interning flags, so its bytes depend on the
    # values alone (not on how or in which process they were built): 3x cheaper than JSON here. A
    # value it cannot encode (none that rows_for makes) falls back to JSON.
    try:
        return marshal.dumps(value, 0)
    except ValueError:
        return json.dumps(value, ensure_ascii=False, default=str).encode("utf-8")


def _fingerprint(plan: LoadPlan) -> str:
    """A hash of everything the plan writes: the same text read by a changed extractor differs."""
    digest = hashlib.sha256()
    for piece in _fingerprint_pieces(plan):
        digest.update(_encoded(piece))
    return digest.hexdigest()
