"""Acceptance of the HTTP API on the five seeds, ingested with the real pipeline.

The dev gold set is scored through the structured endpoints and through /ask (as `policykg eval`
does) against floors: the figures reached so far, to be raised as extraction improves, never
lowered. Every response of the run must cite verbatim text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests.api_support import ROOT, RecordingClient, TestClient, evidence_in, unverifiable_quotes

pytestmark = pytest.mark.neo4j

API = "/api/v1"


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> Iterator[RecordingClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield RecordingClient(tc)


def items(c: RecordingClient, url: str, **params: Any) -> list[dict[str, Any]]:
    r = c.get(API + url, params=params)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_health_counts_the_seeds(seeded: RecordingClient) -> None:
    assert seeded.get(f"{API}/health").json()["documents"] == 5


def test_qingdao_hydrogen_projects(seeded: RecordingClient) -> None:
    names = {i["name"] for i in items(seeded, "/projects", city="青岛", chain="氢能")}
    assert {"青岛美锦氢能科技生态园项目", "青岛德润 FCP 氢能源设备项目"} <= names
    assert not names & {"淄博氢能源全产业链基地项目", "滨州氢能产业化项目"}
    same = {i["name"] for i in items(seeded, "/projects", city="青岛市", chain="氢能 ")}
    assert same == names


def test_ask_the_issue_example(seeded: RecordingClient) -> None:
    r = seeded.post(f"{API}/ask", json={"question": "青岛有哪些服务于氢能产业链的项目？"})
    body = r.json()
    assert body["intent"] == "projects" and body["params"] == {"city": "青岛市", "chain": "氢能"}
    assert {"青岛美锦氢能科技生态园项目", "青岛德润 FCP 氢能源设备项目"} <= {i["name"] for i in body["items"]}
    assert "MATCH" in body["cypher"]


def test_headline_goals_are_the_goals_section(seeded: RecordingClient) -> None:
    # 001 states six 2027 figures under 二、主要目标 (line 7) and others in its measures (line 53, 57)
    got = items(seeded, "/targets", doc="001_5634ba83ae6deb07", year=2027, overall="true")
    assert len(got) == 6 and {e["line"] for i in got for e in i["evidence"]} == {7}
    every = items(seeded, "/targets", doc="001_5634ba83ae6deb07", year=2027)
    assert len(every) > len(got)
    r = seeded.post(f"{API}/ask", json={"question": "标志性产业链科技创新方案到2027年的主要目标有哪些？"})
    assert {i["id"] for i in r.json()["items"]} == {i["id"] for i in got}


def test_mentions_across_documents(seeded: RecordingClient) -> None:
    docs = {i["id"] for i in items(seeded, "/mentions", term="东方氢岛")}
    assert docs == {"000_13d8c6c333fd099f", "002_345855ab38beca40", "004_b7a623a748988760"}


def test_designation_role_filter(seeded: RecordingClient) -> None:
    clusters = items(seeded, "/regions", level="国家级", role="集群")
    assert {i["name"] for i in clusters} == {"济南市", "青岛市", "淄博市", "烟台市", "临沂市"}
    assert all("集群" in (d["role"] or "") for i in clusters for d in i["designations"])


def test_enterprises_of_a_chain_in_a_document(seeded: RecordingClient) -> None:
    found = items(seeded, "/projects", kind="Enterprise", chain="新一代信息技术", doc="002_345855ab38beca40")
    assert {i["name"] for i in found} == {"浪潮", "神思", "歌尔", "中孚"}
    assert {i["kind"] for i in found} == {"Enterprise"}
    r = seeded.get(f"{API}/projects", params={"kind": "Task"})
    assert r.status_code == 422


def test_headline_targets_measure_no_chain(seeded: RecordingClient) -> None:
    found = items(seeded, "/targets", doc="002_345855ab38beca40", year=2022, overall="true")
    assert found and all(not i["chains"] for i in found)
    assert {37.0, 20.0} <= {i["value"] for i in found}


def test_ask_documents_and_enterprises(seeded: RecordingClient) -> None:
    body = seeded.post(f"{API}/ask", json={"question": "哪些文件在正文中给出了发文机关和日期？"}).json()
    assert body["intent"] == "documents"
    assert {i["id"] for i in body["items"]} == {"000_13d8c6c333fd099f", "003_103a7a8c5cb7a5b9"}
    q = "《三个坚决》方案点名的新一代信息技术产业领军企业有哪些？"
    body = seeded.post(f"{API}/ask", json={"question": q}).json()
    assert body["intent"] == "enterprises" and {i["name"] for i in body["items"]} == {
        "浪潮",
        "神思",
        "歌尔",
        "中孚",
    }
    body = seeded.post(f"{API}/ask", json={"question": "科技创新方案聚焦的标志性产业链是哪些？"}).json()
    assert body["params"].get("doc") == "001_5634ba83ae6deb07"


def _sweep(c: RecordingClient) -> None:
    """Every list endpoint over every city and chain the graph holds (without the gold file too)."""
    cities = [r["name"] for r in c.get(f"{API}/search", params={"q": "市", "kind": "Region"}).json()["items"]]
    chains = [r["name"] for r in c.get(f"{API}/chains").json()["items"]][:40]
    for chain in chains:
        c.get(f"{API}/regions", params={"chain": chain})
        c.get(f"{API}/targets", params={"chain": chain})
        c.get(f"{API}/tasks", params={"chain": chain})
    for city in cities[:20]:
        c.get(f"{API}/projects", params={"city": city})
        c.get(f"{API}/targets", params={"region": city})
    for doc in [d["id"] for d in c.get(f"{API}/documents").json()["items"]]:
        c.get(f"{API}/projects", params={"doc": doc})
        c.get(f"{API}/tasks", params={"doc": doc})


def test_every_evidence_quote_of_the_run_is_verbatim(seeded: RecordingClient) -> None:
    # Runs after the gold run of this module: every body it received is checked, plus a sweep.
    _sweep(seeded)
    assert sum(1 for _ in evidence_in(seeded.bodies)) > 500
    assert unverifiable_quotes(seeded.bodies) == []
