"""The association's complaints: filing one about a result from the notice that announced it (pre-filled),
and the list of its complaints with their status."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.clients.base import ServiceDown, ServiceError
from portal.clients.grievance import GrievanceIn, TargetIn
from portal.clients.notify import Notice
from portal.officer.common import OfficerContext, down_message
from portal.web.deps import Officer, portal_of
from portal.web.forms import FORM, Errors, message, problem_errors, values
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/officer")
TARGET_FIELD = {"award": "award_id", "nomination": "nomination_id", "decision": "decision_id"}


@router.get("/complaints")
async def complaints(request: Request, session: Officer) -> Response:
    """The association's own complaints."""
    portal, me = portal_of(request), OfficerContext(request, session)
    cases = await portal.clients.grievance.own(me.token)
    return portal.pages.render(request, "officer/complaints.html", {"cases": cases})


def _page(
    request: Request, data: dict[str, str], errors: Errors, notice: Notice | None, status: int = 200
) -> Response:
    context = {"data": data, "errors": errors, "notice": notice}
    return portal_of(request).pages.render(
        request, "officer/complaint_form.html", context, status_code=status
    )


async def _notice(request: Request, me: OfficerContext, notice_id: str) -> Notice | None:
    if not notice_id:
        return None
    notices = await portal_of(request).clients.notify.inbox(me.token)
    return next((n for n in notices if n.id == notice_id), None)


@router.get("/complaints/new")
async def complaint_form(request: Request, session: Officer) -> Response:
    """The complaint form; from a notice, the result complained of is filled in."""
    me = OfficerContext(request, session)
    notice = await _notice(request, me, request.query_params.get("notice", ""))
    data = {"key": uuid.uuid4().hex, "notice": notice.id if notice else ""}
    if notice is not None:
        data["summary"] = gettext(N_("We complain about this result: %(title)s"), title=notice.title) + "\n\n"
    return _page(request, data, {}, notice)


@router.post("/complaints/new")
async def file_complaint(request: Request, session: Officer) -> Response:
    """File the association's complaint; show its tracking code and secret once."""
    portal, me = portal_of(request), OfficerContext(request, session)
    data = values(await request.form())
    notice = await _notice(request, me, data.get("notice", ""))
    errors: Errors = {}
    if not data.get("summary"):
        message(errors, "summary", gettext(N_("Write the content of the complaint.")))
        return _page(request, data, errors, notice, status=422)
    target = TargetIn(kind="association", association_id=me.association_id)
    if notice is not None and notice.subject_kind in TARGET_FIELD and notice.subject:
        target = TargetIn.model_validate(
            {"kind": notice.subject_kind, TARGET_FIELD[notice.subject_kind]: notice.subject}
        )
    body = GrievanceIn(
        kind="complaint", targets=[target], summary=data["summary"], channel="api"
    )  # fmt: skip
    try:
        filed = await portal.clients.grievance.file(me.token, body, key=data.get("key") or uuid.uuid4().hex)
    except ServiceError as exc:
        return _page(request, data, problem_errors(exc, known={"summary"}), notice, status=422)
    except ServiceDown:
        return _page(request, data, {FORM: [down_message()]}, notice, status=503)
    return portal.pages.render(request, "public/grievance_filed.html", {"filed": filed})
