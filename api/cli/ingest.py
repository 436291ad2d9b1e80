"""``policykg ingest PATH...``, ``policykg delete DOC_ID`` and ``policykg relink``.

Reading and loading are :func:`graph.bulk.load_files` with :func:`ingest.pipeline.facts_from_file`
as its reader; this module parses the options, shows progress and prints the summary."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from neo4j.exceptions import ServiceUnavailable, SessionExpired
from tqdm import tqdm

from core.errors import RuntimeUnavailable
from core.settings import Settings
from graph.bulk import BulkReport, load_files
from graph.db import open_driver
from graph.link import relink_graph
from graph.load import delete_document, load_document
from ingest.reference_map import reference_facts


def register(sub: Any) -> None:
    p = sub.add_parser(
        "ingest",
        help="read policy documents and load their facts into Neo4j",
        description=(
            "Read policy documents (.txt, .pdf, .docx, .html; files or folders), extract chains, "
            "regions, projects, agencies, tasks and targets with their evidence, and load each "
            "document into Neo4j in one transaction (one of more than 100,000 rows in several, marked "
            "as loading until the last commits; interrupted ones are removed by the next ingest). "
            "Re-ingesting an unchanged document changes "
            "nothing; a changed one replaces its own facts. Metadata comes from manifest.toml "
            "beside the files when present."
        ),
    )
    p.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="documents or folders of them")
    p.add_argument("--manifest", type=Path, help="metadata file (default: manifest.toml beside each file)")
    p.add_argument("--force", action="store_true", help="reload documents even when unchanged")
    p.add_argument("--quiet", action="store_true", help="no progress bar, only the summary")
    p.add_argument(
        "--workers",
        type=_positive,
        default=2,
        metavar="N",
        help="documents written concurrently, each in its own transaction (default 2; 1 = one by one)",
    )
    p.set_defaults(func=_ingest)

    d = sub.add_parser(
        "delete",
        help="remove a document and its facts from the graph",
        description="Remove a document, its sentences and facts, and entities left without evidence.",
    )
    d.add_argument("doc_id", metavar="DOC_ID", help="document id (the file stem)")
    d.set_defaults(func=_delete)

    r = sub.add_parser(
        "relink",
        help="recompute cross-document locations",
        description=(
            "Recompute the LOCATED_IN edges that one document's name lends to another's (derived: "
            "true). ingest and delete do this themselves; run it after an ingest was killed."
        ),
    )
    r.set_defaults(func=_relink)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {text!r}")
    return value


def _ingest(args: argparse.Namespace) -> int:
    from ingest.pipeline import discover

    files = discover(args.paths)
    try:
        return _ingest_files(files, args)
    except (ServiceUnavailable, SessionExpired) as exc:
        # Each document is one transaction: those committed before Neo4j went away are complete,
        # the one in flight rolled back. Said here rather than as a driver traceback.
        raise RuntimeUnavailable(
            f"Neo4j became unavailable during the ingest ({exc}): documents loaded before it are "
            "complete, the others were not loaded",
            hint="start Neo4j again (`policykg db start`) and re-run the same `policykg ingest`",
        ) from None


def _ingest_files(files: list[Path], args: argparse.Namespace) -> int:
    from ingest.pipeline import facts_from_file

    with open_driver(Settings.from_env()) as driver:
        bar = tqdm(files, unit="doc", disable=args.quiet, file=sys.stderr)
        report = load_files(
            driver,
            bar,
            lambda path: facts_from_file(path, args.manifest),
            workers=args.workers,
            force=args.force,
            on_file=lambda path: bar.set_postfix_str(path.name),
        )
        reference = load_document(driver, reference_facts())  # the chain-segment map: always current
    _print_summary(report)
    print(f"  reference map of chain segments ({reference.doc_id}): {reference.status}")
    return 1 if report.failures else 0


def _print_summary(report: BulkReport) -> None:
    results, warnings, failures, derived = report.results, report.warnings, report.failures, report.derived
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
    print(f"  cross-document locations (whole graph): {derived}")
    for left in report.cleaned:
        print(f"  removed the partial document {left.doc_id}: its load was interrupted (ingest it again)")
    for left in report.running:
        print(
            f"  {left.doc_id} is being loaded by another process ({left.age_ms // 1000}s since its last "
            "write); left alone: if that process is gone, `policykg delete` it or ingest again later"
        )
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


def _relink(args: argparse.Namespace) -> int:
    with open_driver(Settings.from_env()) as driver:
        derived = relink_graph(driver)
    print(f"{derived} cross-document location(s)")
    return 0
