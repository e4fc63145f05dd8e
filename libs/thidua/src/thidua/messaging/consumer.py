"""Consumer runner: prefetch, bounded concurrency, delayed retries, dead-lettering, graceful shutdown.

A message is acked only after its handler's transaction committed (or the inbox showed it was already
applied). A failing handler's message is re-published to the next retry queue (its TTL brings it back),
and after the last delay to the dead-letter queue with the reason in headers; a malformed body goes
there at once. Every re-publish is confirmed before the original is acked, so nothing is lost.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from aio_pika.abc import (
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustChannel,
    AbstractRobustConnection,
)
from prometheus_client import CollectorRegistry, Counter, Histogram
from pydantic import ValidationError

from thidua.context import message_scope
from thidua.contracts.base import Envelope, EventData
from thidua.contracts.registry import EVENT_TYPES
from thidua.logging import bound, get_logger
from thidua.messaging import amqp, topology
from thidua.messaging.inbox import AlreadyApplied
from thidua.messaging.publishers import PublisherCheck, verified_user
from thidua.messaging.redelivery import Redelivery, short
from thidua.uow import IdempotentHandler

log = get_logger(__name__)

Handler = Callable[[Envelope, EventData], Awaitable[bool]]
"""Applies one event; returns False when the inbox shows it was already applied."""


@dataclass(frozen=True)
class ConsumerConfig:
    """Tuning of one consumer (from ServiceSettings)."""

    prefetch: int = 64
    concurrency: int = 16
    retry_delays_s: tuple[float, ...] = (1.0, 10.0, 60.0, 600.0)
    delivery_limit: int = 20
    batch_size: int = 4
    transient_limit_s: float = 900.0
    shutdown_grace_s: float = 30.0


@dataclass
class ConsumerMetrics:
    """Prometheus counters of one consumer."""

    registry: CollectorRegistry | None
    handled: Counter = field(init=False)
    batch_size: Histogram = field(init=False)

    def __post_init__(self) -> None:
        self.handled = Counter(
            "thidua_consumer_messages_total",
            "Messages by consumer and outcome",
            ["consumer", "outcome"],
            registry=self.registry,
        )
        self.batch_size = Histogram(
            "thidua_consumer_batch_size",
            "Messages applied per shared transaction",
            ["consumer"],
            buckets=(1, 2, 4, 8, 16, 32, 64),
            registry=self.registry,
        )


@dataclass(frozen=True)
class _Item:
    """A decoded message, ready for its handler."""

    message: AbstractIncomingMessage
    envelope: Envelope
    data: EventData
    handler: Handler


class Consumer:
    """Consumes one queue of one service and dispatches each event type to its handler.

    Worker tasks (`concurrency`) take messages from the prefetched buffer. When several are already
    waiting and their handlers share a unit-of-work factory, up to `batch_size` are applied in one
    transaction (each with its own inbox claim); if that transaction fails for any reason, they are
    applied one by one, so a failing message only affects itself. Nothing waits to fill a batch.
    """

    def __init__(
        self,
        *,
        name: str,
        service: str,
        exchange_name: str,
        handlers: Mapping[str, Handler],
        config: ConsumerConfig,
        metrics: ConsumerMetrics | None = None,
        event_types: Mapping[str, type[EventData]] | None = None,
        publishers: PublisherCheck | None = None,
    ) -> None:
        self.name = name
        self.metrics = metrics or ConsumerMetrics(registry=None)
        self.names = topology.queue_names(service=service, consumer=name, delays_s=config.retry_delays_s)
        self._exchange_name = exchange_name
        self._handlers = dict(handlers)
        self._types = event_types if event_types is not None else EVENT_TYPES
        self._config = config
        self._publishers = publishers or PublisherCheck()
        self._metrics = self.metrics
        self._buffer: asyncio.Queue[AbstractIncomingMessage] = asyncio.Queue()
        self._workers: list[asyncio.Task[None]] = []
        self._channel: AbstractRobustChannel | None = None
        self._queue: AbstractQueue | None = None
        self._tag: str | None = None
        self._stopping = False
        self._redelivery = Redelivery(
            consumer=name,
            names=self.names,
            retry_delays_s=config.retry_delays_s,
            transient_limit_s=config.transient_limit_s,
            channel=self._require_channel,
            counter=self._metrics.handled,
            events_exchange=exchange_name,
        )

    def _require_channel(self) -> AbstractRobustChannel:
        assert self._channel is not None, "the consumer has not started"
        return self._channel

    async def start(self, connection: AbstractRobustConnection) -> None:
        """Declare this consumer's queues and start consuming."""
        await topology.ensure_exchange(connection, self._exchange_name)
        channel = await amqp.open_channel(connection, prefetch=self._config.prefetch)
        exchange = await channel.get_exchange(self._exchange_name, ensure=False)
        self._queue = await topology.declare_consumer_queues(
            channel,
            exchange=exchange,
            names=self.names,
            routing_keys=sorted(self._handlers),
            delivery_limit=self._config.delivery_limit,
        )
        self._channel = channel
        self._workers = [asyncio.create_task(self._work()) for _ in range(self._config.concurrency)]
        self._tag = await self._queue.consume(self._on_message)
        log.info("consumer.started", consumer=self.name, queue=self.names.main, types=sorted(self._handlers))

    async def stop(self) -> None:
        """Stop taking messages, let buffered ones finish (or return to the queue), close the channel."""
        self._stopping = True
        if self._queue is not None and self._tag is not None:
            try:
                await self._queue.cancel(self._tag)
            except Exception as exc:  # the broker may be gone already
                log.warning("consumer.cancel_failed", consumer=self.name, error=repr(exc))
        try:
            await asyncio.wait_for(self._buffer.join(), timeout=self._config.shutdown_grace_s)
        except TimeoutError:
            log.warning("consumer.shutdown_timeout", consumer=self.name)
        for worker in self._workers:
            worker.cancel()  # anything not acked goes back to the queue when the channel closes
        await asyncio.gather(*self._workers, return_exceptions=True)
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        log.info("consumer.stopped", consumer=self.name)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        if self._stopping:
            try:
                await message.nack(requeue=True)
            except Exception as exc:
                log.warning("consumer.settle_failed", consumer=self.name, error=repr(exc))
            return
        self._buffer.put_nowait(message)  # bounded by the prefetch count

    async def _work(self) -> None:
        while True:
            batch = [await self._buffer.get()]
            while len(batch) < self._config.batch_size and not self._buffer.empty():
                batch.append(self._buffer.get_nowait())
            try:
                await self._handle(batch)
            except (
                Exception
            ) as exc:  # ack/nack on a closed channel: the broker redelivers, the inbox absorbs it
                log.warning("consumer.settle_failed", consumer=self.name, error=repr(exc))
            finally:
                for _ in batch:
                    self._buffer.task_done()

    async def _handle(self, batch: list[AbstractIncomingMessage]) -> None:
        items = [item for message in batch if (item := await self._decode(message)) is not None]
        if len(items) > 1 and await self._apply_together(items):
            return
        for item in items:
            await self._apply_one(item)

    async def _decode(self, message: AbstractIncomingMessage) -> _Item | None:
        """The message with its typed data and handler, or None after dead-lettering it."""
        try:
            envelope = Envelope.from_body(message.body)
            data_class = self._types.get(envelope.type)
            handler = self._handlers.get(envelope.type)
            if data_class is None or handler is None:
                reason = f"no contract or handler for {envelope.type}"
                await self._redelivery.dead_letter(message, reason=reason, attempts=0)
                return None
            refused = self._publishers.problem(
                event_type=envelope.type,
                producer=envelope.producer,
                owner=data_class.producer,
                user=verified_user(message, events_exchange=self._exchange_name),
            )
            if refused is not None:
                await self._redelivery.dead_letter(message, reason=refused, attempts=0)
                return None
            return _Item(message, envelope, data_class.model_validate(envelope.data), handler)
        except (ValidationError, ValueError) as exc:
            await self._redelivery.dead_letter(message, reason=f"malformed: {short(exc)}", attempts=0)
            return None

    async def _apply_together(self, items: list[_Item]) -> bool:
        """Apply the items in one transaction; False (nothing written) if they cannot or it failed."""
        handlers = [item.handler for item in items]
        if not all(isinstance(h, IdempotentHandler) for h in handlers):
            return False
        factory = handlers[0].factory  # type: ignore[attr-defined]
        if any(h.factory is not factory for h in handlers):  # type: ignore[attr-defined]
            return False

        claims: dict[str, list[str]] = {}
        for item in items:
            claims.setdefault(item.handler.consumer, []).append(item.envelope.id)  # type: ignore[attr-defined]

        async def work(uow: Any) -> None:
            for consumer, event_ids in claims.items():  # one round trip for the batch's inbox claims
                await uow.inbox.claim_many(event_ids, consumer=consumer)
            for item in items:
                scope = message_scope(
                    correlation_id=item.envelope.correlation_id, causation_id=item.envelope.id
                )
                with scope, bound(event_id=item.envelope.id, event_type=item.envelope.type):
                    await item.handler.apply_claimed(uow, item.envelope, item.data)  # type: ignore[attr-defined]

        try:
            await factory.run(work)
        except Exception as exc:
            log.info("consumer.batch_fallback", consumer=self.name, size=len(items), error=repr(exc))
            return False
        for item in items:
            await item.message.ack()
        self._metrics.handled.labels(self.name, "applied").inc(len(items))
        self._metrics.batch_size.labels(self.name).observe(len(items))
        return True

    async def _apply_one(self, item: _Item) -> None:
        scope = message_scope(correlation_id=item.envelope.correlation_id, causation_id=item.envelope.id)
        with scope, bound(event_id=item.envelope.id, event_type=item.envelope.type):
            try:
                applied = await item.handler(item.envelope, item.data)
            except AlreadyApplied:
                applied = False
            except Exception as exc:
                log.warning("consumer.handler_failed", consumer=self.name, error=repr(exc))
                await self._redelivery.after_failure(item.message, exc)
                return
            await item.message.ack()
            self._metrics.handled.labels(self.name, "applied" if applied else "duplicate").inc()
            if not applied:
                log.info("inbox.duplicate_skipped", consumer=self.name)
