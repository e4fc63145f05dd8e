"""The inbox of notices (results, requests, deadlines), marked read when the officer says so."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.officer.common import OfficerContext
from portal.web.deps import Officer, portal_of

router = APIRouter(prefix="/officer")
COMPLAINABLE = {"award.decided", "award.cancelled", "nomination.deferred"}


@router.get("/inbox")
async def inbox(request: Request, session: Officer) -> Response:
    """Every notice of the officer and their association, newest first."""
    portal, me = portal_of(request), OfficerContext(request, session)
    notices = await portal.clients.notify.inbox(me.token)
    context = {"notices": notices, "complainable": COMPLAINABLE}
    return portal.pages.render(request, "officer/inbox.html", context)


@router.post("/inbox/{notification_id}/read")
async def mark_read(notification_id: str, request: Request, session: Officer) -> Response:
    """Record the read receipt; htmx gets the notice back, a plain form goes back to the inbox."""
    portal, me = portal_of(request), OfficerContext(request, session)
    notice = await portal.clients.notify.mark_read(me.token, notification_id)
    if request.headers.get("HX-Request") == "true":
        context = {"n": notice, "complainable": COMPLAINABLE}
        return portal.pages.render(request, "officer/notice.html", context)
    return RedirectResponse(f"/officer/inbox#notice-{notification_id}", status_code=303)
