"""Messages (issue 16, item 4) from an attacker's viewpoint: a process holding one service's broker password.

Broker users on the real broker: the generated permissions let a service publish only its own event types,
the board only read its queue, and consumers refuse (dead-letter) an event from anyone but its owner. Items 1
to 3 (nothing lost to an unroutable publish, order and the relay's fencing, commits retried alone) are
reliability promises proven in tests/integration (test_unroutable, test_queue_deleted, test_relay_order,
test_transactions); docs/threat-model.md maps each item to its test.

The users are created with `rabbitmqctl` (from the same BrokerUser objects the deploy definitions are
generated from, renamed for this test) and deleted afterwards; only this test's queues are touched.
"""

from __future__ import annotations

import asyncio
import dataclasses
import shutil
import subprocess
from collections.abc import AsyncIterator
from typing import Any, ClassVar
from urllib.parse import urlsplit, urlunsplit

import aio_pika
import pytest
from aio_pika.abc import AbstractRobustConnection
from aiormq.exceptions import ChannelAccessRefused, ChannelPreconditionFailed
from thidua import mongo
from thidua.contracts.base import Envelope, EventData
from thidua.contracts.registry import types_owned_by
from thidua.messaging import amqp, declare, dlq, network
from thidua.messaging.consumer import Consumer
from thidua.messaging.network import Topology
from thidua.messaging.permissions import broker_users
from thidua.messaging.publishers import USER_HEADER, PublisherCheck
from thidua.settings import ServiceSettings
from thidua.worker import consumer_config

from tests.integration.test_consumer import dlq_depth
from tests.integration.test_outbox_relay import make_relay
from tests.integration.test_topology import remove
from tests.support import ledger

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(shutil.which("rabbitmqctl") is None, reason="needs rabbitmqctl on the broker's host"),
]


class Decided(EventData):  # the real type name and owner, with no required fields
    event_type: ClassVar[str] = "award.decided"
    producer: ClassVar[str] = "awards"


class Delivered(EventData):
    event_type: ClassVar[str] = "notification.delivered"
    producer: ClassVar[str] = "notify"


TYPES: dict[str, type[EventData]] = {Decided.event_type: Decided, Delivered.event_type: Delivered}


def ctl(*args: str) -> None:
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=60)


@dataclasses.dataclass
class Users:
    """The test's broker users: service -> (user name, AMQP URL)."""

    topology: Topology
    names: dict[str, str]
    urls: dict[str, str]


@pytest.fixture
async def users(
    connection: AbstractRobustConnection, settings: ServiceSettings, unique: str
) -> AsyncIterator[Users]:
    topo = network.build(
        exchange=settings.events_exchange,
        retry_delays_s=settings.consumer_retry_delays_s,
        delivery_limit=settings.consumer_delivery_limit,
        names=network.name_pattern("awards", f"awards{unique}"),
    )
    await declare.apply(connection, topo)  # as the operator would, before any service connects
    owned = {s: types_owned_by(s) for s in network.SERVICES}
    generated = broker_users(topo, owned)
    created: list[str] = []
    base = urlsplit(settings.rabbitmq_url)
    names: dict[str, str] = {}
    urls: dict[str, str] = {}
    try:
        for user in generated:
            if user.name in {"thidua-admin", "thidua-registration"}:  # not needed here (each costs seconds)
                continue
            name, password = f"{user.name}-{unique}", f"pw-{unique}"
            ctl("add_user", name, password)
            created.append(name)
            ctl("set_permissions", "-p", "/", name, user.configure, user.write, user.read)
            ctl("set_topic_permissions", "-p", "/", name, topo.exchange, user.topic_write, user.topic_read)
            service = user.name.removeprefix("thidua-")
            names[service] = name
            netloc = f"{name}:{password}@{base.hostname}:{base.port or 5672}"
            urls[service] = urlunsplit((base.scheme, netloc, base.path or "/", "", ""))
        yield Users(topo, names, urls)
    finally:
        for name in created:
            ctl("delete_user", name)
        await remove(connection, topo)


async def publish_as(url: str, key: str, *, exchange: str, body: bytes = b"{}", **properties: Any) -> None:
    """Publish once on a fresh connection of that user (a refusal closes the channel); "" = the default."""
    connection = await aio_pika.connect(url)
    try:
        channel = await amqp.open_channel(connection)
        target = (
            channel.default_exchange if exchange == "" else await channel.get_exchange(exchange, ensure=False)
        )
        await amqp.publish(
            target, aio_pika.Message(body, message_id="m", **properties), routing_key=key, timeout=10
        )
    finally:
        await connection.close()


def envelope(data: EventData, *, producer: str) -> bytes:
    return Envelope.wrap(data, subject="s-1", producer=producer).to_body()


def queue_of(users: Users, service: str) -> str:
    (consumer,) = users.topology.consumers_of(service)
    return consumer.names.main


class TestPermissions:
    async def test_a_service_publishes_its_own_event_types_only_and_under_its_own_name(
        self, connection: AbstractRobustConnection, users: Users
    ) -> None:
        exchange = users.topology.exchange
        awards = users.urls["awards"]
        await publish_as(awards, "award.decided", exchange=exchange, user_id=users.names["awards"])
        await asyncio.sleep(0.3)
        assert await dlq_depth(connection, queue_of(users, "grievance")) == 1
        with pytest.raises(ChannelAccessRefused):  # notify's event type
            await publish_as(awards, "notification.delivered", exchange=exchange)
        with pytest.raises(ChannelPreconditionFailed):  # claiming to be notify
            await publish_as(awards, "award.decided", exchange=exchange, user_id=users.names["notify"])
        with pytest.raises(ChannelAccessRefused):  # straight into another service's queue
            await publish_as(awards, queue_of(users, "grievance"), exchange="")
        assert await dlq_depth(connection, queue_of(users, "grievance")) == 1

    async def test_the_board_reads_its_queue_and_can_neither_publish_nor_read_another(
        self, connection: AbstractRobustConnection, users: Users
    ) -> None:
        exchange = users.topology.exchange
        await publish_as(
            users.urls["awards"], "award.decided", exchange=exchange, user_id=users.names["awards"]
        )
        board = await aio_pika.connect(users.urls["board"])
        try:
            channel = await board.channel()
            queue = await channel.declare_queue(users.topology.readers[0].name, passive=True)
            assert await queue.get(no_ack=True, timeout=5) is not None
            other = await channel.declare_queue(queue_of(users, "notify"), passive=True)
            with pytest.raises(ChannelAccessRefused):
                await other.get(no_ack=True)
        finally:
            await board.close()
        with pytest.raises(ChannelAccessRefused):
            await publish_as(users.urls["board"], "award.decided", exchange=exchange)


class TestUnderServiceUsers:
    async def test_a_worker_relays_and_consumes_and_refuses_what_its_owner_did_not_publish(
        self,
        users: Users,
        settings: ServiceSettings,
        mongo_client: mongo.Client,
        producer_db: mongo.Database,
    ) -> None:
        topo, exchange = users.topology, users.topology.exchange
        grievance = await amqp.connect(users.urls["grievance"], name="test-grievance")
        awards = await amqp.connect(users.urls["awards"], name="test-awards")
        try:
            applied = await declare.apply(
                grievance, topo
            )  # a restricted user: checks what it may not declare
            assert applied.missing == [] and applied.checked
            seen: list[str] = []
            failures = {"left": 1}

            async def handle(env: Envelope, _data: EventData) -> bool:
                if failures["left"]:  # once: the retry goes through grievance's own redelivery exchange
                    failures["left"] -= 1
                    raise ledger.Boom("once")
                seen.append(env.id)
                return True

            (queues,) = topo.consumers_of("grievance")
            consumer = Consumer(
                name=queues.consumer,
                service=queues.names.main.rsplit(".", 1)[0],
                exchange_name=exchange,
                handlers={Decided.event_type: handle, Delivered.event_type: handle},
                config=consumer_config(settings),
                event_types=TYPES,
                publishers=PublisherCheck(strict=True, users=users.names),
            )
            await consumer.start(grievance)

            uows = ledger.factory(mongo_client, producer_db, producer="awards")
            legit = await uows.run(lambda uow: uow.emit(Decided(), subject="award-1"))
            relay = await make_relay(awards, settings, producer_db, user_id=users.names["awards"])
            assert await relay.lease.acquire_or_renew()
            assert await relay.publish_batch() == 1

            notify = users.urls["notify"]
            forged = envelope(Decided(), producer="awards")  # notify passes award.decided off as its own
            await publish_as(
                notify,
                "notification.delivered",
                exchange=exchange,
                body=forged,
                user_id=users.names["notify"],
            )
            await publish_as(
                notify, "notification.delivered", exchange=exchange, body=forged,
                headers={USER_HEADER: users.names["awards"]},
            )  # fmt: skip

            async def settled() -> bool:
                return seen == [legit.id] and await dlq_depth(grievance, queues.names.dlq) == 2

            await ledger.wait_until(settled, timeout_s=30)
            channel = await grievance.channel()
            reasons = sorted(letter.reason for letter in await dlq.peek(channel, queues.names.dlq))
            assert reasons[0].startswith("unverified publisher: award.decided")
            assert reasons[1].startswith("wrong publisher: award.decided")
            await consumer.stop()
        finally:
            await grievance.close()
            await awards.close()
