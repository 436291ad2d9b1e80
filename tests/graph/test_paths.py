"""GET /api/v1/paths: typed shortest paths between two named entities, each relationship with its
evidence, bounded in hops and count; unknown names are 404 with suggestions."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests.api_support import ROOT, TestClient, unverifiable_quotes

pytestmark = pytest.mark.neo4j
API = "/api/v1"


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


def test_project_to_city_with_evidence(client: TestClient) -> None:
    r = client.get(f"{API}/paths", params={"from": "青岛美锦氢能科技生态园项目", "to": "青岛", "max_hops": 2})
    assert r.status_code == 200, r.text
    paths = r.json()["paths"]
    assert paths and all(len(p["rels"]) == len(p["nodes"]) - 1 <= 2 for p in paths)
    first = paths[0]
    assert first["nodes"][0]["kind"] == "Project" and first["nodes"][-1]["id"] == "region:370200"
    assert {rel["type"] for p in paths for rel in p["rels"]} >= {"LOCATED_IN"}
    assert all(rel["evidence"] for p in paths for rel in p["rels"] if rel["type"] != "PART_OF")
    assert not unverifiable_quotes([r.json()])


def test_bounds(client: TestClient) -> None:
    r = client.get(f"{API}/paths", params={"from": "济南", "to": "氢能", "max_hops": 3, "limit": 2})
    assert r.status_code == 200 and 1 <= len(r.json()["paths"]) <= 2
    assert client.get(f"{API}/paths", params={"from": "济南", "to": "氢能", "max_hops": 9}).status_code == 422
    assert client.get(f"{API}/paths", params={"from": "济南", "to": "氢能", "limit": 0}).status_code == 422
    # Too far for one hop: no path, not an error.
    far = client.get(
        f"{API}/paths", params={"from": "青岛美锦氢能科技生态园项目", "to": "济南", "max_hops": 1}
    )
    assert far.status_code == 200 and far.json()["paths"] == []


def test_unknown_name_is_404_with_suggestions(client: TestClient) -> None:
    r = client.get(f"{API}/paths", params={"from": "青岛美锦氢能科技", "to": "氢能"})
    assert r.status_code == 404
    body = r.json()
    assert "detail" in body and body.get("suggestions")
