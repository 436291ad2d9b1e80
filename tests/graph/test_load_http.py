"""The loopback load test of benchmarks/bench_load_http.py, in full (32 clients × 60 s of mixed
requests against ``policykg serve`` over the seeds): zero errors, every endpoint of the mix
answered, and the graph unchanged. It takes about 70 s; the figures it prints go to
benchmarks/README.md."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from benchmarks.bench_load_http import MIX, run_load
from tests.served import Served, graph_fingerprint, load_seeds, serve, server_env

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def served(driver: neo4j.Driver, neo4j_server: Any) -> Iterator[Served]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_seeds(driver)
    with serve(server_env(neo4j_server)) as s:
        yield s


@pytest.mark.timeout(300)
def test_32_clients_for_60_seconds_see_no_error(served: Served, driver: neo4j.Driver) -> None:
    before = graph_fingerprint(driver)
    result = run_load(served.base, clients=32, seconds=60)
    print("\n" + result.summary())
    assert result.errors == [], result.summary()
    assert {f"{m} {p}" for m, p, _ in MIX} == set(result.latencies)
    assert result.requests > 32 * 10  # every client kept asking for the whole minute
    assert graph_fingerprint(driver) == before
