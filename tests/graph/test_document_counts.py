"""The document list reads the counts the load stored on each Document (graph.plan._store_counts)
and counts live only for a document loaded before they were stored, or one still loading: both
ways must give the same figures."""

from __future__ import annotations

from pathlib import Path

import neo4j
import pytest

from graph import queries
from graph.load import load_document
from ingest.pipeline import facts_from_file

pytestmark = pytest.mark.neo4j

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _counts(driver: neo4j.Driver) -> dict[str, dict[str, int]]:
    return {d.id: d.counts for d in queries.documents(driver)}


def test_stored_counts_equal_the_live_counts(clean_graph: neo4j.Driver) -> None:
    paths = sorted(p for p in SEEDS.iterdir() if p.suffix == ".txt")[:2]
    assert len(paths) == 2
    for path in paths:
        load_document(clean_graph, facts_from_file(path), relink=False)
    stored = _counts(clean_graph)
    for c in stored.values():
        assert c["sentences"] > 0 and c.get("chains", 0) > 0 and c.get("regions", 0) > 0

    # As a store written before the counts were kept: the list counts the sentences and mentions.
    clean_graph.execute_query("MATCH (d:Document) REMOVE d.count_sentences, d.count_labels, d.count_entities")
    assert _counts(clean_graph) == stored

    # A document still loading is counted live, whatever its stored figures say.
    doc = next(iter(stored))
    clean_graph.execute_query(
        "MATCH (d:Document {id: $doc}) "
        "SET d.count_sentences = 0, d.count_labels = [], d.count_entities = [], d.loading = true",
        doc=doc,
    )
    assert _counts(clean_graph)[doc] == stored[doc]
