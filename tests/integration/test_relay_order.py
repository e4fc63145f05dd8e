"""Order and the lease: a database counter orders the outbox across processes, the lease fences every mark and
is renewed during a batch, and a subject with a failed entry holds back its later entries until redriven."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest
from aio_pika.abc import AbstractExchange, AbstractRobustConnection
from thidua import mongo
from thidua.contracts.base import EventData, utcnow
from thidua.messaging import outbox, topology
from thidua.messaging.lease import LEASE_ID, LEASES
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import bind_probe
from tests.integration.test_outbox_relay import drain, make_relay
from tests.support import ledger
from tests.support.infra import Infra

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]


class Poison(EventData):
    event_type: ClassVar[str] = "test.ledger.poison"
    producer: ClassVar[str] = "ledger"


async def statuses(db: mongo.Database) -> dict[int | str, str]:
    """n (or the type, for entries without n) -> status."""
    out: dict[int | str, str] = {}
    async for row in db[outbox.COLLECTION].find({}):
        data = json.loads(row["body"])["data"]
        out[data.get("n", row["type"])] = row["status"]
    return out


def ns(messages: list[Any]) -> list[int | str]:
    return [json.loads(m.body)["data"].get("n", m.type) for m in messages]


class TestSequence:
    async def test_two_writer_processes_whose_clocks_disagree_keep_one_subjects_order(
        self,
        infra: Infra,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        probe = await bind_probe(connection, settings, broker_cleanup, "two-writers")
        common = [
            "--mongo-url",
            infra.mongo_url,
            "--database",
            producer_db.name,
            "--subject",
            "s",
            "--count",
            "20",
        ]
        writers = [
            subprocess.Popen(  # noqa: ASYNC220 - waited for below without blocking the loop
                [
                    sys.executable,
                    "-m",
                    "tests.support.outbox_writer",
                    *common,
                    "--first",
                    str(first),
                    "--clock-skew-s",
                    skew,
                ],
                cwd=ROOT,
            )
            for first, skew in ((0, "0"), (1, "-30"))  # the second host's clock is 30 s behind
        ]
        for writer in writers:
            assert await asyncio.to_thread(writer.wait, 120) == 0
        relay = await make_relay(connection, settings, producer_db)
        assert await relay.lease.acquire_or_renew()
        while await relay.publish_batch():
            pass
        assert ns(await drain(probe, expected=20)) == list(range(20))

    async def test_the_counter_starts_above_older_entries_and_reserves_numbers_in_blocks(
        self, producer_uows: UnitOfWorkFactory[UnitOfWork], producer_db: mongo.Database
    ) -> None:
        legacy = {
            "_id": "old",
            "type": "t",
            "subject": "s",
            "status": outbox.PUBLISHED,
            "seq": 1_780_000_000_000_000_000,
        }
        await producer_db[outbox.COLLECTION].insert_one(legacy)  # numbered by the clock, before the counter

        async def ten_events(uow: UnitOfWork) -> None:
            for n in range(10):
                await uow.emit(ledger.EntryRecorded(account="a", amount=1, n=n), subject="a")

        await producer_uows.run(ten_events)
        rows = await producer_db[outbox.COLLECTION].find({"_id": {"$ne": "old"}}).sort("seq", 1).to_list(None)
        assert [json.loads(r["body"])["data"]["n"] for r in rows] == list(range(10))
        assert rows[0]["seq"] > legacy["seq"]
        counter = await producer_db[outbox.COUNTERS].find_one({"_id": outbox.SEQ_COUNTER})
        assert counter is not None and counter["n"] == legacy["seq"] + 4 + 8  # two $inc for ten events


class TestLease:
    async def test_a_leader_replaced_while_stalled_cannot_mark_what_it_publishes(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        await bind_probe(connection, settings, broker_cleanup, "fenced")
        leader = await make_relay(connection, settings, producer_db)
        assert await leader.lease.acquire_or_renew()
        for n in range(3):
            await ledger.record(producer_uows, account="a", amount=1, n=n)
        # the leader stalls: its lease runs out in the database and a standby takes over with a new token
        await producer_db[LEASES].update_one({"_id": LEASE_ID}, {"$set": {"expires_at": utcnow()}})
        standby = await make_relay(connection, settings, producer_db)
        assert await standby.lease.acquire_or_renew()
        assert standby.lease.token == leader.lease.token + 1
        assert leader.lease.held()  # by its own clock the stalled leader still holds it
        await leader.publish_batch()
        assert set((await statuses(producer_db)).values()) == {outbox.PENDING}  # its marks were refused
        assert not leader.lease.held()
        await standby.publish_batch()
        assert set((await statuses(producer_db)).values()) == {outbox.PUBLISHED}

    async def test_the_lease_is_renewed_while_a_long_batch_goes_out(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        await bind_probe(connection, settings, broker_cleanup, "long-batch")
        short = settings.model_copy(update={"relay_lease_ttl_s": 0.6})
        for n in range(12):  # one subject: twelve waves, each waits for its confirm
            await ledger.record(producer_uows, account="a", amount=1, n=n)
        leader = await make_relay(connection, short, producer_db)
        leader._exchange = Slow(leader._exchange, delay_s=0.1)  # the batch outlasts the lease twice over
        assert leader._config.publish_timeout_s == pytest.approx(0.2)
        assert await leader.lease.acquire_or_renew()
        standby = await make_relay(connection, short, producer_db)
        taken: list[bool] = []

        async def keep_trying() -> None:
            while True:
                taken.append(await standby.lease.acquire_or_renew())
                await asyncio.sleep(0.05)

        trying = asyncio.create_task(keep_trying())
        try:
            assert await leader.publish_batch() == 12
        finally:
            trying.cancel()
        assert set((await statuses(producer_db)).values()) == {outbox.PUBLISHED}
        assert taken and not any(taken)


class Slow:
    """The real exchange, answering each publish a little later (a busy broker)."""

    def __init__(self, exchange: AbstractExchange, *, delay_s: float) -> None:
        self._exchange, self._delay_s = exchange, delay_s

    async def publish(self, *args: Any, **kwargs: Any) -> Any:
        await asyncio.sleep(self._delay_s)
        return await self._exchange.publish(*args, **kwargs)


class TestHeldSubjects:
    async def test_a_failed_entry_holds_back_its_subjects_later_entries_until_it_is_redriven(
        self,
        connection: AbstractRobustConnection,
        settings: ServiceSettings,
        producer_uows: UnitOfWorkFactory[UnitOfWork],
        producer_db: mongo.Database,
        broker_cleanup: list[str],
    ) -> None:
        channel = await connection.channel()
        exchange = await topology.declare_exchange(channel, settings.events_exchange)
        full = await channel.declare_queue(  # refuses (nacks) every poison entry routed to it
            f"{settings.service_name}.full",
            durable=True,
            arguments={"x-max-length": 0, "x-overflow": "reject-publish"},
        )
        broker_cleanup.append(full.name)
        await full.bind(exchange, routing_key=Poison.event_type)
        probe = await bind_probe(connection, settings, broker_cleanup, "held", key=ledger.ENTRY_RECORDED)
        await producer_uows.run(lambda uow: uow.emit(Poison(), subject="s"))
        for n, subject in ((1, "s"), (2, "s"), (3, "t")):
            await ledger.record(producer_uows, account=subject, amount=1, n=n)
        relay = await make_relay(
            connection, settings.model_copy(update={"relay_max_attempts": 2}), producer_db
        )
        assert await relay.lease.acquire_or_renew()

        await relay.publish_batch()  # the poison is refused; s sends nothing after it in this batch
        assert await statuses(producer_db) == {
            Poison.event_type: "pending",
            1: "pending",
            2: "pending",
            3: "published",
        }
        await relay.publish_batch()  # refused again: failed
        await relay.publish_batch()  # s is held
        assert await statuses(producer_db) == {
            Poison.event_type: "failed",
            1: "pending",
            2: "pending",
            3: "published",
        }
        assert ns(await drain(probe, expected=1)) == [3]

        await full.unbind(exchange, routing_key=Poison.event_type)
        await probe.bind(exchange, routing_key=Poison.event_type)
        assert await outbox.redrive_failed(producer_db) == 1
        await relay.publish_batch()
        assert ns(await drain(probe, expected=3)) == [Poison.event_type, 1, 2]
        assert set((await statuses(producer_db)).values()) == {outbox.PUBLISHED}
