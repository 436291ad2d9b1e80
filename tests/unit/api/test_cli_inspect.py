"""`policykg inspect`: text and JSON output."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main
from tests import corpus

SEEDS = corpus.ROOT / "seeds"


def test_inspect_text(capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = SEEDS.glob("000_*.txt")
    assert main(["inspect", str(path), "--manifest", str(SEEDS / "manifest.toml")]) == 0
    out = capsys.readouterr().out
    assert "专栏 3：新能源新材料产业重大项目  (24 items)" in out
    assert "[3 1.] 1 新一代信息技术" in out
    assert "toc-dropped" in out and "[manifest]" in out


def test_inspect_json(capsys: pytest.CaptureFixture[str]) -> None:
    (path,) = SEEDS.glob("001_*.txt")
    assert main(["inspect", str(path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["clauses"]) == 8
    assert data["clauses"][0]["leads"] == ["省科技厅"] and data["clauses"][0]["line"] == 51
    assert {h["level"] for h in data["headings"]} == {1, 2, 3}


def test_inspect_binary_is_an_input_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "x.txt"
    bad.write_bytes(b"\x00\x01\x02")
    assert main(["inspect", str(bad)]) == 4
    assert "offset 0" in capsys.readouterr().err
