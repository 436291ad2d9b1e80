"""The ``policykg`` command line: one entry point, one module per command group.

=====================  =========================================================================
module                 commands
=====================  =========================================================================
:mod:`api.cli.db`      ``db start|stop|status|schema|fetch`` (the local Neo4j: :mod:`graph.runtime`)
:mod:`api.cli.inspect` ``inspect FILE`` (how a document is read: :mod:`ingest.reader`)
:mod:`api.cli.ingest`  ``ingest PATH...``, ``delete DOC_ID``, ``relink`` (:mod:`graph.bulk`)
:mod:`api.cli.serve`   ``serve`` (the HTTP app under uvicorn: :mod:`api.server`)
:mod:`api.cli.ask`     ``ask "问题"`` (:mod:`api.ask`)
:mod:`api.cli.evaluate` ``eval GOLD.json`` (:mod:`evaluation`, over HTTP)
:mod:`api.cli.export`  ``export --format graphml|json|csv|cypher|html`` (:mod:`api.export`)
:mod:`api.cli.report`  ``report --city --chain --format html|md|pdf`` (:mod:`api.report`)
=====================  =========================================================================

Each module exposes ``register(subparsers)``, adding its sub-commands with a ``func(args) -> int``
default; a command parses, calls the library and prints, nothing more. Heavy libraries (the
extractor, the HTTP app) are imported by the commands that use them, so ``policykg db status``
stays quick. Errors of the :class:`core.errors.PolicyKGError` family become a readable message and
an exit code here, and only here.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from neo4j.exceptions import DriverError, Neo4jError

from core.errors import PolicyKGError
from graph.db import server_error

from . import ask, db, evaluate, export, ingest, inspect, report, serve

# Command groups, in the order they appear in --help.
COMMAND_MODULES = (db, inspect, ingest, serve, ask, evaluate, export, report)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policykg",
        description=(
            "policykg: a knowledge graph of Chinese industrial policy. Reads plans (规划, 行动方案, "
            "实施方案), extracts chains, regions, projects, agencies and targets with their evidence, "
            "loads them into Neo4j and serves them over HTTP."
        ),
        epilog="Run `policykg COMMAND --help` for the options of one command.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except PolicyKGError as exc:
        print(f"policykg: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except (Neo4jError, DriverError) as exc:  # a server failure no layer below could act on
        error = server_error(exc)
        print(f"policykg: error: {error}", file=sys.stderr)
        return error.exit_code
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policykg ask … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0
