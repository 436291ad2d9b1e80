"""core.compiled: the mypyc build is used only while it matches the sources, and reads alike."""

from __future__ import annotations

import importlib
import importlib.machinery
import json
import subprocess
import sys
from pathlib import Path

from core import compiled
from core.settings import compiled_enabled, inherited_env

ROOT = Path(__file__).resolve().parents[3]


def _tree(tmp: Path) -> tuple[Path, Path]:
    """A source tree with a fresh build of it: its manifest, and an (empty) file per listed module."""
    root, build = tmp / "src", tmp / "build"
    for name, text in {
        "core/__init__.py": "",
        "core/model.py": "X: int = 1\n",
        "ingest/facts.py": "Y = 2\n",
        "graph/load.py": "",
        "tools/build_compiled.py": "# how\n",
        "api/app.py": "Z = 3\n",  # not a compiled package: not in the manifest
    }.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, encoding="utf-8")
    files = {"core.model": "core/model.so", "ingest.facts": "ingest/facts.so", "grp__mypyc": "grp.so"}
    for rel in files.values():
        (build / compiled.LIB / rel).parent.mkdir(parents=True, exist_ok=True)
        (build / compiled.LIB / rel).write_bytes(b"")
    manifest = {"abi": compiled.abi(), "files": files, "sources": compiled.source_digests(root)}
    (build / compiled.LIB / compiled.MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")
    return root, build


def test_a_build_is_used_only_while_it_matches_every_source(tmp_path: Path) -> None:
    root, build = _tree(tmp_path)
    assert compiled.source_files(root) == [
        "core/__init__.py",
        "core/model.py",
        "graph/load.py",
        "ingest/facts.py",
        "tools/build_compiled.py",
    ]
    paths, reason = compiled.resolve(root, build)
    assert reason is None and paths == {
        "core.model": build / "lib/core/model.so",
        "ingest.facts": build / "lib/ingest/facts.so",
        "grp__mypyc": build / "lib/grp.so",
    }
    (root / "api/app.py").write_text("Z = 4\n", encoding="utf-8")  # outside the build: no matter
    assert compiled.resolve(root, build) == (paths, None)

    # an edit of any source, even one not compiled itself (Final constants are inlined across modules)
    (root / "graph/load.py").write_text("# edited\n", encoding="utf-8")
    assert compiled.resolve(root, build) == (None, "graph/load.py changed since")
    (root / "graph/load.py").write_text("", encoding="utf-8")
    assert compiled.resolve(root, build)[0] == paths
    (root / "ingest/new.py").write_text("", encoding="utf-8")  # a new module
    assert compiled.resolve(root, build) == (None, "ingest/new.py changed since")
    (root / "ingest/new.py").unlink()
    (root / "tools/build_compiled.py").write_text("# other\n", encoding="utf-8")  # another build recipe
    (root / "core/model.py").unlink()
    assert compiled.resolve(root, build) == (None, "core/model.py and 1 more changed since")


def test_no_build_another_python_or_a_missing_file_means_the_sources(tmp_path: Path) -> None:
    root, build = _tree(tmp_path)
    manifest_path = build / compiled.LIB / compiled.MANIFEST
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest_path.write_text(json.dumps({**manifest, "abi": {**manifest["abi"], "version": "3.99"}}))
    assert compiled.resolve(root, build) == (None, "built for another Python")
    manifest_path.write_text(json.dumps(manifest))
    (build / "lib/ingest/facts.so").unlink()
    assert compiled.resolve(root, build) == (None, "files missing")
    manifest_path.unlink()  # never built, or a build under way: silently the sources
    assert compiled.resolve(root, build) == (None, None)
    assert compiled.resolve(root, tmp_path / "nothing") == (None, None)


def test_the_finder_serves_listed_modules_as_extension_modules(tmp_path: Path) -> None:
    so = tmp_path / "facts.so"
    finder = compiled._Finder({"ingest.facts": so})
    spec = finder.find_spec("ingest.facts", None)
    assert spec is not None and spec.origin == str(so)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    assert finder.find_spec("ingest.reader", None) is None


def test_the_compiled_modules_in_use_are_the_built_extensions() -> None:
    """With a fresh build in this checkout, every listed module is its extension module; without
    one (or with POLICYKG_COMPILED=0), no finder is installed."""
    active = compiled.active_modules()
    paths, _reason = compiled.resolve()
    if not compiled_enabled() or paths is None:
        assert active == {}
        assert not any(isinstance(f, compiled._Finder) for f in sys.meta_path)
        return
    assert active == paths
    suffix = compiled.abi()["ext_suffix"]
    for name, path in active.items():
        module = importlib.import_module(name)
        assert module.__file__ == str(path) and module.__file__.endswith(suffix)
    import core.model
    import ingest.facts

    assert core.model.__file__ is not None and ingest.facts.__file__ is not None
    assert core.model.__file__.startswith(str(compiled.BUILD_DIR))
    assert ingest.facts.__file__.startswith(str(compiled.BUILD_DIR))


_DIGEST = (
    "from benchmarks.facts_hash import seeds_digest\n"
    "from core import compiled\n"
    "digest, lines = seeds_digest()\n"
    "print(len(compiled.active_modules()), digest)\n"
)


def _digest(enabled: str) -> tuple[int, str]:
    env = {**inherited_env(), "POLICYKG_COMPILED": enabled}
    out = subprocess.run(
        [sys.executable, "-c", _DIGEST], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    return int(out[0]), out[1]


def test_the_compiled_build_extracts_the_same_facts_as_the_sources() -> None:
    """The seeds' facts (every field of every node, relation, mention and sentence) digest alike
    with the build this checkout has (if any) and with the sources."""
    built, with_build = _digest("1")
    none, sources = _digest("0")
    assert none == 0
    assert built == len(compiled.resolve()[0] or {})  # the child really ran what this checkout has
    assert with_build == sources
