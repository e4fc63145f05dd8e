"""The relay publishes an entry committed in its own process at once; the poll is only a fallback."""

from __future__ import annotations

import asyncio

import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.messaging import outbox
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import bind_probe
from tests.integration.test_outbox_relay import drain, make_relay
from tests.support import ledger

pytestmark = pytest.mark.integration


async def test_an_entry_committed_in_the_relays_process_is_published_without_waiting_for_the_poll(
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    producer_uows: UnitOfWorkFactory[UnitOfWork],
    producer_db: mongo.Database,
    broker_cleanup: list[str],
) -> None:
    probe = await bind_probe(connection, settings, broker_cleanup, "wake")
    sleepy = settings.model_copy(update={"relay_poll_interval_s": 600.0})  # the poll would come in 10 min
    relay = await make_relay(connection, sleepy, producer_db)
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    async def leading() -> bool:
        return relay.lease.held()

    try:
        await ledger.wait_until(leading, timeout_s=30)
        await asyncio.sleep(0.3)  # the relay has found nothing and waits
        envelope = await ledger.record(producer_uows, account="a", amount=1, n=1)
        [message] = await drain(probe, expected=1, timeout_s=60)  # long before the poll
        assert message.message_id == envelope.id
        row = await producer_db[outbox.COLLECTION].find_one({"_id": envelope.id})
        assert row is not None and row["status"] == outbox.PUBLISHED
    finally:
        stop.set()
        await task
