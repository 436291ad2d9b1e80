"""HTTP API v1 against the real Neo4j with the small hand-made graph of tests/fixtures/api_graph.py.

Covers every endpoint of DESIGN §5, its filters (aliases, whitespace, sub-regions, sub-chains, doc
with or without .txt), its errors (404 with suggestions, 422, 503), the read-only guarantees of
/cypher, and, at the end, that every evidence quote of every response is verbatim source text.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from core.errors import Forbidden
from core.settings import Settings
from graph.cypher import run_read
from tests.api_support import RecordingClient, TestClient, unverifiable_quotes
from tests.fixtures.api_graph import CITY, PROV, load_fixture_graph

pytestmark = pytest.mark.neo4j

API = "/api/v1"


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[RecordingClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_fixture_graph(driver)
    app = create_app(Settings.defaults(cypher_timeout=2.0, cypher_row_cap=5), driver=driver)
    with TestClient(app) as tc:
        yield RecordingClient(tc)


def names(body: dict[str, Any]) -> list[str]:
    return sorted(i["name"] for i in body["items"])


def ok(c: RecordingClient, url: str, **params: Any) -> dict[str, Any]:
    r = c.get(API + url, params=params)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    if "items" in body:
        assert body["count"] == len(body["items"])
        for item in body["items"]:
            assert {"id", "name", "kind", "evidence"} <= item.keys()
    return body


# --- meta and documents ------------------------------------------------------------------------


def test_health(client: RecordingClient) -> None:
    assert ok(client, "/health") == {"status": "ok", "neo4j": "up", "documents": 2}


def test_documents_list_and_detail_with_or_without_txt(client: RecordingClient) -> None:
    body = ok(client, "/documents")
    assert [d["id"] for d in body["items"]] == [PROV, CITY]
    prov = body["items"][0]
    assert prov["title"] == "山东省示例战略性新兴产业发展规划" and prov["level"] == "province"
    assert prov["counts"]["projects"] == 3 and prov["counts"]["tasks"] == 1
    assert ok(client, f"/documents/{PROV}.txt")["id"] == PROV
    r = client.get(f"{API}/documents/t01_prv")
    assert r.status_code == 404 and PROV in r.json()["suggestions"]


def test_openapi_has_stable_operation_ids(client: RecordingClient) -> None:
    spec = client.client.get("/openapi.json").json()
    ops = {op["operationId"] for path in spec["paths"].values() for op in path.values()}
    assert {
        "listProjects",
        "listRegions",
        "listChains",
        "getChain",
        "listTargets",
        "listTasks",
        "getAgency",
    } <= ops
    assert {"listMentions", "getGaps", "findPaths", "getGraph", "ask", "cypher", "health", "search"} <= ops
    assert client.client.get("/docs").status_code == 200


# --- projects, regions, chains -----------------------------------------------------------------


def test_projects_city_chain_with_aliases_subregions_and_subchains(client: RecordingClient) -> None:
    body = ok(client, "/projects", city="青岛", chain="氢能")
    # 即墨区 is part of 青岛; 氢燃料电池 is a sub-chain of 氢能 (in the city plan only).
    assert names(body) == ["即墨氢燃料电池产业园项目", "青岛美锦氢能科技生态园项目"]
    assert ok(client, "/projects", city="青岛市", chain="氢能产业") == body  # aliases
    item = next(i for i in body["items"] if i["name"] == "青岛美锦氢能科技生态园项目")
    assert item["regions"] == ["青岛市"] and item["chains"] == ["氢能"] and item["kind"] == "Project"
    assert item["evidence"][0]["doc"] == PROV and item["evidence"][0]["line"] == 11


def test_projects_filters(client: RecordingClient) -> None:
    assert names(ok(client, "/projects", chain="新能源新材料", doc=f"{PROV}.txt")) == [
        "东岳氢能产业园",
        "淄博氢能源全产业链基地项目",
        "青岛美锦氢能科技生态园项目",
    ]
    assert names(ok(client, "/projects", city="即墨")) == ["即墨氢燃料电池产业园项目"]
    assert names(ok(client, "/projects", city="山东")) == [
        "即墨氢燃料电池产业园项目",
        "淄博氢能源全产业链基地项目",
        "青岛美锦氢能科技生态园项目",
    ]
    unknown_city = ok(client, "/projects", q="东岳氢能产业园")["items"]
    assert unknown_city[0]["regions"] == []  # the text gives no city: said, not guessed
    with_bases = names(ok(client, "/projects", city="青岛", chain="氢能", bases="true"))
    assert "氢燃料电池产业园" in with_bases


def test_regions_designated_for_chain(client: RecordingClient) -> None:
    body = ok(client, "/regions", chain="氢能")
    assert names(body) == ["济南市", "青岛市"]
    qd = next(i for i in body["items"] if i["name"] == "青岛市")
    assert qd["level"] == "city" and qd["roles"] == ["产业基地"]
    assert qd["designations"][0]["designation"] == "东方氢岛"
    assert names(ok(client, "/regions", chain="新能源新材料")) == ["济南市", "青岛市"]  # via sub-chain
    assert ok(client, "/regions", chain="氢能", doc=CITY)["count"] == 0


def test_chains_parent_doc_and_detail(client: RecordingClient) -> None:
    body = ok(client, "/chains", parent="新能源新材料", doc=PROV)
    assert names(body) == ["氢能", "风能"]
    h2 = next(i for i in body["items"] if i["name"] == "氢能")
    assert {"name": "新能源", "doc": CITY} in h2["parents"]
    assert {"name": "氢燃料电池", "doc": CITY} in h2["children"]
    assert names(ok(client, "/chains", doc=PROV, root="true")) == ["新能源新材料"]
    assert names(ok(client, "/chains", region="青岛")) == ["氢能"]
    detail = ok(client, "/chains/氢能源")  # alias
    assert detail["name"] == "氢能" and "氢能产业" in detail["aliases"]
    assert detail["documents"] == [PROV, CITY]
    assert detail["counts"]["projects"] == 4 and detail["counts"]["sub_chains"] == 1


# --- targets, tasks, agencies, mentions --------------------------------------------------------


def test_targets_filters(client: RecordingClient) -> None:
    h2 = ok(client, "/targets", chain="氢能")["items"]
    assert len(h2) == 1
    t = h2[0]
    assert (t["metric"], t["value"], t["unit"], t["qualifier"], t["year"]) == (
        "氢能产业总产值",
        200.0,
        "亿元",
        "突破",
        2025,
    )
    assert (t["chain"], t["region"], t["doc"]) == ("氢能", "山东省", PROV)
    assert ok(client, "/targets", region="青岛")["items"][0]["metric"] == "新能源产业规模"
    assert ok(client, "/targets", year=2025)["count"] == 2
    assert ok(client, "/targets", q="产业 总产值")["count"] == 1  # whitespace-insensitive
    assert ok(client, "/targets", q="新能源产业规模数量")["count"] == 1  # metric inside the words
    assert ok(client, "/targets", doc=f"{CITY}.txt")["count"] == 1


def test_tasks_and_agencies(client: RecordingClient) -> None:
    body = ok(client, "/tasks", q="（一）强化关键核心技术攻坚")
    assert body["count"] == 1
    task = body["items"][0]
    assert task["lead"] == ["省科技厅"] and task["support"] == ["省发展改革委", "省工业和信息化厅"]
    assert task["responsible"] == [] and task["doc"] == PROV and task["text"]
    assert ok(client, "/tasks", agency="省发改委")["count"] == 1  # alias of 省发展改革委
    assert ok(client, "/tasks", chain="新能源新材料")["count"] == 1  # via sub-chain 氢能
    agency = ok(client, "/agencies/省 发改委")  # whitespace-insensitive alias
    assert agency["name"] == "省发展改革委" and agency["leads"] == []
    assert [t["name"] for t in agency["supports"]] == ["强化关键核心技术攻坚"]


def test_mentions_count_sentences_per_document(client: RecordingClient) -> None:
    body = ok(client, "/mentions", term="东方 氢岛")
    assert {(i["id"], i["count"], i["kind"]) for i in body["items"]} == {
        (PROV, 1, "Document"),
        (CITY, 1, "Document"),
    }
    assert ok(client, "/mentions", term="不存在的词")["count"] == 0


# --- gaps, paths, graph, search ----------------------------------------------------------------


def test_gaps(client: RecordingClient) -> None:
    gaps = ok(client, "/gaps", city="青岛", chain="氢能")
    assert gaps["city"]["name"] == "青岛市" and gaps["chain"]["name"] == "氢能"
    (segment,) = gaps["segments"]
    assert segment["name"] == "氢燃料电池" and segment["covered"] is True
    assert [b["name"] for b in segment["bases"]] == ["氢燃料电池产业园"]
    assert [d["name"] for d in gaps["designations"]] == ["青岛市"]
    assert gaps["city_plan_names_chain"] is True and gaps["city_plans"][0]["doc"] == CITY
    wind = ok(client, "/gaps", city="青岛", chain="风能")
    # No segment of 风能 is known here (no reference map loaded, no plan lists any): none, not the chain
    # itself as a one-segment "gap" (tests/graph/test_gaps.py covers the reference map).
    assert wind["segments"] == [] and wind["counts"]["segments"] == 0
    assert wind["designations"] == [] and wind["city_plan_names_chain"] is False


def test_paths_and_graph(client: RecordingClient) -> None:
    paths = ok(client, "/paths", **{"from": "青岛", "to": "氢能", "max_hops": 2})["paths"]
    assert paths and paths[0]["nodes"][0]["name"] == "青岛市" and paths[0]["nodes"][-1]["name"] == "氢能"
    assert paths[0]["rels"][0]["type"] == "DESIGNATED_FOR" and paths[0]["rels"][0]["evidence"]
    view = ok(client, "/graph", focus="氢能", depth=1, limit=50)
    ids = {n["id"] for n in view["nodes"]}
    assert "chain:氢能" in ids and view["edges"]
    assert all(e["source"] in ids and e["target"] in ids for e in view["edges"])
    assert ok(client, "/graph", limit=5)["nodes"]


def test_search(client: RecordingClient) -> None:
    body = ok(client, "/search", q="氢能", kind="chain")
    assert body["items"][0]["name"] == "氢能" and "氢能源" in body["items"][0]["aliases"]
    assert {i["kind"] for i in ok(client, "/search", q="青岛")["items"]} >= {"Region", "Project"}


# --- errors ------------------------------------------------------------------------------------


def test_unknown_names_are_404_with_suggestions(client: RecordingClient) -> None:
    r = client.get(f"{API}/projects", params={"city": "青岛", "chain": "氢能汽车"})
    assert r.status_code == 404
    body = r.json()
    assert "氢能" in body["suggestions"] and "氢能" in body["detail"]
    for url in ("/chains/不存在产业", "/agencies/省不存在局", "/gaps?city=火星&chain=氢能"):
        r = client.get(API + url)
        assert r.status_code == 404 and isinstance(r.json()["detail"], str)


@pytest.mark.parametrize(
    "url",
    [
        "/targets?year=abc",
        "/targets?year=1800",
        "/paths?from=青岛&to=氢能&max_hops=9",
        "/graph?depth=0",
        "/search?q=",
        "/search?q=氢能&kind=Nonsense",
        "/mentions",
        "/gaps?city=青岛",
        "/chains?root=true",
    ],
)
def test_bad_parameters_are_422(client: RecordingClient, url: str) -> None:
    r = client.get(API + url)
    assert r.status_code == 422, r.text
    assert isinstance(r.json()["detail"], str)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_neo4j_down_is_503() -> None:
    env = {"NEO4J_URI": f"bolt://127.0.0.1:{_closed_port()}", "NEO4J_PASSWORD": "not-used-1"}
    app = create_app(Settings.from_env(env))
    with TestClient(app) as c:
        r = c.get(f"{API}/projects", params={"city": "青岛"})
        assert r.status_code == 503 and "Neo4j" in r.json()["detail"]
        health = c.get(f"{API}/health")
        assert health.status_code == 503 and health.json()["neo4j"] == "down"
        assert c.post(f"{API}/ask", json={"question": "青岛有哪些项目？"}).status_code == 503


# --- /cypher: read-only ------------------------------------------------------------------------


def _count(driver: neo4j.Driver) -> int:
    return int(driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"])


def test_cypher_reads_with_params_and_row_cap(client: RecordingClient) -> None:
    r = client.post(
        f"{API}/cypher",
        json={"query": "MATCH (c:Chain {name: $n}) RETURN c.name AS name, c", "params": {"n": "氢能"}},
    )
    assert r.status_code == 200
    body = r.json()
    assert body["columns"] == ["name", "c"] and body["rows"][0][0] == "氢能"
    assert body["rows"][0][1]["labels"] == ["Chain"] and body["truncated"] is False
    capped = client.post(f"{API}/cypher", json={"query": "UNWIND range(1, 10) AS x RETURN x"}).json()
    assert capped["rows"] == [[1], [2], [3], [4], [5]] and capped["truncated"] is True
    # Words of writing clauses inside strings, comments and property names are fine.
    fine = client.post(f"{API}/cypher", json={"query": "RETURN 'CREATE (n) SET n.x=1' AS s // DELETE"})
    assert fine.status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        "CREATE (n:Evil) RETURN n",
        "MATCH (n:Chain) SET n.name = 'x'",
        "match (n:Chain) detach delete n",
        "MERGE (n:Chain {id: 'chain:x'})",
        "MATCH (n:Chain) REMOVE n.aliases",
        "MATCH (n) /* harmless? */ SET n.x = 1",
        "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
        "UNWIND range(1, 3) AS i CALL { WITH i CREATE (:Evil {i: i}) } IN TRANSACTIONS RETURN i",
        "CALL dbms.security.createUser('x', 'y', false)",
        "CALL db.createLabel('Evil')",
        "RETURN apoc.create.uuid()",
        "CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DETACH DELETE n', {})",
        "DROP INDEX chain_name",
        "FOREACH (i IN [1] | CREATE (:Evil))",
        "USE system SHOW USERS",
    ],
)
def test_cypher_refuses_writes_and_changes_nothing(
    client: RecordingClient, driver: neo4j.Driver, query: str
) -> None:
    before = _count(driver)
    r = client.post(f"{API}/cypher", json={"query": query})
    assert r.status_code == 403, r.text
    assert _count(driver) == before


def test_read_transaction_refuses_writes_even_without_the_text_check(driver: neo4j.Driver) -> None:
    before = _count(driver)
    with pytest.raises(Forbidden):
        run_read(driver, "CREATE (:Evil {x: 1})", check=False)
    assert _count(driver) == before


def test_cypher_timeout(client: RecordingClient) -> None:
    # 10^10 rows: far beyond the 2 s limit on any machine (10^8 finished in time on a quiet one).
    slow = (
        "UNWIND range(1, 100000) AS a UNWIND range(1, 100000) AS b "
        "WITH a, b WHERE (a * b) % 7 = 3 RETURN count(*) AS n"
    )
    r = client.post(f"{API}/cypher", json={"query": slow})
    assert r.status_code == 504 and "limit" in r.json()["detail"]


def test_cypher_syntax_error_is_422(client: RecordingClient) -> None:
    r = client.post(f"{API}/cypher", json={"query": "MATCH (n RETURN n"})
    assert r.status_code == 422


# --- /ask -------------------------------------------------------------------------------------


def ask(client: RecordingClient, question: str) -> dict[str, Any]:
    r = client.post(f"{API}/ask", json={"question": question})
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    assert set(body) == {"question", "intent", "params", "items", "answer", "cypher", "passages"}
    return body


@pytest.mark.parametrize(
    ("question", "intent", "expected"),
    [
        (
            "青岛有哪些服务于氢能产业链的项目？",
            "projects",
            ["即墨氢燃料电池产业园项目", "青岛美锦氢能科技生态园项目"],
        ),
        ("哪些城市培育氢能产业基地？", "regions", ["济南市", "青岛市"]),
        ("省规划中“新能源新材料”包括哪些细分领域？", "chains", ["氢能", "风能"]),
        ("氢能产业有哪些量化目标？", "targets", ["氢能产业总产值"]),
        ("“强化关键核心技术攻坚”措施由谁牵头？", "tasks", ["强化关键核心技术攻坚"]),
        ("哪些文件提到“东方氢岛”？", "mentions", ["山东省示例战略性新兴产业发展规划", "青岛示例规划"]),
        ("青岛的氢能产业链缺哪些环节？", "gaps", ["氢燃料电池"]),
        ("介绍一下省发改委", "profile", ["省发展改革委"]),
        ("东岳氢能产业园位于哪里？", "project_location", ["东岳氢能产业园"]),
    ],
)
def test_ask_intents(client: RecordingClient, question: str, intent: str, expected: list[str]) -> None:
    body = ask(client, question)
    assert body["intent"] == intent
    assert sorted(i["name"] for i in body["items"]) == expected
    assert body["answer"] and body["cypher"].strip()


def test_ask_answers_say_what_they_found(client: RecordingClient) -> None:
    assert "省科技厅牵头" in ask(client, "“强化关键核心技术攻坚”措施由谁牵头？")["answer"]
    assert "不可从文本判定" in ask(client, "东岳氢能产业园位于哪里？")["answer"]
    assert ask(client, "省规划中“新能源新材料”包括哪些细分领域？")["params"] == {
        "parent": "新能源新材料",
        "doc": PROV,
    }


def test_ask_unknown_and_unrecognised(client: RecordingClient) -> None:
    body = ask(client, "今天天气怎么样？")
    assert body["intent"] == "unknown" and body["items"] == [] and "可以这样问" in body["answer"]
    body = ask(client, "火星有哪些项目？")  # no city or chain the graph knows: never a guess
    assert body["items"] == [] and "没有" in body["answer"]
    assert client.post(f"{API}/ask", json={"question": ""}).status_code == 422


# --- last: evidence of every response above ----------------------------------------------------


def test_every_evidence_quote_is_verbatim_text_of_its_lines(client: RecordingClient) -> None:
    quotes = sum(1 for _ in _all_evidence(client))
    assert quotes > 50
    assert unverifiable_quotes(client.bodies) == []


def _all_evidence(client: RecordingClient) -> Any:
    from tests.api_support import evidence_in

    for body in client.bodies:
        yield from evidence_in(body)
