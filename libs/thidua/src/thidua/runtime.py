"""Process entry points shared by the services: `python -m <service> api|worker`.

Each service's `bootstrap.py` is its composition root; this module only holds what every service does the
same way (connect, create indexes, serve HTTP, run the worker loop, shut down on SIGTERM).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import signal
import sys
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import uvicorn
from fastapi import APIRouter, FastAPI
from pydantic import ValidationError

from thidua import mongo
from thidua.http.app import create_app
from thidua.http.idempotency import idempotency_indexes
from thidua.logging import configure_logging, get_logger
from thidua.messaging import amqp, network
from thidua.messaging.inbox import inbox_indexes
from thidua.messaging.network import Topology
from thidua.messaging.outbox import outbox_indexes
from thidua.settings import ServiceSettings, SettingsError, missing_environment_message
from thidua.uow import UnitOfWork, UnitOfWorkFactory
from thidua.worker import BackgroundTask, Subscription, Worker, install_signal_handlers

log = get_logger(__name__)
CONSUMERS = "consumers"


@dataclass(frozen=True)
class ServiceSpec:
    """What makes one service: its name, HTTP routers, unit of work, indexes and subscriptions."""

    name: str
    title: str
    version: str
    load_settings: Callable[[], ServiceSettings]
    routers: Sequence[APIRouter] = ()
    uow_class: type[UnitOfWork] = UnitOfWork
    indexes: Mapping[str, Sequence[mongo.IndexModel]] = field(default_factory=dict)
    subscriptions: Callable[[UnitOfWorkFactory[Any]], Sequence[Subscription]] = lambda _uows: ()
    background: Callable[[UnitOfWorkFactory[Any], ServiceSettings], Sequence[BackgroundTask]] = (
        lambda _uows, _settings: ()
    )


def all_indexes(spec: ServiceSpec, settings: ServiceSettings) -> dict[str, list[mongo.IndexModel]]:
    """The service's own indexes plus those of the outbox, inbox and idempotency records."""
    merged: dict[str, list[mongo.IndexModel]] = {k: list(v) for k, v in spec.indexes.items()}
    for extra in (
        outbox_indexes(retention_days=settings.outbox_retention_days),
        inbox_indexes(retention_days=settings.inbox_retention_days),
        idempotency_indexes(settings.idempotency_retention_hours),
    ):
        for collection, models in extra.items():
            merged.setdefault(collection, []).extend(models)
    return merged


def unit_of_work_factory(
    spec: ServiceSpec, settings: ServiceSettings, client: mongo.Client
) -> UnitOfWorkFactory[UnitOfWork]:
    """The service's unit-of-work factory on its own database."""
    return UnitOfWorkFactory(
        client=client, database=client[settings.database_name], producer=spec.name, build=spec.uow_class
    )


def build_api(spec: ServiceSpec, settings: ServiceSettings) -> FastAPI:
    """The service's FastAPI app; connections open in the lifespan and land on `app.state`."""
    state: dict[str, Any] = {}

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        client = mongo.connect(settings.mongodb_url, app_name=f"{spec.name}-api")
        uows = unit_of_work_factory(spec, settings, client)
        await mongo.ensure_indexes(uows.database, all_indexes(spec, settings))
        connection = await amqp.connect(
            settings.rabbitmq_url,
            name=f"{spec.name}-api",
            startup_timeout_s=settings.amqp_startup_timeout_s,
        )
        app.state.settings, app.state.client, app.state.db, app.state.uows = (
            settings,
            client,
            uows.database,
            uows,
        )
        state.update(client=client, connection=connection)
        try:
            yield
        finally:
            await connection.close()
            await mongo.close(client)

    return create_app(
        settings=settings,
        title=spec.title,
        version=spec.version,
        routers=spec.routers,
        readiness_checks=_readiness(state),
        lifespan=lifespan,
        internal_port=settings.internal_port,
    )


def _readiness(state: dict[str, Any]) -> dict[str, Callable[[], Awaitable[None]]]:
    async def mongodb() -> None:
        await mongo.ping(state["client"])

    async def rabbitmq() -> None:
        if state["connection"].is_closed:
            raise ConnectionError("RabbitMQ connection is closed (reconnecting)")

    return {"mongodb": mongodb, "rabbitmq": rabbitmq}


async def build_worker(spec: ServiceSpec, settings: ServiceSettings, client: mongo.Client) -> Worker:
    """The service's worker (relay, consumers, background loops) on its database, indexes in place."""
    uows = unit_of_work_factory(spec, settings, client)
    await mongo.ensure_indexes(uows.database, all_indexes(spec, settings))
    subscriptions = spec.subscriptions(uows)
    return Worker(
        settings=settings,
        database=uows.database,
        subscriptions=subscriptions,
        background=spec.background(uows, settings),
        topology=worker_topology(spec, settings, subscriptions),
    )


def worker_topology(
    spec: ServiceSpec, settings: ServiceSettings, subscriptions: Sequence[Subscription]
) -> Topology:
    """What a worker applies at start: under its own name, the whole network's topology (its own live
    subscriptions in place of the packaged copy); renamed into a test or benchmark network (whose topology
    the tools' isolated systems apply before starting it), the exchange with its unrouted queue and its own
    queues."""
    own = {sub.consumer: sorted(sub.handlers) for sub in subscriptions}
    if settings.service_name != spec.name:
        return network.build(
            exchange=settings.events_exchange,
            retry_delays_s=settings.consumer_retry_delays_s,
            delivery_limit=settings.consumer_delivery_limit,
            subscriptions={spec.name: own} if own else {},
            names={spec.name: settings.service_name},
            readers=False,
        )
    subs = {name: subs for name, subs in network.packaged_subscriptions().items() if name != spec.name}
    return network.from_settings(settings, subscriptions=subs | ({spec.name: own} if own else {}))


async def run_worker(spec: ServiceSpec, settings: ServiceSettings) -> None:
    """Relay and consumers until SIGINT/SIGTERM, with health and metrics on the worker port."""
    client = mongo.connect(settings.mongodb_url, app_name=f"{spec.name}-worker")
    worker = await build_worker(spec, settings, client)
    install_signal_handlers(worker.stop_event)
    server = _side_server(spec, settings, worker, client)
    server_task = asyncio.create_task(server.serve()) if server is not None else None
    try:
        await worker.start()
        await _register_consumers(worker.database, worker)
        worker.started = True
        await worker.run()
    finally:
        if server is not None and server_task is not None:
            server.should_exit = True
            await server_task
        await mongo.close(client)


async def _register_consumers(database: mongo.Database, worker: Worker) -> None:
    """Record this service's consumer queues so operator commands can find their dead-letter queues."""
    for sub in worker.subscriptions:
        names = [c.names for c in worker.consumers if c.name == sub.consumer]
        if not names:
            continue
        doc = {"queue": names[0].main, "dlq": names[0].dlq, "types": sorted(sub.handlers)}
        await database[CONSUMERS].update_one({"_id": sub.consumer}, {"$set": doc}, upsert=True)


def _side_server(
    spec: ServiceSpec, settings: ServiceSettings, worker: Worker, client: mongo.Client
) -> uvicorn.Server | None:
    if not settings.worker_metrics_port:
        return None
    state: dict[str, Any] = {"client": client}

    async def rabbitmq() -> None:
        if worker.connection is None or worker.connection.is_closed:
            raise ConnectionError("RabbitMQ connection is closed (reconnecting)")
        if not worker.started:
            raise ConnectionError("starting: queues and consumers not yet declared")

    checks = {**_readiness(state), "rabbitmq": rabbitmq}
    app = create_app(
        settings=settings,
        title=f"{spec.title} worker",
        version=spec.version,
        readiness_checks=checks,
        metrics_registry=worker.registry,
    )
    config = uvicorn.Config(
        app, host=settings.http_host, port=settings.worker_metrics_port, log_config=None, access_log=False
    )
    server = uvicorn.Server(config)
    server.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]  # worker owns signals
    return server


@contextlib.contextmanager
def _exit_on_signal(server: uvicorn.Server) -> Iterator[None]:
    """SIGINT/SIGTERM end the server gracefully and the process exits 0 (uvicorn would re-raise them)."""

    def stop(_sig: int, _frame: object) -> None:
        server.should_exit = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


async def serve_api(app: FastAPI, settings: ServiceSettings) -> None:
    """Serve the API on its port and, when configured, its docs and metrics on the internal port."""

    def server_for(target: FastAPI, port: int) -> uvicorn.Server:
        config = uvicorn.Config(target, host=settings.http_host, port=port, log_config=None, access_log=False)
        return uvicorn.Server(config)

    server = server_for(app, settings.http_port)
    server.capture_signals = lambda: _exit_on_signal(server)  # type: ignore[method-assign]
    internal_app: FastAPI | None = getattr(app.state, "internal_app", None)
    if internal_app is None:
        await server.serve()
        return
    internal = server_for(internal_app, settings.internal_port)
    internal.capture_signals = contextlib.nullcontext  # type: ignore[method-assign,assignment]
    internal_task = asyncio.create_task(internal.serve())
    try:
        await server.serve()
    finally:
        internal.should_exit = True
        await internal_task


def load_or_explain(spec: ServiceSpec) -> ServiceSettings | None:
    """The settings, or None after saying on stderr what is missing (the process then refuses to start)."""
    try:
        return spec.load_settings()
    except ValidationError as exc:
        if any(error["loc"] == ("env",) and error["type"] == "missing" for error in exc.errors()):
            print(missing_environment_message(spec.name), file=sys.stderr)
            return None
        print(f"{spec.name}: invalid settings: {exc}", file=sys.stderr)
        return None
    except SettingsError as exc:
        print(f"{spec.name}: {exc}", file=sys.stderr)
        return None


def main(spec: ServiceSpec, argv: Sequence[str] | None = None) -> int:
    """`python -m <service> api|worker`."""
    parser = argparse.ArgumentParser(prog=spec.name, description=spec.title)
    parser.add_argument("role", choices=["api", "worker"], help="the HTTP API or the background worker")
    args = parser.parse_args(argv)
    settings = load_or_explain(spec)
    if settings is None:
        return 2
    configure_logging(service=f"{spec.name}-{args.role}", level=settings.log_level, fmt=settings.log_format)
    if args.role == "api":
        asyncio.run(serve_api(build_api(spec, settings), settings))
    else:
        asyncio.run(run_worker(spec, settings))
    return 0
