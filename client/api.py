"""The client: one method per endpoint of ``/api/v1`` (DESIGN §5), keyword arguments as the
query parameters, ``None`` left out."""

from __future__ import annotations

from typing import Any, Literal

import httpx

from client.results import Answer, CypherResult, GapReport, Items, PolicyKGClientError

ExportFormat = Literal["graphml", "json", "csv", "cypher", "html"]


class Client:
    """``Client("http://127.0.0.1:8000")``; use as a context manager, or call :meth:`close`."""

    def __init__(
        self, base_url: str = "http://127.0.0.1:8000", *, timeout: float = 60.0, **httpx_options: Any
    ):
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(base_url=self.base_url + "/api/v1", timeout=timeout, **httpx_options)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self._http.close()

    def __repr__(self) -> str:
        return f"Client({self.base_url!r})"

    # -- plumbing ------------------------------------------------------------------------------

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        try:
            r = self._http.request(method, path, **kwargs)
        except httpx.HTTPError as exc:
            raise PolicyKGClientError(0, f"{self.base_url} unreachable: {exc}") from exc
        if r.status_code >= 400:
            try:
                body = r.json()
            except ValueError:
                body = {"detail": r.text[:500]}
            raise PolicyKGClientError(r.status_code, str(body.get("detail")), body.get("suggestions"))
        return r

    def _get(self, path: str, **params: Any) -> Any:
        clean = {k: v for k, v in params.items() if v is not None}
        return self._send("GET", path, params=clean).json()

    def _items(self, path: str, **params: Any) -> Items:
        body = self._get(path, **params)
        return Items(body.get("items") or [], body.get("count"))

    # -- the API ------------------------------------------------------------------------------

    def health(self) -> dict[str, Any]:
        return dict(self._get("/health"))

    def documents(self) -> Items:
        return self._items("/documents")

    def search(self, q: str, kind: str | None = None, limit: int | None = None) -> Items:
        return self._items("/search", q=q, kind=kind, limit=limit)

    def projects(self, city: str | None = None, chain: str | None = None, doc: str | None = None) -> Items:
        """Projects of a city (with its sub-regions) serving a chain (with its sub-chains)."""
        return self._items("/projects", city=city, chain=chain, doc=doc)

    def targets(
        self,
        chain: str | None = None,
        region: str | None = None,
        year: int | None = None,
        doc: str | None = None,
        q: str | None = None,
    ) -> Items:
        return self._items("/targets", chain=chain, region=region, year=year, doc=doc, q=q)

    def tasks(
        self,
        q: str | None = None,
        agency: str | None = None,
        chain: str | None = None,
        doc: str | None = None,
    ) -> Items:
        return self._items("/tasks", q=q, agency=agency, chain=chain, doc=doc)

    def chains(self, parent: str | None = None, doc: str | None = None, region: str | None = None) -> Items:
        return self._items("/chains", parent=parent, doc=doc, region=region)

    def regions(self, chain: str | None = None, doc: str | None = None, region: str | None = None) -> Items:
        return self._items("/regions", chain=chain, doc=doc, region=region)

    def gaps(self, city: str, chain: str) -> GapReport:
        """The chain's segments in the city: covered or not, with the city's carriers."""
        return GapReport(self._get("/gaps", city=city, chain=chain))

    def graph(self, focus: str | None = None, depth: int = 1, limit: int = 100) -> dict[str, Any]:
        return dict(self._get("/graph", focus=focus, depth=depth, limit=limit))

    def ask(self, question: str) -> Answer:
        return Answer(self._send("POST", "/ask", json={"question": question}).json())

    def cypher(self, query: str, params: dict[str, Any] | None = None) -> CypherResult:
        """A read-only Cypher query (the server caps time and rows)."""
        return CypherResult(
            self._send("POST", "/cypher", json={"query": query, "params": params or {}}).json()
        )

    def export(
        self,
        format: ExportFormat = "json",
        focus: str | None = None,
        depth: int = 1,
        table: str | None = None,
    ) -> bytes:
        """The bytes of ``GET /export`` (GraphML, JSON, CSV zip or table, Cypher script, HTML)."""
        params = {
            k: v for k, v in {"format": format, "focus": focus, "depth": depth, "table": table}.items() if v
        }
        return self._send("GET", "/export", params=params).content
