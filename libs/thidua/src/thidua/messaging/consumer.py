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

import aio_pika
from aio_pika.abc import (
    AbstractIncomingMessage,
    AbstractQueue,
    AbstractRobustChannel,
    AbstractRobustConnection,
)
from prometheus_client import CollectorRegistry, Counter
from pydantic import ValidationError

from thidua.context import message_scope
from thidua.contracts.base import Envelope, EventData, utcnow
from thidua.contracts.registry import EVENT_TYPES
from thidua.logging import bound, get_logger
from thidua.messaging import topology
from thidua.messaging.inbox import AlreadyApplied

log = get_logger(__name__)

ATTEMPT_HEADER = "x-thidua-attempt"
REASON_HEADER = "x-thidua-reason"
Handler = Callable[[Envelope, EventData], Awaitable[bool]]
"""Applies one event; returns False when the inbox shows it was already applied."""


@dataclass(frozen=True)
class ConsumerConfig:
    """Tuning of one consumer (from ServiceSettings)."""

    prefetch: int = 64
    concurrency: int = 16
    retry_delays_s: tuple[float, ...] = (1.0, 10.0, 60.0, 600.0)
    delivery_limit: int = 20
    shutdown_grace_s: float = 30.0


@dataclass
class ConsumerMetrics:
    """Prometheus counters of one consumer."""

    registry: CollectorRegistry | None
    handled: Counter = field(init=False)

    def __post_init__(self) -> None:
        self.handled = Counter(
            "thidua_consumer_messages_total",
            "Messages by consumer and outcome",
            ["consumer", "outcome"],
            registry=self.registry,
        )


class Consumer:
    """Consumes one queue of one service and dispatches each event type to its handler."""

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
    ) -> None:
        self.name = name
        self.names = topology.queue_names(service=service, consumer=name, delays_s=config.retry_delays_s)
        self._exchange_name = exchange_name
        self._handlers = dict(handlers)
        self._types = event_types if event_types is not None else EVENT_TYPES
        self._config = config
        self._metrics = metrics or ConsumerMetrics(registry=None)
        self._semaphore = asyncio.Semaphore(config.concurrency)
        self._in_flight: set[asyncio.Task[None]] = set()
        self._channel: AbstractRobustChannel | None = None
        self._queue: AbstractQueue | None = None
        self._tag: str | None = None
        self._stopping = False

    async def start(self, connection: AbstractRobustConnection) -> None:
        """Declare this consumer's queues and start consuming."""
        channel: AbstractRobustChannel = await connection.channel(publisher_confirms=True)
        await channel.set_qos(prefetch_count=self._config.prefetch)
        exchange = await topology.declare_exchange(channel, self._exchange_name)
        self._queue = await topology.declare_consumer_queues(
            channel,
            exchange=exchange,
            names=self.names,
            routing_keys=sorted(self._handlers),
            delivery_limit=self._config.delivery_limit,
        )
        self._channel = channel
        self._tag = await self._queue.consume(self._on_message)
        log.info("consumer.started", consumer=self.name, queue=self.names.main, types=sorted(self._handlers))

    async def stop(self) -> None:
        """Stop taking messages, let in-flight ones finish (or return to the queue), close the channel."""
        self._stopping = True
        if self._queue is not None and self._tag is not None:
            try:
                await self._queue.cancel(self._tag)
            except Exception as exc:  # the broker may be gone already
                log.warning("consumer.cancel_failed", consumer=self.name, error=repr(exc))
        if self._in_flight:
            _, pending = await asyncio.wait(set(self._in_flight), timeout=self._config.shutdown_grace_s)
            for task in pending:
                task.cancel()  # not acked: the broker hands the message to another consumer
        if self._channel is not None and not self._channel.is_closed:
            await self._channel.close()
        log.info("consumer.stopped", consumer=self.name)

    async def _on_message(self, message: AbstractIncomingMessage) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._in_flight.add(task)
        try:
            if self._stopping:
                await message.nack(requeue=True)
                return
            async with self._semaphore:
                await self._process(message)
        except Exception as exc:  # ack/nack on a closed channel: the broker redelivers, the inbox absorbs it
            log.warning("consumer.settle_failed", consumer=self.name, error=repr(exc))
        finally:
            if task is not None:
                self._in_flight.discard(task)

    async def _process(self, message: AbstractIncomingMessage) -> None:
        try:
            envelope = Envelope.from_body(message.body)
            data_class = self._types.get(envelope.type)
            handler = self._handlers.get(envelope.type)
            if data_class is None or handler is None:
                await self._dead_letter(
                    message, reason=f"no contract or handler for {envelope.type}", attempts=0
                )
                return
            data = data_class.model_validate(envelope.data)
        except (ValidationError, ValueError) as exc:
            await self._dead_letter(message, reason=f"malformed: {_short(exc)}", attempts=0)
            return
        scope = message_scope(correlation_id=envelope.correlation_id, causation_id=envelope.id)
        with scope, bound(event_id=envelope.id, event_type=envelope.type):
            try:
                applied = await handler(envelope, data)
            except AlreadyApplied:
                applied = False
            except Exception as exc:
                log.warning("consumer.handler_failed", consumer=self.name, error=repr(exc))
                await self._retry_or_dead_letter(message, exc)
                return
            await message.ack()
            outcome = "applied" if applied else "duplicate"
            self._metrics.handled.labels(self.name, outcome).inc()
            if not applied:
                log.info("inbox.duplicate_skipped", consumer=self.name)

    async def _retry_or_dead_letter(self, message: AbstractIncomingMessage, exc: Exception) -> None:
        attempt = header_int(message.headers, ATTEMPT_HEADER) + 1
        delays = self._config.retry_delays_s
        if attempt > len(delays):
            await self._dead_letter(message, reason=f"handler failed: {_short(exc)}", attempts=attempt)
            return
        retry_queue = self.names.retry(delays[attempt - 1])
        await self._republish(message, routing_key=retry_queue, headers={ATTEMPT_HEADER: attempt})
        await message.ack()
        self._metrics.handled.labels(self.name, "retried").inc()
        log.info("consumer.retry_scheduled", consumer=self.name, attempt=attempt, delay_s=delays[attempt - 1])

    async def _dead_letter(self, message: AbstractIncomingMessage, *, reason: str, attempts: int) -> None:
        headers = {
            REASON_HEADER: reason[:1000],
            "x-thidua-attempts": attempts,
            "x-thidua-failed-at": utcnow().isoformat(),
            "x-thidua-queue": self.names.main,
            "x-thidua-routing-key": message.routing_key or "",
        }
        await self._republish(message, routing_key=self.names.dlq, headers=headers)
        await message.ack()
        self._metrics.handled.labels(self.name, "dead_lettered").inc()
        log.error("consumer.dead_lettered", consumer=self.name, reason=reason, message_id=message.message_id)

    async def _republish(
        self, message: AbstractIncomingMessage, *, routing_key: str, headers: dict[str, Any]
    ) -> None:
        """Publish a copy through the default exchange straight to a queue, and wait for the confirm."""
        assert self._channel is not None
        copy = aio_pika.Message(
            body=message.body,
            headers={**(message.headers or {}), **headers},
            content_type=message.content_type,
            content_encoding=message.content_encoding,
            delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
            message_id=message.message_id,
            correlation_id=message.correlation_id,
            type=message.type,
            timestamp=message.timestamp,
            app_id=message.app_id,
        )
        await self._channel.default_exchange.publish(copy, routing_key=routing_key, timeout=30)


def header_int(headers: Mapping[str, Any] | None, name: str) -> int:
    """An integer AMQP header, 0 when absent or not a number."""
    value = (headers or {}).get(name)
    return int(value) if isinstance(value, int | float | str) and str(value).lstrip("-").isdigit() else 0


def _short(exc: BaseException) -> str:
    text = str(exc).replace("\n", " ")
    return f"{type(exc).__name__}: {text[:500]}"
