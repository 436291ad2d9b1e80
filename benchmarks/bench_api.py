"""Latency of GET /api/v1/projects?city=青岛&chain=氢能 under 1, 8 and 32 concurrent clients.

The API runs as ``policykg serve`` would (uvicorn in a subprocess, one worker) and is called with
httpx from client threads. The baseline, in the same run and at the same concurrency, is the same
work through the Neo4j driver alone: :func:`graph.queries.projects` (name resolution and the
projects query), so the ratio is what HTTP, FastAPI, validation and JSON cost on top of the graph.

    NEO4J_URI=… NEO4J_PASSWORD=… python -m benchmarks.bench_api [--requests 200] [--record]

The graph must hold the seeds (``policykg ingest seeds/``), or pass ``--load`` to ingest them.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx

from core.settings import REPO_ROOT, Settings
from graph import queries
from graph.db import open_driver

URL = "/api/v1/projects"
PARAMS = {"city": "青岛", "chain": "氢能"}
LEVELS = (1, 8, 32)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _run(call: Callable[[], None], clients: int, requests: int) -> tuple[float, float, float]:
    """(p50 ms, p99 ms, requests/s) of ``requests`` calls spread over ``clients`` threads."""

    def timed(_: int) -> float:
        t = time.perf_counter()
        call()
        return (time.perf_counter() - t) * 1000

    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(timed, range(clients * 2)))  # warm connections of every client
        started = time.perf_counter()
        latencies = list(pool.map(timed, range(requests)))
        wall = time.perf_counter() - started
    return statistics.median(latencies), _percentile(latencies, 0.99), requests / wall


def _start_server(port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory", "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, cwd=REPO_ROOT, env=os.environ.copy(), start_new_session=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("uvicorn did not become healthy within 30 s")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200, help="requests per concurrency level (≥ clients)")
    ap.add_argument("--load", action="store_true", help="ingest seeds/ first if the graph is empty")
    ap.add_argument("--record", action="store_true", help="append the table to benchmarks/README.md")
    args = ap.parse_args(argv)

    settings = Settings.from_env()
    with open_driver(settings) as driver:
        from ingest.pipeline import discover, facts_from_file

        have = {d.id for d in queries.documents(driver)}
        missing = [p for p in discover([REPO_ROOT / "seeds"]) if p.stem not in have]
        if missing and not args.load:  # measure the seeds, not whatever a test left behind
            stems = [p.stem for p in missing]
            raise SystemExit(f"seeds not in the graph: {stems}; ingest them or pass --load")
        if missing:
            from graph.load import load_document

            for path in missing:
                load_document(driver, facts_from_file(path))
        n = len(queries.projects(driver, city=PARAMS["city"], chain=PARAMS["chain"]))

        port = _free_port()
        server = _start_server(port)
        rows: list[tuple[int, tuple[float, float, float], tuple[float, float, float]]] = []
        try:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=30) as http:

                def via_api() -> None:
                    r = http.get(URL, params=PARAMS)
                    r.raise_for_status()
                    r.json()

                def via_driver() -> None:
                    queries.projects(driver, city=PARAMS["city"], chain=PARAMS["chain"])

                for clients in LEVELS:
                    requests = max(args.requests, clients * 4)
                    api = _run(via_api, clients, requests)
                    rows.append((clients, api, _run(via_driver, clients, requests)))
        finally:
            server.terminate()
            server.wait(timeout=10)

    lines = [
        f"GET {URL}?city=青岛&chain=氢能 ({n} items), uvicorn 1 worker, {args.requests}+ requests per level",
        "",
        "| clients | API p50 ms | API p99 ms | API req/s | driver p50 ms | driver p99 ms | driver req/s "
        "| p50 ratio | p99 ratio |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for clients, api, drv in rows:
        lines.append(
            f"| {clients} | {api[0]:.1f} | {api[1]:.1f} | {api[2]:.0f} "
            f"| {drv[0]:.1f} | {drv[1]:.1f} | {drv[2]:.0f} "
            f"| {api[0] / drv[0]:.2f}× | {api[1] / drv[1]:.2f}× |"
        )
    table = "\n".join(lines)
    print(table)
    if args.record:
        readme = Path(__file__).with_name("README.md")
        with readme.open("a", encoding="utf-8") as fh:
            fh.write("\n## HTTP API latency (`python -m benchmarks.bench_api`)\n\n" + table + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
