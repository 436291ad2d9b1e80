"""Security over real HTTP (``policykg serve``) and the real Neo4j, the seeds loaded.

/cypher refuses every write form (text check) and its READ transaction refuses them too when the
text check is skipped; every query and path parameter of every GET operation of the live OpenAPI
spec is fed injection strings (never a 5xx, never a change to the graph); the admin token is
compared in constant time; request bodies and questions have limits. tests/graph/test_api.py has the
first list of refused writes and the timeout; this file adds the forms it lacks.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote

import httpx
import neo4j
import pytest

from api import admin
from api.limits import MAX_BODY_BYTES
from core.errors import Forbidden, PolicyKGError
from core.settings import Settings
from graph.cypher import check_read_only, run_read
from tests.served import TOKEN, Served, graph_fingerprint, load_seeds, serve, server_env

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver, neo4j_server: Any) -> Iterator[Served]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    load_seeds(driver)
    with serve(server_env(neo4j_server)) as served:
        yield served


@pytest.fixture(scope="module")
def http(seeded: Served) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=seeded.base + "/api/v1", timeout=60) as client:
        yield client


# --- /cypher: write forms -----------------------------------------------------------------------

WRITES = [
    "CREATE (n:Evil) RETURN n",
    "create\n(n:Evil)",
    "MERGE (c:Chain {name: '氢能'}) ON MATCH SET c.hacked = true",
    "MATCH (c:Chain) SET c += {hacked: true}",
    "MATCH (c:Chain) SET c:Evil",
    "MATCH (n) DETACH DELETE n",
    "MATCH ()-[r]->() DELETE r",
    "MATCH (c:Chain) REMOVE c:Chain",
    "MATCH (c:Chain) WITH c LIMIT 1 FOREACH (x IN [1] | SET c.x = x)",
    "LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row",
    "LOAD/**/CSV WITH HEADERS FROM 'http://127.0.0.1:1/x.csv' AS row RETURN row",
    "UNWIND [1] AS i CALL (i) { CREATE (:Evil {i: i}) } IN TRANSACTIONS OF 1 ROW",
    "UNWIND [1] AS i CALL { WITH i CREATE (:Evil) } IN CONCURRENT TRANSACTIONS",
    "CALL db.createLabel('Evil')",
    "CALL `db`.`createLabel`('Evil')",
    "CALL `db.createProperty`('evil')",
    "CALL db.index.fulltext.createNodeIndex('evil', ['Chain'], ['name'])",
    "CALL db.clearQueryCaches()",
    "CALL dbms.setConfigValue('db.logs.query.enabled', 'OFF')",
    "CALL dbms.killQuery('query-1')",
    "CALL tx.setMetaData({who: 'evil'})",
    "CALL apoc.cypher.runWrite('CREATE (:Evil)', {})",
    "RETURN apoc.create.uuid()",
    "CREATE INDEX evil FOR (n:Chain) ON (n.hacked)",
    "DROP CONSTRAINT chain_id IF EXISTS",
    "CREATE DATABASE evil",
    "CREATE USER evil SET PASSWORD 'evilevil'",
    "ALTER CURRENT USER SET PASSWORD FROM 'a' TO 'b'",
    "GRANT ROLE admin TO evil",
    "USE system SHOW USERS",
    "SHOW USERS",
    "SHOW SETTINGS YIELD name, value",
    "SHOW TRANSACTIONS",
    "TERMINATE TRANSACTIONS 'neo4j-transaction-1'",
    "BEGIN",
    ":begin",
    "COMMIT",
    "ROLLBACK",
    "MATCH (n) RETURN n; CREATE (:Evil)",
    "MATCH (n) RETURN count(n) ; MATCH (m) RETURN m",
]

# Write forms the READ transaction must refuse on its own (the text check skipped). LOAD CSV,
# SHOW and several statements are left out: they read, or are refused by the parser, not the mode.
SERVER_REFUSED = [
    "CREATE (n:Evil) RETURN n",
    "MERGE (c:Chain {name: '氢能'}) ON MATCH SET c.hacked = true",
    "MATCH (c:Chain) SET c += {hacked: true}",
    "MATCH (c:Chain) SET c:Evil",
    "MATCH (n) DETACH DELETE n",
    "MATCH (c:Chain) REMOVE c:Chain",
    "MATCH (c:Chain) WITH c LIMIT 1 FOREACH (x IN [1] | SET c.x = x)",
    "UNWIND [1] AS i CALL (i) { CREATE (:Evil {i: i}) } IN TRANSACTIONS OF 1 ROW",
    "CALL db.createLabel('Evil')",
    "CALL db.createProperty('evil')",
    "CALL db.index.fulltext.createNodeIndex('evil', ['Chain'], ['name'])",
    "CREATE INDEX evil FOR (n:Chain) ON (n.hacked)",
    "DROP CONSTRAINT chain_id IF EXISTS",
    "CREATE DATABASE evil",
    "CREATE USER evil SET PASSWORD 'evilevil'",
    "BEGIN",
]


@pytest.mark.parametrize("query", WRITES)
def test_cypher_refuses_every_write_form(http: httpx.Client, driver: neo4j.Driver, query: str) -> None:
    before = graph_fingerprint(driver)
    r = http.post("/cypher", json={"query": query})
    assert r.status_code == 403, r.text
    assert "read-only endpoint" in r.json()["detail"]
    assert graph_fingerprint(driver) == before


@pytest.mark.parametrize("query", SERVER_REFUSED)
def test_the_read_transaction_alone_refuses_writes(seeded: Served, driver: neo4j.Driver, query: str) -> None:
    before = graph_fingerprint(driver)
    with pytest.raises(PolicyKGError) as refused:
        run_read(driver, query, check=False)
    assert refused.value.http_status in (403, 422)
    assert graph_fingerprint(driver) == before


def test_the_text_check_rejects_every_server_refused_form_too() -> None:
    # Both guards cover the same forms, so one mistake in either does not open the database.
    for query in SERVER_REFUSED:
        with pytest.raises(Forbidden):
            check_read_only(query)


@pytest.mark.parametrize(
    "query",
    [
        "MATCH (c:Chain) WHERE c.name CONTAINS 'CREATE' RETURN c.name AS `set` LIMIT 1",
        "MATCH (c:Chain) RETURN c.`create` AS x, c.name AS `commit` LIMIT 1 // DELETE everything",
        "CALL db.labels() YIELD label RETURN label",
        "SHOW INDEXES YIELD name RETURN name",
        "CALL { MATCH (c:Chain) RETURN c LIMIT 1 } RETURN c.name AS name",
        "MATCH (show:Chain) RETURN show.name LIMIT 1;",
    ],
)
def test_reading_queries_with_write_words_in_names_still_run(http: httpx.Client, query: str) -> None:
    r = http.post("/cypher", json={"query": query})
    assert r.status_code == 200, r.text


# --- injection strings in every parameter ---------------------------------------------------------

INJECTIONS = [
    "' OR 1=1 //",
    "青岛'}) MATCH (n) DETACH DELETE n //",
    '"}) CREATE (:Evil) //',
    "`) DETACH DELETE n //",
    "$city",
    "{city}",
    ".*",
    "(?i).*(a+)+$",
    "%' UNION SELECT * --",
    "\\' \\\" \\\\",
    '*~:^()[]{}"!',
    "<script>alert(1)</script>",
    "../../../../etc/passwd",
    "%00\x00nul",
    "\u202e\ufeff\U0001f600𠀀",
    "青岛" * 300,
    "-1",
    "99999999999999999999",
    "NaN",
]

_STATUSES = {200, 307, 400, 404, 413, 422}  # 307: a value ending in / (redirect_slashes)


def _get_operations(http: httpx.Client) -> list[tuple[str, list[str], list[str]]]:
    spec = httpx.get(str(http.base_url).removesuffix("/api/v1/") + "/openapi.json", timeout=30).json()
    ops = []
    for path, item in sorted(spec["paths"].items()):
        get = item.get("get")
        if not get or not path.startswith("/api/v1"):
            continue
        params = get.get("parameters", [])
        query = [p["name"] for p in params if p["in"] == "query"]
        in_path = [p["name"] for p in params if p["in"] == "path"]
        ops.append((path.removeprefix("/api/v1"), query, in_path))
    return ops


def test_every_parameter_takes_injection_strings(http: httpx.Client, driver: neo4j.Driver) -> None:
    before = graph_fingerprint(driver)
    ops = _get_operations(http)
    assert len(ops) >= 12 and sum(len(q) + len(p) for _, q, p in ops) >= 30  # the spec, not a stub
    bad: list[str] = []
    tried = 0
    for path, query, in_path in ops:
        for value in INJECTIONS:
            url = path
            for name in in_path:
                url = url.replace("{" + name + "}", quote(value, safe=""))
            targets = [{name: value} for name in query] or [{}]
            if in_path:
                targets.append({})
            for params in targets:
                r = http.get(url, params=params)
                tried += 1
                if r.status_code not in _STATUSES or r.status_code >= 500:
                    bad.append(f"{r.status_code} GET {url} {params!r}: {r.text[:200]}")
                elif r.status_code >= 400:
                    assert "detail" in r.json(), (url, params, r.text[:200])
    assert not bad, "\n".join(bad[:20])
    assert tried > 300
    assert graph_fingerprint(driver) == before
    assert http.get("/health").json()["neo4j"] == "up"


@pytest.mark.parametrize("value", INJECTIONS[:6])
def test_ask_and_cypher_params_take_injection_strings(
    http: httpx.Client, driver: neo4j.Driver, value: str
) -> None:
    before = graph_fingerprint(driver)
    ask = http.post("/ask", json={"question": f"{value}有哪些项目？"[:500]})
    assert ask.status_code in (200, 404, 422), ask.text
    # A parameter is a value, never Cypher: the injection comes back as the string it was.
    cy = http.post("/cypher", json={"query": "RETURN $v AS v", "params": {"v": value}})
    assert cy.status_code == 200 and cy.json()["rows"] == [[value]]
    assert graph_fingerprint(driver) == before


# --- admin token -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "status"),
    [
        (None, 401),
        ("", 401),
        ("Bearer", 403),
        ("Basic " + TOKEN, 403),
        ("Bearer " + TOKEN[:-1], 403),
        ("Bearer " + TOKEN + "x", 403),
        ("Bearer " + TOKEN.upper(), 403),
    ],
)
def test_wrong_admin_credentials_are_refused_and_write_nothing(
    seeded: Served, driver: neo4j.Driver, header: str | None, status: int
) -> None:
    before = graph_fingerprint(driver)
    headers = {} if header is None else {"Authorization": header}
    with httpx.Client(timeout=30) as c:
        up = c.post(seeded.url("/documents"), json={"id": "evil", "text": "青岛市氢能产业"}, headers=headers)
        gone = c.delete(seeded.url("/documents/000_13d8c6c333fd099f"), headers=headers)
    assert (up.status_code, gone.status_code) == (status, status), (up.text, gone.text)
    assert graph_fingerprint(driver) == before


def test_admin_token_is_compared_in_constant_time(monkeypatch: pytest.MonkeyPatch) -> None:
    compared: list[tuple[bytes, bytes]] = []
    real = admin.hmac.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        compared.append((a, b))
        return real(a, b)

    monkeypatch.setattr(admin.hmac, "compare_digest", spy)
    settings = Settings.defaults(admin_token=TOKEN)
    for given in ("wrong", TOKEN[:4], TOKEN + "x", "令牌"):
        with pytest.raises(Forbidden):
            admin.require_admin(settings, f"Bearer {given}")
    admin.require_admin(settings, f"Bearer {TOKEN}")
    # Every check, right or wrong, long or short, went through hmac.compare_digest on bytes.
    assert [a for a, _ in compared] == [g.encode() for g in ("wrong", TOKEN[:4], TOKEN + "x", "令牌", TOKEN)]
    assert all(b == TOKEN.encode() for _, b in compared)


# --- limits --------------------------------------------------------------------------------------


def test_question_and_query_lengths_are_limited(http: httpx.Client) -> None:
    assert http.post("/ask", json={"question": "青" * 500}).status_code != 422
    long_q = http.post("/ask", json={"question": "青" * 501})
    assert long_q.status_code == 422 and "at most 500 characters" in long_q.json()["detail"]
    assert http.post("/ask", json={"question": ""}).status_code == 422
    long_c = http.post("/cypher", json={"query": "RETURN 1 //" + "x" * 20_000})
    assert long_c.status_code == 422 and "at most 20000 characters" in long_c.json()["detail"]


def test_a_body_over_the_cap_is_413_by_its_length(http: httpx.Client) -> None:
    big = {"query": "RETURN $x AS x", "params": {"x": "x" * (MAX_BODY_BYTES + 10)}}
    r = http.post("/cypher", json=big)
    assert r.status_code == 413 and "limit" in r.json()["detail"]
    r = http.post("/ask", json={"question": "青岛" * MAX_BODY_BYTES})
    assert r.status_code == 413
    assert (
        http.post("/cypher", json={"query": "RETURN $x AS n", "params": {"x": "y" * 1000}}).status_code == 200
    )


def test_a_chunked_body_over_the_cap_is_413_before_it_ends(seeded: Served) -> None:
    with socket.create_connection(("127.0.0.1", seeded.port), timeout=20) as sock:
        head = (
            "POST /api/v1/cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            "Transfer-Encoding: chunked\r\n\r\n"
        )
        sock.sendall(head.encode())
        chunk = b"x" * 65536
        sent = 0
        reply = b""
        sock.settimeout(0.05)
        # Up to 64 MiB offered; the server answers after a little over 1 MiB.
        while sent < 64 * MAX_BODY_BYTES and not reply:
            try:
                sock.sendall(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                sent += len(chunk)
                reply = sock.recv(4096)
            except TimeoutError:
                continue
            except OSError:
                break
        sock.settimeout(10)
        while b"\r\n\r\n" not in reply:
            more = sock.recv(4096)
            if not more:
                break
            reply += more
    assert reply.startswith(b"HTTP/1.1 413"), reply[:200]
    assert sent < 4 * MAX_BODY_BYTES
