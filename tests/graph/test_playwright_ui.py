"""The web pages as a person uses them, with Playwright for Python driving Debian's Chromium
(``executable_path``; Playwright never downloads a browser).

The API runs in this process (uvicorn on a free 127.0.0.1 port) over the session's Neo4j with the
five seeds; a second server on another port plays the other site that embeds the graph. Every
request of every page is recorded, and none may leave 127.0.0.1. Screenshots go to
``$POLICYKG_SCREENSHOT_DIR`` or ``build/playwright/`` (git-ignored), kept as test artefacts.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import neo4j
import pytest

from api.app import create_app
from api.export import Format, render
from api.server import background
from core.settings import REPO_ROOT, Settings
from graph.load import load_document
from graph.queries.export import subgraph
from ingest.pipeline import discover, facts_from_file
from viz.render import vis_network_asset

sync_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SHOTS = Path(os.environ.get("POLICYKG_SCREENSHOT_DIR") or REPO_ROOT / "build" / "playwright")
LOCAL_SCHEMES = ("data:", "blob:", "about:", "file:")


class Site:
    """A static folder served on 127.0.0.1 at a free port: the other origin."""

    def __init__(self, root: Path) -> None:
        handler = functools.partial(_QuietHandler, directory=str(root))
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([REPO_ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    return driver


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Site, Site, Path]]:
    root = tmp_path_factory.mktemp("other-site")
    allowed, refused = Site(root), Site(root)
    try:
        yield allowed, refused, root
    finally:
        allowed.close()
        refused.close()


@pytest.fixture(scope="module")
def api(seeded: neo4j.Driver, sites: tuple[Site, Site, Path]) -> Iterator[str]:
    allowed = sites[0].origin
    settings = Settings.defaults(cors_origins=(allowed,), frame_ancestors=f"'self' {allowed}")
    with background(create_app(settings, driver=seeded)) as base:
        yield base


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: object, request: pytest.FixtureRequest) -> Iterator[object]:
    """A fresh page whose every request is recorded; none may leave 127.0.0.1."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")  # type: ignore[attr-defined]
    seen: list[str] = []
    context.on("request", lambda r: seen.append(r.url))
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.requests = seen
    yield pg
    context.close()
    outside = [u for u in seen if not u.startswith(LOCAL_SCHEMES) and urlsplit(u).hostname != "127.0.0.1"]
    assert seen, "no request recorded"
    assert outside == [], f"{request.node.name}: requests left 127.0.0.1: {outside}"


def shot(pg: object, name: str) -> Path:
    SHOTS.mkdir(parents=True, exist_ok=True)
    path = SHOTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)  # type: ignore[attr-defined]
    assert path.stat().st_size > 10_000, f"{path} looks blank"
    return path


def squash(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------------------------------


def test_type_city_and_chain_click_and_read_cited_projects(api: str, page: object) -> None:
    pg = page
    pg.goto(api + "/")  # type: ignore[attr-defined]
    pg.fill("#cc-city", "青岛")  # type: ignore[attr-defined]
    pg.fill("#cc-chain", "氢能")  # type: ignore[attr-defined]
    pg.click("#citychain-form button[value=projects]")  # type: ignore[attr-defined]
    results = pg.locator("#projects-results")  # type: ignore[attr-defined]
    sync_api.expect(results).to_contain_text("青岛美锦氢能科技生态园项目")
    text = squash(results.inner_text())
    assert "青岛德润FCP氢能源设备项目" in text
    assert "第218行" in text and "山东省“十四五”战略性新兴产业发展规划" in text  # the citation
    assert (
        "淄博氢能源全产业链基地项目" not in text.split("第218行")[0]
    )  # another city's project is not listed
    assert any("/api/v1/projects?" in u and "city=" in u for u in pg.requests)  # type: ignore[attr-defined]
    shot(pg, "explorer-projects-qingdao-hydrogen")


def test_open_the_gap_view(api: str, page: object) -> None:
    pg = page
    pg.goto(api + "/")  # type: ignore[attr-defined]
    pg.fill("#cc-city", "青岛")  # type: ignore[attr-defined]
    pg.fill("#cc-chain", "氢能")  # type: ignore[attr-defined]
    pg.click("#citychain-form button[value=gaps]")  # type: ignore[attr-defined]
    gaps = pg.locator("#gaps-results")  # type: ignore[attr-defined]
    sync_api.expect(gaps).to_contain_text("链条缺口")
    sync_api.expect(gaps).to_contain_text("青岛市")
    text = gaps.inner_text()
    assert "✓" in text or "✗" in text
    assert "error" not in (gaps.get_attribute("class") or "")
    assert any("/api/v1/gaps?" in u for u in pg.requests)  # type: ignore[attr-defined]
    shot(pg, "explorer-gaps-qingdao-hydrogen")


def test_draw_a_graph_and_follow_the_link_to_its_embeddable_page(api: str, page: object) -> None:
    pg = page
    pg.goto(api + "/")  # type: ignore[attr-defined]
    pg.fill("#graph-focus", "氢能")  # type: ignore[attr-defined]
    pg.press("#graph-focus", "Enter")  # type: ignore[attr-defined]
    sync_api.expect(pg.locator("#graph-canvas")).to_have_attribute("data-rendered", "true")  # type: ignore[attr-defined]
    with pg.context.expect_page() as opened:  # type: ignore[attr-defined]
        pg.click("#graph-link")  # type: ignore[attr-defined]
    view = opened.value
    view.wait_for_load_state()
    sync_api.expect(view.locator("body")).to_have_attribute("data-rendered", "true")
    assert "/view/graph" in view.url and "focus=" in view.url
    assert view.locator("body").get_attribute("data-focus-drawn") == "chain:氢能"
    assert view.locator("body").get_attribute("data-csp-violations") == "0"
    shot(view, "view-graph-hydrogen")


def test_embed_inside_a_page_of_another_origin(
    api: str, sites: tuple[Site, Site, Path], page: object
) -> None:
    allowed, _, root = sites
    (root / "demo.html").write_text(
        f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>嵌入示例</title></head>
<body><h1>另一个站点 · another site</h1>
<iframe id="frame" src="{api}/view/graph?focus=青岛&depth=1&limit=60" width="900" height="420"></iframe>
<div id="helper" style="width:900px;height:420px;border:1px solid #ccc"></div>
<script src="{api}/ui/policykg-embed.js"></script>
<script>
PolicyKG.draw(document.getElementById("helper"), {{focus: "氢能", depth: 1}}).catch(function () {{}});
</script>
</body></html>""",
        encoding="utf-8",
    )
    pg = page
    pg.goto(allowed.origin + "/demo.html")  # type: ignore[attr-defined]
    frame = pg.frame_locator("#frame")  # type: ignore[attr-defined]
    sync_api.expect(frame.locator("body")).to_have_attribute("data-rendered", "true")
    assert frame.locator("body").get_attribute("data-focus-drawn") == "region:370200"
    helper = pg.locator("#helper")  # type: ignore[attr-defined]
    sync_api.expect(helper).to_have_attribute("data-rendered", "true")
    assert helper.get_attribute("data-focus") == "chain:氢能"
    assert int(helper.get_attribute("data-nodes") or 0) > 3
    assert helper.locator("canvas").count() == 1
    asset = f"{api}/ui/{vis_network_asset()}"
    assert asset in pg.requests  # type: ignore[attr-defined]
    assert f"{api}/ui/vis-network.min.js" not in pg.requests  # type: ignore[attr-defined]
    shot(pg, "embed-cross-origin-demo")


def test_embed_helper_on_an_origin_not_allowed_reports_the_error(
    api: str, sites: tuple[Site, Site, Path], page: object
) -> None:
    _, refused, root = sites
    (root / "refused.html").write_text(
        f"""<!doctype html><html><head><meta charset="utf-8"></head><body>
<div id="helper" style="height:200px"></div><script src="{api}/ui/policykg-embed.js"></script>
<script>PolicyKG.draw(document.getElementById("helper"), {{focus: "氢能"}}).catch(function () {{}});</script>
</body></html>""",
        encoding="utf-8",
    )
    pg = page
    pg.goto(refused.origin + "/refused.html")  # type: ignore[attr-defined]
    sync_api.expect(pg.locator("#helper")).to_have_attribute("data-rendered", "error")  # type: ignore[attr-defined]
    assert "图谱加载失败" in pg.locator("#helper").inner_text()  # type: ignore[attr-defined]


def test_standalone_html_export_draws_from_a_file(seeded: neo4j.Driver, page: object, tmp_path: Path) -> None:
    path = tmp_path / "hydrogen.html"
    path.write_bytes(render(subgraph(seeded, focus="氢能", depth=1), Format.HTML).body)
    pg = page
    pg.goto(path.as_uri())  # type: ignore[attr-defined]
    sync_api.expect(pg.locator("body")).to_have_attribute("data-rendered", "true")  # type: ignore[attr-defined]
    assert pg.locator("#mynetwork canvas").count() == 1  # type: ignore[attr-defined]
    assert pg.requests == [path.as_uri()]  # type: ignore[attr-defined]  # nothing but the file itself
    shot(pg, "export-standalone-hydrogen")
