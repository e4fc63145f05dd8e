"""Fixtures for tests against real RabbitMQ and MongoDB: settings, databases, connections, cleanup."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from typing import Any

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.messaging import amqp, topology
from thidua.messaging.topology import QueueNames
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.support import ledger


@pytest.fixture
def settings(settings_factory: Callable[..., ServiceSettings], unique: str) -> ServiceSettings:
    """Settings for a test service with its own database, exchange and queue names."""
    return settings_factory(service=f"ledger{unique}")


@pytest.fixture
async def producer_db(mongo_client: mongo.Client, settings: ServiceSettings) -> AsyncIterator[mongo.Database]:
    db = mongo_client[settings.database_name + "_p"]
    yield db
    await mongo_client.drop_database(db.name)


@pytest.fixture
async def consumer_db(mongo_client: mongo.Client, settings: ServiceSettings) -> AsyncIterator[mongo.Database]:
    db = mongo_client[settings.database_name + "_c"]
    yield db
    await mongo_client.drop_database(db.name)


@pytest.fixture
def producer_uows(mongo_client: mongo.Client, producer_db: mongo.Database) -> UnitOfWorkFactory[UnitOfWork]:
    return ledger.factory(mongo_client, producer_db)


@pytest.fixture
def consumer_uows(mongo_client: mongo.Client, consumer_db: mongo.Database) -> UnitOfWorkFactory[UnitOfWork]:
    return ledger.factory(mongo_client, consumer_db, producer="ledger-consumer")


@pytest.fixture
async def connection(settings: ServiceSettings) -> AsyncIterator[AbstractRobustConnection]:
    conn = await amqp.connect(settings.rabbitmq_url, name="test")
    yield conn
    await conn.close()


@pytest.fixture
async def broker_cleanup(settings: ServiceSettings) -> AsyncIterator[list[str]]:
    """Queues a test names here, and the test exchanges (events, unrouted, redelivery), go afterwards."""
    queues: list[str] = []
    yield queues
    conn = await aio_pika.connect(settings.rabbitmq_url)
    try:
        for name in [*queues, topology.unrouted_name(settings.events_exchange)]:
            channel = await conn.channel()
            try:
                await channel.queue_delete(name)
            except Exception:  # noqa: S110 - already gone
                pass
        for exchange in (
            settings.events_exchange,
            topology.unrouted_name(settings.events_exchange),
            topology.redelivery_exchange(settings.service_name),
        ):
            channel = await conn.channel()
            try:
                await channel.exchange_delete(exchange)
            except Exception:  # noqa: S110
                pass
    finally:
        await conn.close()


def all_queues(names: QueueNames) -> list[str]:
    return [names.main, names.dlq, *names.retries]


async def bind_probe(
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    cleanup: list[str],
    name: str,
    key: str = "#",
) -> Any:
    """A plain queue bound to the test exchange, to see exactly what the relay published."""
    channel = await connection.channel()
    exchange = await topology.declare_exchange(channel, settings.events_exchange)
    queue = await channel.declare_queue(f"{settings.service_name}.probe.{name}", durable=True)
    await queue.bind(exchange, routing_key=key)
    cleanup.append(queue.name)
    return queue
