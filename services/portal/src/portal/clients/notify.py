"""Typed client of the notify service: the inbox of notices and read receipts."""

from __future__ import annotations

from datetime import datetime

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


LIST = Endpoint(S, "GET", "/notifications", query=("recipient",), response=list[Notice])
MARK_READ = Endpoint(S, "POST", "/notifications/{notification_id}/read", response=Notice)
ENDPOINTS = (LIST, MARK_READ)


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
