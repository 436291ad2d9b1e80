"""Decoding: UTF-8, BOM, GBK/GB18030, UTF-16 with BOM; binary refused with file and offset."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from core.errors import InputError
from ingest.decode import decode_bytes
from ingest.reader import read_document

TEXT = "一、总体要求\n（一）发展目标。到2025年，青岛市氢能产业规模突破 200 亿元。\n"


@pytest.mark.parametrize(
    ("raw", "encoding"),
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gbk"), "gb18030"),
        (TEXT.encode("gb18030"), "gb18030"),
        (codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"), "utf-16"),
    ],
)
def test_decodes(raw: bytes, encoding: str) -> None:
    decoded = decode_bytes(raw)
    assert decoded.text == TEXT
    assert decoded.encoding == encoding


def test_gb18030_only_characters() -> None:
    text = "䶮与𠀀字"  # outside GBK, inside GB18030
    assert decode_bytes(text.encode("gb18030")).text == text


def test_nul_byte_is_binary(tmp_path: Path) -> None:
    # not a PDF: a damaged PDF is the PDF reader's (tests/unit/ingest/test_formats.py)
    path = tmp_path / "plan.dat"
    path.write_bytes(b"DATA-1.7\n" + b"abc\x00def")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert "plan.dat" in str(err.value) and "offset 12" in str(err.value)


def test_undecodable_names_offset() -> None:
    raw = "前言".encode() + b"\xff\xfe\xfd\xfc" + "正文".encode()
    with pytest.raises(InputError) as err:
        decode_bytes(raw, "bad.txt")
    message = str(err.value)
    assert "bad.txt" in message and "offset 6" in message


def test_control_bytes_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(bytes(range(1, 9)) * 20)


def test_bom_is_not_in_text_or_quotes() -> None:
    from ingest.reader import structure_text

    doc = structure_text(codecs.BOM_UTF8 + TEXT.encode(), "x")
    assert not doc.text.startswith("\ufeff")
    assert doc.quote(0, 2).text == "一、"
    assert doc.sha256 == __import__("hashlib").sha256(codecs.BOM_UTF8 + TEXT.encode()).hexdigest()


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read_document(tmp_path / "none.txt")
