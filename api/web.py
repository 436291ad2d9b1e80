"""HTML side of the app: the explorer (``GET /``) and the embeddable graph page (``GET /view/graph``).

A plain :class:`fastapi.APIRouter` without prefix; the app factory includes it next to the JSON API.
Everything is served from the package (``api/static``, ``viz/static``): no CDN, no web fonts.

Routes:

- ``GET /``: the explorer (``api/static/index.html``), which calls the ``/api/v1`` JSON API;
- ``GET /ui/{file}``: its script and stylesheet, the vendored vis-network bundle, and
  ``viz-config.js`` (the node styles of :mod:`viz.render`, so the page and the explorer agree);
- ``GET /ui/vis-network.<sha256[:16]>.min.js``: the same bundle under a content-addressed name,
  cacheable for a year as immutable; the embed page and the embed helper load it from there;
- ``GET /ui/policykg-embed.js``: a small helper that draws ``/api/v1/graph`` JSON into an element
  of a page on another origin (docs/embedding.md);
- ``GET /view/graph?focus=&depth=&limit=``: a small page (the data inlined, the cached bundle by
  URL, no request outside this server) drawing the same graph ``GET /api/v1/graph`` returns,
  obtained through the same query function, :func:`graph.queries.graph`. Other sites may frame it
  as ``POLICYKG_FRAME_ANCESTORS`` allows (``frame-ancestors``; default any).
"""

from __future__ import annotations

import html
from importlib import resources
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, HTTPException, Query
from fastapi.responses import HTMLResponse, Response
from neo4j import Driver

from api.deps import DriverDep, SettingsDep
from core.errors import NotFound, PolicyKGError
from graph import queries
from viz import render

router = APIRouter(tags=["web"])

#: Files of ``api/static`` the router serves, with their media types (a closed list: no path input).
UI_FILES: dict[str, str] = {
    "app.js": "text/javascript; charset=utf-8",
    "style.css": "text/css; charset=utf-8",
}
CACHE = {"Cache-Control": "public, max-age=300"}
IMMUTABLE = {"Cache-Control": "public, max-age=31536000, immutable"}
SECURITY = {"X-Content-Type-Options": "nosniff"}


def _static(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")


def graph_json(driver: Driver, focus: str | None, depth: int, limit: int) -> dict[str, Any]:
    """The ``{"nodes", "edges"}`` of ``GET /api/v1/graph``, plus ``focus`` (the focused node's id)."""
    data = queries.graph(driver, focus=focus, depth=depth, limit=limit).model_dump()
    # The neighbourhood query lists the resolved focus entity first.
    data["focus"] = data["nodes"][0]["id"] if focus and data["nodes"] else None
    return data


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def explorer() -> HTMLResponse:
    return HTMLResponse(_static("api.static", "index.html"), headers=SECURITY)


@router.get("/ui/vis-network.min.js", include_in_schema=False)
def vis_network() -> Response:
    return Response(
        render.vis_network_js(), media_type="text/javascript; charset=utf-8", headers={**CACHE, **SECURITY}
    )


@router.get("/ui/" + render.vis_network_asset(), include_in_schema=False)
def vis_network_hashed() -> Response:
    # The name is the content's hash: never revalidated, shared by every embed page.
    etag = '"' + render.vis_network_asset().split(".")[1] + '"'
    return Response(
        render.vis_network_js(),
        media_type="text/javascript; charset=utf-8",
        headers={**IMMUTABLE, **SECURITY, "ETag": etag, "Access-Control-Allow-Origin": "*"},
    )


@router.get("/ui/" + render.EMBED_HELPER_FILE, include_in_schema=False)
def embed_helper() -> Response:
    return Response(
        render.embed_helper_js(),
        media_type="text/javascript; charset=utf-8",
        headers={**CACHE, **SECURITY, "Access-Control-Allow-Origin": "*"},
    )


@router.get("/ui/viz-config.js", include_in_schema=False)
def viz_config() -> Response:
    body = f"window.POLICYKG_VIZ = {render.script_json(render.viz_config())};\n"
    return Response(body, media_type="text/javascript; charset=utf-8", headers={**CACHE, **SECURITY})


@router.get("/ui/{name}", include_in_schema=False)
def ui_file(name: str) -> Response:
    media_type = UI_FILES.get(name)
    if media_type is None:
        raise HTTPException(status_code=404, detail=f"no file {name!r}")
    return Response(_static("api.static", name), media_type=media_type, headers={**CACHE, **SECURITY})


def _error_page(status: int, title: str, message: str, suggestions: list[str], depth: int, limit: int) -> str:
    links = "".join(
        f'<li><a href="/view/graph?{html.escape(urlencode({"focus": s, "depth": depth, "limit": limit}))}">'
        f"{html.escape(s)}</a></li>"
        for s in suggestions
    )
    more = f"<p>您是否要找 (did you mean):</p><ul>{links}</ul>" if links else ""
    return (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f"<style>body{{font-family:{render.FONT_STACK};margin:24px;color:#1a1a1a}}"
        "h1{font-size:18px}.detail{color:#c62828}</style></head>"
        f'<body data-rendered="error" data-status="{status}"><h1>{html.escape(title)}</h1>'
        f'<p class="detail">{html.escape(message)}</p>{more}</body></html>'
    )


@router.get("/view/graph", response_class=HTMLResponse, summary="Embeddable graph page")
def view_graph(
    driver: DriverDep,
    settings: SettingsDep,
    focus: Annotated[str | None, Query(description="entity name, alias or id to centre on")] = None,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> HTMLResponse:
    """A small HTML page for an ``<iframe>`` (the data inlined, vis-network from the cached asset)."""
    headers = {**SECURITY, "Content-Security-Policy": f"frame-ancestors {settings.frame_ancestors}"}
    title = f"{focus} · policykg 图谱" if focus else "policykg 产业政策知识图谱"
    try:
        data = graph_json(driver, focus, depth, limit)
    except NotFound as exc:
        page = _error_page(404, title, exc.message, exc.suggestions, depth, limit)
        return HTMLResponse(page, status_code=404, headers=headers)
    except PolicyKGError as exc:
        message = f"{exc.message} ({exc.hint})" if exc.hint else exc.message
        return HTMLResponse(
            _error_page(exc.http_status, title, message, [], depth, limit),
            status_code=exc.http_status,
            headers=headers,
        )
    # Relative to /view/graph, so the page also works behind a proxy that adds a path prefix.
    page = render.embed_page(
        data, title, focus=data["focus"], bundle_url="../ui/" + render.vis_network_asset()
    )
    return HTMLResponse(page, headers=headers)


__all__ = ["graph_json", "router"]
