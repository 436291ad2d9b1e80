"""Neo4j Browser on the local server: the jar is fetched with the server's, ``/browser/`` answers
on 127.0.0.1, and the saved queries of ``docs/neo4j-browser/`` run on the seeded graph."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from graph import runtime
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests import corpus

REPO = corpus.ROOT
QUERIES = REPO / "docs" / "neo4j-browser" / "queries"

local_only = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="NEO4J_URI: no local server")


@local_only
@pytest.mark.neo4j
def test_browser_is_served_by_the_local_server(neo4j_server: Any) -> None:
    state = neo4j_server.state
    lib = runtime.lib_dir(neo4j_server.settings, state.version)
    assert (runtime.browser_version(lib) or "").startswith("5.")
    base = f"http://127.0.0.1:{state.http_port}"
    page = httpx.get(f"{base}/browser/", timeout=10)
    assert page.status_code == 200
    assert "text/html" in page.headers["content-type"]
    assert "<title>Neo4j Browser</title>" in page.text
    # The discovery document the Browser reads tells it where Bolt is.
    root = httpx.get(f"{base}/", headers={"Accept": "application/json"}, timeout=10).json()
    assert root["bolt_direct"] == f"bolt://127.0.0.1:{state.bolt_port}"


@local_only
@pytest.mark.neo4j
def test_browser_settings_keep_it_on_this_machine(driver: neo4j.Driver) -> None:
    records, _, _ = driver.execute_query(
        "SHOW SETTINGS YIELD name, value WHERE name STARTS WITH 'browser.' RETURN name, value"
    )
    values = {r["name"]: r["value"] for r in records}
    assert values["browser.remote_content_hostname_whitelist"] == "127.0.0.1,localhost"


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([REPO / "seeds"]):
        load_document(driver, facts_from_file(path))
    return driver


def _saved_queries() -> list[Path]:
    return sorted(QUERIES.glob("*.cypher"))


def test_ten_saved_queries_are_documented() -> None:
    files = _saved_queries()
    assert len(files) >= 10
    for path in files:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("// "), f"{path.name}: the first comment line is the Browser's title"


@pytest.mark.neo4j
@pytest.mark.parametrize("path", _saved_queries(), ids=lambda p: p.stem)
def test_saved_query_runs_on_the_seeded_graph(seeded: neo4j.Driver, path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    params: dict[str, str] = {}
    for line in text.splitlines():  # `// :param name => value` lines: the Browser's parameters
        if line.startswith("// :param "):
            name, value = line[len("// :param ") :].split("=>", 1)
            params[name.strip()] = value.strip().strip("'")
    records, _, _ = seeded.execute_query(text, params, routing_=neo4j.RoutingControl.READ)
    assert records, f"{path.name} returned no rows on the seeds"
