"""``policykg serve``: the HTTP API and the explorer under uvicorn (:func:`api.server.serve`)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser(
        "serve",
        help="serve the HTTP API and the explorer (uvicorn)",
        description=(
            "Serve the HTTP API under /api/v1 (OpenAPI at /docs) and the web explorer with uvicorn, "
            "on the Neo4j server that `policykg db start` runs (or NEO4J_URI names). Ctrl-C stops it."
        ),
    )
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--log-level",
        default="info",
        choices=["critical", "error", "warning", "info", "debug"],
        help="uvicorn's log level (default info: one line per request)",
    )
    serve.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    from api.server import serve

    serve(host=args.host, port=args.port, workers=args.workers, log_level=args.log_level)
    return 0
