"""HTTP routes for members' year-end results, recorded without a registration (L22 Điều 7)."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Request
from thidua.http.pagination import Page, Paging, page_of

from registration import year_end_results as use
from registration.edge import Member, Secretariat, actor_of, run, to_domain, today
from registration.schemas import YearEndPersonIn, YearEndResultsIn, YearEndVerificationIn
from registration.year_end import PersonResult, YearEndResults

router = APIRouter(tags=["year-end results"])
BASE = "/associations/{association_id}/year-end-results"


def _people(items: list[YearEndPersonIn]) -> tuple[PersonResult, ...]:
    return tuple(to_domain(PersonResult, p.model_dump()) for p in items)


@router.post(BASE, status_code=201, response_model=YearEndResults)
async def post_year_end_results(
    association_id: str, body: YearEndResultsIn, request: Request, principal: Member
) -> YearEndResults:
    """Record year-end results (rating, initiatives, works, discipline) of one or many members."""
    actor = actor_of(principal)
    values = {
        "id": uuid.uuid4().hex,
        "association_id": association_id,
        "year": body.year,
        "people": _people(body.individuals),
        "recorded_by": principal.sub,
        "recorded_on": today(request),
    }
    results = to_domain(YearEndResults, values)
    return await run(request, lambda uow: use.record_year_end_results(uow, results=results, actor=actor))


@router.get(BASE, response_model=Page[YearEndResults])
async def list_year_end_results(
    association_id: str, request: Request, principal: Member, paging: Paging, year: int | None = None
) -> Page[YearEndResults]:
    """The association's recorded year-end results, newest year first."""
    actor = actor_of(principal)
    items, total = await run(
        request,
        lambda uow: use.list_year_end_results(
            uow,
            association_id=association_id,
            year=year,
            limit=paging.limit,
            offset=paging.offset,
            actor=actor,
        ),
    )
    return page_of(items, total=total, paging=paging, request=request)


@router.get(BASE + "/{results_id}", response_model=YearEndResults)
async def get_year_end_results(
    association_id: str, results_id: str, request: Request, principal: Member
) -> YearEndResults:
    """One recorded set of year-end results."""
    actor = actor_of(principal)
    return await run(
        request,
        lambda uow: use.get_year_end_results(
            uow, association_id=association_id, results_id=results_id, actor=actor
        ),
    )


@router.post(BASE + "/{results_id}/verification", response_model=YearEndResults)
async def post_year_end_verification(
    association_id: str,
    results_id: str,
    body: YearEndVerificationIn,
    request: Request,
    principal: Secretariat,
) -> YearEndResults:
    """The secretariat confirms the results, or adjusts them with a reason; the facts go to awards."""
    actor, day = actor_of(principal), today(request)
    adjusted = None if body.adjusted is None else _people(body.adjusted)
    return await run(
        request,
        lambda uow: use.verify_year_end_results(
            uow,
            association_id=association_id,
            results_id=results_id,
            outcome=body.outcome,
            reason=body.reason,
            adjusted=adjusted,
            today=day,
            actor=actor,
        ),
    )
