"""HTTP routes for the plan document (upload, download), the campaign summary and the exports."""

from __future__ import annotations

import hashlib
import uuid
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import StreamingResponse
from thidua import mongo
from thidua.http.files import TOO_LARGE_RESPONSE, read_upload
from thidua.http.openapi import file_responses
from thidua.http.problems import NotFound, Problem

from registration import documents, handlers
from registration import messages as msg
from registration.domain import Association, DocumentRef, Registration
from registration.edge import (
    PRECONDITIONS,
    Member,
    Secretariat,
    actor_of,
    etag,
    if_match,
    run,
    settings_of,
    today,
)
from registration.uow import RegistrationUnitOfWork as Uow

router = APIRouter()
BUCKET = "plans"


async def _checked(upload: UploadFile, limit: int) -> tuple[DocumentRef, bytes]:
    """The upload's content and reference, if it is a PDF, DOCX or ODT within the size limit."""
    content = await read_upload(upload, limit=limit)
    media_type = documents.sniff_document(content)
    if media_type is None:
        raise Problem(
            msg.PLAN_NOT_A_DOCUMENT,
            slug="unsupported-media-type",
            title="Unsupported Media Type",
            status=415,
        )
    ref = DocumentRef(
        document_id=uuid.uuid4().hex,
        filename=(upload.filename or "plan")[:200],
        media_type=media_type,
        size_bytes=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
    )
    return ref, content


@router.post(
    "/registrations/{registration_id}/plan-document",
    tags=["registrations"],
    responses=PRECONDITIONS
    | TOO_LARGE_RESPONSE
    | {415: {"description": "The plan document is not a PDF, DOCX or ODT file."}},
)
async def post_plan_document(
    registration_id: str,
    request: Request,
    response: Response,
    principal: Member,
    file: Annotated[UploadFile, File(description="The plan: PDF, DOCX or ODT")],
) -> Registration:
    """Upload (or replace) the plan document; its SHA-256 is recorded and it is stored in GridFS."""
    rid = registration_id
    actor, version, day = actor_of(principal), if_match(request, required=False), today(request)
    await run(request, lambda uow: handlers.get_registration(uow, registration_id=rid, actor=actor))
    ref, content = await _checked(file, settings_of(request).plan_max_bytes)
    bucket = mongo.gridfs_bucket(request.app.state.db, name=BUCKET)
    await bucket.upload_from_stream_with_id(
        ref.document_id, ref.filename, content, metadata={"sha256": ref.sha256}
    )

    async def attach(uow: Uow) -> Registration:
        return await handlers.attach_plan_document(
            uow, registration_id=rid, document=ref, expected_version=version, today=day, actor=actor
        )

    try:
        attached = await run(request, attach)
    except BaseException:
        await bucket.delete(ref.document_id)  # the registration refused it: keep no orphan file
        raise
    response.headers["ETag"] = etag(attached.version)
    return attached


@router.get(
    "/registrations/{registration_id}/plan-document",
    tags=["registrations"],
    response_class=StreamingResponse,
    responses=file_responses(documents.PDF, documents.DOCX, documents.ODT),
)
async def get_plan_document(registration_id: str, request: Request, principal: Member) -> StreamingResponse:
    """Download the registration's plan document."""
    actor = actor_of(principal)
    found = await run(
        request, lambda uow: handlers.get_registration(uow, registration_id=registration_id, actor=actor)
    )
    ref = found.plan_document
    if ref is None:
        raise NotFound(msg.NO_PLAN_DOCUMENT)
    try:
        stream = await mongo.gridfs_bucket(request.app.state.db, name=BUCKET).open_download_stream(
            ref.document_id
        )
    except mongo.NoFile:
        raise NotFound(msg.PLAN_FILE_MISSING) from None
    content: bytes = await stream.read()
    headers = {
        "Content-Disposition": f"attachment; filename*=UTF-8''{_quote(ref.filename)}",
        "X-Content-SHA256": ref.sha256,
    }
    return StreamingResponse(iter([content]), media_type=ref.media_type, headers=headers)


def _quote(name: str) -> str:
    return quote(name, safe="")


async def _campaign_data(
    request: Request, campaign_id: str
) -> tuple[list[Registration], dict[str, Association]]:
    async def load(uow: Uow) -> tuple[list[Registration], dict[str, Association]]:
        await handlers.get_campaign(uow, campaign_id=campaign_id)
        registrations = await uow.registrations.find({"campaign_id": campaign_id})
        return registrations, {a.id: a for a in await uow.associations.find({})}

    return await run(request, load)


@router.get("/campaigns/{campaign_id}/summary", tags=["campaigns"])
async def get_summary(campaign_id: str, request: Request, principal: Secretariat) -> dict[str, Any]:
    """Associations registered and not yet, and the titles aimed for, per title."""
    registrations, associations = await _campaign_data(request, campaign_id)
    return documents.summary(campaign_id, associations.values(), registrations)


@router.get(
    "/campaigns/{campaign_id}/registrations.csv",
    tags=["campaigns"],
    response_class=Response,
    responses=file_responses("text/csv"),
)
async def export_csv(campaign_id: str, request: Request, principal: Secretariat) -> Response:
    """The campaign's registrations as CSV, one row per individual."""
    registrations, associations = await _campaign_data(request, campaign_id)
    body = documents.to_csv(documents.export_rows(registrations, associations))
    return Response(body, media_type="text/csv; charset=utf-8", headers=_attachment(f"{campaign_id}.csv"))


@router.get(
    "/campaigns/{campaign_id}/registrations.xlsx",
    tags=["campaigns"],
    response_class=Response,
    responses=file_responses("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
)
async def export_xlsx(campaign_id: str, request: Request, principal: Secretariat) -> Response:
    """The campaign's registrations as an XLSX workbook."""
    registrations, associations = await _campaign_data(request, campaign_id)
    body = documents.to_xlsx(documents.export_rows(registrations, associations))
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(body, media_type=media, headers=_attachment(f"{campaign_id}.xlsx"))


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"'}
