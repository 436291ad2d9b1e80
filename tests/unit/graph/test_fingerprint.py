"""graph.load hashes a plan's JSON in pieces (no text of the whole plan in memory): the pieces must
join to exactly the one-shot encoding, or a re-ingest would see every stored document as changed."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from core.model import Label
from graph import load
from graph.load import rows_for
from ingest.pipeline import facts_from_file

SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def _one_shot(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


@pytest.mark.parametrize("batch", [1, 2, 1000])
def test_pieces_join_to_the_one_shot_encoding(batch: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "_JSON_BATCH", batch)
    row = {"id": "s:1", "props": {"text": "青岛", "line": 3, "page": None, "ok": True, "w": 0.5}}
    shapes: list[tuple[Any, ...]] = [
        ({}, [], [], [], []),
        ({"id": "d"}, [row] * 5, [(Label.CHAIN, [row] * 3), (Label.REGION, [])], [], [(Label.AGENCY, [row])]),
        ({"id": "d"}, [], [], [(("SERVES", Label.PROJECT, Label.CHAIN), [row, row])], []),
    ]
    for content in shapes:
        assert "".join(load._json_pieces(content)) == _one_shot(content)


def test_a_seed_plan_hashes_as_its_whole_encoding(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(load, "_JSON_BATCH", 50)
    plan = rows_for(facts_from_file(sorted(SEEDS.glob("*.txt"))[0]))
    stored = plan.document["props"].pop("facts_sha256")
    content = load._fingerprint_content(plan)
    assert len(plan.sentences) > load._JSON_BATCH  # several batches
    assert stored == hashlib.sha256(_one_shot(content).encode("utf-8")).hexdigest()
