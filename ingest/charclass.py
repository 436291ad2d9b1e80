"""Character classes built from code-point sets, written as ranges so that ``re`` scans them fast."""

from __future__ import annotations

import re
from collections.abc import Iterable


def char_class(code_points: Iterable[int]) -> re.Pattern[str]:
    """``[...]`` matching exactly ``code_points``, each run of consecutive ones written as a range.

    ``re`` scans a class of a few dozen ranges some 60× faster than one of a thousand single
    characters, and these classes are scanned over every character of every document.
    """
    ranges: list[list[int]] = []
    for cp in sorted(set(code_points)):
        if ranges and ranges[-1][1] == cp - 1:
            ranges[-1][1] = cp
        else:
            ranges.append([cp, cp])
    parts = (re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges)
    return re.compile("[" + "".join(parts) + "]")
