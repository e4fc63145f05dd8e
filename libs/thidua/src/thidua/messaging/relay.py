"""Outbox relay: publishes pending outbox entries with batched publisher confirms, in `seq` order per subject.

Several replicas may run; the lease (`thidua.messaging.lease`) elects the one that publishes, and every mark
it makes is fenced by the lease's token. A batch goes out in waves: the first pending entry of every subject,
confirms awaited together, then the second of every subject whose first went out, and so on; a subject whose
entry the broker refused (nack, or returned: no queue) sends nothing more in that batch, and a subject with a
`failed` entry sends nothing at all until an operator redrives it. So one subject's events are never
published out of order, while distinct subjects (a decision's awardees) still go out together.

No publish waits longer than a third of the lease, and a wave starts only with at least that much of the
lease left (renewing it first when needed), so a relay never publishes after its lease could have passed to
a standby. A relay killed between publishing and marking re-publishes on takeover; the inbox absorbs it.
"""

from __future__ import annotations

import asyncio
import socket
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
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
from thidua.messaging.lease import LEASES, Lease, LeaseLost

log = get_logger(__name__)

__all__ = ["LEASES", "Relay", "RelayConfig", "RelayMetrics"]


@dataclass(frozen=True)
class RelayConfig:
    """Tuning of one relay (from ServiceSettings)."""

    batch_size: int = 200
    poll_interval_s: float = 0.05
    max_attempts: int = 10
    lease_ttl_s: float = 10.0
    max_backoff_s: float = 10.0

    @property
    def publish_timeout_s(self) -> float:
        """The longest a wave waits for its confirms: a third of the lease."""
        return self.lease_ttl_s / 3


class RelayMetrics:
    """Prometheus metrics of the relay."""

    def __init__(self, registry: CollectorRegistry | None) -> None:
        kw: dict[str, Any] = {"registry": registry}
        self.published = Counter("thidua_outbox_published_total", "Outbox entries published", **kw)
        self.failed = Counter("thidua_outbox_failed_total", "Outbox entries marked failed", **kw)
        self.backlog = Gauge("thidua_outbox_backlog", "Pending outbox entries", **kw)
        self.oldest_age = Gauge(
            "thidua_outbox_oldest_pending_age_seconds", "Age of the oldest pending entry", **kw
        )
        self.leader = Gauge("thidua_outbox_relay_leader", "1 while this replica holds the relay lease", **kw)
        self.held = Gauge("thidua_outbox_held_subjects", "Subjects held back by a failed entry", **kw)


def waves(entries: Sequence[mongo.Document]) -> list[list[mongo.Document]]:
    """Entries (in `seq` order) grouped so that wave k holds the k-th entry of each subject."""
    out: list[list[mongo.Document]] = []
    seen: dict[str, int] = {}
    for entry in entries:
        k = seen.get(entry["subject"], 0)
        seen[entry["subject"]] = k + 1
        if k == len(out):
            out.append([])
        out[k].append(entry)
    return out


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
        self._held: set[str] = set()
        self._held_token = -1  # the lease token the held subjects were read under

    async def run(self, stop: asyncio.Event) -> None:
        """Publish until `stop` is set; then release the lease.

        Between rounds it waits for a commit in this process (`outbox.COMMITTED`), or the poll interval for
        entries other processes write, or, while the broker or database fails, its backoff.
        """
        log.info("relay.started", owner=self.owner)
        gauges = asyncio.create_task(self._update_gauges(stop))
        wake = outbox.COMMITTED.watch(self._database.name)
        try:
            while not stop.is_set():
                wake.clear()  # a commit from now on wakes the next round
                busy = await self._step()
                if busy:
                    continue
                if self._backoff_s:
                    await _sleep_or_stop(stop, self._backoff_s)
                else:
                    await _first_of(stop, wake, timeout_s=self._config.poll_interval_s)
        finally:
            outbox.COMMITTED.unwatch(self._database.name, wake)
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
        """Publish up to one batch of pending entries, wave by wave; returns how many were taken."""
        await self._refresh_held()
        query: mongo.Document = {"status": outbox.PENDING}
        if self._held:
            query["subject"] = {"$nin": sorted(self._held)}
        size = self._config.batch_size
        entries = await self._outbox.find(query).sort("seq", 1).limit(size).to_list(size)
        stopped: set[str] = set()
        for wave in waves(entries):
            wave = [e for e in wave if e["subject"] not in stopped]
            if not wave:
                continue
            if not await self._lease_for_a_wave():
                break  # a newer leader owns these entries now
            stopped |= await self._publish_wave(wave)
        return len(entries)

    async def _lease_for_a_wave(self) -> bool:
        """True when at least a publish timeout of the lease is left, renewing it first if needed."""
        if self.lease.remaining_s() >= self._config.publish_timeout_s:
            return True
        return (
            await self.lease.acquire_or_renew() and self.lease.remaining_s() >= self._config.publish_timeout_s
        )

    async def _publish_wave(self, wave: list[mongo.Document]) -> set[str]:
        """Publish one wave and record it; returns the subjects that must send nothing more this batch."""
        timeout = self._config.publish_timeout_s
        outcomes = await asyncio.gather(
            *(
                amqp.publish(self._exchange, self._message(e), routing_key=e["type"], timeout=timeout)
                for e in wave
            ),
            return_exceptions=True,
        )
        published = [e for e, o in zip(wave, outcomes, strict=True) if not isinstance(o, BaseException)]
        refused = [(e, o) for e, o in zip(wave, outcomes, strict=True) if isinstance(o, DeliveryError)]
        await self._record(published, refused)
        errors = [o for o in outcomes if isinstance(o, BaseException) and not isinstance(o, DeliveryError)]
        if errors:
            raise ConnectionError(f"{len(errors)} publishes failed: {errors[0]!r}")
        return {e["subject"] for e, _ in refused}

    def _message(self, entry: mongo.Document) -> aio_pika.Message:
        return envelope_message(
            body=entry["body"].encode("utf-8"),
            event_id=entry["_id"],
            event_type=entry["type"],
            correlation_id=entry.get("correlation_id"),
            occurred_at=entry.get("created_at"),
            user_id=self._user_id,
        )

    async def _record(
        self, published: list[mongo.Document], refused: Sequence[tuple[mongo.Document, BaseException]]
    ) -> None:
        """Mark what went out and count what the broker refused, in one transaction fenced by the lease."""
        if not published and not refused:
            return
        now = utcnow()
        failed: list[mongo.Document] = []

        async def marks(session: mongo.Session) -> float:
            started = await self.lease.fence(session)
            failed.clear()
            if published:
                await self._outbox.update_many(
                    {"_id": {"$in": [e["_id"] for e in published]}, "status": outbox.PENDING},
                    {"$set": {"status": outbox.PUBLISHED, "published_at": now}},
                    session=session,
                )
            if refused:
                failed.extend(await self._count_attempts(refused, session=session))
            return started

        try:
            self.lease.renewed(await mongo.in_transaction(self._database.client, marks))
        except LeaseLost as exc:
            log.warning("relay.lease_lost", owner=self.owner, error=str(exc), unmarked=len(published))
            return
        self.metrics.published.inc(len(published))
        if published:
            log.debug("outbox.published", count=len(published))
        self._held |= {e["subject"] for e in failed}
        for entry in failed:
            self.metrics.failed.inc()
            log.error(
                "outbox.failed", event_id=entry["_id"], event_type=entry["type"], subject=entry["subject"]
            )
        for entry, reason in refused:
            if entry not in failed:
                log.warning("outbox.refused", event_id=entry["_id"], reason=repr(reason))

    async def _count_attempts(
        self, refused: Sequence[tuple[mongo.Document, BaseException]], *, session: mongo.Session
    ) -> list[mongo.Document]:
        """The broker refused these entries: count an attempt on each with one bulk write; returns those
        now `failed` (after `max_attempts`)."""
        failed, updates = [], []
        for entry, reason in refused:
            attempts = int(entry.get("attempts", 0)) + 1
            if attempts >= self._config.max_attempts:
                failed.append(entry)
            update = {
                "attempts": attempts,
                "last_error": repr(reason),
                "status": outbox.FAILED if attempts >= self._config.max_attempts else outbox.PENDING,
            }
            updates.append(mongo.UpdateOne({"_id": entry["_id"], "status": outbox.PENDING}, {"$set": update}))
        await self._outbox.bulk_write(updates, ordered=True, session=session)
        return failed

    async def _refresh_held(self) -> None:
        """Read the held subjects on a new lease, and before every batch while some are held (a redrive
        shows at once). Only the lease holder marks entries failed, and it adds them here itself."""
        if self._held_token == self.lease.token and not self._held:
            return
        self._held = await outbox.held_subjects(self._database)
        self._held_token = self.lease.token
        self.metrics.held.set(len(self._held))

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


async def _first_of(*events: asyncio.Event, timeout_s: float) -> None:
    """Wait until one of the events is set, or the timeout passes."""
    waits = [asyncio.create_task(e.wait()) for e in events]
    try:
        await asyncio.wait(waits, timeout=timeout_s, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in waits:
            task.cancel()
