"""graph.load: pure row mapping, and loading/replacing/deleting against the real Neo4j."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from core.model import (
    DocumentFacts,
    Label,
    Mention,
    Node,
    Rel,
    Relation,
    SentenceRecord,
    content_id,
    entity_id,
)
from graph import writes
from graph.load import delete_document, graph_counts, load_document, rows_for


def make_facts(
    doc: str, *, sha: str = "v1", projects: tuple[str, ...] = ("甲市氢能项目",), n_extra: int = 0
) -> DocumentFacts:
    """A small document: one sentence per project, each serving 氢能 and located in 甲市."""
    facts = DocumentFacts(
        document=Node(Label.DOCUMENT, doc, f"{doc} 标题", props={"sha256": sha, "title": doc})
    )
    chain = Node(Label.CHAIN, entity_id(Label.CHAIN, "氢能"), "氢能", ("氢能源",))
    region = Node(
        Label.REGION, entity_id(Label.REGION, "999901"), "甲市", ("甲",), {"code": "999901", "level": "city"}
    )
    facts.nodes += [chain, region]
    names = list(projects) + [f"{doc}附加项目{i}" for i in range(n_extra)]
    for i, name in enumerate(names):
        sid = content_id(Label.SENTENCE, doc, i)
        facts.sentences.append(SentenceRecord(sid, doc, i + 1, i + 1, i * 10, i * 10 + 9, name, name))
        pid = entity_id(Label.PROJECT, name)
        facts.nodes.append(Node(Label.PROJECT, pid, name, props={"kind": "project"}))
        facts.relations += [
            Relation(Rel.SERVES, pid, chain.id, (sid,), {"via": "box"}),
            Relation(Rel.LOCATED_IN, pid, region.id, (sid,), {"via": "name"}),
        ]
        facts.mentions += [Mention(sid, pid), Mention(sid, chain.id)]
    return facts


def snapshot(driver: Driver) -> tuple[list[Any], list[Any]]:
    with driver.session() as s:
        nodes = sorted(
            (sorted(r["labels"]), sorted((k, repr(v)) for k, v in r["props"].items()))
            for r in s.run("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
        )
        rels = sorted(
            (r["a"], r["t"], r["b"], sorted((k, repr(v)) for k, v in r["props"].items()))
            for r in s.run(
                "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS props"
            )
        )
    return nodes, rels


def test_rows_for_merges_duplicates_and_counts() -> None:
    facts = make_facts("d1")
    facts.nodes.append(Node(Label.CHAIN, entity_id(Label.CHAIN, "氢能"), "氢能", ("氢能产业",)))
    facts.relations.append(facts.relations[0])
    plan = rows_for(facts)
    chains = plan.nodes[Label.CHAIN]
    assert len(chains) == 1
    assert chains[0]["props"]["aliases"] == ["氢能", "氢能产业", "氢能源"]  # name first, rest sorted
    assert plan.rel_counts["SERVES"] == 1
    assert plan.node_counts["Project"] == 1


def test_rows_for_rejects_dangling_and_mislabelled() -> None:
    facts = make_facts("d1")
    facts.relations.append(Relation(Rel.SERVES, "project:nowhere", entity_id(Label.CHAIN, "氢能"), ()))
    with pytest.raises(ValueError, match="not among the facts"):
        rows_for(facts)
    facts = make_facts("d1")
    facts.nodes.append(Node(Label.PROJECT, "chain:假的", "x"))
    with pytest.raises(ValueError, match="id prefix"):
        rows_for(facts)


@pytest.mark.neo4j
def test_load_twice_is_identical(clean_graph: Driver) -> None:
    first = load_document(clean_graph, make_facts("d1"))
    assert first.status == "loaded"
    before = snapshot(clean_graph)
    assert load_document(clean_graph, make_facts("d1")).status == "unchanged"
    assert snapshot(clean_graph) == before
    assert load_document(clean_graph, make_facts("d1"), force=True).status == "replaced"
    assert snapshot(clean_graph) == before


@pytest.mark.neo4j
def test_many_slices_write_the_same_graph(clean_graph: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    # Whole: the entities and relationships in one statement, ends by position in the list of the
    # entities' nodes and the sentences'. Sliced: each slice's relationship rows name their ends by
    # position in that slice's own $eids.
    wholes: list[str] = []
    whole_write = writes._write_whole
    monkeypatch.setattr(
        writes,
        "_write_whole",
        lambda tx, plan, *a: (wholes.append(plan.document["id"]), whole_write(tx, plan, *a)),
    )
    facts = make_facts("d1", n_extra=7)
    load_document(clean_graph, facts, relink=False)
    whole = snapshot(clean_graph)
    assert wholes == ["d1"] and delete_document(clean_graph, "d1", relink=False)
    monkeypatch.setattr(writes, "BATCH_SIZE", 3)
    load_document(clean_graph, facts, relink=False)
    assert snapshot(clean_graph) == whole and wholes == ["d1"]


@pytest.mark.neo4j
def test_quote_is_stored_only_where_it_differs_from_the_text(clean_graph: Driver) -> None:
    facts = make_facts("d1", projects=("甲市氢能项目", "乙市氢能项目"))
    first = facts.sentences[0]
    facts.sentences[0] = replace(first, quote=first.text + " ")  # verbatim: with the line's space
    load_document(clean_graph, facts, relink=False)
    records, _, _ = clean_graph.execute_query(
        "MATCH (s:Sentence) RETURN s.line AS line, s.quote AS quote ORDER BY line"
    )
    assert [r["quote"] for r in records] == [first.text + " ", None]


@pytest.mark.neo4j
def test_same_text_read_differently_is_replaced(clean_graph: Driver) -> None:
    # The same file (same sha256) read by an upgraded extractor: other facts, so it is replaced.
    assert load_document(clean_graph, make_facts("d1")).status == "loaded"
    upgraded = make_facts("d1", projects=("甲市氢能项目", "甲市新识别的项目"))
    assert upgraded.document.props["sha256"] == make_facts("d1").document.props["sha256"]
    assert load_document(clean_graph, upgraded).status == "replaced"
    assert load_document(clean_graph, upgraded).status == "unchanged"
    names = {r["n"] for r in clean_graph.execute_query("MATCH (p:Project) RETURN p.name AS n").records}
    assert names == {"甲市氢能项目", "甲市新识别的项目"}


@pytest.mark.neo4j
def test_changed_document_replaces_only_its_facts(clean_graph: Driver) -> None:
    load_document(clean_graph, make_facts("d1", projects=("甲市氢能项目", "甲市旧项目")))
    load_document(clean_graph, make_facts("d2", projects=("甲市氢能项目",)))
    with clean_graph.session() as s:
        d2_before = s.run("MATCH ()-[r {doc: 'd2'}]->() RETURN count(r) AS n").single()["n"]
    load_document(clean_graph, make_facts("d1", sha="v2", projects=("甲市新项目",)))
    with clean_graph.session() as s:
        names = {r["n"] for r in s.run("MATCH (p:Project) RETURN p.name AS n")}
        d2_after = s.run("MATCH ()-[r {doc: 'd2'}]->() RETURN count(r) AS n").single()["n"]
    assert names == {"甲市氢能项目", "甲市新项目"}  # 旧项目 had only d1's evidence: gone
    assert d2_after == d2_before


@pytest.mark.neo4j
def test_delete_removes_document_keeps_shared(clean_graph: Driver) -> None:
    load_document(clean_graph, make_facts("d1", projects=("甲市氢能项目", "只在d1的项目")))
    load_document(clean_graph, make_facts("d2", projects=("甲市氢能项目",)))
    assert delete_document(clean_graph, "d1")
    assert not delete_document(clean_graph, "d1")
    with clean_graph.session() as s:
        assert s.run("MATCH (n {doc: 'd1'}) RETURN count(n) AS n").single()["n"] == 0
        assert s.run("MATCH ()-[r {doc: 'd1'}]->() RETURN count(r) AS n").single()["n"] == 0
        assert s.run("MATCH (d:Document {id: 'd1'}) RETURN count(d) AS n").single()["n"] == 0
        names = {r["n"] for r in s.run("MATCH (p:Project) RETURN p.name AS n")}
    assert names == {"甲市氢能项目"}
    nodes, _ = graph_counts(clean_graph)
    assert nodes["Chain"] == 1 and nodes["Region"] == 1


_LOADER = """
import sys
from graph.db import open_driver
from core.settings import Settings
from graph.load import load_document
sys.path.insert(0, {tests!r})
from tests.graph.test_load import make_facts
settings = Settings.from_env()
with open_driver(settings) as driver:
    print("loading", flush=True)
    load_document(driver, make_facts("big", n_extra=9000))
print("done", flush=True)
"""


@pytest.mark.neo4j
def test_killed_ingest_leaves_all_or_nothing(clean_graph: Driver, neo4j_server: Any) -> None:
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
        "POLICYKG_LOAD_BATCH_DELAY": "0.5",
    }
    code = _LOADER.format(tests=str(Path(__file__).parent))
    with subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "loading"
        time.sleep(2.0)  # inside the transaction: some batches written, not committed
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL
    time.sleep(1.0)  # let the server notice the dropped connection and roll back
    with clean_graph.session() as s:
        assert s.run("MATCH (n) RETURN count(n) AS n").single()["n"] == 0
    load_document(clean_graph, make_facts("big", n_extra=9000))
    with clean_graph.session() as s:
        assert s.run("MATCH (p:Project) RETURN count(p) AS n").single()["n"] == 9001
