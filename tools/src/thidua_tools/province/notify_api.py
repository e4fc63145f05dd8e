"""Notify: inboxes, proof of informing, webhooks."""

from __future__ import annotations

from collections.abc import Sequence

from thidua_tools.province.endpoints import Endpoints
from thidua_tools.province.transport import Caller, Json


class NotifyApi(Endpoints):
    """The notify service (the secretariat unless said otherwise)."""

    async def list_notifications(
        self,
        *,
        association_id: str | None = None,
        personal_code: str | None = None,
        recipient: str | None = None,
    ) -> list[Json]:
        """An association's inbox (read as its officer), a person's notices (`person:<personal code>`, as
        the secretariat), or any recipient key (`user:<sub>`, `role:<name>`, …) read as the secretariat."""
        key: str | None
        if association_id is not None:
            key = recipient or f"association:{association_id}"
            caller = Caller.officer(association_id)
        else:
            key = recipient or (f"person:{personal_code}" if personal_code else None)
            caller = self.secretariat
        return await self._get_list("notify", "/notifications", {"recipient": key}, caller=caller)

    async def mark_notification_read(self, notification_id: str, *, caller: Caller) -> Json:
        """Record the read receipt of a notification in the caller's inbox."""
        return await self._post("notify", f"/notifications/{notification_id}/read", None, caller)

    async def list_deliveries(self, subject: str) -> list[Json]:
        """Proof of informing for a subject (award id, nomination id, grievance id, …)."""
        return await self._get_list("notify", "/deliveries", {"subject": subject})

    async def register_webhook(
        self, *, url: str, events: Sequence[str] = ("award.*",), secret: str | None = None
    ) -> Json:
        """Register a signed webhook (the answer carries its secret once)."""
        return await self._create(
            "notify", "/webhooks", {"url": url, "events": events, "secret": secret}, None
        )

    async def late_informing(self) -> list[Json]:
        """Decided awards whose awardees were not informed in time."""
        return await self._get_list("notify", "/reports/late-informing")
