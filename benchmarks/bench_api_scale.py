"""API latency of five endpoints at 1, 8 and 32 clients, against the same work through the driver.

    python -m benchmarks.bench_api_scale [--requests 200] [--workers 1] [--no-response-cache]
        [--no-cache] [--endpoints …]

Endpoints: projects (/projects?city=青岛&chain=氢能), gaps (/gaps?city=青岛&chain=氢能), ask (POST
/ask 青岛有哪些服务于氢能产业链的项目？), graph (/graph?focus=氢能) and search (/search?q=氢能). The
server is uvicorn with ``--workers N`` in a subprocess, serving one of the factories below:
``--no-response-cache`` turns the response cache (api.cache) off, i.e. the API's own cost per
request; ``--no-cache`` also turns name resolution's cache off
(``graph.queries.resolve.CACHE_SECONDS = 0``, in the server and in this process), the figures
before both caches. The baseline, same run and concurrency, is the function the route calls
(``graph.queries.*`` or ``api.ask.answer_question``) through the driver in this process: never
cached, so with the response cache on the ratio is what a repeated request saves.
The graph is whatever the configured database holds (the seeds, or a generated corpus with them).
"""

from __future__ import annotations

import argparse
import asyncio
import glob
import importlib
import json
import os
import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import httpx

from benchmarks.bench_api import _free_port, _percentile, _run
from core.settings import REPO_ROOT, Settings
from graph import queries
from graph.db import open_driver

QUESTION = "青岛有哪些服务于氢能产业链的项目？"
LEVELS = (1, 8, 32)


def _endpoints(driver: Any) -> dict[str, tuple[str, str, dict[str, Any], Callable[[], object]]]:
    from api.ask import answer_question

    city, chain = "青岛", "氢能"
    return {
        "projects": (
            "GET", "/api/v1/projects", {"city": city, "chain": chain},
            lambda: queries.projects(driver, city=city, chain=chain),
        ),
        "gaps": ("GET", "/api/v1/gaps", {"city": city, "chain": chain},
                 lambda: queries.gaps(driver, city=city, chain=chain)),
        "ask": ("POST", "/api/v1/ask", {"question": QUESTION}, lambda: answer_question(driver, QUESTION)),
        "graph": ("GET", "/api/v1/graph", {"focus": chain},
                  lambda: queries.graph(driver, focus=chain, depth=1, limit=100)),
        "search": ("GET", "/api/v1/search", {"q": chain},
                   lambda: queries.search(driver, chain, None, limit=50)),
    }  # fmt: skip


def _discard(fn: Callable[[], object]) -> Callable[[], None]:
    def call() -> None:
        fn()

    return call


def app_with_caches() -> Any:
    """The app as ``policykg serve`` builds it."""
    from api.app import create_app

    return create_app()


def app_without_response_cache() -> Any:
    importlib.import_module("api.cache").ENABLED = False
    return app_with_caches()


def app_without_caches() -> Any:
    importlib.import_module("graph.queries.resolve").CACHE_SECONDS = 0
    return app_without_response_cache()


def _raw_run(
    port: int, method: str, url: str, params: dict[str, Any], clients: int, requests: int
) -> tuple[float, float, float]:
    """Like ``bench_api._run`` with a lighter client: asyncio streams, one keep-alive connection per
    client, raw HTTP/1.1 (httpx in 32 threads spends more CPU per request than a cache hit costs)."""
    body = json.dumps(params).encode() if method == "POST" else b""
    target = url if method == "POST" else url + "?" + urlencode(params)
    head = f"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {len(body)}\r\n"
    request = (head + ("Content-Type: application/json\r\n" if body else "") + "\r\n").encode() + body

    async def client(count: int, latencies: list[float]) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        for _ in range(count):
            t = time.perf_counter()
            writer.write(request)
            headers = await reader.readuntil(b"\r\n\r\n")
            if not headers.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"{target}: {headers[:60]!r}")
            length = int(headers.lower().split(b"content-length:")[1].split(b"\r\n")[0])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - t) * 1000)
        writer.close()

    async def run() -> tuple[list[float], float]:
        await asyncio.gather(*(client(2, []) for _ in range(clients)))  # warm connections and caches
        latencies: list[float] = []
        started = time.perf_counter()
        share = [requests // clients + (i < requests % clients) for i in range(clients)]
        await asyncio.gather(*(client(k, latencies) for k in share))
        return latencies, time.perf_counter() - started

    latencies, wall = asyncio.run(run())
    return statistics.median(latencies), _percentile(latencies, 0.99), requests / wall


def _server_cpu(pgid: int) -> float:
    """CPU seconds (user + system) of every process of the server's group (uvicorn and its workers)."""
    ticks = 0
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text(encoding="ascii").rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp … utime(11) stime(12)
            ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _start(port: int, workers: int, factory: str) -> subprocess.Popen[bytes]:
    # A factory of this module, imported by every worker (uvicorn spawns fresh interpreters).
    code = (
        f"import uvicorn; uvicorn.run('benchmarks.bench_api_scale:{factory}', factory=True, "
        f"port={port}, workers={workers}, log_level='warning')"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO_ROOT, env=os.environ.copy(), start_new_session=True
    )
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/v1/health", timeout=1).status_code == 200:
                return proc
        except httpx.HTTPError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("the server did not become healthy within 90 s")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--no-cache", action="store_true", help="no response cache, no name-resolution cache")
    ap.add_argument("--no-response-cache", action="store_true")
    ap.add_argument("--endpoints", default="projects,gaps,ask,graph,search")
    ap.add_argument("--raw-client", action="store_true", help="API side: asyncio raw HTTP instead of httpx")
    args = ap.parse_args()
    if args.no_cache:
        resolve_module: Any = importlib.import_module("graph.queries.resolve")
        resolve_module.CACHE_SECONDS = 0
    if args.no_cache:
        factory = "app_without_caches"
    else:
        factory = "app_without_response_cache" if args.no_response_cache else "app_with_caches"
    port = _free_port()
    server = _start(port, args.workers, factory)
    lines = [
        f"workers {args.workers}, {factory}, {'raw asyncio' if args.raw_client else 'httpx'} client, "
        f"load average {os.getloadavg()[0]:.2f} at start",
        "",
        "| endpoint | clients | API p50 ms | API p99 ms | API req/s | server CPU ms/req | driver p50 ms "
        "| driver p99 ms | p50 ratio | p99 ratio |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    try:
        with open_driver(Settings.from_env()) as driver:
            limits = httpx.Limits(max_connections=64, max_keepalive_connections=64)
            with httpx.Client(base_url=f"http://127.0.0.1:{port}", limits=limits, timeout=60) as http:
                table = _endpoints(driver)
                for name in args.endpoints.split(","):
                    method, url, params, direct = table[name]

                    def via_api(
                        method: str = method, url: str = url, params: dict[str, Any] = params
                    ) -> None:
                        r = http.get(url, params=params) if method == "GET" else http.post(url, json=params)
                        r.raise_for_status()
                        r.json()

                    for clients in LEVELS:
                        n = max(args.requests, clients * 4)
                        cpu = _server_cpu(server.pid)
                        if args.raw_client:
                            api = _raw_run(port, method, url, params, clients, n)
                        else:
                            api = _run(via_api, clients, n)
                        cpu = (_server_cpu(server.pid) - cpu) * 1000 / (n + clients * 2)  # warm-up included
                        drv = _run(_discard(direct), clients, n)
                        line = (
                            f"| {name} | {clients} | {api[0]:.1f} | {api[1]:.1f} | {api[2]:.0f} | {cpu:.2f} "
                            f"| {drv[0]:.1f} | {drv[1]:.1f} "
                            f"| {api[0] / drv[0]:.2f}× | {api[1] / drv[1]:.2f}× |"
                        )
                        lines.append(line)
                        print(line, flush=True)
    finally:
        os.killpg(server.pid, signal.SIGTERM)  # the workers too (their own session)
        server.wait(timeout=30)
    lines.append(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
