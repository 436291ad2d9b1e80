"""Schemathesis against the live OpenAPI spec of ``policykg serve`` (real HTTP, real Neo4j, the seeds
loaded): every operation, generated inputs valid and invalid, and no answer may be a 5xx.

Bounded for CI: a few examples per operation (``MAX_EXAMPLES``), no shrinking beyond hypothesis'
defaults, stateless. The upload and delete operations run without the admin token (401): fuzzing
them with it would load random texts into the graph the other operations read.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from tests.served import Served, load_seeds, serve, server_env

pytestmark = pytest.mark.neo4j

MAX_EXAMPLES = 12


@pytest.fixture(scope="module")
def served(driver: neo4j.Driver, neo4j_server: Any) -> Iterator[Served]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_seeds(driver)
    with serve(server_env(neo4j_server), token=None) as s:
        yield s


@pytest.fixture(scope="module")
def api_schema(served: Served) -> Any:
    return schemathesis.openapi.from_url(served.base + "/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_operation_answers_5xx(case: Any) -> None:
    response = case.call(timeout=60)
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} {case.query!r} {case.body!r} -> "
        f"{response.status_code}: {response.text[:300]}"
    )
