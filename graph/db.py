"""Driver factory: one place that turns settings into a connected :class:`neo4j.Driver`.

Failures become :class:`core.errors.RuntimeUnavailable` (server down, wrong password) or
:class:`core.errors.ConfigError` (malformed URI) with a readable message and a hint, never a
driver traceback.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ConfigurationError, DriverError, Neo4jError

from core.errors import ConfigError, RuntimeUnavailable
from core.settings import Settings
from graph import runtime

# The driver logs connection failures at ERROR level; without any handler configured Python's
# last-resort handler would print them on stderr next to our own readable error. A NullHandler
# keeps them quiet unless the application configures logging itself.
logging.getLogger("neo4j").addHandler(logging.NullHandler())


@dataclass(frozen=True)
class ServerTarget:
    """Where to connect: the external server of ``NEO4J_URI`` or the running local one."""

    uri: str
    user: str
    password: str
    local: bool


def target(settings: Settings) -> ServerTarget:
    if settings.uri:
        return ServerTarget(settings.uri, settings.user, settings.password, local=False)
    st = runtime.status(settings)
    if not st.running or st.state is None:
        raise RuntimeUnavailable(
            f"the local Neo4j server is not running (instance {settings.instance_dir})",
            hint="start it with `policykg db start`, or set NEO4J_URI/NEO4J_USER/NEO4J_PASSWORD "
            "to use another server",
        )
    return ServerTarget(st.state.uri, settings.user, settings.password, local=True)


def open_driver(settings: Settings, *, verify: bool = True, timeout: float = 10.0) -> neo4j.Driver:
    """Open a driver for ``settings`` and (by default) check that it can log in.

    The caller owns the driver: use it in a ``with`` block or call ``close()``.
    """
    return open_target(target(settings), verify=verify, timeout=timeout)


def server_agent(settings: Settings) -> str:
    """The server's agent string (``Neo4j/5.26.0``), after logging in as ``settings`` say."""
    with open_driver(settings) as driver:
        return str(driver.get_server_info().agent)


def open_target(tgt: ServerTarget, *, verify: bool = True, timeout: float = 10.0) -> neo4j.Driver:
    where = f"{tgt.uri} (user {tgt.user!r})"
    try:
        driver = GraphDatabase.driver(tgt.uri, auth=(tgt.user, tgt.password), connection_timeout=timeout)
    except (ConfigurationError, ValueError) as exc:
        raise ConfigError(
            f"cannot use NEO4J_URI={tgt.uri!r}: {exc}",
            hint="use a URI like bolt://host:7687 or neo4j://host:7687",
        ) from None
    if not verify:
        return driver
    try:
        driver.verify_connectivity()
    except AuthError:
        driver.close()
        hint = (
            "check NEO4J_USER and NEO4J_PASSWORD"
            if not tgt.local
            else "the local store keeps the password it was created with; set NEO4J_PASSWORD to it"
        )
        raise RuntimeUnavailable(
            f"Neo4j at {where} refused the login: wrong user or password", hint=hint
        ) from None
    except (DriverError, Neo4jError, OSError) as exc:
        driver.close()
        detail = getattr(exc, "message", None) or str(exc) or type(exc).__name__
        hint = (
            "is the server running and reachable? check NEO4J_URI"
            if not tgt.local
            else "check `policykg db status`; restart with `policykg db stop && policykg db start`"
        )
        raise RuntimeUnavailable(f"cannot reach Neo4j at {where}: {detail}", hint=hint) from None
    return driver


def server_error(exc: Neo4jError | DriverError) -> RuntimeUnavailable:
    """A driver or server failure that escaped the layer that ran the statement, as one of ours.

    The CLI turns it into a message instead of a traceback; the server's code says what happened.
    """
    code = getattr(exc, "code", None) or type(exc).__name__
    detail = getattr(exc, "message", None) or str(exc)
    if "MemoryPoolOutOfMemoryError" in code:
        hint = (
            "one transaction needed more memory than the server allows: raise the heap "
            "(POLICYKG_NEO4J_HEAP) or split the input, then run the command again"
        )
    elif "Transient" in code:
        hint = "a transient server condition: run the command again"
    else:
        hint = "check `policykg db status` and the server's logs; run the command again"
    return RuntimeUnavailable(f"Neo4j failed ({code}): {detail}", hint=hint)
