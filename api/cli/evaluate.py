"""``policykg eval GOLD.json``: score a gold file through the HTTP API (:mod:`evaluation`).

By default the app of this checkout is started with uvicorn on a free 127.0.0.1 port for the run
(:func:`api.server.background`) and scored over real HTTP; ``--base-url`` scores a running server
instead (this one or any other).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    ev = sub.add_parser(
        "eval",
        help="score a gold question file through the API",
        description=(
            "Answer every gold item through the structured endpoint its kind maps to and through "
            "POST /api/v1/ask, and print precision, recall, F1 and exact-set rates per kind and "
            "overall. Without --base-url the app is started on a free 127.0.0.1 port for the run."
        ),
    )
    ev.add_argument("gold", type=Path, help="gold file (format of seeds-dev.json)")
    ev.add_argument("--json", action="store_true", help="machine-readable summary and per-item scores")
    ev.add_argument(
        "--base-url",
        metavar="URL",
        help="score the server at URL, e.g. http://127.0.0.1:8000 (default: this checkout's app, "
        "served on a free 127.0.0.1 port for the run)",
    )
    ev.add_argument("--items", action="store_true", help="also list every item with what it missed")
    ev.add_argument(
        "--mode",
        choices=["structured", "ask", "both"],
        default="both",
        help="score the structured endpoints, /ask, or both (default)",
    )
    ev.add_argument("--min-structured-f1", type=float, default=None, help="fail (exit 1) below this micro-F1")
    ev.add_argument(
        "--min-ask-exact",
        type=float,
        default=None,
        help="fail (exit 1) below this /ask exact-set rate (easy+medium)",
    )
    ev.set_defaults(func=cmd_eval)


@contextlib.contextmanager
def _server(base_url: str | None) -> Iterator[str]:
    """The base URL to score: ``base_url``, or this checkout's app served for the run."""
    if base_url:
        yield base_url
        return
    from api.server import background

    with background() as url:
        yield url


def cmd_eval(args: argparse.Namespace) -> int:
    import evaluation as ev

    gold = ev.load_gold(args.gold)
    modes = (ev.STRUCTURED, ev.ASK) if args.mode == "both" else (args.mode,)
    with _server(args.base_url) as base_url, ev.http_client(base_url) as client:
        problem = ev.health_problem(client)
        if problem is not None:
            print(f"policykg eval: API not healthy: {problem}", file=sys.stderr)
            return 3
        scores = ev.evaluate(client, gold, modes)
    summary = ev.summarise(scores)
    failures = ev.floors(summary, args.min_structured_f1, args.min_ask_exact)
    if args.json:
        print(json.dumps({**summary, "failures": failures}, ensure_ascii=False, indent=2))
    else:
        if args.items:
            print(ev.render_items(scores))
            print()
        print(ev.render_table(summary))
        for f in failures:
            print(f"FAIL: {f}")
    return 1 if failures else 0
