"""The one module that opens RabbitMQ connections and builds AMQP messages (aio-pika)."""

from __future__ import annotations

import asyncio
import time
from datetime import datetime
from typing import Any

import aio_pika
import structlog
from aio_pika.abc import AbstractRobustChannel, AbstractRobustConnection
from aiormq.exceptions import AMQPConnectionError

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
    """A channel with publisher confirms on."""
    channel = await connection.channel(publisher_confirms=True)
    if prefetch is not None:
        await channel.set_qos(prefetch_count=prefetch)
    return channel


def envelope_message(
    *,
    body: bytes,
    event_id: str,
    event_type: str,
    correlation_id: str | None,
    occurred_at: datetime | None = None,
    producer: str | None = None,
    headers: dict[str, Any] | None = None,
) -> aio_pika.Message:
    """An AMQP message for an event: message_id = id, type = event type, persistent, JSON."""
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
    )


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
