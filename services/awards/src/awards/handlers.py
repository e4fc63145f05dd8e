"""Event handlers of the awards service (`on_<event>`): each translates one integration event it consumes
into records or use cases, inside the consumer's transaction with the inbox claim."""

from __future__ import annotations

from thidua.contracts.base import Envelope
from thidua.contracts.grievance import (
    GrievanceAccepted,
    GrievanceResolved,
    GrievanceTarget,
    GrievanceWithdrawn,
)
from thidua.contracts.registration import (
    CampaignLaunched,
    RegistrationSubmitted,
    RegistrationVerified,
    VerifiedPerson,
    YearEndResultsVerified,
)

from awards.catalogue import COLLECTIVE, INDIVIDUAL
from awards.domain import Target, nominee_key
from awards.facts import CampaignRule, CollectiveYear, PersonYear, Registered, year_id
from awards.holds import hold_targets, lift_holds, resolve_holds
from awards.uow import AwardsUnitOfWork

HIGHER_LEVELS = ("provincial", "national")  # a scientific work accepted at these levels has province scope


def _person_year(person: VerifiedPerson, data: RegistrationVerified | YearEndResultsVerified) -> PersonYear:
    key = nominee_key(INDIVIDUAL, personal_code=person.personal_code, association_id=None)
    base = sum(1 for i in person.initiatives if i.scope == "base")
    higher_works = sum(1 for w in person.scientific_works if w.level in HIGHER_LEVELS)
    return PersonYear(
        id=year_id(key, data.year),
        key=key,
        year=data.year,
        association_id=data.association_id,
        task_rating=person.task_rating,
        base_initiatives=base,
        provincial_initiatives=len(person.initiatives) - base,
        accepted_works=len(person.scientific_works) - higher_works,
        provincial_works=higher_works,
        national_initiatives=sum(1 for i in person.initiatives if i.scope == "national"),
        national_works=sum(1 for w in person.scientific_works if w.level == "national"),
        discipline=person.discipline,
        discipline_ends_on=person.discipline_ends_on,
        female=person.female,
        registration_id=data.results_id if isinstance(data, YearEndResultsVerified) else data.registration_id,
    )


def _collective_year(data: RegistrationVerified) -> CollectiveYear:
    key, c = nominee_key(COLLECTIVE, personal_code=None, association_id=data.association_id), data.collective
    return CollectiveYear(
        id=year_id(key, data.year),
        key=key,
        year=data.year,
        association_id=data.association_id,
        task_rating=c.task_rating,
        member_count=c.member_count,
        members_completed=c.members_completed_count,
        members_disciplined=c.members_disciplined_count,
        female_member_count=c.female_member_count,
        registration_id=data.registration_id,
    )


async def on_registration_verified(
    envelope: Envelope, data: RegistrationVerified, uow: AwardsUnitOfWork
) -> None:
    """Keep the verified facts of each individual and of the collective for their year."""
    for person in data.individuals:
        await uow.facts.put_year(_person_year(person, data))
    await uow.facts.put_year(_collective_year(data))


async def on_year_end_results_verified(
    envelope: Envelope, data: YearEndResultsVerified, uow: AwardsUnitOfWork
) -> None:
    """Keep the checked year-end facts of members who need no registration (rule 1, L22 Điều 7)."""
    for person in data.individuals:
        await uow.facts.put_year(_person_year(person, data))


async def on_registration_submitted(
    envelope: Envelope, data: RegistrationSubmitted, uow: AwardsUnitOfWork
) -> None:
    """Remember who registered (and, on `registration.amended`, the new list); rule 1 checks it only
    where the campaign requires registration."""
    await uow.registrations.put(
        Registered(
            id=data.registration_id,
            campaign_id=data.campaign_id,
            association_id=data.association_id,
            personal_codes=tuple(p.personal_code for p in data.individuals),
            year=data.year,
        )
    )


async def on_campaign_launched(envelope: Envelope, data: CampaignLaunched, uow: AwardsUnitOfWork) -> None:
    """Remember whether the campaign requires registration."""
    await uow.campaigns.put(
        CampaignRule(id=data.campaign_id, registration_required=data.registration_required)
    )


def _targets(targets: list[GrievanceTarget]) -> list[Target]:
    return [
        Target(nomination_id=t.nomination_id, personal_code=t.personal_code, award_id=t.award_id)
        for t in targets
    ]


async def on_grievance_accepted(envelope: Envelope, data: GrievanceAccepted, uow: AwardsUnitOfWork) -> None:
    """An accepted grievance holds every targeted nomination that is not final (NĐ152 Điều 4 k4)."""
    await hold_targets(uow, grievance_id=data.grievance_id, targets=_targets(data.targets))


async def on_grievance_resolved(envelope: Envelope, data: GrievanceResolved, uow: AwardsUnitOfWork) -> None:
    """No violation: resume. A violation: reject the held nominations; `cancel_award`: cancellation due."""
    ground = (data.cancellation_ground or "violation_found") if data.remedy == "cancel_award" else None
    await resolve_holds(
        uow,
        grievance_id=data.grievance_id,
        violation_found=data.violation_found,
        cancellation_ground=ground,
        targets=_targets(data.targets),
    )


async def on_grievance_withdrawn(envelope: Envelope, data: GrievanceWithdrawn, uow: AwardsUnitOfWork) -> None:
    """A withdrawal lifts the holds unless the case goes on (LTC Điều 33) or only part was withdrawn."""
    if not (data.case_continues or data.partial):
        await lift_holds(uow, grievance_id=data.grievance_id)
