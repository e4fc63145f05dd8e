"""Use cases of public disclosure (công khai): the list, its window of working days, objections received."""

from __future__ import annotations

from datetime import date

from thidua.calendar import WorkingCalendar
from thidua.contracts.base import new_id

from awards import catalogue, events
from awards import messages as msg
from awards.catalogue import CatalogueOverrides
from awards.domain import Disclosure
from awards.errors import NotFoundError
from awards.nomination import Nomination, Objection
from awards.uow import AwardsUnitOfWork

DEFAULT_WORKING_DAYS = 7  # no statutory window below State honours: a configurable default per type


async def _nomination(uow: AwardsUnitOfWork, nomination_id: str) -> Nomination:
    nomination = await uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFoundError(msg.NO_NOMINATION.format(nomination_id=nomination_id))
    return nomination


async def disclose_nomination(
    uow: AwardsUnitOfWork,
    *,
    nomination_id: str,
    window_start: date,
    working_days: int | None,
    overrides: CatalogueOverrides,
    calendar: WorkingCalendar,
) -> Disclosure:
    """Put a nomination on the public list for a window of working days of the shared calendar (public
    holidays, configured days off and worked Saturdays), and announce it."""
    nomination = await _nomination(uow, nomination_id)
    nomination.ensure_disclosable()
    kind = catalogue.award_type(nomination.award_type_code, nomination.considered_on, overrides)
    days = working_days or (kind.disclosure_working_days if kind else DEFAULT_WORKING_DAYS)
    disclosure = Disclosure(
        id=new_id(),
        nomination_id=nomination_id,
        campaign_id=nomination.campaign_id,
        name=nomination.nominee.name,
        unit=nomination.nominee.unit,
        award=nomination.award_type_name,
        window_start=window_start,
        window_end=calendar.last_day_of_window(window_start, days),
    )
    await uow.disclosures.add(disclosure)
    await uow.emit(events.nomination_disclosed(nomination, disclosure), subject=nomination_id)
    return disclosure


async def list_public_disclosures(uow: AwardsUnitOfWork, *, campaign_id: str | None) -> list[Disclosure]:
    """The public disclosure list, or one campaign's."""
    return await uow.disclosures.listed(campaign_id)


async def record_objection(uow: AwardsUnitOfWork, *, nomination_id: str, objection: Objection) -> int:
    """Record an objection received during disclosure; returns how many the nomination has."""
    nomination = await _nomination(uow, nomination_id)
    count = nomination.add_objection(objection)
    await uow.nominations.save(nomination)
    return count
