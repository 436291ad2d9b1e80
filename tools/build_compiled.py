"""Compile the hot pure-Python modules with mypyc into build/mypyc/lib (``make compiled``).

Run: ``python tools/build_compiled.py [--force]``. Does nothing when the build already matches the
sources (core.compiled: the manifest), or when ``POLICYKG_COMPILED=0``. The sources are copied to
build/mypyc/src and compiled there, so no extension module ever sits beside a source file; the
manifest is written last, with the SHA-256 of the sources as they were copied, so a build that
fails, or an edit made while it runs, leaves the sources in use.

One change to the copy that is compiled: the ``@dict_init`` decorators are dropped. mypyc makes a
class with any decorator but ``@dataclass`` an interpreted one; without it the frozen fact and
document dataclasses become native classes, whose generated ``__init__`` is already C (dict_init
only speeds up the interpreted one). Equal, hashed, frozen and repr'd alike; a native instance has
no ``__dict__`` (nothing of ours reads one: tests/unit/core/test_compiled.py compares the facts).

Needs mypy (the dev extra), a C compiler and the Python headers; exits 1 if the build fails.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core import compiled  # noqa: E402
from core.settings import compiled_enabled  # noqa: E402

GROUP = "policykg_compiled"  # the shared library: policykg_compiled__mypyc

# The modules extraction and loading spend their time in (profiles in benchmarks/notes/mypyc.md).
# Left out: ingest/extract/context.py (Context is held by weak reference, which native classes lack),
# graph/writes.py (SentRows subclasses list: a native class cannot; and tests patch its functions),
# and the modules that are not hot (decode, formats, metadata, pipeline, reader, graph/load's
# transactions...): each compiled module is more build time.
MODULES = (
    "core/model.py",
    "graph/plan.py",
    "ingest/agencies.py",
    "ingest/charclass.py",
    "ingest/clauses.py",
    "ingest/enumerations.py",
    "ingest/facts.py",
    "ingest/folding.py",
    "ingest/gazetteer.py",
    "ingest/lexicon.py",
    "ingest/models.py",
    "ingest/normalise.py",
    "ingest/reference_map.py",
    "ingest/structure.py",
    "ingest/subjects.py",
    "ingest/targets.py",
)
EXTRACT_SKIP = ("__init__.py", "context.py")

_DICT_INIT = re.compile(r"^@_?dict_init\b[^\n]*\n(?=@dataclass)", re.M)

_SETUP = """
import sys
from setuptools import setup
from mypyc.build import mypycify
config, group, *paths = sys.argv[1:]
setup(
    name="policykg-compiled",
    py_modules=[],
    ext_modules=mypycify(["--config-file", config, *paths], group_name=group),
    script_args=["build_ext", "--inplace"],
)
"""


def modules(root: Path) -> list[str]:
    extract = sorted(
        p.relative_to(root).as_posix()
        for p in (root / "ingest" / "extract").rglob("*.py")
        if p.name not in EXTRACT_SKIP
    )
    return [*MODULES, *extract]


def module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def copy_sources(root: Path, src: Path, compiled_paths: set[str]) -> dict[str, str]:
    """Copy the sources into ``src`` (the compiled ones without ``@dict_init``); their digests."""
    digests = {}
    for name in compiled.source_files(root):
        data = (root / name).read_bytes()
        digests[name] = compiled.digest(data)
        out = src / name
        out.parent.mkdir(parents=True, exist_ok=True)
        if name in compiled_paths:
            data = _DICT_INIT.sub("", data.decode("utf-8")).encode("utf-8")
        out.write_bytes(data)
    return digests


def build(root: Path, out: Path) -> int:
    if importlib.util.find_spec("mypyc") is None:
        print("mypyc is not installed (the dev extra installs it): no compiled build", file=sys.stderr)
        return 1
    paths = modules(root)
    lib, src = out / compiled.LIB, out / "src"
    (lib / compiled.MANIFEST).unlink(missing_ok=True)  # from now on the old build is not used
    shutil.rmtree(src, ignore_errors=True)
    digests = copy_sources(root, src, set(paths))
    started = time.monotonic()
    log = out / "build.log"
    print(f"compiling {len(paths)} modules with mypyc (a few minutes; log: {log})", flush=True)
    with log.open("wb") as fh:
        rc = subprocess.call(
            [sys.executable, "-c", _SETUP, str(root / "pyproject.toml"), GROUP, *paths],
            cwd=src,
            stdout=fh,
            stderr=subprocess.STDOUT,
        )
    if rc != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").splitlines()[-15:]
        print("\n".join(tail), file=sys.stderr)
        print(f"mypyc build failed (exit {rc}): the Python sources stay in use", file=sys.stderr)
        shutil.rmtree(src, ignore_errors=True)
        return 1
    suffix = compiled.abi()["ext_suffix"]
    files = {f"{GROUP}__mypyc": f"{GROUP}__mypyc{suffix}"}
    files.update({module_name(p): p.removesuffix(".py") + suffix for p in paths})
    fresh = out / (compiled.LIB + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    for rel in files.values():
        (fresh / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / rel, fresh / rel)
    manifest = {"abi": compiled.abi(), "group": GROUP, "files": files, "sources": digests}
    (fresh / compiled.MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
    shutil.rmtree(lib, ignore_errors=True)
    os.replace(fresh, lib)
    shutil.rmtree(src, ignore_errors=True)
    size = sum(p.stat().st_size for p in lib.rglob("*") if p.is_file())
    took = time.monotonic() - started
    print(f"compiled build in {lib}: {len(paths)} modules, {size / 1e6:.1f} MB, {took:.0f} s")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--force", action="store_true", help="rebuild even if the build is fresh")
    args = parser.parse_args()
    if not compiled_enabled():
        print("POLICYKG_COMPILED=0: no compiled build")
        return 0
    out = compiled.BUILD_DIR
    manifest = compiled.read_manifest(out)
    if not args.force and manifest is not None and compiled.stale_reason(manifest, ROOT) is None:
        print(f"compiled build in {out / compiled.LIB} is up to date")
        return 0
    return build(ROOT, out)


if __name__ == "__main__":
    sys.exit(main())
