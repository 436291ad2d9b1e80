"""Issue 10 on the real graph: a plan whose subject no taxonomy lists creates that chain, with its
evidence, and the API answers for it (/targets?chain=…, /chains?parent=…&facet=…)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from ingest.models import DocumentMeta
from ingest.pipeline import facts_from_file, facts_from_text
from tests import corpus
from tests.api_support import TestClient

pytestmark = pytest.mark.neo4j

# A plan in a 浙江 city style about an industry no taxonomy lists (written for this test).
TEXT = """宁波市促进时空数据产业高质量发展行动方案（2025—2027年）

为加快打造时空数据产业高地，制定本方案。

一、发展目标

到2027年，时空数据产业规模突破300亿元，培育时空数据骨干企业20家。

二、重点任务

1.夯实产业基础。围绕数据采集、数据治理、数据交易、数据应用等环节，构建完整产业链。（责任单位：市数据局、市经信局、宁波海关）
"""


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    meta = DocumentMeta(id="t_ningbo", title=TEXT.splitlines()[0], level="city", region="宁波市")
    load_document(driver, facts_from_text("t_ningbo", TEXT, meta))
    load_document(driver, facts_from_file(corpus.shanghai("01")))
    load_document(driver, facts_from_file(corpus.shanghai("06")))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


def items(c: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    r = c.get("/api/v1" + url, params=params)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


def test_unknown_subject_becomes_a_chain_with_its_evidence(client: TestClient) -> None:
    detail = client.get("/api/v1/chains/时空数据产业").json()
    assert detail["name"] == "时空数据"
    quotes = [e["quote"] for e in detail["evidence"]]
    assert any("宁波市促进时空数据产业高质量发展行动方案" in q for q in quotes), quotes
    values = {(t["value"], t["unit"]) for t in items(client, "/targets", chain="时空数据")}
    assert values == {(300.0, "亿元"), (20.0, "家")}


def test_segments_by_facet(client: TestClient) -> None:
    got = [c["name"] for c in items(client, "/chains", parent="时空数据", facet="环节", doc="t_ningbo")]
    assert sorted(got) == sorted(["数据采集", "数据治理", "数据交易", "数据应用"])
    # without a facet, the hierarchy only: the listed segments are not sub-chains
    assert not {c["name"] for c in items(client, "/chains", parent="时空数据", doc="t_ningbo")} & set(got)


def test_open_chains_of_a_shanghai_plan(client: TestClient) -> None:
    # 北斗高精度导航定位产业规模超过500亿元: a new chain from a measure, answerable by its printed name
    got = items(client, "/targets", chain="北斗高精度导航定位产业")
    assert [(t["value"], t["unit"]) for t in got] == [(500.0, "亿元")]
    tasks = items(client, "/tasks", q="完善北斗高精度“一网一图”")
    assert tasks[0]["lead"] == ["市规划资源局", "市住房城乡建设管理委", "市交通委", "市经济信息化委"]


def test_places_within_a_region(client: TestClient) -> None:
    zones = items(client, "/regions", within="杨浦区", role="功能区", doc="06_shanghai_yangshupu")
    assert {z["name"] for z in zones} == {
        "科技创新策源区",
        "产业创新承载区",
        "生态创新融合区",
        "辐射溢出联动区",
    }
    assert all(z["evidence"] and "四个功能区" in z["evidence"][0]["quote"] for z in zones)
    core = {p["name"] for p in items(client, "/regions", within="产业创新承载区")}
    assert core == {"杨浦滨江", "大创智", "湾谷复旦未来谷", "环同济", "大创谷"}
    assert client.get("/api/v1/regions", params={"within": "不存在的片区"}).status_code == 404
