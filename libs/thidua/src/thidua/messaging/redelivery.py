"""Where a message goes when its handler fails: a delayed retry queue, or the dead-letter queue.

Handler errors count towards the retry budget (`retry_delays_s`), then the message is dead-lettered with
the reason. Transient database errors (write conflicts, a lost connection, a transaction still held by a
killed consumer until the server expires it) do not count: they are retried with the same delays for up to
`transient_limit_s`, because the event itself is fine and will apply once the contention is gone.
Every copy is published with a confirm before the original is acked, so nothing is lost. A copy the
broker refuses or cannot route (its queue is missing) leaves the original unacked: it is returned to its
queue after a pause and comes back, instead of being acked with its copy lost.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractIncomingMessage
from prometheus_client import Counter

from thidua import mongo
from thidua.contracts.base import utcnow
from thidua.logging import get_logger
from thidua.messaging import amqp, publishers
from thidua.messaging.topology import QueueNames

log = get_logger(__name__)

ATTEMPT_HEADER = "x-thidua-attempt"
TRANSIENT_HEADER = "x-thidua-transient-retries"
TRANSIENT_SINCE_HEADER = "x-thidua-transient-since"
REASON_HEADER = "x-thidua-reason"


def header_int(headers: Mapping[str, Any] | None, name: str) -> int:
    """An integer AMQP header, 0 when absent or not a number."""
    value = (headers or {}).get(name)
    return int(value) if isinstance(value, int | float | str) and str(value).lstrip("-").isdigit() else 0


def short(exc: BaseException) -> str:
    """A one-line, bounded description of an error for headers and logs."""
    text = str(exc).replace("\n", " ")
    return f"{type(exc).__name__}: {text[:500]}"


def copy_with_headers(
    message: AbstractIncomingMessage, headers: dict[str, Any], *, keep_user_id: bool = False
) -> aio_pika.Message:
    """A persistent copy of a received message, properties kept, with the given headers.

    The `user_id` goes only with `keep_user_id` (an operator's user tagged `impersonator` republishing
    to the events exchange): the broker refuses a `user_id` other than the publisher's own.
    """
    return aio_pika.Message(
        user_id=message.user_id if keep_user_id else None,
        body=message.body,
        headers=headers,
        content_type=message.content_type,
        content_encoding=message.content_encoding,
        delivery_mode=aio_pika.DeliveryMode.PERSISTENT,
        message_id=message.message_id,
        correlation_id=message.correlation_id,
        type=message.type,
        timestamp=message.timestamp,
        app_id=message.app_id,
    )


def is_transient(exc: BaseException) -> bool:
    """True for database errors that say nothing about the event (retry without counting)."""
    return mongo.is_transient(exc) or isinstance(exc, mongo.ConnectionFailure)


@dataclass
class Redelivery:
    """Retries and dead-letters the messages of one consumer queue."""

    consumer: str
    names: QueueNames
    retry_delays_s: tuple[float, ...]
    transient_limit_s: float
    channel: Callable[[], AbstractChannel]
    counter: Counter
    events_exchange: str = ""
    move_failure_pause_s: float = 1.0

    async def after_failure(self, message: AbstractIncomingMessage, exc: Exception) -> None:
        """Schedule a retry or dead-letter the message, then ack the original."""
        if is_transient(exc) and self._transient_budget_left(message):
            await self._retry_transient(message, exc)
            return
        attempt = header_int(message.headers, ATTEMPT_HEADER) + 1
        if attempt > len(self.retry_delays_s):
            await self.dead_letter(message, reason=f"handler failed: {short(exc)}", attempts=attempt)
            return
        delay = self.retry_delays_s[attempt - 1]
        if await self._move(message, routing_key=self.names.retry(delay), headers={ATTEMPT_HEADER: attempt}):
            self.counter.labels(self.consumer, "retried").inc()
            log.info("consumer.retry_scheduled", consumer=self.consumer, attempt=attempt, delay_s=delay)

    def _transient_budget_left(self, message: AbstractIncomingMessage) -> bool:
        since = header_int(message.headers, TRANSIENT_SINCE_HEADER)
        return since == 0 or time.time() - since < self.transient_limit_s

    async def _retry_transient(self, message: AbstractIncomingMessage, exc: Exception) -> None:
        retries = header_int(message.headers, TRANSIENT_HEADER)
        delay = self.retry_delays_s[min(retries, len(self.retry_delays_s) - 1)]
        headers = {
            TRANSIENT_HEADER: retries + 1,
            TRANSIENT_SINCE_HEADER: header_int(message.headers, TRANSIENT_SINCE_HEADER) or int(time.time()),
        }
        if await self._move(message, routing_key=self.names.retry(delay), headers=headers):
            self.counter.labels(self.consumer, "retried_transient").inc()
            log.info(
                "consumer.transient_retry", consumer=self.consumer, retries=retries + 1, error=short(exc)
            )

    async def dead_letter(self, message: AbstractIncomingMessage, *, reason: str, attempts: int) -> None:
        """Move the message to the dead-letter queue with the reason in its headers."""
        headers = {
            REASON_HEADER: reason[:1000],
            "x-thidua-attempts": attempts,
            "x-thidua-failed-at": utcnow().isoformat(),
            "x-thidua-queue": self.names.main,
            "x-thidua-routing-key": message.routing_key or "",
        }
        if await self._move(message, routing_key=self.names.dlq, headers=headers):
            self.counter.labels(self.consumer, "dead_lettered").inc()
            log.error(
                "consumer.dead_lettered",
                consumer=self.consumer,
                reason=reason,
                message_id=message.message_id,
            )

    async def _move(
        self, message: AbstractIncomingMessage, *, routing_key: str, headers: dict[str, Any]
    ) -> bool:
        """Publish a copy to one of this consumer's queues (through its service's redelivery exchange) and
        ack the original once the broker confirmed the copy.

        A copy that is nacked, returned (no such queue) or not confirmed in time leaves the original
        unacked; after a pause it goes back to its queue (True only when the move happened).
        """
        verified = publishers.verified_user(message, events_exchange=self.events_exchange)
        copy = copy_with_headers(
            message, {**(message.headers or {}), **headers, publishers.USER_HEADER: verified or ""}
        )
        channel = self.channel()
        exchange = (
            await channel.get_exchange(self.names.redelivery, ensure=False)
            if self.names.redelivery
            else channel.default_exchange
        )
        try:
            await amqp.publish(exchange, copy, routing_key=routing_key, timeout=30)
        except (aio_pika.exceptions.AMQPError, TimeoutError, ConnectionError) as exc:
            log.error("consumer.move_failed", consumer=self.consumer, target=routing_key, error=short(exc))
            self.counter.labels(self.consumer, "move_failed").inc()
            await asyncio.sleep(self.move_failure_pause_s)
            await message.nack(requeue=True)
            return False
        await message.ack()
        return True
