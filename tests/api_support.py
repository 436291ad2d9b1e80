"""Helpers of the API tests: an in-process client that records every response, and the check that
every evidence quote is verbatim text of the cited lines of the cited document."""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

with warnings.catch_warnings():
    # Starlette's TestClient warns at import that it still uses httpx; it is only our transport.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient as TestClient

ROOT = Path(__file__).resolve().parent.parent
SHANGHAI = ROOT.parent / "shared" / "corpus" / "shanghai"  # the second dev corpus, beside the repository
DOC_DIRS = (
    ROOT / "seeds",
    ROOT / "tests" / "fixtures" / "docs",
    SHANGHAI,
    ROOT / "tests" / "fixtures" / "provinces",
)


class RecordingClient:
    """Wraps TestClient; keeps every JSON body so evidence can be checked across a whole suite."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.bodies: list[Any] = []

    def _keep(self, response: Any) -> Any:
        if response.headers.get("content-type", "").startswith("application/json"):
            self.bodies.append(response.json())
        return response

    def get(self, url: str, **kw: Any) -> Any:
        return self._keep(self.client.get(url, **kw))

    def post(self, url: str, **kw: Any) -> Any:
        return self._keep(self.client.post(url, **kw))

    def delete(self, url: str, **kw: Any) -> Any:
        return self._keep(self.client.delete(url, **kw))


def evidence_in(obj: Any) -> Iterator[dict[str, Any]]:
    """Every {doc, line, quote} map anywhere in a JSON value."""
    if isinstance(obj, dict):
        if {"doc", "line", "quote"} <= obj.keys() and isinstance(obj.get("quote"), str):
            yield obj
        for v in obj.values():
            yield from evidence_in(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from evidence_in(v)


def _lines(doc: str) -> list[str]:
    for folder in DOC_DIRS:
        path = folder / f"{doc}.txt"
        if path.is_file():
            return path.read_text(encoding="utf-8").splitlines()
    raise AssertionError(f"evidence cites {doc!r}, which is neither a seed nor a fixture document")


def unverifiable_quotes(bodies: list[Any]) -> list[str]:
    """Quotes that are not a substring of their cited lines (joined, each line stripped)."""
    bad: list[str] = []
    cache: dict[str, list[str]] = {}
    for body in bodies:
        for ev in evidence_in(body):
            lines = cache.setdefault(ev["doc"], _lines(ev["doc"]))
            start, end = int(ev["line"]), int(ev.get("line_end") or ev["line"])
            quote = ev["quote"]
            if not quote or not is_verbatim(quote, lines[start - 1 : end]):
                bad.append(f"{ev['doc']} L{start}-{end}: {quote!r}")
    return bad


def is_verbatim(quote: str, lines: list[str]) -> bool:
    """``quote`` is the cited lines' text: a suffix of the first line used, whole middle lines, a
    prefix of the last, in order. Lines the normaliser drops (a pasted URL, a page number) may be
    skipped; nothing else may be added or changed."""
    if any(quote in ln for ln in lines):
        return True
    pos = 0
    for raw in lines:
        line = raw.strip()
        rest = quote[pos:]
        if not line or not rest:
            continue
        if rest.startswith(line):
            pos += len(line)
        elif line.startswith(rest):
            pos = len(quote)
        elif pos == 0:
            pos = next((k for k in range(len(line), 0, -1) if rest.startswith(line[-k:])), 0)
    return pos == len(quote)
