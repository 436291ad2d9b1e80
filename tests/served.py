"""Helpers of the tests that go through real processes: ``policykg serve`` over real HTTP, and
``policykg ingest`` as a child process, both pointed at a given Neo4j server."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
API = "/api/v1"
TOKEN = "test-admin-token-7f3c"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def neo4j_env(uri: str, user: str, password: str, **extra: str) -> dict[str, str]:
    """The environment of a child ``policykg`` process that reaches that server."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "POLICYKG_"))}
    return env | {"NEO4J_URI": uri, "NEO4J_USER": user, "NEO4J_PASSWORD": password} | extra


def server_env(server: Any, **extra: str) -> dict[str, str]:
    """``neo4j_env`` for a :class:`tests.conftest.Neo4jServer`."""
    return neo4j_env(server.uri, server.user, server.password, **extra)


def ingest_command(*paths: Path | str, workers: int | None = None) -> list[str]:
    cmd = [sys.executable, "-m", "api.cli", "ingest", *map(str, paths), "--quiet"]
    return cmd + (["--workers", str(workers)] if workers else [])


def ingest_seeds(env: dict[str, str], timeout: float = 300) -> None:
    """``policykg ingest seeds/`` in a child process (the reference chain map included)."""
    done = subprocess.run(ingest_command(SEEDS), env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, done.stderr[-2000:]


_SEED_FACTS: dict[Path, Any] = {}


def load_seeds(driver: Any) -> None:
    """The graph of ``policykg ingest seeds/``, its facts read once per test session."""
    from graph.bulk import load_files
    from graph.load import load_document
    from ingest.pipeline import discover, facts_from_file
    from ingest.reference_map import reference_facts

    if not _SEED_FACTS:
        _SEED_FACTS.update((p, facts_from_file(p)) for p in discover([SEEDS]))
    report = load_files(driver, list(_SEED_FACTS), _SEED_FACTS.__getitem__)
    assert not report.failures, report.failures
    load_document(driver, reference_facts())


@dataclass
class Served:
    proc: subprocess.Popen[bytes]
    base: str  # http://127.0.0.1:<port>

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    def url(self, path: str) -> str:
        return self.base + API + path


def wait_until_up(base: str, timeout: float = 90, *, want: int = 200) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}{API}/health", timeout=2).status_code == want:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"policykg serve at {base} did not answer {want} within {timeout:g} s")


@contextmanager
def serve(env: dict[str, str], *, token: str | None = TOKEN, healthy: bool = True) -> Iterator[Served]:
    """``policykg serve`` on a free port in a child process; killed at the end if still running."""
    port = free_port()
    env = env | ({"POLICYKG_ADMIN_TOKEN": token} if token else {})
    cmd = [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--log-level", "warning"]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    served = Served(proc, f"http://127.0.0.1:{port}")
    try:
        wait_until_up(served.base, want=200 if healthy else 503)
        yield served
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        assert proc.stderr is not None
        proc.stderr.close()


def graph_fingerprint(driver: Any) -> tuple[int, int, list[str], list[str]]:
    """Nodes, relationships, labels and property keys: what any write would change."""
    rec = driver.execute_query(
        "RETURN COUNT { MATCH (n) } AS n, COUNT { MATCH ()-[r]->() } AS r, "
        "COLLECT { CALL db.labels() YIELD label RETURN label } AS labels, "
        "COLLECT { CALL db.propertyKeys() YIELD propertyKey RETURN propertyKey } AS keys"
    ).records[0]
    return rec["n"], rec["r"], sorted(rec["labels"]), sorted(rec["keys"])
