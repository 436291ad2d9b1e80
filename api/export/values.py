"""Property values as the flat formats hold them (GraphML, CSV): scalars stay typed, lists become
JSON text, anything else (temporal values) its ISO text."""

from __future__ import annotations

import json
from typing import Any

Scalar = str | int | float | bool


def plain(value: Any) -> Any:
    """A JSON-able value: Neo4j temporal types become their ISO text, lists are kept."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)


def flat(value: Any) -> Scalar | None:
    """A scalar for one cell or attribute: lists as JSON text (``["a","b"]``), None kept."""
    value = plain(value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value  # type: ignore[no-any-return]
