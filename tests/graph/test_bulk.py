"""graph.bulk and graph.link.relink_graph against the real Neo4j: concurrent loading gives the
same graph as loading one document at a time, replacements run alone, cross-document locations
are recomputed after the documents' own transactions, and the CLI exposes both."""

from __future__ import annotations

import gc
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace
from typing import Any

import pytest
from neo4j import Driver

from api.cli import main
from core.model import DocumentFacts
from graph.bulk import GC_THRESHOLD, SWITCH_INTERVAL, BulkLoader
from graph.link import relink_graph
from graph.load import delete_document, load_document, rows_for
from graph.writes import write_plan
from ingest.pipeline import facts_from_file, facts_from_text
from ingest.reader import read_document
from tests import corpus
from tests.graph.test_load import make_facts, snapshot

SEEDS = corpus.ROOT / "seeds"
PROVINCE_PLAN = SEEDS / "000_13d8c6c333fd099f.txt"
LOCATING_PLAN = SEEDS / "003_103a7a8c5cb7a5b9.txt"  # writes 烟台东方航天港; 000 names no city

DERIVED = """
MATCH (p)-[l:LOCATED_IN {derived: true}]->(r:Region)
RETURN p.name AS name, r.name AS region, l.doc AS doc, l.sentences AS sentences ORDER BY name
"""


@pytest.fixture(scope="module")
def corpus() -> list[DocumentFacts]:
    """The seeds, and each seed once more under another id: 10 documents sharing most entities."""
    seeds = [facts_from_file(p) for p in sorted(SEEDS.glob("*.txt"))]
    copies = []
    for path in sorted(SEEDS.glob("*.txt")):
        meta = read_document(path, SEEDS / "manifest.toml").meta
        copies.append(
            facts_from_text(f"{path.stem}-copy", path.read_bytes(), replace(meta, id=f"{path.stem}-copy"))
        )
    return seeds + copies


def bulk_load(driver: Driver, docs: list[DocumentFacts], *, workers: int, force: bool = False) -> list[str]:
    with BulkLoader(driver, workers=workers, force=force) as loader:
        futures = [loader.submit(facts) for facts in docs]
    return [f.result().status for f in futures]


@pytest.mark.neo4j
def test_concurrent_load_equals_one_document_at_a_time(
    clean_graph: Driver, corpus: list[DocumentFacts]
) -> None:
    for facts in corpus:
        load_document(clean_graph, facts)  # one transaction each, relink after each
    expected = snapshot(clean_graph)
    assert any(r[1] == "LOCATED_IN" and ("derived", "True") in r[3] for r in expected[1])

    clean_graph.execute_query("MATCH (n) DETACH DELETE n")
    assert bulk_load(clean_graph, corpus, workers=2) == ["loaded"] * len(corpus)
    assert snapshot(clean_graph) == expected

    # A second run changes nothing; forced, every document is replaced (one at a time) and the
    # graph is the same again.
    assert bulk_load(clean_graph, corpus, workers=2) == ["unchanged"] * len(corpus)
    assert bulk_load(clean_graph, corpus, workers=2, force=True) == ["replaced"] * len(corpus)
    assert snapshot(clean_graph) == expected


@pytest.mark.neo4j
def test_same_document_twice_in_one_run_keeps_the_order(clean_graph: Driver) -> None:
    doc = read_document(PROVINCE_PLAN, SEEDS / "manifest.toml")
    original = facts_from_file(PROVINCE_PLAN)
    text = PROVINCE_PLAN.read_text(encoding="utf-8").replace("青岛美锦氢能科技生态园项目", "青岛某某氢能项目")
    changed = facts_from_text(doc.meta.id, text, doc.meta)
    assert bulk_load(clean_graph, [original, changed, original], workers=2) == [
        "loaded",
        "replaced",
        "replaced",
    ]
    names = {r["n"] for r in clean_graph.execute_query("MATCH (p:Project) RETURN p.name AS n").records}
    assert "青岛美锦氢能科技生态园项目" in names and "青岛某某氢能项目" not in names


@pytest.mark.neo4j
def test_cross_document_locations_are_recomputed_after_the_transactions(clean_graph: Driver) -> None:
    for path in (PROVINCE_PLAN, LOCATING_PLAN):
        load_document(clean_graph, facts_from_file(path), relink=False)
    assert clean_graph.execute_query(DERIVED).records == []  # not inside the documents' transactions
    assert relink_graph(clean_graph) >= 1
    rows = clean_graph.execute_query(DERIVED).records
    assert ("东方航天港重大工程项目", "烟台市", LOCATING_PLAN.stem) in [
        (r["name"], r["region"], r["doc"]) for r in rows
    ]

    # Replacing the locating document drops every derived edge inside its own transaction, so that
    # none cites a sentence that is gone; the recomputation brings them back from the new text.
    doc = read_document(LOCATING_PLAN, SEEDS / "manifest.toml")
    text = LOCATING_PLAN.read_text(encoding="utf-8") + "\n附：本方案由各市组织实施。\n"
    assert (
        load_document(clean_graph, facts_from_text(doc.meta.id, text, doc.meta), relink=False).status
        == "replaced"
    )
    assert clean_graph.execute_query(DERIVED).records == []
    relink_graph(clean_graph)
    after = clean_graph.execute_query(DERIVED).records
    assert [(r["name"], r["region"]) for r in after] == [(r["name"], r["region"]) for r in rows]
    cited = {s for r in after for s in r["sentences"]}
    found = clean_graph.execute_query(
        "MATCH (s:Sentence) WHERE s.id IN $ids RETURN count(s) AS n", ids=list(cited)
    )
    assert found.records[0]["n"] == len(cited)  # every cited sentence exists


@pytest.mark.neo4j
def test_cli_workers_and_relink(cli_env: Driver, capsys: pytest.CaptureFixture[str]) -> None:
    files = [str(PROVINCE_PLAN), str(LOCATING_PLAN)]
    assert main(["ingest", *files, "--quiet", "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "cross-document locations (whole graph): " in out
    one_by_one = snapshot(cli_env)

    cli_env.execute_query("MATCH (n) DETACH DELETE n")
    assert main(["ingest", *files, "--quiet"]) == 0  # default: two workers
    capsys.readouterr()
    assert snapshot(cli_env) == one_by_one

    # A run killed between a document's commit and the recomputation: `policykg relink` repairs it.
    cli_env.execute_query("MATCH ()-[l:LOCATED_IN {derived: true}]->() DELETE l")
    assert main(["relink"]) == 0
    assert "cross-document location(s)" in capsys.readouterr().out
    assert snapshot(cli_env) == one_by_one


def test_cli_rejects_a_bad_worker_count(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["ingest", "seeds", "--workers", "0"])
    assert exc.value.code == 2
    assert "--workers: expected a whole number of at least 1, got '0'" in capsys.readouterr().err


def test_loader_rejects_zero_workers() -> None:
    with pytest.raises(ValueError, match="at least 1"):
        BulkLoader(None, workers=0)  # type: ignore[arg-type]


def test_loader_passes_the_interpreter_lock_more_often_and_collects_less_often_while_open_only(
    clean_graph: Driver,
) -> None:
    before, gc_before = sys.getswitchinterval(), gc.get_threshold()
    assert before > SWITCH_INTERVAL  # Python's default, 5 ms
    assert gc_before[0] < GC_THRESHOLD  # Python's default, 700
    with BulkLoader(clean_graph) as loader:
        assert sys.getswitchinterval() == SWITCH_INTERVAL
        assert gc.get_threshold() == (GC_THRESHOLD, *gc_before[1:])
        loader.submit(make_facts("switch"))
    assert (sys.getswitchinterval(), gc.get_threshold()) == (before, gc_before)
    with pytest.raises(RuntimeError, match="stop"), BulkLoader(clean_graph):
        assert sys.getswitchinterval() == SWITCH_INTERVAL
        assert gc.get_threshold()[0] == GC_THRESHOLD
        raise RuntimeError("stop")
    assert (sys.getswitchinterval(), gc.get_threshold()) == (before, gc_before)


_FACT_COUNTS = """
MATCH (d:Document {id: $doc})
RETURN COUNT { MATCH (s:Sentence {doc: $doc}) } AS sentences,
       COUNT { MATCH (:Sentence {doc: $doc})-[m:MENTIONS]->() } AS mentions,
       COUNT { MATCH ()-[r]->() WHERE r.doc = $doc AND r.derived IS NULL } AS facts
"""


@pytest.mark.neo4j
def test_killed_ingest_run_leaves_whole_documents_and_a_rerun_completes(
    cli_env: Driver, neo4j_server: Any
) -> None:
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user}
    env |= {"NEO4J_PASSWORD": neo4j_server.password, "POLICYKG_LOAD_BATCH_DELAY": "0.5"}
    cmd = [sys.executable, "-m", "api.cli", "ingest", str(SEEDS), "--quiet"]
    with subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as proc:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:  # kill as soon as the first document has committed
            if cli_env.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]:
                break
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    time.sleep(1.0)  # let the server notice the dropped connections and roll back
    loaded = [r["id"] for r in cli_env.execute_query("MATCH (d:Document) RETURN d.id AS id").records]
    assert 1 <= len(loaded) < 5, loaded  # killed mid-run
    for path in sorted(SEEDS.glob("*.txt")):
        plan = rows_for(facts_from_file(path))
        counts = cli_env.execute_query(_FACT_COUNTS, doc=path.stem).records
        if path.stem not in loaded:
            assert counts == []
            left = cli_env.execute_query("MATCH (s:Sentence {doc: $doc}) RETURN count(s) AS n", doc=path.stem)
            assert left.records[0]["n"] == 0  # nothing of an uncommitted document
            continue
        facts = sum(n for rel, n in plan.rel_counts.items() if rel not in ("IN", "MENTIONS"))
        assert dict(counts[0]) == {
            "sentences": len(plan.sentences),
            "mentions": plan.rel_counts["MENTIONS"],
            "facts": facts,
        }

    assert main(["ingest", str(SEEDS), "--quiet", "--workers", "1"]) == 0
    rerun = snapshot(cli_env)
    cli_env.execute_query("MATCH (n) DETACH DELETE n")
    assert main(["ingest", str(SEEDS), "--quiet"]) == 0
    assert snapshot(cli_env) == rerun  # the re-run completed to the same graph as a clean run


@pytest.mark.neo4j
def test_orphan_check_waits_for_a_concurrent_load_adding_evidence(clean_graph: Driver) -> None:
    load_document(clean_graph, make_facts("d1", projects=("甲市氢能项目",)))
    # d2 names the same project; its transaction is open (entities MERGEd, facts written) when d1
    # is deleted. d1's orphan check must see d2's facts once d2 commits, not delete the project
    # and d2's relationships with it.
    session = clean_graph.session()
    tx = session.begin_transaction()
    write_plan(tx, rows_for(make_facts("d2", projects=("甲市氢能项目",))))
    deleting = threading.Thread(target=delete_document, args=(clean_graph, "d1"))
    deleting.start()
    time.sleep(1.0)
    assert deleting.is_alive()  # waiting for the project's lock
    tx.commit()
    session.close()
    deleting.join(timeout=30)
    rows = clean_graph.execute_query(
        "MATCH (p:Project {name: '甲市氢能项目'})-[s:SERVES]->() RETURN s.doc AS doc"
    ).records
    assert [r["doc"] for r in rows] == ["d2"]


@pytest.mark.neo4j
def test_relink_in_batches_writes_the_same_edges_and_repeats_idempotently(
    clean_graph: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The recomputation writes in batches of its own transactions (the server's transaction memory
    bounds one batch, not the graph): one edge per batch gives what one batch gives, and a second
    run (or two runs one after the other, as two ingest processes would) leaves no duplicate."""
    from graph import link

    for path in sorted(SEEDS.glob("*.txt")):
        load_document(clean_graph, facts_from_file(path), relink=False)
    whole = relink_graph(clean_graph)
    expected = clean_graph.execute_query(DERIVED).records
    assert whole >= 2 and len(expected) == whole
    monkeypatch.setattr(link, "WRITE_BATCH", 1)
    assert relink_graph(clean_graph) == whole
    assert relink_graph(clean_graph) == whole
    assert clean_graph.execute_query(DERIVED).records == expected


@pytest.mark.neo4j
def test_relink_reads_only_names_that_start_like_a_located_core(clean_graph: Driver) -> None:
    """The unlocated names are filtered on the server by their first chars (graph.link: ``left``
    against the located cores' starts). A name in the supplementary planes (two UTF-16 units per
    char) and a key shorter than a start must be filtered as Python's slices filter them."""
    clean_graph.execute_query(
        """
        CREATE (r:Region {id: 'region:370200', name: '青岛市', level: 'city', keys: ['青岛市', '青岛']})
        CREATE (a:Project {id: 'project:a', name: '青岛𠀀𠀁𠀂港', keys: ['青岛𠀀𠀁𠀂港']})
        CREATE (b:Project {id: 'project:b', name: '青岛星河航天港', keys: ['青岛星河航天港']})
        CREATE (a)-[:LOCATED_IN {via: 'name', doc: 'd1', sentences: ['s1']}]->(r)
        CREATE (b)-[:LOCATED_IN {via: 'name', doc: 'd1', sentences: ['s2']}]->(r)
        CREATE (:Project {id: 'project:c', name: '𠀀𠀁𠀂港二期', keys: ['𠀀𠀁𠀂港二期']})
        CREATE (:Project {id: 'project:d', name: '星河航天港工程', keys: ['星河航天港工程']})
        CREATE (:Project {id: 'project:e', name: '星河', keys: ['星河']})
        CREATE (:Project {id: 'project:f', name: '月河航天港', keys: ['月河航天港']})
        """
    )
    assert relink_graph(clean_graph) == 2
    located = clean_graph.execute_query(
        "MATCH (p)-[l:LOCATED_IN {derived: true}]->(r) RETURN p.id AS p, l.by AS by ORDER BY p"
    ).records
    assert [(r["p"], r["by"]) for r in located] == [("project:c", "project:a"), ("project:d", "project:b")]
