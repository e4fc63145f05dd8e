"""HTTP routes for the letter's content: the redacted verifier copy and the attachments (LTC Điều 56)."""

from __future__ import annotations

import hmac
import re
from collections.abc import Awaitable, Callable
from typing import Annotated, Any, TypeVar
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Header, Request, Response, UploadFile
from thidua.auth import GRIEVANCE_OFFICER, OptionalPrincipal
from thidua.http.openapi import file_responses
from thidua.http.problems import Forbidden, NotFound, Problem, Unprocessable
from thidua.http.ratelimit import rate_limited
from thidua.logging import get_logger

from grievance import content
from grievance.api import Officer, _deps, _run
from grievance.content import AttachmentNotFound, Upload
from grievance.deps import hash_secret
from grievance.uow import GRIEVANCES, GrievanceUnitOfWork

router = APIRouter(tags=["grievances"])
log = get_logger(__name__)
T = TypeVar("T")
_MEDIA_TYPE = re.compile(r"^[\w.+-]{1,60}/[\w.+-]{1,60}$")


async def _run_content(request: Request, work: Callable[[GrievanceUnitOfWork], Awaitable[T]]) -> T:
    try:
        return await _run(request, work)
    except AttachmentNotFound as exc:
        raise NotFound("No such attachment on this grievance.") from exc


@router.get("/grievances/{grievance_id}/verifier-copy")
async def get_verifier_copy(grievance_id: str, request: Request, officer: Officer) -> dict[str, Any]:
    """The letter with the filer masked and the attachments that do not show them, for officers to hand to
    verifiers (there is no verifier role); every read is audited."""
    deps = _deps(request)

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        return await content.verifier_copy(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)

    copy = await _run(request, work)
    log.info("grievance.verifier_copy", grievance_id=grievance_id, actor=officer.sub)
    return copy


@router.get("/grievances/{grievance_id}/summary")
async def get_summary(grievance_id: str, request: Request, officer: Officer) -> dict[str, Any]:
    """The letter's text as the filer wrote it (other routes show it redacted): grievance officers only;
    every read is audited."""
    deps = _deps(request)

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        return await content.read_summary(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)

    return await _run(request, work)


async def _uploader(
    request: Request, grievance_id: str, principal: OptionalPrincipal, secret: str | None
) -> str:
    """Who may attach: a grievance officer, or the filer holding the tracking secret while at intake."""
    if principal is not None:
        if not principal.has_any(GRIEVANCE_OFFICER):
            raise Forbidden("Attachments are added by grievance officers or by the filer at intake.")
        return principal.sub
    doc = await request.app.state.db[GRIEVANCES].find_one({"_id": grievance_id})
    if doc is None or not hmac.compare_digest(doc.get("secret_hash", ""), hash_secret(secret or "")):
        raise NotFound("No grievance with this id and tracking secret.")
    if doc.get("status") != "received":
        raise Forbidden("After intake, attachments are added by a grievance officer.")
    return "filer"


async def _read_upload(request: Request, file: UploadFile, shows_identity: bool) -> Upload:
    limit: int = request.app.state.settings.attachment_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Problem(
            f"The attachment is larger than {limit} bytes.",
            slug="payload-too-large",
            title="Content Too Large",
            status=413,
        )
    if not data:
        raise Unprocessable("The attachment is empty.", slug="validation-failed")
    media_type = file.content_type or ""
    return Upload(
        filename=(file.filename or "attachment")[:200],
        media_type=media_type if _MEDIA_TYPE.match(media_type) else "application/octet-stream",
        content=data,
        shows_identity=shows_identity,
    )


@router.post(
    "/grievances/{grievance_id}/attachments",
    status_code=201,
    responses={
        413: {"description": "The attachment is larger than the configured limit."},
        409: {"description": "The case already holds the most attachments a case may have."},
    },
    dependencies=[Depends(rate_limited("grievance-attachments"))],
)
async def post_attachment(
    grievance_id: str,
    request: Request,
    principal: OptionalPrincipal,
    file: Annotated[UploadFile, File(description="Evidence, or a document that shows the filer")],
    shows_identity: Annotated[bool, Form(description="True when the file shows who the filer is")],
    x_tracking_secret: Annotated[str | None, Header(max_length=200)] = None,
) -> dict[str, Any]:
    """Attach a file; one that shows the filer is sealed (AES-GCM) and stored apart."""
    actor = await _uploader(request, grievance_id, principal, x_tracking_secret)
    upload = await _read_upload(request, file, shows_identity)
    deps = _deps(request)
    evidence, sealed = content.buckets(request.app.state.db)
    bucket = sealed if shows_identity else evidence
    record = await content.store(bucket, upload, grievance_id=grievance_id, deps=deps)

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        return await content.record_attachment(
            uow, record, actor=actor, max_per_case=request.app.state.settings.attachments_max_per_case
        )

    try:
        added = await _run(request, work)
    except BaseException:
        await bucket.delete(record["_id"])  # the case refused it: keep no orphan file
        raise
    log.info(
        "grievance.attachment", grievance_id=grievance_id, attachment_id=added["id"], sealed=shows_identity
    )
    return added


@router.get("/grievances/{grievance_id}/attachments")
async def get_attachments(grievance_id: str, request: Request, officer: Officer) -> list[dict[str, Any]]:
    """The case's attachments; those that show the filer are only marked as sealed."""

    async def work(uow: GrievanceUnitOfWork) -> list[dict[str, Any]]:
        return await content.list_attachments(uow, grievance_id=grievance_id)

    return await _run(request, work)


def _download(body: bytes, *, filename: str, media_type: str, sha256: str) -> Response:
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{quote(filename, safe='')}",
        "X-Content-SHA256": sha256,
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "no-store",
    }
    return Response(body, media_type=media_type, headers=headers)


@router.get(
    "/grievances/{grievance_id}/attachments/{attachment_id}",
    response_class=Response,
    responses=file_responses("*/*"),
)
async def get_attachment(
    grievance_id: str, attachment_id: str, request: Request, officer: Officer
) -> Response:
    """Download evidence; a sealed attachment is read only through the filer endpoint."""

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        return await content.find_record(uow, grievance_id=grievance_id, attachment_id=attachment_id)

    record = await _run_content(request, work)
    if record["shows_identity"]:
        raise Forbidden(
            f"This attachment shows the filer: read it at /grievances/{grievance_id}/filer/attachments/"
            f"{attachment_id} (audited).",
            slug="sealed-attachment",
        )
    evidence, _ = content.buckets(request.app.state.db)
    try:
        body, _meta = await content.read_file(evidence, attachment_id)
    except AttachmentNotFound as exc:
        raise NotFound("The attachment's file is missing.") from exc
    return _download(
        body, filename=record["filename"], media_type=record["media_type"], sha256=record["sha256"]
    )


@router.get(
    "/grievances/{grievance_id}/filer/attachments/{attachment_id}",
    response_class=Response,
    responses=file_responses("*/*"),
)
async def get_sealed_attachment(
    grievance_id: str, attachment_id: str, request: Request, officer: Officer
) -> Response:
    """An attachment that shows the filer, decrypted: grievance officers only; every read is audited."""
    deps = _deps(request)
    _, sealed = content.buckets(request.app.state.db)

    async def work(uow: GrievanceUnitOfWork) -> tuple[dict[str, Any], bytes]:
        return await content.read_sealed(
            uow, sealed, grievance_id=grievance_id, attachment_id=attachment_id, deps=deps, actor=officer.sub
        )

    meta, body = await _run_content(request, work)
    return _download(body, filename=meta["filename"], media_type=meta["media_type"], sha256=meta["sha256"])
