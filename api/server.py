"""Running the HTTP app with uvicorn: in the foreground (``policykg serve``), or in a background
thread on a free 127.0.0.1 port for as long as a ``with`` block runs (``policykg eval`` scores this
checkout's app that way, over real HTTP like any other server)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn
from fastapi import FastAPI

from core.errors import RuntimeUnavailable

APP_FACTORY = "api.app:create_app"
# Seconds a stopping server (SIGTERM, Ctrl-C) lets requests in flight finish before it cancels
# them: without a bound, uvicorn waits for an upload's extraction however long it takes.
SHUTDOWN_GRACE = 5


def serve(*, host: str = "127.0.0.1", port: int = 8000, workers: int = 1, log_level: str = "info") -> None:
    """Serve the app (``create_app()`` in each worker) until interrupted."""
    uvicorn.run(
        APP_FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level=log_level,
        timeout_graceful_shutdown=SHUTDOWN_GRACE,
    )


@contextlib.contextmanager
def background(app: FastAPI | None = None, *, start_timeout: float = 120.0) -> Iterator[str]:
    """Serve ``app`` (default: ``create_app()`` from the environment's settings) on 127.0.0.1 at a
    port of the system's choosing, in a daemon thread; yields its base URL (``http://127.0.0.1:N``)
    once it accepts requests, and shuts it down (lifespan included) when the block ends."""
    if app is None:
        from api.app import create_app

        app = create_app()
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # bound here, so no other process can take the port meanwhile
    port = int(sock.getsockname()[1])
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="policykg-api", daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + start_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeUnavailable(
                    "the policykg HTTP app did not start in this process",
                    hint="see the messages above; or score a running server with --base-url",
                )
            time.sleep(0.02)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()
