"""What grievance consumes: when people were informed of decisions (the complaint limitation start)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.uow import UnitOfWorkFactory, idempotent
from thidua.worker import Subscription

from grievance.handlers import on_award_decided, on_notification_delivered

CONSUMER = "grievance"


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
