"""Cross-origin reads: pages of other sites may call the GET endpoints (``POLICYKG_CORS_ORIGINS``).

Only GET and HEAD are allowed: a page elsewhere can draw ``/api/v1/graph`` or list projects, but a
cross-origin POST with JSON (``/ask``, ``/cypher``, uploads) fails its preflight, and no
credentials are ever sent along. Framing of the ``/view/*`` pages is the other half of embedding
(``POLICYKG_FRAME_ANCESTORS``, set on those responses by :mod:`api.web`).
"""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware

from core.settings import Settings


def allow_cross_origin_reads(app: FastAPI, settings: Settings) -> None:
    """Add the CORS middleware when origins are configured (none: same-origin only, as before)."""
    if not settings.cors_origins:
        return
    app.add_middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=["GET", "HEAD"],
        allow_headers=["Accept", "Accept-Language", "Content-Language"],
        allow_credentials=False,
        max_age=600,
    )
