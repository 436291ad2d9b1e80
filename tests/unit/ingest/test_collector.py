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
