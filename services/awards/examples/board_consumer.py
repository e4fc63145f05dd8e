"""Example consumer for the provincial board: its own durable queue bound to `award.#` on `thidua.events`.

Run: `uv run python services/awards/examples/board_consumer.py` (RABBITMQ_URL defaults to localhost).
It prints every `award.decided`, `award.forwarded` and `award.cancelled` envelope and acks it only after
handling; a real consumer would store the event id first to skip redeliveries (at-least-once delivery).
"""

from __future__ import annotations

import asyncio
import json
import os

import aio_pika
from aio_pika.abc import AbstractIncomingMessage

EXCHANGE = os.environ.get("THIDUA_EVENTS_EXCHANGE", "thidua.events")
QUEUE = os.environ.get("BOARD_QUEUE", "province-board.awards")


async def handle(message: AbstractIncomingMessage) -> None:
    """Print the envelope's type, subject and the awardee or nomination it is about."""
    async with message.process(requeue=True):
        envelope = json.loads(message.body)
        data = envelope["data"]
        who = (data.get("awardee") or data.get("nominee") or {}).get("name")
        print(f"{envelope['type']} {envelope['id']} subject={envelope['subject']} who={who}")


async def main() -> None:
    """Bind the board's queue and consume until interrupted."""
    connection = await aio_pika.connect_robust(
        os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=32)
        exchange = await channel.declare_exchange(EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        queue = await channel.declare_queue(QUEUE, durable=True)
        await queue.bind(exchange, routing_key="award.#")
        await queue.consume(handle)
        await asyncio.Future()


if __name__ == "__main__":
    asyncio.run(main())
