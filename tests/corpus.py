"""Where the development material lives: the gold sets and the second corpus beside the repo.

``POLICYKG_GOLD`` / ``POLICYKG_CORPUS`` override the defaults (``../shared/gold``,
``../shared/corpus``). A missing file is a collection error, never an empty parametrisation.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"
FIXTURES = TESTS / "fixtures"
SEEDS = ROOT / "seeds"
GOLD_DIR = Path(os.environ.get("POLICYKG_GOLD") or ROOT.parent / "shared" / "gold")
CORPUS_DIR = Path(os.environ.get("POLICYKG_CORPUS") or ROOT.parent / "shared" / "corpus")
SHANGHAI = CORPUS_DIR / "shanghai"


def gold(name: str) -> list[dict[str, Any]]:
    """The items of gold file ``name`` (e.g. ``seeds-dev.json``); raises when it is absent."""
    path = GOLD_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"gold file {path} is missing: set POLICYKG_GOLD to its folder")
    items = json.loads(path.read_text(encoding="utf-8"))
    if not items:
        raise ValueError(f"gold file {path} holds no items")
    return list(items)


def shanghai(prefix: str) -> Path:
    """The Shanghai plan whose file name starts with ``prefix`` (``01`` … ``06``)."""
    found = sorted(SHANGHAI.glob(f"{prefix}_*.txt"))
    if len(found) != 1:
        raise FileNotFoundError(f"no Shanghai plan {prefix}_*.txt in {SHANGHAI}: set POLICYKG_CORPUS")
    return found[0]
