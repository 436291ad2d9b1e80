"""The city report (policykg report, GET /api/v1/report): Markdown and HTML with a citation on every
line, the HTML self-contained (CSP default-src 'none', no external URL, renders in headless
Chromium), and the PDF printed by Chromium."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import neo4j
import pytest

from api.app import create_app
from api.cli import main
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from ingest.reference_map import reference_facts
from tests.api_support import ROOT, TestClient
from tests.conftest import Neo4jServer

pytestmark = pytest.mark.neo4j
API = "/api/v1"


@pytest.fixture(scope="module")
def client(driver: neo4j.Driver) -> Iterator[TestClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    load_document(driver, reference_facts())
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield tc


def test_markdown_cites_every_segment(client: TestClient) -> None:
    r = client.get(f"{API}/report", params={"city": "青岛", "chain": "氢能", "format": "md"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/markdown")
    rows = [line for line in r.text.splitlines() if line.startswith("| ") and "---" not in line][1:]
    assert len(rows) >= 5
    assert all(re.search(r"[\w]+:\d+「", row) for row in rows)  # doc:line「quote」 on every line
    assert "鲁氢经济带" in r.text and "济南市" in r.text


def test_html_is_self_contained_and_renders(client: TestClient, tmp_path: Path) -> None:
    r = client.get(f"{API}/report", params={"city": "青岛", "chain": "氢能"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert "default-src 'none'" in page and "@media print" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page)
    exe = shutil.which("chromium")
    if exe is None:
        pytest.skip("chromium is not installed")
    f = tmp_path / "report.html"
    f.write_text(page, encoding="utf-8")
    flags = ["--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={tmp_path}/p"]
    dom = subprocess.run(
        [exe, *flags, "--virtual-time-budget=5000", "--dump-dom", f.as_uri()],
        capture_output=True, text=True, timeout=120, check=True,
    ).stdout  # fmt: skip
    assert 'data-ready="1"' in dom and "<canvas" in dom


def test_cli_pdf_and_errors(
    client: TestClient,
    neo4j_server: Neo4jServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("NEO4J_URI", neo4j_server.uri)
    monkeypatch.setenv("NEO4J_USER", neo4j_server.user)
    monkeypatch.setenv("NEO4J_PASSWORD", neo4j_server.password)
    out = tmp_path / "r.md"
    assert main(["report", "--city", "青岛", "--chain", "氢能", "--format", "md", "-o", str(out)]) == 0
    assert out.read_text("utf-8").startswith("# 青岛市")
    assert main(["report", "--city", "青岛", "--format", "pdf"]) == 2  # pdf needs --output
    if shutil.which("chromium"):
        pdf = tmp_path / "r.pdf"
        assert main(["report", "--city", "青岛", "--chain", "氢能", "--format", "pdf", "-o", str(pdf)]) == 0
        assert pdf.read_bytes().startswith(b"%PDF")
    monkeypatch.setenv("POLICYKG_CHROMIUM", "")
    monkeypatch.setenv("PATH", "/nonexistent")
    assert (
        main(
            ["report", "--city", "青岛", "--chain", "氢能", "--format", "pdf", "-o", str(tmp_path / "x.pdf")]
        )
        != 0
    )
    assert "Chromium" in capsys.readouterr().err
    r = client.get(f"{API}/report", params={"city": "青岛", "chain": "不存在的链", "format": "md"})
    assert r.status_code == 404
