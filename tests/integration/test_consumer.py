"""Consumer runner: inbox idempotency, retries with delay, dead-lettering, replay."""

from __future__ import annotations

import asyncio
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.messaging import amqp, dlq, outbox, topology
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import all_queues
from tests.integration.test_outbox_relay import make_relay
from tests.support import ledger
from tests.support.infra import Infra

pytestmark = pytest.mark.integration


async def publish(
    connection: AbstractRobustConnection, settings: ServiceSettings, envelope: Envelope
) -> None:
    channel = await amqp.open_channel(connection)
    exchange = await topology.declare_exchange(channel, settings.events_exchange)
    await exchange.publish(amqp.message_for(envelope), routing_key=envelope.type)
    await channel.close()


async def publish_raw(
    connection: AbstractRobustConnection, settings: ServiceSettings, body: bytes, key: str
) -> None:
    channel = await amqp.open_channel(connection)
    exchange = await topology.declare_exchange(channel, settings.events_exchange)
    await exchange.publish(aio_pika.Message(body=body, message_id="raw"), routing_key=key)
    await channel.close()


def entry(n: int, account: str = "a") -> Envelope:
    return Envelope.wrap(
        ledger.EntryRecorded(account=account, amount=1, n=n), subject=account, correlation_id="c"
    )


async def dlq_depth(connection: AbstractRobustConnection, name: str) -> int:
    channel = await connection.channel()
    try:
        return await dlq.depth(channel, name)
    finally:
        await channel.close()


class TestInbox:
    async def test_the_same_event_delivered_twice_has_one_effect(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        consumer = ledger.ledger_consumer(settings, consumer_uows)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        event = entry(1)
        await publish(connection, settings, event)
        await publish(connection, settings, event)
        await publish(connection, settings, entry(2))

        async def two_distinct_applied() -> bool:
            return len(await ledger.effect_counts(consumer_db)) == 2

        await ledger.wait_until(two_distinct_applied)
        await asyncio.sleep(0.5)
        await consumer.stop()
        counts = await ledger.effect_counts(consumer_db)
        assert counts[event.id] == 1
        balance = await consumer_db["balances"].find_one({"_id": "a"})
        assert balance is not None and balance["count"] == 2

    async def test_a_relay_that_died_between_publishing_and_marking_causes_no_second_effect(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        consumer = ledger.ledger_consumer(settings, consumer_uows)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        sent = [await ledger.record(producer_uows, account="a", amount=1, n=i) for i in range(20)]

        crashing = await make_relay(connection, settings, producer_db)

        async def die_before_marking(*_: Any) -> None:
            raise SystemExit("killed between publish and mark")

        crashing._record = die_before_marking  # type: ignore[method-assign]
        assert await crashing.lease.acquire_or_renew()
        with pytest.raises(SystemExit):
            await crashing.publish_batch()
        assert await producer_db[outbox.COLLECTION].count_documents({"status": outbox.PENDING}) == 20

        successor = await make_relay(connection, settings, producer_db)
        await producer_db["relay_leases"].delete_many({})  # the dead leader's lease has run out
        stop = asyncio.Event()
        task = asyncio.create_task(successor.run(stop))

        async def all_applied() -> bool:
            return len(await ledger.effect_counts(consumer_db)) == 20

        await ledger.wait_until(all_applied)
        await asyncio.sleep(0.5)
        stop.set()
        await task
        await consumer.stop()
        counts = await ledger.effect_counts(consumer_db)
        assert set(counts) == {e.id for e in sent}
        assert set(counts.values()) == {1}


class TestFailures:
    async def test_a_handler_that_always_fails_dead_letters_after_the_retries_while_others_flow(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        calls: dict[int, int] = {}

        async def fails_for_poison(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
            calls[data.n] = calls.get(data.n, 0) + 1
            if data.account == "poison":
                raise ledger.Boom("this account is cursed")
            await ledger.apply_entry(envelope, data, uow)

        one_at_a_time = settings.model_copy(update={"consumer_batch_size": 1})  # count each handler call
        consumer = ledger.ledger_consumer(one_at_a_time, consumer_uows, handler=fails_for_poison)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        poison = entry(0, account="poison")
        await publish(connection, settings, poison)
        for i in range(1, 21):
            await publish(connection, settings, entry(i))

        async def poison_dead_lettered_and_others_applied() -> bool:
            # the healthy entries may still be retrying a write conflict when the poison reaches the DLQ
            return (
                await dlq_depth(connection, consumer.names.dlq) == 1
                and len(await ledger.effect_counts(consumer_db)) == 20
            )

        await ledger.wait_until(poison_dead_lettered_and_others_applied)
        assert calls[0] == 1 + len(settings.consumer_retry_delays_s)
        channel = await connection.channel()
        [letter] = await dlq.peek(channel, consumer.names.dlq)
        assert letter.message_id == poison.id
        assert "this account is cursed" in letter.reason
        assert letter.attempts == 1 + len(settings.consumer_retry_delays_s)
        assert letter.queue == consumer.names.main
        await consumer.stop()

    async def test_a_malformed_body_goes_to_the_dead_letter_queue_at_once_with_the_reason(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        consumer = ledger.ledger_consumer(settings, consumer_uows)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        await publish_raw(connection, settings, b"{not json", ledger.ENTRY_RECORDED)
        bad_data = entry(5).model_copy(update={"data": {"account": "a"}}).to_body()  # amount and n missing
        await publish_raw(connection, settings, bad_data, ledger.ENTRY_RECORDED)
        await publish(connection, settings, entry(6))

        async def two_dead_lettered() -> bool:
            return await dlq_depth(connection, consumer.names.dlq) == 2

        await ledger.wait_until(two_dead_lettered, timeout_s=10)
        channel = await connection.channel()
        letters = await dlq.peek(channel, consumer.names.dlq)
        assert all(letter.reason.startswith("malformed") for letter in letters)
        assert all(letter.attempts == 0 for letter in letters)

        async def the_valid_one_applied() -> bool:
            return len(await ledger.effect_counts(consumer_db)) == 1

        await ledger.wait_until(the_valid_one_applied, timeout_s=10)
        await consumer.stop()

    async def test_replay_from_the_dead_letter_queue_applies_the_event_once_it_can_succeed(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        broken = {"yes": True}

        async def fails_while_broken(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
            if broken["yes"]:
                raise ledger.Boom("downstream unavailable")
            await ledger.apply_entry(envelope, data, uow)

        consumer = ledger.ledger_consumer(settings, consumer_uows, handler=fails_while_broken)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        event = entry(1)
        await publish(connection, settings, event)

        async def dead_lettered() -> bool:
            return await dlq_depth(connection, consumer.names.dlq) == 1

        await ledger.wait_until(dead_lettered)
        broken["yes"] = False
        channel = await connection.channel()
        assert await dlq.replay(channel, consumer.names.dlq) == 1

        async def applied() -> bool:
            return (await ledger.effect_counts(consumer_db)).get(event.id) == 1

        await ledger.wait_until(applied)
        assert await dlq_depth(connection, consumer.names.dlq) == 0
        await consumer.stop()

    async def test_purge_empties_the_dead_letter_queue(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        broker_cleanup: list[str],
    ) -> None:
        consumer = ledger.ledger_consumer(settings, consumer_uows)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        await publish_raw(connection, settings, b"garbage", ledger.ENTRY_RECORDED)

        async def dead_lettered() -> bool:
            return await dlq_depth(connection, consumer.names.dlq) == 1

        await ledger.wait_until(dead_lettered, timeout_s=10)
        channel = await connection.channel()
        assert await dlq.purge(channel, consumer.names.dlq) == 1
        assert await dlq_depth(connection, consumer.names.dlq) == 0
        await consumer.stop()


class TestTransientErrors:
    async def test_write_conflicts_beyond_the_retry_budget_are_retried_not_dead_lettered(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        budget = len(settings.consumer_retry_delays_s)
        failures = {"left": budget + 3}  # a handler error would be dead-lettered long before this

        async def conflicting(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
            if failures["left"] > 0:
                failures["left"] -= 1
                raise mongo.OperationFailure(
                    "WriteConflict", code=112, details={"errorLabels": ["TransientTransactionError"]}
                )
            await ledger.apply_entry(envelope, data, uow)

        fast = settings.model_copy(update={"consumer_batch_size": 1})
        consumer = ledger.ledger_consumer(fast, consumer_uows, handler=conflicting)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        event = entry(1)
        await publish(connection, settings, event)

        async def applied() -> bool:
            return (await ledger.effect_counts(consumer_db)).get(event.id) == 1

        await ledger.wait_until(applied, timeout_s=60)
        assert failures["left"] == 0
        assert await dlq_depth(connection, consumer.names.dlq) == 0
        await consumer.stop()


class TestBatching:
    async def test_a_burst_is_applied_in_shared_transactions_once_each_even_with_a_poison_message(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        async def fails_for_poison(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
            if data.account == "poison":
                raise ledger.Boom("cursed")
            await ledger.apply_entry(envelope, data, uow)

        consumer = ledger.ledger_consumer(settings, consumer_uows, handler=fails_for_poison)
        broker_cleanup.extend(all_queues(consumer.names))
        events = [entry(i, account=f"acc{i % 3}") for i in range(200)]
        events.insert(100, entry(999, account="poison"))
        channel = await connection.channel()
        await topology.declare_consumer_queues(
            channel,
            exchange=await topology.declare_exchange(channel, settings.events_exchange),
            names=consumer.names,
            routing_keys=[ledger.ENTRY_RECORDED],
            delivery_limit=settings.consumer_delivery_limit,
        )
        for event in events:  # queued before the consumer starts: the buffer fills, batches form
            await publish(connection, settings, event)
        await publish(connection, settings, events[5])  # and one duplicate delivery
        await consumer.start(connection)

        async def all_applied() -> bool:
            return len(await ledger.effect_counts(consumer_db)) == 200

        await ledger.wait_until(all_applied, timeout_s=60)

        async def poison_dead_lettered() -> bool:
            return await dlq_depth(connection, consumer.names.dlq) == 1

        await ledger.wait_until(poison_dead_lettered, timeout_s=30)
        await consumer.stop()
        counts = await ledger.effect_counts(consumer_db)
        assert set(counts.values()) == {1}
        totals = [doc["count"] async for doc in consumer_db["balances"].find({})]
        assert sum(totals) == 200
        samples = {s.name: s.value for m in consumer.metrics.batch_size.collect() for s in m.samples}
        assert samples["thidua_consumer_batch_size_sum"] > samples["thidua_consumer_batch_size_count"]

    async def test_a_batch_claims_its_events_in_the_inbox_with_one_write(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
        infra: Infra,
    ) -> None:
        counter = mongo.CommandCounter()
        client = mongo.connect(infra.mongo_url, counter=counter)
        uows = UnitOfWorkFactory(
            client=client, database=client[consumer_db.name], producer="test", build=UnitOfWork
        )
        consumer = ledger.ledger_consumer(settings, uows)
        broker_cleanup.extend(all_queues(consumer.names))
        channel = await connection.channel()
        await topology.declare_consumer_queues(
            channel,
            exchange=await topology.declare_exchange(channel, settings.events_exchange),
            names=consumer.names,
            routing_keys=[ledger.ENTRY_RECORDED],
            delivery_limit=settings.consumer_delivery_limit,
        )
        for i in range(60):  # queued before the consumer starts: the buffer fills, batches form
            await publish(connection, settings, entry(i, account=f"acc{i}"))
        await consumer.start(connection)

        async def all_applied() -> bool:
            return len(await ledger.effect_counts(consumer_db)) == 60

        await ledger.wait_until(all_applied, timeout_s=60)
        await consumer.stop()
        await mongo.close(client)
        batches = {s.name: s.value for m in consumer.metrics.batch_size.collect() for s in m.samples}
        assert batches["thidua_consumer_batch_size_count"] < 60  # batches formed
        attempts = counter.counts["commitTransaction"] + counter.counts["abortTransaction"]
        assert counter.targets["insert inbox"] <= attempts  # one claim write per attempt
