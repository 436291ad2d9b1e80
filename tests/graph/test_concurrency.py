"""Two ingests at once from two processes, ``policykg ingest`` and the admin API of ``policykg
serve`` (real HTTP), on the real Neo4j: of different documents, and of the same document. Either
way the graph equals the one a serial run of the same loads gives.

The seed texts are copied without seeds/manifest.toml, so that the CLI and an upload read the same
metadata (detected from the text) and the same document gives the same facts by either path.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import neo4j
import pytest

from tests.graph.test_load import snapshot
from tests.served import SEEDS, TOKEN, Served, ingest_command, serve, server_env

pytestmark = pytest.mark.neo4j

SEED_FILES = sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="module")
def served(driver: neo4j.Driver, neo4j_server: Any) -> Iterator[Served]:
    with serve(server_env(neo4j_server)) as s:
        yield s


def _copy(files: list[Path], folder: Path) -> Path:
    folder.mkdir()
    for f in files:
        shutil.copy(f, folder / f.name)
    return folder


def _upload(served: Served, path: Path, out: dict[str, Any]) -> None:
    with httpx.Client(timeout=600) as http:
        r = http.post(
            served.url("/documents"),
            files={"file": (path.name, path.read_bytes(), "text/plain")},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    out.setdefault("statuses", []).append((path.stem, r.status_code, r.text[:300]))


def _at_once(env: dict[str, str], cli_folder: Path, served: Served, uploads: list[Path]) -> dict[str, Any]:
    """The CLI ingest of ``cli_folder`` and the uploads of ``uploads`` (in turn), started together."""
    out: dict[str, Any] = {}

    def uploader() -> None:
        for path in uploads:
            _upload(served, path, out)

    thread = threading.Thread(target=uploader)
    cli = subprocess.Popen(ingest_command(cli_folder), env=env, stderr=subprocess.PIPE, text=True)
    thread.start()
    _, err = cli.communicate(timeout=600)
    thread.join(timeout=600)
    out["cli"] = (cli.returncode, err[-2000:])
    return out


def _serial(env: dict[str, str], cli_folder: Path, served: Served, uploads: list[Path]) -> None:
    done = subprocess.run(ingest_command(cli_folder), env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    out: dict[str, Any] = {"statuses": []}
    for path in uploads:
        _upload(served, path, out)
    assert all(status in (200, 201) for _, status, _ in out["statuses"]), out


# Every property must be equal, the provenance of open-vocabulary chains included (graph/load.py
# keeps the smallest introducing sentence id, whatever the order of loads).
_ORDER_DEPENDENT: tuple[str, ...] = ()


def _order_free(snap: tuple[list[Any], list[Any]]) -> tuple[list[Any], list[Any]]:
    nodes, rels = snap
    kept = sorted(
        (labels, [(k, v) for k, v in props if k not in _ORDER_DEPENDENT]) for labels, props in nodes
    )
    return kept, rels


def _differences(a: Any, b: Any) -> str:
    lines = []
    for part, (x, y) in zip(("node", "rel"), zip(a, b, strict=True), strict=True):
        xs, ys = {repr(v) for v in x}, {repr(v) for v in y}
        lines += [f"only concurrent {part}: {v[:400]}" for v in sorted(xs - ys)[:5]]
        lines += [f"only serial {part}: {v[:400]}" for v in sorted(ys - xs)[:5]]
    return "\n".join(lines)


def test_different_documents_from_cli_and_api_at_once(
    clean_graph: neo4j.Driver, neo4j_server: Any, served: Served, tmp_path: Path
) -> None:
    env = server_env(neo4j_server)
    cli_folder = _copy(SEED_FILES[:3], tmp_path / "cli")
    uploads = [shutil.copy(f, tmp_path / f.name) for f in SEED_FILES[3:]]
    upload_paths = [Path(p) for p in uploads]
    out = _at_once(env, cli_folder, served, upload_paths)
    assert out["cli"][0] == 0, out["cli"][1]
    assert [s for _, s, _ in out["statuses"]] == [201, 201], out["statuses"]
    concurrent = _order_free(snapshot(clean_graph))
    docs = clean_graph.execute_query("MATCH (d:Document) RETURN d.id AS id ORDER BY id").records
    assert [r["id"] for r in docs if not r["id"].startswith("reference")] == [f.stem for f in SEED_FILES]

    clean_graph.execute_query("MATCH (n) DETACH DELETE n")
    _serial(env, cli_folder, served, upload_paths)
    serial = _order_free(snapshot(clean_graph))
    assert serial == concurrent, _differences(concurrent, serial)


def test_the_same_document_from_cli_and_api_at_once(
    clean_graph: neo4j.Driver, neo4j_server: Any, served: Served, tmp_path: Path
) -> None:
    env = server_env(neo4j_server)
    seed = SEED_FILES[2]
    cli_folder = _copy([seed], tmp_path / "cli")
    out = _at_once(env, cli_folder, served, [cli_folder / seed.name])
    assert out["cli"][0] == 0, out["cli"][1]
    # One of them loads it; the other finds it loaded (unchanged) or loads the same facts again.
    assert [s for _, s, _ in out["statuses"]] in ([201], [200]), out["statuses"]
    concurrent = snapshot(clean_graph)

    clean_graph.execute_query("MATCH (n) DETACH DELETE n")
    _serial(env, cli_folder, served, [])
    assert snapshot(clean_graph) == concurrent
