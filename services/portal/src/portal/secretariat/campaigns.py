"""Campaigns: create (annual, special, thematic) with the registration deadline, launch, who has and has not
registered, the registrations as a spreadsheet."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients import registration as reg
from portal.clients.registration import CampaignIn
from portal.secretariat.common import REFUSED, Desk, failure, parsed_date, required, spreadsheet
from portal.web.deps import Secretariat
from portal.web.forms import Errors, any_errors, int_or_none, lines, message, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/secretariat")
CAMPAIGN_FIELDS = {
    "code", "name", "year", "kind", "period_start", "period_end", "registration_deadline",
    "registration_required", "award_type_codes", "targets",
}  # fmt: skip


@router.get("")
async def desk(request: Request, session: Secretariat) -> Response:
    """The secretariat's home: what waits at each step of the year."""
    me = Desk(request, session)
    campaigns, queue, nominations = await asyncio.gather(
        me.clients.directory.all_campaigns(me.token),
        me.clients.directory.registrations(me.token, status="submitted"),
        me.clients.desk.nominations(me.token),
    )
    context = {
        "campaigns": campaigns,
        "to_verify": [r for r in queue if r.self_assessment is not None],
        "nominations": nominations,
    }
    return me.portal.pages.render(request, "secretariat/desk.html", context)


@router.get("/campaigns")
async def campaigns(request: Request, session: Secretariat) -> Response:
    """Every campaign, drafts included, and the form to create one."""
    return await _campaigns_page(request, session, {"year": str(today().year), "kind": "annual"}, {})


async def _campaigns_page(
    request: Request, session: Secretariat, fields: dict[str, Any], errors: Errors, status: int = 200
) -> Response:
    me = Desk(request, session)
    found = await me.clients.directory.all_campaigns(me.token)
    context = {"campaigns": found, "f_": fields, "errors": errors}
    return me.portal.pages.render(request, "secretariat/campaigns.html", context, status_code=status)


def campaign_from(data: dict[str, str], errors: Errors) -> CampaignIn | None:
    """The campaign typed in the form; None (with messages beside the fields) when something is missing."""
    code, name = required(data.get("code"), errors, "code"), required(data.get("name"), errors, "name")
    year = int_or_none(data.get("year"))
    if year is None:
        message(errors, "year", gettext(N_("Enter a whole number.")))
    start = parsed_date(data.get("period_start"), errors, "period_start")
    end = parsed_date(data.get("period_end"), errors, "period_end")
    for name_, value in (("period_start", start), ("period_end", end)):
        if value is None and not errors.get(name_):
            message(errors, name_, gettext(N_("This field is required.")))
    deadline = parsed_date(data.get("registration_deadline"), errors, "registration_deadline")
    if start and end and end < start:
        message(errors, "period_end", gettext(N_("The period must end after it starts.")))
    if any_errors(errors) or year is None or start is None or end is None:
        return None
    return CampaignIn(
        code=code, name=name, year=year, kind=data.get("kind") or "annual", period_start=start,
        period_end=end, registration_deadline=deadline,
        registration_required=data.get("registration_required") == "on",
        award_type_codes=[c.strip() for c in data.get("award_type_codes", "").replace(",", " ").split() if c],
        targets=lines(data.get("targets", "")), launched=data.get("launch") == "on",
    )  # fmt: skip


@router.post("/campaigns")
async def create(request: Request, session: Secretariat) -> Response:
    """Create a campaign (launched at once when asked); refused fields come back with their messages."""
    me, data = Desk(request, session), values(await request.form())
    errors: Errors = {}
    body = campaign_from(data, errors)
    if body is None:
        return await _campaigns_page(request, session, data, errors, status=422)
    try:
        made = await me.clients.directory.create_campaign(me.token, body)
    except REFUSED as exc:
        return await _campaigns_page(request, session, data, failure(exc, CAMPAIGN_FIELDS), status=422)
    return RedirectResponse(f"/secretariat/campaigns/{made.id}?done=created", status_code=303)


@router.get("/campaigns/{campaign_id}")
async def campaign(campaign_id: str, request: Request, session: Secretariat) -> Response:
    """One campaign: its terms, launch, who has registered and who has not."""
    me = Desk(request, session)
    found, summary, registered, directory = await asyncio.gather(
        me.clients.registration.campaign(me.token, campaign_id),
        me.clients.directory.summary(me.token, campaign_id),
        me.clients.directory.registrations(me.token, campaign_id=campaign_id),
        me.clients.directory.associations(me.token),
    )
    context = {
        "campaign": found,
        "summary": summary,
        "registrations": registered,
        "names": {a.id: a.name for a in directory},
        "done": request.query_params.get("done", ""),
        "can_remind": await me.portal.capabilities.offers(reg.REMIND),
        "can_edit": await me.portal.capabilities.offers(reg.EDIT_CAMPAIGN),
        "errors": {},
    }
    return me.portal.pages.render(request, "secretariat/campaign.html", context)


@router.post("/campaigns/{campaign_id}/launch")
async def launch(campaign_id: str, request: Request, session: Secretariat) -> Response:
    """Open the campaign for registration."""
    me = Desk(request, session)
    await me.clients.directory.launch(me.token, campaign_id)
    return RedirectResponse(f"/secretariat/campaigns/{campaign_id}?done=launched", status_code=303)


@router.get("/campaigns/{campaign_id}/registrations.xlsx")
async def registrations_xlsx(campaign_id: str, request: Request, session: Secretariat) -> Response:
    """The campaign's registrations as a spreadsheet."""
    me = Desk(request, session)
    content = await me.clients.directory.registrations_xlsx(me.token, campaign_id)
    return spreadsheet(content, f"dang-ky-{campaign_id}.xlsx")
