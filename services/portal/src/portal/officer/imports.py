"""Many nominees at once from the Excel template: download it, upload it filled, read every bad row (row,
column and reason), fix or confirm; nothing is created until confirmed.

The awards service does not offer the import yet (`GET /templates/nominations.xlsx`,
`POST /nominations/import?dry_run=`): until its OpenAPI lists them these pages answer 404 and no link leads
here.
"""

from __future__ import annotations

import base64
import binascii

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from portal.clients import awards
from portal.clients.base import ServiceDown, ServiceError
from portal.officer.common import OfficerContext, down_message
from portal.web.deps import Officer, portal_of
from portal.web.forms import FORM, Errors, message, problem_errors
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/officer/nominations/import")
MAX_BYTES = 8 * 1024 * 1024


async def _offered(request: Request) -> None:
    capabilities = portal_of(request).capabilities
    if not (await capabilities.offers(awards.IMPORT) and await capabilities.offers(awards.IMPORT_TEMPLATE)):
        raise ServiceError(404, {"type": "https://thidua.vn/problems/not-found"}, service="awards")


def _page(request: Request, **context: object) -> Response:
    values = {"errors": {}, "result": None, "file_b64": "", "filename": "", "confirmed": False} | context
    status = 422 if values["errors"] else 200
    return portal_of(request).pages.render(request, "officer/import.html", values, status_code=status)


@router.get("")
async def import_form(request: Request, session: Officer) -> Response:
    """The upload form and the template link."""
    await _offered(request)
    return _page(request)


@router.get("/template")
async def template(request: Request, session: Officer) -> Response:
    """The Excel template, from the awards service."""
    await _offered(request)
    content = await portal_of(request).clients.awards.import_template(OfficerContext(request, session).token)
    kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    headers = {"Content-Disposition": 'attachment; filename="mau-de-nghi-khen-thuong.xlsx"'}
    return Response(content, media_type=kind, headers=headers)


async def _file(request: Request) -> tuple[str, bytes, bool]:
    form = await request.form()
    upload, kept = form.get("file"), str(form.get("file_b64") or "")
    if isinstance(upload, UploadFile) and upload.filename:
        return upload.filename, await upload.read(MAX_BYTES + 1), False
    try:
        return str(form.get("filename") or "nominations.xlsx"), base64.b64decode(kept, validate=True), True
    except binascii.Error:
        return "", b"", False


@router.post("")
async def check_or_confirm(request: Request, session: Officer) -> Response:
    """A dry run of the uploaded file, or, once the officer confirms the same file, the import itself."""
    await _offered(request)
    me, portal = OfficerContext(request, session), portal_of(request)
    filename, content, confirming = await _file(request)
    errors: Errors = {}
    if not content:
        message(errors, "file", gettext(N_("Choose the filled template to upload.")))
        return _page(request, errors=errors)
    if len(content) > MAX_BYTES:
        message(errors, "file", gettext(N_("The file is too large.")))
        return _page(request, errors=errors)
    try:
        result = await portal.clients.awards.import_nominations(
            me.token, filename=filename, content=content, dry_run=not confirming
        )
    except ServiceError as exc:
        return _page(request, errors=problem_errors(exc, known={"file"}))
    except ServiceDown:
        return _page(request, errors={FORM: [down_message()]})
    return _page(
        request, result=result, confirmed=confirming, filename=filename,
        file_b64="" if confirming or result.errors else base64.b64encode(content).decode(),
    )  # fmt: skip
