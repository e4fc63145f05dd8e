"""Faults at system level: every worker killed mid-load, RabbitMQ restarted, the MongoDB-wire server
restarted, while associations register and nominate and the secretariat decides.

Afterwards every invariant holds: one `award.decided` event per awardee, one delivery per (awardee,
channel), every outbox empty, every dead-letter queue empty except for the poison message injected on
purpose. Disruptive: it stops the shared broker, so it runs alone, before the parallel suite.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import aio_pika
import pytest
from thidua import mongo
from thidua.embedded import EmbeddedMongo, start_secantusdb
from thidua.launcher import System
from thidua.messaging import dlq, outbox, topology
from thidua.province.client import ProvinceClient
from thidua.province.transport import ServiceUrls
from thidua.runtime import CONSUMERS

from bench import workload
from tests.integration.notify.conftest import Mailbox
from tests.support.board import Board
from tests.support.broker import Broker
from tests.support.infra import Infra
from tests.support.ledger import wait_until
from tests.support.system import SECRET, databases, log_tail, running_system

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.disruptive]

ASSOCIATIONS, PER_ROUND, ROUNDS = 4, 5, 4
MEMBERS = PER_ROUND * ROUNDS  # one award per member: a second Giấy khen in a year is refused


@pytest.fixture
def own_mongo(tmp_path: Path) -> Iterator[EmbeddedMongo]:
    """A MongoDB-wire server of this test alone, so that restarting it disturbs no other test."""
    server = start_secantusdb(storage=tmp_path / "secantus", log_file=tmp_path / "secantus.log")
    try:
        yield server
    finally:
        server.stop()


async def inject_poison(url: str, exchange_name: str) -> None:
    """One malformed `award.decided` message: it must end in notify's dead-letter queue, and only there."""
    connection = await aio_pika.connect(url)
    try:
        channel = await connection.channel()
        exchange = await topology.declare_exchange(channel, exchange_name)
        message = aio_pika.Message(b"{not json", message_id="poison-1", type="award.decided")
        await exchange.publish(message, routing_key="award.decided")
    finally:
        await connection.close()


async def restart_worker(system: System, label: str) -> None:
    system.kill(label)
    await asyncio.sleep(0.5)
    system.start(label)


async def faults(system: System, broker: Broker, server: EmbeddedMongo, log: list[str]) -> EmbeddedMongo:
    """Kill every worker, restart RabbitMQ (a worker starting while it is down), restart the MongoDB-wire
    server: one after another, while the load runs."""
    for service in ("awards", "notify", "grievance"):
        await asyncio.sleep(1.5)
        await restart_worker(system, f"{service}-worker")
        log.append(f"killed and restarted {service}-worker")
    await broker.stop()
    await restart_worker(system, "registration-worker")  # it must wait for the broker, not give up
    await asyncio.sleep(3)
    await broker.start()
    log.append("restarted RabbitMQ; registration-worker killed and started while it was down")
    await asyncio.sleep(2)
    port, storage = server.port, server.storage
    server.stop()
    await asyncio.sleep(2)
    restarted = await asyncio.to_thread(start_secantusdb, storage=storage, port=port)
    log.append("restarted the MongoDB-wire server")
    return restarted


async def drive(client: ProvinceClient, province: workload.Province, year: int) -> list[str]:
    """Rounds of nominations, each closed by a decision; every nomination id that was decided."""
    decided: list[str] = []
    for round_ in range(ROUNDS):
        by_association = await workload.nomination_season(
            client, province, per_association=PER_ROUND, year=year, round_=round_
        )
        ids = [i for ids in by_association.values() for i in ids]
        answer = await workload.decide(client, ids, number=f"{round_ + 1}/QĐ-{province.tag}")
        assert len(answer["awards"]) == len(ids)
        decided += ids
    return decided


async def test_the_network_survives_worker_kills_and_broker_and_database_restarts(
    infra: Infra,
    unique: str,
    tmp_path: Path,
    own_mongo: EmbeddedMongo,
    mailbox: tuple[int, Mailbox],
    board: Board,
) -> None:
    if infra.kind != "local":
        pytest.skip("restarts the local RabbitMQ node with rabbitmqctl")
    smtp_port, _box = mailbox
    exchange = f"thidua.events.s{unique}"
    local = Infra(rabbitmq_url=infra.rabbitmq_url, mongo_url=own_mongo.url, kind="local")
    broker, log, server = Broker(infra.rabbitmq_url), list[str](), own_mongo
    with running_system(local, unique, tmp_path / "logs", THIDUA_SMTP_PORT=str(smtp_port)) as system:
        urls = ServiceUrls(*(system.url(s) for s in ("registration", "awards", "grievance", "notify")))
        client = ProvinceClient(secret=SECRET, urls=urls, retries=12, correlation_prefix="faults")
        await inject_poison(infra.rabbitmq_url, exchange)  # the consumer queues exist now
        try:
            province = await workload.setup_province(
                client, tag=f"F{unique[:4]}", associations=ASSOCIATIONS, year=2027
            )
            await workload.registration_rush(client, province, members=MEMBERS)
            started = time.monotonic()
            load = asyncio.create_task(drive(client, province, 2026))
            try:
                server = await faults(system, broker, server, log)
                decided = await asyncio.wait_for(load, timeout=240)
            finally:
                if broker.stopped:
                    await broker.start()
            assert time.monotonic() - started > 10, "the load ended before the faults were injected"
            assert len(decided) == ASSOCIATIONS * PER_ROUND * ROUNDS
            await invariants(system, local, unique, board, decided, log)
            assert not system.exited(), system.exited()  # every process lived through it
        finally:
            await client.aclose()
            if server is not own_mongo:
                server.stop()


async def invariants(
    system: System, infra: Infra, unique: str, board: Board, decided: list[str], log: list[str]
) -> None:
    dbs = databases(unique)
    client = mongo.connect(infra.mongo_url)
    try:
        notify_db = client[dbs["notify"]]

        async def settled() -> bool:
            awards_seen = {e["data"]["nomination_id"] for e in board.events("award.decided").values()}
            pending = await notify_db["deliveries"].count_documents({"status": {"$ne": "delivered"}})
            boxes = [await outbox.status(client[db]) for db in dbs.values()]
            return awards_seen >= set(decided) and pending == 0 and all(b["pending"] == 0 for b in boxes)

        try:
            await wait_until(settled, timeout_s=120, interval_s=0.5)
        except AssertionError:
            raise AssertionError(
                f"not settled after {log}; notify worker log:\n{log_tail(system, 'notify-worker')}"
            ) from None

        # one award.decided event per awardee (a redelivered copy carries the same event id)
        per_nomination = Counter(e["data"]["nomination_id"] for e in board.events("award.decided").values())
        assert set(per_nomination) == set(decided)
        assert set(per_nomination.values()) == {1}, per_nomination.most_common(3)

        # one delivery per (awardee, recipient, channel), each delivered; the awardees were e-mailed too
        keys: Counter[tuple[str, str, str]] = Counter()
        channels: dict[str, set[str]] = defaultdict(set)
        async for doc in notify_db["deliveries"].find({"event_type": "award.decided"}):
            keys[(doc["subject"], doc["recipient_key"], doc["channel"])] += 1
            if doc["recipient_key"].startswith("person:"):
                channels[doc["subject"]].add(doc["channel"])
        assert keys and set(keys.values()) == {1}
        assert len(channels) == len(decided)
        assert all(found == {"inbox", "email"} for found in channels.values()), channels

        # every outbox empty: nothing pending, nothing failed
        for name, db in dbs.items():
            status = await outbox.status(client[db])
            assert status["pending"] == 0 and status["failed"] == 0, (name, status)

        # every dead-letter queue holds only the injected poison (in each consumer of award.decided)
        connection = await aio_pika.connect(infra.rabbitmq_url)
        try:
            channel = await connection.channel()
            letters: dict[str, list[str | None]] = {}
            for db in dbs.values():
                async for doc in client[db][CONSUMERS].find({}):
                    found = await dlq.peek(channel, doc["dlq"], limit=10)
                    letters[doc["dlq"]] = [d.message_id for d in found]
            assert letters[f"notify{unique}.notify.dlq"] == ["poison-1"], letters
            assert all(found in ([], ["poison-1"]) for found in letters.values()), letters
        finally:
            await connection.close()
    finally:
        client.close()
