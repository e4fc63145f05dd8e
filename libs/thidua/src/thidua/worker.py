"""A service's worker process: outbox relay, consumers, and /healthz /readyz /metrics on a side port."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass, field
from typing import Any

from aio_pika.abc import AbstractRobustConnection
from prometheus_client import CollectorRegistry

from thidua import mongo
from thidua.logging import get_logger
from thidua.messaging import amqp, declare, topology
from thidua.messaging.consumer import Consumer, ConsumerConfig, ConsumerMetrics, Handler
from thidua.messaging.network import Topology
from thidua.messaging.publishers import PublisherCheck
from thidua.messaging.relay import Relay, RelayConfig
from thidua.settings import ServiceSettings

log = get_logger(__name__)


BackgroundTask = Callable[[asyncio.Event], Coroutine[Any, Any, None]]
"""A loop the worker runs beside the relay (e.g. a deadline scheduler); it returns once the event is set."""


@dataclass(frozen=True)
class Subscription:
    """One consumer queue of a service: its name and the handler per event type."""

    consumer: str
    handlers: dict[str, Handler]


def relay_config(settings: ServiceSettings) -> RelayConfig:
    """Relay tuning from settings."""
    return RelayConfig(
        batch_size=settings.relay_batch_size,
        poll_interval_s=settings.relay_poll_interval_s,
        max_attempts=settings.relay_max_attempts,
        lease_ttl_s=settings.relay_lease_ttl_s,
    )


def consumer_config(settings: ServiceSettings) -> ConsumerConfig:
    """Consumer tuning from settings."""
    return ConsumerConfig(
        prefetch=settings.consumer_prefetch,
        concurrency=settings.consumer_concurrency,
        retry_delays_s=tuple(settings.consumer_retry_delays_s),
        delivery_limit=settings.consumer_delivery_limit,
        batch_size=settings.consumer_batch_size,
        transient_limit_s=settings.consumer_transient_limit_s,
    )


@dataclass
class Worker:
    """Runs a relay and the given consumers until stopped."""

    settings: ServiceSettings
    database: mongo.Database
    subscriptions: Sequence[Subscription]
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    run_relay: bool = True
    background: Sequence[BackgroundTask] = ()
    stop_event: asyncio.Event = field(default_factory=asyncio.Event)
    connection: AbstractRobustConnection | None = None
    consumers: list[Consumer] = field(default_factory=list)
    relay: Relay | None = None
    topology: Topology | None = None
    """The broker topology applied at start (None: only this worker's own consumer queues)."""
    started: bool = False
    """True once connected, with its queues declared, consumers started and recorded (readiness)."""

    async def start(self) -> None:
        """Connect, apply the topology, prepare the relay, start consumers."""
        name = f"{self.settings.service_name}-worker"
        self.connection = await amqp.connect(
            self.settings.rabbitmq_url, name=name, startup_timeout_s=self.settings.amqp_startup_timeout_s
        )
        if self.topology is not None:  # every queue in place before this worker's relay publishes
            await declare.apply(self.connection, self.topology)
        if self.run_relay:
            await topology.ensure_exchange(self.connection, self.settings.events_exchange)
            channel = await amqp.open_channel(self.connection)
            self.relay = Relay(
                database=self.database,
                exchange=await channel.get_exchange(self.settings.events_exchange, ensure=False),
                config=relay_config(self.settings),
                metrics_registry=self.registry,
                user_id=amqp.user_of(self.settings.rabbitmq_url),
            )
        metrics = ConsumerMetrics(registry=self.registry)
        for sub in self.subscriptions:
            consumer = Consumer(
                name=sub.consumer,
                service=self.settings.service_name,
                exchange_name=self.settings.events_exchange,
                handlers=sub.handlers,
                config=consumer_config(self.settings),
                metrics=metrics,
                publishers=PublisherCheck.for_broker_user(amqp.user_of(self.settings.rabbitmq_url)),
            )
            await consumer.start(self.connection)
            self.consumers.append(consumer)

    async def run(self) -> None:
        """Start (unless started) and run the relay until `stop_event` is set; then shut down gracefully."""
        if self.connection is None:
            await self.start()
        loops = [asyncio.create_task(task(self.stop_event)) for task in self.background]
        try:
            if self.relay is not None:
                await self.relay.run(self.stop_event)
            else:
                await self.stop_event.wait()
        finally:
            self.stop_event.set()
            for outcome in await asyncio.gather(*loops, return_exceptions=True):
                if isinstance(outcome, BaseException):
                    log.error("worker.background_failed", error=repr(outcome))
            await self.shutdown()

    async def shutdown(self) -> None:
        """Stop consumers (in-flight messages finish or return to the queue) and close the connection."""
        for consumer in self.consumers:
            await consumer.stop()
        self.consumers.clear()
        if self.connection is not None and not self.connection.is_closed:
            await self.connection.close()


def install_signal_handlers(stop: asyncio.Event) -> None:
    """SIGINT/SIGTERM set the stop event (graceful shutdown)."""
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
