"""What the awards service consumes: registration facts, campaigns and grievance outcomes."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from thidua.contracts.base import Envelope
from thidua.uow import UnitOfWorkFactory, idempotent
from thidua.worker import Subscription

from awards import handlers
from awards.uow import AwardsUnitOfWork

CONSUMER = "awards"
EVENT_HANDLERS: dict[str, Callable[[Envelope, Any, AwardsUnitOfWork], Awaitable[None]]] = {
    "registration.submitted": handlers.on_registration_submitted,
    "registration.amended": handlers.on_registration_submitted,
    "registration.verified": handlers.on_registration_verified,
    "year_end_results.verified": handlers.on_year_end_results_verified,
    "campaign.launched": handlers.on_campaign_launched,
    "grievance.accepted": handlers.on_grievance_accepted,
    "grievance.resolved": handlers.on_grievance_resolved,
    "grievance.withdrawn": handlers.on_grievance_withdrawn,
}


def subscriptions(uows: UnitOfWorkFactory[Any]) -> Sequence[Subscription]:
    """The awards service's one consumer queue and its handlers."""
    return [
        Subscription(
            consumer=CONSUMER, handlers={e: idempotent(CONSUMER, uows, h) for e, h in EVENT_HANDLERS.items()}
        )
    ]
