"""The HTML side in a real browser: the embeddable graph page and the explorer.

A uvicorn server (``api.app:create_app``) runs in a subprocess on a free port against the session's
Neo4j with the five seeds ingested. Headless Chromium (Debian ``chromium``) is driven from the
command line: ``--dump-dom`` after ``--virtual-time-budget`` gives the DOM once the scripts ran, and
``--screenshot`` a PNG. Every Chromium run goes through a recording proxy for non-loopback traffic,
so a request to any outside host (a CDN, a web font) is seen; Chromium's own service traffic
(component updater, sign-in) is listed in ``BROWSER_SERVICE_HOSTS`` and ignored, since it happens on
``about:blank`` too. Pages report what they did through ``data-*`` attributes.

Set ``POLICYKG_SCREENSHOT_DIR`` to keep the screenshots.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode

import httpx
import neo4j
import pytest

from core.settings import REPO_ROOT
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from viz.render import vis_network_asset

if TYPE_CHECKING:
    from tests.conftest import Neo4jServer

pytestmark = [pytest.mark.neo4j, pytest.mark.browser]

SEEDS = REPO_ROOT / "seeds"
QINGDAO_HYDROGEN = ("青岛美锦氢能科技生态园项目", "青岛德润FCP氢能源设备项目")

# Hosts Chromium contacts by itself, whatever the page (seen with about:blank).
BROWSER_SERVICE_HOSTS = frozenset(
    {
        "update.googleapis.com",
        "clients2.google.com",
        "accounts.google.com",
        "content-autofill.googleapis.com",
        "optimizationguide-pa.googleapis.com",
        "safebrowsing.googleapis.com",
    }
)

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-default-apps",
    "--disable-domain-reliability",
    "--no-pings",
    "--disable-features=AutofillServerCommunication,NetworkTimeServiceQuerying,OptimizationHints,"
    "MediaRouter,Translate",
    "--hide-scrollbars",
)


def _squash(text: str) -> str:
    return "".join(text.split())


# --------------------------------------------------------------------------------------------------
# Chromium, a recording proxy, a DOM reader


def _host(request_line: str) -> str:
    """The host of a proxy request line: ``CONNECT host:443 …`` or ``GET http://host/… …``."""
    parts = request_line.split()
    target = parts[1] if len(parts) > 1 else ""
    return re.sub(r"^[a-z]+://", "", target).split("/", 1)[0].rsplit(":", 1)[0]


class RecordingProxy:
    """An HTTP proxy that refuses everything and records the request lines it was sent."""

    def __init__(self) -> None:
        self.requests: list[str] = []
        self._sock = socket.create_server(("127.0.0.1", 0))
        self.port = self._sock.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self._sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(5)
                try:
                    head = conn.recv(65536).decode("latin-1")
                    self.requests.append(head.split("\r\n", 1)[0])
                    conn.sendall(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    pass

    def outside_since(self, start: int) -> list[str]:
        """Requests recorded after the ``start``-th, to hosts other than Chromium's own services."""
        return [r for r in self.requests[start:] if _host(r) not in BROWSER_SERVICE_HOSTS]

    def close(self) -> None:
        self._sock.close()


@dataclass
class Browser:
    exe: str
    workdir: Path
    proxy: RecordingProxy
    runs: int = field(default=0)

    def run(self, url: str, *extra: str, budget_ms: int = 15000, size: str = "1400,1800") -> str:
        self.runs += 1
        profile = self.workdir / f"profile-{self.runs}"
        args = [
            self.exe,
            *CHROMIUM_FLAGS,
            f"--user-data-dir={profile}",
            f"--proxy-server=http://127.0.0.1:{self.proxy.port}",
            f"--virtual-time-budget={budget_ms}",
            f"--window-size={size}",
            *extra,
            url,
        ]
        proc = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
        shutil.rmtree(profile, ignore_errors=True)
        assert proc.returncode == 0, f"chromium failed ({proc.returncode}): {proc.stderr[-2000:]}"
        return proc.stdout

    def dom(self, url: str, attempts: int = 3) -> Dom:
        """The page's DOM once it has settled: no element still marked ``data-rendered="false"`` or
        ``data-ready="false"``. ``--dump-dom`` dumps when the virtual-time budget runs out, and on
        a loaded machine a page can still be drawing then; it is loaded again with twice the budget
        (the assertions then judge the settled page, which may still be an error)."""
        budget = 15000
        for _ in range(attempts):
            dom = Dom(self.run(url, "--dump-dom", budget_ms=budget))
            if not dom.unsettled():
                return dom
            budget *= 2
        return dom

    def screenshot(self, url: str, path: Path, size: str = "1400,1800") -> Path:
        self.run(url, f"--screenshot={path}", size=size)
        assert path.exists(), f"no screenshot written to {path}"
        return path


class Dom(HTMLParser):
    """Attributes and text content of every element that has an ``id``, plus ``<body>``."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html = html
        self.attrs: dict[str, dict[str, str]] = {}
        self.text: dict[str, list[str]] = {}
        self._stack: list[tuple[str, str | None]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        key = "body" if tag == "body" else values.get("id")
        if key:
            self.attrs[key] = values
            self.text[key] = []
        if tag not in self.VOID:
            self._stack.append((tag, key))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data: str) -> None:
        for _, key in self._stack:
            if key:
                self.text[key].append(data)

    def unsettled(self) -> list[str]:
        """Elements (by id, or ``body``) whose page script has not finished: marked ``"false"``."""
        return [
            key
            for key, attrs in self.attrs.items()
            if attrs.get("data-rendered") == "false" or attrs.get("data-ready") == "false"
        ]

    def text_of(self, key: str) -> str:
        return "".join(self.text.get(key, []))


def png_stats(path: Path) -> tuple[int, int, int]:
    """(width, height, distinct byte values in the decompressed image data) of a PNG file."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, width, height = 8, b"", 0, 0
    while pos < len(data):
        length = int.from_bytes(data[pos : pos + 4], "big")
        kind = data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height = int.from_bytes(body[:4], "big"), int.from_bytes(body[4:8], "big")
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    return width, height, len(set(zlib.decompress(idat)))


# --------------------------------------------------------------------------------------------------
# Fixtures


def _chromium_exe() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail(
                "chromium is not installed (.ci/run installs it: apt-get install chromium fonts-noto-cjk)"
            )
        pytest.skip("chromium is not installed (apt-get install -y chromium fonts-noto-cjk)")
    return exe


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Browser]:
    proxy = RecordingProxy()
    try:
        yield Browser(_chromium_exe(), tmp_path_factory.mktemp("chromium"), proxy)
    finally:
        proxy.close()


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    """The five seeds, ingested the way ``policykg ingest seeds/`` does."""
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([SEEDS]):
        load_document(driver, facts_from_file(path))
    return driver


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture(scope="module")
def server(
    neo4j_server: Neo4jServer, seeded: neo4j.Driver, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = _free_port()
    log = tmp_path_factory.mktemp("uvicorn") / "server.log"
    env = {
        **os.environ,
        "NEO4J_URI": neo4j_server.uri,
        "NEO4J_USER": neo4j_server.user,
        "NEO4J_PASSWORD": neo4j_server.password,
    }
    cmd = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    cmd += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd, env=env, cwd=REPO_ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, f"uvicorn exited: {log.read_text(errors='replace')[-3000:]}"
            try:
                if httpx.get(f"{base}/api/v1/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, (
                f"uvicorn not ready: {log.read_text(errors='replace')[-3000:]}"
            )
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def _keep(path: Path) -> Path:
    keep = os.environ.get("POLICYKG_SCREENSHOT_DIR")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / path.name)
    return path


def _url(base: str, path: str, **params: str | int) -> str:
    return f"{base}{path}?{urlencode(params)}" if params else f"{base}{path}"


# --------------------------------------------------------------------------------------------------
# The embeddable page


def test_view_graph_html_references_nothing_outside(server: str) -> None:
    r = httpx.get(_url(server, "/view/graph", focus="青岛", depth=1, limit=60), timeout=30)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    page = r.text
    # One sub-resource: the hashed, immutable vis-network asset of this server; nothing else linked.
    asset = "../ui/" + vis_network_asset()
    assert f'<script src="{asset}"></script>' in page
    markup = page.replace(f' src="{asset}"', "")
    assert not re.search(r"""\s(?:src|href)\s*=|@import|url\(|https?://""", markup), "external reference"
    assert "default-src 'none'" in page
    assert 'data-focus="region:370200"' in page


def test_dom_names_the_elements_still_drawing() -> None:
    # Browser.dom reloads a page while this list is not empty, so it must see both page markers.
    page = (
        '<body data-ready="false"><div id="graph-canvas" data-rendered="false"></div>'
        '<div id="other" data-rendered="true"></div></body>'
    )
    assert sorted(Dom(page).unsettled()) == ["body", "graph-canvas"]
    assert Dom('<body data-rendered="error"><p id="x">t</p></body>').unsettled() == []


def test_view_graph_draws_the_focus_without_external_requests(server: str, browser: Browser) -> None:
    before = len(browser.proxy.requests)
    dom = browser.dom(_url(server, "/view/graph", focus="青岛", depth=1, limit=60))
    body = dom.attrs["body"]
    assert body["data-rendered"] == "true", body
    assert body["data-focus-drawn"] == "region:370200"
    assert int(body["data-nodes"]) > 5
    assert body["data-resources"] == "1", "the page loaded more than the vis-network asset"
    assert body["data-csp-violations"] == "0", body.get("data-blocked")
    assert "<canvas" in dom.html
    assert "焦点：青岛市" in dom.text_of("body")
    assert browser.proxy.outside_since(before) == []


def test_view_graph_unknown_focus_is_a_readable_404(server: str) -> None:
    r = httpx.get(_url(server, "/view/graph", focus="不存在的地方"), timeout=30)
    assert r.status_code == 404
    assert 'data-rendered="error"' in r.text
    assert "不存在的地方" in r.text


def test_view_graph_bad_depth_is_422(server: str) -> None:
    r = httpx.get(_url(server, "/view/graph", focus="青岛", depth=9), timeout=30)
    assert r.status_code == 422


def test_view_graph_screenshot_is_not_blank(server: str, browser: Browser, tmp_path: Path) -> None:
    shot = _keep(
        browser.screenshot(_url(server, "/view/graph", focus="氢能", depth=1), tmp_path / "view-graph.png")
    )
    blank = browser.screenshot("about:blank", tmp_path / "blank.png", size="1400,1800")
    width, height, distinct = png_stats(shot)
    assert (width, height) == (1400, 1800)
    assert distinct > 64, f"{shot} looks blank ({distinct} distinct bytes)"
    assert shot.stat().st_size > 5 * blank.stat().st_size


# --------------------------------------------------------------------------------------------------
# The explorer


def test_explorer_assets_are_local(server: str) -> None:
    page = httpx.get(server + "/", timeout=30)
    assert page.status_code == 200
    assert "policykg 产业政策知识图谱" in page.text
    refs = re.findall(r"""(?:src|href)="([^"]+)\"""", page.text)
    assert refs and all(ref.startswith("/") for ref in refs), refs
    for ref in ("/ui/app.js", "/ui/style.css", "/ui/vis-network.min.js", "/ui/viz-config.js"):
        r = httpx.get(server + ref, timeout=30)
        assert r.status_code == 200, ref
    assert httpx.get(server + "/ui/../app.py", timeout=30).status_code == 404
    assert httpx.get(server + "/ui/secret.txt", timeout=30).status_code == 404
    for ref in ("/ui/app.js", "/ui/style.css"):
        assert not re.search(r"https?://", httpx.get(server + ref, timeout=30).text), ref


def test_explorer_city_chain_query_shows_projects_with_evidence(server: str, browser: Browser) -> None:
    before = len(browser.proxy.requests)
    dom = browser.dom(_url(server, "/", city="青岛", chain="氢能"))
    assert dom.attrs["body"]["data-ready"] == "true"

    projects = _squash(dom.text_of("projects-results"))
    for name in QINGDAO_HYDROGEN:
        assert name in projects, projects[:2000]
    # Evidence: document title, line and the verbatim quote of the box line.
    assert "第218行" in projects
    assert "山东省“十四五”战略性新兴产业发展规划" in projects
    assert "青岛德润FCP氢能源设备项目、中鲁年产2万台氢燃料电池堆项目" in projects

    gaps = dom.text_of("gaps-results")
    assert "链条缺口" in gaps
    assert "✓" in gaps or "✗" in gaps
    assert "error" not in dom.attrs["gaps-results"].get("class", "")

    canvas = dom.attrs["graph-canvas"]
    assert canvas["data-rendered"] == "true", canvas
    assert canvas["data-focus"] == "region:370200"
    assert int(canvas["data-nodes"]) > 3

    assert "个文件" in dom.text_of("health") or "Neo4j" in dom.text_of("health")
    documents = dom.text_of("documents-results")
    assert "004_b7a623a748988760" in documents
    assert browser.proxy.outside_since(before) == []


def test_explorer_shows_a_404_readably(server: str, browser: Browser) -> None:
    dom = browser.dom(_url(server, "/", city="火星市", chain="氢能"))
    text = dom.text_of("projects-results")
    assert "未找到" in text and "404" in text, text
    assert "火星" in text


def test_explorer_search_targets_and_ask(server: str, browser: Browser) -> None:
    dom = browser.dom(
        _url(server, "/", q="氢能", targets=1, chain="氢能", ask="青岛有哪些服务于氢能产业链的项目？")
    )
    search = dom.text_of("search-results")
    assert "项结果" in search and "氢能" in search, search[:500]
    targets = dom.text_of("targets-results")
    assert "项目标" in targets or "没有符合条件的目标" in targets, targets[:500]
    ask = _squash(dom.text_of("ask-results"))
    assert "Cypher" in ask, ask[:1000]
    assert QINGDAO_HYDROGEN[0] in ask


def test_explorer_screenshot_is_not_blank(server: str, browser: Browser, tmp_path: Path) -> None:
    url = _url(server, "/", city="青岛", chain="氢能", targets=1)
    shot = _keep(browser.screenshot(url, tmp_path / "explorer-qingdao-hydrogen.png"))
    blank = browser.screenshot("about:blank", tmp_path / "blank.png")
    width, height, distinct = png_stats(shot)
    assert (width, height) == (1400, 1800)
    assert distinct > 64, f"{shot} looks blank"
    assert shot.stat().st_size > 5 * blank.stat().st_size
