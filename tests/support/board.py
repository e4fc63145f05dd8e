"""The provincial board as a consumer: its own quorum queue bound to `award.#` on a test system's exchange."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractIncomingMessage
from thidua.messaging import topology

from tests.support.broker import amqp_answers
from tests.support.infra import Infra


class Board:
    """The provincial board's queue bound to `award.#`: every award event it receives, by event id."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.malformed = 0

    async def on_message(self, message: AbstractIncomingMessage) -> None:
        async with message.process():
            try:
                self.received.append(json.loads(message.body))
            except ValueError:
                self.malformed += 1

    def events(self, event_type: str) -> dict[str, dict[str, Any]]:
        """Distinct events of a type, by id."""
        return {e["id"]: e for e in self.received if e["type"] == event_type}

    def raw_count(self, event_type: str) -> int:
        """Deliveries of a type, copies included."""
        return sum(1 for e in self.received if e["type"] == event_type)


@pytest.fixture
async def board(infra: Infra, unique: str) -> AsyncIterator[Board]:
    connection = await aio_pika.connect_robust(infra.rabbitmq_url)
    channel = await connection.channel()
    exchange = await topology.declare_exchange(channel, f"thidua.events.s{unique}")
    queue = await channel.declare_queue(f"board{unique}", durable=True, arguments={"x-queue-type": "quorum"})
    await queue.bind(exchange, routing_key="award.#")
    seen = Board()
    await queue.consume(seen.on_message)
    try:
        yield seen
    finally:
        await amqp_answers(infra.rabbitmq_url)
        await queue.delete(if_unused=False, if_empty=False)
        await connection.close()
