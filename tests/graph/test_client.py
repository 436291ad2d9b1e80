"""The notebook client (``client.Client``) against the real app over HTTP on the five seeds."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import neo4j
import pytest

from api.app import create_app
from api.server import background
from client import Client, PolicyKGClientError
from core.settings import REPO_ROOT, Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def kg(driver: neo4j.Driver) -> Iterator[Client]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([REPO_ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    with background(create_app(Settings.defaults(), driver=driver)) as base, Client(base) as client:
        yield client


def test_projects_to_pandas_with_citations(kg: Client) -> None:
    items = kg.projects(city="青岛", chain="氢能")
    assert items.total == len(items) >= 2
    df = items.to_pandas()
    assert {"id", "name", "kind", "regions", "evidence_doc", "evidence_line", "evidence_quote"} <= set(
        df.columns
    )
    row = df[df["name"] == "青岛美锦氢能科技生态园项目"].iloc[0]
    assert row["evidence_line"] == 218 and "青岛美锦" in row["evidence_quote"]
    exploded = items.to_pandas(evidence="explode")
    assert len(exploded) >= len(df)


def test_targets_gaps_ask_cypher(kg: Client) -> None:
    targets = kg.targets(chain="氢能", year=2025)
    assert all(t["year"] == 2025 for t in targets)
    report = kg.gaps(city="青岛", chain="氢能")
    assert report.segments and "covered" in report.to_pandas().columns
    answer = kg.ask("青岛有哪些服务于氢能产业链的项目？")
    assert answer["intent"] == "projects" and "青岛美锦氢能科技生态园项目" in answer.items.names
    result = kg.cypher("MATCH (c:Chain {id: $id}) RETURN c.name AS name", {"id": "chain:氢能"})
    assert result.to_pandas()["name"].tolist() == ["氢能"]
    assert kg.export("graphml", focus="氢能").startswith(b"<?xml")


def test_errors_carry_status_detail_and_suggestions(kg: Client) -> None:
    with pytest.raises(PolicyKGClientError) as err:
        kg.projects(city="青岛", chain="氢能源汽车不存在")
    assert err.value.status == 404 and err.value.detail
    with pytest.raises(PolicyKGClientError) as down:
        Client("http://127.0.0.1:9").health()
    assert down.value.status == 0 and "unreachable" in down.value.detail


def test_to_pandas_without_pandas_is_a_clear_error(kg: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    items = kg.search("氢能")
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ModuleNotFoundError, match="pip install pandas"):
        items.to_pandas()
