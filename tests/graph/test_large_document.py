"""graph.chunked: documents over the row bound, written in several transactions behind a marker.

The bound is an argument, so a document of a few dozen rows stands for a 20 MB one here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver, ManagedTransaction

from core.errors import PolicyKGError
from core.model import DocumentFacts
from graph import chunked
from graph.bulk import load_files
from graph.chunked import CHUNK_ROWS, plan_rows
from graph.load import delete_document, load_document, rows_for
from graph.queries.documents import documents
from tests.graph.test_load import make_facts, snapshot

BOUND = 7  # rows per transaction: the big document below takes about ten


def big() -> DocumentFacts:
    return make_facts("big", projects=("甲市氢能项目",), n_extra=12)


def state(driver: Driver, doc: str) -> dict[str, Any] | None:
    with driver.session() as s:
        record = s.run("MATCH (d:Document {id: $doc}) RETURN properties(d) AS p", doc=doc).single()
    return None if record is None else dict(record["p"])


def count_chunks(monkeypatch: pytest.MonkeyPatch, *, fail_at: int = 0, error: str = "") -> list[int]:
    """Wrap the chunk seam: counts the transactions; the ``fail_at``-th one fails on the server
    (error "server": a statement that raises in Neo4j) or as the process dying ("crash")."""
    calls: list[int] = []
    original: Callable[..., None] = chunked._run_chunk

    def run(tx: ManagedTransaction, statements: list[tuple[str, dict[str, Any]]]) -> None:
        calls.append(sum(len(v) for _, params in statements for v in params.values() if isinstance(v, list)))
        original(tx, statements)
        if len(calls) == fail_at and error == "server":
            tx.run("RETURN 1 / 0 AS x").consume()
        if len(calls) == fail_at and error == "crash":
            raise SystemExit("killed")  # not caught: what a dead process leaves

    monkeypatch.setattr(chunked, "_run_chunk", run)
    return calls


@pytest.mark.neo4j
def test_small_documents_keep_one_transaction(clean_graph: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    calls = count_chunks(monkeypatch)
    facts = big()
    assert plan_rows(rows_for(facts)) < CHUNK_ROWS
    assert load_document(clean_graph, facts).status == "loaded"
    assert load_document(clean_graph, facts, force=True).status == "replaced"
    assert delete_document(clean_graph, "big")
    assert calls == []  # never went through graph.chunked


@pytest.mark.neo4j
def test_chunked_load_writes_what_one_transaction_writes(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_document(clean_graph, make_facts("other"))
    load_document(clean_graph, big())
    expected = snapshot(clean_graph)
    assert delete_document(clean_graph, "big")
    calls = count_chunks(monkeypatch)
    result = load_document(clean_graph, big(), chunk_rows=BOUND)
    assert result.status == "loaded"
    assert len(calls) > 5 and all(n <= BOUND for n in calls)
    assert snapshot(clean_graph) == expected  # marker gone, fingerprint set, the same facts
    props = state(clean_graph, "big")
    assert props is not None and props["facts_sha256"] == rows_for(big()).document["props"]["facts_sha256"]
    assert [d.status for d in documents(clean_graph)] == ["loaded", "loaded"]
    # (d) unchanged facts: skipped, nothing written; forced: replaced, the same graph
    calls.clear()
    assert load_document(clean_graph, big(), chunk_rows=BOUND).status == "unchanged"
    assert calls == []
    assert load_document(clean_graph, big(), chunk_rows=BOUND, force=True).status == "replaced"
    assert snapshot(clean_graph) == expected


@pytest.mark.neo4j
@pytest.mark.parametrize("replacing", [False, True])
def test_failure_midway_removes_everything_it_wrote(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch, replacing: bool
) -> None:
    load_document(clean_graph, make_facts("other"))  # shares the chain and the region
    without = snapshot(clean_graph)
    if replacing:
        load_document(clean_graph, big(), chunk_rows=BOUND)
    count_chunks(monkeypatch, fail_at=4, error="server")
    changed = make_facts("big", sha="v2", n_extra=14)
    with pytest.raises(PolicyKGError) as failure:
        load_document(clean_graph, changed, chunk_rows=BOUND)
    message = str(failure.value)
    assert "big" in message and "transaction 4 of" in message and "removed" in message
    assert failure.value.hint and "ingest the document again" in failure.value.hint
    assert snapshot(clean_graph) == without  # the shared entities stay, nothing of big remains


@pytest.mark.neo4j
def test_interrupted_load_is_shown_as_loading_and_replaced_by_a_reload(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    load_document(clean_graph, big())
    expected = snapshot(clean_graph)
    clean_graph.execute_query("MATCH (n) DETACH DELETE n")
    # A version with two more projects dies after its entities, amid its relationships.
    count_chunks(monkeypatch, fail_at=8, error="crash")
    with pytest.raises(SystemExit):
        load_document(clean_graph, make_facts("big", sha="v0", n_extra=14), chunk_rows=BOUND)
    props = state(clean_graph, "big")
    assert props is not None and props["loading"] is True and "facts_sha256" not in props  # (e)
    assert [(d.id, d.status) for d in documents(clean_graph)] == [("big", "loading")]
    with clean_graph.session() as s:
        assert s.run("MATCH (p:Project) RETURN count(p) AS n").single(strict=True)["n"] == 15
        assert s.run("MATCH (p:Project) WHERE NOT (p)--() RETURN count(p) AS n").single(strict=True)["n"] > 0
    monkeypatch.undo()
    # Re-ingesting it (a small plan, default bound) replaces the partial document in batches.
    assert load_document(clean_graph, big()).status == "replaced"
    assert snapshot(clean_graph) == expected
    assert chunked.leftovers(clean_graph) == []


@pytest.mark.neo4j
def test_ingest_removes_stale_leftovers_and_reports_running_ones(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    load_document(clean_graph, make_facts("other"))
    without = snapshot(clean_graph)
    for doc in ("stale", "running"):
        count_chunks(monkeypatch, fail_at=3, error="crash")
        with pytest.raises(SystemExit):
            load_document(clean_graph, make_facts(doc, n_extra=12), chunk_rows=BOUND)
        monkeypatch.undo()
    clean_graph.execute_query(
        "MATCH (d:Document {id: 'stale'}) SET d.loading_at = timestamp() - $age", age=10**9
    )
    paths = [tmp_path / "other.txt"]
    report = load_files(clean_graph, paths, lambda _: make_facts("other"), chunk_rows=BOUND)
    assert [x.doc_id for x in report.cleaned] == ["stale"]
    assert [x.doc_id for x in report.running] == ["running"]  # may still be writing: left alone
    assert [r.status for r in report.results] == ["unchanged"]
    clean_graph.execute_query("MATCH (d:Document {id: 'running'}) SET d.loading_at = 0")
    report = load_files(clean_graph, [], lambda _: make_facts("other"))
    assert [x.doc_id for x in report.cleaned] == ["running"] and report.running == []
    assert snapshot(clean_graph) == without


@pytest.mark.neo4j
def test_delete_of_a_large_document_is_batched(clean_graph: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    load_document(clean_graph, make_facts("other"))
    without = snapshot(clean_graph)
    load_document(clean_graph, big(), chunk_rows=BOUND)
    batches: list[str] = []
    original = chunked.remove_facts

    def remove(driver: Driver, doc_id: str, **kw: Any) -> set[str]:
        batches.append(doc_id)
        return original(driver, doc_id, **kw)

    monkeypatch.setattr(chunked, "remove_facts", remove)
    assert delete_document(clean_graph, "big", chunk_rows=BOUND)
    assert batches == ["big"]
    assert snapshot(clean_graph) == without
    assert not delete_document(clean_graph, "big", chunk_rows=BOUND)


@pytest.mark.neo4j
def test_a_load_taken_over_stops_without_undoing_the_other(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    original = chunked._renew

    def renew(tx: ManagedTransaction, doc_id: str, token: str) -> None:
        calls.append(1)
        if len(calls) == 3:  # the second transaction starts: another load marked it as its own
            clean_graph.execute_query("MATCH (d:Document {id: 'big'}) SET d.load_token = 'other'")
        original(tx, doc_id, token)

    monkeypatch.setattr(chunked, "_renew", renew)
    with pytest.raises(PolicyKGError, match=r"writing transaction 2 of .*took it over"):
        load_document(clean_graph, big(), chunk_rows=BOUND)
    props = state(clean_graph, "big")
    assert props is not None and props["load_token"] == "other"
