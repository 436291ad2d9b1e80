"""Cached name resolution (graph.queries.resolve): hits are remembered briefly, misses never."""

from __future__ import annotations

import importlib
from typing import Any

import pytest

from core.errors import NotFound
from core.model import Label

r = importlib.import_module("graph.queries.resolve")  # the package exports a function of that name


@pytest.fixture
def reads(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    calls: list[dict[str, Any]] = []
    known = {"青岛市": "region:370200"}

    def fake_read(driver: object, query: str, **params: Any) -> list[dict[str, Any]]:
        calls.append(params)
        for key in params.get("keys", []):
            if key in known:
                return [{"id": known[key], "name": key}]
        return []

    monkeypatch.setattr(r, "read", fake_read)
    r.clear_cache()
    yield calls
    r.clear_cache()


def test_a_name_found_is_asked_once(reads: list[dict[str, Any]]) -> None:
    driver = object()
    first = r.resolve(driver, Label.REGION, "青岛")  # type: ignore[arg-type]
    again = r.resolve(driver, Label.REGION, "青岛")  # type: ignore[arg-type]
    assert first == again and first.id == "region:370200"
    assert len(reads) == 1


def test_cleared_or_expired_is_asked_again(
    reads: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    driver = object()
    r.resolve(driver, Label.REGION, "青岛")  # type: ignore[arg-type]
    r.clear_cache()
    r.resolve(driver, Label.REGION, "青岛")  # type: ignore[arg-type]
    assert len(reads) == 2
    now = r.time.monotonic()
    monkeypatch.setattr(r.time, "monotonic", lambda: now + r.CACHE_SECONDS + 1)
    r.resolve(driver, Label.REGION, "青岛")  # type: ignore[arg-type]
    assert len(reads) == 3


def test_a_missing_name_is_not_remembered(reads: list[dict[str, Any]]) -> None:
    driver = object()
    for _ in range(2):
        with pytest.raises(NotFound):
            r.resolve(driver, Label.REGION, "不存在")  # type: ignore[arg-type]
    assert sum(1 for p in reads if "keys" in p) == 2


def test_drivers_do_not_share_answers(reads: list[dict[str, Any]]) -> None:
    one, other = object(), object()  # both alive: distinct ids
    r.resolve(one, Label.REGION, "青岛")  # type: ignore[arg-type]
    r.resolve(other, Label.REGION, "青岛")  # type: ignore[arg-type]
    assert len(reads) == 2
