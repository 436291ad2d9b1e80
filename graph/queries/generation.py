"""The graph's generation: a value that changes whenever anything is written to the database.

A cache of answers (the API's response cache) stays valid while the generation is the same. The
generation is the bookmark Neo4j returns for a trivial read, which names the last transaction the
database has committed: any write from any process (``policykg ingest``, the admin API, another
worker, a raw driver write, a bulk load that failed before its relink) moves it, and nothing is
stored in the graph for it. A bookmark is opaque: only its equality is used, and
``tests/graph/test_response_cache.py`` checks that another process's write changes it.

Writes made in this process are also counted here (:func:`note_write`, called when
:mod:`graph.link` has recomputed the cross-document locations, the last step of every load and
delete), so a cache in the same process can check the generation at once instead of at its next
periodic check.
"""

from __future__ import annotations

import itertools
from typing import LiteralString

import neo4j
from neo4j import Driver

_PROBE: LiteralString = "RETURN 1 AS one"
_writes = itertools.count(1)
_last_write = 0


def generation(driver: Driver) -> str | None:
    """The database's current generation (one round trip); None if the server returned no bookmark."""
    with driver.session(default_access_mode=neo4j.READ_ACCESS) as session:
        session.run(_PROBE).consume()
        values = session.last_bookmarks().raw_values
    return "|".join(sorted(values)) or None


def note_write() -> None:
    """Record that this process has just written to the graph (thread-safe: one counter step)."""
    global _last_write
    _last_write = next(_writes)


def local_writes() -> int:
    """How many writes this process has noted; a change means: check the generation now."""
    return _last_write
