"""A message the broker cannot route is a failure everywhere: relay, retry and dead-letter moves, replay."""

from __future__ import annotations

import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.messaging import amqp, dlq, outbox, topology
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import all_queues, bind_probe
from tests.integration.test_consumer import dlq_depth, entry, publish, publish_raw
from tests.integration.test_outbox_relay import drain, make_relay
from tests.support import ledger

pytestmark = pytest.mark.integration


class TestRelay:
    async def test_an_event_nobody_is_bound_to_yet_stays_pending_until_a_queue_takes_it(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        envelope = await ledger.record(producer_uows, account="a", amount=1, n=1)
        relay = await make_relay(connection, settings, producer_db)
        assert await relay.lease.acquire_or_renew()
        await relay.publish_batch()  # the exchange exists, no queue is bound: the broker returns it
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None
        assert row["status"] == outbox.PENDING
        assert "NO_ROUTE" in row["last_error"]

        probe = await bind_probe(connection, settings, broker_cleanup, "late")  # the consumer arrives
        await relay.publish_batch()
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and row["status"] == outbox.PUBLISHED
        [message] = await drain(probe, expected=1)
        assert message.message_id == envelope.id


class TestConsumerMoves:
    async def test_a_retry_whose_queue_is_missing_keeps_the_original_until_the_queue_is_back(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        calls = {"n": 0, "healthy": False}

        async def fails_until_healthy(
            envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork
        ) -> None:
            calls["n"] += 1
            if not calls["healthy"]:
                raise ledger.Boom("not yet")
            await ledger.apply_entry(envelope, data, uow)

        consumer = ledger.ledger_consumer(settings, consumer_uows, handler=fails_until_healthy)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        channel = await connection.channel()
        for retry in consumer.names.retries:
            await channel.queue_delete(retry)  # e.g. an operator's mistake
        event = entry(1)
        await publish(connection, settings, event)

        async def handled_again() -> bool:  # the original came back: the failed move did not ack it
            return calls["n"] >= 2

        await ledger.wait_until(handled_again, timeout_s=30)
        assert await ledger.effect_counts(consumer_db) == {}
        channel = await amqp.open_channel(connection)
        exchange = await topology.declare_exchange(channel, settings.events_exchange)
        await topology.declare_consumer_queues(
            channel,
            exchange=exchange,
            names=consumer.names,
            routing_keys=[ledger.ENTRY_RECORDED],
            delivery_limit=settings.consumer_delivery_limit,
        )
        calls["healthy"] = True

        async def applied_once() -> bool:
            return await ledger.effect_counts(consumer_db) == {event.id: 1}

        await ledger.wait_until(applied_once, timeout_s=30)
        await consumer.stop()

    async def test_replay_into_a_missing_queue_leaves_the_message_in_the_dead_letter_queue(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        broker_cleanup: list[str],
    ) -> None:
        consumer = ledger.ledger_consumer(settings, consumer_uows)
        broker_cleanup.extend(all_queues(consumer.names))
        await consumer.start(connection)
        await publish_raw(connection, settings, b"{not json", ledger.ENTRY_RECORDED)

        async def dead_lettered() -> bool:
            return await dlq_depth(connection, consumer.names.dlq) == 1

        await ledger.wait_until(dead_lettered, timeout_s=10)
        await consumer.stop()
        channel = await connection.channel()
        await channel.queue_delete(consumer.names.main)
        channel = await connection.channel()  # a plain channel: replay must not rely on its settings
        with pytest.raises(dlq.ReplayFailed):
            await dlq.replay(channel, consumer.names.dlq)
        assert await dlq_depth(connection, consumer.names.dlq) == 1
