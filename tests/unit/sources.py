"""Helpers for tests that look inside the Python sources of modules the compiled build replaces.

With a fresh mypyc build active (core.compiled), a compiled module calls the other compiled modules'
functions directly: a function patched on its module is not seen by them, and a compiled class can
be neither subclassed nor rebuilt by a decorator. Tests of such source-level details get the
sources here instead; the compiled build is compared with the sources on the facts themselves
(tests/unit/core/test_compiled.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import pickle
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

from core import compiled
from core.settings import inherited_env

ROOT = Path(__file__).resolve().parents[2]


def source_module(path: str) -> ModuleType:
    """The module at ``path`` (relative to the repository) executed from its source, under a name of
    its own: its classes are the interpreted ones whatever the build."""
    name = "_source_" + path.removesuffix(".py").replace("/", "_")
    spec = importlib.util.spec_from_file_location(name, ROOT / path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def on_sources(func: str) -> Any:
    """``module:function()`` run on the Python sources: here if this process runs them, else in a
    child process with ``POLICYKG_COMPILED=0``; the result comes back pickled."""
    module, name = func.split(":")
    if not compiled.active_modules():
        return getattr(importlib.import_module(module), name)()
    code = f"import pickle, sys\nfrom {module} import {name}\nsys.stdout.buffer.write(pickle.dumps({name}()))"
    env = {**inherited_env(), "POLICYKG_COMPILED": "0"}
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, check=True)
    return pickle.loads(done.stdout)
