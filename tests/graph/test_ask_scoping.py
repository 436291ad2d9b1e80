"""A question that names a place whose own plans the graph holds asks what those plans say.

Rules, each checked on two texts of different styles:
- ingest: in a plan about one industry, a "重点突破A、B等核心零部件" sentence whose headings name no
  chain is about the plan's subject industry (a 浙江-style provincial plan written for this test,
  and the Shanghai 北斗 plan);
- /ask: "浙江…要突破哪些零部件" and "浙江…布局以哪些城市为核心" answer from 浙江's plan, not from
  another province's plan about the same industry (seed 000 also lists 机器人 parts and places);
- /ask: of two places a question names, the one whose own plan the graph holds scopes the plan and
  the other is the place asked about (杭州 here, 金坛区 in the 常州 province fixture).
"""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from api.app import create_app
from core.model import DocumentFacts
from core.settings import Settings
from graph.load import load_document
from ingest.models import DocumentMeta
from ingest.pipeline import facts_from_file, facts_from_text
from tests import corpus
from tests.api_support import ROOT, TestClient

# Written for this test in the style of a provincial 行动计划 (no seed or gold wording).
ZHEJIANG = """浙江省加快智能机器人产业发展行动计划（2024—2027年）

一、总体目标

到2027年，全省智能机器人产业规模突破800亿元。

二、空间布局

以杭州、宁波为核心，温州、绍兴为重要节点，打造环杭州湾智能机器人产业带。

三、主要任务

（一）强化技术攻关。重点突破谐波减速器、空心杯电机、力矩传感器等核心零部件，提升整机性能。（牵头单位：省科技厅）
"""


def _zhejiang() -> DocumentFacts:
    meta = DocumentMeta(id="t_zhejiang", title=ZHEJIANG.splitlines()[0], level="province", region="浙江省")
    return facts_from_text("t_zhejiang", ZHEJIANG, meta)


def _needs(facts: DocumentFacts) -> set[tuple[str, str]]:
    names = {n.id: n.name for n in facts.nodes}
    return {(names[r.src], names[r.dst]) for r in facts.relations if r.type == "NEEDS"}


def test_parts_a_one_industry_plan_must_master_belong_to_its_subject() -> None:
    zj = _needs(_zhejiang())
    assert {t for _, t in zj} == {"谐波减速器", "空心杯电机", "力矩传感器"}
    assert len({c for c, _ in zj}) == 1  # one chain: the plan's subject
    beidou = _needs(facts_from_file(corpus.shanghai("01")))
    assert beidou and len({c for c, _ in beidou}) == 1
    assert "精密单点定位" in {t for _, t in beidou}


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_document(driver, _zhejiang())
    load_document(driver, facts_from_file(ROOT / "seeds" / "000_13d8c6c333fd099f.txt"))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


def _ask(client: TestClient, question: str) -> list[str]:
    r = client.post("/api/v1/ask", json={"question": question})
    assert r.status_code == 200, r.text
    return [i["name"] for i in r.json()["items"]]


@pytest.mark.neo4j
def test_parts_asked_of_a_province_come_from_its_plan(client: TestClient) -> None:
    assert set(_ask(client, "浙江智能机器人要重点突破哪些核心零部件？")) == {
        "谐波减速器",
        "空心杯电机",
        "力矩传感器",
    }


@pytest.mark.neo4j
def test_layout_asked_of_a_province_lists_its_own_places(client: TestClient) -> None:
    names = set(_ask(client, "浙江智能机器人产业布局以哪些城市为核心？"))
    assert {"杭州市", "宁波市"} <= names
    assert not {n for n in names if n in ("济南市", "青岛市", "烟台市", "潍坊市")}, names


@pytest.mark.neo4j
def test_of_two_places_named_the_one_without_its_own_plan_is_asked_about(client: TestClient) -> None:
    # 浙江 is the region of the plan; 杭州 is the place asked about (a 常州 district question in the
    # province fixtures has the same shape: 在常州…布局中金坛区的定位)
    r = client.post("/api/v1/ask", json={"question": "在浙江智能机器人产业布局中杭州的定位是什么？"})
    body = r.json()
    assert body["params"]["region"] == "杭州市"
    assert [i["name"] for i in body["items"]] == ["杭州市"]
