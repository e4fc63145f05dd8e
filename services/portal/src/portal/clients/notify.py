"""Typed client of the notify service: the inbox of notices and read receipts."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import Field

from portal.clients.base import Call, Endpoint, Model, ServiceClient

S = "notify"


class Notice(Model):
    id: str
    event_type: str
    subject: str | None = None
    subject_kind: str | None = None
    statutory: bool = False
    title: str = ""
    body: str = ""
    created_at: datetime
    read_at: datetime | None = None


class Delivery(Model):
    id: str
    event_type: str | None = None
    recipient: dict[str, Any] | str | None = None
    channel: str | None = None
    attempts: int | None = None
    status: str | None = None
    delivered_at: datetime | None = None
    read_at: datetime | None = None


class LateAward(Model):
    award_id: str
    awardee_name: str | None = None
    association_id: str | None = None
    decision_number: str | None = None
    received_on: date
    due_on: date
    informed_at: datetime | None = None


class Webhook(Model):
    id: str
    url: str | None = None
    events: list[str] = Field(default_factory=list)
    active: bool | None = None
    failures: int | None = None
    created_at: datetime | None = None


LIST = Endpoint(S, "GET", "/notifications", query=("recipient",), response=list[Notice])
MARK_READ = Endpoint(S, "POST", "/notifications/{notification_id}/read", response=Notice)
DELIVERIES = Endpoint(S, "GET", "/deliveries", query=("subject",), response=list[Delivery])
LATE = Endpoint(S, "GET", "/reports/late-informing", response=list[LateAward])
WEBHOOKS = Endpoint(S, "GET", "/webhooks", response=list[Webhook])
# Planned (README "Chờ API"): a notice the secretariat sends itself (reminders, re-sending a result).
SEND_NOTICE = Endpoint(S, "POST", "/notices", planned=True)
ENDPOINTS = (LIST, MARK_READ, DELIVERIES, LATE, WEBHOOKS, SEND_NOTICE)


class NotifyClient(ServiceClient):
    """The signed-in user's inbox."""

    service = S

    async def inbox(self, token: str) -> list[Notice]:
        """The user's, their roles' and their association's notices, newest first."""
        found: list[Notice] = await self.value(LIST, token)
        return found

    async def mark_read(self, token: str, notification_id: str) -> Notice:
        """Record the read receipt."""
        found: Notice = await self.value(
            MARK_READ, token, Call(path_params={"notification_id": notification_id})
        )
        return found

    async def deliveries(self, token: str, subject: str) -> list[Delivery]:
        """Proof of informing for one subject (an award): per recipient and channel."""
        found: list[Delivery] = await self.value(DELIVERIES, token, Call(params={"subject": subject}))
        return found

    async def late_informing(self, token: str) -> list[LateAward]:
        """Awards whose awardees were not informed within the statutory working days."""
        found: list[LateAward] = await self.value(LATE, token)
        return found

    async def webhooks(self, token: str) -> list[Webhook]:
        """Registered webhooks (secrets never shown)."""
        found: list[Webhook] = await self.value(WEBHOOKS, token)
        return found
