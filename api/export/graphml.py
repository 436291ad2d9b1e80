"""GraphML (http://graphml.graphdrawing.org/) with typed attributes, for Gephi, yEd and networkx.

Each property becomes a ``<key>`` whose ``attr.type`` is the narrowest type every value fits:
``boolean``, ``long``, ``double``, else ``string`` (lists as JSON text). Nodes carry ``label`` (the
name: the caption Gephi and yEd show) and ``kind`` (the Neo4j label); edges carry ``label``/``type``
(the relationship type) and ``evidence`` (JSON list of ``{doc, title, line, quote}``) plus
``evidence_quote`` (the first quote, readable in a table view).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any
from xml.etree import ElementTree as ET

from api.export.values import Scalar, flat
from graph.queries.export import Subgraph

NS = "http://graphml.graphdrawing.org/xmlns"
# Reserved by the writer; a property with one of these names is written with a ``prop_`` prefix.
NODE_FIXED = ("label", "kind", "labels")
EDGE_FIXED = ("label", "type", "evidence", "evidence_quote")


def _type_of(values: Iterable[Scalar]) -> str:
    vals = list(values)
    if all(isinstance(v, bool) for v in vals):
        return "boolean"
    if all(isinstance(v, int) and not isinstance(v, bool) for v in vals):
        return "long"
    if all(isinstance(v, int | float) and not isinstance(v, bool) for v in vals):
        return "double"
    return "string"


def _text(value: Scalar, attr_type: str) -> str:
    if attr_type == "boolean":
        return "true" if value else "false"
    if attr_type == "double":
        return repr(float(value))
    if attr_type == "long":
        return str(int(value))
    return str(value)


def _flat_rows(items: list[dict[str, Any]]) -> list[dict[str, Scalar]]:
    return [{k: f for k, v in item.items() if (f := flat(v)) is not None} for item in items]


def to_graphml(sub: Subgraph) -> bytes:
    """The subgraph as a GraphML document (UTF-8 bytes)."""
    node_items = [
        {
            **{f"prop_{k}" if k in NODE_FIXED else k: v for k, v in n.properties.items()},
            "label": n.name,
            "kind": n.kind,
            "labels": ":".join(n.labels),
        }
        for n in sub.nodes
    ]
    edge_items = [
        {
            **{f"prop_{k}" if k in EDGE_FIXED else k: v for k, v in e.properties.items()},
            "label": e.type,
            "type": e.type,
            "evidence": json.dumps(e.evidence, ensure_ascii=False),
            "evidence_quote": e.evidence[0]["quote"] if e.evidence else None,
        }
        for e in sub.edges
    ]
    node_rows, edge_rows = _flat_rows(node_items), _flat_rows(edge_items)
    root = ET.Element("graphml", {"xmlns": NS})
    keys: dict[tuple[str, str], tuple[str, str]] = {}  # (scope, name) -> (key id, type)
    for scope, rows in (("node", node_rows), ("edge", edge_rows)):
        names = sorted({k for r in rows for k in r})
        for name in names:
            attr_type = _type_of(r[name] for r in rows if name in r)
            key_id = f"{scope[0]}{len([k for k in keys if k[0] == scope])}"
            keys[(scope, name)] = (key_id, attr_type)
            ET.SubElement(
                root, "key", {"id": key_id, "for": scope, "attr.name": name, "attr.type": attr_type}
            )
    graph = ET.SubElement(root, "graph", {"id": "policykg", "edgedefault": "directed"})
    for node, row in zip(sub.nodes, node_rows, strict=True):
        el = ET.SubElement(graph, "node", {"id": node.id})
        _data(el, "node", row, keys)
    for i, (edge, row) in enumerate(zip(sub.edges, edge_rows, strict=True)):
        el = ET.SubElement(graph, "edge", {"id": f"e{i}", "source": edge.source, "target": edge.target})
        _data(el, "edge", row, keys)
    ET.indent(root, space=" ")
    text: str = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n").encode("utf-8")


def _data(
    el: ET.Element, scope: str, row: dict[str, Scalar], keys: dict[tuple[str, str], tuple[str, str]]
) -> None:
    for name in sorted(row):
        key_id, attr_type = keys[(scope, name)]
        ET.SubElement(el, "data", {"key": key_id}).text = _text(row[name], attr_type)
