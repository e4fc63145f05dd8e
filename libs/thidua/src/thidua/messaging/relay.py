"""Outbox relay: publishes pending outbox entries with batched publisher confirms, in `seq` order.

Several replicas may run; one lease document elects the replica that publishes, so entries are not
published twice in normal operation and the order per subject holds. The others stand by and take over
when the lease runs out. A relay killed between publishing and marking re-publishes on takeover; the
consumers' inbox absorbs that duplicate.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import aio_pika
from aio_pika.abc import AbstractExchange
from aio_pika.exceptions import DeliveryError
from prometheus_client import CollectorRegistry, Counter, Gauge

from thidua import mongo
from thidua.contracts.base import utcnow
from thidua.logging import get_logger
from thidua.messaging import amqp, outbox
from thidua.messaging.amqp import envelope_message

log = get_logger(__name__)
LEASES = "relay_leases"
LEASE_ID = "outbox"


@dataclass(frozen=True)
class RelayConfig:
    """Tuning of one relay (from ServiceSettings)."""

    batch_size: int = 200
    poll_interval_s: float = 0.05
    max_attempts: int = 10
    lease_ttl_s: float = 10.0
    max_backoff_s: float = 10.0


class RelayMetrics:
    """Prometheus metrics of the relay."""

    def __init__(self, registry: CollectorRegistry | None) -> None:
        kw: dict[str, Any] = {"registry": registry} if registry is not None else {"registry": None}
        self.published = Counter("thidua_outbox_published_total", "Outbox entries published", **kw)
        self.failed = Counter("thidua_outbox_failed_total", "Outbox entries marked failed", **kw)
        self.backlog = Gauge("thidua_outbox_backlog", "Pending outbox entries", **kw)
        self.oldest_age = Gauge(
            "thidua_outbox_oldest_pending_age_seconds", "Age of the oldest pending entry", **kw
        )
        self.leader = Gauge("thidua_outbox_relay_leader", "1 while this replica holds the relay lease", **kw)


class Lease:
    """A time-limited claim on the right to publish, renewed while held (plain `_id` guards, no scans)."""

    def __init__(self, collection: mongo.Collection, *, owner: str, ttl_s: float) -> None:
        self._collection = collection
        self.owner = owner
        self._ttl_s = ttl_s
        self._valid_until = 0.0

    def held(self) -> bool:
        """True while the lease is ours with a safety margin of a third of its TTL."""
        return asyncio.get_running_loop().time() < self._valid_until

    async def acquire_or_renew(self) -> bool:
        """Take the lease if free or expired, renew it if ours; True if we hold it afterwards."""
        started = asyncio.get_running_loop().time()
        now = utcnow()
        expires = now + timedelta(seconds=self._ttl_s)
        renewed = await self._collection.update_one(
            {"_id": LEASE_ID, "owner": self.owner}, {"$set": {"expires_at": expires}}
        )
        ok = renewed.matched_count == 1
        if not ok:
            taken = await self._collection.update_one(
                {"_id": LEASE_ID, "expires_at": {"$lt": now}},
                {"$set": {"owner": self.owner, "expires_at": expires}},
            )
            ok = taken.matched_count == 1
        if not ok:
            try:
                await self._collection.insert_one(
                    {"_id": LEASE_ID, "owner": self.owner, "expires_at": expires}
                )
                ok = True
            except mongo.DuplicateKeyError:
                ok = False
        self._valid_until = started + self._ttl_s * 2 / 3 if ok else 0.0
        return ok

    async def release(self) -> None:
        """Give the lease up so a standby takes over at once."""
        self._valid_until = 0.0
        await self._collection.delete_one({"_id": LEASE_ID, "owner": self.owner})


class Relay:
    """Moves outbox entries to the exchange; run one per service worker process."""

    def __init__(
        self,
        *,
        database: mongo.Database,
        exchange: AbstractExchange,
        config: RelayConfig,
        metrics_registry: CollectorRegistry | None = None,
        owner: str | None = None,
        user_id: str | None = None,
    ) -> None:
        self._outbox = database[outbox.COLLECTION]
        self._database = database
        self._exchange = exchange
        self._config = config
        self.owner = owner or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.lease = Lease(database[LEASES], owner=self.owner, ttl_s=config.lease_ttl_s)
        self.metrics = RelayMetrics(metrics_registry)
        self._backoff_s = 0.0
        self._user_id = user_id  # our broker user: the broker verifies it, consumers trust it

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; then release the lease."""
        log.info("relay.started", owner=self.owner)
        gauges = asyncio.create_task(self._update_gauges(stop))
        try:
            while not stop.is_set():
                busy = await self._step()
                if not busy:
                    await _sleep_or_stop(stop, self._backoff_s or self._config.poll_interval_s)
        finally:
            gauges.cancel()
            try:
                await self.lease.release()
            except mongo.PyMongoError:
                pass
            log.info("relay.stopped", owner=self.owner)

    async def _step(self) -> bool:
        """One round; True if a full batch went out (so there may be more right away)."""
        try:
            if not self.lease.held() and not await self.lease.acquire_or_renew():
                self.metrics.leader.set(0)
                await asyncio.sleep(self._config.lease_ttl_s / 3)
                return False
            self.metrics.leader.set(1)
            count = await self.publish_batch()
            self._backoff_s = 0.0
            return count >= self._config.batch_size
        except (TimeoutError, mongo.PyMongoError, aio_pika.exceptions.AMQPError, ConnectionError) as exc:
            self._backoff_s = min(max(self._backoff_s * 2, 0.2), self._config.max_backoff_s)
            log.warning("relay.backoff", error=repr(exc), backoff_s=self._backoff_s)
            return False

    async def publish_batch(self) -> int:
        """Publish up to one batch of pending entries in order; returns how many were taken."""
        entries = (
            await self._outbox.find({"status": outbox.PENDING})
            .sort("seq", 1)
            .limit(self._config.batch_size)
            .to_list(self._config.batch_size)
        )
        if not entries:
            return 0
        if not self.lease.held():
            return 0  # lost the lease while reading: a newer leader owns these entries now
        outcomes = await asyncio.gather(*(self._publish(e) for e in entries), return_exceptions=True)
        await self._record(entries, outcomes)
        return len(entries)

    async def _publish(self, entry: mongo.Document) -> None:
        message = envelope_message(
            body=entry["body"].encode("utf-8"),
            event_id=entry["_id"],
            event_type=entry["type"],
            correlation_id=entry.get("correlation_id"),
            occurred_at=entry.get("created_at"),
            user_id=self._user_id,
        )
        await amqp.publish(self._exchange, message, routing_key=entry["type"], timeout=30)

    async def _record(
        self, entries: list[mongo.Document], outcomes: list[BaseException | Any | None]
    ) -> None:
        now = utcnow()
        published = [
            e["_id"] for e, o in zip(entries, outcomes, strict=True) if not isinstance(o, BaseException)
        ]
        if published:
            await self._outbox.update_many(
                {"_id": {"$in": published}}, {"$set": {"status": outbox.PUBLISHED, "published_at": now}}
            )
            self.metrics.published.inc(len(published))
            log.debug("outbox.published", count=len(published))
        broker_errors = [
            o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DeliveryError)
        ]
        for entry, outcome in zip(entries, outcomes, strict=True):
            if isinstance(outcome, DeliveryError):
                await self._count_attempt(entry, reason=repr(outcome))
        if broker_errors:
            raise ConnectionError(f"{len(broker_errors)} publishes failed: {broker_errors[0]!r}")

    async def _count_attempt(self, entry: mongo.Document, *, reason: str) -> None:
        """The broker refused this entry (nack): count it, and give up after `max_attempts`."""
        attempts = int(entry.get("attempts", 0)) + 1
        failed = attempts >= self._config.max_attempts
        update = {
            "attempts": attempts,
            "last_error": reason,
            "status": outbox.FAILED if failed else outbox.PENDING,
        }
        await self._outbox.update_one({"_id": entry["_id"], "status": outbox.PENDING}, {"$set": update})
        if failed:
            self.metrics.failed.inc()
            log.error("outbox.failed", event_id=entry["_id"], event_type=entry["type"], attempts=attempts)
        else:
            log.warning("outbox.nacked", event_id=entry["_id"], attempts=attempts, reason=reason)

    async def _update_gauges(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                state = await outbox.status(self._database)
                self.metrics.backlog.set(state["pending"])
                self.metrics.oldest_age.set(state["oldest_pending_age_s"])
            except mongo.PyMongoError as exc:
                log.warning("relay.gauges_failed", error=repr(exc))
            await _sleep_or_stop(stop, 5.0)


async def _sleep_or_stop(stop: asyncio.Event, seconds: float) -> None:
    try:
        await asyncio.wait_for(stop.wait(), timeout=seconds)
    except TimeoutError:
        pass
