"""The ``policykg`` command line: one entry point, one sub-command module per area.

Each module in ``COMMAND_MODULES`` exposes ``register(subparsers)``, adding its sub-commands with a
``func(args) -> int`` default. Errors of the :class:`core.errors.PolicyKGError` family become a
readable message and an exit code here, and only here.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from core.errors import PolicyKGError

# Sub-command modules, in the order they appear in --help.
COMMAND_MODULES = (
    "api.cli_db",  # db start|stop|status|schema
    "api.cli_inspect",  # inspect FILE
    "api.cli_ingest",  # ingest PATH..., delete DOC_ID
    "api.cli_serve",  # serve, ask, eval
)


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
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:  # area not built yet
                continue
            raise
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
    except KeyboardInterrupt:
        print("policykg: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `policykg ask … | head`: the reader left; not an error of ours
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # no second error at exit
        return 0


if __name__ == "__main__":
    sys.exit(main())
