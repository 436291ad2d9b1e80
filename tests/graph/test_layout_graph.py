"""Layouts and carriers through the real graph and the HTTP API: which 专业产业基地 / 应用基地 / wing a
chain has (/regions?chain=…&role=…), which platform is built on a place (/projects?kind=Platform&city=…),
on a 天津-style fixture and a Shanghai plan loaded together."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import facts_from_file
from tests import corpus
from tests.api_support import TestClient

pytestmark = pytest.mark.neo4j

FIXTURE = corpus.FIXTURES / "layout_tianjin.txt"


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in (FIXTURE, *(corpus.shanghai(p) for p in ("02", "03", "05", "06"))):
        load_document(driver, facts_from_file(path))
    app = create_app(Settings.defaults(cypher_timeout=5.0, cypher_row_cap=50), driver=driver)
    with TestClient(app) as tc:
        yield tc


def items(c: TestClient, url: str, **params: Any) -> list[dict[str, Any]]:
    r = c.get("/api/v1" + url, params=params)
    assert r.status_code == 200, r.text
    got: list[dict[str, Any]] = r.json()["items"]
    return got


def names(found: list[dict[str, Any]]) -> set[str]:
    return {i["name"] for i in found}


def test_bases_by_type(client: TestClient) -> None:
    special = items(client, "/regions", chain="智能网联汽车", role="专业产业基地")
    assert names(special) == {"西青杨柳青", "东丽华明", "武清京滨"}
    assert all(i["evidence"] and "专业产业基地" in i["evidence"][0]["quote"] for i in special)
    assert names(items(client, "/regions", chain="智能网联汽车", role="应用基地")) == {"滨海新区", "北辰区"}
    # a district's designations include those of the places inside it
    inside = items(client, "/regions", chain="智能网联汽车", region="西青区")
    assert names(inside) == {"西青区", "西青杨柳青"}


def test_wings(client: TestClient) -> None:
    assert names(items(client, "/regions", chain="商业航天", role="东翼")) == {"浦东新区", "临港新片区"}
    assert names(items(client, "/regions", chain="智能网联汽车", role="两翼")) == {"东丽区", "武清区"}


def test_platform_on_a_place(client: TestClient) -> None:
    got = items(client, "/projects", city="虹桥国际中央商务区", chain="高端医疗器械", kind="Platform")
    assert names(got) == {"医疗器械展览培训交易平台"}
    assert got[0]["evidence"][0]["quote"].startswith("依托虹桥国际中央商务区")
    assert "车路协同测试验证平台" in names(items(client, "/projects", city="天津", kind="Platform"))


def test_named_developments_in_the_plans_region(client: TestClient) -> None:
    got = names(items(client, "/projects", city="上海", chain="卫星互联网"))
    assert got == {"千帆卫星星座", "智慧天网", "甚高频数据交换系统（VDES）"}


def test_designation_chain_and_plan_district(client: TestClient) -> None:
    """The chain a designation names (食品智能制造核心区) exists, under the plan's subject; a plan
    about one district lists that district's industries and carriers."""
    assert names(items(client, "/regions", chain="食品智能制造")) == {"松江区", "奉贤区"}
    assert {"浦东新区", "松江区", "奉贤区", "徐汇区"} <= names(items(client, "/regions", chain="食品科技"))
    chains = {i["name"] for i in items(client, "/chains", region="杨浦区", doc="06_shanghai_yangshupu")}
    assert {"数字经济", "未来空间智能"} <= chains
    got = names(items(client, "/projects", city="杨浦区", chain="类脑智能", kind="Base"))
    assert got == {"类脑智能未来产业科技园"}
