"""The loopback load test of benchmarks/bench_load_http.py (32 clients of mixed requests against
``policykg serve`` over the seeds), bounded to 20 s in the suite (the benchmark runs 60 s and its
figures go to benchmarks/README.md): zero errors, every endpoint of the mix answered, and the graph
unchanged."""

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
def test_32_clients_for_20_seconds_see_no_error(served: Served, driver: neo4j.Driver) -> None:
    before = graph_fingerprint(driver)
    result = run_load(served.base, clients=32, seconds=20)  # the benchmark runs 60 s; CI time is bounded
    print("\n" + result.summary())
    assert result.errors == [], result.summary()
    assert {f"{m} {p}" for m, p, _ in MIX} == set(result.latencies)
    assert result.requests > 32 * 10  # every client kept asking for the whole minute
    assert graph_fingerprint(driver) == before
