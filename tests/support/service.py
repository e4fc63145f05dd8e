"""Drive a real service in tests: its API in-process (ASGI) and its worker as a task."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from asgi_lifespan import LifespanManager
from thidua import mongo
from thidua.runtime import ServiceSpec, build_api, build_worker, unit_of_work_factory
from thidua.settings import ServiceSettings
from thidua.uow import UnitOfWork, UnitOfWorkFactory
from thidua.worker import Worker

from tests.support import tokens


def token(
    settings: ServiceSettings, *roles: str, association_id: str | None = None, sub: str = "tester"
) -> str:
    """A bearer token the service under test accepts."""
    return tokens.mint(settings.jwt_secret, sub, list(roles), association_id=association_id)


def auth(
    settings: ServiceSettings, *roles: str, association_id: str | None = None, sub: str = "tester"
) -> dict[str, str]:
    """Authorization header for the given roles."""
    return {"Authorization": f"Bearer {token(settings, *roles, association_id=association_id, sub=sub)}"}


@asynccontextmanager
async def api_client(spec: ServiceSpec, settings: ServiceSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The service's FastAPI app with its lifespan (MongoDB, RabbitMQ), behind an httpx client."""
    app = build_api(dataclasses.replace(spec, load_settings=lambda: settings), settings)
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as client,
    ):
        yield client


@asynccontextmanager
async def running_worker(spec: ServiceSpec, settings: ServiceSettings) -> AsyncIterator[Worker]:
    """The service's worker (relay and consumers) running as a task until the block ends."""
    client = mongo.connect(settings.mongodb_url)
    worker = await build_worker(spec, settings, client)
    task = asyncio.create_task(worker.run())
    try:
        while not worker.consumers and len(worker.subscriptions) > 0 and not task.done():  # noqa: ASYNC110
            await asyncio.sleep(0.05)
        yield worker
    finally:
        worker.stop_event.set()
        await asyncio.wait_for(task, timeout=60)
        await mongo.close(client)


def uow_factory(
    spec: ServiceSpec, settings: ServiceSettings, client: mongo.Client
) -> UnitOfWorkFactory[UnitOfWork]:
    """The service's unit-of-work factory, to set up or inspect state directly in tests."""
    return unit_of_work_factory(spec, settings, client)
