"""`policykg eval`: this checkout's app served with uvicorn for the run and scored over real HTTP."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from fastapi import FastAPI
from neo4j import Driver

from api.cli import main
from api.server import background
from tests import corpus

SEEDS = corpus.ROOT / "seeds"
DOC = "003_103a7a8c5cb7a5b9"  # its manifest entry gives issuer and date


def test_background_serves_over_http_and_stops() -> None:
    app = FastAPI()

    @app.get("/ping")
    def ping() -> dict[str, bool]:
        return {"ok": True}

    with background(app) as url:
        assert url.startswith("http://127.0.0.1:")
        assert httpx.get(f"{url}/ping").json() == {"ok": True}
    port = urlsplit(url).port
    assert port is not None
    with pytest.raises(OSError), socket.create_connection(("127.0.0.1", port), timeout=1.0):
        pass  # shut down: nothing listens any more


@pytest.mark.neo4j
def test_eval_scores_the_app_served_for_the_run(
    cli_env: Driver, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["ingest", str(SEEDS / f"{DOC}.txt"), "--quiet"]) == 0
    capsys.readouterr()
    gold = [
        {
            "id": "T1",
            "kind": "document_metadata",
            "difficulty": "easy",
            "question_zh": "这些文件分别由哪个部门发布？",
            "params": {},
            "expected": [f"{DOC}.txt"],
            "sources": [{"file": f"{DOC}.txt"}],
        }
    ]
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    assert main(["eval", str(path), "--json", "--min-structured-f1", "1.0"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["overall"]["structured"]["f1"] == 1.0 and summary["failures"] == []
    assert [(i["id"], i["mode"]) for i in summary["items"]] == [("T1", "structured"), ("T1", "ask")]


def test_eval_of_an_unreachable_server_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    path = tmp_path / "gold.json"
    path.write_text("[]", encoding="utf-8")
    assert main(["eval", str(path), "--base-url", f"http://127.0.0.1:{port}"]) == 3
    assert f"cannot reach the policykg API at http://127.0.0.1:{port}" in capsys.readouterr().err
