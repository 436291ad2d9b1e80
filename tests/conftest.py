"""Shared fixtures: one real Neo4j per test session.

``neo4j_server`` starts a server through the same code as ``policykg db start``
(:func:`graph.runtime.start`, then :func:`graph.schema.apply_schema`) in a temporary instance folder
on free ports, reusing the jar cache (``$POLICYKG_HOME/neo4j``), and stops it at the end of the
session. With ``NEO4J_URI`` set (plus ``NEO4J_USER``/``NEO4J_PASSWORD``) it uses that server instead
and starts nothing.

Tests that touch the graph are marked ``@pytest.mark.neo4j`` and take ``driver`` (session-scoped)
or ``clean_graph`` (empties the database first, yields the driver).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import neo4j
import pytest

from core.settings import Settings, private_instance
from graph import runtime
from graph.db import open_driver
from graph.queries.resolve import clear_cache
from graph.schema import apply_schema


@dataclass(frozen=True)
class Neo4jServer:
    """How tests reach the session's server."""

    uri: str
    user: str
    password: str
    settings: Settings  # settings that reach it (local: the temporary instance)
    state: runtime.ServerState | None  # None for an external NEO4J_URI server
    start_seconds: float


@pytest.fixture(scope="session")
def neo4j_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Neo4jServer]:
    env_settings = Settings.from_env()
    if env_settings.external:
        assert env_settings.uri is not None
        with open_driver(env_settings) as drv:
            apply_schema(drv)
        yield Neo4jServer(env_settings.uri, env_settings.user, env_settings.password, env_settings, None, 0.0)
        return
    settings = private_instance(tmp_path_factory.mktemp("neo4j-instance"))
    result = runtime.start(settings)
    try:
        with open_driver(settings) as drv:
            apply_schema(drv)
        state = result.state
        yield Neo4jServer(state.uri, settings.user, settings.password, settings, state, result.seconds)
    finally:
        runtime.stop(settings)


@pytest.fixture(scope="session")
def driver(neo4j_server: Neo4jServer) -> Iterator[neo4j.Driver]:
    with open_driver(neo4j_server.settings) as drv:
        yield drv


@pytest.fixture
def clean_graph(driver: neo4j.Driver) -> Iterator[neo4j.Driver]:
    """An empty database (schema kept); yields the session driver."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    clear_cache()  # names resolved against the previous graph
    yield driver


@pytest.fixture
def cli_env(
    clean_graph: neo4j.Driver, neo4j_server: Neo4jServer, monkeypatch: pytest.MonkeyPatch
) -> neo4j.Driver:
    """``clean_graph``, with NEO4J_* set so that the ``policykg`` CLI (``api.cli.main``) uses it."""
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    return clean_graph
