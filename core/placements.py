"""Where a chain sits in one document, from a chain's detail (its parents and children per document
and the documents that mention it): the words both the /ask answer and the gold scorer use."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

TOP, ABSENT, UNPLACED = "顶层", "未涉及", "未标明上级"


def placement(detail: Mapping[str, Any], doc: str) -> dict[str, Any]:
    """``{"doc", "parents", "placement"}``: the chain's parents in ``doc``, or 顶层 (it heads
    sub-chains there but has no parent), 未标明上级 (mentioned only) or 未涉及 (not in it)."""
    parents = [str(x["name"]) for x in detail.get("parents", []) if x.get("doc") == doc]
    if parents:
        place = "、".join(parents)
    elif any(x.get("doc") == doc for x in detail.get("children", [])):
        place = TOP
    elif doc in detail.get("documents", []):
        place = UNPLACED
    else:
        place = ABSENT
    return {"doc": doc, "parents": parents, "placement": place}
