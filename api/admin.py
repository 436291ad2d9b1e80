"""Write endpoints: POST/DELETE /api/v1/documents, behind ``Authorization: Bearer $POLICYKG_ADMIN_TOKEN``.

No token configured = the endpoints are disabled (403 saying so), so a server started without one can
never be written to over HTTP. Missing credentials = 401, wrong ones = 403. Ingestion itself is the
same code as ``policykg ingest`` (``ingest.pipeline`` + ``graph.load``), imported lazily so the read
API does not load the NLP stack.
"""

from __future__ import annotations

import hmac
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from api import models as m
from api.deps import DriverDep, SettingsDep
from core.errors import Forbidden, InputError, NotFound, PolicyKGError
from graph import queries

router = APIRouter(prefix="/api/v1", tags=["documents"])


class Unauthorized(PolicyKGError):
    http_status = 401


def require_admin(
    settings: SettingsDep, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> None:
    token = settings.admin_token
    if not token:
        raise Forbidden(
            "document upload and deletion are disabled on this server",
            hint="start the server with POLICYKG_ADMIN_TOKEN set to enable them",
        )
    if not authorization:
        raise Unauthorized("missing credentials: send Authorization: Bearer <POLICYKG_ADMIN_TOKEN>")
    scheme, _, given = authorization.partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("wrong admin token")


Admin = Depends(require_admin)

_UPLOAD_SCHEMA: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {
                            "type": "string",
                            "format": "binary",
                            "description": "UTF-8/GBK .txt; id = stem",
                        },
                        **{
                            k: {"type": "string"}
                            for k in ("title", "issuer", "date", "level", "region", "period")
                        },
                    },
                }
            },
            "application/json": {"schema": m.DocumentUpload.model_json_schema()},
        },
    }
}


async def _read_upload(request: Request) -> tuple[str, bytes | str, dict[str, str | None]]:
    """(id, raw text, metadata) from a multipart ``file`` field or a JSON body."""
    ctype = request.headers.get("content-type", "")
    meta_keys = ("title", "issuer", "date", "level", "region", "period")
    if ctype.startswith("multipart/form-data"):
        # ``async with`` closes the spooled upload files, whatever happens below.
        async with request.form() as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise InputError("multipart upload needs a file field named 'file'")
            stem = PurePath(upload.filename or "").stem
            if not stem:
                raise InputError("the uploaded file has no name; its stem becomes the document id")
            raw = await upload.read()
            meta = {k: (str(form[k]) if k in form and str(form[k]).strip() else None) for k in meta_keys}
        return stem, raw, meta
    try:
        body = m.DocumentUpload.model_validate(await request.json())
    except ValidationError as exc:
        raise InputError("invalid document upload: " + "; ".join(e["msg"] for e in exc.errors())) from None
    except ValueError:
        raise InputError("send multipart/form-data with a 'file' field, or JSON {id, text, …}") from None
    return queries.doc_id(body.id), body.text, {k: getattr(body, k) for k in meta_keys}


@router.post(
    "/documents",
    response_model=m.LoadReport,
    operation_id="uploadDocument",
    dependencies=[Admin],
    openapi_extra=_UPLOAD_SCHEMA,
    responses={401: {"model": m.ErrorBody}, 403: {"model": m.ErrorBody}},
)
async def upload_document(request: Request, driver: DriverDep) -> JSONResponse:
    doc_id, raw, meta = await _read_upload(request)
    from starlette.concurrency import run_in_threadpool

    report = await run_in_threadpool(_ingest, driver, doc_id, raw, meta)
    return JSONResponse(report.model_dump(), status_code=201 if report.status == "loaded" else 200)


def _ingest(driver: Any, doc_id: str, raw: bytes | str, meta: dict[str, str | None]) -> m.LoadReport:
    from graph.load import load_document
    from ingest.models import DocumentMeta
    from ingest.pipeline import facts_from_text

    given = any(meta.values())
    doc_meta = (
        DocumentMeta(
            id=doc_id,
            title=meta.get("title"),
            issuer=meta.get("issuer"),
            date=meta.get("date"),
            level=meta.get("level"),
            region=meta.get("region"),
            period=meta.get("period"),
        )
        if given
        else None
    )
    facts = facts_from_text(doc_id, raw, doc_meta)
    result = load_document(driver, facts)
    return m.LoadReport(
        document=m.DocumentItem.model_validate(queries.document(driver, doc_id)),
        status=result.status,
        nodes=result.node_counts,
        relationships=result.rel_counts,
    )


@router.delete(
    "/documents/{doc_id}",
    response_model=m.Deleted,
    operation_id="deleteDocument",
    dependencies=[Admin],
    responses={401: {"model": m.ErrorBody}, 403: {"model": m.ErrorBody}, 404: {"model": m.ErrorBody}},
)
def delete_document(driver: DriverDep, doc_id: Annotated[str, Path(max_length=200)]) -> m.Deleted:
    from graph.load import delete_document as delete

    wanted = queries.doc_id(doc_id)
    if not delete(driver, wanted):
        raise NotFound(f"no document {wanted!r} in the graph", hint="list them at /api/v1/documents")
    return m.Deleted(id=wanted, deleted=True)
