"""The topology as code on the real broker: every queue and binding declared before anything is published,
an alternate exchange so that nothing vanishes, an event type with no consumer yet kept until one comes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.messaging import amqp, declare, dlq, network, outbox, topology
from thidua.messaging.network import Topology
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.test_consumer import dlq_depth
from tests.integration.test_outbox_relay import drain, make_relay
from tests.support import ledger

pytestmark = pytest.mark.integration


async def remove(connection: AbstractRobustConnection, topo: Topology) -> None:
    """Delete every queue and exchange of a test topology."""
    for name in topo.queues():
        channel = await connection.channel()
        await channel.queue_delete(name)
    for name in topo.exchanges():
        channel = await connection.channel()
        await channel.exchange_delete(name)


@pytest.fixture
async def network_topology(
    connection: AbstractRobustConnection, settings: ServiceSettings, unique: str
) -> AsyncIterator[Topology]:
    """The whole network's topology, every service renamed for this test, on the test exchange."""
    names = network.name_pattern("awards", f"awards{unique}")
    topo = network.build(
        exchange=settings.events_exchange,
        retry_delays_s=settings.consumer_retry_delays_s,
        delivery_limit=settings.consumer_delivery_limit,
        names=names,
    )
    yield topo
    await remove(connection, topo)


async def publish(connection: AbstractRobustConnection, exchange: str, key: str) -> None:
    channel = await amqp.open_channel(connection)
    target = await channel.get_exchange(exchange, ensure=False)
    await amqp.publish(target, aio_pika.Message(b"{}", message_id=key), routing_key=key, timeout=10)
    await channel.close()


class TestApply:
    async def test_every_consumer_queue_reader_queue_and_the_unrouted_queue_receive_what_is_bound_to_them(
        self, connection: AbstractRobustConnection, network_topology: Topology
    ) -> None:
        applied = await declare.apply(connection, network_topology)
        assert applied.missing == []
        assert await declare.apply(connection, network_topology) == applied  # idempotent
        await publish(connection, network_topology.exchange, "award.decided")
        await publish(connection, network_topology.exchange, "nobody.listens.yet")
        expected = {
            c.names.main: 1 if "award.decided" in c.routing_keys else 0 for c in network_topology.consumers
        }
        expected |= {r.name: 1 for r in network_topology.readers} | {network_topology.unrouted: 1}
        await asyncio.sleep(0.3)
        assert {queue: await dlq_depth(connection, queue) for queue in expected} == expected
        assert sorted(expected.values()) == [0, 1, 1, 1, 1]  # notify, grievance, the board, unrouted

    async def test_a_topology_with_a_changed_queue_argument_is_refused_with_a_clear_error(
        self, connection: AbstractRobustConnection, network_topology: Topology
    ) -> None:
        await declare.apply(connection, network_topology)
        changed = Topology(
            exchange=network_topology.exchange,
            consumers=network_topology.consumers,
            readers=(),
            delivery_limit=network_topology.delivery_limit + 1,
        )
        with pytest.raises(topology.TopologyError, match="other arguments"):
            await declare.apply(connection, changed)


class TestNoConsumerYet:
    async def test_an_event_type_nobody_consumes_yet_waits_in_the_unrouted_queue_until_its_consumer_comes(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        network_topology: Topology,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        consumer_uows: UnitOfWorkFactory[UnitOfWork],
        consumer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        await declare.apply(connection, network_topology)
        envelope = await ledger.record(producer_uows, account="a", amount=1, n=1)  # a type no one binds
        relay = await make_relay(connection, settings, producer_db)
        assert await relay.lease.acquire_or_renew()
        await relay.publish_batch()
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and row["status"] == outbox.PUBLISHED  # the broker holds it durably
        assert await dlq_depth(connection, network_topology.unrouted) == 1

        consumer = ledger.ledger_consumer(settings, consumer_uows)  # the new consumer arrives
        broker_cleanup.extend([consumer.names.main, consumer.names.dlq, *consumer.names.retries])
        await consumer.start(connection)
        channel = await amqp.open_channel(connection)
        assert await dlq.replay_unrouted(channel, network_topology.exchange) == 1

        async def applied_once() -> bool:
            return await ledger.effect_counts(consumer_db) == {envelope.id: 1}

        await ledger.wait_until(applied_once, timeout_s=30)
        assert await dlq_depth(connection, network_topology.unrouted) == 0
        await consumer.stop()

    async def test_replaying_what_still_has_no_queue_puts_it_back_and_stops(
        self, connection: AbstractRobustConnection, network_topology: Topology, broker_cleanup: list[str]
    ) -> None:
        await declare.apply(connection, network_topology)
        for _ in range(3):
            await publish(connection, network_topology.exchange, "nobody.listens.yet")
        channel = await amqp.open_channel(connection)
        assert await dlq.replay_unrouted(channel, network_topology.exchange) == 3
        await asyncio.sleep(0.3)
        assert await dlq_depth(connection, network_topology.unrouted) == 3
        probe = await channel.declare_queue(f"{network_topology.exchange}.probe", durable=True)
        broker_cleanup.append(probe.name)
        await probe.bind(network_topology.exchange, routing_key="nobody.#")
        assert await dlq.replay_unrouted(channel, network_topology.exchange) == 3
        assert len(await drain(probe, expected=3)) == 3
        assert await dlq_depth(connection, network_topology.unrouted) == 0
