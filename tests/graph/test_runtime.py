"""The local Neo4j runtime, the driver factory and the schema, against real servers.

The session server (``neo4j_server``) covers idempotent start, wrong credentials and the schema; a
second instance on a busy preferred port covers port fallback and a stop that leaves no JVM.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

from api.cli import main
from core.errors import ConfigError, RuntimeUnavailable
from core.model import ENTITY_LABELS, Label, Rel
from core.settings import Settings, private_instance
from graph import runtime
from graph.db import open_driver
from graph.schema import apply_schema, statements
from tests import corpus

REPO = corpus.ROOT

local_only = pytest.mark.skipif(bool(os.environ.get("NEO4J_URI")), reason="NEO4J_URI: no local server")


def _processes_of(instance_dir: Path) -> list[int]:
    """Live processes whose command line mentions the instance folder."""
    needle = str(instance_dir).encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if needle in cmdline and state not in ("Z", "X"):
            found.append(int(entry.name))
    return found


# ------------------------------------------------------------------------------ session server


@local_only
@pytest.mark.neo4j
def test_second_start_reports_the_running_server(neo4j_server: Any) -> None:
    again = runtime.start(neo4j_server.settings)
    assert again.already_running
    assert neo4j_server.state is not None
    assert again.state.pid == neo4j_server.state.pid
    assert again.state.uri == neo4j_server.uri
    assert again.seconds < 2
    st = runtime.status(neo4j_server.settings)
    assert st.running and st.state is not None
    assert st.state.version.startswith("5.26.")
    assert st.state.data_dir == str(neo4j_server.settings.instance_dir / "data")


@pytest.mark.neo4j
def test_server_is_real_neo4j_5_26_on_loopback(driver: neo4j.Driver, neo4j_server: Any) -> None:
    assert driver.get_server_info().agent.startswith("Neo4j/5.26.")
    if neo4j_server.state is not None:
        records, _, _ = driver.execute_query(
            "SHOW SETTINGS YIELD name, value WHERE name IN $names RETURN name, value",
            names=["server.bolt.listen_address", "server.http.listen_address", "db.tx_log.preallocate"],
        )
        values = {r["name"]: r["value"] for r in records}
        assert values["server.bolt.listen_address"] == f"127.0.0.1:{neo4j_server.state.bolt_port}"
        assert values["server.http.listen_address"].startswith("127.0.0.1:")
        assert values["db.tx_log.preallocate"] == "false"


@pytest.mark.neo4j
def test_clean_graph_empties_the_database(clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query("CREATE (:Chain {id: 'chain:x', name: 'x'})")
    records, _, _ = clean_graph.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 1


@pytest.mark.neo4j
def test_clean_graph_starts_empty(clean_graph: neo4j.Driver) -> None:
    records, _, _ = clean_graph.execute_query("MATCH (n) RETURN count(n) AS n")
    assert records[0]["n"] == 0


# ------------------------------------------------------------------------------ schema


def _schema_snapshot(driver: neo4j.Driver) -> tuple[list[Any], list[Any]]:
    cons, _, _ = driver.execute_query(
        "SHOW CONSTRAINTS YIELD name, type, labelsOrTypes, properties RETURN * ORDER BY name"
    )
    idx, _, _ = driver.execute_query(
        "SHOW INDEXES YIELD name, type, labelsOrTypes, properties, options, state RETURN * ORDER BY name"
    )
    return [dict(r) for r in cons], [dict(r) for r in idx]


@pytest.mark.neo4j
def test_schema_applied_twice_is_a_no_op(driver: neo4j.Driver) -> None:
    apply_schema(driver)
    before = _schema_snapshot(driver)
    report = apply_schema(driver)
    after = _schema_snapshot(driver)
    assert before == after
    constraints, indexes = after
    unique_ids = {
        (c["labelsOrTypes"][0], tuple(c["properties"])) for c in constraints if c["type"] == "UNIQUENESS"
    }
    assert unique_ids >= {(label.value, ("id",)) for label in Label}
    by_name = {i["name"]: i for i in indexes}
    for label in ENTITY_LABELS:
        assert by_name[f"{label.value.lower()}_name"]["properties"] == ["name"]
    assert by_name["sentence_doc"]["labelsOrTypes"] == ["Sentence"]
    fulltext = by_name["entity_names"]
    assert fulltext["type"] == "FULLTEXT"
    assert fulltext["options"]["indexConfig"]["fulltext.analyzer"] == "cjk"
    # the named entities; Task and Target names are sentences, found through their documents
    named = {label.value for label in ENTITY_LABELS} - {Label.TASK.value, Label.TARGET.value}
    assert set(fulltext["labelsOrTypes"]) == named
    assert all(i["state"] == "ONLINE" for i in indexes)
    # ids, names, fulltext, sentence_doc; task_doc, target_doc and one doc index per fact relationship type
    assert report.statements == len(statements()) == len(Label) + len(ENTITY_LABELS) + 2 + 2 + len(Rel) - 2


@pytest.mark.neo4j
def test_fulltext_index_finds_chinese_names_and_aliases(clean_graph: neo4j.Driver) -> None:
    clean_graph.execute_query(
        "CREATE (:Chain {id: 'chain:氢能产业链', name: '氢能产业链', aliases: ['氢能', '氢能源']}),"
        " (:Region {id: 'region:370100', name: '济南市', aliases: ['泉城']})"
    )
    # the index is eventually consistent: updated just after the commit
    clean_graph.execute_query("CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()")

    def search(q: str) -> list[str]:
        records, _, _ = clean_graph.execute_query(
            "CALL db.index.fulltext.queryNodes('entity_names', $q) YIELD node RETURN node.name AS name", q=q
        )
        return [r["name"] for r in records]

    assert search("氢能") == ["氢能产业链"]
    assert search("济南") == ["济南市"]
    assert search("泉城") == ["济南市"]  # via aliases (a list property)


def test_schema_statements_parse() -> None:
    stmts = statements("// c\nCREATE A;\nCREATE B\n  ON X;\n\n// d\n")
    assert stmts == ["CREATE A", "CREATE B ON X"]
    assert all("IF NOT EXISTS" in s for s in statements())


# ------------------------------------------------------------------------------ errors


def _cli(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
        check=False,
    )


@pytest.mark.neo4j
def test_wrong_password_is_a_clear_error_not_a_traceback(neo4j_server: Any) -> None:
    env = {**os.environ, "NEO4J_URI": neo4j_server.uri, "NEO4J_USER": neo4j_server.user}
    env["NEO4J_PASSWORD"] = "not-the-password"
    proc = _cli(["db", "status"], env)
    assert proc.returncode == RuntimeUnavailable.exit_code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert "refused the login: wrong user or password" in proc.stderr
    assert "NEO4J_PASSWORD" in proc.stderr  # the hint says what to fix


def test_unreachable_server_is_a_clear_error() -> None:
    port = runtime.free_port()
    env = {**os.environ, "NEO4J_URI": f"bolt://127.0.0.1:{port}", "NEO4J_PASSWORD": "whatever1"}
    proc = _cli(["db", "schema"], env)
    assert proc.returncode == RuntimeUnavailable.exit_code, proc.stderr
    assert "Traceback" not in proc.stderr
    assert f"cannot reach Neo4j at bolt://127.0.0.1:{port}" in proc.stderr


def test_no_local_server_running_is_a_clear_error(tmp_path: Path) -> None:
    settings = private_instance(tmp_path / "instance")
    with pytest.raises(RuntimeUnavailable, match="not running") as exc:
        open_driver(settings)
    assert exc.value.hint is not None and "policykg db start" in exc.value.hint


def _path_with_only(tmp_path: Path, keep: tuple[str, ...]) -> str:
    """A PATH holding links to a few tools (``keep``) and nothing else."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name in keep:
        real = shutil.which(name)
        if real:
            (bin_dir / name).symlink_to(real)
    return str(bin_dir)


def test_missing_java_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with_only(tmp_path, keep=("mvn",)))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    settings = private_instance(tmp_path / "instance")
    with pytest.raises(ConfigError) as exc:
        runtime.start(settings)
    assert "`java` was not found" in exc.value.message
    assert exc.value.hint is not None and "openjdk-17-jre-headless" in exc.value.hint
    # and through the CLI: exit code 2, one readable line, no traceback
    monkeypatch.setenv("POLICYKG_INSTANCE", str(tmp_path / "cli-instance"))
    monkeypatch.delenv("NEO4J_URI", raising=False)
    assert main(["db", "start"]) == ConfigError.exit_code


def test_missing_mvn_names_the_package(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", _path_with_only(tmp_path, keep=("java",)))
    monkeypatch.delenv("JAVA_HOME", raising=False)
    settings = private_instance(tmp_path / "instance").with_(cache_dir=tmp_path / "empty-cache")
    with pytest.raises(ConfigError) as exc:
        runtime.fetch(settings)
    assert "`mvn` (Apache Maven) was not found" in exc.value.message
    assert exc.value.hint is not None and "apt-get install maven" in exc.value.hint


def test_external_uri_never_starts_a_server(tmp_path: Path) -> None:
    base = private_instance(tmp_path / "instance")
    settings = base.with_(uri="bolt://127.0.0.1:1")
    with pytest.raises(ConfigError, match="does not start a server"):
        runtime.start(settings)
    assert "leaves it alone" in runtime.stop(settings)
    assert not (tmp_path / "instance").exists()


def test_settings_from_env(tmp_path: Path) -> None:
    s = Settings.from_env({"POLICYKG_HOME": str(tmp_path), "POLICYKG_BOLT_PORT": "0"})
    assert s.cache_dir == tmp_path / "neo4j" and s.instance_dir == tmp_path / "instance"
    assert not s.external and s.bolt_port == 0 and s.heap == "1g" and s.pagecache == "512m"
    with pytest.raises(ConfigError, match="NEO4J_PASSWORD"):
        Settings.from_env({"NEO4J_URI": "bolt://db:7687"})
    with pytest.raises(ConfigError, match="not a number"):
        Settings.from_env({"POLICYKG_BOLT_PORT": "abc"})


def test_gc_setting(tmp_path: Path) -> None:
    assert Settings.from_env({}).gc == "parallel"
    assert Settings.from_env({"POLICYKG_NEO4J_GC": " G1 "}).gc == "g1"
    with pytest.raises(ConfigError, match="POLICYKG_NEO4J_GC='cms'") as exc:
        Settings.from_env({"POLICYKG_NEO4J_GC": "cms"})
    assert "parallel, g1" in (exc.value.hint or "")
    for gc, flag, other in (("parallel", "UseParallelGC", "UseG1GC"), ("g1", "UseG1GC", "UseParallelGC")):
        settings = private_instance(tmp_path / gc).with_(gc=gc)
        conf = runtime.write_conf(settings, tmp_path / "lib", 1, 2).read_text(encoding="utf-8")
        assert f"server.jvm.additional=-XX:+{flag}" in conf and other not in conf
        assert "db.checkpoint.interval.time=1m" in conf  # logs pruned every minute, not every 15


@local_only
@pytest.mark.neo4j
def test_the_server_runs_the_configured_collector(neo4j_server: Any, driver: neo4j.Driver) -> None:
    # The JVM's own account of its collectors: ParallelGC names them PS …, G1 names them G1 ….
    records, _, _ = driver.execute_query(
        "CALL dbms.queryJmx('java.lang:type=GarbageCollector,*') YIELD attributes "
        "RETURN attributes.Name.value AS name"
    )
    names = {r["name"] for r in records}
    prefix = {"parallel": "PS ", "g1": "G1 "}[neo4j_server.settings.gc]
    assert names and all(n.startswith(prefix) for n in names), names


# ------------------------------------------------------------------------------ a second instance


@pytest.fixture(scope="module")
def busy_port() -> Iterator[int]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        s.listen(1)
        yield int(s.getsockname()[1])


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory, busy_port: int) -> Iterator[tuple[Settings, Any]]:
    settings = private_instance(tmp_path_factory.mktemp("second")).with_(bolt_port=busy_port)
    result = runtime.start(settings)
    try:
        yield settings, result
    finally:
        runtime.stop(settings)


@local_only
@pytest.mark.neo4j
def test_busy_port_is_replaced_and_reported(second: tuple[Settings, Any], busy_port: int) -> None:
    settings, result = second
    assert not result.already_running
    assert result.state.bolt_port != busy_port
    assert f"Bolt port {busy_port} is busy; using {result.state.bolt_port} instead" in result.notes
    with open_driver(settings) as drv:
        drv.verify_connectivity()


@local_only
@pytest.mark.neo4j
def test_start_twice_is_idempotent(second: tuple[Settings, Any]) -> None:
    settings, result = second
    again = runtime.start(settings)
    assert again.already_running and again.state.pid == result.state.pid
    assert runtime.group_members(result.state.pgid)  # launcher + server JVM


@local_only
@pytest.mark.neo4j
def test_stop_leaves_no_java_process(second: tuple[Settings, Any]) -> None:
    settings, result = second
    pgid = result.state.pgid
    members = runtime.group_members(pgid)
    assert len(members) >= 2  # the launcher JVM and the server JVM it forked
    message = runtime.stop(settings)
    assert message.startswith(f"Neo4j stopped (pid {result.state.pid})")
    assert "SIGKILL" not in message  # it shut down cleanly on SIGTERM
    assert runtime.group_members(pgid) == []
    assert _processes_of(settings.instance_dir) == []
    assert not runtime.status(settings).running
    assert runtime.stop(settings).startswith("Neo4j is not running")


@local_only
def test_a_server_that_dies_at_start_reports_its_log(tmp_path: Path) -> None:
    # More heap + page cache than the machine has: Neo4j refuses to start and exits.
    settings = private_instance(tmp_path / "instance").with_(heap="1g", pagecache="100000g")
    with pytest.raises(RuntimeUnavailable) as exc:
        runtime.start(settings)
    assert "exited during start" in exc.value.message
    assert "console.log" in exc.value.message
    assert _processes_of(settings.instance_dir) == []
    assert not runtime.status(settings).running
