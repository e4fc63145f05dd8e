"""Faults at system level: every worker killed mid-load, RabbitMQ restarted, the MongoDB-wire server
restarted, while associations register and nominate and the secretariat decides.

Afterwards every invariant holds: one `award.decided` event per awardee, one delivery per (awardee,
channel), every outbox empty, every dead-letter queue empty except for the poison message injected on
purpose. Disruptive: it stops the shared broker, so it runs alone, before the parallel suite.
"""

from __future__ import annotations

import asyncio
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

import aio_pika
import pytest
from thidua import mongo
from thidua.messaging import dlq, outbox, topology
from thidua.runtime import CONSUMERS
from thidua_tools.embedded import EmbeddedMongo, start_secantusdb
from thidua_tools.launcher import System
from thidua_tools.province.client import ProvinceClient
from thidua_tools.province.transport import ServiceUrls

from bench import workload
from tests.integration.notify.conftest import Mailbox
from tests.support import tokens
from tests.support.board import Board
from tests.support.broker import Broker
from tests.support.infra import Infra
from tests.support.ledger import wait_until
from tests.support.system import SECRET, databases, log_tail, members_known_to_notify, running_system

pytestmark = [pytest.mark.integration, pytest.mark.e2e, pytest.mark.disruptive]

ASSOCIATIONS, PER_ROUND, MAX_ROUNDS, PAUSE_S = 4, 2, 60, 1.0  # a steady trickle while the faults happen
MEMBERS = PER_ROUND * MAX_ROUNDS  # one award per member: a second Giấy khen in a year is refused


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


def during(load: asyncio.Task[list[str]]) -> str:
    """Marks a fault the load did not see: the test fails on it."""
    return " (load over)" if load.done() else ""


async def faults(
    system: System, broker: Broker, server: EmbeddedMongo, log: list[str], load: asyncio.Task[list[str]]
) -> EmbeddedMongo:
    """Kill every worker, restart RabbitMQ (a worker starting while it is down), restart the MongoDB-wire
    server: one after another, while the load runs."""
    for service in ("awards", "notify", "grievance"):
        await asyncio.sleep(1.5)
        await restart_worker(system, f"{service}-worker")
        log.append(f"killed and restarted {service}-worker{during(load)}")
    await broker.stop()
    await restart_worker(system, "registration-worker")  # it must wait for the broker, not give up
    await asyncio.sleep(3)
    await broker.start()
    log.append(f"restarted RabbitMQ; registration-worker killed and started while it was down{during(load)}")
    await asyncio.sleep(2)
    port, storage = server.port, server.storage
    server.stop()
    await asyncio.sleep(2)
    restarted = await asyncio.to_thread(start_secantusdb, storage=storage, port=port)
    log.append(f"restarted the MongoDB-wire server{during(load)}")
    return restarted


async def drive(
    client: ProvinceClient, province: workload.Province, year: int, faults_done: asyncio.Event
) -> list[str]:
    """Rounds of nominations, each closed by a decision, until the faults are over (and one more round);
    every nomination id that was decided."""
    decided: list[str] = []
    for round_ in range(MAX_ROUNDS):
        last = faults_done.is_set()  # one more round once the faults are over
        by_association = await workload.nomination_season(
            client, province, per_association=PER_ROUND, year=year, round_=round_
        )
        ids = [i for ids in by_association.values() for i in ids]
        answer = await workload.decide(client, ids, number=f"{round_ + 1}/QĐ-{province.tag}")
        assert len(answer["awards"]) == len(ids)
        decided += ids
        if last:
            break
        await asyncio.sleep(PAUSE_S)
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
    local = Infra(rabbitmq_url=infra.rabbitmq_url, mongo_url=own_mongo.url, kind="local")
    broker, log, servers = Broker(infra.rabbitmq_url), list[str](), [own_mongo]
    try:
        await run_under_faults(infra, local, unique, tmp_path, smtp_port, board, broker, log, servers)
    finally:
        for restarted in servers[1:]:  # after the system and its clean-up are done with it
            restarted.stop()


async def run_under_faults(
    infra: Infra,
    local: Infra,
    unique: str,
    tmp_path: Path,
    smtp_port: int,
    board: Board,
    broker: Broker,
    log: list[str],
    servers: list[EmbeddedMongo],
) -> None:
    exchange = f"thidua.events.s{unique}"
    with running_system(local, unique, tmp_path / "logs", THIDUA_SMTP_PORT=str(smtp_port)) as system:
        urls = ServiceUrls(*(system.url(s) for s in ("registration", "awards", "grievance", "notify")))
        client = ProvinceClient(
            secret=SECRET, urls=urls, retries=12, correlation_prefix="faults", **tokens.CLAIMS
        )
        await inject_poison(infra.rabbitmq_url, exchange)  # the consumer queues exist now
        try:
            province = await workload.setup_province(
                client, tag=f"F{unique[:4]}", associations=ASSOCIATIONS, year=2027
            )
            await workload.registration_rush(client, province, members=MEMBERS)
            await members_known_to_notify(local, unique, ASSOCIATIONS * MEMBERS)
            faults_done = asyncio.Event()
            load = asyncio.create_task(drive(client, province, 2026, faults_done))
            try:
                servers.append(await faults(system, broker, servers[0], log, load))
                faults_done.set()
                decided = await asyncio.wait_for(load, timeout=240)
            finally:
                if broker.stopped:
                    await broker.start()
            assert not any(line.endswith("(load over)") for line in log), log
            assert len(decided) % (ASSOCIATIONS * PER_ROUND) == 0 and decided
            await invariants(system, local, unique, board, decided, log)
            assert not system.exited(), system.exited()  # every process lived through it
        finally:
            await client.aclose()


async def invariants(
    system: System, infra: Infra, unique: str, board: Board, decided: list[str], log: list[str]
) -> None:
    dbs = databases(unique)
    client = mongo.connect(infra.mongo_url)
    try:
        notify_db = client[dbs["notify"]]

        state = {"now": ""}

        async def settled() -> bool:
            awards_seen = {e["data"]["nomination_id"] for e in board.events("award.decided").values()}
            pending = await notify_db["deliveries"].count_documents({"status": {"$ne": "delivered"}})
            personal = await notify_db["deliveries"].count_documents(
                {"event_type": "award.decided", "recipient_key": {"$regex": "^person:"}}
            )
            boxes = [await outbox.status(client[db]) for db in dbs.values()]
            informed = personal >= 2 * len(decided)  # inbox and e-mail for each awardee
            published = all(b["pending"] == 0 for b in boxes)
            state["now"] = (
                f"board saw {len(awards_seen & set(decided))}/{len(decided)} awards; personal deliveries "
                f"{personal}/{2 * len(decided)}; undelivered {pending}; outboxes {boxes}"
            )
            return awards_seen >= set(decided) and informed and pending == 0 and published

        try:
            await wait_until(settled, timeout_s=120, interval_s=0.5)
        except AssertionError:
            per: Counter[str] = Counter()
            async for doc in notify_db["deliveries"].find({"event_type": "award.decided"}):
                per[f"{doc['subject']}|{doc['recipient_key'].split(':')[0]}|{doc['channel']}"] += 1
            awards_ids = {k.split("|")[0] for k in per}
            short = {a: sorted(k.split("|", 1)[1] for k in per if k.startswith(a)) for a in awards_ids}
            short = {a: v for a, v in short.items() if len(v) != 4}
            state["now"] += f"; incomplete awards: {short}; people known: "
            state["now"] += str(await notify_db["people"].count_documents({}))
            raise AssertionError(
                f"not settled after {log}: {state['now']}; notify log:\n{log_tail(system, 'notify-worker')}"
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
        await mongo.close(client)
