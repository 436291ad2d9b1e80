"""graph.plan's facts fingerprint depends on the plan's values alone: not on how the values were
built (shared or copied objects, interned strings), on the process (hash seed), nor on how the rows
are split into pieces; otherwise a re-ingest would see unchanged documents as changed."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from core.model import Label
from graph import plan as planning
from graph.plan import LoadPlan, rows_for
from ingest.pipeline import facts_from_file

ROOT = Path(__file__).resolve().parents[3]
SEED = sorted((ROOT / "seeds").glob("*.txt"))[0]


def _rebuilt(value: Any) -> Any:
    """An equal value made of new objects: strings rebuilt (not interned, not shared)."""
    if isinstance(value, str):
        return "".join(list(value))
    if isinstance(value, list):
        return [_rebuilt(v) for v in value]
    if isinstance(value, dict):
        return {_rebuilt(k): _rebuilt(v) for k, v in value.items()}
    return value


def _plan(rows: list[dict[str, Any]]) -> LoadPlan:
    return LoadPlan({"id": "d", "props": {"name": "文件"}}, rows, {}, {}, {Label.CHAIN: [{"s": 0, "n": 1}]})


def test_equal_values_built_differently_hash_the_same() -> None:
    plan = rows_for(facts_from_file(SEED))
    stored = plan.document["props"].pop("facts_sha256")  # hashed before it was added
    assert planning._fingerprint(plan) == stored
    again = copy.deepcopy(plan)
    again.sentences = _rebuilt(again.sentences)
    again.nodes = {k: _rebuilt(v) for k, v in reversed(list(again.nodes.items()))}  # any group order
    assert planning._fingerprint(again) == stored
    row = {"id": "s:1", "props": {"text": "青岛", "line": 3, "page": None, "ok": True, "w": 0.5}}
    shared = _plan([row, row, row])
    assert planning._fingerprint(shared) == planning._fingerprint(_plan([_rebuilt(row) for _ in range(3)]))


@pytest.mark.parametrize("changed", [1, 1.0, True, "1", None, [1], (1,)])
def test_a_changed_value_or_type_changes_the_hash(changed: Any) -> None:
    def with_line(line: Any) -> str:
        return planning._fingerprint(_plan([{"id": "s:1", "props": {"line": line}}]))

    assert with_line(changed) != with_line(2)
    assert len({with_line(v) for v in (1, 1.0, True, "1")}) == 4


def test_rows_split_into_other_pieces_are_framed_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [{"id": f"s:{i}", "props": {"line": i}} for i in range(7)]
    one = planning._fingerprint(_plan(rows))
    monkeypatch.setattr(planning, "_BATCH", 2)
    assert planning._fingerprint(_plan(rows)) != one  # a change of batch size is a change of format…
    moved = _plan(rows[:6])
    moved.nodes = {Label.CHAIN: rows[6:]}
    assert planning._fingerprint(moved) != planning._fingerprint(_plan(rows))  # …a part's rows ≠ another's


def test_a_value_marshal_cannot_encode_still_hashes_deterministically() -> None:
    odd = _plan([{"id": "s:1", "props": {"level": Label.CHAIN, "n": 2**70}}])
    assert planning._fingerprint(odd) == planning._fingerprint(copy.deepcopy(odd))


def test_the_hash_is_the_same_in_another_process() -> None:
    code = (
        "from graph.load import rows_for; from ingest.pipeline import facts_from_file; import sys; "
        "from pathlib import Path; "
        "print(rows_for(facts_from_file(Path(sys.argv[1]))).document['props']['facts_sha256'])"
    )
    seen = set()
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(ROOT)}
        out = subprocess.run([sys.executable, "-c", code, str(SEED)], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        seen.add(out.stdout.strip())
    assert seen == {rows_for(facts_from_file(SEED)).document["props"]["facts_sha256"]}
