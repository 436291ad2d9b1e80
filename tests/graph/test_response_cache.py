"""The response cache (api.cache) against the real Neo4j: hits, keys, invalidation by every kind of
write (the admin API, ``graph.load`` in another process, a raw driver write), CORS and the body
limit on hits, and the graph generation it relies on."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import neo4j
import pytest

from api import cache as api_cache
from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from graph.queries import generation
from tests.api_support import TestClient
from tests.graph.test_load import make_facts
from tests.served import ROOT, server_env

pytestmark = pytest.mark.neo4j

API = "/api/v1"
TOKEN = "test-admin-token-cache"
ORIGIN = "https://embed.example.org"
PROJECTS = {"city": "甲市", "chain": "氢能"}
# Long enough for one generation check to start after the write and finish (a loaded machine).
SEEN_WITHIN = api_cache.CHECK_SECONDS + 1.0


@pytest.fixture
def graph(clean_graph: neo4j.Driver) -> neo4j.Driver:
    load_document(clean_graph, make_facts("d1", projects=("甲市氢能项目", "甲市第二氢能项目")))
    return clean_graph


@pytest.fixture
def client(graph: neo4j.Driver) -> Iterator[TestClient]:
    settings = Settings.defaults(admin_token=TOKEN, cors_origins=(ORIGIN,))
    with TestClient(create_app(settings, driver=graph)) as c:
        yield c


def stats(c: TestClient) -> tuple[int, int]:
    cache: api_cache.ResponseCache = c.app.state.response_cache  # type: ignore[attr-defined]
    return cache.hits, cache.misses


def project_names(c: TestClient) -> list[str]:
    r = c.get(f"{API}/projects", params=PROJECTS)
    assert r.status_code == 200, r.text
    return sorted(i["name"] for i in r.json()["items"])


def eventually(check: Any, within: float = SEEN_WITHIN) -> None:
    deadline = time.monotonic() + within
    while not check():
        assert time.monotonic() < deadline, "the cache still served the answer from before the write"
        time.sleep(0.05)


def test_generation_moves_with_any_write_and_only_then(graph: neo4j.Driver) -> None:
    before = generation(graph)
    assert before is not None and generation(graph) == before  # reads do not move it
    graph.execute_query("CREATE (x:CacheProbe) DELETE x")
    assert generation(graph) not in (None, before)


def test_a_repeated_request_is_a_hit_with_the_same_bytes_and_headers(client: TestClient) -> None:
    first = client.get(f"{API}/projects", params=PROJECTS, headers={"Origin": ORIGIN})
    second = client.get(f"{API}/projects", params=PROJECTS, headers={"Origin": ORIGIN})
    assert stats(client) == (1, 1)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and len(first.json()["items"]) == 2
    assert second.headers["access-control-allow-origin"] == ORIGIN  # CORS applies to hits
    assert dict(first.headers) == dict(second.headers)
    # Another origin, same key: a hit, but without the allow-origin header (CORS is outside the cache).
    third = client.get(f"{API}/projects", params=PROJECTS, headers={"Origin": "https://other.example"})
    assert stats(client) == (2, 1) and "access-control-allow-origin" not in third.headers
    # Raw UTF-8 or percent-encoded, parameters in any order: the same request.
    client.get(f"{API}/projects?chain=%E6%B0%A2%E8%83%BD&city=%E7%94%B2%E5%B8%82")
    assert stats(client) == (3, 1)


def test_never_one_requests_answer_for_another(client: TestClient) -> None:
    urls = [
        f"{API}/projects?city=甲市&chain=氢能",
        f"{API}/projects?city=甲市&chain=氢能&limit=1",
        f"{API}/projects?city=甲市&chain=氢能&q=第二",
        f"{API}/projects?q=第二&q=甲市氢能",  # repeated: the app reads the last one
        f"{API}/projects?q=甲市氢能&q=第二",
        f"{API}/search?q=甲市",
        f"{API}/search?q=氢能",
        f"{API}/chains/氢能",
        f"{API}/documents/d1",
        f"{API}/projects?limit=0",  # 422: not kept
        f"{API}/chains/没有这条链",  # 404: not kept
    ]
    misses = [client.get(u) for u in urls]
    again = [client.get(u) for u in reversed(urls)][::-1]
    assert [(r.status_code, r.content) for r in again] == [(r.status_code, r.content) for r in misses]
    assert stats(client) == (len(urls) - 2, len(urls) + 2)  # the 422 and the 404 were computed twice
    names = [sorted(i["name"] for i in r.json()["items"]) for r in misses[:5]]
    assert names == [
        ["甲市氢能项目", "甲市第二氢能项目"],
        ["甲市氢能项目"],
        ["甲市第二氢能项目"],
        ["甲市氢能项目"],
        ["甲市第二氢能项目"],
    ]
    assert len({r.content for r in misses[5:]}) == len(urls) - 5  # each of the others its own


def test_ask_is_keyed_on_its_body_and_cypher_is_never_cached(client: TestClient) -> None:
    questions = ["甲市有哪些服务于氢能产业链的项目？", "甲市有哪些项目？", "氢能产业链有哪些环节？"]
    first = [client.post(f"{API}/ask", json={"question": q}) for q in questions]
    again = [client.post(f"{API}/ask", json={"question": q}) for q in questions]
    assert [r.status_code for r in first] == [200, 200, 200]
    assert [r.json() for r in again] == [r.json() for r in first]
    assert [r.json()["question"] for r in first] == questions
    assert stats(client) == (3, 3)
    for _ in range(2):
        assert client.post(f"{API}/cypher", json={"query": "MATCH (p:Project) RETURN count(p) AS n"}).json()[
            "rows"
        ] == [[2]]
        assert client.get(f"{API}/health").status_code == 200
    assert stats(client) == (3, 3)  # neither /cypher nor /health went through the cache
    big = client.post(
        f"{API}/ask",
        content=b'{"question": "' + b"x" * (1024 * 1024) + b'"}',
        headers={"content-type": "application/json"},
    )
    assert big.status_code == 413  # the body limit still refuses before the cache reads a key


def test_an_upload_through_the_admin_api_is_seen_at_once(client: TestClient) -> None:
    assert client.get(f"{API}/documents").json()["count"] == 1
    assert project_names(client) == ["甲市氢能项目", "甲市第二氢能项目"]
    text = "甲市示例上传规划\n\n一、重点产业\n1. 氢能。支持甲市建设甲市示例上传氢能项目。\n"
    headers = {"Authorization": f"Bearer {TOKEN}"}
    up = client.post(
        f"{API}/documents", json={"id": "u01", "text": text, "title": "甲市示例上传规划"}, headers=headers
    )
    assert up.status_code in (200, 201), up.text
    assert client.get(f"{API}/documents").json()["count"] == 2  # no wait: this process wrote
    assert client.delete(f"{API}/documents/u01", headers=headers).status_code == 200
    assert client.get(f"{API}/documents").json()["count"] == 1


_LOAD_ELSEWHERE = """
import sys
sys.path.insert(0, {root!r})
from core.settings import Settings
from graph.db import open_driver
from graph.load import load_document
from tests.graph.test_load import make_facts
with open_driver(Settings.from_env()) as driver:
    load_document(driver, make_facts("d2", projects=("甲市另一氢能项目",)))
"""


def test_a_load_in_another_process_is_seen_within_the_staleness_bound(
    client: TestClient, neo4j_server: Any
) -> None:
    assert project_names(client) == ["甲市氢能项目", "甲市第二氢能项目"]
    assert project_names(client) == ["甲市氢能项目", "甲市第二氢能项目"]  # now a hit
    code = _LOAD_ELSEWHERE.format(root=str(ROOT))
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=server_env(neo4j_server),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    eventually(lambda: len(project_names(client)) == 3)


def test_a_raw_write_without_relink_is_seen_too(client: TestClient, graph: neo4j.Driver) -> None:
    assert project_names(client) == ["甲市氢能项目", "甲市第二氢能项目"]
    graph.execute_query("MATCH (p:Project {name: '甲市第二氢能项目'}) DETACH DELETE p")
    eventually(lambda: project_names(client) == ["甲市氢能项目"])
