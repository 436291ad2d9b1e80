"""The city report (城市产业链招商报告): gap reports (``GET /api/v1/gaps`` JSON) as Markdown or as one
self-contained HTML page (styles, data and the vis-network bundle inlined: it opens with no request
to anything, prints cleanly, and headless Chromium turns it into the PDF).

Every line of a table carries its citation (document, line, verbatim quote)."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from viz.render import NETWORK_OPTIONS, inline_script, script_json, to_vis, vis_network_js

STATUS_ZH = {"covered": "已覆盖", "planned": "规划中", "missing": "缺失"}
STATUS_COLOR = {"covered": "#2e7d32", "planned": "#f9a825", "missing": "#c62828"}
_CARRIERS = (("projects", "项目"), ("enterprises", "企业"), ("platforms", "平台"), ("bases", "基地"))


def cite(evidence: Iterable[Mapping[str, Any]] | None, limit: int = 2) -> str:
    """``doc:line「quote」`` of the first ``limit`` evidence entries."""
    out = []
    for e in list(evidence or [])[:limit]:
        quote = str(e.get("quote") or "").strip()
        quote = quote if len(quote) <= 90 else quote[:88] + "…"
        out.append(f"{e.get('doc')}:{e.get('line')}「{quote}」")
    return "；".join(out)


def _carriers(seg: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return [c for key, _ in _CARRIERS for c in seg.get(key) or []]


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(city: str, reports: Sequence[Mapping[str, Any]]) -> str:
    """The report as Markdown: per chain, the gap table, designations, rivals, targets."""
    lines = [f"# {city} 产业链招商报告（强链补链延链）", ""]
    for r in reports:
        lines += [f"## {r['chain']['name']}", "", _summary(r), ""]
        lines += [
            "### 环节缺口 Segments",
            "",
            "| 环节 | 阶段 | 状态 | 载体 | 依据 |",
            "|---|---|---|---|---|",
        ]
        for s in r["segments"]:
            names = "、".join(f"{c['name']}（{cite(c['evidence'], 1)}）" for c in _carriers(s))
            why = cite(s["plan_evidence"], 1) if s["status"] == "planned" else cite(s["evidence"], 1)
            row = [
                s["name"] + (f"（{s['parent']}）" if s.get("parent") else ""),
                s.get("stage") or "",
                STATUS_ZH[s["status"]],
                names,
                why,
            ]
            lines.append("| " + " | ".join(_md_cell(x) for x in row) + " |")
        un = _carriers(r["unassigned"])
        if un:
            lines += [
                "",
                "未归入具体环节的载体（整链）："
                + "；".join(f"{c['name']}（{cite(c['evidence'], 1)}）" for c in un),
            ]
        lines += ["", "### 上级定位 Designations", ""]
        lines += _region_lines(r["designations"]) or ["（无）"]
        lines += ["", "### 竞争城市 Rivals", ""]
        lines += _region_lines(r["rivals"]) or ["（无）"]
        lines += ["", "### 目标 Targets", ""]
        scope = {"higher": "上级", "city": "本市"}
        lines += [
            f"- {scope.get(t['scope'], t['scope'])} {t.get('year') or '—'}："
            f"{t['name']}（{cite(t['evidence'], 1)}）"
            for t in r["targets"]
        ] or ["（无）"]
        lines.append("")
    return "\n".join(lines)


def _region_lines(regions: Iterable[Mapping[str, Any]]) -> list[str]:
    return [
        f"- {g['name']}：{'、'.join(sorted({str(d.get('role') or d['chain']) for d in g['designations']}))}"
        f"（{cite(g['evidence'], 1)}）"
        for g in regions
    ]


def _summary(r: Mapping[str, Any]) -> str:
    c = r["counts"]
    plan = r.get("city_plan_names_chain")
    plan_text = (
        "本市规划提到该产业链"
        if plan
        else "本市规划未提到该产业链"
        if plan is False
        else "图谱中没有本市规划"
    )
    return (
        f"{c['segments']}个环节：已覆盖{c['covered']}，规划中{c['planned']}，缺失{c['missing']}；"
        f"载体{c['carriers']}个（未归入环节{c['unassigned']}）；上级定位{c['designations']}处；"
        f"竞争地区{c['rivals']}个；目标{c['targets']}项；{plan_text}。"
    )


def gap_graph(r: Mapping[str, Any]) -> dict[str, Any]:
    """The gap report as a graph (city, chain, segments, carriers, rivals) for vis-network."""
    city, chain = r["city"], r["chain"]
    nodes: list[dict[str, Any]] = [dict(city), dict(chain)]
    edges: list[dict[str, Any]] = []
    for s in r["segments"]:
        nodes.append({"id": s["id"], "name": s["name"], "kind": s["kind"]})
        edges.append({"source": s["id"], "target": chain["id"], "type": "SEGMENT_OF"})
        for c in _carriers(s):
            nodes.append({"id": c["id"], "name": c["name"], "kind": c["kind"]})
            edges.append({"source": c["id"], "target": s["id"], "type": "SERVES"})
            edges.append({"source": c["id"], "target": city["id"], "type": "LOCATED_IN"})
    for c in _carriers(r["unassigned"]):
        nodes.append({"id": c["id"], "name": c["name"], "kind": c["kind"]})
        edges.append({"source": c["id"], "target": chain["id"], "type": "SERVES"})
        edges.append({"source": c["id"], "target": city["id"], "type": "LOCATED_IN"})
    for g in [*r["designations"], *r["rivals"]]:
        nodes.append({"id": g["id"], "name": g["name"], "kind": "Region"})
        edges.append({"source": g["id"], "target": chain["id"], "type": "DESIGNATED_FOR"})
    return {"nodes": nodes, "edges": edges}


_CSS = """
body{font-family:"Noto Sans CJK SC","PingFang SC","Microsoft YaHei",sans-serif;margin:24px;color:#1a1a1a}
h1{font-size:22px}h2{font-size:18px;border-bottom:2px solid #1565c0;padding-bottom:4px;margin-top:28px}
h3{font-size:15px;margin:16px 0 6px}table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border:1px solid #cfd8dc;padding:4px 6px;vertical-align:top;text-align:left}th{background:#eceff1}
.st{display:inline-block;padding:1px 6px;border-radius:3px;color:#fff;font-size:11px;white-space:nowrap}
.cite{color:#546e7a;font-size:11px}.graph{height:420px;border:1px solid #cfd8dc;margin-top:8px}
ul{font-size:12px;padding-left:18px}.summary{font-size:13px;background:#f5f7f8;padding:6px 8px}
@media print{body{margin:10mm}.graph{height:360px;page-break-inside:avoid}tr{page-break-inside:avoid}
h2{page-break-before:auto}a{color:inherit;text-decoration:none}}
"""


def _e(x: Any) -> str:
    return html.escape(str(x if x is not None else ""))


def report_html(city: str, reports: Sequence[Mapping[str, Any]]) -> str:
    """The report as one HTML page with no external request (fonts are the system's)."""
    parts = [
        "<!doctype html><html lang='zh-CN'><head><meta charset='utf-8'>",
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; "
        "script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>{_e(city)} 产业链招商报告</title><style>{_CSS}</style></head><body>",
        f"<h1>{_e(city)} 产业链招商报告 <small>强链补链延链 · chain gap report</small></h1>",
    ]
    graphs: list[Any] = []
    for i, r in enumerate(reports):
        parts.append(f"<h2>{_e(r['chain']['name'])}</h2><p class='summary'>{_e(_summary(r))}</p>")
        parts.append(
            "<h3>环节缺口 Segments</h3><table><tr><th>环节</th><th>阶段</th><th>状态</th>"
            "<th>载体与依据</th><th>环节来源</th></tr>"
        )
        for s in r["segments"]:
            carriers = "".join(
                f"<div>{_e(c['name'])} <span class='cite'>{_e(cite(c['evidence'], 1))}</span></div>"
                for c in _carriers(s)
            )
            if s["status"] == "planned":
                carriers += f"<div class='cite'>本市规划：{_e(cite(s['plan_evidence'], 1))}</div>"
            parent = f"<br><small>（{_e(s['parent'])}）</small>" if s.get("parent") else ""
            status = s["status"]
            badge = f"<span class='st' style='background:{STATUS_COLOR[status]}'>{STATUS_ZH[status]}</span>"
            parts.append(
                f"<tr><td>{_e(s['name'])}{parent}</td><td>{_e(s.get('stage'))}</td><td>{badge}</td>"
                f"<td>{carriers or '—'}</td><td class='cite'>{_e(cite(s['evidence'], 1))}</td></tr>"
            )
        parts.append("</table>")
        un = _carriers(r["unassigned"])
        if un:
            parts.append("<h3>未归入具体环节的载体（整链）</h3><ul>")
            parts += [
                f"<li>{_e(c['name'])} <span class='cite'>{_e(cite(c['evidence'], 1))}</span></li>" for c in un
            ]
            parts.append("</ul>")
        for title, key in (("上级定位 Designations", "designations"), ("竞争地区 Rivals", "rivals")):
            parts.append(f"<h3>{title}</h3><ul>")
            parts += [f"<li>{_e(line[2:])}</li>" for line in _region_lines(r[key])] or ["<li>（无）</li>"]
            parts.append("</ul>")
        parts.append("<h3>目标 Targets</h3><ul>")
        scope = {"higher": "上级", "city": "本市"}
        parts += [
            f"<li>{scope.get(t['scope'], '')} {_e(t.get('year') or '—')}：{_e(t['name'])} "
            f"<span class='cite'>{_e(cite(t['evidence'], 1))}</span></li>"
            for t in r["targets"]
        ] or ["<li>（无）</li>"]
        parts.append(f"</ul><h3>图谱 Graph</h3><div class='graph' id='g{i}'></div>")
        graphs.append(to_vis(gap_graph(r), focus=r["chain"]["id"]))
    options = {**NETWORK_OPTIONS, "physics": {**NETWORK_OPTIONS["physics"], "enabled": True}}
    parts.append(f"<script>{inline_script(vis_network_js())}</script>")
    parts.append(
        "<script>const G=" + script_json(graphs) + ",O=" + script_json(options) + ";"
        "G.forEach((g,i)=>{const n=new vis.Network(document.getElementById('g'+i),"
        "{nodes:new vis.DataSet(g.nodes),edges:new vis.DataSet(g.edges)},O);"
        "n.once('stabilizationIterationsDone',()=>{n.setOptions({physics:false});n.fit();});});"
        "document.body.dataset.ready='1';</script></body></html>"
    )
    return "".join(parts)
