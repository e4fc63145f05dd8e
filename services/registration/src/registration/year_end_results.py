"""Use cases of members' year-end results: the association records them, the secretariat checks them."""

from __future__ import annotations

from datetime import date

from registration import events
from registration import messages as msg
from registration.errors import NotFoundError
from registration.handlers import Actor
from registration.uow import RegistrationUnitOfWork as Uow
from registration.year_end import PersonResult, YearEndResults


async def record_year_end_results(uow: Uow, *, results: YearEndResults, actor: Actor) -> YearEndResults:
    """Record year-end results for one or many members of an association (no registration needed)."""
    actor.ensure_may_act_for(results.association_id)
    if await uow.associations.get(results.association_id) is None:
        raise NotFoundError(msg.NO_ASSOCIATION.format(association_id=results.association_id))
    await uow.year_end_results.add(results)
    return results


async def get_year_end_results(
    uow: Uow, *, association_id: str, results_id: str, actor: Actor
) -> YearEndResults:
    """Recorded results of the association, if the actor may see them."""
    actor.ensure_may_act_for(association_id)
    results = await uow.year_end_results.get(results_id)
    if results is None or results.association_id != association_id:
        raise NotFoundError(msg.NO_YEAR_END_RESULTS.format(results_id=results_id))
    return results


async def list_year_end_results(
    uow: Uow, *, association_id: str, year: int | None, limit: int, offset: int, actor: Actor
) -> tuple[list[YearEndResults], int]:
    """A page of the association's recorded results and their total, if the actor may see them."""
    actor.ensure_may_act_for(association_id)
    return await uow.year_end_results.page(association_id, year, limit=limit, offset=offset)


async def verify_year_end_results(
    uow: Uow,
    *,
    association_id: str,
    results_id: str,
    outcome: str,
    reason: str | None,
    adjusted: tuple[PersonResult, ...] | None,
    today: date,
    actor: Actor,
) -> YearEndResults:
    """The secretariat confirms or adjusts the results and announces the facts that stand."""
    results = await get_year_end_results(
        uow, association_id=association_id, results_id=results_id, actor=actor
    )
    results.verify(
        outcome=outcome, reason=reason, adjusted=adjusted, verified_on=today, verified_by=actor.sub
    )
    await uow.year_end_results.verify(results)
    await uow.emit(events.year_end_results_verified(results), subject=results.id)
    return results
