"""Scoring gold question files through the public HTTP API (``policykg eval``).

Each gold item (format of ``../shared/gold/seeds-dev.json``) is answered twice: through the
structured endpoint its kind maps to (when one does) and through POST /api/v1/ask, and both answers
are scored against its expected strings. Everything goes through an HTTP client of ``/api/v1``
(:mod:`evaluation.client`), so any policykg server can be scored; nothing here imports the server.

=============================  ===================================================================
:mod:`evaluation.gold`         reading a gold file; the documents a gold set is about
:mod:`evaluation.endpoints`    a gold item → the structured endpoint and query that answer it
:mod:`evaluation.candidates`   an answer's items → strings in the shape of the expected ones
:mod:`evaluation.matching`     does a candidate match an expected string (names, pairs, targets …)
:mod:`evaluation.normalise`    name keys, and the answers' words for "unknown", "top level" …
:mod:`evaluation.scoring`      per-item precision, recall, F1 and exact set; :func:`evaluate`
:mod:`evaluation.summary`      micro-averaged totals, floors, the printed tables
=============================  ===================================================================

This package imports nothing of policykg but :mod:`core`, and only the CLI imports it (import-linter
contracts in pyproject.toml).
"""

from evaluation.candidates import Candidate, candidates
from evaluation.client import Client, Response, health_problem, http_client
from evaluation.endpoints import structured
from evaluation.gold import corpus_of, load_gold
from evaluation.matching import Resolver, matcher_for
from evaluation.normalise import UNKNOWN
from evaluation.scoring import ASK, STRUCTURED, Score, evaluate, score_items
from evaluation.summary import Totals, floors, render_items, render_table, summarise

__all__ = [
    "ASK",
    "STRUCTURED",
    "UNKNOWN",
    "Candidate",
    "Client",
    "Resolver",
    "Response",
    "Score",
    "Totals",
    "candidates",
    "corpus_of",
    "evaluate",
    "floors",
    "health_problem",
    "http_client",
    "load_gold",
    "matcher_for",
    "render_items",
    "render_table",
    "score_items",
    "structured",
    "summarise",
]
