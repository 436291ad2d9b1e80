"""Bounded loopback load test: 32 clients × 60 s of mixed requests against ``policykg serve``.

Each client is a thread with its own keep-alive ``httpx.Client`` that sends, for the whole
duration, requests drawn in turn from :data:`MIX` (reads of every kind, /ask and /cypher).
Any answer other than 200, and any transport error or timeout, is an error. Reported: requests,
errors, requests/s and the p50/p95/p99/max latency, overall and per endpoint.

    NEO4J_URI=… NEO4J_PASSWORD=… python -m benchmarks.bench_load_http [--clients 32] [--seconds 60]
    python -m benchmarks.bench_load_http --base-url http://127.0.0.1:8000

Without ``--base-url`` it serves the app itself (``policykg serve`` in a subprocess, one worker)
over the graph NEO4J_* names, which must hold the seeds (``policykg ingest seeds/``).
tests/graph/test_load_http.py runs 32 clients × 20 s in the suite and asserts zero errors.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

API = "/api/v1"
# (method, path, params or JSON body): the explorer's and an analyst's everyday requests.
MIX: list[tuple[str, str, dict[str, Any]]] = [
    ("GET", "/health", {}),
    ("GET", "/documents", {}),
    ("GET", "/projects", {"city": "青岛", "chain": "氢能"}),
    ("GET", "/projects", {"chain": "新能源汽车"}),
    ("GET", "/chains", {}),
    ("GET", "/chains/氢能", {}),
    ("GET", "/regions", {"chain": "氢能"}),
    ("GET", "/targets", {"chain": "氢能"}),
    ("GET", "/tasks", {"q": "氢能"}),
    ("GET", "/search", {"q": "青岛"}),
    ("GET", "/mentions", {"term": "氢能"}),
    ("GET", "/gaps", {"city": "青岛", "chain": "氢能"}),
    ("GET", "/graph", {"focus": "氢能", "depth": 1, "limit": 80}),
    ("GET", "/paths", {"from": "青岛", "to": "氢能"}),
    ("POST", "/ask", {"question": "青岛有哪些服务于氢能产业链的项目？"}),
    ("POST", "/cypher", {"query": "MATCH (c:Chain) RETURN c.name AS name ORDER BY name LIMIT 20"}),
]


@dataclass
class LoadResult:
    clients: int
    seconds: float
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)

    @property
    def requests(self) -> int:
        return sum(len(v) for v in self.latencies.values()) + len(self.errors)

    def all_ms(self) -> list[float]:
        return [x for v in self.latencies.values() for x in v]

    def summary(self) -> str:
        ms = self.all_ms()
        lines = [
            f"{self.clients} clients × {self.seconds:.0f} s: {self.requests} requests, "
            f"{len(self.errors)} errors, {self.requests / self.seconds:.0f} req/s; latency ms "
            f"p50 {percentile(ms, 0.5):.0f}, p95 {percentile(ms, 0.95):.0f}, "
            f"p99 {percentile(ms, 0.99):.0f}, max {max(ms, default=0):.0f}",
        ]
        for key, values in sorted(self.latencies.items()):
            lines.append(
                f"  {key:<22} n={len(values):>5}  p50 {percentile(values, 0.5):6.0f}  "
                f"p99 {percentile(values, 0.99):6.0f}"
            )
        lines += [f"  error: {e}" for e in self.errors[:10]]
        return "\n".join(lines)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def run_load(base: str, *, clients: int = 32, seconds: float = 60.0, timeout: float = 30.0) -> LoadResult:
    """``clients`` threads sending :data:`MIX` to ``base`` for ``seconds``."""
    result = LoadResult(clients, seconds)
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at: list[float] = []

    def client(n: int) -> None:
        with httpx.Client(base_url=base + API, timeout=timeout) as http:
            start.wait()
            i = n  # clients start at different points of the mix
            while time.monotonic() < stop_at[0]:
                method, path, data = MIX[i % len(MIX)]
                i += 1
                key = f"{method} {path}"
                t = time.perf_counter()
                try:
                    r = http.get(path, params=data) if method == "GET" else http.post(path, json=data)
                    ok = r.status_code == 200
                    why = f"{key} {r.status_code} {r.text[:120]}"
                except httpx.HTTPError as exc:
                    ok, why = False, f"{key} {type(exc).__name__}: {exc}"
                ms = (time.perf_counter() - t) * 1000
                with lock:
                    if ok:
                        result.latencies[key].append(ms)
                    else:
                        result.errors.append(why)

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for th in threads:
        th.start()
    stop_at.append(time.monotonic() + seconds)
    start.wait()
    for th in threads:
        th.join(timeout=seconds + timeout + 30)
    return result


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--base-url", help="a running server; default: serve one over NEO4J_*")
    args = ap.parse_args(argv)
    if args.base_url:
        print(run_load(args.base_url, clients=args.clients, seconds=args.seconds).summary())
        return 0
    port = _free_port()
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=dict(os.environ))
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"{base}{API}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                print("policykg serve did not answer", file=sys.stderr)
                return 1
            time.sleep(0.2)
        result = run_load(base, clients=args.clients, seconds=args.seconds)
        print(result.summary())
        return 1 if result.errors else 0
    finally:
        proc.terminate()
        proc.wait(timeout=30)


if __name__ == "__main__":
    raise SystemExit(main())
