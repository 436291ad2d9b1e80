"""Reads that take their candidates from an index or an expansion instead of every node
(benchmarks/notes/perf-reads.md) must still find each kind of match the full scan found."""

from __future__ import annotations

import neo4j
import pytest

from graph import queries

pytestmark = pytest.mark.neo4j

# A chain and a project sharing the key 氢能 (the project's alias), a project only a Project holds
# the key of, a document whose sentences mention one chain and whose SERVES touches another, and
# one that only a relationship names.
_GRAPH = """
CREATE (d:Document {id: 'doc1', title: 'T'})
CREATE (:Document {id: 'doc2', title: 'U'})
CREATE (s1:Sentence {id: 's1', doc: 'doc1', line: 1, quote: '氢能', text: '氢能'})-[:IN]->(d)
CREATE (s2:Sentence {id: 's2', doc: 'doc1', line: 2, quote: '甲项目', text: '甲项目'})-[:IN]->(d)
CREATE (h:Chain {id: 'chain:氢能', name: '氢能', keys: ['氢能']})
CREATE (g:Chain {id: 'chain:光伏', name: '光伏', keys: ['光伏']})
CREATE (o:Chain {id: 'chain:其他', name: '其他', keys: ['其他']})
CREATE (p:Project {id: 'project:甲项目', name: '甲项目', keys: ['甲项目', '氢能']})
CREATE (q:Project {id: 'project:乙项目', name: '乙项目', keys: ['乙项目']})
CREATE (s1)-[:MENTIONS]->(h)
CREATE (q)-[:SERVES {doc: 'doc1', sentences: ['s2']}]->(g)
CREATE (p)-[:SERVES {doc: 'doc2', sentences: []}]->(o)
"""


@pytest.fixture
def graph(clean_graph: neo4j.Driver) -> neo4j.Driver:
    clean_graph.execute_query(_GRAPH)
    return clean_graph


def test_resolve_any_prefers_a_chain_and_still_finds_a_key_only_a_project_holds(graph: neo4j.Driver) -> None:
    assert queries.resolve_any(graph, "氢能").id == "chain:氢能"
    assert queries.resolve_any(graph, "乙项目").id == "project:乙项目"


def test_chains_of_a_document_by_mention_and_by_relationship(graph: neo4j.Driver) -> None:
    assert {c.name for c in queries.chains(graph, doc="doc1")} == {"氢能", "光伏"}


def test_projects_of_a_document_by_relationship_only(graph: neo4j.Driver) -> None:
    assert [p.name for p in queries.projects(graph, doc="doc1")] == ["乙项目"]
    assert [p.name for p in queries.projects(graph, doc="doc2")] == ["甲项目"]


def test_search_and_graph_focus_over_labels(graph: neo4j.Driver) -> None:
    assert [(r.kind, r.name) for r in queries.search(graph, "氢能")] == [
        ("Chain", "氢能"),
        ("Project", "甲项目"),
    ]
    view = queries.graph(graph, focus="乙项目")
    assert [n.id for n in view.nodes] == ["project:乙项目", "chain:光伏"]
