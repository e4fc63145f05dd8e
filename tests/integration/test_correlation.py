"""The correlation id travels from the HTTP request into every event it causes, and on through consumers."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, Request
from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.messaging import outbox
from thidua.runtime import ServiceSpec, build_api
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import all_queues
from tests.integration.test_consumer import publish
from tests.support import ledger

pytestmark = pytest.mark.integration

router = APIRouter()


@router.post("/entries", status_code=201)
async def create_entry(request: Request) -> dict[str, Any]:
    uows: UnitOfWorkFactory[UnitOfWork] = request.app.state.uows

    async def work(uow: UnitOfWork) -> str:
        envelope = await uow.emit(ledger.EntryRecorded(account="a", amount=1, n=1), subject="a")
        return envelope.id

    return {"event_id": await uows.run(work)}


async def test_an_event_written_by_a_request_carries_the_request_correlation_id(
    settings_factory: Callable[..., ServiceSettings], unique: str, mongo_client: mongo.Client
) -> None:
    settings = settings_factory(service=f"corr{unique}")
    spec = ServiceSpec(name="corr", title="t", version="0", load_settings=lambda: settings, routers=[router])
    app = build_api(spec, settings)
    try:
        async with (
            LifespanManager(app),
            httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as http,
        ):
            answer = await http.post("/entries", headers={"X-Correlation-ID": "req-42"})
        assert answer.status_code == 201
        assert answer.headers["X-Correlation-ID"] == "req-42"
        row = await mongo_client[settings.database_name][outbox.COLLECTION].find_one(
            {"_id": answer.json()["event_id"]}
        )
        assert row is not None
        assert json.loads(row["body"])["correlation_id"] == "req-42"
    finally:
        await mongo_client.drop_database(settings.database_name)


async def test_an_event_emitted_by_a_consumer_carries_correlation_and_causation(
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    consumer_uows: UnitOfWorkFactory[UnitOfWork],
    consumer_db: mongo.Database,
    broker_cleanup: list[str],
) -> None:
    async def apply_and_announce(envelope: Envelope, data: ledger.EntryRecorded, uow: UnitOfWork) -> None:
        await ledger.apply_entry(envelope, data, uow)
        await uow.emit(ledger.EntryRecorded(account="b", amount=data.amount, n=data.n + 1000), subject="b")

    consumer = ledger.ledger_consumer(settings, consumer_uows, handler=apply_and_announce)
    broker_cleanup.extend(all_queues(consumer.names))
    await consumer.start(connection)
    cause = Envelope.wrap(
        ledger.EntryRecorded(account="a", amount=1, n=1), subject="a", correlation_id="chain-7"
    )
    await publish(connection, settings, cause)

    async def announced() -> bool:
        return await consumer_db[outbox.COLLECTION].count_documents({}) == 1

    await ledger.wait_until(announced)
    await consumer.stop()
    row = await consumer_db[outbox.COLLECTION].find_one({})
    assert row is not None
    body = json.loads(row["body"])
    assert body["correlation_id"] == "chain-7"
    assert body["causation_id"] == cause.id
