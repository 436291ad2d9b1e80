"""JSON and CSV exports: what pandas, spreadsheets and scripts read.

JSON: ``{"meta", "nodes": [{id, kind, labels, name, properties}], "edges": [{source, target, type,
properties, evidence}]}`` with properties as stored (lists stay lists).

CSV: two tables, ``nodes.csv`` (id, kind, labels, name, then every property) and ``edges.csv``
(source, target, type, doc, then every property, then the evidence columns: ``evidence_count``,
``evidence_doc``/``evidence_title``/``evidence_line``/``evidence_quote`` of the first sentence and
``evidence`` with all of them as JSON). UTF-8 with a byte-order mark, so that Excel shows the
Chinese text; ``pandas.read_csv`` and ``csv`` with ``encoding="utf-8-sig"`` read it as is. Over
HTTP both tables come in one zip, or one table with ``table=nodes|edges``.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from typing import Any

from api.export.values import flat, plain
from graph.queries.export import Subgraph

NODE_HEAD = ["id", "kind", "labels", "name"]
EDGE_HEAD = ["source", "target", "type", "doc"]
EVIDENCE_COLUMNS = [
    "evidence_count",
    "evidence_doc",
    "evidence_title",
    "evidence_line",
    "evidence_quote",
    "evidence",
]


def to_json(sub: Subgraph) -> bytes:
    body = {
        "meta": sub.meta(),
        "nodes": [
            {
                "id": n.id,
                "kind": n.kind,
                "labels": n.labels,
                "name": n.name,
                "properties": {k: plain(v) for k, v in sorted(n.properties.items())},
            }
            for n in sub.nodes
        ],
        "edges": [
            {
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "properties": {k: plain(v) for k, v in sorted(e.properties.items())},
                "evidence": e.evidence,
            }
            for e in sub.edges
        ],
    }
    return (json.dumps(body, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def _table(head: list[str], rows: list[dict[str, Any]], tail: list[str] = ()) -> bytes:  # type: ignore[assignment]
    extra = sorted({k for r in rows for k in r} - set(head) - set(tail))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*head, *extra, *tail], lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if v is None else v for k, v in row.items()})
    return out.getvalue().encode("utf-8-sig")


def nodes_csv(sub: Subgraph) -> bytes:
    rows = []
    for n in sub.nodes:
        props = {k: flat(v) for k, v in n.properties.items() if k not in ("id", "name")}
        rows.append({**props, "id": n.id, "kind": n.kind, "labels": ":".join(n.labels), "name": n.name})
    return _table(NODE_HEAD, rows)


def edges_csv(sub: Subgraph) -> bytes:
    rows = []
    for e in sub.edges:
        first = e.evidence[0] if e.evidence else {}
        rows.append(
            {
                **{k: flat(v) for k, v in e.properties.items()},
                "source": e.source,
                "target": e.target,
                "type": e.type,
                "doc": e.properties.get("doc"),
                "evidence_count": len(e.evidence),
                "evidence_doc": first.get("doc"),
                "evidence_title": first.get("title"),
                "evidence_line": first.get("line"),
                "evidence_quote": first.get("quote"),
                "evidence": json.dumps(e.evidence, ensure_ascii=False),
            }
        )
    return _table(EDGE_HEAD, rows, EVIDENCE_COLUMNS)


def csv_zip(sub: Subgraph) -> bytes:
    """``nodes.csv`` and ``edges.csv`` in one zip (the HTTP answer of ``format=csv``)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("nodes.csv", nodes_csv(sub))
        zf.writestr("edges.csv", edges_csv(sub))
    return buf.getvalue()
