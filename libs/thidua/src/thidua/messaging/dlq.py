"""Operator commands on a consumer's dead-letter queue: list, peek, replay, purge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractExchange, AbstractIncomingMessage

from thidua.messaging import amqp, topology
from thidua.messaging.redelivery import ATTEMPT_HEADER, copy_with_headers, header_int


class ReplayFailed(RuntimeError):
    """A replayed copy was refused or could not be routed; the message stays in its dead-letter queue."""


@dataclass(frozen=True)
class DeadLetter:
    """What an operator sees of a dead-lettered message."""

    message_id: str | None
    type: str | None
    reason: str
    attempts: int
    failed_at: str
    queue: str
    body: str


async def depth(channel: AbstractChannel, queue: str) -> int:
    """How many messages wait in a queue (passive declare: never creates it)."""
    declared = await channel.declare_queue(queue, passive=True)
    return int(declared.declaration_result.message_count or 0)


async def peek(channel: AbstractChannel, dlq: str, *, limit: int = 20) -> list[DeadLetter]:
    """Read up to `limit` messages and leave them in the queue (order may rotate)."""
    queue = await channel.declare_queue(dlq, passive=True)
    seen: list[aio_pika.abc.AbstractIncomingMessage] = []
    try:
        for _ in range(limit):
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                break
            seen.append(message)
        return [_describe(m, dlq) for m in seen]
    finally:
        for message in seen:
            await message.nack(requeue=True)


async def replay(channel: AbstractChannel, dlq: str, *, limit: int | None = None) -> int:
    """Move messages back to the consumer queue they failed in (retry count reset); returns how many."""
    queue = await channel.declare_queue(dlq, passive=True)
    moved = 0
    while limit is None or moved < limit:
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        headers = dict(message.headers or {})
        target = str(headers.get("x-thidua-queue") or dlq.removesuffix(".dlq"))
        copy = copy_with_headers(message, headers | {ATTEMPT_HEADER: 0, "x-thidua-replayed": True})
        await _move(message, copy, channel.default_exchange, routing_key=target, moved=moved)
        moved += 1
    return moved


async def replay_unrouted(channel: AbstractChannel, exchange: str, *, limit: int | None = None) -> int:
    """Publish what the unrouted queue of `exchange` holds to `exchange` again, with each message's own
    routing key, once the consumer it was meant for is bound; returns how many.

    A message still without a queue goes back to the unrouted queue (through the alternate exchange), so
    at most the messages present at the start are taken.
    """
    queue = await channel.declare_queue(topology.unrouted_name(exchange), passive=True)
    present = int(queue.declaration_result.message_count or 0)
    target = await channel.get_exchange(exchange, ensure=False)
    moved = 0
    while moved < min(present, limit if limit is not None else present):
        message = await queue.get(no_ack=False, fail=False)
        if message is None:
            break
        headers = {**(message.headers or {}), "x-thidua-replayed": True}
        copy = copy_with_headers(message, headers, keep_user_id=True)  # the original publisher's
        await _move(message, copy, target, routing_key=message.routing_key or "", moved=moved)
        moved += 1
    return moved


async def _move(
    message: AbstractIncomingMessage,
    copy: aio_pika.Message,
    exchange: AbstractExchange,
    *,
    routing_key: str,
    moved: int,
) -> None:
    """Publish the copy (confirmed; an unroutable one fails) and ack the original, or keep it and stop."""
    try:
        await amqp.publish(exchange, copy, routing_key=routing_key, timeout=30)
    except (aio_pika.exceptions.AMQPError, TimeoutError) as exc:
        await message.nack(requeue=True)
        target = exchange.name or routing_key
        raise ReplayFailed(f"{target}: {exc!r}; {moved} message(s) replayed before this one") from exc
    await message.ack()


async def purge(channel: AbstractChannel, dlq: str) -> int:
    """Delete every message of a dead-letter queue; returns how many."""
    queue = await channel.declare_queue(dlq, passive=True)
    result: Any = await queue.purge()
    return int(getattr(result, "message_count", 0) or 0)


def _describe(message: aio_pika.abc.AbstractIncomingMessage, dlq: str) -> DeadLetter:
    headers = message.headers or {}
    return DeadLetter(
        message_id=message.message_id,
        type=message.type,
        reason=str(headers.get("x-thidua-reason", "")),
        attempts=header_int(headers, "x-thidua-attempts"),
        failed_at=str(headers.get("x-thidua-failed-at", "")),
        queue=str(headers.get("x-thidua-queue", dlq.removesuffix(".dlq"))),
        body=message.body.decode("utf-8", errors="replace")[:2000],
    )
