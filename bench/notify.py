"""Notify benchmark: N awardees, from `award.decided` on the broker to the last inbox notice stored.

`uv run python bench/notify.py --awardees 100 --runs 10 [--mongo-url URL] [--rabbitmq-url URL]`.
Beside it, in the same run: the raw broker round trip of N messages (aio-pika publish + consume, no database).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

# This file is named like the package it measures: keep its folder off the import path.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

import aio_pika  # noqa: E402
from notify.bootstrap import SPEC  # noqa: E402
from notify.settings import NotifySettings  # noqa: E402
from thidua import mongo  # noqa: E402
from thidua.contracts.awards import AwardDecided  # noqa: E402
from thidua.contracts.base import Envelope  # noqa: E402
from thidua.logging import configure_logging  # noqa: E402
from thidua.messaging import amqp, topology  # noqa: E402
from thidua.runtime import all_indexes, unit_of_work_factory  # noqa: E402
from thidua.worker import Worker  # noqa: E402
from thidua_tools.embedded import start_secantusdb  # noqa: E402

COUNTER = mongo.CommandCounter()  # the worker's database commands (round trips)


def decision(n: int, run: str) -> list[Envelope]:
    """N `award.decided` events of one decision, one per awardee."""
    base = {
        "decision": {"decision_id": run, "number": "125/QĐ-LHH", "signed_on": "2026-12-01",
                     "signer_name": "Nguyễn Văn A", "signer_title": "Chủ tịch", "authority": "union"},
        "award_type_code": "CSTDCS", "award_type_name": "Chiến sĩ thi đua cơ sở", "award_kind": "title",
        "association_id": "a-bench", "year": 2026, "commendation_type": "cong_trang",
    }  # fmt: skip
    out = []
    for i in range(n):
        awardee = {"kind": "individual", "name": f"Người {i}", "unit": "Hội", "personal_code": f"P{run}{i}"}
        data = AwardDecided.model_validate(base | {"award_id": f"{run}-{i}", "awardee": awardee})
        out.append(Envelope.wrap(data, subject=f"{run}-{i}"))
    return out


async def notify_run(settings: NotifySettings, database: mongo.Database, n: int) -> float:
    """Seconds from publishing the decision to the last of its 2N inbox notices stored."""
    run = uuid.uuid4().hex[:8]
    events = decision(n, run)
    connection = await amqp.connect(settings.rabbitmq_url, name="bench-notify")
    channel = await amqp.open_channel(connection)
    exchange = await topology.declare_exchange(channel, settings.events_exchange)
    before = await database["notifications"].count_documents({})
    start = time.perf_counter()
    for env in events:
        await exchange.publish(amqp.message_for(env), routing_key=env.type)
    while await database["notifications"].count_documents({}) < before + 2 * n:  # noqa: ASYNC110
        await asyncio.sleep(0.005)
    elapsed = time.perf_counter() - start
    await connection.close()
    return elapsed


async def raw_run(url: str, n: int) -> float:
    """Seconds to publish N persistent messages and consume them all, through a plain queue."""
    connection = await aio_pika.connect(url)
    channel = await connection.channel(publisher_confirms=True)
    queue = await channel.declare_queue(f"bench.notify.raw.{uuid.uuid4().hex[:8]}", durable=True)
    body = decision(1, "raw")[0].to_body()
    start = time.perf_counter()
    for _ in range(n):
        await channel.default_exchange.publish(
            aio_pika.Message(body, delivery_mode=2), routing_key=queue.name
        )
    got = 0
    async with queue.iterator() as it:
        async for message in it:
            await message.ack()
            got += 1
            if got == n:
                break
    elapsed = time.perf_counter() - start
    await queue.delete()
    await connection.close()
    return elapsed


def pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) in milliseconds."""
    ordered = sorted(values)
    return 1000 * ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


async def _delete_broker_objects(settings: NotifySettings, queues: list[str]) -> None:
    """Leave the broker as it was: the worker's queues and the run's exchange go."""
    connection = await aio_pika.connect(settings.rabbitmq_url)
    async with connection:
        channel = await connection.channel()
        for name in [*queues, topology.unrouted_name(settings.events_exchange)]:
            await channel.queue_delete(name)
        for exchange in (
            settings.events_exchange,
            topology.unrouted_name(settings.events_exchange),
            topology.redelivery_exchange(settings.service_name),
        ):
            await channel.exchange_delete(exchange)


async def bench(args: argparse.Namespace, mongo_url: str) -> None:
    """Run the notify worker and time N-awardee decisions beside raw broker round trips."""
    run = uuid.uuid4().hex[:6]
    settings = NotifySettings(
        env="dev", mongodb_url=mongo_url, rabbitmq_url=args.rabbitmq_url, worker_metrics_port=0,
        mongodb_database=f"bench_notify_{run}", service_name=f"benchnotify{run}",
        events_exchange=f"bench.notify.{run}",
    )  # fmt: skip
    client, watch = mongo.connect(settings.mongodb_url, counter=COUNTER), mongo.connect(settings.mongodb_url)
    uows = unit_of_work_factory(SPEC, settings, client)
    await mongo.ensure_indexes(uows.database, all_indexes(SPEC, settings))
    worker = Worker(settings=settings, database=uows.database, subscriptions=SPEC.subscriptions(uows))
    task = asyncio.create_task(worker.run())
    while not worker.consumers:  # noqa: ASYNC110
        await asyncio.sleep(0.05)
    notify_s, raw_s, trips = [], [], []
    for _ in range(args.runs):
        COUNTER.reset()  # the worker's round trips only: the clock's polling goes through `watch`
        notify_s.append(await notify_run(settings, watch[settings.database_name], args.awardees))
        trips.append(COUNTER.total / args.awardees)
        raw_s.append(await raw_run(settings.rabbitmq_url, args.awardees))
    queues = [q for c in worker.consumers for q in (c.names.main, c.names.dlq, *c.names.retries)]
    worker.stop_event.set()
    await task
    await _delete_broker_objects(settings, queues)
    await client.drop_database(settings.database_name)
    await mongo.close(client)
    await mongo.close(watch)
    ratio = statistics.median(notify_s) / statistics.median(raw_s)
    p50, p99 = pct(notify_s, 0.5), pct(notify_s, 0.99)
    print(f"{args.awardees} awardees x {args.runs} runs (ms)")
    print(f"  notify, award.decided -> last inbox notice stored: p50 {p50:.0f}  p99 {p99:.0f}")
    raw50, raw99 = pct(raw_s, 0.5), pct(raw_s, 0.99)
    print(f"  raw broker round trip, same count:                p50 {raw50:.0f}  p99 {raw99:.0f}")
    print(f"  ratio p50 notify / raw: {ratio:.1f}x  (aim: notify p99 < 1000 ms)")
    print(f"  database round trips per awardee (the worker's, mean of runs): {statistics.mean(trips):.1f}")


def main() -> None:
    """Parse arguments, start an embedded database if none is given, run."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--awardees", type=int, default=100)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--mongo-url", default=os.environ.get("MONGODB_URL"))
    parser.add_argument(
        "--rabbitmq-url", default=os.environ.get("RABBITMQ_URL", "amqp://guest:guest@127.0.0.1:5672/")
    )
    args = parser.parse_args()
    configure_logging(service="bench-notify", level=os.environ.get("BENCH_LOG", "WARNING"), fmt="console")
    with tempfile.TemporaryDirectory() as tmp:
        server = None if args.mongo_url else start_secantusdb(storage=Path(tmp) / "db")
        try:
            asyncio.run(bench(args, server.url if server else args.mongo_url))
        finally:
            if server is not None:
                server.stop()


if __name__ == "__main__":
    main()
