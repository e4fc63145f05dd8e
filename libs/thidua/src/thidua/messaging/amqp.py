"""The one module that opens RabbitMQ connections and builds AMQP messages (aio-pika)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any
from urllib.parse import unquote, urlsplit

import aio_pika
import aiormq
import structlog
from aio_pika.abc import AbstractExchange, AbstractMessage, AbstractRobustChannel, AbstractRobustConnection
from aiormq.exceptions import AMQPConnectionError, DeliveryError

from thidua.contracts.base import Envelope

log = structlog.get_logger(__name__)

PERSISTENT = aio_pika.DeliveryMode.PERSISTENT


async def connect(
    url: str, *, name: str, reconnect_interval_s: float = 1.0, startup_timeout_s: float = 0.0
) -> AbstractRobustConnection:
    """A connection that reconnects by itself and restores channels, queues and consumers.

    A broker that is down when a process starts (a restart, a rolling upgrade) is waited for up to
    `startup_timeout_s`, retrying with backoff, instead of failing the process at once.
    """
    deadline, delay = time.monotonic() + startup_timeout_s, 0.5
    while True:
        try:
            return await aio_pika.connect_robust(
                url, client_properties={"connection_name": name}, reconnect_interval=reconnect_interval_s
            )
        except (AMQPConnectionError, OSError) as exc:
            if time.monotonic() + delay > deadline:
                raise
            log.warning("amqp.waiting_for_broker", connection=name, error=repr(exc), retry_in_s=delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)


async def open_channel(
    connection: AbstractRobustConnection, *, prefetch: int | None = None
) -> AbstractRobustChannel:
    """A channel with publisher confirms on, on which an unroutable publish fails.

    Every publish is mandatory (aio-pika's default): a message the broker cannot route to any queue is
    returned, and `on_return_raises` turns that return into `PublishError` (a `DeliveryError`) instead of
    a success, so no caller can record a message nobody received as delivered.
    """
    channel = await connection.channel(publisher_confirms=True, on_return_raises=True)
    if prefetch is not None:
        await channel.set_qos(prefetch_count=prefetch)
    return channel


class Unroutable(DeliveryError):
    """The broker returned a message: no queue (and no alternate exchange) took it."""

    def __init__(self, routing_key: str) -> None:
        super().__init__(None, None)  # type: ignore[arg-type]
        self.routing_key = routing_key

    def __str__(self) -> str:
        return f"NO_ROUTE: nothing bound for routing key {self.routing_key!r}"

    __repr__ = __str__


async def publish(
    exchange: AbstractExchange,
    message: AbstractMessage,
    *,
    routing_key: str,
    timeout: float,  # noqa: ASYNC109 - passed to aio-pika
) -> None:
    """Publish (mandatory) and wait for the broker's confirm.

    Raises `DeliveryError` when the broker refuses the message (nack) or returns it unroutable, whether or
    not the channel raises on returns itself, and `TimeoutError` when no confirm comes within `timeout`.
    """
    result = await exchange.publish(message, routing_key=routing_key, timeout=timeout)
    if not isinstance(result, aiormq.spec.Basic.Ack):  # a returned message, or a channel without confirms
        raise Unroutable(routing_key)


def envelope_message(
    *,
    body: bytes,
    event_id: str,
    event_type: str,
    correlation_id: str | None,
    occurred_at: datetime | None = None,
    producer: str | None = None,
    headers: dict[str, Any] | None = None,
    user_id: str | None = None,
) -> aio_pika.Message:
    """An AMQP message for an event: message_id = id, type = event type, persistent, JSON; `user_id` is the
    publisher's broker user, which the broker verifies."""
    all_headers: dict[str, Any] = {"correlation_id": correlation_id or ""}
    if headers:
        all_headers.update(headers)
    return aio_pika.Message(
        body=body,
        message_id=event_id,
        type=event_type,
        content_type="application/json",
        content_encoding="utf-8",
        delivery_mode=PERSISTENT,
        correlation_id=correlation_id,
        timestamp=occurred_at,
        app_id=producer,
        headers=all_headers,
        user_id=user_id,
    )


def user_of(url: str) -> str | None:
    """The broker user an AMQP URL logs in as (what the broker accepts as `user_id`)."""
    username = urlsplit(url).username
    return unquote(username) if username else None


def message_for(envelope: Envelope) -> aio_pika.Message:
    """The AMQP message for an envelope."""
    return envelope_message(
        body=envelope.to_body(),
        event_id=envelope.id,
        event_type=envelope.type,
        correlation_id=envelope.correlation_id,
        occurred_at=envelope.occurred_at,
        producer=envelope.producer,
    )
