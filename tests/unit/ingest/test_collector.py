"""The collector pause restores the collector's state, also when the work raises."""

from __future__ import annotations

import gc

import pytest

from ingest.collector import collector_paused, paused


def test_paused_turns_the_collector_off_and_back_on() -> None:
    assert gc.isenabled()
    with paused():
        assert not gc.isenabled()
        with paused():  # nested: the inner one leaves it to the outer
            assert not gc.isenabled()
        assert not gc.isenabled()
    assert gc.isenabled()


def test_paused_leaves_a_disabled_collector_disabled() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_decorated_function_restores_the_collector_when_it_raises() -> None:
    @collector_paused
    def fail(x: int) -> int:
        assert not gc.isenabled()
        raise ValueError(x)

    with pytest.raises(ValueError):
        fail(1)
    assert gc.isenabled()


@pytest.mark.parametrize("entry", ["facts_from_text", "facts_from_file"])
def test_pipeline_keeps_the_collector_off_between_structure_and_extraction(
    entry: str, monkeypatch: pytest.MonkeyPatch, tmp_path: object
) -> None:
    """One pause over both steps: the structured document is not walked by a collection in between."""
    from pathlib import Path

    from ingest import pipeline

    seen: list[bool] = []
    real = pipeline.extract_facts

    def spy(doc: object) -> object:
        seen.append(gc.isenabled())
        return real(doc)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "extract_facts", spy)
    text = "青岛市氢能产业发展规划\n一、发展目标\n到2025年，氢能产业规模达到100亿元。\n"
    if entry == "facts_from_text":
        facts = pipeline.facts_from_text("gc-check", text)
    else:
        path = Path(str(tmp_path)) / "gc-check.txt"
        path.write_text(text, encoding="utf-8")
        facts = pipeline.facts_from_file(path)
    assert seen == [False]
    assert gc.isenabled()
    assert facts.sentences
