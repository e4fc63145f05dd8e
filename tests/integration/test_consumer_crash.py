"""A consumer process killed with SIGKILL mid-batch: after a restart every event is applied exactly once.

The consumer runs in a process of its own (tests/support/consumer_proc.py), so the kill is a real one:
open transactions, unacknowledged deliveries and the prefetch window all die with it.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import pytest
from aio_pika.abc import AbstractRobustConnection
from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.messaging import amqp, dlq, topology
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory

from tests.integration.conftest import all_queues
from tests.support import ledger

pytestmark = pytest.mark.integration

EVENTS = 500
KILL_AFTER = 50
REPO_ROOT = Path(__file__).resolve().parents[2]


class ConsumerProcess:
    """One `python -m tests.support.consumer_proc` child, its stderr in a log file."""

    def __init__(self, settings: ServiceSettings, database: str, log_path: Path) -> None:
        self.log_path = log_path
        self._log: IO[bytes] = log_path.open("wb")
        env = {
            **os.environ,
            "THIDUA_ENV": "test",
            "THIDUA_JWT_SECRET": settings.jwt_secret.get_secret_value(),
            "THIDUA_CONSUMER_RETRY_DELAYS_S": json.dumps(settings.consumer_retry_delays_s),
            "THIDUA_LOG_FORMAT": "json",
        }
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.support.consumer_proc",
                "--mongo-url",
                settings.mongodb_url,
                "--database",
                database,
                "--rabbitmq-url",
                settings.rabbitmq_url,
                "--exchange",
                settings.events_exchange,
                "--service",
                settings.service_name,
            ],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=self._log,
        )

    async def ready(self, timeout_s: float = 30.0) -> dict[str, Any]:
        """Wait for the line the child prints once it consumes."""
        assert self.process.stdout is not None
        try:
            line = await asyncio.wait_for(asyncio.to_thread(self.process.stdout.readline), timeout_s)
        except TimeoutError:
            raise AssertionError(
                f"the consumer process did not get ready in {timeout_s} s\n{self.log_tail()}"
            ) from None
        if not line:
            raise AssertionError(f"the consumer process exited ({self.process.poll()})\n{self.log_tail()}")
        return json.loads(line)  # type: ignore[no-any-return]

    def signal(self, sig: signal.Signals, *, timeout_s: float = 30.0) -> int:
        """Send a signal and wait for the child to end; returns its exit code."""
        self.process.send_signal(sig)
        try:
            return self.process.wait(timeout=timeout_s)
        except subprocess.TimeoutExpired:
            raise AssertionError(
                f"the consumer process ignored {sig.name} for {timeout_s} s\n{self.log_tail()}"
            ) from None

    def log_tail(self, lines: int = 30) -> str:
        self._log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])

    def close(self) -> None:
        """Stop the child if it still runs: SIGTERM (graceful), then SIGKILL."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()


@contextmanager
def consumer_processes() -> Iterator[list[ConsumerProcess]]:
    """Every child started through the yielded list is killed on the way out, whatever happened."""
    started: list[ConsumerProcess] = []
    try:
        yield started
    finally:
        for child in started:
            child.close()


async def abort_abandoned_transactions(client: mongo.Client) -> None:
    """Clean-up only: the killed child's transactions stay open on the server until their lifetime runs
    out (60 s, like mongod's transactionLifetimeLimitSeconds), and dropping the test database waits for
    them. Each xdist worker has its own server running one test at a time, so nothing else is hit."""
    await client.admin.command("killAllSessions", [])


async def publish_all(
    connection: AbstractRobustConnection, settings: ServiceSettings, events: list[Envelope]
) -> None:
    """Publish with confirms, a chunk at a time."""
    channel = await amqp.open_channel(connection)
    exchange = await topology.declare_exchange(channel, settings.events_exchange)
    for start in range(0, len(events), 100):
        chunk = events[start : start + 100]
        await asyncio.gather(*(exchange.publish(amqp.message_for(e), routing_key=e.type) for e in chunk))
    await channel.close()


def entries(count: int) -> list[Envelope]:
    return [
        Envelope.wrap(
            ledger.EntryRecorded(account=f"acc{i % 5}", amount=i % 7 + 1, n=i),
            subject=f"acc{i % 5}",
            correlation_id=f"corr-{i}",
        )
        for i in range(count)
    ]


async def dead_letters(connection: AbstractRobustConnection, dlq_name: str) -> list[dlq.DeadLetter]:
    channel = await connection.channel()
    try:
        if await dlq.depth(channel, dlq_name) == 0:
            return []
        return await dlq.peek(channel, dlq_name, limit=5)
    finally:
        await channel.close()


async def test_a_consumer_killed_mid_batch_applies_every_event_exactly_once_after_a_restart(
    tmp_path: Path,
    connection: AbstractRobustConnection,
    settings: ServiceSettings,
    mongo_client: mongo.Client,
    consumer_uows: UnitOfWorkFactory[UnitOfWork],
    consumer_db: mongo.Database,
    broker_cleanup: list[str],
) -> None:
    # Declare the queues exactly as the consumer does, so the events wait in its queue before it runs.
    declarer = ledger.ledger_consumer(settings, consumer_uows)
    names = declarer.names
    broker_cleanup.extend(all_queues(names))
    await declarer.start(connection)
    await declarer.stop()
    events = entries(EVENTS)
    await publish_all(connection, settings, events)

    async def applied() -> int:
        return await consumer_db["effects"].count_documents({})

    try:
        with consumer_processes() as children:
            first = ConsumerProcess(settings, consumer_db.name, tmp_path / "consumer-1.log")
            children.append(first)
            ready = await first.ready()
            assert (ready["main"], ready["retries"]) == (names.main, names.retries)

            async def some_applied() -> bool:
                return await applied() >= KILL_AFTER

            await ledger.wait_until(some_applied, timeout_s=60, interval_s=0.01)
            assert first.signal(signal.SIGKILL) == -signal.SIGKILL
            at_kill = await applied()
            assert KILL_AFTER <= at_kill < EVENTS, (
                f"the kill landed after the whole batch ({at_kill} effects)"
            )

            second = ConsumerProcess(settings, consumer_db.name, tmp_path / "consumer-2.log")
            children.append(second)
            await second.ready()

            async def all_applied() -> bool | str:
                count = len(await ledger.effect_counts(consumer_db))
                if count == EVENTS:
                    return True
                letters = await dead_letters(connection, names.dlq)
                if letters:  # terminal: these events will not be applied without an operator
                    raise AssertionError(
                        f"{at_kill} effects at the kill, {count} now, and events dead-lettered instead of "
                        f"applied, e.g. {letters[0].message_id}: {letters[0].reason[:300]}"
                    )
                return f"{count} of {EVENTS} applied"

            await ledger.wait_until(all_applied, timeout_s=120, interval_s=0.2)
            await asyncio.sleep(1.0)  # a doubled effect would land now
            assert second.signal(signal.SIGTERM) == 0, second.log_tail()
    finally:
        await abort_abandoned_transactions(mongo_client)

    counts = await ledger.effect_counts(consumer_db)
    assert set(counts) == {e.id for e in events}
    doubled = {event_id: n for event_id, n in counts.items() if n != 1}
    assert doubled == {}, f"events applied more than once: {doubled}"
    balances = {doc["_id"]: doc async for doc in consumer_db["balances"].find({})}
    assert sum(doc["count"] for doc in balances.values()) == EVENTS
    for account in {f"acc{i % 5}" for i in range(EVENTS)}:
        expected = [i % 7 + 1 for i in range(EVENTS) if f"acc{i % 5}" == account]
        assert (balances[account]["count"], balances[account]["total"]) == (len(expected), sum(expected))
    assert await consumer_db["inbox"].count_documents({}) == EVENTS
    assert await dead_letters(connection, names.dlq) == []
