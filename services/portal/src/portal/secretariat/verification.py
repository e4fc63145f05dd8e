"""Verification (phúc tra): the queue of self-assessments; the registration, the self-assessment and the
plan document side by side; confirm, or adjust the ratings with a reason."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients.registration import Registration, SelfAssessmentIn, VerificationIn
from portal.secretariat.common import REFUSED, Desk, download, failure
from portal.text import RATINGS
from portal.web.deps import Secretariat
from portal.web.forms import Errors, message, values
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/secretariat")


@router.get("/verification")
async def queue(request: Request, session: Secretariat) -> Response:
    """Self-assessments waiting for verification, oldest campaign first."""
    me = Desk(request, session)
    found, directory, campaigns = await asyncio.gather(
        me.clients.directory.registrations(me.token, status="submitted"),
        me.clients.directory.associations(me.token),
        me.clients.directory.all_campaigns(me.token),
    )
    waiting = [r for r in found if r.self_assessment is not None]
    context = {
        "waiting": waiting,
        "names": {a.id: a.name for a in directory},
        "campaigns": {c.id: c.name for c in campaigns},
    }
    return me.portal.pages.render(request, "secretariat/verification.html", context)


def adjusted(found: Registration, data: dict[str, str]) -> SelfAssessmentIn | None:
    """The self-assessment with the ratings the secretariat set, or None when it changed none."""
    if found.self_assessment is None:
        return None
    assessed = found.self_assessment.model_dump()
    changed = False
    collective = data.get("collective.task_rating") or assessed["collective"]["task_rating"]
    changed |= collective != assessed["collective"]["task_rating"]
    assessed["collective"]["task_rating"] = collective
    for index, person in enumerate(assessed["individuals"]):
        rating = data.get(f"individuals.{index}.task_rating") or person["task_rating"]
        changed |= rating != person["task_rating"]
        person["task_rating"] = rating
    return SelfAssessmentIn.model_validate(assessed) if changed else None


async def _page(
    request: Request, session: Secretariat, registration_id: str, errors: Errors, status: int = 200
) -> Response:
    me = Desk(request, session)
    found = await me.clients.registration.registration(me.token, registration_id)
    association, campaign = await asyncio.gather(
        me.clients.registration.association(me.token, found.association_id),
        me.clients.registration.campaign(me.token, found.campaign_id),
    )
    context = {
        "r": found, "association": association, "campaign": campaign, "errors": errors,
        "ratings": list(RATINGS), "names": {p.personal_code: p.full_name for p in found.plan.individuals},
        "done": request.query_params.get("done", ""),
    }  # fmt: skip
    return me.portal.pages.render(request, "secretariat/registration.html", context, status_code=status)


@router.get("/registrations/{registration_id}")
async def registration(registration_id: str, request: Request, session: Secretariat) -> Response:
    """The plan, the self-assessment and the evidence side by side, with the verification form."""
    return await _page(request, session, registration_id, {})


@router.post("/registrations/{registration_id}/verification")
async def verify(registration_id: str, request: Request, session: Secretariat) -> Response:
    """Confirm the self-assessment, or adjust its ratings (a reason is then required)."""
    me, data = Desk(request, session), values(await request.form())
    found = await me.clients.registration.registration(me.token, registration_id)
    changed = adjusted(found, data)
    reason = data.get("reason") or None
    errors: Errors = {}
    if changed is not None and not reason:
        message(errors, "reason", gettext(N_("Say why the ratings are adjusted.")))
        return await _page(request, session, registration_id, errors, status=422)
    body = VerificationIn(outcome="adjusted" if changed else "confirmed", reason=reason, adjusted=changed)
    try:
        await me.clients.directory.verify(me.token, registration_id, body, version=found.version)
    except REFUSED as exc:
        return await _page(request, session, registration_id, failure(exc, {"reason"}), status=422)
    return RedirectResponse(f"/secretariat/registrations/{registration_id}?done=verified", status_code=303)


@router.get("/registrations/{registration_id}/plan-document")
async def plan_document(registration_id: str, request: Request, session: Secretariat) -> Response:
    """The registration's plan document, as uploaded."""
    me = Desk(request, session)
    found = await me.clients.registration.registration(me.token, registration_id)
    content = await me.clients.directory.plan_document(me.token, registration_id)
    ref = found.plan_document
    name = ref.filename if ref else "ke-hoach"
    kind = ref.media_type if ref else "application/octet-stream"
    return download(content, name, kind)
