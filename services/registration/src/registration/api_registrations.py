"""HTTP routes for registrations: submit, list, read, amend, withdraw, self-assess, verify."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from thidua.http.problems import Forbidden, Unprocessable

from registration import handlers
from registration import messages as msg
from registration.assessment import SelfAssessment, Verification
from registration.domain import Plan, Registration
from registration.edge import (
    PRECONDITIONS,
    Member,
    Secretariat,
    actor_of,
    contains,
    etag,
    if_match,
    page,
    run,
    to_domain,
    today,
)
from registration.repository import REGISTRATIONS
from registration.schemas import PlanIn, RegistrationIn, SelfAssessmentIn, VerificationIn, WithdrawalIn

router = APIRouter(tags=["registrations"])
Limit = Annotated[int, Query(ge=1, le=200)]
Offset = Annotated[int, Query(ge=0, le=1_000_000_000)]  # bounded: MongoDB takes 8-byte ints only


def _answer(response: Response, registration: Registration) -> Registration:
    response.headers["ETag"] = etag(registration.version)
    return registration


def _plan(body: PlanIn) -> Plan:
    return to_domain(Plan, body.model_dump(exclude={"association_id"}))


@router.post("/campaigns/{campaign_id}/registrations", status_code=201, response_model=Registration)
async def post_registration(
    campaign_id: str, body: RegistrationIn, request: Request, response: Response, principal: Member
) -> Registration:
    """Register the caller's association (or, for the secretariat, the named one) for a campaign."""
    association_id = body.association_id or principal.association_id
    if association_id is None:
        raise Unprocessable(msg.NAME_THE_ASSOCIATION)
    plan, actor, day = _plan(body), actor_of(principal), today(request)
    registration = await run(
        request,
        lambda uow: handlers.submit_registration(
            uow,
            registration_id=uuid.uuid4().hex,
            campaign_id=campaign_id,
            association_id=association_id,
            plan=plan,
            today=day,
            actor=actor,
        ),
    )
    response.headers["Location"] = f"/registrations/{registration.id}"
    return _answer(response, registration)


@router.get("/registrations")
async def list_registrations(
    request: Request,
    principal: Member,
    campaign_id: str | None = None,
    association_id: str | None = None,
    status: str | None = None,
    q: str | None = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Registrations, filtered; an officer sees only their own association's."""
    scope = actor_of(principal).scope
    if scope is not None and association_id not in (None, scope):
        raise Forbidden(msg.OTHER_ASSOCIATION)
    filters = {"campaign_id": campaign_id, "association_id": scope or association_id, "status": status}
    query: dict[str, Any] = {k: v for k, v in filters.items() if v is not None}
    if q:
        query["search_key"] = {"$regex": contains(q)}
    return await page(
        request, REGISTRATIONS, Registration, query, limit=limit, offset=offset, sort="campaign_id"
    )


@router.get("/registrations/{registration_id}", response_model=Registration)
async def get_registration(
    registration_id: str, request: Request, response: Response, principal: Member
) -> Registration:
    """One registration, with its version as the ETag."""
    actor = actor_of(principal)
    found = await run(
        request, lambda uow: handlers.get_registration(uow, registration_id=registration_id, actor=actor)
    )
    return _answer(response, found)


@router.patch("/registrations/{registration_id}", response_model=Registration, responses=PRECONDITIONS)
async def patch_registration(
    registration_id: str, body: PlanIn, request: Request, response: Response, principal: Member
) -> Registration:
    """Replace the plan; needs `If-Match` with the current ETag (412 when stale, 428 when missing)."""
    version, plan, actor, day = (
        if_match(request, required=True),
        _plan(body),
        actor_of(principal),
        today(request),
    )
    assert version is not None
    amended = await run(
        request,
        lambda uow: handlers.amend_registration(
            uow, registration_id=registration_id, plan=plan, expected_version=version, today=day, actor=actor
        ),
    )
    return _answer(response, amended)


@router.post(
    "/registrations/{registration_id}/withdrawal", response_model=Registration, responses=PRECONDITIONS
)
async def post_withdrawal(
    registration_id: str, body: WithdrawalIn, request: Request, response: Response, principal: Member
) -> Registration:
    """Withdraw before the deadline (or in a late window); `If-Match` is checked when sent."""
    version, actor, day = if_match(request, required=False), actor_of(principal), today(request)
    withdrawn = await run(
        request,
        lambda uow: handlers.withdraw_registration(
            uow,
            registration_id=registration_id,
            reason=body.reason,
            expected_version=version,
            today=day,
            actor=actor,
        ),
    )
    return _answer(response, withdrawn)


@router.post(
    "/registrations/{registration_id}/self-assessment", response_model=Registration, responses=PRECONDITIONS
)
async def post_self_assessment(
    registration_id: str, body: SelfAssessmentIn, request: Request, response: Response, principal: Member
) -> Registration:
    """Record the year-end self-assessment of the collective and each registered individual."""
    assessment = to_domain(SelfAssessment, body.model_dump())
    version, actor = if_match(request, required=False), actor_of(principal)
    assessed = await run(
        request,
        lambda uow: handlers.assess_registration(
            uow, registration_id=registration_id, assessment=assessment, expected_version=version, actor=actor
        ),
    )
    return _answer(response, assessed)


@router.post(
    "/registrations/{registration_id}/verification", response_model=Registration, responses=PRECONDITIONS
)
async def post_verification(
    registration_id: str, body: VerificationIn, request: Request, response: Response, principal: Secretariat
) -> Registration:
    """The secretariat confirms the self-assessment or adjusts it with a reason (phúc tra)."""
    values = body.model_dump() | {"verified_on": today(request), "verified_by": principal.sub}
    verification = to_domain(Verification, values)
    version, actor = if_match(request, required=False), actor_of(principal)
    verified = await run(
        request,
        lambda uow: handlers.verify_registration(
            uow,
            registration_id=registration_id,
            verification=verification,
            expected_version=version,
            actor=actor,
        ),
    )
    return _answer(response, verified)
