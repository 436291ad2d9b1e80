"""A response cache for the read endpoints, valid for one generation of the graph.

Answers depend on nothing but the request and the graph, so a 200 answer is kept, as the bytes the
app sent, under (method, path, query parameters in order of name, body of ``POST /ask``) and the
graph's generation (:mod:`graph.queries.generation`: it changes with every write from any process).
A hit is sent by this ASGI middleware directly: no routing, validation or serialisation.

Staleness is bounded: the generation is read at most every :data:`CHECK_SECONDS` (one round trip per
worker, whatever the load), and at once after this process wrote (the admin API's uploads and
deletions, any ``graph.load`` call here). When it changed, every answer and the name-resolution memo
(:mod:`graph.queries.resolve`) are dropped, so another worker's or ``policykg ingest``'s write is
seen within ``CHECK_SECONDS``. An entry keeps the generation read before its request ran, so an
answer computed while a write committed is never served under the newer generation. Only a request
with an answer kept waits for a due check; one without (a miss either way) runs at once under the
generation last read, so a busy Neo4j slowing the check does not hold misses back. When the
generation cannot be read (Neo4j down), requests bypass the cache and get the app's own 503.

Opt-in per endpoint (:data:`CACHED_GET`, :data:`CACHED_GET_UNDER`, :data:`CACHED_POST`): never
``/health``, ``/cypher`` or the admin routes. The middleware sits inside the CORS and body-limit
middlewares (see ``api.app``), so their headers and refusals apply to hits exactly as to misses;
the bytes kept are those below CORS, which adds its Origin-dependent headers per request.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import parse_qsl

import anyio
import anyio.to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph.queries import local_writes
from graph.queries.resolve import clear_cache as clear_resolved_names

CHECK_SECONDS = 0.5
MAX_ENTRIES = 4096
MAX_BYTES = 64 * 1024 * 1024
MAX_ENTRY_BYTES = 4 * 1024 * 1024
MAX_KEY_BODY = 8 * 1024  # a POST body longer than this is not a key (/ask questions are ≤ 500 chars)
ENABLED = True  # benchmarks switch it off in a server process to measure the API without it

_V1 = "/api/v1"
CACHED_GET = frozenset(
    f"{_V1}/{p}"
    for p in (
        "documents",
        "search",
        "projects",
        "regions",
        "chains",
        "targets",
        "tasks",
        "mentions",
        "gaps",
        "report",
        "paths",
        "graph",
    )
)
CACHED_GET_UNDER = tuple(f"{_V1}/{p}/" for p in ("documents", "chains", "agencies"))  # /x/{name}
CACHED_POST = frozenset({f"{_V1}/ask"})

Key = tuple[str, str, tuple[tuple[str, str], ...], bytes]


@dataclass
class _Entry:
    generation: str
    status: int
    headers: list[tuple[bytes, bytes]]
    body: bytes


@dataclass
class ResponseCache:
    """The entries and the generation they belong to; one per app (per uvicorn worker)."""

    probe: Callable[[], str | None]  # the graph's generation now (blocking, one round trip)
    check_seconds: float = CHECK_SECONDS
    max_entries: int = MAX_ENTRIES
    max_bytes: int = MAX_BYTES
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[Key, _Entry] = field(default_factory=OrderedDict)
    _bytes: int = 0
    _generation: str | None = None
    _checked: float = float("-inf")
    _local: int = -1
    _lock: anyio.Lock | None = None
    _thread: anyio.CapacityLimiter | None = None

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Key) -> bool:
        return key in self._entries

    @property
    def known(self) -> str | None:
        """The generation last read (read before any request now starting runs its queries)."""
        return self._generation

    def clear(self) -> None:
        self._entries.clear()
        self._bytes = 0

    def _fresh(self) -> bool:
        return self._local == local_writes() and time.monotonic() - self._checked < self.check_seconds

    async def generation(self) -> str | None:
        """The generation answers are cached under now; None: do not cache (it cannot be read)."""
        if self._fresh():
            return self._generation
        if self._lock is None or self._thread is None:
            self._lock = anyio.Lock()
            # A thread of its own: a check must not queue behind slow endpoints for the shared pool.
            self._thread = anyio.CapacityLimiter(1)
        async with self._lock:  # one check at a time; the others use its result
            if self._fresh():
                return self._generation
            local, started = local_writes(), time.monotonic()  # before the read: a write now re-checks
            try:
                current = await anyio.to_thread.run_sync(self.probe, limiter=self._thread)
            except Exception:  # Neo4j down or not configured: bypass; the app answers 503
                current = None
            if current != self._generation:
                self.clear()
                clear_resolved_names()  # resolved ids may be gone with the write
            self._generation, self._local, self._checked = current, local, started
            return current

    def get(self, key: Key, generation: str) -> _Entry | None:
        entry = self._entries.get(key)
        if entry is None or entry.generation != generation:
            return None
        self._entries.move_to_end(key)
        return entry

    def put(self, key: Key, entry: _Entry) -> None:
        if entry.generation != self._generation or len(entry.body) > MAX_ENTRY_BYTES:
            return  # computed under a generation that has passed meanwhile
        old = self._entries.pop(key, None)
        if old is not None:
            self._bytes -= len(old.body)
        self._entries[key] = entry
        self._bytes += len(entry.body)
        while len(self._entries) > self.max_entries or self._bytes > self.max_bytes:
            _, evicted = self._entries.popitem(last=False)
            self._bytes -= len(evicted.body)


def cacheable(method: str, path: str) -> bool:
    if method == "GET":
        if path in CACHED_GET:
            return True
        return path.startswith(CACHED_GET_UNDER) and path.count("/") == 4 and not path.endswith("/")
    return method == "POST" and path in CACHED_POST


def query_key(query_string: bytes) -> tuple[tuple[str, str], ...]:
    """Parameters as the app reads them: decoded, sorted by name, repeated names in their order."""
    pairs = parse_qsl(query_string.decode("latin-1"), keep_blank_values=True)
    return tuple(sorted(pairs, key=lambda kv: kv[0]))


async def _read_body(receive: Receive) -> tuple[bytes | None, list[Message]]:
    """The whole request body (None when it is not one to key on) and the messages read."""
    messages: list[Message] = []
    size = 0
    while True:
        message = await receive()
        messages.append(message)
        if message["type"] != "http.request":
            return None, messages  # disconnect (or the body limit's refusal): let the app see it
        size += len(message.get("body", b""))
        if size > MAX_KEY_BODY:
            return None, messages
        if not message.get("more_body", False):
            return b"".join(m.get("body", b"") for m in messages), messages


def _replay(messages: list[Message], receive: Receive) -> Receive:
    pending = list(messages)

    async def replayed() -> Message:
        return pending.pop(0) if pending else await receive()

    return replayed


class CacheMiddleware:
    """Pure ASGI: serve a hit from :class:`ResponseCache`, keep a miss's 200 answer (module doc)."""

    def __init__(self, app: ASGIApp, cache: ResponseCache) -> None:
        self.app = app
        self.cache = cache

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not ENABLED or scope["type"] != "http" or not cacheable(scope["method"], scope["path"]):
            await self.app(scope, receive, send)
            return
        body = b""
        if scope["method"] == "POST":
            read, messages = await _read_body(receive)
            receive = _replay(messages, receive)
            if read is None:
                await self.app(scope, receive, send)
                return
            body = read
        key: Key = (scope["method"], scope["path"], query_key(scope["query_string"]), body)
        if key in self.cache:  # an answer to serve if the generation is still its own: check if due
            generation = await self.cache.generation()
        else:  # a miss whatever the generation: label it with the one last read, without waiting
            generation = self.cache.known or await self.cache.generation()
        if generation is None:
            await self.app(scope, receive, send)
            return
        entry = self.cache.get(key, generation)
        if entry is not None:
            self.cache.hits += 1
            # A new list each time: middlewares outside (CORS) append to it.
            await send(
                {"type": "http.response.start", "status": entry.status, "headers": list(entry.headers)}
            )
            await send({"type": "http.response.body", "body": entry.body})
            return
        self.cache.misses += 1
        status = 0
        kept: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        complete = False

        async def keep(message: Message) -> None:
            nonlocal status, kept, complete
            if message["type"] == "http.response.start":
                # A copy before CORS sees it: it edits the header list in place (Vary: Origin).
                status = message["status"]
                kept = [(bytes(k), bytes(v)) for k, v in message.get("headers", ())]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                complete = not message.get("more_body", False)
            await send(message)

        await self.app(scope, receive, keep)
        if status == 200 and complete:
            self.cache.put(key, _Entry(generation, 200, kept, b"".join(chunks)))
