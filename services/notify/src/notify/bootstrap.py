"""Composition root of the notify service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from thidua.calendar import WorkingCalendar
from thidua.logging import mark_confidential
from thidua.runtime import ServiceSpec
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWorkFactory
from thidua.worker import BackgroundTask

from notify.api import router
from notify.consumer import subscriptions
from notify.delivery import delivery_task
from notify.handlers import configure_calendar
from notify.repository import INDEXES
from notify.settings import NotifySettings
from notify.uow import NotifyUnitOfWork

# A filer's address sealed by grievance, and the key that opens it, never reach a log line.
mark_confidential("sealed_address", "party_mail_private_keys", "addresses")


def background(uows: UnitOfWorkFactory[Any], settings: ServiceSettings) -> Sequence[BackgroundTask]:
    """The delivery loop for e-mail and webhooks."""
    notify_settings = (
        settings if isinstance(settings, NotifySettings) else NotifySettings(**settings.model_dump())
    )
    configure_calendar(WorkingCalendar.from_settings(notify_settings))
    return [delivery_task(uows, notify_settings)]


SPEC = ServiceSpec(
    name="notify",
    title="ThiĐua notify: informing nominees of results, with proof of delivery",
    version="0.1.0",
    load_settings=NotifySettings,
    routers=[router],
    uow_class=NotifyUnitOfWork,
    indexes=INDEXES,
    subscriptions=subscriptions,
    background=background,
)
