"""Fault: a consumer queue deleted under load (an operator's slip) loses no event.

Only this test's own queues are touched, so it runs with the others. While the queue is gone the broker
routes its events to the unrouted queue (the alternate exchange); the consumer declares its queue again when
the broker cancels it; the operator publishes again from the outbox what was published since just before
the deletion (the broker destroys what the queue held, and confirms a publish racing with the deletion) and
replays the unrouted queue; every event is applied exactly once.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import pytest
from aio_pika.abc import AbstractRobustConnection
from aiormq.exceptions import ChannelNotFoundEntity
from thidua import mongo
from thidua.contracts.base import utcnow
from thidua.messaging import amqp, declare, dlq, network, outbox
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.test_outbox_relay import make_relay
from tests.integration.test_topology import remove
from tests.support import ledger

pytestmark = pytest.mark.integration

EVENTS = 150


async def queue_exists(connection: AbstractRobustConnection, name: str) -> bool:
    channel = await connection.channel()
    try:
        await channel.declare_queue(name, passive=True)
        return True
    except ChannelNotFoundEntity:
        return False


async def produce(uows: UnitOfWorkFactory[UnitOfWork], started: asyncio.Event) -> None:
    for n in range(EVENTS):
        await ledger.record(uows, account=f"acc{n % 7}", amount=1, n=n)
        if n == EVENTS // 3:
            started.set()
        await asyncio.sleep(0.02)


async def test_a_consumer_queue_deleted_under_load_loses_no_event(
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    producer_uows: UnitOfWorkFactory[UnitOfWork],
    producer_db: mongo.Database,
    consumer_uows: UnitOfWorkFactory[UnitOfWork],
    consumer_db: mongo.Database,
) -> None:
    roomy = settings.model_copy(update={"consumer_prefetch": 1000})  # nothing waits in the queue itself
    consumer = ledger.ledger_consumer(roomy, consumer_uows)
    topo = network.build(
        exchange=settings.events_exchange,
        retry_delays_s=settings.consumer_retry_delays_s,
        delivery_limit=settings.consumer_delivery_limit,
        subscriptions={"ledger": {consumer.name: [ledger.ENTRY_RECORDED]}},
        names={"ledger": settings.service_name},
        readers=False,
    )
    relay = await make_relay(connection, settings, producer_db)
    stop = asyncio.Event()
    relaying: asyncio.Task[None] | None = None
    try:
        assert (await declare.apply(connection, topo)).missing == []
        await consumer.start(connection)
        relaying = asyncio.create_task(relay.run(stop))
        midway = asyncio.Event()
        producing = asyncio.create_task(produce(producer_uows, midway))
        await midway.wait()
        deleted_at = utcnow()
        channel = await connection.channel()
        await channel.queue_delete(consumer.names.main)  # under load
        await producing

        async def all_published_and_queue_back() -> Any:
            pending = await producer_db[outbox.COLLECTION].count_documents(
                {"status": {"$ne": outbox.PUBLISHED}}
            )
            return (pending == 0 and await queue_exists(connection, consumer.names.main)) or pending

        await ledger.wait_until(all_published_and_queue_back, timeout_s=60)
        # The operator's recovery: what the broker destroyed with the queue (a publish racing with the
        # deletion is confirmed and gone) is published again from the outbox; what fell into the gap
        # before the queue was back waits in the unrouted queue and is replayed. Copies meet the inbox.
        assert await outbox.republish_since(producer_db, since=deleted_at - timedelta(seconds=5)) > 0
        channel = await amqp.open_channel(connection)
        await dlq.replay_unrouted(channel, settings.events_exchange)

        async def every_event_applied() -> Any:
            counts = await ledger.effect_counts(consumer_db)
            return len(counts) == EVENTS or len(counts)

        await ledger.wait_until(every_event_applied, timeout_s=60)
        await asyncio.sleep(0.5)  # a copy applied twice would show now
        counts = await ledger.effect_counts(consumer_db)
        assert len(counts) == EVENTS and set(counts.values()) == {1}
    finally:  # stopped first: a running consumer would declare its queue again behind the clean-up
        stop.set()
        if relaying is not None:
            await relaying
        await consumer.stop()
        await remove(connection, topo)
