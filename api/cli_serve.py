"""``policykg serve``, ``policykg ask "问题"`` and ``policykg eval GOLD.json``."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from core.errors import InputError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    serve = sub.add_parser("serve", help="serve the HTTP API and the explorer (uvicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    serve.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    serve.add_argument(
        "--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"]
    )
    serve.set_defaults(func=cmd_serve)

    ask = sub.add_parser("ask", help="answer a Chinese question from the graph")
    ask.add_argument("question", help="e.g. 青岛有哪些服务于氢能产业链的项目？")
    ask.add_argument("--json", action="store_true", help="print the /ask response as JSON")
    ask.set_defaults(func=cmd_ask)

    ev = sub.add_parser("eval", help="score a gold question file through the API")
    ev.add_argument("gold", type=Path, help="gold file (format of seeds-dev.json)")
    ev.add_argument("--json", action="store_true", help="machine-readable summary and per-item scores")
    ev.add_argument("--base-url", help="score a running server (default: in-process app)")
    ev.add_argument("--items", action="store_true", help="also list every item with what it missed")
    ev.add_argument("--mode", choices=["structured", "ask", "both"], default="both")
    ev.add_argument("--min-structured-f1", type=float, default=None, help="fail (exit 1) below this micro-F1")
    ev.add_argument(
        "--min-ask-exact",
        type=float,
        default=None,
        help="fail (exit 1) below this /ask exact-set rate (easy+medium)",
    )
    ev.set_defaults(func=cmd_eval)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level=args.log_level,
    )
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    from api.ask import answer_question
    from core.settings import Settings
    from graph.db import open_driver

    with open_driver(Settings.from_env()) as driver:
        response = answer_question(driver, args.question)
    if args.json:
        print(json.dumps(response, ensure_ascii=False, indent=2))
        return 0
    print(response["answer"])
    params = json.dumps(response["params"], ensure_ascii=False)
    print(f"\n意图 intent: {response['intent']}  参数 params: {params}")
    for item in response["items"]:
        print(f"\n- {item['name']} ({item['kind']})")
        for ev in item.get("evidence", [])[:3]:
            print(f"    {ev['doc']} L{ev['line']}: {ev['quote']}")
    for x in response.get("passages", []):
        names = "、".join(e["name"] for e in x["entities"][:6])
        print(f"\n» {x['doc']} L{x['line']}: {x['quote']}" + (f"\n    （提到：{names}）" if names else ""))
    return 0


@contextlib.contextmanager
def api_client(base_url: str | None) -> Iterator[Any]:
    """An HTTP client of the API: a running server's, or the app in-process."""
    if base_url:
        import httpx

        with httpx.Client(base_url=base_url, timeout=60.0) as client:
            yield client
        return
    with warnings.catch_warnings():
        # Starlette's TestClient warns about httpx at import; it is the in-process transport here.
        warnings.simplefilter("ignore")
        from fastapi.testclient import TestClient
    from api.app import create_app

    with TestClient(create_app()) as client:
        yield client


def cmd_eval(args: argparse.Namespace) -> int:
    from api import evaluation as ev

    try:
        gold = json.loads(args.gold.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise InputError(f"{args.gold}: cannot read the gold file: {exc}") from None
    modes = (ev.STRUCTURED, ev.ASK) if args.mode == "both" else (args.mode,)
    with api_client(args.base_url) as client:
        health = client.get("/api/v1/health")
        if health.status_code != 200:
            print(f"policykg eval: API not healthy: {health.json()}", file=sys.stderr)
            return 3
        scores = ev.evaluate(client, gold, modes)
    summary = ev.summarise(scores)
    failures = _floors(summary, args.min_structured_f1, args.min_ask_exact)
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


def _floors(summary: dict[str, Any], min_f1: float | None, min_exact: float | None) -> list[str]:
    out = []
    structured = summary["overall"].get("structured")
    ask = summary["easy_medium"].get("ask")
    if min_f1 is not None and (structured is None or structured["f1"] < min_f1):
        got = structured["f1"] if structured else None
        out.append(f"structured micro-F1 {got} < floor {min_f1}")
    if min_exact is not None and (ask is None or ask["exact_rate"] < min_exact):
        got = ask["exact_rate"] if ask else None
        out.append(f"/ask exact-set rate (easy+medium) {got} < floor {min_exact}")
    return out
