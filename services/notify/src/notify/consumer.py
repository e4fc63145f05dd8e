"""Subscriptions of the notify service: every routed event type and the directory events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.messaging.consumer import Handler
from thidua.uow import UnitOfWorkFactory, idempotent
from thidua.worker import Subscription

from notify.domain import DIRECTORY_EVENTS, PEOPLE_EVENTS, ROUTING, SESSION_EVENTS
from notify.handlers import notify_event, record_session, update_directory, update_people

CONSUMER = "notify"


def subscriptions(uows: UnitOfWorkFactory[Any]) -> Sequence[Subscription]:
    """One queue for everything notify reacts to; each handler commits with its inbox claim."""
    handlers: dict[str, Handler] = {t: idempotent(CONSUMER, uows, notify_event) for t in ROUTING}
    handlers |= {t: idempotent(CONSUMER, uows, update_directory) for t in DIRECTORY_EVENTS}
    handlers |= {t: idempotent(CONSUMER, uows, record_session) for t in SESSION_EVENTS}
    # a routed people event (registration.submitted) records the addresses inside notify_event
    handlers |= {t: idempotent(CONSUMER, uows, update_people) for t in PEOPLE_EVENTS if t not in ROUTING}
    return [Subscription(consumer=CONSUMER, handlers=handlers)]
