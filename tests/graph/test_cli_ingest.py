"""`policykg ingest` and `policykg delete` end to end against the real Neo4j."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from neo4j import Driver

from api.cli import main
from tests import corpus

SEEDS = corpus.ROOT / "seeds"


@pytest.mark.neo4j
def test_ingest_summarises_and_is_idempotent(
    cli_env: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("001_5634ba83ae6deb07.txt", "003_103a7a8c5cb7a5b9.txt", "manifest.toml"):
        shutil.copy(SEEDS / name, tmp_path / name)
    assert main(["ingest", str(tmp_path), "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "001_5634ba83ae6deb07: loaded" in out and "003_103a7a8c5cb7a5b9: loaded" in out
    assert "2 document(s) processed" in out
    assert "relationships:" in out and "LEADS" in out and "Agency" in out

    assert main(["ingest", str(tmp_path), "--quiet"]) == 0
    assert "001_5634ba83ae6deb07: unchanged" in capsys.readouterr().out
    titles = cli_env.execute_query("MATCH (d:Document) RETURN d.subject AS s ORDER BY d.id").records
    assert titles[0]["s"] == "标志性产业链科技创新"  # metadata from the manifest beside the files


@pytest.mark.neo4j
def test_a_bad_file_fails_alone_with_a_clear_message(
    cli_env: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(SEEDS / "003_103a7a8c5cb7a5b9.txt", tmp_path / "003.txt")
    (tmp_path / "broken.txt").write_bytes(b"PK\x03\x04\x00\x00binary")
    assert main(["ingest", str(tmp_path), "--quiet"]) == 1
    captured = capsys.readouterr()
    assert "broken.txt: binary input (NUL byte at offset 4)" in captured.err
    docs = {r["id"] for r in cli_env.execute_query("MATCH (d:Document) RETURN d.id AS id").records}
    assert docs == {"003", "reference_chain_segments"}  # the good document (and the segment map) is in


@pytest.mark.neo4j
def test_delete(cli_env: Driver, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(SEEDS / "001_5634ba83ae6deb07.txt"), "--quiet"]) == 0
    assert main(["delete", "001_5634ba83ae6deb07"]) == 0
    assert "deleted 001_5634ba83ae6deb07" in capsys.readouterr().out
    assert main(["delete", "001_5634ba83ae6deb07"]) == 5
    assert "no document" in capsys.readouterr().err
    assert main(["delete", "reference_chain_segments"]) == 0  # ingest (re)loads the segment map
    assert cli_env.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"] == 0
