"""The architecture's promises, checked on the source (issue: a codebase a newcomer can read).

- no module over 500 lines;
- no class defined twice (one row type per concept, one settings object);
- the environment is read in one place (``core/settings.py``);
- every package's imports follow the layers (``lint-imports``, run by ``make lint``, checks that;
  here only that the contracts exist, so dropping them fails the suite).
"""

from __future__ import annotations

import ast
import tomllib
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("core", "ingest", "graph", "api", "viz", "evaluation")
MAX_LINES = 500


def _modules() -> list[Path]:
    return sorted(p for pkg in PACKAGES if (ROOT / pkg).is_dir() for p in (ROOT / pkg).rglob("*.py"))


def test_no_module_over_500_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in _modules()
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


def test_no_class_defined_twice() -> None:
    where: dict[str, list[str]] = defaultdict(list)
    for path in _modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                where[node.name].append(str(path.relative_to(ROOT)))
    assert {name: files for name, files in where.items() if len(files) > 1} == {}


def test_environment_is_read_only_in_core_settings() -> None:
    readers = []
    for path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.attr if isinstance(node, ast.Attribute) else None
            if name in ("environ", "getenv", "putenv"):
                readers.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert all(r.startswith("core/settings.py:") for r in readers), readers


def test_import_contracts_are_declared() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    kinds = {c["type"] for c in contracts}
    assert {"layers", "forbidden"} <= kinds
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    assert layers[0] == "api" and layers[-1] == "core"
