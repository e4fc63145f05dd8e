"""What the awards service consumes: registration facts, campaigns and grievance outcomes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from thidua.contracts.base import Envelope
from thidua.contracts.registration import CampaignLaunched, RegistrationSubmitted, RegistrationVerified
from thidua.uow import UnitOfWorkFactory, idempotent
from thidua.worker import Subscription

from awards import readmodel
from awards.holds import on_grievance_accepted, on_grievance_resolved, on_grievance_withdrawn
from awards.uow import AwardsUnitOfWork

CONSUMER = "awards"


async def on_registration_submitted(
    envelope: Envelope, data: RegistrationSubmitted, uow: AwardsUnitOfWork
) -> None:
    """Remember the registration (checked only where the campaign requires one)."""
    await readmodel.record_registration(uow, data)


async def on_registration_verified(
    envelope: Envelope, data: RegistrationVerified, uow: AwardsUnitOfWork
) -> None:
    """Keep the verified facts for the eligibility engine."""
    await readmodel.record_verified(uow, data)


async def on_campaign_launched(envelope: Envelope, data: CampaignLaunched, uow: AwardsUnitOfWork) -> None:
    """Remember whether the campaign requires registration."""
    await readmodel.record_campaign(uow, data)


def subscriptions(uows: UnitOfWorkFactory[Any]) -> Sequence[Subscription]:
    """The awards service's one consumer queue and its handlers."""
    handlers: dict[str, Callable[[Envelope, Any, AwardsUnitOfWork], Awaitable[None]]] = {
        "registration.submitted": on_registration_submitted,
        "registration.amended": on_registration_submitted,
        "registration.verified": on_registration_verified,
        "campaign.launched": on_campaign_launched,
        "grievance.accepted": on_grievance_accepted,
        "grievance.resolved": on_grievance_resolved,
        "grievance.withdrawn": on_grievance_withdrawn,
    }
    return [
        Subscription(
            consumer=CONSUMER, handlers={k: idempotent(CONSUMER, uows, h) for k, h in handlers.items()}
        )
    ]
