"""viz.render: pure graph JSON → vis-network data and the self-contained page."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest

from core.model import Label, Rel
from viz import render

GRAPH: dict[str, Any] = {
    "nodes": [
        {"id": "region:370200", "name": "青岛市", "kind": "Region", "aliases": ["青岛", "青岛市"]},
        {"id": "chain:氢能", "name": "氢能", "kind": "Chain"},
        {"id": "project:p1", "name": "青岛美锦氢能科技生态园项目", "kind": "Project"},
        {"id": "project:p1", "name": "duplicate", "kind": "Project"},
        {"id": "x:1", "name": "某物", "kind": "Mystery"},
    ],
    "edges": [
        {"source": "project:p1", "target": "chain:氢能", "type": "SERVES", "doc": "001"},
        {"from": "project:p1", "to": "region:370200", "type": "LOCATED_IN"},
        {"src": "project:p1", "dst": "region:370200", "type": "LOCATED_IN"},  # same edge again
        {"source": "project:p1", "target": "missing:node", "type": "SERVES"},
        {"type": "SERVES"},
    ],
}


def test_every_entity_label_and_relationship_has_a_style() -> None:
    for label in Label:
        assert label in render.STYLES
    for rel in Rel:
        assert rel in render.REL_ZH
    styles = [(s.color, s.shape) for k, s in render.STYLES.items() if k != Label.SENTENCE]
    assert len(set(styles)) == len(styles), "two labels would look the same"


def test_to_vis_styles_dedupes_and_drops_dangling_edges() -> None:
    data = render.to_vis(GRAPH)
    ids = [n["id"] for n in data["nodes"]]
    assert ids == ["region:370200", "chain:氢能", "project:p1", "x:1"]
    by_id = {n["id"]: n for n in data["nodes"]}
    assert by_id["chain:氢能"]["shape"] == render.STYLES[Label.CHAIN].shape
    assert by_id["chain:氢能"]["color"]["background"] == render.STYLES[Label.CHAIN].color
    assert by_id["project:p1"]["label"] == "青岛美锦氢能科技生态园项目"
    assert "项目 · Project" in by_id["project:p1"]["title"]
    assert by_id["x:1"]["shape"] == render.UNKNOWN_STYLE.shape
    edges = data["edges"]
    assert [(e["from"], e["to"], e["label"]) for e in edges] == [
        ("project:p1", "chain:氢能", "服务于"),
        ("project:p1", "region:370200", "位于"),
    ]
    assert edges[0]["title"] == "服务于 (SERVES)\n001"
    assert data["focus"] is None


def test_legend_lists_present_kinds_in_a_fixed_order_in_chinese() -> None:
    legend = render.to_vis(GRAPH)["legend"]
    assert [(r["kind"], r["zh"]) for r in legend] == [
        ("Chain", "产业链"),
        ("Region", "地区"),
        ("Project", "项目"),
        ("Mystery", "其他"),
    ]
    full = render.legend()
    assert {r["kind"] for r in full} == {x.value for x in Label} - {"Sentence"}


@pytest.mark.parametrize(
    ("focus", "expected"),
    [
        ("region:370200", "region:370200"),  # id
        ("青岛市", "region:370200"),  # name
        ("青 岛", "region:370200"),  # alias, whitespace-insensitive
        ("青岛美锦", "project:p1"),  # prefix of a name
        ("不存在", None),
        (None, None),
    ],
)
def test_focus_is_found_by_id_name_alias_or_prefix(focus: str | None, expected: str | None) -> None:
    data = render.to_vis(GRAPH, focus)
    assert data["focus"] == expected
    if expected:
        node = next(n for n in data["nodes"] if n["id"] == expected)
        assert node["borderWidth"] == 4


def test_focus_marked_in_the_graph_json() -> None:
    marked = {**GRAPH, "nodes": [*GRAPH["nodes"][:1], {**GRAPH["nodes"][1], "focus": True}]}
    assert render.to_vis(marked)["focus"] == "chain:氢能"
    assert render.to_vis({**GRAPH, "focus": "chain:氢能"})["focus"] == "chain:氢能"


def test_kind_from_labels_list() -> None:
    data = render.to_vis({"nodes": [{"id": "a", "name": "A", "labels": ["Entity", "Base"]}], "edges": []})
    assert data["nodes"][0]["group"] == "Base"


def test_short_label_cuts_long_names() -> None:
    assert render.short_label("一二三", 3) == "一二三"
    assert render.short_label("一二三四", 3) == "一二…"
    assert render.short_label(" a \n b ") == "a b"


def test_script_json_cannot_close_the_script_element() -> None:
    text = render.script_json({"name": "</script><script>alert(1)</script>", "s": "\u2028&"})
    assert "</" not in text and "<" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>", "s": "\u2028&"}


def test_embed_page_is_self_contained() -> None:
    page = render.embed_page(GRAPH, "青岛 <图谱>", focus="青岛")
    assert page.startswith("<!doctype html>")
    assert "<title>青岛 &lt;图谱&gt;</title>" in page
    assert f"@version {render.VIS_NETWORK_VERSION}" in page
    # No external resources: no src/href attributes, no @import, no url(http…) in CSS.
    assert not re.search(r"""\s(src|href)\s*=""", page.replace(render.vis_network_js(), ""))
    assert "@import" not in page and "url(http" not in page
    assert "default-src 'none'" in page
    assert 'data-focus="region:370200"' in page
    assert "焦点：青岛市" in page
    assert page.count("</script>") == 3
    assert "产业链" in page and "地区" in page


def test_embed_page_escapes_hostile_names() -> None:
    hostile = {"nodes": [{"id": "a", "name": "</script><img src=x onerror=alert(1)>", "kind": "Chain"}]}
    page = render.embed_page(hostile, "t", focus="a")
    assert "<img" not in page.replace(render.vis_network_js(), "")


def test_embed_page_for_an_empty_graph() -> None:
    page = render.embed_page({"nodes": [], "edges": []}, "空")
    assert "没有可显示的节点" in page
    assert 'data-nodes="0"' in page


def test_viz_config_is_json() -> None:
    config = render.viz_config()
    assert json.loads(json.dumps(config))["styles"]["Chain"]["zh"] == "产业链"
    assert config["rels"]["SERVES"] == "服务于"
