"""Commands of the registration service: plain async functions that change state and emit events."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from thidua import mongo

from registration import events
from registration import messages as msg
from registration.assessment import SelfAssessment, Verification
from registration.domain import (
    AlreadyRegistered,
    Association,
    Campaign,
    DocumentRef,
    LateWindow,
    Plan,
    Registration,
)
from registration.errors import DuplicateCode, NotFoundError, OutOfScope
from registration.uow import RegistrationUnitOfWork as Uow


@dataclass(frozen=True)
class Actor:
    """Who acts: the token subject and, for an association officer, the only association they may touch."""

    sub: str
    scope: str | None = None

    def ensure_may_act_for(self, association_id: str) -> None:
        """Raise OutOfScope unless unrestricted or acting for its own association."""
        if self.scope is not None and self.scope != association_id:
            raise OutOfScope(msg.OTHER_ASSOCIATION)


async def create_campaign(uow: Uow, *, campaign: Campaign) -> Campaign:
    """Store a new campaign, announcing it if it is launched at once."""
    try:
        await uow.campaigns.add(campaign)
    except mongo.DuplicateKeyError as exc:
        raise DuplicateCode(msg.CAMPAIGN_CODE_TAKEN.format(code=campaign.code)) from exc
    if campaign.launched:
        await uow.emit(events.campaign_launched(campaign), subject=campaign.id)
    return campaign


async def launch_campaign(uow: Uow, *, campaign_id: str) -> Campaign:
    """Launch a draft campaign; launching again changes nothing."""
    campaign = await get_campaign(uow, campaign_id=campaign_id)
    if campaign.launch():
        await uow.campaigns.save(campaign)
        await uow.emit(events.campaign_launched(campaign), subject=campaign.id)
    return campaign


async def get_campaign(uow: Uow, *, campaign_id: str) -> Campaign:
    """The campaign, or NotFoundError."""
    campaign = await uow.campaigns.get(campaign_id)
    if campaign is None:
        raise NotFoundError(msg.NO_CAMPAIGN.format(campaign_id=campaign_id))
    return campaign


async def register_association(uow: Uow, *, association: Association) -> Association:
    """Add an association to the directory."""
    try:
        await uow.associations.add_entry(association)
    except mongo.DuplicateKeyError as exc:
        raise DuplicateCode(msg.ASSOCIATION_CODE_TAKEN.format(code=association.code)) from exc
    await uow.emit(events.association_snapshot(association, new=True), subject=association.id)
    return association


async def get_association(uow: Uow, *, association_id: str, actor: Actor) -> Association:
    """The directory entry, if the actor may see it."""
    actor.ensure_may_act_for(association_id)
    association = await uow.associations.get(association_id)
    if association is None:
        raise NotFoundError(msg.NO_ASSOCIATION.format(association_id=association_id))
    return association


async def update_association(
    uow: Uow, *, changed: Association, expected_version: int, actor: Actor
) -> Association:
    """Change a directory entry and announce the whole new entry."""
    association = await get_association(uow, association_id=changed.id, actor=actor)
    association.update(changed, expected_version=expected_version)
    await uow.associations.update(association)
    await uow.emit(events.association_snapshot(association, new=False), subject=association.id)
    return association


async def grant_late_window(uow: Uow, *, window: LateWindow) -> LateWindow:
    """Let one association register or change its registration after the deadline, until a day."""
    await get_campaign(uow, campaign_id=window.campaign_id)
    if await uow.associations.get(window.association_id) is None:
        raise NotFoundError(msg.NO_ASSOCIATION.format(association_id=window.association_id))
    await uow.late_windows.put(window)
    return window


async def submit_registration(
    uow: Uow,
    *,
    registration_id: str,
    campaign_id: str,
    association_id: str,
    plan: Plan,
    today: date,
    actor: Actor,
) -> Registration:
    """Register an association for a campaign, once."""
    actor.ensure_may_act_for(association_id)
    campaign = await get_campaign(uow, campaign_id=campaign_id)
    association = await uow.associations.get(association_id)
    if association is None:
        raise NotFoundError(msg.NO_ASSOCIATION.format(association_id=association_id))
    late_until = await uow.late_windows.until(campaign_id, association_id)
    registration = Registration.submit(
        id=registration_id,
        campaign=campaign,
        association=association,
        plan=plan,
        today=today,
        late_until=late_until,
    )
    try:
        await uow.registrations.create(registration)
    except mongo.DuplicateKeyError as exc:
        taken = msg.ALREADY_REGISTERED.format(association=association.code, campaign=campaign.code)
        raise AlreadyRegistered(taken) from exc
    await uow.emit(events.registration_submitted(registration, actor_id=actor.sub), subject=registration.id)
    return registration


async def get_registration(uow: Uow, *, registration_id: str, actor: Actor) -> Registration:
    """The registration, if the actor may see it."""
    registration = await uow.registrations.get(registration_id)
    if registration is None:
        raise NotFoundError(msg.NO_REGISTRATION.format(registration_id=registration_id))
    actor.ensure_may_act_for(registration.association_id)
    return registration


async def _context(
    uow: Uow, registration_id: str, actor: Actor
) -> tuple[Registration, Campaign, date | None]:
    registration = await get_registration(uow, registration_id=registration_id, actor=actor)
    campaign = await get_campaign(uow, campaign_id=registration.campaign_id)
    late_until = await uow.late_windows.until(campaign.id, registration.association_id)
    return registration, campaign, late_until


async def amend_registration(
    uow: Uow, *, registration_id: str, plan: Plan, expected_version: int, today: date, actor: Actor
) -> Registration:
    """Replace the registration's plan, keeping the previous version."""
    registration, campaign, late_until = await _context(uow, registration_id, actor)
    changed = registration.amend(
        plan, campaign=campaign, expected_version=expected_version, today=today, late_until=late_until
    )
    await uow.registrations.update(registration)
    event = events.registration_amended(registration, actor_id=actor.sub, changed=changed)
    await uow.emit(event, subject=registration.id)
    return registration


async def attach_plan_document(
    uow: Uow,
    *,
    registration_id: str,
    document: DocumentRef,
    expected_version: int | None,
    today: date,
    actor: Actor,
) -> Registration:
    """Attach the uploaded plan document to the registration, as an amendment."""
    registration, campaign, late_until = await _context(uow, registration_id, actor)
    registration.attach_plan_document(
        document, campaign=campaign, expected_version=expected_version, today=today, late_until=late_until
    )
    await uow.registrations.update(registration)
    event = events.registration_amended(registration, actor_id=actor.sub, changed=["plan_document"])
    await uow.emit(event, subject=registration.id)
    return registration


async def withdraw_registration(
    uow: Uow,
    *,
    registration_id: str,
    reason: str | None,
    expected_version: int | None,
    today: date,
    actor: Actor,
) -> Registration:
    """Withdraw a registration before the deadline (or in a late window)."""
    registration, campaign, late_until = await _context(uow, registration_id, actor)
    registration.withdraw(
        campaign=campaign, expected_version=expected_version, today=today, late_until=late_until
    )
    await uow.registrations.update(registration)
    event = events.registration_withdrawn(registration, actor_id=actor.sub, reason=reason)
    await uow.emit(event, subject=registration.id)
    return registration


async def assess_registration(
    uow: Uow, *, registration_id: str, assessment: SelfAssessment, expected_version: int | None, actor: Actor
) -> Registration:
    """Record the association's year-end self-assessment."""
    registration = await get_registration(uow, registration_id=registration_id, actor=actor)
    registration.assess(assessment, expected_version=expected_version)
    await uow.registrations.update(registration)
    return registration


async def verify_registration(
    uow: Uow, *, registration_id: str, verification: Verification, expected_version: int | None, actor: Actor
) -> Registration:
    """Record the secretariat's verification and announce the verified facts."""
    registration = await get_registration(uow, registration_id=registration_id, actor=actor)
    facts = registration.verify(verification, expected_version=expected_version)
    await uow.registrations.update(registration)
    event = events.registration_verified(registration, verification=verification, facts=facts)
    await uow.emit(event, subject=registration.id)
    return registration
