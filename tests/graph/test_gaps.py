"""Chain gap analysis (GET /gaps): segments from the reference map and the documents, each covered
(a cited carrier of the city), planned (the city's plan names it) or missing; designations, rivals,
alignment and targets. Tested on the seeds (青岛 × 氢能), a Shanghai plan (闵行区 × 商业航天) and a
hand-built document (the name rule), plus a consistency check over every city × top-level chain."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api.app import create_app
from core.model import DocumentFacts, Label, Node, Rel, Relation, SentenceRecord, content_id, entity_id
from core.settings import Settings
from graph import queries
from graph.load import delete_document, load_document
from ingest.pipeline import discover, facts_from_file
from ingest.reference_map import REFERENCE_DOC, reference_facts
from tests.api_support import ROOT, TestClient

pytestmark = pytest.mark.neo4j

API = "/api/v1"
SHANGHAI = ROOT.parent / "shared" / "corpus" / "shanghai" / "02_shanghai_shangyehangtian.txt"
REFERENCE_LINES = (ROOT / "ingest" / "data" / "chain_segments.tsv").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    paths = discover([ROOT / "seeds"]) + ([SHANGHAI] if SHANGHAI.exists() else [])
    for path in paths:
        load_document(driver, facts_from_file(path))
    load_document(driver, reference_facts())
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


def gap(client: TestClient, city: str, chain: str) -> dict[str, Any]:
    r = client.get(f"{API}/gaps", params={"city": city, "chain": chain})
    assert r.status_code == 200, r.text
    return dict(r.json())


def carriers(seg: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for k in ("projects", "enterprises", "platforms", "bases") for c in seg[k]]


def check_cited(body: dict[str, Any]) -> None:
    """No segment covered without a cited carrier; every reference quote is its file's line."""
    for seg in body["segments"]:
        assert seg["covered"] == (seg["status"] == "covered")
        if seg["status"] == "covered":
            children = [s for s in body["segments"] if s["parent"] == seg["name"]]
            cited = [c for s in [seg, *children] for c in carriers(s) if c["evidence"]]
            assert cited, seg["name"]
        if seg["status"] == "planned":
            assert seg["plan_evidence"], seg["name"]
        for e in seg["evidence"]:
            if e["doc"] == REFERENCE_DOC:
                assert REFERENCE_LINES[e["line"] - 1] == e["quote"]


def test_qingdao_hydrogen(client: TestClient) -> None:
    body = gap(client, "青岛", "氢能")
    names = [s["name"] for s in body["segments"]]
    assert len(names) >= 5 and {"制氢", "储运", "加注", "燃料电池", "质子交换膜", "双极板"} <= set(names)
    check_cited(body)
    # The reference map is cited for its segments; the plans' NEEDS join the segment they name.
    pem = next(s for s in body["segments"] if s["name"] == "质子交换膜")
    assert pem["source"] == "reference+document" and pem["parent"] == "燃料电池"
    assert {x["doc"] for x in pem["sources"]} >= {REFERENCE_DOC, "004_b7a623a748988760"}
    # 青岛's own plan (004) names the membrane: planned, with its sentence; 加注 is named nowhere.
    assert pem["status"] == "planned" and {e["doc"] for e in pem["plan_evidence"]} == {"004_b7a623a748988760"}
    assert next(s for s in body["segments"] if s["name"] == "加注")["status"] == "missing"
    # The two hydrogen projects: listed once each, in a segment or in the chain-level bucket, cited.
    projects = [p for s in body["segments"] for p in s["projects"]] + body["unassigned"]["projects"]
    mine = {"青岛美锦氢能科技生态园项目", "青岛德润 FCP 氢能源设备项目"}
    assert mine <= {p["name"] for p in projects} and len(projects) == len({p["id"] for p in projects})
    assert all(p["evidence"] for p in projects)
    # The province's designations of 青岛, and the sister cities of the 鲁氢经济带.
    roles = {d["role"] for r in body["designations"] for d in r["designations"]}
    assert "鲁氢经济带" in roles and {r["name"] for r in body["designations"]} == {"青岛市"}
    assert {"济南市", "淄博市", "潍坊市", "济宁市", "聊城市"} <= {r["name"] for r in body["rivals"]}
    assert all(r["evidence"] for r in body["rivals"] + body["designations"])
    # Targets of the province by year; alignment: designated for 氢能 and the city's plan names it.
    assert {(t["year"], t["scope"]) for t in body["targets"]} >= {(2022, "higher"), (2025, "higher")}
    assert body["alignment"]["own_plans"] and [a["chain"] for a in body["alignment"]["aligned"]] == ["氢能"]
    assert body["counts"]["segments"] == len(names)


@pytest.mark.skipif(not SHANGHAI.exists(), reason="the Shanghai corpus is not beside the repo")
def test_district_of_a_municipality(client: TestClient) -> None:
    body = gap(client, "闵行区", "商业航天")
    assert body["city"]["name"] == "闵行区" and body["chain"]["name"] == "航天技术"
    names = {s["name"] for s in body["segments"]}
    assert {"运载火箭", "卫星制造", "发射服务", "地面设备"} <= names
    assert not names & {"生活", "经济", "治理"}  # a list's areas of use are no links
    check_cited(body)
    assert {r["name"] for r in body["designations"]} == {"闵行区"}
    assert {"浦东新区", "松江区"} <= {r["name"] for r in body["rivals"]}
    # The municipality's plan is the higher document; 闵行 has no plan of its own: unknown, not "no".
    assert body["city_plan_names_chain"] is None and not body["alignment"]["own_plans"]
    assert all(t["scope"] == "higher" for t in body["targets"]) and body["targets"]


def _fixture_facts(city_code: str) -> DocumentFacts:
    """A made-up plan: a 加氢站 project and a 电解水制氢 enterprise serving 氢能 in a city, and a
    fuel-cell project serving 燃料电池 directly."""
    doc = "fixture_gap_rules"
    facts = DocumentFacts(Node(Label.DOCUMENT, doc, "测试规划", props={"sha256": "x", "title": "测试规划"}))
    chain = entity_id(Label.CHAIN, "氢能")
    cell = entity_id(Label.CHAIN, "燃料电池")
    region = f"region:{city_code}"
    facts.nodes += [
        Node(Label.CHAIN, chain, "氢能", ("氢能",)),
        Node(Label.CHAIN, cell, "燃料电池", ("燃料电池",)),
        Node(Label.REGION, region, "测试城", ("测试城",), {"level": "city", "code": city_code}),
    ]
    carriers = [
        (Label.PROJECT, "测试城综合加氢站示范项目", chain),
        (Label.ENTERPRISE, "测试城电解水制氢装备公司", chain),
        (Label.PROJECT, "测试城电堆生产线项目", cell),
        (Label.PROJECT, "测试城氢能科技园", chain),
    ]
    for i, (label, name, target) in enumerate(carriers, 1):
        sid = content_id(Label.SENTENCE, doc, i)
        facts.sentences.append(SentenceRecord(sid, doc, i, i, i * 40, i * 40 + 30, name, name))
        nid = entity_id(label, name)
        facts.nodes.append(Node(label, nid, name, (name,)))
        kind = Rel.SERVES if label is Label.PROJECT else Rel.IN_CHAIN
        facts.relations += [
            Relation(kind, nid, target, (sid,)),
            Relation(Rel.LOCATED_IN, nid, region, (sid,)),
        ]
    return facts


def test_segment_rules_on_a_made_up_plan(client: TestClient, driver: neo4j.Driver) -> None:
    code = "990100"  # no real division: the fixture's own city
    load_document(driver, _fixture_facts(code))
    try:
        body = gap(client, "测试城", "氢能")
        seg = {s["name"]: s for s in body["segments"]}
        assert [(p["name"], p["via"]) for p in seg["加注"]["projects"]] == [
            ("测试城综合加氢站示范项目", "name")
        ]
        assert [e["name"] for e in seg["制氢"]["enterprises"]] == ["测试城电解水制氢装备公司"]
        # 电堆 in a name is the 电堆 link (under 燃料电池), though the project serves 燃料电池 itself:
        # the served chain decides first.
        assert [(p["name"], p["via"]) for p in seg["燃料电池"]["projects"]] == [
            ("测试城电堆生产线项目", "chain")
        ]
        assert seg["加注"]["status"] == "covered" and seg["储运"]["status"] == "missing"
        assert [p["name"] for p in body["unassigned"]["projects"]] == ["测试城氢能科技园"]
        assert body["city_plan_names_chain"] is None
        check_cited(body)
    finally:
        delete_document(driver, "fixture_gap_rules")


def test_unknown_names_are_404_with_suggestions(client: TestClient) -> None:
    r = client.get(f"{API}/gaps", params={"city": "青岛", "chain": "氢能源汽车配件"})
    assert r.status_code == 404 and "detail" in r.json()
    r = client.get(f"{API}/gaps", params={"city": "青岛x", "chain": "氢能"})
    assert r.status_code == 404


def test_ask_understands_gap_questions(client: TestClient) -> None:
    for q in ("青岛氢能产业链还缺哪些环节？", "青岛的氢能产业链缺哪些环节？"):
        body = client.post(f"{API}/ask", json={"question": q}).json()
        assert body["intent"] == "gaps" and body["params"] == {"city": "青岛市", "chain": "氢能"}
        assert "缺" in body["answer"] and body["items"]


def test_reference_map_reloads_unchanged(driver: neo4j.Driver, client: TestClient) -> None:
    assert load_document(driver, reference_facts()).status == "unchanged"


def _pairs(driver: neo4j.Driver) -> list[tuple[str, str]]:
    """Every city (or district) the corpus locates or designates something in, × every top-level
    chain (no parent in any plan) that something serves or is designated for."""
    cities = driver.execute_query(
        "MATCH (r:Region) WHERE r.level IN ['city', 'district'] AND (EXISTS { ()-[:LOCATED_IN]->(r) } "
        "OR EXISTS { (r)-[:DESIGNATED_FOR]->() }) RETURN r.name AS n ORDER BY n"
    ).records
    chains = driver.execute_query(
        "MATCH (c:Chain) WHERE NOT EXISTS { (c)-[:SUBCHAIN_OF|SEGMENT_OF]->() } "
        "AND EXISTS { (:Chain)-[:SUBCHAIN_OF*0..8]->(c)<-[:SERVES|IN_CHAIN|DESIGNATED_FOR]-() } "
        "RETURN c.name AS n ORDER BY n"
    ).records
    return [(str(c["n"]), str(h["n"])) for c in cities for h in chains]


def test_counts_agree_with_projects_and_regions(client: TestClient, driver: neo4j.Driver) -> None:
    pairs = _pairs(driver)
    assert len(pairs) > 50
    for city, chain in pairs:
        body = queries.gaps(driver, city=city, chain=chain)
        listed = [c for s in body.segments for c in (*s.projects, *s.enterprises, *s.platforms, *s.bases)]
        u = body.unassigned
        listed += [*u.projects, *u.enterprises, *u.platforms, *u.bases]
        assert len(listed) == len({c.id for c in listed}) == body.counts["carriers"], (city, chain)
        kinds = [Label.PROJECT, Label.ENTERPRISE, Label.PLATFORM, Label.BASE]
        expected = {p.id for p in queries.projects(driver, city=city, chain=chain, kinds=kinds)}
        assert expected <= {c.id for c in listed}, (city, chain)
        segs = [chain, *(s.name for s in body.segments if s.kind == "Chain")]
        allowed = {
            p.id for name in segs for p in queries.projects(driver, city=city, chain=name, kinds=kinds)
        }
        assert {c.id for c in listed} <= allowed, (city, chain)
        designated = {r.id for r in queries.regions(driver, chain=chain)}
        rivals = {r.id for r in body.rivals}
        mine = {r.id for r in body.designations}
        assert rivals | mine <= {r.id for name in segs for r in queries.regions(driver, chain=name)}
        inside = {r.id for r in queries.regions(driver, chain=chain, region=city)}
        assert designated - inside <= rivals, (city, chain)
        for seg in body.segments:
            assert seg.covered == (seg.status == "covered")
