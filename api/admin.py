"""Write endpoints: POST/DELETE /api/v1/documents, behind ``Authorization: Bearer $POLICYKG_ADMIN_TOKEN``.

No token configured = the endpoints are disabled (403 saying so), so a server started without one can
never be written to over HTTP. Missing credentials = 401, wrong ones = 403. Ingestion itself is the
same code as ``policykg ingest`` (``ingest.pipeline`` + ``graph.load``), imported lazily so the read
API does not load the NLP stack. An upload may be a .txt, PDF, .docx or HTML file.

Limits: a request body over ``POLICYKG_MAX_DOCUMENT_MB`` (plus 1 MB for the form around the file)
is refused with 413 before it is read: by its Content-Length, or, when it is sent in chunks, as
soon as the bytes received pass the limit. Extraction runs in a daemon thread that the request only
waits for, so a server told to stop (SIGTERM) abandons it after its graceful-shutdown timeout rather
than waiting minutes for a large document; its transaction never committed, so nothing is written.
"""

from __future__ import annotations

import asyncio
import hmac
import threading
from collections.abc import Callable
from pathlib import PureWindowsPath
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Header, Path, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.types import Message, Receive

from api import models as m
from api.deps import DriverDep, SettingsDep
from core.errors import Forbidden, InputError, NotFound, PolicyKGError, RuntimeUnavailable, TooLarge
from core.settings import Settings
from graph import queries

T = TypeVar("T")
ENVELOPE_BYTES = 1024 * 1024  # multipart boundaries and metadata fields around the file

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


class UploadWarning(BaseModel):
    code: str  # e.g. "no-entities", "replaced", "radicals-folded"
    message: str


class UploadReport(m.LoadReport):
    # What the reader noticed (no entity recognised, radicals folded …); a replaced earlier text.
    warnings: list[UploadWarning] = Field(default_factory=list)


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
                            "description": ".txt (UTF-8/GBK), .pdf, .docx or .html; id = stem",
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


def _limited(request: Request, settings: Settings) -> Request:
    """``request`` with its body capped: refused at once by its Content-Length, or (chunked) as
    soon as more bytes than the limit have arrived, never read to the end."""
    limit = settings.max_document_bytes + ENVELOPE_BYTES
    advice = "split the document, or raise POLICYKG_MAX_DOCUMENT_MB on the server"
    mb = f"{settings.max_document_mb:g} MB"
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise TooLarge(
            f"request body of {int(declared) / 1048576:.1f} MB is over the {mb} limit", hint=advice
        )
    receive = request.receive
    seen = 0

    async def counted() -> Message:
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise TooLarge(f"request body over the {mb} limit (stopped reading at {seen} bytes)", hint=advice)
        return message

    capped: Receive = counted
    return Request(request.scope, capped)


async def _read_upload(request: Request) -> tuple[str, bytes | str, dict[str, str | None], str]:
    """(id, raw bytes or text, metadata, the name errors use) from a multipart ``file`` field or JSON."""
    ctype = request.headers.get("content-type", "")
    meta_keys = ("title", "issuer", "date", "level", "region", "period")
    if ctype.startswith("multipart/form-data"):
        # ``async with`` closes the spooled upload files, whatever happens below.
        async with request.form() as form:
            upload = form.get("file")
            if upload is None or isinstance(upload, str):
                raise InputError("multipart upload needs a file field named 'file'")
            # A browser may send a Windows path; the id is the stem, spaces and Chinese included.
            filename = PureWindowsPath(upload.filename or "").name
            stem = PureWindowsPath(filename).stem.strip()
            if not stem:
                raise InputError("the uploaded file has no name; its stem becomes the document id")
            raw = await upload.read()
            meta = {k: (str(form[k]) if k in form and str(form[k]).strip() else None) for k in meta_keys}
        return stem, raw, meta, filename
    try:
        body = m.DocumentUpload.model_validate(await request.json())
    except ValidationError as exc:
        raise InputError("invalid document upload: " + "; ".join(e["msg"] for e in exc.errors())) from None
    except ValueError:
        raise InputError("send multipart/form-data with a 'file' field, or JSON {id, text, …}") from None
    doc_id = queries.doc_id(body.id)
    return doc_id, body.text, {k: getattr(body, k) for k in meta_keys}, f"document {doc_id!r}"


@router.post(
    "/documents",
    response_model=UploadReport,
    operation_id="uploadDocument",
    dependencies=[Admin],
    openapi_extra=_UPLOAD_SCHEMA,
    responses={
        401: {"model": m.ErrorBody},
        403: {"model": m.ErrorBody},
        413: {"model": m.ErrorBody},
        422: {"model": m.ErrorBody},
    },
)
async def upload_document(request: Request, driver: DriverDep, settings: SettingsDep) -> JSONResponse:
    doc_id, raw, meta, name = await _read_upload(_limited(request, settings))
    try:
        report = await _in_daemon_thread(
            _ingest, driver, doc_id, raw, meta, name, settings.max_document_bytes
        )
    except asyncio.CancelledError:
        # The server is stopping (its graceful-shutdown timeout passed): answer rather than let
        # the client see a bare 500; the load's transaction never commits.
        raise RuntimeUnavailable(
            f"the server is shutting down: document {doc_id!r} was not loaded",
            hint="send it again once the server is back",
        ) from None
    return JSONResponse(report.model_dump(), status_code=201 if report.status == "loaded" else 200)


async def _in_daemon_thread(func: Callable[..., T], *args: Any) -> T:
    """``func(*args)`` in a daemon thread. Unlike the thread pool, whose workers a stopping server
    (and then the interpreter) joins, a cancelled request leaves it behind and the process still
    exits: a large extraction cannot hold up a SIGTERM."""
    loop = asyncio.get_running_loop()
    future: asyncio.Future[T] = loop.create_future()

    def settle(result: T | None, error: BaseException | None) -> None:
        if future.done():  # the request was cancelled meanwhile
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def work() -> None:
        try:
            result = func(*args)
        except BaseException as exc:  # handed to the request, which raises it
            if not loop.is_closed():
                loop.call_soon_threadsafe(settle, None, exc)
            return
        if not loop.is_closed():
            loop.call_soon_threadsafe(settle, result, None)

    threading.Thread(target=work, name="policykg-upload", daemon=True).start()
    return await future


def _ingest(
    driver: Any,
    doc_id: str,
    raw: bytes | str,
    meta: dict[str, str | None],
    name: str,
    max_bytes: int,
) -> UploadReport:
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
    facts = facts_from_text(doc_id, raw, doc_meta, name=name, max_bytes=max_bytes)
    result = load_document(driver, facts)
    warnings = [UploadWarning(code=code, message=message) for code, message in facts.warnings]
    if result.status == "replaced":
        warnings.insert(
            0,
            UploadWarning(
                code="replaced",
                message=f"document {doc_id!r} held another text: its facts were replaced by this one's",
            ),
        )
    return UploadReport(
        document=m.DocumentItem.model_validate(queries.document(driver, doc_id)),
        status=result.status,
        nodes=result.node_counts,
        relationships=result.rel_counts,
        warnings=warnings,
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
