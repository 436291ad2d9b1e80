"""The server's processes, read from /proc: alive or not, its process group, ending the group."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import time
from pathlib import Path

STOP_GRACE = 60.0

# Popen objects of servers started by this process, so stopping them can reap them (no zombies).
CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


def proc_stat(pid: int) -> tuple[str, int] | None:
    """(state, pgrp) of a process from /proc, or None if it does not exist."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        return None
    fields = raw[raw.rfind(")") + 2 :].split()
    return fields[0], int(fields[2])


def alive(pid: int) -> bool:
    if pid in CHILDREN:
        CHILDREN[pid].poll()  # reap if it ended
    stat = proc_stat(pid)
    return stat is not None and stat[0] not in ("Z", "X")


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in process group ``pgid``."""
    members = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            stat = proc_stat(int(entry.name))
            if stat and stat[1] == pgid and stat[0] not in ("Z", "X"):
                members.append(int(entry.name))
    return members


def runs_with(pid: int, *args: str) -> bool:
    """The process ``pid`` is alive and its command line holds every one of ``args``."""
    if not alive(pid):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return all(a.encode() in cmdline for a in args)


def kill_group(pgid: int, pid: int, grace: float = STOP_GRACE) -> bool:
    """SIGTERM the group, wait up to ``grace`` s, then SIGKILL. True if it ended on TERM."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pgid, signal.SIGTERM)
    clean = True
    deadline = time.monotonic() + grace
    while group_members(pgid) and time.monotonic() < deadline:
        alive(pid)  # reaps our own child
        time.sleep(0.1)
    if group_members(pgid):
        clean = False
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while group_members(pgid) and time.monotonic() < deadline:
            alive(pid)
            time.sleep(0.1)
    child = CHILDREN.pop(pid, None)
    if child is not None:
        with contextlib.suppress(subprocess.TimeoutExpired):
            child.wait(timeout=5)
    return clean


def tail(path: Path, lines: int = 25) -> str:
    """The last ``lines`` lines of a log file (or a note that there is none)."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return f"(no log at {path})"
    return "\n".join(text.rstrip().splitlines()[-lines:])
