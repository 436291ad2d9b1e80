"""Apply ``schema.cypher`` (constraints and indexes) statement by statement.

The file lives at the repository root; ``graph/schema.cypher`` is a link to it, shipped as package
data, so an installed policykg finds it too. Every statement carries ``IF NOT EXISTS``: applying
the schema twice is a no-op.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import neo4j
from neo4j.exceptions import Neo4jError

from core.errors import ConfigError, RuntimeUnavailable

SCHEMA_FILE = Path(__file__).resolve().parent / "schema.cypher"


@dataclass(frozen=True)
class SchemaReport:
    statements: int
    constraints: int
    indexes: int


def schema_path() -> Path:
    if not SCHEMA_FILE.is_file():
        raise ConfigError(f"schema file missing: {SCHEMA_FILE}", hint="reinstall policykg")
    return SCHEMA_FILE


def statements(text: str | None = None) -> list[str]:
    """The statements of ``schema.cypher``: ``//`` comment lines dropped, split at ``;`` line ends."""
    if text is None:
        text = schema_path().read_text(encoding="utf-8")
    out: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped.startswith("//"):
            continue
        current.append(stripped)
        if stripped.endswith(";"):
            out.append(" ".join(current)[:-1].strip())
            current = []
    if current:
        out.append(" ".join(current).strip())
    return out


_FULLTEXT = re.compile(r"CREATE FULLTEXT INDEX (\w+) IF NOT EXISTS FOR \(\w+:([\w|]+)\)")
_FULLTEXT_LABELS = "SHOW FULLTEXT INDEXES YIELD name, labelsOrTypes WHERE name = $name RETURN labelsOrTypes"


def _drop_outdated_fulltext(session: neo4j.Session, stmts: list[str]) -> None:
    """A full-text index whose labels changed (a new entity label) is dropped to be recreated:
    ``IF NOT EXISTS`` alone would keep the old definition on an existing store."""
    for stmt in stmts:
        if (m := _FULLTEXT.match(stmt)) is None:
            continue
        name, wanted = m.group(1), sorted(m.group(2).split("|"))
        record = session.run(_FULLTEXT_LABELS, name=name).single()
        if record is not None and sorted(record["labelsOrTypes"]) != wanted:
            session.run("DROP INDEX $name", name=name).consume()


def apply_schema(
    driver: neo4j.Driver, *, database: str | None = None, wait_seconds: int = 120
) -> SchemaReport:
    """Run every schema statement (each in its own auto-commit transaction), then wait for indexes."""
    stmts = statements()
    try:
        with driver.session(database=database) as session:
            _drop_outdated_fulltext(session, stmts)
            for stmt in stmts:
                session.run(stmt).consume()  # fixed text from our own file, no user values
            session.run("CALL db.awaitIndexes($s)", s=wait_seconds).consume()
            constraints = session.run("SHOW CONSTRAINTS YIELD name RETURN count(*) AS n").single(strict=True)
            indexes = session.run("SHOW INDEXES YIELD name RETURN count(*) AS n").single(strict=True)
    except Neo4jError as exc:
        raise RuntimeUnavailable(
            f"applying {schema_path()} failed: {exc.message or exc}",
            hint="check the statement in schema.cypher against the server's Neo4j version",
        ) from None
    return SchemaReport(len(stmts), int(constraints["n"]), int(indexes["n"]))
