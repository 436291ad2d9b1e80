"""/ask on questions it was not written for (issue 11), with all eleven documents loaded.

The 150 questions of :mod:`tests.ask_open_cases` were written from the texts before the parser was
tuned. Pass rate before (api/ask.py of commit a5cff2d): 82/150 (Shanghai 25/75, seeds 57/75); after
(api/ask/ package): 132/150 (Shanghai 64/75, seeds 68/75) on the graph of 2026-12 extraction; with
segments, layout roles and platforms (after 465240c): 135/150 (Shanghai 68/75, seeds 67/75). The
floor below is what was reached; raise it, never lower it. Every item and every passage of every
answer must cite verbatim text.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from api.ask.match import longest_common
from core.model import name_key
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests.api_support import ROOT, SHANGHAI, TestClient, evidence_in, unverifiable_quotes
from tests.ask_open_cases import CASES, check

pytestmark = pytest.mark.neo4j

API = "/api/v1"
MIN_PASS = {"shanghai": 66, "seeds": 65}  # of 75 each


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    if not SHANGHAI.is_dir():
        pytest.skip(f"{SHANGHAI} not found (the Shanghai corpus lives beside the repository)")
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds", SHANGHAI]):
        load_document(driver, facts_from_file(path))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


@pytest.fixture(scope="module")
def bodies(client: TestClient) -> dict[str, dict[str, Any]]:
    return {c.question: client.post(f"{API}/ask", json={"question": c.question}).json() for c in CASES}


def test_open_questions_pass_rate(bodies: dict[str, dict[str, Any]]) -> None:
    failed: dict[str, list[str]] = {"shanghai": [], "seeds": []}
    for c in CASES:
        why = check(c, bodies[c.question])
        if why:
            failed[c.topic].append(f"{c.question}: {why}")
    for topic, floor in MIN_PASS.items():
        passed = sum(1 for c in CASES if c.topic == topic) - len(failed[topic])
        print(f"\n{topic}: {passed}/75 pass")
        assert passed >= floor, "\n".join(failed[topic])


def test_every_item_and_passage_quote_is_verbatim(bodies: dict[str, dict[str, Any]]) -> None:
    all_bodies = list(bodies.values())
    passages = [p for b in all_bodies for p in b.get("passages", [])]
    assert len(passages) > 20
    assert all({"doc", "line", "quote", "entities", "targets"} <= p.keys() for p in passages)
    # a floor on how much is checked (segment and layout answers cite one list sentence each)
    assert sum(1 for _ in evidence_in(all_bodies)) > 250
    assert unverifiable_quotes(all_bodies) == []


def test_task_question_names_its_agencies_in_clause_order(client: TestClient) -> None:
    question = "“开展短报文通信的特色应用”任务由哪些部门牵头？"
    body = client.post(f"{API}/ask", json={"question": question}).json()
    assert body["intent"] == "tasks" and len(body["items"]) == 1
    item = body["items"][0]
    names = item["lead"] or item["responsible"]
    assert {"市交通委", "市水务局", "市经济信息化委"} <= set(names)
    quote = name_key("".join(e["quote"] for e in item["evidence"]))
    where = [quote.find(name_key(n)) for n in names]
    assert where == sorted(where) and min(where) >= 0
    assert "原文" in body["answer"]


def test_passages_are_said_to_be_passages(client: TestClient) -> None:
    body = client.post(f"{API}/ask", json={"question": "星座组网指的是哪些？"}).json()
    assert body["items"] == [] and body["passages"]
    assert "不是抽取出的事实" in body["answer"]
    assert any("星座" in p["quote"] for p in body["passages"])


def test_segment_list_named_by_its_words(client: TestClient) -> None:
    """No chain named: the list of that facet whose sentence the question's words fit."""
    body = client.post(f"{API}/ask", json={"question": "三大拳头产品指的是哪些？"}).json()
    assert body["intent"] == "segments" and body["params"]["facet"] == "产品"
    assert {i["name"] for i in body["items"]} == {"新一代中大型运载火箭", "低成本高集成卫星", "智能应用终端"}
    assert all("拳头产品" in e["quote"] for i in body["items"] for e in i["evidence"])


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        ("北斗产业的专业产业基地分布在哪些地方？", "layout", {"青浦北斗西虹桥", "杨浦湾谷", "嘉定马东"}),
        ("商业航天“西翼”由哪些区域构成？", "layout", {"青浦区", "松江区"}),
        ("依托虹桥国际中央商务区要建设什么平台？", "platforms", {"医疗器械展览培训交易平台"}),
        ("航空航天领域给青岛的定位有哪些？", "positioning", set()),
    ],
)
def test_layout_platform_and_facet_readings(
    client: TestClient, question: str, intent: str, expected: set[str]
) -> None:
    body = client.post(f"{API}/ask", json={"question": question}).json()
    assert body["intent"] == intent
    assert expected <= {i["name"] for i in body["items"]}


@pytest.mark.parametrize("question", ["苏州有哪些氢能项目？", "青岛的核聚变产业链缺哪些环节？"])
def test_absent_city_or_chain(client: TestClient, question: str) -> None:
    body = client.post(f"{API}/ask", json={"question": question}).json()
    assert body["intent"] == "absent"
    assert body["items"] == [] and body["passages"] == []
    assert body["params"]["suggestions"] and "可以改问" in body["answer"]


def test_unsupported_question_is_unknown(client: TestClient) -> None:
    body = client.post(f"{API}/ask", json={"question": "明天济南会下雨吗？"}).json()
    assert body["intent"] == "unknown" and not body["items"] and not body["passages"]


def test_longest_common() -> None:
    assert longest_common("开展安全可控的航空应用是哪几个部门牵头的", "开展安全可控的航空应用") == 11
    assert longest_common("abc", "xyz") == 0
