"""Use the mypyc-compiled build of the hot modules, only while it matches the sources exactly.

``tools/build_compiled.py`` (``make compiled``, part of ``make setup``) compiles the extraction and
loading modules with mypyc into ``build/mypyc/lib`` (git-ignored, never beside the sources) and
writes a manifest: the SHA-256 of every ``.py`` under core/, ingest/ and graph/ and of the build
script, and the interpreter's ABI. :func:`activate` (called by ``core/__init__``, so before any of
those modules is imported) installs an import finder for the compiled modules only when the
manifest matches the sources and the interpreter; otherwise nothing changes and the sources run.
Any edit disables the whole build, not only the edited module's: mypyc inlines ``Final`` constants
and calls functions across the modules of one build directly.
``POLICYKG_COMPILED=0`` (core.settings) runs the sources whatever the build.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import Any

from core.settings import REPO_ROOT, compiled_enabled

BUILD_DIR = REPO_ROOT / "build" / "mypyc"
LIB = "lib"  # the build's output folder under BUILD_DIR
MANIFEST = "manifest.json"
SOURCE_PACKAGES = ("core", "ingest", "graph")
BUILD_SCRIPT = "tools/build_compiled.py"  # how the sources are compiled is part of the build too

_active: dict[str, Path] = {}  # module name -> extension file, once a finder is installed
_noticed = False


def abi() -> dict[str, str]:
    """What a compiled extension is bound to: the interpreter's version and extension suffix."""
    return {
        "version": sys.version,
        "cache_tag": str(sys.implementation.cache_tag),
        "ext_suffix": str(sysconfig.get_config_var("EXT_SUFFIX")),
    }


def source_files(root: Path) -> list[str]:
    """The files a build depends on, relative to ``root``, sorted."""
    names = [p.relative_to(root).as_posix() for pkg in SOURCE_PACKAGES for p in (root / pkg).rglob("*.py")]
    if (root / BUILD_SCRIPT).is_file():
        names.append(BUILD_SCRIPT)
    return sorted(names)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def source_digests(root: Path) -> dict[str, str]:
    """SHA-256 of each file a build depends on, by relative path."""
    return {name: digest((root / name).read_bytes()) for name in source_files(root)}


def stale_reason(manifest: dict[str, Any], root: Path) -> str | None:
    """Why the build described by ``manifest`` does not match the sources in ``root`` (None: it does)."""
    if manifest.get("abi") != abi():
        return "built for another Python"
    built: dict[str, str] = manifest.get("sources", {})
    now = source_digests(root)
    changed = sorted(set(built) ^ set(now) | {n for n in built.keys() & now.keys() if built[n] != now[n]})
    if changed:
        more = f" and {len(changed) - 1} more" if len(changed) > 1 else ""
        return f"{changed[0]}{more} changed since"
    return None


def read_manifest(build: Path) -> dict[str, Any] | None:
    try:
        got: dict[str, Any] = json.loads((build / LIB / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return got


class _Finder(importlib.abc.MetaPathFinder):
    """Finds the compiled modules (and the build's shared library) in the build folder."""

    def __init__(self, paths: dict[str, Path]) -> None:
        self.paths = paths

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        so = self.paths.get(fullname)
        if so is None:
            return None
        loader = importlib.machinery.ExtensionFileLoader(fullname, str(so))
        return importlib.util.spec_from_file_location(fullname, so, loader=loader)


def finder_paths(manifest: dict[str, Any], build: Path) -> dict[str, Path]:
    """Module name -> extension file, for the modules and the shared library the manifest lists."""
    lib = build / LIB
    return {name: lib / rel for name, rel in manifest["files"].items()}


def resolve(root: Path = REPO_ROOT, build: Path = BUILD_DIR) -> tuple[dict[str, Path] | None, str | None]:
    """The compiled files to import (None: the sources) and, for a stale build, why it is not used."""
    manifest = read_manifest(build)
    if manifest is None:
        return None, None  # never built (or a build in progress): the sources, silently
    reason = stale_reason(manifest, root)
    if reason is not None:
        return None, reason
    paths = finder_paths(manifest, build)
    return (paths, None) if all(p.is_file() for p in paths.values()) else (None, "files missing")


def activate(root: Path = REPO_ROOT, build: Path = BUILD_DIR) -> bool:
    """Install the finder if a build exists, matches ``root``'s sources and is enabled. Idempotent.
    A stale build leaves the sources in use and says so once on stderr."""
    global _noticed
    if _active:
        return True
    if not compiled_enabled():
        return False
    paths, reason = resolve(root, build)
    if reason is not None and not _noticed:
        _noticed = True
        print(
            f"policykg: compiled build in {build} is stale ({reason}): running the Python sources; "
            "rebuild with `make compiled` (POLICYKG_COMPILED=0 silences this)",
            file=sys.stderr,
        )
    if paths is None:
        return False
    _active.update(paths)
    sys.meta_path.insert(0, _Finder(paths))
    return True


def active_modules() -> dict[str, Path]:
    """The compiled modules this process imports (empty: the sources run)."""
    return dict(_active)
