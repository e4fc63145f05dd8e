"""Campaigns and registrations: register (collective, members and their titles, targets and pledges, the
plan document), amend and withdraw before the deadline."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.datastructures import FormData, UploadFile

from portal.clients import registration as reg
from portal.clients.base import ServiceDown, ServiceError
from portal.clients.registration import Campaign, PersonIn, PlanIn, Registration
from portal.officer.common import OfficerContext, down_message
from portal.web.deps import Officer, portal_of
from portal.web.forms import FORM, Errors, lines, message, problem_errors, renumbered, rows, values
from portal.web.i18n import N_, gettext, today

router = APIRouter(prefix="/officer")
PERSON_FIELDS = ("personal_code", "full_name", "position", "award_type_codes", "email")
BLANK_ROWS = 3


def plan_from(form: FormData) -> tuple[PlanIn, list[int]]:
    """The plan typed in the form, and the form rows of the members sent (to put errors back beside them)."""
    data = values(form)
    people = rows(data, "individuals")
    individuals = [
        PersonIn(
            personal_code=p.get("personal_code", ""),
            full_name=p.get("full_name", ""),
            position=p.get("position") or None,
            award_type_codes=[p["award_type_code"]] if p.get("award_type_code") else [],
            email=p.get("email") or None,
        )
        for _, p in people
    ]
    plan = PlanIn(
        collective_name=data.get("collective_name", ""),
        collective_award_codes=[str(v) for v in form.getlist("collective_award_codes") if v],
        individuals=individuals,
        targets=lines(data.get("targets", "")),
        pledges=lines(data.get("pledges", "")),
    )
    return plan, [i for i, _ in people]


def form_rows(plan: PlanIn | None, extra: int = BLANK_ROWS) -> list[dict[str, str]]:
    """The member rows to show: the plan's members, then blank rows to add more."""
    shown = [
        {
            "personal_code": p.personal_code,
            "full_name": p.full_name,
            "position": p.position or "",
            "award_type_code": (p.award_type_codes or [""])[0],
            "email": p.email or "",
        }
        for p in (plan.individuals if plan else [])
    ]
    return shown + [{} for _ in range(extra)]


def plan_fields(plan: PlanIn | None) -> dict[str, Any]:
    """What the plan form shows for a plan (blank for a new registration)."""
    return {
        "collective_name": plan.collective_name if plan else "",
        "collective_award_codes": list(plan.collective_award_codes) if plan else [],
        "targets": "\n".join(plan.targets) if plan else "",
        "pledges": "\n".join(plan.pledges) if plan else "",
        "people": form_rows(plan),
    }


def as_input(r: Registration) -> PlanIn:
    """The stored plan as the form's input."""
    return PlanIn.model_validate(r.plan.model_dump())


@router.get("/campaigns")
async def campaigns(request: Request, session: Officer) -> Response:
    """Every launched campaign, with the association's registration in it."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found, mine = await asyncio.gather(
        portal.clients.registration.campaigns(me.token), portal.clients.registration.registrations(me.token)
    )
    by_campaign = {
        r.campaign_id: r for r in sorted(mine, key=lambda r: r.status == "withdrawn", reverse=True)
    }
    context = {"campaigns": found, "mine": by_campaign, "today": today()}
    return portal.pages.render(request, "officer/campaigns.html", context)


@router.get("/campaigns/{campaign_id}")
async def campaign(campaign_id: str, request: Request, session: Officer) -> Response:
    """One campaign: its period, deadline, titles and targets, and the association's registration."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found, mine = await asyncio.gather(
        portal.clients.registration.campaign(me.token, campaign_id),
        portal.clients.registration.registrations(me.token, campaign_id=campaign_id),
    )
    context = {"campaign": found, "registrations": mine, "today": today()}
    return portal.pages.render(request, "officer/campaign.html", context)


def _plan_page(
    request: Request,
    campaign: Campaign,
    fields: dict[str, Any],
    errors: Errors,
    *,
    action: str,
    status: int = 200,
    **extra: Any,
) -> Response:
    context = {"campaign": campaign, "f_": fields, "errors": errors, "action": action, **extra}
    return portal_of(request).pages.render(request, "officer/plan_form.html", context, status_code=status)


@router.get("/campaigns/{campaign_id}/register")
async def register_form(campaign_id: str, request: Request, session: Officer) -> Response:
    """The registration form (blank), with an idempotency key against double submission."""
    me = OfficerContext(request, session)
    found = await portal_of(request).clients.registration.campaign(me.token, campaign_id)
    fields = plan_fields(None) | {"key": uuid.uuid4().hex}
    return _plan_page(request, found, fields, {}, action=f"/officer/campaigns/{campaign_id}/register")


@router.post("/campaigns/{campaign_id}/register")
async def register(campaign_id: str, request: Request, session: Officer) -> Response:
    """Register; a refused plan comes back with each message beside its field."""
    portal, me, form = portal_of(request), OfficerContext(request, session), await request.form()
    found = await portal.clients.registration.campaign(me.token, campaign_id)
    plan, kept = plan_from(form)
    key = str(form.get("key") or uuid.uuid4().hex)
    fields = plan_fields(plan) | {"key": key}
    action = f"/officer/campaigns/{campaign_id}/register"
    if form.get("action") == "add-rows":
        return _plan_page(request, found, fields, {}, action=action)
    try:
        made = await portal.clients.registration.register(me.token, campaign_id, plan, key=key)
    except ServiceError as exc:
        errors = problem_errors(
            exc, known=_known(fields), rename=renumbered("individuals", kept, PERSON_FIELDS)
        )
        return _plan_page(request, found, fields, errors, action=action, status=422)
    except ServiceDown:
        return _plan_page(request, found, fields, {FORM: [down_message()]}, action=action, status=503)
    return RedirectResponse(f"/officer/registrations/{made.id}?done=registered", status_code=303)


def _known(fields: dict[str, Any]) -> set[str]:
    names = {"collective_name", "collective_award_codes", "targets", "pledges"}
    names |= {f"individuals.{i}.{f}" for i in range(len(fields["people"])) for f in PERSON_FIELDS}
    return names | {f"individuals.{i}.award_type_code" for i in range(len(fields["people"]))}


@router.get("/registrations/{registration_id}")
async def registration(registration_id: str, request: Request, session: Officer) -> Response:
    """One registration: the plan, its status and what may be done with it."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found = await portal.clients.registration.registration(me.token, registration_id)
    campaign_ = await portal.clients.registration.campaign(me.token, found.campaign_id)
    context = {
        "r": found,
        "campaign": campaign_,
        "open": campaign_.registration_deadline is None or campaign_.registration_deadline >= today(),
        "done": request.query_params.get("done", ""),
        "errors": {},
        "reregister": await portal.capabilities.offers(reg.REREGISTER),
    }
    return portal.pages.render(request, "officer/registration.html", context)


@router.get("/registrations/{registration_id}/edit")
async def amend_form(registration_id: str, request: Request, session: Officer) -> Response:
    """The plan form filled with the current version."""
    portal, me = portal_of(request), OfficerContext(request, session)
    found = await portal.clients.registration.registration(me.token, registration_id)
    campaign_ = await portal.clients.registration.campaign(me.token, found.campaign_id)
    fields = plan_fields(as_input(found)) | {"version": found.version}
    return _plan_page(request, campaign_, fields, {}, action=f"/officer/registrations/{registration_id}/edit")


@router.post("/registrations/{registration_id}/edit")
async def amend(registration_id: str, request: Request, session: Officer) -> Response:
    """Replace the plan of the version the officer edited (a newer version is shown when it changed)."""
    portal, me, form = portal_of(request), OfficerContext(request, session), await request.form()
    found = await portal.clients.registration.registration(me.token, registration_id)
    campaign_ = await portal.clients.registration.campaign(me.token, found.campaign_id)
    plan, kept = plan_from(form)
    version = int(str(form.get("version") or found.version))
    fields = plan_fields(plan) | {"version": version}
    action = f"/officer/registrations/{registration_id}/edit"
    if form.get("action") == "add-rows":
        return _plan_page(request, campaign_, fields, {}, action=action)
    try:
        await portal.clients.registration.amend(me.token, registration_id, plan, version=version)
    except ServiceError as exc:
        errors = problem_errors(
            exc, known=_known(fields), rename=renumbered("individuals", kept, PERSON_FIELDS)
        )
        return _plan_page(
            request, campaign_, fields | {"version": found.version}, errors, action=action, status=422
        )
    except ServiceDown:
        return _plan_page(request, campaign_, fields, {FORM: [down_message()]}, action=action, status=503)
    return RedirectResponse(f"/officer/registrations/{registration_id}?done=amended", status_code=303)


@router.post("/registrations/{registration_id}/withdrawal")
async def withdraw(registration_id: str, request: Request, session: Officer) -> Response:
    """Withdraw before the deadline (the officer confirms on the registration page)."""
    portal, me, data = portal_of(request), OfficerContext(request, session), values(await request.form())
    errors: Errors = {}
    if data.get("confirm") != "yes":
        message(errors, "confirm", gettext(N_("Tick the box to confirm the withdrawal.")))
    else:
        try:
            await portal.clients.registration.withdraw(
                me.token,
                registration_id,
                reason=data.get("reason") or None,
                version=int(data.get("version") or 1),
            )
            return RedirectResponse(
                f"/officer/registrations/{registration_id}?done=withdrawn", status_code=303
            )
        except ServiceError as exc:
            errors = problem_errors(exc, known={"reason", "confirm"})
        except ServiceDown:
            errors = {FORM: [down_message()]}
    return await _registration_with(request, session, registration_id, errors)


@router.post("/registrations/{registration_id}/plan-document")
async def upload_plan(registration_id: str, request: Request, session: Officer) -> Response:
    """Upload the plan document (PDF, DOCX or ODT)."""
    portal, me, form = portal_of(request), OfficerContext(request, session), await request.form()
    upload = form.get("file")
    errors: Errors = {}
    if not isinstance(upload, UploadFile) or not upload.filename:
        message(errors, "file", gettext(N_("Choose the plan document to upload.")))
        return await _registration_with(request, session, registration_id, errors)
    content = await upload.read()
    try:
        await portal.clients.registration.upload_plan(
            me.token, registration_id, filename=upload.filename, content=content,
            media_type=upload.content_type or "application/octet-stream",
        )  # fmt: skip
    except ServiceError as exc:
        return await _registration_with(
            request, session, registration_id, problem_errors(exc, known={"file"})
        )
    except ServiceDown:
        return await _registration_with(request, session, registration_id, {FORM: [down_message()]})
    return RedirectResponse(f"/officer/registrations/{registration_id}?done=plan", status_code=303)


async def _registration_with(
    request: Request, session: Officer, registration_id: str, errors: Errors
) -> Response:
    portal, me = portal_of(request), OfficerContext(request, session)
    found = await portal.clients.registration.registration(me.token, registration_id)
    campaign_ = await portal.clients.registration.campaign(me.token, found.campaign_id)
    context = {
        "r": found, "campaign": campaign_, "done": "", "errors": errors,
        "open": campaign_.registration_deadline is None or campaign_.registration_deadline >= today(),
        "reregister": await portal.capabilities.offers(reg.REREGISTER),
    }  # fmt: skip
    return portal.pages.render(request, "officer/registration.html", context, status_code=422)
