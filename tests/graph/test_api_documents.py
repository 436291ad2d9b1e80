"""POST/DELETE /api/v1/documents: the admin token, uploads (JSON and multipart), deletion."""

from __future__ import annotations

from collections.abc import Iterator

import neo4j
import pytest

from api.app import create_app
from core.settings import Settings
from tests.api_support import TestClient

pytestmark = pytest.mark.neo4j

API = "/api/v1"
TOKEN = "test-admin-token-123"
TEXT = "青岛示例上传规划\n\n一、重点产业\n1. 氢能。支持青岛打造氢能产业基地，建设青岛示例氢能产业园项目。\n"


@pytest.fixture
def admin(clean_graph: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(Settings.defaults(admin_token=TOKEN), driver=clean_graph)) as c:
        yield c


def bearer(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_disabled_without_a_configured_token(clean_graph: neo4j.Driver) -> None:
    with TestClient(create_app(Settings.defaults(), driver=clean_graph)) as c:
        r = c.post(f"{API}/documents", json={"id": "x", "text": TEXT}, headers=bearer())
        assert r.status_code == 403 and "disabled" in r.json()["detail"]
        assert c.delete(f"{API}/documents/x", headers=bearer()).status_code == 403


def test_missing_token_401_wrong_token_403(admin: TestClient) -> None:
    assert admin.post(f"{API}/documents", json={"id": "x", "text": TEXT}).status_code == 401
    assert (
        admin.post(f"{API}/documents", json={"id": "x", "text": TEXT}, headers=bearer("nope")).status_code
        == 403
    )
    assert admin.delete(f"{API}/documents/x").status_code == 401
    assert admin.delete(f"{API}/documents/x", headers=bearer("nope")).status_code == 403
    assert admin.get(f"{API}/health").json()["documents"] == 0


def test_json_upload_then_delete(admin: TestClient) -> None:
    r = admin.post(
        f"{API}/documents",
        json={
            "id": "u01_upload.txt",
            "text": TEXT,
            "title": "青岛示例上传规划",
            "level": "city",
            "region": "青岛市",
        },
        headers=bearer(),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["status"] == "loaded" and body["document"]["id"] == "u01_upload"
    assert body["document"]["title"] == "青岛示例上传规划" and body["nodes"]["Sentence"] >= 1
    again = admin.post(f"{API}/documents", json={"id": "u01_upload", "text": TEXT}, headers=bearer())
    assert again.status_code == 200 and again.json()["status"] in ("unchanged", "replaced")
    assert admin.get(f"{API}/documents/u01_upload").status_code == 200
    r = admin.delete(f"{API}/documents/u01_upload.txt", headers=bearer())
    assert r.status_code == 200 and r.json() == {"id": "u01_upload", "deleted": True}
    assert admin.get(f"{API}/documents/u01_upload").status_code == 404
    assert admin.delete(f"{API}/documents/u01_upload", headers=bearer()).status_code == 404


def test_multipart_upload_uses_the_file_stem(admin: TestClient) -> None:
    files = {"file": ("u02_multi.txt", TEXT.encode("utf-8"), "text/plain")}
    r = admin.post(
        f"{API}/documents", files=files, data={"level": "city", "region": "青岛市"}, headers=bearer()
    )
    assert r.status_code == 201, r.text
    assert r.json()["document"]["id"] == "u02_multi"
    assert admin.get(f"{API}/health").json()["documents"] == 1


def test_bad_uploads_are_422(admin: TestClient) -> None:
    assert admin.post(f"{API}/documents", json={"text": TEXT}, headers=bearer()).status_code == 422
    assert (
        admin.post(f"{API}/documents", json={"id": "a/b", "text": TEXT}, headers=bearer()).status_code == 422
    )
    files = {"other": ("x.txt", b"abc", "text/plain")}
    assert admin.post(f"{API}/documents", files=files, headers=bearer()).status_code == 422
