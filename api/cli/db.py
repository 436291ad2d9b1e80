"""``policykg db start|stop|status|schema|fetch``: the local Neo4j server and the graph schema."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from core.settings import Settings
from graph import db, runtime
from graph.schema import apply_schema, schema_path

ENV_HELP = """\
environment:
  NEO4J_URI, NEO4J_USER, NEO4J_PASSWORD
                 use that Neo4j server; policykg then never starts its own
  NEO4J_PASSWORD password of the local server, set when its store is created
                 (default policykg-local)
  POLICYKG_HOME  jar cache and instance folder (default ~/.cache/policykg)
  POLICYKG_BOLT_PORT, POLICYKG_HTTP_PORT
                 preferred ports of the local server (default 7687, 7474; a busy
                 port is replaced by a free one and reported)
"""


def _say(msg: str) -> None:
    print(msg, flush=True)


def _note(msg: str) -> None:
    print(f"policykg: {msg}", file=sys.stderr, flush=True)


def _settings(args: argparse.Namespace) -> Settings:
    settings = Settings.from_env()
    changes: dict[str, Any] = {}
    if getattr(args, "bolt_port", None) is not None:
        changes["bolt_port"] = args.bolt_port
    if getattr(args, "http_port", None) is not None:
        changes["http_port"] = args.http_port
    if getattr(args, "timeout", None) is not None:
        changes["start_timeout"] = args.timeout
    return settings.with_(**changes) if changes else settings


def _apply_schema(settings: Settings) -> None:
    with db.open_driver(settings) as driver:
        rep = apply_schema(driver)
    _say(f"schema: {rep.statements} statements applied; {rep.constraints} constraints, {rep.indexes} indexes")


def cmd_start(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.external:
        agent = db.server_agent(settings)
        _say(
            f"using the Neo4j server of NEO4J_URI: {settings.uri} ({agent}); policykg starts none of its own"
        )
    else:
        res = runtime.start(settings, report=_note)
        st = res.state
        if res.already_running:
            _say(f"Neo4j {st.version} is already running (pid {st.pid})")
        else:
            _say(f"Neo4j {st.version} started in {res.seconds:.1f} s (pid {st.pid})")
        _say(f"  data: {st.data_dir}\n  log:  {st.log}\n  http: {st.http_uri}")
    if not args.no_schema:
        _apply_schema(settings)
    uri = settings.uri if settings.external else res.state.uri
    _say(f"Neo4j is ready at {uri}")
    return 0


def cmd_stop(args: argparse.Namespace) -> int:
    _say(runtime.stop(_settings(args)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    settings = _settings(args)
    if settings.external:
        agent = db.server_agent(settings)
        _say(f"running: external server (NEO4J_URI)\n  uri:     {settings.uri}\n  version: {agent}")
        return 0
    st = runtime.status(settings)
    if not st.running or st.state is None:
        _say(f"not running\n  instance: {st.instance_dir}")
        cached = runtime.cached_version(settings)
        _say(f"  jars:     {runtime.lib_dir(settings, cached) if cached else 'not fetched yet'}")
        return 1
    s = st.state
    _say(
        f"running\n  pid:      {s.pid}\n  uri:      {s.uri}\n  http:     {s.http_uri}\n"
        f"  version:  Neo4j {s.version} Community\n  data:     {s.data_dir}\n  log:      {s.log}"
    )
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    _say(f"applying {schema_path()}")
    _apply_schema(_settings(args))
    return 0


def cmd_fetch(args: argparse.Namespace) -> int:
    settings = _settings(args)
    version = runtime.fetch(settings, refresh=args.refresh, report=_note)
    _say(f"Neo4j {version} jars in {runtime.lib_dir(settings, version)}")
    return 0


def register(subparsers: Any) -> None:
    fmt = argparse.RawDescriptionHelpFormatter
    p = subparsers.add_parser(
        "db",
        help="manage the local Neo4j server and the graph schema",
        description=(
            "Run policykg's own Neo4j 5.26 Community server (fetched once from Maven Central, "
            "bound to 127.0.0.1), or use an existing server named by NEO4J_URI."
        ),
        epilog=ENV_HELP,
        formatter_class=fmt,
    )
    sub = p.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    s = sub.add_parser(
        "start",
        help="start the local server (idempotent), apply the schema, print the URI",
        description=(
            "Fetch Neo4j with Maven the first time, write the instance config, set the initial "
            "password, start the server in the background, wait until Bolt answers, apply "
            "schema.cypher and print the URI. A second start reports the running server."
        ),
        epilog=ENV_HELP,
        formatter_class=fmt,
    )
    s.add_argument("--bolt-port", type=int, metavar="N", help="preferred Bolt port (0 = any free port)")
    s.add_argument("--http-port", type=int, metavar="N", help="preferred HTTP port (0 = any free port)")
    s.add_argument("--timeout", type=float, metavar="S", help="seconds to wait for Bolt (default 180)")
    s.add_argument("--no-schema", action="store_true", help="do not apply schema.cypher")
    s.set_defaults(func=cmd_start)

    s = sub.add_parser(
        "stop",
        help="stop the local server and its whole process group",
        description="SIGTERM to the server's process group, SIGKILL after 60 s; no JVM is left behind.",
    )
    s.set_defaults(func=cmd_stop)

    s = sub.add_parser(
        "status",
        help="running or not, pid, URI, version, data folder (exit 1 when not running)",
        description="Report the local server (or check the NEO4J_URI server). Exit 0 running, 1 not.",
    )
    s.set_defaults(func=cmd_status)

    s = sub.add_parser(
        "schema",
        help="apply schema.cypher (constraints, indexes; a no-op when already applied)",
        description="Apply schema.cypher statement by statement to the current server.",
    )
    s.set_defaults(func=cmd_schema)

    s = sub.add_parser(
        "fetch",
        help="fetch the Neo4j jars with Maven into the cache (start does this when needed)",
        description="Resolve the newest Neo4j 5.26.x from Maven Central into "
        "$POLICYKG_HOME/neo4j/<version>/lib.",
    )
    s.add_argument("--refresh", action="store_true", help="resolve again even if a version is cached")
    s.set_defaults(func=cmd_fetch)
