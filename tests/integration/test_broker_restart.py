"""RabbitMQ stopped and restarted (`rabbitmqctl stop_app` / `start_app`) during a stream of 1,000 events.

The relay and the consumer run in this process on one robust connection and must recover by themselves:
every event has exactly one effect, nothing is left in the outbox. Disruptive: it stops the shared
broker, so it runs alone, after the parallel suite.
"""

from __future__ import annotations

import asyncio
from contextlib import suppress

import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.messaging import dlq, outbox
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import all_queues
from tests.integration.test_outbox_relay import make_relay
from tests.support import ledger
from tests.support.broker import Broker, amqp_answers

pytestmark = [pytest.mark.integration, pytest.mark.disruptive]

EVENTS = 1000
RESTART_AFTER = 300
ACCOUNTS = 4
OUTAGE_S = 2.0


def account(n: int) -> str:
    return f"acc{n % ACCOUNTS}"


def amount(n: int) -> int:
    return n % 9 + 1


async def test_a_broker_restart_during_a_stream_of_events_loses_and_doubles_nothing(
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    producer_uows: UnitOfWorkFactory[UnitOfWork],
    producer_db: mongo.Database,
    consumer_uows: UnitOfWorkFactory[UnitOfWork],
    consumer_db: mongo.Database,
    broker_cleanup: list[str],
) -> None:
    await amqp_answers(settings.rabbitmq_url, timeout_s=30)  # a previous run may have left it starting
    consumer = ledger.ledger_consumer(settings, consumer_uows)
    broker_cleanup.extend(all_queues(consumer.names))
    await consumer.start(connection)
    relay = await make_relay(connection, settings, producer_db)
    stop = asyncio.Event()
    relay_task = asyncio.create_task(relay.run(stop))
    broker = Broker(settings.rabbitmq_url)
    backlog_when_back: list[int] = []

    async def outage() -> None:
        await broker.stop()
        await asyncio.sleep(OUTAGE_S)
        await broker.start()
        backlog_when_back.append((await outbox.status(producer_db))["pending"])

    restart: asyncio.Task[None] | None = None
    try:
        sent = []
        for n in range(EVENTS):
            if n == RESTART_AFTER:
                restart = asyncio.create_task(outage())
            sent.append(await ledger.record(producer_uows, account=account(n), amount=amount(n), n=n))
        assert restart is not None
        await asyncio.wait_for(restart, timeout=180)
        assert backlog_when_back[0] > 0, "no event was written while the broker was away"

        async def all_applied_and_published() -> bool | str:
            if relay_task.done():
                raise AssertionError(f"the relay stopped by itself: {relay_task.exception()!r}")
            count = len(await ledger.effect_counts(consumer_db))
            state = await outbox.status(producer_db)
            if count == EVENTS and state["pending"] == 0:
                return True
            await asyncio.wait_for(connection.ready(), timeout=30)  # it may still be reconnecting
            channel = await connection.channel()
            try:
                letters = await dlq.peek(channel, consumer.names.dlq, limit=1)
            finally:
                await channel.close()
            if letters:  # terminal: these events will not be applied without an operator
                raise AssertionError(
                    f"{count} effects, and events dead-lettered instead of applied, e.g. "
                    f"{letters[0].message_id}: {letters[0].reason[:300]}"
                )
            return f"{count} of {EVENTS} applied, outbox {state}"

        await ledger.wait_until(all_applied_and_published, timeout_s=180, interval_s=0.25)
        await asyncio.sleep(1.0)  # a doubled effect would land now
    finally:
        if restart is not None and not restart.done():
            with suppress(Exception):
                await asyncio.wait_for(restart, timeout=180)
        if broker.stopped:
            await broker.start()
        with suppress(Exception):
            await asyncio.wait_for(connection.ready(), timeout=30)
        stop.set()
        await asyncio.wait_for(relay_task, timeout=60)
        await consumer.stop()

    counts = await ledger.effect_counts(consumer_db)
    assert set(counts) == {e.id for e in sent}
    doubled = {event_id: n for event_id, n in counts.items() if n != 1}
    assert doubled == {}, f"events applied more than once: {doubled}"
    state = await outbox.status(producer_db)
    assert (state["pending"], state["failed"]) == (0, 0)
    assert await producer_db["entries"].count_documents({}) == EVENTS
    balances = {doc["_id"]: doc async for doc in consumer_db["balances"].find({})}
    expected = {
        name: (
            sum(1 for n in range(EVENTS) if account(n) == name),
            sum(amount(n) for n in range(EVENTS) if account(n) == name),
        )
        for name in {account(n) for n in range(EVENTS)}
    }
    assert {name: (doc["count"], doc["total"]) for name, doc in balances.items()} == expected
    assert sum(doc["total"] for doc in balances.values()) == sum(amount(n) for n in range(EVENTS))
