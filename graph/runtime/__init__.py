"""The local Neo4j server: fetch the jars, write an instance, start, stop and report it.

Neo4j 5.26 Community runs from the Maven Central artifact ``org.neo4j:neo4j`` (the whole server,
Bolt and HTTP included) on the machine's Java 17 or 21, with no Docker and no download from
neo4j.com:

1. ``fetch`` (:mod:`.jars`): ``mvn package`` of ``tools/neo4j/pom.xml`` copies the newest 5.26.x and
   its dependencies into ``<cache>/<version>/lib`` (once; later runs reuse the cache).
2. ``start`` (:mod:`.server`): writes ``<instance>/conf/neo4j.conf`` (:mod:`.instance`: 127.0.0.1
   only, heap and page cache capped, no tx-log preallocation, a checkpoint every minute, the
   collector of ``POLICYKG_NEO4J_GC``), sets the initial password before the
   store's first start, then runs the stock launcher ``Neo4jCommand console`` in its own process
   group with its output in ``<instance>/console.log``, and waits until the driver's
   ``verify_connectivity()`` succeeds.
3. ``stop``: SIGTERM to the process group (launcher and server JVM, :mod:`.processes`), SIGKILL
   after a grace period.

``<instance>/state.json`` records pid, ports, version and folders, so ``start`` is idempotent and
``status``/``stop`` work from any later process. Free ports: :mod:`.ports`.
"""

from graph.runtime.instance import ServerState, read_state, state_path, write_conf
from graph.runtime.jars import Reporter, browser_version, cached_version, fetch, find_java, find_mvn, lib_dir
from graph.runtime.ports import choose_port, free_port, port_is_free
from graph.runtime.processes import STOP_GRACE, group_members
from graph.runtime.server import StartResult, Status, start, status, stop

__all__ = [
    "STOP_GRACE",
    "Reporter",
    "ServerState",
    "StartResult",
    "Status",
    "browser_version",
    "cached_version",
    "choose_port",
    "fetch",
    "find_java",
    "find_mvn",
    "free_port",
    "group_members",
    "lib_dir",
    "port_is_free",
    "read_state",
    "start",
    "state_path",
    "status",
    "stop",
    "write_conf",
]
