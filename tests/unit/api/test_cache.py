"""api.cache without Neo4j: which requests are cached, the key, the LRU bounds, and the middleware
over a stand-in app whose answers count how often it ran, with a generation the test sets."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from starlette.types import Message, Receive, Scope, Send

from api import cache as c
from graph.queries import note_write


def test_only_opted_in_read_endpoints_are_cacheable() -> None:
    assert c.cacheable("GET", "/api/v1/projects") and c.cacheable("GET", "/api/v1/chains/氢能")
    assert c.cacheable("POST", "/api/v1/ask")
    for method, path in [
        ("GET", "/api/v1/health"),
        ("POST", "/api/v1/cypher"),
        ("POST", "/api/v1/documents"),
        ("DELETE", "/api/v1/documents/x"),
        ("HEAD", "/api/v1/projects"),
        ("GET", "/api/v1/chains/a/b"),
        ("GET", "/api/v1/chains/"),
        ("GET", "/view/graph"),
    ]:
        assert not c.cacheable(method, path), (method, path)


def test_query_key_is_what_the_app_reads_sorted_by_name_keeping_repeats_in_order() -> None:
    # Decoded as Starlette decodes (latin-1, then percent escapes as UTF-8).
    assert c.query_key(b"chain=%E6%B0%A2%E8%83%BD&city=%E9%9D%92%E5%B2%9B") == (
        ("chain", "氢能"),
        ("city", "青岛"),
    )
    assert c.query_key(b"city=%E9%9D%92%E5%B2%9B&chain=%E6%B0%A2%E8%83%BD") == (
        ("chain", "氢能"),
        ("city", "青岛"),
    )
    assert c.query_key(b"q=a&q=b") != c.query_key(b"q=b&q=a")  # the app reads the last one
    assert c.query_key(b"bases=") == (("bases", ""),)


def _entry(gen: str, size: int) -> Any:
    return c._Entry(gen, 200, [], b"x" * size)


def test_lru_is_bounded_by_entries_and_bytes_and_drops_other_generations() -> None:
    cache = c.ResponseCache(lambda: "g1", max_entries=3, max_bytes=100)
    cache._generation = "g1"
    for i in range(4):
        cache.put(("GET", f"/{i}", (), b""), _entry("g1", 10))
    assert len(cache) == 3 and cache.get(("GET", "/0", (), b""), "g1") is None
    assert cache.get(("GET", "/1", (), b""), "g1") is not None  # now the most recent
    cache.put(("GET", "/big", (), b""), _entry("g1", 80))  # 3 × 10 + 80 > 100: the oldest go
    assert cache.get(("GET", "/2", (), b""), "g1") is None and cache.get(("GET", "/1", (), b""), "g1")
    cache.put(("GET", "/old", (), b""), _entry("g0", 1))  # computed under a generation gone since
    assert cache.get(("GET", "/old", (), b""), "g0") is None


class _App:
    """Answers with a JSON body naming the call count, the path and the request body it read."""

    def __init__(self, status: int = 200) -> None:
        self.calls = 0
        self.status = status

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.calls += 1
        body = b""
        if scope["method"] == "POST":
            while True:
                message = await receive()
                body += message.get("body", b"")
                if not message.get("more_body"):
                    break
        out = json.dumps({"n": self.calls, "path": scope["path"], "body": body.decode()}).encode()
        await send({"type": "http.response.start", "status": self.status, "headers": [(b"x-a", b"1")]})
        await send({"type": "http.response.body", "body": out})


def _call(
    mw: c.CacheMiddleware, method: str, path: str, query: bytes = b"", body: bytes = b""
) -> tuple[int, Any]:
    sent: list[Message] = []
    chunks = [
        {"type": "http.request", "body": body[:3], "more_body": True},
        {"type": "http.request", "body": body[3:]},
    ]

    async def receive() -> Message:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope = {"type": "http", "method": method, "path": path, "query_string": query, "headers": []}
    asyncio.run(mw(scope, receive, send))
    assert sent[0]["headers"] == [(b"x-a", b"1")]
    return sent[0]["status"], json.loads(sent[1]["body"])


@pytest.fixture
def gen() -> list[str | None]:
    return ["g1"]


def _middleware(app: _App, gen: list[str | None], check_seconds: float = 60.0) -> c.CacheMiddleware:
    return c.CacheMiddleware(app, c.ResponseCache(lambda: gen[0], check_seconds=check_seconds))


def test_hits_misses_and_a_new_generation(gen: list[str | None]) -> None:
    app = _App()
    mw = _middleware(app, gen)
    assert _call(mw, "GET", "/api/v1/projects", b"city=a")[1]["n"] == 1
    assert _call(mw, "GET", "/api/v1/projects", b"city=a")[1]["n"] == 1  # hit
    assert _call(mw, "GET", "/api/v1/projects", b"city=b")[1]["n"] == 2
    assert _call(mw, "POST", "/api/v1/ask", body=b'{"question": "q1"}')[1] == {
        "n": 3,
        "path": "/api/v1/ask",
        "body": '{"question": "q1"}',  # replayed to the app in full after the cache read it
    }
    assert _call(mw, "POST", "/api/v1/ask", body=b'{"question": "q2"}')[1]["n"] == 4
    assert _call(mw, "POST", "/api/v1/ask", body=b'{"question": "q1"}')[1]["n"] == 3
    assert _call(mw, "POST", "/api/v1/cypher", body=b"{}")[1]["n"] == 5  # never cached
    assert _call(mw, "POST", "/api/v1/cypher", body=b"{}")[1]["n"] == 6
    gen[0] = "g2"  # another process wrote; this one has not checked yet (60 s bound)
    assert _call(mw, "GET", "/api/v1/projects", b"city=a")[1]["n"] == 1
    note_write()  # this process wrote: the next request checks at once
    assert _call(mw, "GET", "/api/v1/projects", b"city=a")[1]["n"] == 7
    assert mw.cache.hits == 3 and mw.cache.misses == 5


def test_the_periodic_check_sees_another_process_write(gen: list[str | None]) -> None:
    app = _App()
    mw = _middleware(app, gen, check_seconds=0.0)
    assert _call(mw, "GET", "/api/v1/graph")[1]["n"] == 1
    assert _call(mw, "GET", "/api/v1/graph")[1]["n"] == 1
    gen[0] = "g2"
    assert _call(mw, "GET", "/api/v1/graph")[1]["n"] == 2


def test_no_generation_means_no_cache_and_errors_are_not_kept(gen: list[str | None]) -> None:
    app = _App()
    mw = _middleware(app, gen, check_seconds=0.0)
    gen[0] = None  # Neo4j down: every request reaches the app (which answers 503)
    assert [_call(mw, "GET", "/api/v1/graph")[1]["n"] for _ in range(2)] == [1, 2]

    def broken() -> str:
        raise RuntimeError("no driver")

    mw_broken = c.CacheMiddleware(app, c.ResponseCache(broken))
    assert [_call(mw_broken, "GET", "/api/v1/graph")[1]["n"] for _ in range(2)] == [3, 4]
    failing = _App(status=404)
    mw404 = _middleware(failing, ["g1"])
    assert [_call(mw404, "GET", "/api/v1/chains/x")[0] for _ in range(2)] == [404, 404]
    assert failing.calls == 2


def test_switched_off_it_passes_everything_through(
    gen: list[str | None], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(c, "ENABLED", False)
    app = _App()
    mw = _middleware(app, gen)
    assert [_call(mw, "GET", "/api/v1/projects")[1]["n"] for _ in range(2)] == [1, 2]
