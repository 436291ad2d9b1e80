"""Analysts' Cypher, read-only: a static refusal of writes, then a READ transaction with limits.

Two independent guards, so that one mistake does not open the database:

1. :func:`check_read_only` refuses, before anything runs, text with write or admin clauses
   (CREATE, MERGE, SET, DELETE, LOAD CSV, CALL … IN TRANSACTIONS, procedures outside a read-only
   allow-list, APOC outside its pure-function namespaces, …).
2. :func:`run_read` runs in a READ-access transaction, so the server itself rejects any write that
   slipped past the text check; with a server-side timeout and a row cap.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, LiteralString

from neo4j import READ_ACCESS, Driver, ManagedTransaction, unit_of_work
from neo4j.exceptions import ClientError
from neo4j.graph import Node, Path, Relationship

from core.errors import Forbidden, InputError

# Clauses and keywords that write or administer; matched on code with strings/comments removed.
_WRITE_WORDS = re.compile(
    r"(?<![.$\w])(CREATE|MERGE|DELETE|DETACH|SET|REMOVE|DROP|FOREACH|ALTER|GRANT|DENY|REVOKE|RENAME|"
    r"TERMINATE|START\s+DATABASE|STOP\s+DATABASE|ENABLE\s+SERVER|DEALLOCATE|REALLOCATE|USE|"
    r"LOAD\s+CSV|IN\s+TRANSACTIONS|IN\s+CONCURRENT\s+TRANSACTIONS)\b",
    re.IGNORECASE,
)
# CALL name.space.proc — a procedure call (CALL { … } and CALL (x) { … } subqueries are fine); read
# with quoted identifiers unquoted, so CALL `db`.`createLabel`(…) is the procedure it names.
_PROCEDURE_CALL = re.compile(r"\bCALL\s+([A-Za-z_][\w.]*)", re.IGNORECASE)
# Transaction control (cypher-shell's :begin included) and several statements in one request.
_TRANSACTION_CONTROL = re.compile(r"(?:^|;)\s*:?(BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)
_SECOND_STATEMENT = re.compile(r";\s*\S")
# SHOW commands other than the schema's own (users, roles, privileges, settings, servers,
# databases and transactions are the DBMS's business, not the graph's).
_SHOW = re.compile(
    r"^\s*SHOW\s+(?!(?:ALL\s+|RANGE\s+|TEXT\s+|POINT\s+|LOOKUP\s+|FULLTEXT\s+|VECTOR\s+|"
    r"UNIQUE(?:NESS)?\s+|EXIST(?:ENCE)?\s+|KEY\s+|NODE\s+|RELATIONSHIP\s+|PROPERTY\s+)*"
    r"(?:INDEX|INDEXES|CONSTRAINT|CONSTRAINTS|PROCEDURE|PROCEDURES|FUNCTION|FUNCTIONS)\b)(\w+)",
    re.IGNORECASE,
)
_READ_PROCEDURES = frozenset(
    {
        "db.labels",
        "db.relationshiptypes",
        "db.propertykeys",
        "db.schema.visualization",
        "db.schema.nodetypeproperties",
        "db.schema.reltypeproperties",
        "dbms.components",
    }
)
_APOC = re.compile(r"\bapoc\.([\w.]+)", re.IGNORECASE)
# Pure functions over values; everything else in APOC may write, load or run arbitrary Cypher.
_APOC_READ_PREFIXES = (
    "text.",
    "coll.",
    "map.",
    "convert.",
    "number.",
    "math.",
    "date.",
    "temporal.",
    "util.md5",
)
_ADMIN_NAMESPACES = re.compile(
    r"\b(dbms|db\.create|db\.index\.fulltext\.create)\.?[\w.]*\s*\(", re.IGNORECASE
)

_STRINGS_AND_COMMENTS = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|`[^`]*`|//[^\n]*|/\*.*?\*/""",
    re.DOTALL,
)


def _code_only(query: str, *, unquote: bool = False) -> str:
    """The query with string literals and comments blanked out, and quoted identifiers replaced by
    `x` (or, ``unquote``, by their bare text: the names of procedures)."""

    def blank(m: re.Match[str]) -> str:
        text = m.group(0)
        if text.startswith("`"):
            return text[1:-1] if unquote else "`x`"  # an identifier: keep it one, drop its words
        if text.startswith(("//", "/*")):
            return " "
        return "''"

    return _STRINGS_AND_COMMENTS.sub(blank, query)


def check_read_only(query: str) -> None:
    """Raise :class:`Forbidden` if ``query`` contains a write, load or admin clause."""
    code = _code_only(query)
    found = _WRITE_WORDS.search(code)
    if found:
        raise Forbidden(
            f"read-only endpoint: {found.group(0).upper()} is not allowed",
            hint="only reading queries (MATCH … RETURN) run here; load documents with POST /api/v1/documents",
        )
    control = _TRANSACTION_CONTROL.search(code) or _SECOND_STATEMENT.search(code)
    if control:
        raise Forbidden(
            "read-only endpoint: transaction control and several statements are not allowed",
            hint="send one reading query; each request runs in a read-only transaction of its own",
        )
    show = _SHOW.search(code)
    if show:
        raise Forbidden(f"read-only endpoint: SHOW {show.group(1).upper()} is not allowed")
    names = _code_only(query, unquote=True)
    for m in _PROCEDURE_CALL.finditer(names):
        name = m.group(1).lower()
        if name not in _READ_PROCEDURES and not name.startswith("apoc."):
            raise Forbidden(
                f"read-only endpoint: procedure {m.group(1)} is not allowed",
                hint="allowed procedures: " + ", ".join(sorted(_READ_PROCEDURES)),
            )
    for m in _APOC.finditer(names):
        if not m.group(1).lower().startswith(_APOC_READ_PREFIXES):
            raise Forbidden(f"read-only endpoint: apoc.{m.group(1)} is not allowed")
    m2 = _ADMIN_NAMESPACES.search(names)
    if m2 and not m2.group(0).lower().startswith("dbms.components"):
        raise Forbidden(f"read-only endpoint: {m2.group(0).rstrip('(').strip()} is not allowed")


@dataclass(frozen=True)
class CypherResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool


def to_json(value: Any) -> Any:
    """Driver values as JSON: nodes, relationships and paths as maps, temporal values as ISO text."""
    if isinstance(value, Node):
        return {
            "element_id": value.element_id,
            "labels": sorted(value.labels),
            "properties": to_json(dict(value)),
        }
    if isinstance(value, Relationship):
        return {
            "element_id": value.element_id,
            "type": value.type,
            "start": value.start_node.element_id if value.start_node else None,
            "end": value.end_node.element_id if value.end_node else None,
            "properties": to_json(dict(value)),
        }
    if isinstance(value, Path):
        return {"nodes": [to_json(n) for n in value.nodes], "rels": [to_json(r) for r in value.relationships]}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [to_json(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date | dt.datetime | dt.time) or hasattr(value, "iso_format"):
        iso = getattr(value, "iso_format", None)
        return iso() if callable(iso) else value.isoformat()
    return str(value)


def run_read(
    driver: Driver,
    query: str,
    params: dict[str, Any] | None = None,
    *,
    timeout: float = 10.0,
    row_cap: int = 1000,
    check: bool = True,
) -> CypherResult:
    """Run ``query`` in a READ transaction with a server-side ``timeout``; at most ``row_cap`` rows.

    ``check=False`` skips the text check: only the tests use it, to prove that the READ transaction
    alone refuses writes.
    """
    if check:
        check_read_only(query)
    # The text is the analyst's own query by design; it runs with parameters and read access only.
    text: LiteralString = query

    # Managed transactions take their server-side timeout from unit_of_work (a Query object's
    # timeout only applies to auto-commit session.run).
    @unit_of_work(timeout=timeout)
    def work(tx: ManagedTransaction) -> CypherResult:
        result = tx.run(text, params or {})
        columns = list(result.keys())
        rows: list[list[Any]] = []
        truncated = False
        for record in result:
            if len(rows) >= row_cap:
                truncated = True
                break
            rows.append([to_json(v) for v in record.values()])
        return CypherResult(columns, rows, truncated)

    try:
        with driver.session(default_access_mode=READ_ACCESS) as session:
            return session.execute_read(work)
    except ClientError as exc:
        code = exc.code or ""
        if "AccessMode" in code or "Forbidden" in code or "Security" in code:
            raise Forbidden(f"read-only endpoint: the server refused the query ({exc.message})") from exc
        if "Timeout" in code or "TransactionTimedOut" in code or "Terminated" in code:
            raise QueryTimeout(f"query exceeded the {timeout:g} s limit") from exc
        raise InputError(f"Cypher error: {exc.message}", hint=code) from exc


class QueryTimeout(InputError):
    """An analyst's query ran longer than the server-side limit."""

    http_status = 504
