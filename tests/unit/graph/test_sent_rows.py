"""Rows are sent in a list whose repr is a summary (the driver formats parameters for a debug log
line on every statement); the bytes the driver packs are those of a plain list."""

from __future__ import annotations

import io
from typing import Any

from neo4j._codec.packstream.v1 import Packer

from graph.load import rows_for
from graph.writes import SentRows, statements
from tests.graph.test_load import make_facts


def _packed(value: Any) -> bytes:
    out = io.BytesIO()
    Packer(out).pack(value)
    return out.getvalue()


def test_rows_pack_as_a_plain_list_and_print_as_a_count() -> None:
    rows = [
        {"id": f"s{i}", "props": {"line": i, "text": "推进氢能产业发展", "page": None, "l": ["a"]}}
        for i in range(50)
    ]
    sent = SentRows(rows)
    assert sent == rows and _packed({"p": sent, "doc": "d"}) == _packed({"p": rows, "doc": "d"})
    assert repr({"p": sent}) == "{'p': <50 rows>}"


def test_every_statement_sends_its_rows_as_sent_rows() -> None:
    plan = rows_for(make_facts("sent", projects=("甲市氢能项目", "乙市氢能项目")))
    sent = [params for _, params in statements(plan)]
    assert sent
    for params in sent:
        rows = {k: v for k, v in params.items() if k != "doc"}
        assert rows and all(isinstance(v, SentRows) for v in rows.values())
        assert sum(len(v) for v in rows.values()) > 0
