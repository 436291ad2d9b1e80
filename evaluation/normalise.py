"""Keys for comparing names, and the words the API's answers use for what they do not know.

Matching is whitespace-insensitive (:func:`core.model.name_key`) and ignores the curly quotes; the
loose key also drops region and chain suffixes (青岛市 ~ 青岛, 新一代信息技术产业链 ~ 新一代信息技术).
"""

from __future__ import annotations

import re

from core.model import name_key

#: A gold answer saying the text does not tell; a candidate with ``unknown`` matches it.
UNKNOWN = "不可从文本判定"

#: Where a chain sits in a document (the words of the /ask chain_parents placements): it heads
#: sub-chains there but has no parent, it is not in the document, it is mentioned without a parent.

PAREN = re.compile(r"[（(][^（）()]*[）)]")
TRAILING_NOTE = re.compile(r"\s*[（(][^（）()]*[）)]\s*$")
REGION_SUFFIX = re.compile(r"(省|市|区|县)$")
CHAIN_SUFFIX = re.compile(r"(产业链|产业|行业|领域)$")


def norm(text: str) -> str:
    return name_key(text).replace("“", "").replace("”", "")


def loose(text: str) -> str:
    """A key without region / chain suffixes: 青岛市 ~ 青岛, 新一代信息技术产业链 ~ 新一代信息技术."""
    key = norm(text)
    for rx in (REGION_SUFFIX, CHAIN_SUFFIX):
        short = rx.sub("", key)
        if len(short) >= 2:
            key = short
    return key


YEAR = re.compile(r"(20\d\d)\s*年")
