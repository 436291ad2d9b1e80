"""What the client returns: the API's JSON in typed containers, each list able to become a
``pandas.DataFrame`` (pandas is imported lazily, so the client works without it)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Literal, TypedDict

if TYPE_CHECKING:
    import pandas

EvidenceMode = Literal["first", "explode", "keep"]


class PolicyKGClientError(Exception):
    """An error answer of the API (``{"detail": ...}``) or an unreachable server."""

    def __init__(self, status: int, detail: str, suggestions: list[str] | None = None) -> None:
        super().__init__(f"{status}: {detail}" if status else detail)
        self.status = status
        self.detail = detail
        self.suggestions = suggestions or []


class Evidence(TypedDict, total=False):
    doc: str
    title: str | None
    line: int
    quote: str


def _pandas() -> Any:
    try:
        import pandas
    except ModuleNotFoundError:
        raise ModuleNotFoundError(
            "to_pandas() needs pandas: pip install pandas (the client itself needs only httpx)"
        ) from None
    return pandas


def _rows(items: Iterable[Mapping[str, Any]], evidence: EvidenceMode) -> list[dict[str, Any]]:
    """Items as flat rows: ``evidence`` as the first citation's columns (``first``), one row per
    citation (``explode``) or the list as it came (``keep``)."""
    rows: list[dict[str, Any]] = []
    for item in items:
        base = {k: v for k, v in item.items() if k != "evidence" or evidence == "keep"}
        cites = list(item.get("evidence") or [])
        if evidence == "keep":
            rows.append(base)
            continue
        chosen = cites if evidence == "explode" else cites[:1]
        for cite in chosen or [{}]:
            row = dict(base)
            row["evidence_count"] = len(cites)
            for key in ("doc", "title", "line", "quote"):
                row[f"evidence_{key}"] = cite.get(key)
            rows.append(row)
    return rows


class Items(list[dict[str, Any]]):
    """A list response's items (``total``: the response's ``count``), plus :meth:`to_pandas`."""

    def __init__(self, items: Iterable[dict[str, Any]] = (), count: int | None = None) -> None:
        super().__init__(items)
        self.total = len(self) if count is None else count

    @property
    def names(self) -> list[str]:
        return [str(i.get("name")) for i in self]

    def to_pandas(self, evidence: EvidenceMode = "first") -> pandas.DataFrame:
        """A DataFrame, one row per item (``evidence="explode"``: per citation)."""
        return _pandas().DataFrame(_rows(self, evidence))


class GapReport(dict[str, Any]):
    """``GET /gaps``: the chain's segments in a city, and what the province designates."""

    @property
    def segments(self) -> Items:
        return Items(self.get("segments") or [])

    def to_pandas(self, evidence: EvidenceMode = "first") -> pandas.DataFrame:
        """The segments, one row each (covered, status, the city's projects as names)."""
        rows = []
        for seg in self.segments:
            row = dict(seg)
            for key in ("projects", "enterprises", "platforms", "bases"):
                if isinstance(row.get(key), list):
                    row[key] = [c.get("name") if isinstance(c, dict) else c for c in row[key]]
            rows.append(row)
        return _pandas().DataFrame(_rows(rows, evidence))


class Answer(dict[str, Any]):
    """``POST /ask``: ``answer`` (text), ``intent``, ``params``, ``items``, ``cypher``."""

    @property
    def answer(self) -> str:
        return str(self.get("answer") or "")

    @property
    def items(self) -> Items:  # type: ignore[override]  # dict.items() stays reachable as dict.items(a)
        return Items(self.get("items") or [])

    def to_pandas(self, evidence: EvidenceMode = "first") -> pandas.DataFrame:
        return self.items.to_pandas(evidence)


class CypherResult(dict[str, Any]):
    """``POST /cypher``: ``columns`` and ``rows`` (read-only, row-capped; ``truncated``)."""

    @property
    def columns(self) -> list[str]:
        return list(self.get("columns") or [])

    @property
    def rows(self) -> list[list[Any]]:
        return list(self.get("rows") or [])

    def records(self) -> list[dict[str, Any]]:
        cols = self.columns
        return [dict(zip(cols, r, strict=False)) if isinstance(r, list) else dict(r) for r in self.rows]

    def to_pandas(self) -> pandas.DataFrame:
        return _pandas().DataFrame(self.records(), columns=self.columns)
