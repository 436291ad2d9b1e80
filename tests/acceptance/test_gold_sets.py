"""Acceptance: every gold set scored through the public API with all development documents loaded
at once (the five seeds, the six Shanghai plans and the other-province fixtures), as
`policykg eval` scores them. No gold set is scored against a graph holding only its own documents.

Floors are the figures reached so far (raise them, never lower them); the per-kind floor is the
issue 10 acceptance bar for the Shanghai plans. Figures and history: docs/eval.md.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest

import evaluation as ev
from api.app import create_app
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests import corpus
from tests.api_support import ROOT, RecordingClient, TestClient, unverifiable_quotes

pytestmark = pytest.mark.neo4j

PROVINCES = ROOT / "tests" / "fixtures" / "provinces"


# (gold file, structured micro-F1 floor, /ask micro-F1 floor, /ask unknown-rate ceiling)
# Measured 2026-12-04: seeds 0.952 / 0.946 (2026-12-03: 0.931), Shanghai 0.966 / 0.929,
# provinces 0.95 / 0.86 (2026-12-03: 0.78).
FLOORS = {
    "seeds-dev.json": (0.95, 0.94, 0.10),
    "shanghai-dev.json": (0.95, 0.92, 0.10),
    "provinces": (0.92, 0.85, 0.10),
}
MIN_KIND_F1 = {"shanghai-dev.json": 0.85}  # every kind of the set, structured (issue 10 asks ≥ 0.70)


def _gold(name: str) -> list[dict[str, Any]]:
    if name == "provinces":
        return list(json.loads((PROVINCES / "gold.json").read_text(encoding="utf-8")))
    return corpus.gold(name)


@pytest.fixture(scope="module")
def everything(driver: neo4j.Driver) -> Iterator[RecordingClient]:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds", corpus.SHANGHAI, PROVINCES]):
        load_document(driver, facts_from_file(path))
    with TestClient(create_app(Settings.defaults(), driver=driver)) as tc:
        yield RecordingClient(tc)


def test_all_documents_are_loaded(everything: RecordingClient) -> None:
    fixtures = len(list(PROVINCES.glob("*.txt")))
    assert everything.get("/api/v1/health").json()["documents"] == 5 + 6 + fixtures


@pytest.mark.parametrize("name", list(FLOORS))
def test_gold_set_floors(everything: RecordingClient, name: str, tmp_path: Path) -> None:
    scores = ev.evaluate(everything, _gold(name))
    summary = ev.summarise(scores)
    table = ev.render_table(summary)
    print(f"\n{name}\n{table}")
    min_structured, min_ask, max_unknown = FLOORS[name]
    assert summary["overall"]["structured"]["f1"] >= min_structured, table
    assert summary["overall"]["ask"]["f1"] >= min_ask, table
    asked = [s for s in scores if s.mode == ev.ASK]
    unknown = sum(1 for s in asked if s.intent == "unknown") / len(asked)
    assert unknown <= max_unknown, f"/ask answered unknown for {unknown:.0%}"
    for kind, totals in summary["by_kind"]["structured"].items():
        assert totals["f1"] >= MIN_KIND_F1.get(name, 0.0), (kind, table)


def test_every_quote_of_the_gold_runs_is_verbatim(everything: RecordingClient) -> None:
    assert everything.bodies, "run after the gold sets"
    assert unverifiable_quotes(everything.bodies) == []
