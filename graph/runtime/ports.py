"""Ports on 127.0.0.1: is one free, find a free one, does one accept connections."""

from __future__ import annotations

import socket

from core.errors import RuntimeUnavailable


def port_is_free(port: int) -> bool:
    """True if 127.0.0.1:port can be bound now (with SO_REUSEADDR, as the JVM binds)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def free_port(exclude: set[int] | None = None) -> int:
    exclude = exclude or set()
    for _ in range(50):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(("127.0.0.1", 0))
            port = int(s.getsockname()[1])
        if port not in exclude:
            return port
    raise RuntimeUnavailable("no free TCP port on 127.0.0.1")


def choose_port(preferred: int, what: str, taken: set[int], notes: list[str]) -> int:
    """``preferred`` if free, else another free port (and a note saying so)."""
    if preferred and preferred not in taken and port_is_free(preferred):
        return preferred
    port = free_port(taken)
    if preferred:
        notes.append(f"{what} port {preferred} is busy; using {port} instead")
    return port


def accepts(port: int) -> bool:
    """True if something listens on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1.0):
            return True
    except OSError:
        return False
