"""Event handlers: when people were informed of decisions, on the Vietnamese calendar day it happened."""

from __future__ import annotations

from typing import Any

from thidua.calendar import local_date
from thidua.contracts.awards import AwardDecided
from thidua.contracts.base import Envelope
from thidua.contracts.notify import NotificationDelivered

from grievance.uow import GrievanceUnitOfWork


async def on_notification_delivered(
    envelope: Envelope, data: NotificationDelivered, uow: GrievanceUnitOfWork
) -> None:
    """Record that a party was informed of a subject on the delivery day (in Vietnam, not UTC)."""
    party = data.recipient.association_id or data.recipient.recipient_id
    row = {
        "_id": envelope.id,
        "kind": "delivered",
        "subject": data.subject,
        "party": party,
        "source_event_type": data.source_event_type,
        "on": local_date(data.delivered_at).isoformat(),
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
