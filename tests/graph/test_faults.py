"""Neo4j stopped under load, on a Neo4j server of this module's own (the session's stays up).

- stopped during ``policykg ingest``: every document is complete or absent, the CLI exits non-zero
  with a message naming Neo4j (no traceback), and a re-run completes every document;
- stopped while ``policykg serve`` runs: reads answer 503, /health says ``"neo4j": "down"``, and
  once Neo4j is back the same server process answers 200 again, with no restart.

SIGTERM to ``serve`` during a long extraction is tests/graph/test_bad_input.py
(test_sigterm_stops_serve_during_an_extraction: stopped within 10 s, nothing written).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass

import httpx
import neo4j
import pytest

from core.settings import Settings, private_instance
from graph import runtime
from graph.db import open_driver
from graph.load import rows_for
from graph.schema import apply_schema
from ingest.pipeline import facts_from_file
from tests.served import SEEDS, ingest_command, neo4j_env, serve

pytestmark = pytest.mark.neo4j


@dataclass
class OwnNeo4j:
    settings: Settings  # fixed ports after the first start, so a restart comes back on the same URI
    uri: str

    def env(self, **extra: str) -> dict[str, str]:
        return neo4j_env(self.uri, self.settings.user, self.settings.password, **extra)

    def stop(self) -> None:
        runtime.stop(self.settings)

    def start(self) -> None:
        state = runtime.start(self.settings).state
        assert state.uri == self.uri

    def driver(self) -> neo4j.Driver:
        return open_driver(self.settings)


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[OwnNeo4j]:
    if Settings.from_env().external:
        pytest.fail("the fault tests stop and start a local Neo4j: unset NEO4J_URI")
    settings = private_instance(tmp_path_factory.mktemp("neo4j-faults"))
    state = runtime.start(settings).state
    fixed = settings.with_(bolt_port=state.bolt_port, http_port=state.http_port)
    try:
        with open_driver(fixed) as drv:
            apply_schema(drv)
        yield OwnNeo4j(fixed, state.uri)
    finally:
        runtime.stop(fixed)


_FACT_COUNTS = """
MATCH (d:Document {id: $doc})
RETURN COUNT { MATCH (s:Sentence {doc: $doc}) } AS sentences,
       COUNT { MATCH (:Sentence {doc: $doc})-[m:MENTIONS]->() } AS mentions,
       COUNT { MATCH ()-[r]->() WHERE r.doc = $doc AND r.derived IS NULL } AS facts
"""


def _plans() -> dict[str, dict[str, int]]:
    plans = {}
    for path in sorted(SEEDS.glob("*.txt")):
        plan = rows_for(facts_from_file(path))
        facts = sum(n for rel, n in plan.rel_counts.items() if rel not in ("IN", "MENTIONS"))
        plans[path.stem] = {
            "sentences": len(plan.sentences),
            "mentions": plan.rel_counts["MENTIONS"],
            "facts": facts,
        }
    return plans


def _complete_or_absent(driver: neo4j.Driver, plans: dict[str, dict[str, int]]) -> list[str]:
    """The documents in the graph, each checked complete; the others have nothing left."""
    loaded = []
    for doc, plan in plans.items():
        counts = driver.execute_query(_FACT_COUNTS, doc=doc).records
        if not counts:
            left = driver.execute_query("MATCH (s:Sentence {doc: $doc}) RETURN count(s) AS n", doc=doc)
            assert left.records[0]["n"] == 0, f"{doc}: sentences of an uncommitted document"
            continue
        assert dict(counts[0]) == plan, doc
        loaded.append(doc)
    return loaded


def test_neo4j_stopped_during_an_ingest(own: OwnNeo4j) -> None:
    plans = _plans()
    env = own.env(POLICYKG_LOAD_BATCH_DELAY="0.5")  # transactions long enough to stop one midway
    with own.driver() as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n")
        cmd = ingest_command(SEEDS, workers=1)
        proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and proc.poll() is None:
            if drv.execute_query("MATCH (d:Document) RETURN count(d) AS n").records[0]["n"]:
                break
            time.sleep(0.1)
        assert proc.poll() is None, "the ingest ended before Neo4j could be stopped"
    own.stop()  # the first document committed, the next one's transaction open
    try:
        _, err = proc.communicate(timeout=300)
    finally:
        own.start()
    assert proc.returncode != 0
    assert "Neo4j" in err and "Traceback" not in err, err[-3000:]
    with own.driver() as drv:
        loaded = _complete_or_absent(drv, plans)
        assert 1 <= len(loaded) < len(plans), loaded
        rerun = subprocess.run(
            ingest_command(SEEDS), env=own.env(), capture_output=True, text=True, timeout=600
        )
        assert rerun.returncode == 0, rerun.stderr[-2000:]
        assert sorted(_complete_or_absent(drv, plans)) == sorted(plans)


def test_neo4j_stopped_while_the_api_runs(own: OwnNeo4j) -> None:
    with own.driver() as drv:
        drv.execute_query("MATCH (n) DETACH DELETE n")
    with serve(own.env()) as served, httpx.Client(timeout=60) as http:
        pid = served.proc.pid
        assert http.get(served.url("/health")).json()["neo4j"] == "up"
        own.stop()
        try:
            for path in ("/projects?city=青岛", "/documents", "/chains/氢能"):
                r = http.get(served.url(path))
                assert r.status_code == 503 and "Neo4j" in r.json()["detail"], (path, r.text)
            ask = http.post(served.url("/ask"), json={"question": "青岛有哪些项目？"})
            assert ask.status_code == 503, ask.text
            cy = http.post(served.url("/cypher"), json={"query": "RETURN 1 AS x"})
            assert cy.status_code == 503, cy.text
            health = http.get(served.url("/health"))
            assert health.status_code == 503
            assert health.json()["neo4j"] == "down" and health.json()["status"] == "unavailable"
        finally:
            own.start()
        deadline = time.monotonic() + 60
        while http.get(served.url("/health")).status_code != 200:
            assert time.monotonic() < deadline, "the API did not see Neo4j come back"
            time.sleep(0.5)
        assert http.get(served.url("/documents")).json() == {"items": [], "count": 0}
        assert http.post(served.url("/cypher"), json={"query": "RETURN 1 AS x"}).json()["rows"] == [[1]]
        assert served.proc.poll() is None and served.proc.pid == pid  # the same process throughout
