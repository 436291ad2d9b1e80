"""Bytes to text: UTF-8 (with or without BOM), UTF-16 with BOM, GBK/GB18030.

Policy texts come from PDF extraction and from Windows tools, so GB18030 (a superset of GBK)
is as common as UTF-8. Anything else is refused with the file and the byte offset that broke,
rather than decoded with replacement characters that would end up inside quotes. A UTF-8 file
damaged in the middle (a truncated copy, two files pasted together) is refused too, naming the
line: read as GB18030 it would often decode, into nonsense.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from core.errors import InputError

# C0 control characters other than TAB, LF, VT, FF, CR: a text file has (almost) none.
_CONTROL = frozenset(range(0x20)) - {0x09, 0x0A, 0x0B, 0x0C, 0x0D}
_MAX_CONTROL_SHARE = 0.01
# Valid multi-byte UTF-8 characters per broken sequence above which a file is UTF-8, damaged.
_UTF8_EVIDENCE = 8
_BINARY_HINT = "policykg reads .txt (UTF-8 or GBK), .pdf with a text layer, .docx and .html files"


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # "utf-8", "utf-8-sig", "utf-16", "gb18030"


def decode_bytes(raw: bytes, name: str = "<input>") -> Decoded:
    """Decode ``raw``; raise :class:`InputError` naming ``name`` and a byte offset if impossible."""
    for bom, codec in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):  # fmt: skip
        if raw.startswith(bom):
            return Decoded(_strict(raw, codec, name), codec)
    _refuse_binary(raw, name)
    try:
        return Decoded(raw.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as utf8_err:
        _refuse_damaged_utf8(raw, utf8_err, name)
        try:
            return Decoded(raw.decode("gb18030"), "gb18030")
        except UnicodeDecodeError as gb_err:
            raise InputError(
                f"{name}: cannot decode: not UTF-8 (byte 0x{raw[utf8_err.start]:02x} at offset "
                f"{utf8_err.start}) and not GBK/GB18030 (byte 0x{raw[gb_err.start]:02x} at offset "
                f"{gb_err.start})",
                hint="convert the file to UTF-8 text (e.g. iconv -f ENCODING -t UTF-8)",
            ) from gb_err


def _strict(raw: bytes, codec: str, name: str) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        raise InputError(
            f"{name}: invalid {codec} byte 0x{raw[err.start]:02x} at offset {err.start}",
            hint="the file starts with a byte-order mark but is not valid in that encoding",
        ) from err
    return text.lstrip("\ufeff")


def _refuse_damaged_utf8(raw: bytes, err: UnicodeDecodeError, name: str) -> None:
    """Mostly valid UTF-8 with some broken bytes: refuse, naming where, rather than guess GBK."""
    text = raw.decode("utf-8", errors="replace")
    broken = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
    multibyte = sum(1 for c in text if ord(c) > 0x7F) - broken
    if multibyte < _UTF8_EVIDENCE * max(broken, 1):
        return
    line = raw.count(b"\n", 0, err.start) + 1
    raise InputError(
        f"{name}: invalid UTF-8 at line {line} (byte 0x{raw[err.start]:02x} at offset {err.start}; "
        f"{broken} broken sequence(s) in a UTF-8 text): the file is damaged",
        hint="fix or re-export the file (iconv -f UTF-8 -t UTF-8 -c drops the broken bytes)",
    )


def _refuse_binary(raw: bytes, name: str) -> None:
    """NUL bytes or many control bytes mean a binary file (PDF, DOCX, image), not text."""
    nul = raw.find(b"\x00")
    if nul >= 0:
        raise InputError(
            f"{name}: binary input (NUL byte at offset {nul})",
            hint=_BINARY_HINT,
        )
    controls = [i for i, b in enumerate(raw[:65536]) if b in _CONTROL]
    if controls and len(controls) > _MAX_CONTROL_SHARE * min(len(raw), 65536):
        raise InputError(
            f"{name}: binary input (control byte 0x{raw[controls[0]]:02x} at offset {controls[0]})",
            hint=_BINARY_HINT,
        )
