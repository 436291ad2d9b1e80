"""Applying schema.cypher to a store made by an older version brings its indexes up to date."""

from __future__ import annotations

import pytest
from neo4j import Driver

from graph.schema import apply_schema

_LABELS = "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE name = 'entity_names' RETURN labelsOrTypes"


@pytest.mark.neo4j
def test_fulltext_index_gains_a_new_label(clean_graph: Driver) -> None:
    clean_graph.execute_query("DROP INDEX entity_names IF EXISTS")
    clean_graph.execute_query(  # as created before Technology existed
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Chain|Region|Project) "
        "ON EACH [n.name, n.aliases] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
    )
    apply_schema(clean_graph)
    labels = clean_graph.execute_query(_LABELS).records[0]["labelsOrTypes"]
    assert "Technology" in labels and "Base" in labels
    apply_schema(clean_graph)  # and applying it again changes nothing
    assert clean_graph.execute_query(_LABELS).records[0]["labelsOrTypes"] == labels


@pytest.mark.neo4j
def test_fulltext_index_loses_task_and_target(clean_graph: Driver) -> None:
    clean_graph.execute_query("DROP INDEX entity_names IF EXISTS")
    clean_graph.execute_query(  # as created when it covered every entity label
        "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS "
        "FOR (n:Chain|Region|Project|Agency|Task|Target|Enterprise|Platform|Base|Technology) "
        "ON EACH [n.name, n.aliases] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}}"
    )
    clean_graph.execute_query(
        "CREATE (:Task {id: 'task:1', name: '推进氢能产业发展'}), (:Chain {id: 'chain:氢能', name: '氢能'})"
    )
    apply_schema(clean_graph)
    labels = clean_graph.execute_query(_LABELS).records[0]["labelsOrTypes"]
    assert "Task" not in labels and "Target" not in labels and "Chain" in labels
    found = clean_graph.execute_query(
        "CALL db.index.fulltext.queryNodes('entity_names', '氢能') YIELD node RETURN node.id AS id"
    ).records
    assert [r["id"] for r in found] == ["chain:氢能"]  # the recreated index holds the existing nodes
