"""What grievance consumes: when people were informed of decisions (the complaint limitation start)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.contracts.awards import AwardDecided
from thidua.contracts.base import Envelope
from thidua.contracts.notify import NotificationDelivered
from thidua.uow import UnitOfWorkFactory, idempotent
from thidua.worker import Subscription

from grievance.uow import GrievanceUnitOfWork

CONSUMER = "grievance"


async def on_notification_delivered(
    envelope: Envelope, data: NotificationDelivered, uow: GrievanceUnitOfWork
) -> None:
    """Record that a party was informed of a subject on the delivery day."""
    party = data.recipient.association_id or data.recipient.recipient_id
    row = {
        "_id": envelope.id,
        "kind": "delivered",
        "subject": data.subject,
        "party": party,
        "on": data.delivered_at.date().isoformat(),
    }
    await uow.informed.insert_one(row, session=uow.session)


async def on_award_decided(envelope: Envelope, data: AwardDecided, uow: GrievanceUnitOfWork) -> None:
    """Record the decision date for the award, its nomination and its decision."""
    subjects = {data.award_id, data.decision.decision_id, data.nomination_id}
    rows: list[dict[str, Any]] = [
        {
            "_id": f"{envelope.id}:{subject}",
            "kind": "decided",
            "subject": subject,
            "party": data.association_id,
            "on": data.decision.signed_on.isoformat(),
        }
        for subject in sorted(s for s in subjects if s)
    ]
    await uow.informed.insert_many(rows, session=uow.session)


def subscriptions(uows: UnitOfWorkFactory[Any]) -> Sequence[Subscription]:
    """One queue for the facts grievance needs from notify and awards."""
    return [
        Subscription(
            consumer=CONSUMER,
            handlers={
                "notification.delivered": idempotent(CONSUMER, uows, on_notification_delivered),
                "award.decided": idempotent(CONSUMER, uows, on_award_decided),
            },
        )
    ]
