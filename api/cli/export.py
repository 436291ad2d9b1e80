"""``policykg export --format graphml|json|csv|cypher|html [--focus NAME --depth N] [-o PATH]``.

The whole graph, or a focus entity's neighbourhood, as a file (:mod:`api.export`): to stdout for
the text formats when no ``--output`` is given; CSV writes ``nodes.csv`` and ``edges.csv`` into a
folder (``-o DIR``, default ``.``), or the two tables zipped when ``-o`` ends in ``.zip``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from core.settings import Settings
from graph.db import open_driver

FORMATS = ("graphml", "json", "csv", "cypher", "html")


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "export",
        help="export the graph (or a neighbourhood) as GraphML, JSON, CSV, Cypher or HTML",
        description=(
            "Write the graph, or the neighbourhood of --focus to --depth hops, as GraphML (Gephi, "
            "yEd, networkx), JSON, CSV node and edge tables with evidence columns, a Cypher script "
            "that recreates it in an empty database, or a standalone HTML view (offline, pyvis)."
        ),
    )
    p.add_argument("--format", "-f", choices=FORMATS, required=True)
    p.add_argument("--focus", help="entity name, alias or id (default: the whole graph)")
    p.add_argument("--depth", type=int, default=1, help="hops around --focus (1-3, default 1)")
    p.add_argument("--limit", type=int, default=5000, help="nodes at most (default 5000)")
    p.add_argument(
        "--output", "-o", type=Path, help="file (csv: a folder, or a .zip); default: stdout (csv: .)"
    )
    p.set_defaults(func=cmd_export)


def cmd_export(args: argparse.Namespace) -> int:
    from api.export import CsvTable, Format, render
    from graph.queries.export import subgraph

    with open_driver(Settings.from_env()) as driver:
        sub = subgraph(driver, focus=args.focus, depth=args.depth, limit=args.limit)
    fmt = Format(args.format)
    out: Path | None = args.output
    if fmt is Format.CSV and not (out and out.suffix == ".zip"):
        folder = out or Path(".")
        folder.mkdir(parents=True, exist_ok=True)
        for table in CsvTable:
            (folder / f"{table.value}.csv").write_bytes(render(sub, fmt, table).body)
        written = f"{folder / 'nodes.csv'} and {folder / 'edges.csv'}"
    else:
        body = render(sub, fmt).body
        if out is None:
            sys.stdout.buffer.write(body)
            sys.stdout.flush()
            written = "stdout"
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_bytes(body)
            written = str(out)
    more = " (limit reached: raise --limit)" if sub.truncated else ""
    print(
        f"exported {len(sub.nodes)} nodes and {len(sub.edges)} relationships to {written}{more}",
        file=sys.stderr,
    )
    return 0
