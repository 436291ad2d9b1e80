"""A cap on request bodies: 1 MiB for every request but uploads, which have their own limit.

``/ask`` takes a question of at most 500 characters and ``/cypher`` a query of at most 20,000 (their
models say so, 422 beyond); this cap stops a client from making the server read and parse megabytes
of JSON before those checks run. A body declared larger (Content-Length) is refused with 413 before
it is read; a body sent in chunks is refused as soon as the bytes received pass the cap.
``POST /api/v1/documents`` is left to :mod:`api.admin` (``POLICYKG_MAX_DOCUMENT_MB`` + the form).
"""

from __future__ import annotations

import json

from fastapi import FastAPI
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 1024 * 1024
UPLOAD_PATH = "/api/v1/documents"


def limit_request_bodies(app: FastAPI, limit: int = MAX_BODY_BYTES) -> None:
    app.add_middleware(BodyLimit, limit=limit)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps(
        {"detail": f"request body over the {limit // 1024} KB limit of this endpoint"}, ensure_ascii=False
    ).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class BodyLimit:
    """Pure ASGI middleware (no buffering): see the module doc."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or (scope["method"] == "POST" and scope["path"] == UPLOAD_PATH):
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or ()).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > self.limit:
            await _too_large(send, self.limit)
            return
        seen = 0
        over = started = False

        async def counted() -> Message:
            nonlocal seen, over
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.limit:
                over = True
                return {"type": "http.disconnect"}  # the app stops reading; its answer is dropped
            return message

        async def guarded(message: Message) -> None:
            nonlocal started
            if over:
                return
            started = True
            await send(message)

        await self.app(scope, counted, guarded)
        if over and not started:
            await _too_large(send, self.limit)
