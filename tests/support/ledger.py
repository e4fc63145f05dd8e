"""A tiny producer/consumer pair used by the messaging tests: ledger entries and account balances.

The consumer's effect is deliberately not idempotent on its own ($inc plus an effect log with random
ids), so a doubled delivery that slipped past the inbox would show.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from typing import Any, ClassVar

from thidua import mongo
from thidua.contracts.base import Envelope, EventData
from thidua.messaging.consumer import Consumer, ConsumerConfig
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory, idempotent
from thidua.worker import consumer_config

ENTRY_RECORDED = "test.ledger.recorded"


class EntryRecorded(EventData):
    event_type: ClassVar[str] = ENTRY_RECORDED
    producer: ClassVar[str] = "ledger"

    account: str
    amount: int
    n: int


TYPES: dict[str, type[EventData]] = {ENTRY_RECORDED: EntryRecorded}


class Boom(RuntimeError):
    """Raised on purpose by tests."""


def factory(
    client: mongo.Client, database: mongo.Database, producer: str = "ledger"
) -> UnitOfWorkFactory[UnitOfWork]:
    return UnitOfWorkFactory(client=client, database=database, producer=producer, build=UnitOfWork)


async def record(
    uows: UnitOfWorkFactory[UnitOfWork], *, account: str, amount: int, n: int, fail: bool = False
) -> Envelope:
    """State (an entry) and its event (outbox) in one transaction; `fail` raises after both writes."""

    async def work(uow: UnitOfWork) -> Envelope:
        entry_id = str(uuid.uuid4())
        await uow.database["entries"].insert_one(
            {"_id": entry_id, "account": account, "amount": amount, "n": n}, session=uow.session
        )
        envelope = await uow.emit(
            EntryRecorded(account=account, amount=amount, n=n), subject=account, correlation_id=f"corr-{n}"
        )
        if fail:
            raise Boom("after the state and outbox writes")
        return envelope

    return await uows.run(work)


async def apply_entry(envelope: Envelope, data: EntryRecorded, uow: UnitOfWork) -> None:
    """The consumer's effect."""
    await uow.database["balances"].update_one(
        {"_id": data.account}, {"$inc": {"total": data.amount, "count": 1}}, upsert=True, session=uow.session
    )
    await uow.database["effects"].insert_one(
        {"_id": str(uuid.uuid4()), "event_id": envelope.id, "n": data.n}, session=uow.session
    )


def ledger_consumer(
    settings: ServiceSettings,
    uows: UnitOfWorkFactory[UnitOfWork],
    *,
    name: str = "ledger-effects",
    handler: Any = apply_entry,
    config: ConsumerConfig | None = None,
) -> Consumer:
    return Consumer(
        name=name,
        service=settings.service_name,
        exchange_name=settings.events_exchange,
        handlers={ENTRY_RECORDED: idempotent(name, uows, handler)},
        config=config or consumer_config(settings),
        event_types=TYPES,
    )


async def wait_until(predicate: Any, *, timeout_s: float = 60.0, interval_s: float = 0.1) -> None:
    """Poll an async predicate until it holds; fail the test with a clear message on timeout."""
    deadline = time.monotonic() + timeout_s
    last: Any = None
    while time.monotonic() < deadline:
        last = await predicate()
        if last is True:
            return
        await asyncio.sleep(interval_s)
    raise AssertionError(f"condition not met within {timeout_s} s (last value: {last!r})")


async def effect_counts(database: mongo.Database) -> dict[str, int]:
    """event_id -> how many effects it caused."""
    counts: dict[str, int] = {}
    async for doc in database["effects"].find({}, {"event_id": 1}):
        counts[doc["event_id"]] = counts.get(doc["event_id"], 0) + 1
    return counts
