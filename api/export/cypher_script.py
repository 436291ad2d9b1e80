"""A Cypher script that recreates the subgraph in an empty database (cypher-shell, Neo4j Browser
with multi-statement mode, or :func:`statements` and a driver).

Nodes are created per label and relationships per (type, start label, end label) in ``UNWIND``
batches of literal maps; every node keeps all its properties (``keys`` too), so the API works on
the restored graph once ``schema.cypher`` has been applied. Each statement ends with ``;`` at the
end of a line and no literal contains a line break, so statements split at those lines.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

from api.export.values import plain
from graph.queries.export import Subgraph

BATCH = 500


def literal(value: Any) -> str:
    """``value`` as a Cypher literal (strings single-quoted with backslash escapes)."""
    value = plain(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return "null"
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_name(k)}: {literal(v)}" for k, v in value.items()) + "}"
    text = (
        str(value)
        .replace("\\", "\\\\")
        .replace("'", "\\'")
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )
    # U+2028/2029 are line breaks to some readers: escape them as well.
    return "'" + text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "'"


def _name(name: str) -> str:
    """A label, type or key, backquoted unless it is a plain identifier."""
    return name if name.isidentifier() and name.isascii() else "`" + name.replace("`", "``") + "`"


def _batches(rows: list[str]) -> list[list[str]]:
    return [rows[i : i + BATCH] for i in range(0, len(rows), BATCH)]


def to_cypher(sub: Subgraph) -> str:
    lines = [
        "// policykg export: "
        + (f"the neighbourhood of {sub.focus} to depth {sub.depth}" if sub.focus else "the whole graph")
        + f"; {len(sub.nodes)} nodes, {len(sub.edges)} relationships.",
        "// Run it in an empty database (cypher-shell -f, or Neo4j Browser in multi-statement mode),",
        "// then apply schema.cypher for the constraints and indexes the API relies on.",
    ]
    by_label: dict[str, list[str]] = defaultdict(list)
    label_of: dict[str, str] = {}
    for n in sub.nodes:
        labels = ":".join(_name(x) for x in n.labels) or "Entity"
        label_of[n.id] = _name(n.labels[0]) if n.labels else "Entity"
        props = {**n.properties, "id": n.id}
        by_label[labels].append(literal(props))
    for labels, rows in sorted(by_label.items()):
        for batch in _batches(rows):
            lines.append("UNWIND [")
            lines.append(",\n".join(batch))
            lines.append(f"] AS p CREATE (n:{labels}) SET n = p;")
    by_type: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for e in sub.edges:
        key = (_name(e.type), label_of[e.source], label_of[e.target])
        by_type[key].append(literal({"s": e.source, "t": e.target, "p": e.properties}))
    for (rel, start, end), rows in sorted(by_type.items()):
        for batch in _batches(rows):
            lines.append("UNWIND [")
            lines.append(",\n".join(batch))
            lines.append(
                f"] AS e MATCH (a:{start} {{id: e.s}}) MATCH (b:{end} {{id: e.t}}) "
                f"CREATE (a)-[r:{rel}]->(b) SET r = e.p;"
            )
    return "\n".join(lines) + "\n"


def statements(script: str) -> list[str]:
    """The statements of a script written by :func:`to_cypher`, comments left out."""
    out: list[str] = []
    current: list[str] = []
    for line in script.splitlines():
        if not current and (not line.strip() or line.startswith("//")):
            continue
        current.append(line)
        if line.endswith(";"):
            out.append("\n".join(current)[:-1])
            current = []
    return out
