"""The instance folder of the local server: ``state.json``, ``conf/neo4j.conf``, the initial password."""

from __future__ import annotations

import contextlib
import json
import subprocess
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from core.errors import RuntimeUnavailable
from core.settings import GC_FLAGS, Settings, inherited_env

ADMIN = "org.neo4j.server.startup.Neo4jAdminCommand"


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


def state_path(settings: Settings) -> Path:
    return settings.instance_dir / "state.json"


def read_state(settings: Settings) -> ServerState | None:
    try:
        data: dict[str, Any] = json.loads(state_path(settings).read_text(encoding="utf-8"))
        return ServerState(**data)
    except (OSError, ValueError, TypeError):
        return None


def write_state(settings: Settings, state: ServerState) -> None:
    path = state_path(settings)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(state), indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def clear_state(settings: Settings) -> None:
    with contextlib.suppress(FileNotFoundError):
        state_path(settings).unlink()


def write_conf(settings: Settings, lib: Path, bolt_port: int, http_port: int) -> Path:
    """Write ``<instance>/conf/neo4j.conf`` (reference §1.6, strict-validation safe)."""
    inst = settings.instance_dir
    for sub in ("conf", "data", "logs", "run", "import", "plugins"):
        (inst / sub).mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by policykg (graph/runtime/instance.py) at every start; edits are overwritten.",
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
        # What the discovery document at / (read by Neo4j Browser) names: the real port, not 7687.
        f"server.bolt.advertised_address=127.0.0.1:{bolt_port}",
        "server.http.enabled=true",
        f"server.http.listen_address=127.0.0.1:{http_port}",
        "server.https.enabled=false",
        "dbms.security.auth_enabled=true",
        "dbms.usage_report.enabled=false",
        # Neo4j Browser (/browser/, when its jar is in lib): :play guides only from this machine.
        # (5.26 declares only this name and browser.post_connect_cmd; strict validation refuses
        # browser.allow_outgoing_connections and the *_allowlist spelling.)
        "browser.remote_content_hostname_whitelist=127.0.0.1,localhost",
        f"server.memory.heap.initial_size={settings.heap}",
        f"server.memory.heap.max_size={settings.heap}",
        f"server.memory.pagecache.size={settings.pagecache}",
        "db.tx_log.preallocate=false",
        "db.tx_log.rotation.size=16M",
        "db.tx_log.rotation.retention_policy=false",
        # Transaction logs are pruned only at a checkpoint, every 15 minutes by default (Community
        # has no volume-triggered one): a sustained load wrote 18 GB of logs in that time.
        "db.checkpoint.interval.time=1m",
        "db.transaction.timeout=120s",
        # Netty's 2 x 5 s quiet period made every stop take 10 s (as jQAssistant found too).
        "internal.dbms.bolt.netty_server_shutdown_quiet_period=0",
        f"server.jvm.additional={GC_FLAGS[settings.gc]}",
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


def java_env(settings: Settings) -> dict[str, str]:
    """The environment of the launcher and neo4j-admin: this instance's home and conf."""
    env = inherited_env(drop=("JAVA_OPTS", "HEAP_SIZE", "NEO4J_CONF"))  # the launcher would read them
    env["NEO4J_HOME"] = str(settings.instance_dir)
    env["NEO4J_CONF"] = str(settings.instance_dir / "conf")
    return env


def store_exists(settings: Settings) -> bool:
    return (settings.instance_dir / "data" / "databases" / "system").is_dir()


def set_initial_password(settings: Settings, java: str, lib: Path) -> None:
    cmd = [java, "-Xmx128m", "-cp", f"{lib}/*", ADMIN, "dbms", "set-initial-password", settings.password]
    proc = subprocess.run(
        cmd, env=java_env(settings), capture_output=True, text=True, stdin=subprocess.DEVNULL, check=False
    )
    if proc.returncode != 0:
        out = (proc.stdout + proc.stderr).strip()
        raise RuntimeUnavailable(
            f"neo4j-admin set-initial-password failed (exit {proc.returncode}):\n{out[-2000:]}",
            hint=f"check {settings.instance_dir / 'conf' / 'neo4j.conf'}",
        )
