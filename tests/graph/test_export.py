"""Exports (``policykg export``, ``GET /api/v1/export``) on the five seeds, each format read back:
GraphML through networkx, CSV through the csv module, JSON, the standalone HTML checked offline,
and the Cypher script run into an emptied database giving the same subgraph (last: it leaves the
database without sentences)."""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import networkx as nx
import pytest

from api.app import create_app
from api.cli import main
from api.export import Format, graph_json, render
from api.export.cypher_script import literal, statements
from core.settings import Settings
from graph.load import load_document
from graph.queries.export import subgraph
from ingest.pipeline import discover, facts_from_file
from tests.api_support import ROOT, TestClient
from viz.render import vis_network_js

pytestmark = pytest.mark.neo4j

MEIJIN = "project:青岛美锦氢能科技生态园项目"


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    return driver


@pytest.fixture(scope="module")
def http(seeded: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.defaults(), driver=seeded)) as tc:
        yield tc


def _comparable(data: dict[str, Any]) -> tuple[set[str], set[str]]:
    nodes = {json.dumps([n["id"], n["labels"], n["properties"]], sort_keys=True) for n in data["nodes"]}
    edges = {
        json.dumps([e["source"], e["target"], e["type"], e["properties"]], sort_keys=True, ensure_ascii=False)
        for e in data["edges"]
    }
    return nodes, edges


def test_whole_graph_has_entities_and_cited_edges(seeded: neo4j.Driver) -> None:
    sub = subgraph(seeded)
    kinds = {n.kind for n in sub.nodes}
    assert {"Chain", "Region", "Project", "Target", "Agency"} <= kinds
    assert not kinds & {"Sentence", "Document"}
    serves = [e for e in sub.edges if e.source == MEIJIN and e.type == "SERVES"]
    assert serves and serves[0].evidence[0]["line"] == 218
    assert "青岛美锦氢能科技生态园项目" in serves[0].evidence[0]["quote"]
    assert not sub.truncated


def test_graphml_round_trips_through_networkx(seeded: neo4j.Driver, tmp_path: Path) -> None:
    sub = subgraph(seeded, focus="青岛", depth=2)
    path = tmp_path / "qingdao.graphml"
    path.write_bytes(render(sub, Format.GRAPHML).body)
    g = nx.read_graphml(path)
    assert g.number_of_nodes() == len(sub.nodes) and g.number_of_edges() == len(sub.edges)
    qingdao = g.nodes["region:370200"]
    assert qingdao["label"] == "青岛市" and qingdao["kind"] == "Region" and qingdao["code"] == "370200"
    assert json.loads(qingdao["aliases"])[:2] == ["青岛市", "青岛"]
    # Typed attributes: numbers come back as numbers, flags as booleans.
    targets = [d for _, d in g.nodes(data=True) if d["kind"] == "Target" and "value" in d]
    assert targets and all(isinstance(d["value"], float) for d in targets)
    assert all(isinstance(d["year"], int) for d in targets if "year" in d)
    assert any(isinstance(d.get("year_inherited"), bool) for d in targets)
    edges = [d for u, v, d in g.edges(data=True) if u == MEIJIN and d["type"] == "SERVES"]
    assert edges and json.loads(edges[0]["evidence"])[0]["line"] == 218
    assert "青岛美锦" in edges[0]["evidence_quote"]


def test_csv_tables_round_trip_through_the_csv_module(
    seeded: neo4j.Driver, tmp_path: Path, monkeypatch: Any, neo4j_server: Any
) -> None:
    for key, value in (
        ("NEO4J_URI", neo4j_server.uri),
        ("NEO4J_USER", neo4j_server.user),
        ("NEO4J_PASSWORD", neo4j_server.password),
    ):
        monkeypatch.setenv(key, value)
    assert main(["export", "--format", "csv", "--focus", "氢能", "--depth", "1", "-o", str(tmp_path)]) == 0
    sub = subgraph(seeded, focus="氢能", depth=1)
    with (tmp_path / "nodes.csv").open(encoding="utf-8-sig", newline="") as f:
        nodes = list(csv.DictReader(f))
    with (tmp_path / "edges.csv").open(encoding="utf-8-sig", newline="") as f:
        edges = list(csv.DictReader(f))
    assert [r["id"] for r in nodes] == [n.id for n in sub.nodes]
    assert len(edges) == len(sub.edges)
    assert list(edges[0])[:4] == ["source", "target", "type", "doc"]
    row = next(r for r in edges if r["source"] == MEIJIN and r["type"] == "SERVES")
    assert row["evidence_line"] == "218" and row["evidence_doc"] == "000_13d8c6c333fd099f"
    assert "青岛美锦氢能科技生态园项目" in row["evidence_quote"]
    assert json.loads(row["evidence"])[0]["quote"] == row["evidence_quote"]
    assert json.loads(row["sentences"])  # list properties as JSON text


def test_http_export_formats(http: TestClient) -> None:
    r = http.get("/api/v1/export", params={"format": "csv", "focus": "青岛"})
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert 'filename="policykg-region-370200-csv.zip"' in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        assert sorted(zf.namelist()) == ["edges.csv", "nodes.csv"]
        nodes = list(csv.DictReader(io.StringIO(zf.read("nodes.csv").decode("utf-8-sig"))))
    assert nodes[0]["id"] == "region:370200"
    one = http.get("/api/v1/export", params={"format": "csv", "focus": "青岛", "table": "edges"})
    assert one.headers["content-type"].startswith("text/csv") and one.text.lstrip("\ufeff").startswith(
        "source,"
    )
    data = http.get("/api/v1/export", params={"format": "json", "focus": "青岛", "depth": 2}).json()
    assert data["meta"]["focus"] == "region:370200" and data["meta"]["depth"] == 2
    assert len(data["nodes"]) == data["meta"]["nodes"] > 10
    assert http.get("/api/v1/export", params={"format": "gexf"}).status_code == 422
    missing = http.get("/api/v1/export", params={"format": "json", "focus": "火星市"})
    assert missing.status_code == 404 and "detail" in missing.json()
    assert http.get("/api/v1/export", params={"format": "json", "depth": 9}).status_code == 422


def test_standalone_html_is_made_with_pyvis_and_is_offline(http: TestClient) -> None:
    r = http.get("/api/v1/export", params={"format": "html", "focus": "氢能"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "drawGraph" in page  # pyvis's template
    bundle = vis_network_js()
    assert bundle in page  # our vendored vis-network 10, not pyvis's 9.1.2 from a CDN
    markup = page.replace(bundle, "")
    assert not re.search(r"https?://", markup), re.findall(r"https?://[^\s\"']+", markup)
    assert not re.search(r"""\s(?:src|href)\s*=|@import|url\(""", markup)
    assert "default-src 'none'" in page and "氢能 · policykg 图谱" in page
    nodes = json.loads(re.search(r"nodes = new vis.DataSet\((\[.*?\])\);", page).group(1))  # type: ignore[union-attr]
    assert any(n["id"] == "chain:氢能" and n["borderWidth"] == 4 for n in nodes)
    assert {n["color"]["background"] for n in nodes} >= {"#f4a261", "#64b5f6", "#81c784"}  # our styles


def test_cypher_literals() -> None:
    assert literal("it's a \\ test\n") == "'it\\'s a \\\\ test\\n'"
    assert literal([1, 2.5, True, None]) == "[1, 2.5, true, null]"
    assert literal({"a b": "x"}) == "{`a b`: 'x'}"


def test_cypher_script_recreates_the_subgraph_in_an_empty_database(seeded: neo4j.Driver) -> None:
    # Last in the module: it empties the database.
    for focus, depth in (("青岛", 2), (None, 1)):
        before = subgraph(seeded, focus=focus, depth=depth)
        script = render(before, Format.CYPHER).body.decode("utf-8")
        seeded.execute_query("MATCH (n) DETACH DELETE n")
        with seeded.session() as session:
            for statement in statements(script):
                session.run(statement).consume()  # type: ignore[arg-type]
        after = subgraph(seeded)  # everything in the database now
        assert _comparable(json.loads(render(after, Format.JSON).body)) == _comparable(
            json.loads(render(before, Format.JSON).body)
        )
        assert len(after.nodes) == len(before.nodes) > 10
        assert graph_json(after)["nodes"]
