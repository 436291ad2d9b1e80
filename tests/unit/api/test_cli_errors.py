"""The CLI's edge: a server failure that escaped every layer is a message and an exit code, not a
traceback (the 1000x benchmark's relink once ended in a raw MemoryPoolOutOfMemoryError)."""

from __future__ import annotations

import argparse

import pytest
from neo4j.exceptions import Neo4jError, ServiceUnavailable

import api.cli as cli


def _parser_raising(exc: Exception) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policykg")
    parser.set_defaults(func=lambda args: (_ for _ in ()).throw(exc))
    return parser


def _server_error(code: str, message: str) -> Neo4jError:
    return Neo4jError._hydrate_neo4j(code=code, message=message)


@pytest.mark.parametrize(
    ("exc", "said"),
    [
        (
            _server_error("Neo.TransientError.General.MemoryPoolOutOfMemoryError", "limit 716.8 MiB"),
            "POLICYKG_NEO4J_HEAP",
        ),
        (_server_error("Neo.TransientError.Transaction.DeadlockDetected", "lock"), "run the command again"),
        (ServiceUnavailable("connection lost"), "policykg db status"),
    ],
)
def test_a_driver_failure_is_a_message_with_a_hint(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], exc: Exception, said: str
) -> None:
    monkeypatch.setattr(cli, "build_parser", lambda: _parser_raising(exc))
    assert cli.main([]) == 3
    err = capsys.readouterr().err
    assert err.startswith("policykg: error: Neo4j failed") and said in err
    assert "Traceback" not in err
