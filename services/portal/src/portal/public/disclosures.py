"""`/public/disclosures`: the public disclosure list, and the objection form while a window is open."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import Response

from portal.clients import awards
from portal.web.deps import portal_of
from portal.web.i18n import today

router = APIRouter()


@router.get("/public/disclosures")
async def disclosures(request: Request) -> Response:
    """Who is proposed for which award, and until when objections are received."""
    portal = portal_of(request)
    rows = await portal.clients.awards.disclosures(
        campaign_id=request.query_params.get("campaign_id") or None
    )
    day = today()
    rows.sort(key=lambda r: (r.window_end < day, r.window_end, r.name))
    context = {
        "rows": rows,
        "today": day,
        # The opinion form is offered once the awards service lists its public objection endpoint.
        "objections": await portal.capabilities.offers(awards.PUBLIC_OBJECTION),
    }
    return portal.pages.render(request, "public/disclosures.html", context)
