"""``policykg report --city 青岛 [--chain 氢能] --format html|md|pdf``: the city's chain gap report
(:mod:`api.report`), written to ``--output`` or to standard output (html and md)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from core.settings import Settings
from graph.db import open_driver


def register(sub: Any) -> None:
    p = sub.add_parser(
        "report",
        help="a city's chain gap report (强链补链延链) as HTML, Markdown or PDF",
        description=(
            "For a city and a chain (or every chain higher documents designate the city for): each "
            "segment covered, planned or missing with the city's projects, enterprises, platforms "
            "and bases, the designations, rival places and targets, every line with its citation. "
            "PDF needs headless Chromium (Debian package chromium)."
        ),
    )
    p.add_argument("--city", required=True, help="city or district (青岛, 闵行区)")
    p.add_argument("--chain", help="chain (氢能); default: every chain designated for the city")
    p.add_argument(
        "--format", choices=("html", "md", "pdf"), default="html", help="output format (default html)"
    )
    p.add_argument(
        "--output", "-o", type=Path, help="file to write (default: standard output; required for pdf)"
    )
    p.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    from api.report import render

    if args.format == "pdf" and args.output is None:
        print("policykg: --format pdf needs --output FILE", file=sys.stderr)
        return 2
    with open_driver(Settings.from_env()) as driver:
        data = render(driver, args.city, args.chain, args.format)
    if args.output is None:
        sys.stdout.write(data.decode("utf-8"))
    else:
        args.output.write_bytes(data)
        print(f"wrote {args.output} ({len(data)} bytes)")
    return 0
