"""The year-end self-assessment of a registration: the collective's facts and each member's."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from portal.clients.base import ServiceDown, ServiceError
from portal.clients.registration import (
    CollectiveAssessmentIn,
    InitiativeIn,
    PersonAssessmentIn,
    Registration,
    SelfAssessmentIn,
)
from portal.officer.common import OfficerContext, down_message
from portal.web.deps import Officer, portal_of
from portal.web.forms import FORM, Errors, int_or_none, message, problem_errors, values
from portal.web.i18n import N_, gettext

router = APIRouter(prefix="/officer")
COLLECTIVE = (
    "task_rating",
    "member_count",
    "members_completed_count",
    "members_disciplined_count",
    "female_member_count",
)
RATINGS = ("hoan_thanh_xuat_sac", "hoan_thanh_tot", "hoan_thanh", "khong_hoan_thanh")
DISCIPLINE = ("none", "khien_trach", "canh_cao", "ha_bac_luong", "cach_chuc", "buoc_thoi_viec")


def assessment_from(data: dict[str, str], r: Registration) -> tuple[SelfAssessmentIn | None, Errors]:
    """The assessment typed in the form, or the messages of the numbers that are not numbers."""
    errors: Errors = {}
    counts = {}
    for name in COLLECTIVE[1:]:
        raw = data.get(f"collective.{name}", "")
        counts[name] = int_or_none(raw)
        if raw and counts[name] is None:
            message(errors, f"collective.{name}", gettext(N_("Enter a whole number.")))
    for name in ("member_count", "members_completed_count"):
        if counts[name] is None and not errors.get(f"collective.{name}"):
            message(errors, f"collective.{name}", gettext(N_("This field is required.")))
    if errors:
        return None, errors
    people = [
        PersonAssessmentIn(
            personal_code=m.personal_code,
            task_rating=data.get(f"individuals.{i}.task_rating", ""),
            initiatives=[InitiativeIn(title=t)] if (t := data.get(f"individuals.{i}.initiative", "")) else [],
            discipline=data.get(f"individuals.{i}.discipline") or "none",
            female={"yes": True, "no": False}.get(data.get(f"individuals.{i}.female", "")),
        )
        for i, m in enumerate(r.plan.individuals)
    ]
    collective = CollectiveAssessmentIn(
        task_rating=data.get("collective.task_rating", ""),
        member_count=counts["member_count"] or 0,
        members_completed_count=counts["members_completed_count"] or 0,
        members_disciplined_count=counts["members_disciplined_count"] or 0,
        female_member_count=counts["female_member_count"],
    )
    return SelfAssessmentIn(collective=collective, individuals=people), {}


def _page(
    request: Request, r: Registration, data: dict[str, str], errors: Errors, status: int = 200
) -> Response:
    context = {"r": r, "data": data, "errors": errors, "ratings": RATINGS, "discipline": DISCIPLINE}
    return portal_of(request).pages.render(
        request, "officer/self_assessment.html", context, status_code=status
    )


@router.get("/registrations/{registration_id}/self-assessment")
async def assessment_form(registration_id: str, request: Request, session: Officer) -> Response:
    """The self-assessment form, one row per registered member."""
    me = OfficerContext(request, session)
    found = await portal_of(request).clients.registration.registration(me.token, registration_id)
    return _page(request, found, {"collective.member_count": str(len(found.plan.individuals) or "")}, {})


@router.post("/registrations/{registration_id}/self-assessment")
async def assess(registration_id: str, request: Request, session: Officer) -> Response:
    """Send the self-assessment; refused values come back beside their fields."""
    portal, me = portal_of(request), OfficerContext(request, session)
    data = values(await request.form())
    found = await portal.clients.registration.registration(me.token, registration_id)
    assessment, errors = assessment_from(data, found)
    if assessment is None:
        return _page(request, found, data, errors, status=422)
    known = {f"collective.{n}" for n in COLLECTIVE} | {
        f"individuals.{i}.{f}"
        for i in range(len(found.plan.individuals))
        for f in ("task_rating", "discipline")
    }
    try:
        await portal.clients.registration.self_assess(
            me.token, registration_id, assessment, version=found.version
        )
    except ServiceError as exc:
        return _page(request, found, data, problem_errors(exc, known=known), status=422)
    except ServiceDown:
        return _page(request, found, data, {FORM: [down_message()]}, status=503)
    return RedirectResponse(f"/officer/registrations/{registration_id}?done=assessed", status_code=303)
