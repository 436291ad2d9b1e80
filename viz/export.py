"""A standalone HTML view of a graph, built with pyvis and made fully offline.

pyvis (the design card's drawing library) builds the network and its page; its template links
vis-network 9.1.2 and Bootstrap on CDNs (``cdnjs.cloudflare.com``, ``cdn.jsdelivr.net``). Those
links are removed and our vendored vis-network (:func:`viz.render.vis_network_js`) is inlined in
their place, so the file opens from a disk, a mail attachment or an intranet with no request to
any host; a Content-Security-Policy forbids them as well. Styles per label are those of
:func:`viz.render.to_vis`, so the file looks like ``/view/graph``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from typing import Any

from pyvis.network import Network

from viz import render

# pyvis's template: CDN <link>/<script src> elements, and an HTML comment with a relative one.
_EXTERNAL = re.compile(
    r"<link\b[^>]*\bhref\s*=\s*\"[^\"]*\"[^>]*>|<script\b[^>]*\bsrc\s*=\s*\"[^\"]*\"[^>]*>\s*</script>",
    re.IGNORECASE,
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"<center>\s*<h1>.*?</h1>\s*</center>", re.DOTALL)

CSP = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data: blob:"


def _safe(text: str) -> str:
    # pyvis writes the data with json.dumps inside <script>: a "</" would end the element.
    return text.replace("</", "<\\/")


def _network(graph: Mapping[str, Any], focus: str | None) -> tuple[Network, render.VisData]:
    data = render.to_vis(graph, focus)
    net = Network(height="100%", width="100%", directed=True, cdn_resources="remote")
    for node in data["nodes"]:
        options = {k: v for k, v in node.items() if k not in ("id", "label", "title")}
        net.add_node(node["id"], label=_safe(node["label"]), title=_safe(node["title"]), **options)
        net.nodes[-1]["color"] = node["color"]  # add_node keeps only a string colour
    for edge in data["edges"]:
        options = {k: v for k, v in edge.items() if k not in ("from", "to", "title", "label")}
        net.add_edge(edge["from"], edge["to"], title=_safe(edge["title"]), label=edge["label"], **options)
    net.options = {**render.NETWORK_OPTIONS, "configure": {"enabled": False}}
    return net, data


def standalone_html(graph: Mapping[str, Any], title: str, focus: str | None = None) -> str:
    """One HTML file drawing ``graph`` (the ``{"nodes", "edges"}`` of ``GET /api/v1/graph``, or
    richer nodes): no request to any host, ``<body data-rendered="true">`` after the first draw."""
    net, data = _network(graph, focus)
    page = net.generate_html()
    page = _COMMENT.sub("", page)
    page = _EXTERNAL.sub("", page)
    page = _HEADING.sub("", page)
    head = (
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        f"<title>{html.escape(title)}</title>\n"
        f"<style>html,body{{margin:0;height:100%;font-family:{render.FONT_STACK}}}"
        "body{display:flex;flex-direction:column}header{padding:6px 12px;border-bottom:1px solid #e3e3e3}"
        "h1{font-size:16px;margin:0 0 4px}.card{flex:1;min-height:480px}"
        ".legend{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:2px 12px;font-size:12px}"
        ".legend li{display:flex;align-items:center;gap:4px}.legend small{color:#888}"
        ".sw{width:12px;height:12px;border:2px solid;border-radius:3px;display:inline-block}</style>\n"
        f"<script>{render.inline_script(render.vis_network_js())}</script>\n"
    )
    page = page.replace("<head>", "<head>\n" + head, 1)
    page = page.replace("<html>", '<!doctype html>\n<html lang="zh-CN">', 1)
    header = (
        f"<header><h1>{html.escape(title)}</h1>"
        f"<span>{len(data['nodes'])} 个节点 · {len(data['edges'])} 条关系</span>"
        f"{render.legend_html(data['legend'])}</header>"
    )
    body = f'<body data-rendered="false" data-nodes="{len(data["nodes"])}">\n{header}'
    page = page.replace("<body>", body, 1)
    done = (
        "<script>network.once('afterDrawing', function () { document.body.dataset.rendered = 'true'; });"
        "</script>\n</body>"
    )
    return page.replace("</body>", done, 1)
