"""Routes of the letter's content: the redacted verifier copy, the letter itself and the attachments
(LTC Điều 56). Each parses, authorises, runs one use case and shapes the answer."""

from __future__ import annotations

import re
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Header, Request, Response, UploadFile
from thidua.auth import GRIEVANCE_OFFICER, OptionalPrincipal
from thidua.http.openapi import file_responses
from thidua.http.pagination import Paging, page_of
from thidua.http.problems import Forbidden, Problem, Unprocessable
from thidua.http.ratelimit import rate_limited
from thidua.logging import get_logger

from grievance import content
from grievance import messages as msg
from grievance.answers import AttachmentOut, AttachmentPage, SummaryOut, VerifierCopy
from grievance.api.edge import Officer, deps_of, run, settings_of
from grievance.content import Upload

router = APIRouter(tags=["grievances"])
log = get_logger(__name__)
_MEDIA_TYPE = re.compile(r"^[\w.+-]{1,60}/[\w.+-]{1,60}$")


@router.get(
    "/grievances/{grievance_id}/verifier-copy", response_model=VerifierCopy, response_model_exclude_unset=True
)
async def get_verifier_copy(grievance_id: str, request: Request, officer: Officer) -> VerifierCopy:
    """The letter with the filer masked and the attachments that do not show them, for officers to hand to
    verifiers (there is no verifier role); every read is audited."""
    deps = deps_of(request)
    copy = await run(
        request,
        lambda uow: content.verifier_copy(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub),
    )
    log.info("grievance.verifier_copy", grievance_id=grievance_id, actor=officer.sub)
    return VerifierCopy.model_validate(copy)


@router.get("/grievances/{grievance_id}/summary", response_model=SummaryOut)
async def get_summary(grievance_id: str, request: Request, officer: Officer) -> SummaryOut:
    """The letter's text as the filer wrote it (other routes show it redacted): grievance officers only;
    every read is audited."""
    deps = deps_of(request)
    found = await run(
        request,
        lambda uow: content.read_summary(uow, grievance_id=grievance_id, deps=deps, actor=officer.sub),
    )
    return SummaryOut.model_validate(found)


async def _read_upload(request: Request, file: UploadFile, shows_identity: bool) -> Upload:
    limit = settings_of(request).attachment_max_bytes
    data = await file.read(limit + 1)
    if len(data) > limit:
        raise Problem(
            msg.ATTACHMENT_TOO_LARGE.format(limit=limit),
            slug="payload-too-large",
            title="Content Too Large",
            status=413,
        )
    if not data:
        raise Unprocessable(msg.ATTACHMENT_EMPTY, slug="validation-failed")
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
    response_model=AttachmentOut,
    response_model_exclude_unset=True,  # a sealed attachment shows only that it is sealed
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
) -> AttachmentOut:
    """Attach a file: a grievance officer, or the filer with the tracking secret while the case is at
    intake. One that shows the filer is sealed (AES-GCM) and stored apart."""
    if principal is not None and not principal.has_any(GRIEVANCE_OFFICER):
        raise Forbidden(msg.UPLOADERS_ONLY)
    officer = principal.sub if principal is not None else None
    actor = await run(
        request,
        lambda uow: content.uploader_of(
            uow, grievance_id=grievance_id, officer=officer, secret=x_tracking_secret
        ),
    )
    upload = await _read_upload(request, file, shows_identity)
    deps = deps_of(request)
    evidence, sealed = content.buckets(request.app.state.db)
    bucket = sealed if shows_identity else evidence
    record = await content.store(bucket, upload, grievance_id=grievance_id, deps=deps)
    most = settings_of(request).attachments_max_per_case
    try:
        added = await run(
            request, lambda uow: content.record_attachment(uow, record, actor=actor, max_per_case=most)
        )
    except BaseException:
        await bucket.delete(record["_id"])  # the case refused it: keep no orphan file
        raise
    log.info(
        "grievance.attachment", grievance_id=grievance_id, attachment_id=added["id"], sealed=shows_identity
    )
    return AttachmentOut.model_validate(added)


@router.get(
    "/grievances/{grievance_id}/attachments", response_model=AttachmentPage, response_model_exclude_unset=True
)
async def get_attachments(
    grievance_id: str, request: Request, officer: Officer, paging: Paging
) -> AttachmentPage:
    """The case's attachments, oldest first, page by page; those that show the filer are only marked as
    sealed."""
    items, total = await run(
        request,
        lambda uow: content.page_attachments(
            uow, grievance_id=grievance_id, offset=paging.offset, limit=paging.limit
        ),
    )
    shown = [AttachmentOut.model_validate(i) for i in items]
    return page_of(shown, total=total, paging=paging, request=request)


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
    evidence, _ = content.buckets(request.app.state.db)
    record, body = await run(
        request,
        lambda uow: content.read_evidence(
            uow, evidence, grievance_id=grievance_id, attachment_id=attachment_id
        ),
    )
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
    deps = deps_of(request)
    _, sealed = content.buckets(request.app.state.db)
    meta, body = await run(
        request,
        lambda uow: content.read_sealed(
            uow, sealed, grievance_id=grievance_id, attachment_id=attachment_id, deps=deps, actor=officer.sub
        ),
    )
    return _download(body, filename=meta["filename"], media_type=meta["media_type"], sha256=meta["sha256"])
