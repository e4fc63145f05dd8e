"""Nominations: each with its eligibility report, dossier completeness and holds; the disclosure window
(working days, holidays skipped) and the objections received during it."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients.awards import DisclosureIn, RecordObjectionIn
from portal.secretariat.common import REFUSED, Desk, failure, parsed_date
from portal.text import NOMINATION_STATUS
from portal.web.deps import Secretariat
from portal.web.forms import Errors, int_or_none, message, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/secretariat")
CHANNELS = ("letter", "in_person", "email", "portal", "grievance")


@router.get("/nominations")
async def nominations(request: Request, session: Secretariat) -> Response:
    """Every nomination (one status when asked), with how its report and dossier stand."""
    me, status = Desk(request, session), request.query_params.get("status") or None
    found, directory = await asyncio.gather(
        me.clients.desk.nominations(me.token, status=status),
        me.clients.directory.associations(me.token),
    )
    context = {
        "nominations": found, "status": status or "", "statuses": list(NOMINATION_STATUS),
        "names": {a.id: a.name for a in directory},
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/nominations.html", context)


async def _page(
    request: Request, session: Secretariat, nomination_id: str, errors: Errors, status: int = 200
) -> Response:
    me = Desk(request, session)
    found = await me.clients.desk.nomination(me.token, nomination_id)
    context = {
        "n": found, "errors": errors, "today": today(), "channels": CHANNELS,
        "done": request.query_params.get("done", ""), "window_end": request.query_params.get("until", ""),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/nomination.html", context, status_code=status)


@router.get("/nominations/{nomination_id}")
async def nomination(nomination_id: str, request: Request, session: Secretariat) -> Response:
    """One nomination: report, dossier, holds, objections; the disclosure and objection forms."""
    return await _page(request, session, nomination_id, {})


@router.post("/nominations/{nomination_id}/disclosure")
async def disclose(nomination_id: str, request: Request, session: Secretariat) -> Response:
    """Put the nomination on public disclosure from a date, for the lawful working days (or as many typed)."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    start = parsed_date(data.get("window_start"), errors, "window_start") or today()
    days = int_or_none(data.get("working_days"))
    if data.get("working_days") and days is None:
        message(errors, "working_days", gettext(N_("Enter a whole number.")))
    if errors:
        return await _page(request, session, nomination_id, errors, status=422)
    try:
        made = await me.clients.desk.disclose(
            me.token, nomination_id, DisclosureIn(window_start=start, working_days=days)
        )
    except REFUSED as exc:
        return await _page(
            request, session, nomination_id, failure(exc, {"window_start", "working_days"}), status=422
        )
    until = made.window_end.isoformat()
    return RedirectResponse(
        f"/secretariat/nominations/{nomination_id}?done=disclosed&until={until}", status_code=303
    )


@router.post("/nominations/{nomination_id}/objections")
async def objection(nomination_id: str, request: Request, session: Secretariat) -> Response:
    """Record an objection received during the window (date and channel only; no personal data)."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    received = parsed_date(data.get("received_on"), errors, "received_on") or today()
    channel = data.get("channel") if data.get("channel") in CHANNELS else "letter"
    if errors:
        return await _page(request, session, nomination_id, errors, status=422)
    body = RecordObjectionIn.model_validate({"received_on": received, "channel": channel})
    try:
        await me.clients.desk.record_objection(me.token, nomination_id, body)
    except REFUSED as exc:
        return await _page(request, session, nomination_id, failure(exc, {"received_on"}), status=422)
    return RedirectResponse(f"/secretariat/nominations/{nomination_id}?done=objection", status_code=303)
