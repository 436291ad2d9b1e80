"""The one settings object of policykg, and the one place that reads the environment.

Two modes:

* **external**: ``NEO4J_URI`` is set (with ``NEO4J_USER`` / ``NEO4J_PASSWORD``). policykg connects to
  that server and never starts one of its own; ``policykg db start`` only checks it and applies the
  schema.
* **local** (default): policykg manages its own Neo4j 5.26 Community server. The jars are fetched
  once with Maven into ``$POLICYKG_HOME/neo4j/<version>/lib`` and the server's conf, store, logs and
  state live in ``$POLICYKG_HOME/instance``.

Environment variables:

==========================  ==========================================================================
``NEO4J_URI``               use this server (``bolt://``, ``neo4j://`` …) instead of a local one
``NEO4J_USER``              user name (default ``neo4j``)
``NEO4J_PASSWORD``          password; for the local server it is set once, when its store is created
                            (default ``policykg-local``)
``POLICYKG_HOME``           cache and instance folder (default ``~/.cache/policykg``)
``POLICYKG_NEO4J_CACHE``    jar cache only (default ``$POLICYKG_HOME/neo4j``)
``POLICYKG_INSTANCE``       instance folder only (default ``$POLICYKG_HOME/instance``)
``POLICYKG_BOLT_PORT``      preferred Bolt port of the local server (default 7687; 0 = any free port)
``POLICYKG_HTTP_PORT``      preferred HTTP port of the local server (default 7474; 0 = any free port)
``POLICYKG_NEO4J_HEAP``     server heap (default ``1g``)
``POLICYKG_NEO4J_PAGECACHE`` page cache (default ``512m``)
``POLICYKG_NEO4J_GC``       the server JVM's collector: ``parallel`` (default; the least CPU per
                            relationship loaded) or ``g1`` (shorter pauses under a heavy load)
``POLICYKG_START_TIMEOUT``  seconds to wait for Bolt to answer (default 180)
``JAVA_HOME``               the Java 17+ that runs the local server (default: ``java`` on the PATH)
``POLICYKG_ADMIN_TOKEN``    bearer token for POST/DELETE /api/v1/documents (unset: uploads disabled)
``POLICYKG_CYPHER_TIMEOUT`` seconds a POST /api/v1/cypher query may run (default 10)
``POLICYKG_CYPHER_ROW_CAP`` rows a POST /api/v1/cypher answer holds at most (default 1000)
``POLICYKG_MAX_DOCUMENT_MB`` largest document ingested or uploaded, in MB (default 20): a larger file
                            or request body is refused before it is read
``POLICYKG_CORS_ORIGINS``   origins (``https://app.example.org``, comma- or space-separated, or ``*``)
                            whose pages may call the GET endpoints from a browser (default: none)
``POLICYKG_FRAME_ANCESTORS`` who may frame ``/view/*`` pages: a CSP ``frame-ancestors`` source list
                            (default ``*``; ``'self'`` or ``https://a.example https://b.example``)
``POLICYKG_SEEDS``          the seed folder ``make run`` ingests (default ``seeds/``)
``POLICYKG_CHROMIUM``       the Chromium that prints PDF reports (default: ``chromium`` on the PATH)
``POLICYKG_LOAD_BATCH_DELAY`` test hook: seconds to sleep between a load's statements (default 0)
``POLICYKG_COMPILED``       ``0`` runs the pure-Python sources even where a fresh compiled build of
                            the hot modules exists in ``build/mypyc`` (default ``1``; core.compiled)
==========================  ==========================================================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from core.errors import ConfigError

DEFAULT_USER = "neo4j"
DEFAULT_LOCAL_PASSWORD = "policykg-local"
MIN_PASSWORD_LENGTH = 8  # dbms.security.auth_minimum_password_length default

#: The repository root of a source checkout (holds tools/neo4j/pom.xml and schema.cypher).
REPO_ROOT = Path(__file__).resolve().parent.parent


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number", hint=f"set {name} to an integer") from None
    if not 0 <= value <= 65535 and name.endswith("_PORT"):
        raise ConfigError(f"{name}={value} is not a port", hint="use 1-65535, or 0 for any free port")
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number", hint=f"set {name} to seconds") from None


DEFAULT_MAX_DOCUMENT_MB = 20.0


def max_document_mb(env: Mapping[str, str] | None = None) -> float:
    """The largest document ingestion accepts, in MB (``POLICYKG_MAX_DOCUMENT_MB``)."""
    value = _float(os.environ if env is None else env, "POLICYKG_MAX_DOCUMENT_MB", DEFAULT_MAX_DOCUMENT_MB)
    if value <= 0:
        raise ConfigError(
            f"POLICYKG_MAX_DOCUMENT_MB={value} is not a size", hint="set it to a positive number of MB"
        )
    return value


def home_dir(env: Mapping[str, str] | None = None) -> Path:
    """policykg's cache folder (jar cache, server instance, the jieba dictionary cache)."""
    env = os.environ if env is None else env
    return Path(env.get("POLICYKG_HOME") or Path.home() / ".cache" / "policykg").expanduser()


def chromium_path(env: Mapping[str, str] | None = None) -> str | None:
    """``POLICYKG_CHROMIUM``: the headless Chromium that prints PDF reports (None: search PATH)."""
    return (os.environ if env is None else env).get("POLICYKG_CHROMIUM", "").strip() or None


def load_batch_delay(env: Mapping[str, str] | None = None) -> float:
    """Seconds to sleep between the statements of one load (tests kill a load in flight)."""
    return _float(os.environ if env is None else env, "POLICYKG_LOAD_BATCH_DELAY", 0.0)


def compiled_enabled(env: Mapping[str, str] | None = None) -> bool:
    """``POLICYKG_COMPILED``: whether a fresh mypyc build of the hot modules is used (core.compiled)."""
    raw = (os.environ if env is None else env).get("POLICYKG_COMPILED", "").strip().lower()
    return raw not in ("0", "false", "no", "off")


#: The local server's garbage collectors. Loading is the server's heaviest work, and ParallelGC's
#: cheaper write barriers took 18 % less server CPU per relationship loaded than G1 (11 % less for a
#: bare CREATE; benchmarks/README.md § Scale, session 9). G1 pauses less at a time (no full
#: collections when large transactions fill the heap) for a latency-bound server.
GC_FLAGS = {"parallel": "-XX:+UseParallelGC", "g1": "-XX:+UseG1GC"}


def _gc(env: Mapping[str, str]) -> str:
    value = env.get("POLICYKG_NEO4J_GC", "").strip().lower() or "parallel"
    if value not in GC_FLAGS:
        raise ConfigError(
            f"POLICYKG_NEO4J_GC={value!r} is not a collector policykg knows",
            hint=f"use one of: {', '.join(GC_FLAGS)}",
        )
    return value


def _cors_origins(env: Mapping[str, str]) -> tuple[str, ...]:
    origins = tuple(o.rstrip("/") for o in env.get("POLICYKG_CORS_ORIGINS", "").replace(",", " ").split())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ConfigError(
                f"POLICYKG_CORS_ORIGINS: {origin!r} is not an origin",
                hint="list origins like https://app.example.org (scheme, host and port), or *",
            )
    return origins


def _frame_ancestors(env: Mapping[str, str]) -> str:
    value = " ".join(env.get("POLICYKG_FRAME_ANCESTORS", "").split()) or "*"
    if any(c in value for c in ';,"\r\n'):  # one directive's source list, nothing more
        raise ConfigError(
            f"POLICYKG_FRAME_ANCESTORS={value!r} is not a frame-ancestors source list",
            hint="use space-separated sources: * or 'self' or https://a.example https://b.example",
        )
    return value


def inherited_env(drop: tuple[str, ...] = ()) -> dict[str, str]:
    """This process's environment for a child process, without the variables in ``drop``."""
    return {k: v for k, v in os.environ.items() if k not in drop}


@dataclass(frozen=True)
class Settings:
    """Everything policykg needs: how to reach (or run) Neo4j, and the HTTP layer's limits.
    Build with :meth:`from_env` (or :meth:`defaults` in tests)."""

    uri: str | None  # external server; None = the local managed one
    user: str
    password: str
    home: Path
    cache_dir: Path  # <cache_dir>/<version>/lib
    instance_dir: Path  # conf/, data/, logs/, run/, console.log, state.json
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "1g"
    pagecache: str = "512m"
    gc: str = "parallel"  # a key of GC_FLAGS
    start_timeout: float = 180.0
    pom: Path = REPO_ROOT / "tools" / "neo4j" / "pom.xml"
    java_home: Path | None = None
    admin_token: str | None = None  # None disables POST/DELETE /documents
    cypher_timeout: float = 10.0  # seconds, server-side, POST /cypher
    cypher_row_cap: int = 1000
    max_document_mb: float = DEFAULT_MAX_DOCUMENT_MB  # larger documents and upload bodies are refused
    seeds_dir: Path = REPO_ROOT / "seeds"
    cors_origins: tuple[str, ...] = ()  # origins allowed to call GET endpoints cross-origin
    frame_ancestors: str = "*"  # CSP frame-ancestors of the /view/* pages

    @property
    def external(self) -> bool:
        """True when ``NEO4J_URI`` names a server: policykg then never starts its own."""
        return bool(self.uri)

    @property
    def max_document_bytes(self) -> int:
        return int(self.max_document_mb * 1024 * 1024)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if env is None else env
        home = home_dir(env)
        cache = Path(env.get("POLICYKG_NEO4J_CACHE") or home / "neo4j").expanduser()
        instance = Path(env.get("POLICYKG_INSTANCE") or home / "instance").expanduser()
        uri = env.get("NEO4J_URI", "").strip() or None
        password = env.get("NEO4J_PASSWORD", "")
        if not password:
            if uri:
                raise ConfigError(
                    f"NEO4J_URI is set ({uri}) but NEO4J_PASSWORD is not",
                    hint="set NEO4J_PASSWORD (and NEO4J_USER if not 'neo4j'), or unset NEO4J_URI "
                    "to use the local server",
                )
            password = DEFAULT_LOCAL_PASSWORD
        elif not uri and len(password) < MIN_PASSWORD_LENGTH:
            raise ConfigError(
                f"NEO4J_PASSWORD is shorter than {MIN_PASSWORD_LENGTH} characters",
                hint="Neo4j refuses shorter passwords; choose a longer one",
            )
        return cls(
            uri=uri,
            user=env.get("NEO4J_USER", "").strip() or DEFAULT_USER,
            password=password,
            home=home.resolve(),
            cache_dir=cache.resolve(),
            instance_dir=instance.resolve(),
            bolt_port=_int(env, "POLICYKG_BOLT_PORT", 7687),
            http_port=_int(env, "POLICYKG_HTTP_PORT", 7474),
            heap=env.get("POLICYKG_NEO4J_HEAP", "").strip() or "1g",
            pagecache=env.get("POLICYKG_NEO4J_PAGECACHE", "").strip() or "512m",
            gc=_gc(env),
            start_timeout=_float(env, "POLICYKG_START_TIMEOUT", 180.0),
            java_home=Path(env["JAVA_HOME"]) if env.get("JAVA_HOME") else None,
            admin_token=env.get("POLICYKG_ADMIN_TOKEN", "").strip() or None,
            cypher_timeout=_float(env, "POLICYKG_CYPHER_TIMEOUT", 10.0),
            cypher_row_cap=_int(env, "POLICYKG_CYPHER_ROW_CAP", 1000),
            max_document_mb=max_document_mb(env),
            seeds_dir=Path(env.get("POLICYKG_SEEDS", "") or REPO_ROOT / "seeds"),
            cors_origins=_cors_origins(env),
            frame_ancestors=_frame_ancestors(env),
        )

    @classmethod
    def defaults(cls, **changes: object) -> Settings:
        """The settings of an empty environment, with ``changes`` (tests, embedding apps)."""
        return cls.from_env({}).with_(**changes)

    def with_(self, **changes: object) -> Settings:
        """A copy with some fields changed (tests: another instance folder, other ports)."""
        return replace(self, **changes)  # type: ignore[arg-type]


def load_settings() -> Settings:
    """The settings of this process's environment (shorthand for ``Settings.from_env()``)."""
    return Settings.from_env()


def private_instance(instance_dir: Path, env: Mapping[str, str] | None = None) -> Settings:
    """Settings for a private local server in ``instance_dir`` on free ports (tests, benchmarks).

    ``NEO4J_*`` variables are ignored (it is always a local server with the default password); the
    jar cache is shared with the user's, so nothing is downloaded again.
    """
    env = os.environ if env is None else env
    base = Settings.from_env({k: v for k, v in env.items() if not k.startswith("NEO4J_")})
    return base.with_(instance_dir=instance_dir.resolve(), bolt_port=0, http_port=0)
