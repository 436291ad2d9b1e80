"""Embedding: the small /view/graph page over the hashed, immutable vis-network asset, the embed
helper, CORS for GET endpoints (``POLICYKG_CORS_ORIGINS``) and ``frame-ancestors``
(``POLICYKG_FRAME_ANCESTORS``). HTTP level; tests/graph/test_playwright_ui.py draws them in Chromium."""

from __future__ import annotations

import re
from collections.abc import Iterator

import neo4j
import pytest

from api.app import create_app
from core.errors import ConfigError
from core.settings import Settings
from graph.load import load_document
from ingest.pipeline import discover, facts_from_file
from tests.api_support import ROOT, TestClient
from viz import render

OTHER = "http://127.0.0.1:9"  # an origin of another app


@pytest.fixture(scope="module")
def seeded(driver: neo4j.Driver) -> neo4j.Driver:
    driver.execute_query("MATCH (n) DETACH DELETE n")
    for path in discover([ROOT / "seeds"]):
        load_document(driver, facts_from_file(path))
    return driver


@pytest.fixture(scope="module")
def http(seeded: neo4j.Driver) -> Iterator[TestClient]:
    settings = Settings.defaults(cors_origins=(OTHER,), frame_ancestors="'self' http://127.0.0.1:9")
    with TestClient(create_app(settings, driver=seeded)) as tc:
        yield tc


def test_settings_read_cors_and_frame_ancestors() -> None:
    s = Settings.from_env({"POLICYKG_CORS_ORIGINS": "https://a.example, http://b.example:8080/"})
    assert s.cors_origins == ("https://a.example", "http://b.example:8080")
    assert Settings.from_env({}).cors_origins == () and Settings.from_env({}).frame_ancestors == "*"
    assert Settings.from_env({"POLICYKG_FRAME_ANCESTORS": " 'self'  https://a.example "}).frame_ancestors == (
        "'self' https://a.example"
    )
    with pytest.raises(ConfigError):
        Settings.from_env({"POLICYKG_CORS_ORIGINS": "a.example"})
    with pytest.raises(ConfigError):
        Settings.from_env({"POLICYKG_FRAME_ANCESTORS": "* ; script-src *"})


def test_asset_name_is_the_bundle_hash() -> None:
    name = render.vis_network_asset()
    assert re.fullmatch(r"vis-network\.[0-9a-f]{16}\.min\.js", name)
    helper = render.embed_helper_js()
    assert name in helper and "__CONFIG__" not in helper
    assert len(helper.encode()) < 20_000


@pytest.mark.neo4j
def test_embed_page_is_small_and_loads_the_cached_bundle(http: TestClient) -> None:
    r = http.get("/view/graph", params={"focus": "青岛", "depth": 1, "limit": 60})
    assert r.status_code == 200
    size = len(r.content)
    assert size < 50_000, size
    src = re.findall(r'<script src="([^"]+)"', r.text)
    assert src == ["../ui/" + render.vis_network_asset()]
    assert render.vis_network_js()[:2000] not in r.text  # not inlined any more
    assert r.headers["content-security-policy"] == "frame-ancestors 'self' http://127.0.0.1:9"
    assert "script-src 'self' 'unsafe-inline'" in r.text  # the page's own policy: this origin only
    bundle = http.get("/ui/" + render.vis_network_asset())
    assert bundle.status_code == 200 and bundle.text == render.vis_network_js()
    assert bundle.headers["cache-control"] == "public, max-age=31536000, immutable"
    assert bundle.headers["etag"].strip('"') in render.vis_network_asset()
    # The unhashed name the explorer uses stays, with a short cache.
    assert "immutable" not in http.get("/ui/vis-network.min.js").headers["cache-control"]


@pytest.mark.neo4j
def test_cors_allows_configured_origins_to_read(http: TestClient) -> None:
    r = http.get("/api/v1/graph", params={"focus": "青岛"}, headers={"Origin": OTHER})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == OTHER
    assert "access-control-allow-credentials" not in r.headers
    other = http.get("/api/v1/graph", params={"focus": "青岛"}, headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in other.headers
    pre = http.options(
        "/api/v1/projects",
        headers={"Origin": OTHER, "Access-Control-Request-Method": "GET"},
    )
    assert pre.status_code == 200 and "GET" in pre.headers["access-control-allow-methods"]
    post = http.options(
        "/api/v1/cypher",
        headers={
            "Origin": OTHER,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert post.status_code == 400  # writes and /cypher are not for other sites


@pytest.mark.neo4j
def test_without_settings_there_is_no_cors(seeded: neo4j.Driver) -> None:
    with TestClient(create_app(Settings.defaults(), driver=seeded)) as tc:
        r = tc.get("/api/v1/health", headers={"Origin": OTHER})
        assert "access-control-allow-origin" not in r.headers
        page = tc.get("/view/graph", params={"focus": "氢能"})
        assert page.headers["content-security-policy"] == "frame-ancestors *"
