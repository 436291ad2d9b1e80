"""The local Neo4j server: fetch the jars, write an instance, start, stop and report it.

Neo4j 5.26 Community runs from the Maven Central artifact ``org.neo4j:neo4j`` (the whole server,
Bolt and HTTP included) on the machine's Java 17 or 21, with no Docker and no download from
neo4j.com:

1. ``fetch``: ``mvn package`` of ``tools/neo4j/pom.xml`` copies the newest 5.26.x and its
   dependencies into ``<cache>/<version>/lib`` (once; later runs reuse the cache).
2. ``start``: writes ``<instance>/conf/neo4j.conf`` (127.0.0.1 only, heap and page cache capped,
   no tx-log preallocation), sets the initial password before the store's first start, then runs
   the stock launcher ``Neo4jCommand console`` in its own process group with its output in
   ``<instance>/console.log``, and waits until the driver's ``verify_connectivity()`` succeeds.
3. ``stop``: SIGTERM to the process group (launcher and server JVM), SIGKILL after a grace period.

``<instance>/state.json`` records pid, ports, version and folders, so ``start`` is idempotent and
``status``/``stop`` work from any later process.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.errors import ConfigError, RuntimeUnavailable
from core.settings import Settings, inherited_env

NEO4J_JAR = re.compile(r"^neo4j-(5\.26\.\d+)\.jar$")
LAUNCHER = "org.neo4j.server.startup.Neo4jCommand"
ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"
STOP_GRACE = 60.0

# Popen objects of servers started by this process, so stop() can reap them (no zombies).
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}

Reporter = Callable[[str], None]


def _quiet(_: str) -> None:
    pass


@dataclass
class ServerState:
    """What ``state.json`` holds about a running local server."""

    pid: int
    pgid: int
    bolt_port: int
    http_port: int
    version: str
    instance_dir: str
    data_dir: str
    log: str
    started_at: float

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.bolt_port}"

    @property
    def http_uri(self) -> str:
        return f"http://127.0.0.1:{self.http_port}"


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


# --------------------------------------------------------------------------------------- tools


def find_java(settings: Settings) -> str:
    """The ``java`` executable (``$JAVA_HOME/bin/java`` first), checked to be Java 17 or newer."""
    candidate = settings.java_home / "bin" / "java" if settings.java_home else None
    java = str(candidate) if candidate and candidate.is_file() else shutil.which("java")
    if not java:
        raise ConfigError(
            "`java` was not found: the local Neo4j server needs Java 17 or 21",
            hint="install it with `sudo apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), "
            "or set JAVA_HOME, or set NEO4J_URI to use an existing Neo4j server",
        )
    return java


def find_mvn() -> str:
    mvn = shutil.which("mvn")
    if not mvn:
        raise ConfigError(
            "`mvn` (Apache Maven) was not found: it is needed once, to fetch the Neo4j jars",
            hint="install it with `sudo apt-get install maven` (Debian/Ubuntu), "
            "or set NEO4J_URI to use an existing Neo4j server",
        )
    return mvn


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(x) for x in version.split("."))


def cached_version(settings: Settings) -> str | None:
    """The newest complete Neo4j version in the jar cache, or None."""
    if not settings.cache_dir.is_dir():
        return None
    found = []
    for entry in settings.cache_dir.iterdir():
        if (entry / ".complete").is_file() and (entry / "lib" / f"neo4j-{entry.name}.jar").is_file():
            found.append(entry.name)
    return max(found, key=_version_key) if found else None


def lib_dir(settings: Settings, version: str) -> Path:
    return settings.cache_dir / version / "lib"


def fetch(settings: Settings, *, refresh: bool = False, report: Reporter = _quiet) -> str:
    """Make sure the Neo4j jars are in the cache; return the version. Runs Maven only when needed."""
    if not refresh and (version := cached_version(settings)):
        return version
    mvn = find_mvn()
    find_java(settings)  # Maven needs it too; say so before a long run
    if not settings.pom.is_file():
        raise ConfigError(
            f"the Neo4j fetcher pom is missing: {settings.pom}",
            hint="run policykg from a source checkout, or set NEO4J_URI to use an existing server",
        )
    settings.cache_dir.mkdir(parents=True, exist_ok=True)
    staging = settings.cache_dir / f".fetch-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    report(f"fetching Neo4j 5.26.x from Maven Central into {settings.cache_dir} (first time only) …")
    cmd = [mvn, "-B", "-q", "-f", str(settings.pom), "package", f"-Dneo4j.runtime={staging}"]
    t0 = time.monotonic()
    proc = subprocess.run(cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False)
    if proc.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        tail = "\n".join((proc.stdout + proc.stderr).strip().splitlines()[-15:])
        raise RuntimeUnavailable(
            f"Maven could not fetch Neo4j (exit {proc.returncode}):\n{tail}",
            hint="check network access to Maven Central and ~/.m2/settings.xml, then retry",
        )
    versions = [m.group(1) for p in (staging / "lib").glob("neo4j-*.jar") if (m := NEO4J_JAR.match(p.name))]
    if not versions:
        shutil.rmtree(staging, ignore_errors=True)
        raise RuntimeUnavailable(f"Maven ran but no neo4j-5.26.*.jar arrived in {staging / 'lib'}")
    version = max(versions, key=_version_key)
    (staging / ".complete").write_text(f"{version}\n", encoding="utf-8")
    target = settings.cache_dir / version
    if target.exists():
        shutil.rmtree(target)
    staging.rename(target)
    report(f"Neo4j {version} fetched in {time.monotonic() - t0:.0f} s")
    return version


# --------------------------------------------------------------------------------------- ports


def port_is_free(port: int) -> bool:
    """True if 127.0.0.1:port can be bound now (with SO_REUSEADDR, as the JVM binds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(exclude: set[int] | None = None) -> int:
    exclude = exclude or set()
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in exclude:
            return port
    raise RuntimeUnavailable("no free TCP port on 127.0.0.1")


def choose_port(preferred: int, what: str, taken: set[int], notes: list[str]) -> int:
    """``preferred`` if free, else another free port (and a note saying so)."""
    if preferred and preferred not in taken and port_is_free(preferred):
        return preferred
    port = free_port(taken)
    if preferred:
        notes.append(f"{what} port {preferred} is busy; using {port} instead")
    return port


# --------------------------------------------------------------------------------------- processes


def _proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, pgrp) of a process from /proc, or None if it does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = raw[raw.rfind(")") + 2 :].split()
    return fields[0], int(fields[2])


def _alive(pid: int) -> bool:
    if pid in _CHILDREN:
        _CHILDREN[pid].poll()  # reap if it ended
    stat = _proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = _proc_stat(int(entry.name))
            if stat and stat[1] == pgid and stat[0] not in ("Z", "X"):
                members.append(int(entry.name))
    return members


def _is_our_server(state: ServerState) -> bool:
    """The recorded pid is alive and still the launcher of this instance (not a reused pid)."""
    if not _alive(state.pid):
        return False
    try:
        cmdline = Path(f"/proc/{state.pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return LAUNCHER.encode() in cmdline and f"-Dbasedir={state.instance_dir}".encode() in cmdline


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False


def _tail(path: Path, lines: int = 25) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.rstrip().splitlines()[-lines:])


# --------------------------------------------------------------------------------------- instance


def state_path(settings: Settings) -> Path:
    return settings.instance_dir / "state.json"


def read_state(settings: Settings) -> ServerState | None:
    try:
        data: dict[str, Any] = json.loads(state_path(settings).read_text(encoding="utf-8"))
        return ServerState(**data)
    except (OSError, ValueError, TypeError):
        return None


def _write_state(settings: Settings, state: ServerState) -> None:
    path = state_path(settings)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def _clear_state(settings: Settings) -> None:
    with contextlib.suppress(FileNotFoundError):
        state_path(settings).unlink()


def write_conf(settings: Settings, lib: Path, bolt_port: int, http_port: int) -> Path:
    """Write ``<instance>/conf/neo4j.conf`` (reference §1.6, strict-validation safe)."""
    inst = settings.instance_dir
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (inst / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by policykg (graph/runtime.py) at every start; edits are overwritten.",
        f"server.directories.lib={lib}",
        f"server.directories.plugins={inst / 'plugins'}",
        f"server.directories.data={inst / 'data'}",
        f"server.directories.logs={inst / 'logs'}",
        f"server.directories.run={inst / 'run'}",
        f"server.directories.import={inst / 'import'}",
        "server.default_listen_address=127.0.0.1",
        "server.default_advertised_address=127.0.0.1",
        "server.bolt.enabled=true",
        f"server.bolt.listen_address=127.0.0.1:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        f"server.memory.heap.initial_size={settings.heap}",
        f"server.memory.heap.max_size={settings.heap}",
        f"server.memory.pagecache.size={settings.pagecache}",
        "db.tx_log.preallocate=false",
        "db.tx_log.rotation.size=16M",
        "db.tx_log.rotation.retention_policy=false",
        "db.transaction.timeout=120s",
        # Netty's 2 x 5 s quiet period made every stop take 10 s (as jQAssistant found too).
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        "server.jvm.additional=-XX:+UseG1GC",
        "server.jvm.additional=-XX:-OmitStackTraceInFastThrow",
        "server.jvm.additional=-XX:+UnlockExperimentalVMOptions",
        "server.jvm.additional=-XX:+TrustFinalNonStaticFields",
        "server.jvm.additional=-XX:+DisableExplicitGC",
        "server.jvm.additional=-Djdk.nio.maxCachedBufferSize=1024",
        "server.jvm.additional=-Dio.netty.tryReflectionSetAccessible=true",
        "server.jvm.additional=--add-opens=java.base/java.nio=ALL-UNNAMED",
        "server.jvm.additional=--add-opens=java.base/java.io=ALL-UNNAMED",
        "server.jvm.additional=--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
        "server.jvm.additional=--enable-native-access=ALL-UNNAMED",
        "server.jvm.additional=-Dlog4j2.disable.jmx=true",
    ]
    conf = inst / "conf" / "neo4j.conf"
    conf.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return conf


def _java_env(settings: Settings) -> dict[str, str]:
    env = inherited_env(drop=("JAVA_OPTS", "HEAP_SIZE", "NEO4J_CONF"))  # the launcher would read them
    env["NEO4J_HOME"] = str(settings.instance_dir)
    env["NEO4J_CONF"] = str(settings.instance_dir / "conf")
    return env


def _store_exists(settings: Settings) -> bool:
    return (settings.instance_dir / "data" / "databases" / "system").is_dir()


def _set_initial_password(settings: Settings, java: str, lib: Path) -> None:
    cmd = [java, "-Xmx128m", "-cp", f"{lib}/*", ADMIN, "dbms", "set-initial-password", settings.password]
    proc = subprocess.run(
        cmd, env=_java_env(settings), capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).strip()
        raise RuntimeUnavailable(
            f"neo4j-admin set-initial-password failed (exit {proc.returncode}):\n{out[-2000:]}",
            hint=f"check {settings.instance_dir / 'conf' / 'neo4j.conf'}",
        )


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
                _clear_state(settings)
                raise RuntimeUnavailable(
                    f"the Neo4j server exited during start (exit {code}). Last lines of {log}:\n{_tail(log)}",
                    hint=f"full logs in {log} and {settings.instance_dir / 'logs' / 'debug.log'}",
                )
            try:
                driver.verify_connectivity()
                # HTTP (Jetty) binds a moment after Bolt; wait so the port is really taken.
                if _accepts(state.http_port):
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
                    f"it was stopped. Last lines of {log}:\n{_tail(log)}",
                    hint="see the log; set POLICYKG_START_TIMEOUT to wait longer on a slow machine",
                )
            time.sleep(0.25)


def start(settings: Settings, *, report: Reporter = _quiet) -> StartResult:
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
        _clear_state(settings)  # stale: the process is gone
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
    if not _store_exists(settings):
        _set_initial_password(settings, java, lib)

    inst = settings.instance_dir
    log = inst / "console.log"
    cmd = [java, "-Xmx128m", "-cp", f"{lib}/*", f"-Dbasedir={inst}", LAUNCHER, "console"]
    with open(log, "ab") as out:
        out.write(f"\n==== policykg: starting Neo4j {version} at {time.ctime()} ====\n".encode())
        out.flush()
        proc = subprocess.Popen(
            cmd,
            env=_java_env(settings),
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=inst,
        )
    _CHILDREN[proc.pid] = proc
    state = ServerState(
        pid=proc.pid,
        pgid=proc.pid,
        bolt_port=bolt,
        http_port=http,
        version=version,
        instance_dir=str(inst),
        data_dir=str(inst / "data"),
        log=str(log),
        started_at=time.time(),
    )
    _write_state(settings, state)
    try:
        _wait_ready(settings, state, proc)
    except RuntimeUnavailable as exc:
        if "refused user" not in exc.message:
            _kill_group(state.pgid, state.pid)
            _clear_state(settings)
        raise
    return StartResult(state, False, time.monotonic() - t0, notes)


def _kill_group(pgid: int, pid: int, grace: float = STOP_GRACE) -> bool:
    """SIGTERM the group, wait up to ``grace`` s, then SIGKILL. True if it ended on TERM."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    clean = True
    deadline = time.monotonic() + grace
    while group_members(pgid) and time.monotonic() < deadline:
        _alive(pid)  # reaps our own child
        time.sleep(0.1)
    if group_members(pgid):
        clean = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while group_members(pgid) and time.monotonic() < deadline:
            _alive(pid)
            time.sleep(0.1)
    child = _CHILDREN.pop(pid, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=5)
    return clean


def stop(settings: Settings, *, grace: float = STOP_GRACE) -> str:
    """Stop the local server: the whole process group. Returns a one-line report."""
    if settings.external:
        return f"NEO4J_URI is set ({settings.uri}): policykg did not start that server and leaves it alone"
    state = read_state(settings)
    if state is None:
        return f"Neo4j is not running (no server recorded in {settings.instance_dir})"
    if not _is_our_server(state):
        _clear_state(settings)
        return f"Neo4j is not running (pid {state.pid} is gone; stale state removed)"
    t0 = time.monotonic()
    clean = _kill_group(state.pgid, state.pid, grace)
    _clear_state(settings)
    how = "" if clean else f" (forced with SIGKILL after {grace:.0f} s)"
    return f"Neo4j stopped (pid {state.pid}) in {time.monotonic() - t0:.1f} s{how}"


def status(settings: Settings) -> Status:
    state = read_state(settings)
    if state is not None and _is_our_server(state):
        return Status(True, state, settings.instance_dir, "running")
    return Status(False, None, settings.instance_dir, "not running")
