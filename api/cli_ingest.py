"""`policykg ingest PATH...` and `policykg delete DOC_ID`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

from tqdm import tqdm

from graph.db import open_driver
from graph.errors import PolicyKGError
from graph.load import LoadResult, delete_document, load_document
from graph.settings import Settings
from ingest.pipeline import discover, facts_from_file


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="read policy documents and load their facts into Neo4j",
        description=(
            "Read .txt policy documents (files or folders), extract chains, regions, projects, "
            "agencies, tasks and targets with their evidence, and load each document into Neo4j in "
            "one transaction. Re-ingesting an unchanged document changes nothing; a changed one "
            "replaces its own facts. Metadata comes from manifest.toml beside the files when present."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help=".txt files or folders of them")
    p.add_argument("--manifest", type=Path, help="metadata file (default: manifest.toml beside each file)")
    p.add_argument("--force", action="store_true", help="reload documents even when unchanged")
    p.add_argument("--quiet", action="store_true", help="no progress bar, only the summary")
    p.set_defaults(func=_ingest)

    d = sub.add_parser(
        "delete",
        help="remove a document and its facts from the graph",
        description="Remove a document, its sentences and facts, and entities left without evidence.",
    )
    d.add_argument("doc_id", metavar="DOC_ID", help="document id (the file stem)")
    d.set_defaults(func=_delete)


def _ingest(args: argparse.Namespace) -> int:
    files = discover(args.paths)
    results: list[LoadResult] = []
    warnings: dict[str, list[tuple[str, str]]] = defaultdict(list)
    failures: list[tuple[Path, PolicyKGError]] = []
    with open_driver(Settings.from_env()) as driver:
        bar = tqdm(files, unit="doc", disable=args.quiet, file=sys.stderr)
        for path in bar:
            bar.set_postfix_str(path.name)
            try:
                facts = facts_from_file(path, args.manifest)
                results.append(load_document(driver, facts, force=args.force))
            except PolicyKGError as exc:  # one bad document must not stop the others
                failures.append((path, exc))
                continue
            for code, message in facts.warnings:
                warnings[code].append((facts.doc_id, message))
    _print_summary(results, warnings, failures)
    return 1 if failures else 0


def _print_summary(
    results: list[LoadResult],
    warnings: dict[str, list[tuple[str, str]]],
    failures: list[tuple[Path, PolicyKGError]],
) -> None:
    nodes: Counter[str] = Counter()
    rels: Counter[str] = Counter()
    for r in results:
        nodes.update(r.node_counts)
        rels.update(r.rel_counts)
        counts = ", ".join(f"{k} {v}" for k, v in sorted(r.node_counts.items()))
        print(f"{r.doc_id}: {r.status} in {r.seconds:.2f}s; {r.relationships} relationships; {counts}")
    print(f"\n{len(results)} document(s) processed")
    print("  nodes:         " + ", ".join(f"{k} {v}" for k, v in sorted(nodes.items())))
    print("  relationships: " + ", ".join(f"{k} {v}" for k, v in sorted(rels.items())))
    if warnings:
        print("\nwarnings:")
        for code, items in sorted(warnings.items(), key=lambda kv: -len(kv[1])):
            docs = len({d for d, _ in items})
            print(f"  {len(items)} × {code} in {docs} document(s); first: {items[0][0]}: {items[0][1]}")
    for path, exc in failures:
        where = "" if str(path) in exc.message else f"{path}: "  # most errors name the file already
        print(f"\nfailed: {where}{exc}", file=sys.stderr)


def _delete(args: argparse.Namespace) -> int:
    with open_driver(Settings.from_env()) as driver:
        if not delete_document(driver, args.doc_id):
            print(f"policykg: no document {args.doc_id!r} in the graph", file=sys.stderr)
            return 5
    print(f"deleted {args.doc_id}")
    return 0
