"""What the scorer talks to: any HTTP client of the public ``/api/v1`` JSON API.

The scorer needs only ``get(url, params=…)`` and ``post(url, json=…)`` returning responses with
``status_code`` and ``json()``: an :class:`httpx.Client` on a server's base URL (:func:`http_client`),
or any client with those two methods (tests wrap one in-process). It never reaches into the server.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any, Protocol

import httpx

from core.errors import RuntimeUnavailable

HEALTH = "/api/v1/health"


class Response(Protocol):
    status_code: int

    def json(self) -> Any: ...


class Client(Protocol):
    """What the scorer needs of an HTTP client (httpx.Client has it)."""

    def get(self, url: str, *, params: Mapping[str, Any] | None = None) -> Any: ...

    def post(self, url: str, *, json: Any = None) -> Any: ...


@contextlib.contextmanager
def http_client(base_url: str, *, timeout: float = 60.0) -> Iterator[httpx.Client]:
    """An httpx client of the server at ``base_url``; a server that cannot be reached is a
    :class:`~core.errors.RuntimeUnavailable` error, not a transport traceback."""
    try:
        with httpx.Client(base_url=base_url, timeout=timeout) as client:
            yield client
    except httpx.TransportError as exc:
        raise RuntimeUnavailable(
            f"cannot reach the policykg API at {base_url}: {exc or type(exc).__name__}",
            hint="start it with `policykg serve`, or leave out --base-url to score this checkout's app",
        ) from None


def health_problem(client: Client) -> Any:
    """None when GET /api/v1/health answers 200, else what it answered (its JSON, or its text)."""
    r = client.get(HEALTH)
    if r.status_code == 200:
        return None
    try:
        return r.json()
    except ValueError:
        return f"{r.status_code} {getattr(r, 'text', '')}".strip()
