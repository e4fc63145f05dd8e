"""The delivery loop: claims due e-mail and webhook deliveries, sends them, records attempts and retries."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from thidua.contracts.notify import NotificationFailed
from thidua.contracts.notify import Recipient as RecipientRef
from thidua.logging import get_logger
from thidua.mongo import Database, Document
from thidua.party_mail import AddressOpener
from thidua.uow import UnitOfWorkFactory
from thidua.worker import BackgroundTask

from notify.channels import Channel, DeliveryError, PermanentDeliveryError
from notify.domain import RetryPolicy
from notify.email_channel import EmailChannel
from notify.handlers import emit_delivered
from notify.repository import DELIVERED, DELIVERIES, FAILED, PENDING, SENDING, WEBHOOKS
from notify.settings import NotifySettings
from notify.signals import deliveries_created
from notify.uow import NotifyUnitOfWork
from notify.webhook_channel import WebhookChannel

log = get_logger(__name__)


class Deliverer:
    """Sends due deliveries on their channels; safe to run in several replicas at once."""

    def __init__(
        self,
        *,
        uows: UnitOfWorkFactory[NotifyUnitOfWork],
        channels: Mapping[str, Channel],
        settings: NotifySettings,
    ) -> None:
        self.uows, self.channels, self.settings = uows, dict(channels), settings
        self._overall = asyncio.Semaphore(settings.delivery_concurrency)
        self._per_host: dict[str, asyncio.Semaphore] = {}
        self.policy = RetryPolicy(
            base_s=settings.delivery_backoff_base_s,
            cap_s=settings.delivery_backoff_cap_s,
            max_attempts=settings.delivery_max_attempts,
        )

    @property
    def _db(self) -> Database:
        return self.uows.database

    async def due(self, *, now: datetime) -> list[Document]:
        """Pending deliveries whose time has come, and sending ones whose lease ran out (crashed sender)."""
        limit = self.settings.delivery_batch_size
        by_due = self._db[DELIVERIES].find({"status": PENDING}).sort("next_attempt_at", 1).limit(limit)
        pending = [d async for d in by_due]
        stale = [d async for d in self._db[DELIVERIES].find({"status": SENDING}).limit(limit)]
        ready = [d for d in pending if d["channel"] in self.channels and d["next_attempt_at"] <= now]
        return ready + [d for d in stale if d.get("lease_until") and d["lease_until"] <= now]

    async def claim(self, *, doc: Document, now: datetime) -> Document | None:
        """Take a delivery for one attempt; None when another replica took it first."""
        attempt = int(doc["attempt"]) + 1
        lease = now + timedelta(seconds=self.settings.delivery_lease_s)
        result = await self._db[DELIVERIES].update_one(
            {"_id": doc["_id"], "status": doc["status"], "attempt": doc["attempt"]},
            {"$set": {"status": SENDING, "attempt": attempt, "lease_until": lease}},
        )
        return doc | {"status": SENDING, "attempt": attempt} if result.modified_count == 1 else None

    async def run_once(self) -> int:
        """One pass over due deliveries, sent concurrently (a few at a time per host); how many were tried."""
        claimed = []
        for doc in await self.due(now=datetime.now(UTC)):
            taken = await self.claim(doc=doc, now=datetime.now(UTC))
            if taken is not None:
                claimed.append(taken)
        outcomes = await asyncio.gather(*(self.attempt(d) for d in claimed), return_exceptions=True)
        for delivery, outcome in zip(claimed, outcomes, strict=True):
            if isinstance(outcome, BaseException):  # its lease runs out and a later pass retries it
                log.warning("delivery.record_failed", delivery_id=delivery["_id"], error=repr(outcome))
        return len(claimed)

    async def attempt(self, delivery: Document) -> None:
        """Send one claimed delivery and record the outcome (and its events) in one transaction."""
        target = None
        if delivery["channel"] == "webhook":
            target = await self._db[WEBHOOKS].find_one({"_id": delivery["webhook_id"]})
        channel = self.channels[delivery["channel"]]
        host = channel.host_of(delivery=delivery, target=target)
        error: str | None = None
        permanent = False
        async with (
            self._overall,
            self._per_host.setdefault(host, asyncio.Semaphore(self.settings.delivery_per_host)),
        ):
            try:
                await channel.send(delivery=delivery, target=target)
            except DeliveryError as exc:
                error, permanent = str(exc), isinstance(exc, PermanentDeliveryError)
        log.info(
            "delivery.attempted",
            delivery_id=delivery["_id"],
            attempt=delivery["attempt"],
            error=error,
            permanent=permanent,
        )
        await self.uows.run(lambda uow: self._record(uow, delivery, error, permanent=permanent))

    def _host_slot(self, host: str) -> asyncio.Semaphore:
        """The semaphore that keeps deliveries to one host a few at a time."""
        slot = self._per_host.get(host)
        if slot is None:
            slot = self._per_host[host] = asyncio.Semaphore(self.settings.delivery_per_host)
        return slot

    async def _record(
        self, uow: NotifyUnitOfWork, delivery: Document, error: str | None, *, permanent: bool = False
    ) -> None:
        now, attempt = datetime.now(UTC), int(delivery["attempt"])
        if error is None:
            if await uow.repo.mark_delivered(delivery_id=delivery["_id"], attempt=attempt, at=now):
                await emit_delivered(delivery | {"delivered_at": now}, uow)
            return
        give_up = permanent or self.policy.gives_up_after(attempt)
        retry_at = None if give_up else now + timedelta(seconds=self.policy.delay_after(attempt))
        moved = await uow.repo.mark_failed_attempt(
            delivery_id=delivery["_id"], attempt=attempt, at=now, error=error, retry_at=retry_at
        )
        if moved and give_up:
            await self._gave_up(uow, delivery, error=error, now=now)

    async def _gave_up(self, uow: NotifyUnitOfWork, delivery: Document, *, error: str, now: datetime) -> None:
        if delivery["channel"] == "webhook":
            await uow.repo.count_webhook_failure(
                webhook_id=delivery["webhook_id"], disable_after=self.settings.webhook_disable_after_failures
            )
        if not delivery["statutory"]:
            return
        siblings = await uow.repo.deliveries_of(notification_id=delivery["notification_id"])
        if any(d["status"] != FAILED for d in siblings if d["_id"] != delivery["_id"]):
            return  # delivered elsewhere, or another channel still trying
        await uow.emit(
            _failed_event(delivery, siblings, error=error, now=now), subject=delivery["notification_id"]
        )


def _failed_event(
    delivery: Document, siblings: list[Document], *, error: str, now: datetime
) -> NotificationFailed:
    return NotificationFailed(
        notification_id=delivery["notification_id"],
        source_event_id=delivery["event_id"],
        source_event_type=delivery["event_type"],
        subject=delivery["subject"],
        subject_kind=delivery["subject_kind"],
        recipient=RecipientRef(**delivery["recipient"]),
        statutory=True,
        channels_tried=sorted({d["channel"] for d in siblings}),
        attempts=max(1, sum(int(d["attempt"]) for d in siblings)),
        failed_at=now,
        last_error=error,
    )


def default_channels(settings: NotifySettings) -> dict[str, Channel]:
    """E-mail and webhook channels from settings (the inbox is written inside the consumer's transaction)."""
    keys = {kid: key.get_secret_value() for kid, key in settings.party_mail_private_keys.items()}
    email = EmailChannel(
        host=settings.smtp_host,
        port=settings.smtp_port,
        sender=settings.smtp_from,
        timeout_s=settings.smtp_timeout_s,
        opener=AddressOpener(keys) if keys else None,
        username=settings.smtp_username,
        password=settings.smtp_password,
        starttls={"auto": None, "required": True, "off": False}[settings.smtp_starttls],
        implicit_tls=settings.smtp_implicit_tls,
        ca_file=settings.smtp_ca_file,
    )
    webhook = WebhookChannel(
        timeout_s=settings.webhook_timeout_s,
        require_https=(
            settings.webhook_require_https
            if settings.webhook_require_https is not None
            else settings.env != "dev"
        ),
        allow_private_targets=settings.webhook_allow_private_targets,
    )
    return {"email": email, "webhook": webhook}


def delivery_task(uows: UnitOfWorkFactory[Any], settings: NotifySettings) -> BackgroundTask:
    """The background loop the worker runs beside its consumers."""
    deliverer = Deliverer(uows=uows, channels=default_channels(settings), settings=settings)

    async def loop(stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                busy = await deliverer.run_once()
            except Exception as exc:  # a database or broker hiccup: log it and try again next pass
                log.warning("delivery.pass_failed", error=repr(exc))
                busy = 0
            if not busy and not stop.is_set():
                # woken at once by a commit that created deliveries; the poll catches other replicas' work
                await deliveries_created.wait(settings.delivery_poll_interval_s, stop=stop)

    return loop


__all__ = ["DELIVERED", "Deliverer", "delivery_task"]
