"""The FastAPI application factory.

``create_app(settings, driver=None)`` wires the routers under /api/v1, the HTML pages (api.web, when
present), the driver lifecycle (api.deps) and one error shape for everything: ``{"detail": "..."}``
with the status of the :class:`core.errors.PolicyKGError` subclass (NotFound 404 + suggestions,
InputError 422, Forbidden 403, RuntimeUnavailable 503); an unreachable Neo4j is 503 wherever the
driver notices it. Answers of the read endpoints are cached per graph generation (api.cache).
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import neo4j
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from neo4j.exceptions import AuthError, ServiceUnavailable, SessionExpired
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import admin, models, routes
from api.ask import answer_question
from api.cache import CacheMiddleware, ResponseCache
from api.cors import allow_cross_origin_reads
from api.deps import DriverDep, DriverHolder, SettingsDep
from api.export.router import router as export_router
from api.limits import limit_request_bodies
from core.errors import NotFound, PolicyKGError
from core.settings import Settings
from graph import queries
from graph.cypher import run_read

API_TITLE = "policykg API"
API_VERSION = "1.0.0"

query_router = APIRouter(prefix="/api/v1", tags=["query"])


@query_router.post("/ask", response_model=models.AskResponse, operation_id="ask")
def ask(body: models.AskRequest, driver: DriverDep) -> Response:
    """Answer a Chinese question about the graph (intent, parameters, items, answer, Cypher)."""
    return models.json_response(models.AskResponse.model_validate(answer_question(driver, body.question)))


@query_router.post(
    "/cypher",
    response_model=models.CypherResponse,
    operation_id="cypher",
    responses={403: {"model": models.ErrorBody}, 504: {"model": models.ErrorBody}},
)
def cypher(body: models.CypherRequest, driver: DriverDep, settings: SettingsDep) -> Response:
    """Run a read-only Cypher query (READ transaction, server-side timeout, row cap)."""
    result = run_read(
        driver, body.query, body.params, timeout=settings.cypher_timeout, row_cap=settings.cypher_row_cap
    )
    return models.json_response(
        models.CypherResponse(
            columns=result.columns,
            rows=result.rows,
            truncated=result.truncated,
            row_cap=settings.cypher_row_cap,
        )
    )


def _error(status: int, detail: str, **extra: Any) -> JSONResponse:
    return JSONResponse({"detail": detail, **extra}, status_code=status)


def _policykg_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, PolicyKGError)
    detail = exc.message
    extra: dict[str, Any] = {}
    if isinstance(exc, NotFound):
        extra["suggestions"] = exc.suggestions
        if exc.suggestions:
            detail += "; did you mean: " + ", ".join(exc.suggestions)
    elif exc.hint:
        extra["hint"] = exc.hint
    return _error(exc.http_status, detail, **extra)


def _neo4j_down(_: Request, exc: Exception) -> JSONResponse:
    reason = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return _error(503, f"Neo4j is unavailable: {reason}")


def _validation_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    parts = []
    for err in exc.errors():
        where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "body", "path"))
        parts.append(f"{where or 'request'}: {err.get('msg')}")
    return _error(422, "invalid parameters: " + "; ".join(parts), errors=jsonable(exc.errors()))


def _http_error(_: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    return _error(exc.status_code, str(exc.detail))


def jsonable(value: Any) -> Any:
    from fastapi.encoders import jsonable_encoder

    return jsonable_encoder(value, custom_encoder={Exception: str})


def create_app(settings: Settings | None = None, driver: neo4j.Driver | None = None) -> FastAPI:
    """The app. ``driver``: use this one (the caller closes it); else open one from ``settings``."""
    settings = settings or Settings.from_env()
    holder = DriverHolder(settings, driver)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        holder.try_open()
        app.state.driver = holder.current
        try:
            yield
        finally:
            holder.close()

    app = FastAPI(
        title=API_TITLE,
        version=API_VERSION,
        description=(
            "Knowledge graph of Chinese industrial policy: chains, regions, projects, agencies, tasks "
            "and targets, each answer citing document, line and verbatim quote."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.driver_holder = holder
    app.state.driver = holder.current

    app.add_exception_handler(PolicyKGError, _policykg_error)
    for exc_type in (ServiceUnavailable, SessionExpired, AuthError):
        app.add_exception_handler(exc_type, _neo4j_down)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    # Added first, so innermost: the body limit and CORS below apply to cache hits too.
    app.state.response_cache = ResponseCache(lambda: queries.generation(holder.get()))
    app.add_middleware(CacheMiddleware, cache=app.state.response_cache)
    limit_request_bodies(app)  # 1 MiB for /ask, /cypher …; uploads have their own limit

    app.include_router(routes.router)
    app.include_router(query_router)
    app.include_router(admin.router)
    app.include_router(export_router)
    allow_cross_origin_reads(app, settings)
    _include_web(app)
    return app


def _include_web(app: FastAPI) -> None:
    """The explorer and embeddable pages, when that part of the package is installed."""
    try:
        web = importlib.import_module("api.web")
    except ModuleNotFoundError as exc:
        if exc.name in ("api.web", "viz", "viz.render"):
            return
        raise
    app.include_router(web.router)
