"""Start, stop and report the local server (the steps are in the package doc of :mod:`graph.runtime`)."""

from __future__ import annotations

import contextlib
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from core.errors import ConfigError, RuntimeUnavailable
from core.settings import Settings
from graph.runtime.instance import (
    ServerState,
    clear_state,
    java_env,
    read_state,
    set_initial_password,
    store_exists,
    write_conf,
    write_state,
)
from graph.runtime.jars import Reporter, fetch, find_java, lib_dir, quiet
from graph.runtime.ports import accepts, choose_port
from graph.runtime.processes import CHILDREN, STOP_GRACE, group_members, kill_group, runs_with, tail

LAUNCHER = "org.neo4j.server.startup.Neo4jCommand"


@dataclass
class StartResult:
    state: ServerState
    already_running: bool
    seconds: float
    notes: list[str]


@dataclass
class Status:
    running: bool
    state: ServerState | None
    instance_dir: Path
    message: str


def _is_our_server(state: ServerState) -> bool:
    """The recorded pid is alive and still the launcher of this instance (not a reused pid)."""
    return runs_with(state.pid, LAUNCHER, f"-Dbasedir={state.instance_dir}")


def _wait_ready(settings: Settings, state: ServerState, proc: subprocess.Popen[bytes] | None) -> None:
    """Poll Bolt until it answers; fail early with the log tail if the JVM dies."""
    from neo4j import GraphDatabase
    from neo4j.exceptions import AuthError, DriverError, Neo4jError

    log = Path(state.log)
    deadline = time.monotonic() + settings.start_timeout
    with GraphDatabase.driver(
        state.uri, auth=(settings.user, settings.password), connection_timeout=2.0, max_connection_pool_size=2
    ) as driver:
        while True:
            code = proc.poll() if proc is not None else None
            if code is not None or not group_members(state.pgid):
                clear_state(settings)
                raise RuntimeUnavailable(
                    f"the Neo4j server exited during start (exit {code}). Last lines of {log}:\n{tail(log)}",
                    hint=f"full logs in {log} and {settings.instance_dir / 'logs' / 'debug.log'}",
                )
            try:
                driver.verify_connectivity()
                # HTTP (Jetty) binds a moment after Bolt; wait so the port is really taken.
                if accepts(state.http_port):
                    return
            except AuthError as exc:
                raise RuntimeUnavailable(
                    f"the local Neo4j at {state.uri} refused user {settings.user!r}: {exc.message}",
                    hint=f"its store in {state.data_dir} was created with another password: set "
                    "NEO4J_PASSWORD to that one, or `policykg db stop` and delete the instance folder",
                ) from None
            except (DriverError, Neo4jError, OSError):
                pass
            if time.monotonic() > deadline:
                raise RuntimeUnavailable(
                    f"Neo4j did not answer on {state.uri} within {settings.start_timeout:.0f} s; "
                    f"it was stopped. Last lines of {log}:\n{tail(log)}",
                    hint="see the log; set POLICYKG_START_TIMEOUT to wait longer on a slow machine",
                )
            time.sleep(0.25)


def _launch(settings: Settings, java: str, lib: Path, version: str) -> subprocess.Popen[bytes]:
    """The stock launcher in its own process group, its output appended to ``console.log``."""
    inst = settings.instance_dir
    log = inst / "console.log"
    cmd = [java, "-Xmx128m", "-cp", f"{lib}/*", f"-Dbasedir={inst}", LAUNCHER, "console"]
    with open(log, "ab") as out:
        out.write(f"\n==== policykg: starting Neo4j {version} at {time.ctime()} ====\n".encode())
        out.flush()
        proc = subprocess.Popen(
            cmd,
            env=java_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=inst,
        )
    CHILDREN[proc.pid] = proc
    return proc


def start(settings: Settings, *, report: Reporter = quiet) -> StartResult:
    """Start the local server (or report the running one). Returns when Bolt answers."""
    if settings.external:
        raise ConfigError(
            f"NEO4J_URI is set ({settings.uri}): policykg does not start a server of its own",
            hint="unset NEO4J_URI to use the local server",
        )
    t0 = time.monotonic()
    existing = read_state(settings)
    if existing is not None:
        if _is_our_server(existing):
            _wait_ready(settings, existing, None)  # it may still be starting (another process)
            return StartResult(existing, True, time.monotonic() - t0, [])
        clear_state(settings)  # stale: the process is gone
    java = find_java(settings)
    version = fetch(settings, report=report)
    lib = lib_dir(settings, version)

    notes: list[str] = []
    bolt = choose_port(settings.bolt_port, "Bolt", set(), notes)
    http = choose_port(settings.http_port, "HTTP", {bolt}, notes)
    for note in notes:
        report(note)
    write_conf(settings, lib, bolt, http)
    # A pid file left by a killed server makes the launcher refuse to start if the pid was reused.
    with contextlib.suppress(FileNotFoundError):
        (settings.instance_dir / "run" / "neo4j.pid").unlink()
    if not store_exists(settings):
        set_initial_password(settings, java, lib)

    proc = _launch(settings, java, lib, version)
    inst = settings.instance_dir
    state = ServerState(
        pid=proc.pid,
        pgid=proc.pid,
        bolt_port=bolt,
        http_port=http,
        version=version,
        instance_dir=str(inst),
        data_dir=str(inst / "data"),
        log=str(inst / "console.log"),
        started_at=time.time(),
    )
    write_state(settings, state)
    try:
        _wait_ready(settings, state, proc)
    except RuntimeUnavailable as exc:
        if "refused user" not in exc.message:
            kill_group(state.pgid, state.pid)
            clear_state(settings)
        raise
    return StartResult(state, False, time.monotonic() - t0, notes)


def stop(settings: Settings, *, grace: float = STOP_GRACE) -> str:
    """Stop the local server: the whole process group. Returns a one-line report."""
    if settings.external:
        return f"NEO4J_URI is set ({settings.uri}): policykg did not start that server and leaves it alone"
    state = read_state(settings)
    if state is None:
        return f"Neo4j is not running (no server recorded in {settings.instance_dir})"
    if not _is_our_server(state):
        clear_state(settings)
        return f"Neo4j is not running (pid {state.pid} is gone; stale state removed)"
    t0 = time.monotonic()
    clean = kill_group(state.pgid, state.pid, grace)
    clear_state(settings)
    how = "" if clean else f" (forced with SIGKILL after {grace:.0f} s)"
    return f"Neo4j stopped (pid {state.pid}) in {time.monotonic() - t0:.1f} s{how}"


def status(settings: Settings) -> Status:
    state = read_state(settings)
    if state is not None and _is_our_server(state):
        return Status(True, state, settings.instance_dir, "running")
    return Status(False, None, settings.instance_dir, "not running")
