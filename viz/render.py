"""Graph JSON → vis-network data and a self-contained HTML page. Pure functions, no I/O but one file read.

Input is the ``{"nodes": [...], "edges": [...]}`` of ``GET /api/v1/graph``: a node has ``id``,
``name`` and ``kind`` (its label, one of :class:`core.model.Label`); an edge has its endpoints
(``source``/``target``; ``from``/``to`` and ``src``/``dst`` are accepted too) and ``type`` (a
:class:`core.model.Rel`). Unknown kinds and types are drawn in a neutral style rather than refused.

:func:`to_vis` gives the vis-network ``DataSet`` rows with colours, shapes and Chinese captions per
label; :func:`embed_page` gives an HTML page with vis-network inlined that makes no external request
(no CDN, no web fonts) and marks ``<body data-rendered="true">`` once the network has been drawn.
"""

from __future__ import annotations

import hashlib
import html
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, TypedDict

from core.model import Label, Rel

VIS_NETWORK_VERSION = "10.1.5"
VIS_NETWORK_FILE = "vis-network.min.js"

#: Fonts that render Chinese on the usual platforms; all local, never fetched.
FONT_STACK = (
    '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", '
    '"WenQuanYi Micro Hei", sans-serif'
)
CANVAS_FONT = "Noto Sans CJK SC, PingFang SC, Microsoft YaHei, sans-serif"


@dataclass(frozen=True)
class Style:
    zh: str  # Chinese caption for the legend
    en: str  # English caption
    color: str  # fill
    border: str
    shape: str  # a vis-network shape


STYLES: dict[str, Style] = {
    Label.CHAIN: Style("产业链", "Chain", "#f4a261", "#c46f2a", "hexagon"),
    Label.REGION: Style("地区", "Region", "#64b5f6", "#1e6fb5", "dot"),
    Label.PROJECT: Style("项目", "Project", "#81c784", "#2e7d32", "box"),
    Label.AGENCY: Style("部门", "Agency", "#ba68c8", "#7b1fa2", "ellipse"),
    Label.TASK: Style("任务", "Task", "#e0e0e0", "#757575", "box"),
    Label.TARGET: Style("目标", "Target", "#ffd54f", "#c79a00", "diamond"),
    Label.ENTERPRISE: Style("企业", "Enterprise", "#4db6ac", "#00796b", "square"),
    Label.PLATFORM: Style("平台", "Platform", "#f06292", "#ad1457", "triangle"),
    Label.BASE: Style("基地/园区", "Base", "#a1887f", "#5d4037", "triangleDown"),
    Label.TECHNOLOGY: Style("技术/材料", "Technology", "#9fa8da", "#3949ab", "star"),
    Label.DOCUMENT: Style("文件", "Document", "#90a4ae", "#455a64", "database"),
    Label.SENTENCE: Style("句子", "Sentence", "#fafafa", "#9e9e9e", "text"),
}
UNKNOWN_STYLE = Style("其他", "Other", "#cfd8dc", "#607d8b", "dot")

#: Chinese captions of relationship types (edge labels).
REL_ZH: dict[str, str] = {
    Rel.SUBCHAIN_OF: "子链",
    Rel.SERVES: "服务于",
    Rel.LOCATED_IN: "位于",
    Rel.PART_OF: "隶属",
    Rel.DESIGNATED_FOR: "布局",
    Rel.IN_CHAIN: "属于",
    Rel.LEADS: "牵头",
    Rel.SUPPORTS: "配合",
    Rel.RESPONSIBLE_FOR: "负责",
    Rel.CONCERNS: "涉及",
    Rel.MEASURES: "衡量",
    Rel.SCOPED_TO: "范围",
    Rel.NEEDS: "需突破",
    Rel.HAS_SEGMENT: "含环节",
    Rel.MENTIONS: "提及",
    Rel.IN: "出自",
    "SEGMENT_OF": "属环节",  # a plain key: the type is new in core.model (segments of a chain)
}

MAX_LABEL_CHARS = 16  # longer names are cut on the canvas; the tooltip has the whole name


class VisNode(TypedDict, total=False):
    id: str
    label: str
    title: str
    group: str
    shape: str
    color: dict[str, Any]
    borderWidth: int
    font: dict[str, Any]
    size: int


class VisEdge(TypedDict, total=False):
    id: str
    to: str
    label: str
    title: str
    arrows: str
    color: dict[str, Any]
    font: dict[str, Any]


class LegendEntry(TypedDict):
    kind: str
    zh: str
    en: str
    color: str
    border: str
    shape: str


class VisData(TypedDict):
    nodes: list[VisNode]
    edges: list[dict[str, Any]]  # VisEdge plus "from" (a keyword, so not a TypedDict key)
    legend: list[LegendEntry]
    focus: str | None


def style_of(kind: str | None) -> Style:
    return STYLES.get(kind or "", UNKNOWN_STYLE)


def _kind(node: Mapping[str, Any]) -> str:
    kind = node.get("kind") or node.get("label")
    if not kind:
        labels = node.get("labels")
        if isinstance(labels, list | tuple) and labels:
            kind = next((str(x) for x in labels if str(x) in STYLES), str(labels[0]))
    return str(kind or "")


def _endpoints(edge: Mapping[str, Any]) -> tuple[str, str] | None:
    for a, b in (("source", "target"), ("from", "to"), ("src", "dst"), ("start", "end")):
        if edge.get(a) is not None and edge.get(b) is not None:
            return str(edge[a]), str(edge[b])
    return None


def short_label(name: str, limit: int = MAX_LABEL_CHARS) -> str:
    """A canvas caption: the name, cut to ``limit`` characters with an ellipsis."""
    name = " ".join(name.split())
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _node_title(name: str, style: Style, node: Mapping[str, Any]) -> str:
    lines = [name, f"{style.zh} · {style.en}"]
    for key in ("level", "code", "metric", "year", "doc"):
        value = node.get(key)
        if value not in (None, "", []):
            lines.append(f"{key}: {value}")
    return "\n".join(lines)


def find_focus(graph: Mapping[str, Any], focus: str | None) -> str | None:
    """The id of the focused node: an explicit ``focus`` matched against ids and names, else the
    node the graph marks (``"focus": true`` on a node, or a top-level ``"focus"`` id)."""
    nodes = list(graph.get("nodes") or [])
    ids = {str(n.get("id")) for n in nodes}
    candidates = [focus, graph.get("focus") if isinstance(graph.get("focus"), str) else None]
    for cand in candidates:
        if not cand:
            continue
        if cand in ids:
            return cand
        key = "".join(cand.split())
        for n in nodes:
            names = [n.get("name"), *(n.get("aliases") or [])]
            if any(isinstance(x, str) and "".join(x.split()) == key for x in names):
                return str(n.get("id"))
    for n in nodes:
        if n.get("focus") is True:
            return str(n.get("id"))
    if focus and focus.strip():  # 青岛 → 青岛市: the shortest name that starts with the focus
        key = "".join(focus.split())
        starts = [n for n in nodes if "".join(str(n.get("name") or "").split()).startswith(key)]
        if starts:
            return str(min(starts, key=lambda n: len(str(n.get("name") or ""))).get("id"))
    return None


def to_vis(graph: Mapping[str, Any], focus: str | None = None) -> VisData:
    """vis-network rows for ``graph`` (see the module doc). Duplicate nodes are kept once, edges
    whose endpoints are missing are dropped, and the focused node is drawn larger."""
    focus_id = find_focus(graph, focus)
    nodes: list[VisNode] = []
    seen: set[str] = set()
    kinds: list[str] = []
    for raw in graph.get("nodes") or []:
        node_id = raw.get("id")
        if node_id is None or str(node_id) in seen:
            continue
        node_id = str(node_id)
        seen.add(node_id)
        kind = _kind(raw)
        style = style_of(kind)
        if kind not in kinds:
            kinds.append(kind)
        name = str(raw.get("name") or node_id)
        vis: VisNode = {
            "id": node_id,
            "label": short_label(name),
            "title": _node_title(name, style, raw),
            "group": kind or UNKNOWN_STYLE.en,
            "shape": style.shape,
            "color": {
                "background": style.color,
                "border": style.border,
                "highlight": {"background": style.color, "border": "#000000"},
            },
            "borderWidth": 1,
            "font": {"face": CANVAS_FONT, "size": 14, "color": "#1a1a1a"},
        }
        if node_id == focus_id:
            vis["borderWidth"] = 4
            vis["size"] = 32
            vis["font"] = {"face": CANVAS_FONT, "size": 18, "color": "#000000"}
            vis["color"] = {**vis["color"], "border": "#d62828"}
        nodes.append(vis)
    edges: list[dict[str, Any]] = []
    edge_ids: set[str] = set()
    for raw in graph.get("edges") or []:
        ends = _endpoints(raw)
        if ends is None or ends[0] not in seen or ends[1] not in seen:
            continue
        rel = str(raw.get("type") or "")
        edge_id = str(raw.get("id") or f"{ends[0]}-{rel}-{ends[1]}")
        if edge_id in edge_ids:
            continue
        edge_ids.add(edge_id)
        zh = REL_ZH.get(rel, rel)
        title = f"{zh} ({rel})" if rel and zh != rel else rel
        if raw.get("doc"):
            title += f"\n{raw['doc']}"
        edges.append(
            {
                "id": edge_id,
                "from": ends[0],
                "to": ends[1],
                "label": zh,
                "title": title,
                "arrows": "to",
                "color": {"color": "#9aa5b1", "highlight": "#d62828"},
                "font": {"face": CANVAS_FONT, "size": 11, "color": "#555555", "strokeWidth": 3},
            }
        )
    return {"nodes": nodes, "edges": edges, "legend": legend(kinds), "focus": focus_id}


def legend(kinds: Iterable[str] | None = None) -> list[LegendEntry]:
    """Legend rows for ``kinds`` (in the order of :data:`STYLES`; all entity labels when None)."""
    wanted = set(kinds) if kinds is not None else {k for k in STYLES if k != Label.SENTENCE}
    rows: list[LegendEntry] = []
    for kind, style in STYLES.items():
        if kind in wanted:
            rows.append(_legend_row(str(kind), style))
    others = sorted(k for k in wanted if k not in STYLES)
    if others:
        rows.append(_legend_row(", ".join(o or "?" for o in others), UNKNOWN_STYLE))
    return rows


def _legend_row(kind: str, style: Style) -> LegendEntry:
    return {
        "kind": kind,
        "zh": style.zh,
        "en": style.en,
        "color": style.color,
        "border": style.border,
        "shape": style.shape,
    }


def viz_config() -> dict[str, Any]:
    """The styles as plain data, for the explorer's script (one source of truth for colours)."""
    return {
        "styles": {str(k): _legend_row(str(k), s) for k, s in STYLES.items()},
        "unknown": _legend_row("", UNKNOWN_STYLE),
        "rels": {str(k): v for k, v in REL_ZH.items()},
        "font": CANVAS_FONT,
        "maxLabel": MAX_LABEL_CHARS,
        "options": NETWORK_OPTIONS,
    }


NETWORK_OPTIONS: dict[str, Any] = {
    "autoResize": True,
    "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
    "physics": {
        "solver": "forceAtlas2Based",
        "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 120, "avoidOverlap": 0.4},
        "stabilization": {"enabled": True, "iterations": 300, "fit": True},
    },
    "edges": {"smooth": {"enabled": True, "type": "continuous", "roundness": 0.3}},
    "nodes": {"margin": 8, "widthConstraint": {"maximum": 180}},
}


@cache
def vis_network_js() -> str:
    """The vendored vis-network standalone UMD bundle (see viz/static/README.md)."""
    return resources.files("viz.static").joinpath(VIS_NETWORK_FILE).read_text(encoding="utf-8")


@cache
def vis_network_asset() -> str:
    """The bundle's content-addressed file name, ``vis-network.<sha256[:16]>.min.js``: a URL that
    names one content can be cached for a year as immutable (a new bundle is a new URL)."""
    digest = hashlib.sha256(vis_network_js().encode("utf-8")).hexdigest()[:16]
    return f"vis-network.{digest}.min.js"


def script_json(value: Any) -> str:
    """JSON safe to place inside ``<script>``: no ``</script>``, ``<!--`` or JS line separators."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


def inline_script(js: str) -> str:
    """``js`` safe inside ``<script>``: a literal ``</script`` would end the element early."""
    return js.replace("</script", "<\\/script")


def legend_html(rows: list[LegendEntry]) -> str:
    """The legend as an HTML list (swatch, Chinese and English caption per kind)."""
    items = "".join(
        f'<li><span class="sw" style="background:{html.escape(r["color"])};'
        f'border-color:{html.escape(r["border"])}"></span>{html.escape(r["zh"])}'
        f" <small>{html.escape(r['en'])}</small></li>"
        for r in rows
    )
    return f'<ul class="legend" aria-label="图例 Legend">{items}</ul>'


_PAGE = """<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src {script_src}; \
style-src 'unsafe-inline'; img-src data: blob:">
<title>{title}</title>
<style>
html, body {{ margin: 0; height: 100%; font-family: {fonts}; color: #1a1a1a; background: #fff; }}
body {{ display: flex; flex-direction: column; }}
header {{ padding: 6px 12px; border-bottom: 1px solid #e3e3e3; display: flex; flex-wrap: wrap;
  align-items: center; gap: 4px 16px; }}
h1 {{ font-size: 16px; margin: 0; font-weight: 600; }}
.meta {{ color: #666; font-size: 12px; }}
.legend {{ list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 2px 12px;
  font-size: 12px; }}
.legend li {{ display: flex; align-items: center; gap: 4px; }}
.legend small {{ color: #888; }}
.sw {{ width: 12px; height: 12px; border: 2px solid; border-radius: 3px; display: inline-block; }}
#graph {{ flex: 1; min-height: 320px; position: relative; }}
#empty {{ padding: 24px; color: #666; }}
</style>
</head>
<body data-rendered="false" data-csp-violations="0" data-focus="{focus_attr}"
  data-nodes="{n_nodes}" data-edges="{n_edges}">
<header>
<h1>{title}</h1>
<span class="meta">{n_nodes} 个节点 · {n_edges} 条关系{focus_meta}</span>
{legend}
</header>
<div id="graph" role="img" aria-label="{title}">{empty}</div>
<script>
document.addEventListener("securitypolicyviolation", function (e) {{
  var body = document.body;
  body.dataset.cspViolations = String(Number(body.dataset.cspViolations || "0") + 1);
  body.dataset.blocked = ((body.dataset.blocked || "") + " " + e.blockedURI).trim();
}});
</script>
{vis_script}
<script>
(function () {{
  var data = {data};
  var options = {options};
  var body = document.body;
  if (!data.nodes.length) {{ body.dataset.rendered = "empty"; return; }}
  if (typeof vis === "undefined") {{ body.dataset.rendered = "error"; return; }}
  var network = new vis.Network(document.getElementById("graph"),
    {{ nodes: new vis.DataSet(data.nodes), edges: new vis.DataSet(data.edges) }}, options);
  function done() {{
    if (data.focus) {{
      var pos = network.getPositions([data.focus])[data.focus];
      if (pos) {{ body.dataset.focusDrawn = data.focus; network.selectNodes([data.focus]); }}
    }}
    body.dataset.resources = String(performance.getEntriesByType("resource").length);
    body.dataset.rendered = "true";
  }}
  network.once("stabilizationIterationsDone", function () {{
    network.setOptions({{ physics: {{ enabled: false }} }});
    network.fit();
  }});
  network.once("afterDrawing", done);
  window.policykgNetwork = network;
}})();
</script>
</body>
</html>
"""


_NODE_STYLE_KEYS = ("shape", "color", "borderWidth", "font", "size")
_EDGE_STYLE_KEYS = ("arrows", "color", "font", "id")


def shared_styles(data: VisData) -> dict[str, Any]:
    """vis-network ``groups`` (one style per kind present) and edge defaults: written once per page
    instead of once per node and edge (a page of 60 nodes: ~55 kB → ~25 kB)."""
    groups: dict[str, Any] = {}
    for node in data["nodes"]:
        if node["group"] not in groups and node["id"] != data["focus"]:
            groups[node["group"]] = {k: node[k] for k in _NODE_STYLE_KEYS if k in node}  # type: ignore[literal-required]
    edge = data["edges"][0] if data["edges"] else {}
    return {
        "groups": groups,
        "edges": {**NETWORK_OPTIONS["edges"], **{k: edge[k] for k in _EDGE_STYLE_KEYS[:3] if k in edge}},
    }


def compact(data: VisData) -> dict[str, Any]:
    """The rows of :func:`to_vis` without what :func:`shared_styles` holds (the focus keeps its own)."""
    nodes = [
        dict(n) if n["id"] == data["focus"] else {k: v for k, v in n.items() if k not in _NODE_STYLE_KEYS}
        for n in data["nodes"]
    ]
    edges = [{k: v for k, v in e.items() if k not in _EDGE_STYLE_KEYS} for e in data["edges"]]
    return {"nodes": nodes, "edges": edges, "focus": data["focus"]}


def embed_page(
    graph_json: Mapping[str, Any], title: str, focus: str | None = None, bundle_url: str | None = None
) -> str:
    """An HTML page drawing ``graph_json`` with vis-network.

    ``bundle_url`` None: the bundle is inlined and the page is self-contained (a file). Else the page
    loads the bundle from that same-origin URL (``/view/graph`` uses the hashed, immutable asset:
    a page of a few kB, the 740 kB bundle fetched once per browser). No other request of any kind (a
    Content-Security-Policy forbids them too); Chinese text uses locally installed fonts. After the
    first draw the page sets ``data-rendered="true"`` on ``<body>`` and, when the focused node was
    placed, ``data-focus-drawn`` to its id.
    """
    data = to_vis(graph_json, focus)
    if bundle_url is None:
        script_src, vis_script = "'unsafe-inline'", f"<script>{inline_script(vis_network_js())}</script>"
    else:
        script_src = "'self' 'unsafe-inline'"
        vis_script = f'<script src="{html.escape(bundle_url)}"></script>'
    focus_name = next((n["title"].split("\n", 1)[0] for n in data["nodes"] if n["id"] == data["focus"]), "")
    return _PAGE.format(
        title=html.escape(title),
        fonts=FONT_STACK,
        focus_attr=html.escape(data["focus"] or ""),
        focus_meta=f" · 焦点：{html.escape(focus_name)}" if focus_name else "",
        n_nodes=len(data["nodes"]),
        n_edges=len(data["edges"]),
        legend=legend_html(data["legend"]),
        empty="" if data["nodes"] else '<p id="empty">没有可显示的节点 (no nodes to show)</p>',
        script_src=script_src,
        vis_script=vis_script,
        data=script_json(compact(data)),
        options=script_json({**NETWORK_OPTIONS, **shared_styles(data)}),
    )


EMBED_HELPER_FILE = "policykg-embed.js"


@cache
def embed_helper_js() -> str:
    """The embed helper (``viz/static/policykg-embed.js``) with the styles and the bundle's hashed
    name filled in: a few kB that draw ``GET /api/v1/graph`` into an element of another site."""
    source = resources.files("viz.static").joinpath(EMBED_HELPER_FILE).read_text(encoding="utf-8")
    return source.replace("__CONFIG__", script_json({**viz_config(), "asset": vis_network_asset()}), 1)
