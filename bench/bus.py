"""Bus benchmark: outbox → relay → broker → consumer + inbox, vs its database floor and raw aio-pika.

`uv run python bench/bus.py --events 2000 [--mongo-url URL] [--rabbitmq-url URL]`; see bench/README.md.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import statistics
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, ClassVar

import aio_pika
from prometheus_client import CollectorRegistry
from thidua import mongo
from thidua.contracts.base import Envelope, EventData, utcnow
from thidua.logging import configure_logging
from thidua.messaging import amqp, topology
from thidua.messaging.consumer import Consumer
from thidua.messaging.inbox import inbox_indexes
from thidua.messaging.outbox import outbox_indexes
from thidua.messaging.relay import Relay
from thidua.settings import ServiceSettings as Settings
from thidua.uow import UnitOfWork, UnitOfWorkFactory, idempotent
from thidua.worker import consumer_config, relay_config
from thidua_tools.embedded import start_secantusdb

EVENT_TYPE = "bench.ledger.recorded"
ACCOUNTS = 64  # > consumer concurrency, so concurrent effects rarely conflict on one balance
BATCH = 100  # raw broker: confirms awaited per batch, and the consumer's prefetch
COUNTER = mongo.CommandCounter()  # every database command (round trip) of this process
Figures = dict[str, float]
Uows = UnitOfWorkFactory[UnitOfWork]
Work = Callable[[UnitOfWork, int], Awaitable[None]]


class EntryRecorded(EventData):  # the benchmark's event, as in tests/support/ledger.py
    event_type: ClassVar[str] = EVENT_TYPE
    producer: ClassVar[str] = "bench"
    account: str
    amount: int
    n: int


def event(n: int) -> EntryRecorded:
    return EntryRecorded(account=f"acc{n % ACCOUNTS}", amount=1, n=n)


async def write_entry(uow: UnitOfWork, n: int) -> None:  # the producer's state write
    doc = {"_id": str(uuid.uuid4()), "account": event(n).account, "amount": 1, "n": n}
    await uow.database["entries"].insert_one(doc, session=uow.session)


async def write_effect(uow: UnitOfWork, event_id: str, n: int) -> None:
    """The consumer's effect ($inc a balance, log the effect), like ledger.apply_entry."""
    db, session, inc = uow.database, uow.session, {"$inc": {"total": 1, "count": 1}}
    await db["balances"].update_one({"_id": event(n).account}, inc, upsert=True, session=session)
    await db["effects"].insert_one({"_id": str(uuid.uuid4()), "event_id": event_id, "n": n}, session=session)


async def record(uow: UnitOfWork, n: int) -> None:
    """State write plus outbox entry in one transaction, like ledger.record."""
    await write_entry(uow, n)
    await uow.emit(event(n), subject=event(n).account, correlation_id=f"c{n}")


def factory(client: mongo.Client, database: mongo.Database) -> Uows:
    return UnitOfWorkFactory(client=client, database=database, producer="bench", build=UnitOfWork)


def produce(uows: Uows, n: int, tasks: int, work: Work) -> tuple[asyncio.Queue[int], asyncio.Future[Any]]:
    """Start `n` transactions from `tasks` concurrent tasks; each committed n goes to the queue."""

    async def one(first: int) -> None:
        for i in range(first, n, tasks):
            await uows.run(lambda uow, i=i: work(uow, i))  # type: ignore[misc]
            committed.put_nowait(i)

    committed: asyncio.Queue[int] = asyncio.Queue()
    return committed, asyncio.gather(*(one(t) for t in range(tasks)))


async def run_pipeline(client: mongo.Client, settings: Settings, tok: str, n: int, tasks: int) -> Figures:
    pdb, cdb = client[f"bench_{tok}_p"], client[f"bench_{tok}_c"]
    await mongo.ensure_indexes(pdb, outbox_indexes(retention_days=settings.outbox_retention_days))
    await mongo.ensure_indexes(cdb, inbox_indexes(retention_days=settings.inbox_retention_days))
    connection = await amqp.connect(settings.rabbitmq_url, name="bench-pipeline")
    done, latencies = asyncio.Event(), list[float]()

    applied_once = idempotent("effects", factory(client, cdb), lambda e, d, uow: write_effect(uow, e.id, d.n))

    async def counted(envelope: Envelope, data: EventData) -> bool:
        applied = await applied_once(envelope, data)  # returns once the effect and inbox claim committed
        if applied:
            latencies.append((utcnow() - envelope.occurred_at).total_seconds())
            if len(latencies) >= n:
                done.set()
        return applied

    consumer = Consumer(
        name="effects",
        service=settings.service_name,
        exchange_name=settings.events_exchange,
        handlers={EVENT_TYPE: counted},
        config=consumer_config(settings),
        event_types={EVENT_TYPE: EntryRecorded},
    )
    await consumer.start(connection)
    exchange = await topology.declare_exchange(await amqp.open_channel(connection), settings.events_exchange)
    registry, stop, backlog = CollectorRegistry(), asyncio.Event(), 0.0
    relay = Relay(database=pdb, exchange=exchange, config=relay_config(settings), metrics_registry=registry)
    assert await relay.lease.acquire_or_renew(), "a fresh lease collection is free"
    relay_task = asyncio.create_task(relay.run(stop))
    started, cpu, commands = time.perf_counter(), time.process_time(), COUNTER.total
    committed, producers = produce(factory(client, pdb), n, tasks, record)
    while not producers.done():  # sample the relay's backlog: committed entries not yet published
        published = registry.get_sample_value("thidua_outbox_published_total") or 0.0
        backlog = max(backlog, committed.qsize() - published)
        await asyncio.wait([producers], timeout=0.02)
    await producers
    written = time.perf_counter() - started
    await asyncio.wait_for(done.wait(), timeout=max(120.0, n / 5))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    stop.set()
    await relay_task
    await consumer.stop()
    await connection.close()
    return {
        "events_per_s": n / elapsed,
        "drain_after_last_commit_s": elapsed - written,
        "latency_p50_ms": 1000 * statistics.median(latencies),
        "latency_p99_ms": 1000 * statistics.quantiles(latencies, n=100)[98],
        "relay_backlog_max": backlog,
        "client_cpu_ms_per_event": 1000 * cpu / n,
        "db_commands_per_event": (COUNTER.total - commands) / n,
    }


async def run_floor(client: mongo.Client, settings: Settings, tok: str, n: int, tasks: int) -> Figures:
    """The same state and effect transactions, handed over through an in-memory queue instead of the bus."""
    effects = factory(client, client[f"bench_{tok}_fc"])

    async def consume() -> None:
        while (i := await committed.get()) >= 0:  # -1: the producers are done
            await effects.run(lambda uow, i=i: write_effect(uow, str(uuid.uuid4()), i))  # type: ignore[misc]

    started, cpu, commands = time.perf_counter(), time.process_time(), COUNTER.total
    committed, producers = produce(factory(client, client[f"bench_{tok}_fp"]), n, tasks, write_entry)
    consumers = asyncio.gather(*(consume() for _ in range(settings.consumer_concurrency)))
    await producers
    for _ in range(settings.consumer_concurrency):
        committed.put_nowait(-1)
    await asyncio.wait_for(consumers, timeout=max(120.0, n / 5))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    return {
        "events_per_s": n / elapsed,
        "client_cpu_ms_per_event": 1000 * cpu / n,
        "db_commands_per_event": (COUNTER.total - commands) / n,
    }


async def run_raw(settings: Settings, n: int) -> Figures:
    """Persistent messages like the pipeline's (body size, properties) through a quorum queue like its own."""
    connection = await amqp.connect(settings.rabbitmq_url, name="bench-raw")
    exchange = await topology.declare_exchange(await amqp.open_channel(connection), settings.events_exchange)
    channel, quorum = await amqp.open_channel(connection, prefetch=BATCH), {"x-queue-type": "quorum"}
    queue = await channel.declare_queue(f"{settings.service_name}.raw", durable=True, arguments=quorum)
    await queue.bind(exchange, routing_key="bench.raw")
    body = Envelope.wrap(event(0), subject=event(0).account, correlation_id="c0").to_body()

    def publish(i: int) -> Awaitable[Any]:
        message = amqp.envelope_message(body=body, event_id=str(i), event_type=EVENT_TYPE, correlation_id="c")
        return exchange.publish(message, routing_key="bench.raw")

    started = time.perf_counter()
    for first in range(0, n, BATCH):
        await asyncio.gather(*(publish(i) for i in range(first, min(n, first + BATCH))))
    published = time.perf_counter() - started
    got, done = [0], asyncio.Event()

    async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
        await message.ack()
        got[0] += 1
        if got[0] >= n:
            done.set()

    started = time.perf_counter()
    tag = await queue.consume(on_message)
    await asyncio.wait_for(done.wait(), timeout=max(60.0, n / 50))
    consumed = time.perf_counter() - started
    await queue.cancel(tag)
    await connection.close()
    rates = {"publish_per_s": n / published, "consume_per_s": n / consumed}
    return {**rates, "round_trip_per_s": n / (published + consumed), "body_bytes": float(len(body))}


async def cleanup(settings: Settings, client: mongo.Client, tok: str) -> None:
    delays = settings.consumer_retry_delays_s
    names = topology.queue_names(service=settings.service_name, consumer="effects", delays_s=delays)
    connection = await aio_pika.connect(settings.rabbitmq_url)
    try:
        channel = await connection.channel()  # deleting what does not exist is no error for RabbitMQ
        for name in [names.main, names.dlq, *names.retries, f"{settings.service_name}.raw"]:
            await channel.queue_delete(name)
        for exchange in (settings.events_exchange, names.redelivery):
            await channel.exchange_delete(exchange)
    finally:
        await connection.close()
    for name in await client.list_database_names():
        if name.startswith(f"bench_{tok}_"):
            await client.drop_database(name)


async def bench(args: argparse.Namespace, mongo_url: str) -> dict[str, Any]:
    tok = uuid.uuid4().hex[:8]
    settings = Settings(env="dev", service_name=f"bench{tok}", events_exchange=f"bench.events.{tok}")
    settings.rabbitmq_url = args.rabbitmq_url  # other THIDUA_* variables (e.g. consumer tuning) apply
    client, events, tasks = mongo.connect(mongo_url, counter=COUNTER), args.events, args.producers
    runs: dict[str, list[Figures]] = {"floor": [], "pipeline": []}
    try:
        for i, part in enumerate(["floor", "pipeline"] * 2 + ["pipeline", "floor"]):  # 2 warm-ups, then ABBA
            run = run_floor if part == "floor" else run_pipeline
            figures = await run(client, settings, tok, events if i > 1 else min(200, events), tasks)
            runs[part] += [figures] if i > 1 else []
        raw = await run_raw(settings, events)
    finally:
        await cleanup(settings, client, tok)
        await mongo.close(client)
    floor, pipeline = combine(runs["floor"]), combine(runs["pipeline"])
    return {
        "events": args.events,
        "producers": args.producers,
        "consumer_concurrency": settings.consumer_concurrency,
        "pipeline": pipeline,
        "floor": floor,
        "raw": raw,
        "ratio_pipeline_floor": pipeline["events_per_s"] / floor["events_per_s"],
        "ratio_pipeline_raw": pipeline["events_per_s"] / raw["round_trip_per_s"],
        "runs_events_per_s": {k: [r["events_per_s"] for r in v] for k, v in runs.items()},
    }


def combine(runs: list[Figures]) -> Figures:
    """Rates: harmonic mean (all events over all the time); backlog: max; the rest: mean."""
    how: dict[str, Callable[[list[float]], float]] = {"relay_backlog_max": max}
    how["events_per_s"] = statistics.harmonic_mean
    return {k: how.get(k, statistics.mean)([r[k] for r in runs]) for k in runs[0]}


def report(r: dict[str, Any]) -> None:
    p, f, w = r["pipeline"], r["floor"], r["raw"]
    pc, fc = p["client_cpu_ms_per_event"], f["client_cpu_ms_per_event"]
    pr, fr = p["db_commands_per_event"], f["db_commands_per_event"]
    runs = " | ".join(f"{k} {' '.join(f'{x:.0f}' for x in v)}" for k, v in r["runs_events_per_s"].items())
    print(f"\n{r['events']} events per run, {r['producers']} producer tasks, {w['body_bytes']:.0f} B bodies")
    rows = [
        ("pipeline: outbox → relay → broker → consumer+inbox → effect", f"{p['events_per_s']:.0f} events/s"),
        ("  drain after the last producer commit", f"{p['drain_after_last_commit_s']:.2f} s"),
        ("  write → effect latency p50 / p99", f"{p['latency_p50_ms']:.0f} / {p['latency_p99_ms']:.0f} ms"),
        ("  relay backlog max (committed, not yet published)", f"{p['relay_backlog_max']:.0f} entries"),
        ("database floor: same state + effect transactions, no bus", f"{f['events_per_s']:.0f} events/s"),
        ("client CPU per event (this process): pipeline / floor", f"{pc:.2f} / {fc:.2f} ms"),
        ("database round trips per event: pipeline / floor", f"{pr:.1f} / {fr:.1f}"),
        (f"raw aio-pika publish, persistent, confirms per {BATCH}", f"{w['publish_per_s']:.0f} msg/s"),
        (f"raw aio-pika consume, prefetch {BATCH}, ack each", f"{w['consume_per_s']:.0f} msg/s"),
        ("raw aio-pika round trip (publish all, then consume all)", f"{w['round_trip_per_s']:.0f} msg/s"),
        ("events/s of each run (order: floor, pipeline, pipeline, floor)", runs),
        ("ratio pipeline / database floor (aim ≥ 0.70)", f"{r['ratio_pipeline_floor']:.2f}"),
        ("ratio pipeline / raw broker round trip", f"{r['ratio_pipeline_raw']:.2f}"),
    ]
    print("\n".join(f"{label:<64} {value:>14}" for label, value in rows))
    print(json.dumps(json.loads(json.dumps(r), parse_float=lambda x: round(float(x), 3))))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=2000)
    parser.add_argument("--producers", type=int, default=8)
    parser.add_argument("--mongo-url", default=os.environ.get("MONGODB_URL"))
    parser.add_argument("--rabbitmq-url", default=Settings(env="dev").rabbitmq_url)  # RABBITMQ_URL
    args = parser.parse_args()
    configure_logging(service="bench", level="WARNING", fmt="json")
    loop_name = "uvloop" if importlib.util.find_spec("uvloop") else "asyncio"  # same loop for every part
    run: Callable[[Awaitable[dict[str, Any]]], dict[str, Any]] = importlib.import_module(loop_name).run
    with tempfile.TemporaryDirectory(prefix="bench-bus-") as tmp:
        server = None if args.mongo_url else start_secantusdb(storage=Path(tmp) / "db")
        try:
            print(f"loop {loop_name}; MongoDB {args.mongo_url or 'embedded SecantusDB'}", flush=True)
            result = run(bench(args, server.url if server else args.mongo_url))
        finally:
            if server is not None:
                server.stop()
    report({"loop": loop_name, **result})


if __name__ == "__main__":
    main()
