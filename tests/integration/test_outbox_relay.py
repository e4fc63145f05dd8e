"""Outbox atomicity and the relay: confirms, order per subject, leases, failures, metrics."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.messaging import amqp, outbox, topology
from thidua.messaging.relay import Relay
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory
from thidua.worker import relay_config

from tests.integration.conftest import bind_probe
from tests.support import ledger

pytestmark = pytest.mark.integration


async def drain(
    queue: Any, *, expected: int, timeout_s: float = 30.0
) -> list[aio_pika.abc.AbstractIncomingMessage]:
    got: list[aio_pika.abc.AbstractIncomingMessage] = []

    async def collect() -> bool:
        while True:
            message = await queue.get(no_ack=True, fail=False)
            if message is None:
                return len(got) >= expected
            got.append(message)

    await ledger.wait_until(collect, timeout_s=timeout_s)
    await asyncio.sleep(0.3)  # anything beyond `expected` would show up now
    await collect()
    return got


async def make_relay(
    connection: AbstractRobustConnection, settings: ServiceSettings, db: mongo.Database, **kw: Any
) -> Relay:
    await topology.ensure_exchange(connection, settings.events_exchange)  # as the worker does
    channel = await amqp.open_channel(connection)
    exchange = await channel.get_exchange(settings.events_exchange, ensure=False)
    return Relay(database=db, exchange=exchange, config=relay_config(settings), **kw)


class TestOutboxAtomicity:
    async def test_a_failure_after_the_writes_leaves_neither_state_nor_event(
        self, producer_uows: UnitOfWorkFactory[UnitOfWork], producer_db: mongo.Database
    ) -> None:
        with pytest.raises(ledger.Boom):
            await ledger.record(producer_uows, account="a", amount=5, n=1, fail=True)
        assert await producer_db["entries"].count_documents({}) == 0
        assert await producer_db[outbox.COLLECTION].count_documents({}) == 0

    async def test_a_failing_outbox_write_rolls_back_the_state(
        self, producer_uows: UnitOfWorkFactory[UnitOfWork], producer_db: mongo.Database
    ) -> None:
        first = await ledger.record(producer_uows, account="a", amount=5, n=1)

        async def work(uow: UnitOfWork) -> None:
            await uow.database["entries"].insert_one({"_id": "second", "account": "a"}, session=uow.session)
            await uow.outbox.add(first)  # same event id: the outbox refuses it

        with pytest.raises(mongo.DuplicateKeyError):
            await producer_uows.run(work)
        assert await producer_db["entries"].count_documents({}) == 1
        assert await producer_db[outbox.COLLECTION].count_documents({}) == 1

    async def test_a_committed_change_has_its_event_pending(
        self, producer_uows: UnitOfWorkFactory[UnitOfWork], producer_db: mongo.Database
    ) -> None:
        envelope = await ledger.record(producer_uows, account="a", amount=5, n=1)
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None
        assert row["status"] == outbox.PENDING
        assert json.loads(row["body"])["correlation_id"] == "corr-1"


class TestRelay:
    async def test_publishes_every_entry_once_with_the_envelope_properties(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        probe = await bind_probe(connection, settings, broker_cleanup, "all")
        sent = [await ledger.record(producer_uows, account=f"acc{i % 3}", amount=i, n=i) for i in range(30)]
        relay = await make_relay(connection, settings, producer_db)
        while (
            await relay.publish_batch() if relay.lease.held() or await relay.lease.acquire_or_renew() else 0
        ):
            pass
        got = await drain(probe, expected=30)
        assert sorted(m.message_id or "" for m in got) == sorted(e.id for e in sent)
        first = got[0]
        assert first.type == ledger.ENTRY_RECORDED
        assert first.delivery_mode == aio_pika.DeliveryMode.PERSISTENT
        assert first.content_type == "application/json"
        assert first.correlation_id is not None and first.correlation_id.startswith("corr-")
        assert await producer_db[outbox.COLLECTION].count_documents({"status": outbox.PENDING}) == 0

    async def test_keeps_the_order_of_each_subject(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        probe = await bind_probe(connection, settings, broker_cleanup, "order")
        for i in range(60):
            await ledger.record(producer_uows, account=f"acc{i % 4}", amount=1, n=i)
        stop = asyncio.Event()
        relay = await make_relay(connection, settings, producer_db)
        task = asyncio.create_task(relay.run(stop))
        got = await drain(probe, expected=60)
        stop.set()
        await task
        per_subject: dict[str, list[int]] = {}
        for message in got:
            body = json.loads(message.body)
            per_subject.setdefault(body["subject"], []).append(body["data"]["n"])
        assert len(per_subject) == 4
        for ns in per_subject.values():
            assert ns == sorted(ns)

    async def test_two_replicas_never_publish_the_same_entry_twice(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        probe = await bind_probe(connection, settings, broker_cleanup, "replicas")
        stop = asyncio.Event()
        relays = [await make_relay(connection, settings, producer_db) for _ in range(2)]
        tasks = [asyncio.create_task(r.run(stop)) for r in relays]
        for i in range(100):
            await ledger.record(producer_uows, account=f"acc{i % 5}", amount=1, n=i)
        got = await drain(probe, expected=100)
        stop.set()
        await asyncio.gather(*tasks)
        ids = [m.message_id for m in got]
        assert len(ids) == 100
        assert len(set(ids)) == 100

    async def test_a_standby_takes_over_when_the_leader_stops(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        probe = await bind_probe(connection, settings, broker_cleanup, "takeover")
        leader = await make_relay(connection, settings, producer_db)
        assert await leader.lease.acquire_or_renew()
        standby = await make_relay(connection, settings, producer_db)
        assert not await standby.lease.acquire_or_renew()
        await leader.lease.release()
        assert await standby.lease.acquire_or_renew()
        await ledger.record(producer_uows, account="a", amount=1, n=1)
        assert await standby.publish_batch() == 1
        assert len(await drain(probe, expected=1)) == 1

    async def test_a_nacked_entry_is_retried_then_marked_failed_and_redriven(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        # A full queue with reject-publish makes the broker nack what is routed to it: a real refusal.
        channel = await connection.channel()
        exchange = await topology.declare_exchange(channel, settings.events_exchange)
        full = await channel.declare_queue(
            f"{settings.service_name}.full",
            durable=True,
            arguments={"x-max-length": 0, "x-overflow": "reject-publish"},
        )
        broker_cleanup.append(full.name)
        await full.bind(exchange, routing_key="#")
        envelope = await ledger.record(producer_uows, account="a", amount=1, n=1)
        relay = await make_relay(
            connection, settings.model_copy(update={"relay_max_attempts": 2}), producer_db
        )
        assert await relay.lease.acquire_or_renew()
        await relay.publish_batch()
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and (row["status"], row["attempts"]) == (outbox.PENDING, 1)
        await relay.publish_batch()
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and row["status"] == outbox.FAILED
        assert "nack" in row["last_error"].lower() or "delivery" in row["last_error"].lower()
        state = await outbox.status(producer_db)
        assert (state["pending"], state["failed"]) == (0, 1)
        await full.unbind(exchange, routing_key="#")
        probe = await bind_probe(connection, settings, broker_cleanup, "after-redrive")
        assert await outbox.redrive_failed(producer_db) == 1
        await relay.publish_batch()
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and row["status"] == outbox.PUBLISHED
        assert [m.message_id for m in await drain(probe, expected=1)] == [envelope.id]

    async def test_exports_backlog_and_oldest_age(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
    ) -> None:
        for i in range(3):
            await ledger.record(producer_uows, account="a", amount=1, n=i)
        await asyncio.sleep(0.05)
        state = await outbox.status(producer_db)
        assert state["pending"] == 3
        assert state["oldest_pending_age_s"] > 0


class TestIndexes:
    async def test_a_changed_retention_adjusts_the_ttl_index_instead_of_failing(
        self, producer_db: mongo.Database
    ) -> None:
        await mongo.ensure_indexes(producer_db, outbox.outbox_indexes(retention_days=7))
        await mongo.ensure_indexes(producer_db, outbox.outbox_indexes(retention_days=3))
        info = await producer_db[outbox.COLLECTION].index_information()
        assert info["published_ttl"]["expireAfterSeconds"] == 3 * 86400
