"""Test harness: real RabbitMQ and a real MongoDB-wire server, isolated per test.

Where a Docker engine answers, testcontainers start MongoDB (single-node replica set) and RabbitMQ.
Otherwise the RabbitMQ at RABBITMQ_URL is used and SecantusDB is started as a subprocess on a free port
(one per pytest-xdist worker). Each test gets its own database and its own exchange/queue names.
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from thidua import mongo
from thidua.settings import ServiceSettings
from thidua_tools.embedded import free_port

from tests.integration.notify.conftest import Mailbox
from tests.support import tokens
from tests.support.infra import DEFAULT_RABBITMQ_URL, Infra, remove_broker_leftovers, start_infra


@pytest.fixture(scope="session")
def infra(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Infra]:
    """RabbitMQ and MongoDB endpoints for the whole session (per xdist worker)."""
    running = start_infra(tmp_path_factory.mktemp("infra"))
    try:
        yield running
    finally:
        running.stop()


_TOKENS: list[str] = []


@pytest.fixture
def unique() -> str:
    """A short unique token for names of this test's databases, exchanges and queues."""
    token = uuid.uuid4().hex[:10]
    _TOKENS.append(token)
    return token


@pytest.fixture
async def mongo_client(infra: Infra) -> AsyncIterator[mongo.Client]:
    """A driver client bound to this test's event loop."""
    client = mongo.connect(infra.mongo_url)
    try:
        yield client
    finally:
        await mongo.close(client)


@pytest.fixture
async def mongo_db(mongo_client: mongo.Client, unique: str) -> AsyncIterator[mongo.Database]:
    """A database no other test uses; dropped afterwards."""
    name = f"t_{unique}"
    try:
        yield mongo_client[name]
    finally:
        await mongo_client.drop_database(name)


@pytest.fixture
def settings_factory(infra: Infra, unique: str) -> object:
    """Build ServiceSettings pointing at the test infrastructure with isolated names."""

    def build(service: str = "svc", **overrides: object) -> ServiceSettings:
        values: dict[str, object] = {
            "service_name": f"{service}{unique}",  # queue names derive from it: unique per test
            "env": "test",
            "jwt_secret": "test-secret-" + "x" * 40,
            **tokens.SETTINGS,
            "public_rate_limit": "100000/minute",  # tests call public endpoints often from one address
            "mongodb_url": infra.mongo_url,
            "mongodb_database": f"t_{unique}_{service}",
            "rabbitmq_url": infra.rabbitmq_url,
            "events_exchange": f"thidua.events.t{unique}",
            "consumer_retry_delays_s": [0.2, 0.5],
            "relay_poll_interval_s": 0.02,
        }
        values.update(overrides)
        return ServiceSettings(**values)  # type: ignore[arg-type]

    return build


@pytest.fixture
def mailbox() -> Iterator[tuple[int, Mailbox]]:
    """A real SMTP server on a free port: (port, what it received)."""
    port, box = free_port(), Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, box
    finally:
        controller.stop()


def pytest_configure(config: pytest.Config) -> None:
    os.environ.setdefault("THIDUA_LOG_FORMAT", "json")
    Path("var").mkdir(exist_ok=True)


def pytest_sessionfinish(session: pytest.Session) -> None:
    """Delete whatever queues and exchanges of this session's tests are still on a local broker (a worker's
    topology, a failed test's clean-up) so that a shared broker does not fill up with test leftovers."""
    if _TOKENS and shutil.which("rabbitmqctl") and not os.environ.get("THIDUA_TEST_KEEP_BROKER_OBJECTS"):
        remove_broker_leftovers(os.environ.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL), _TOKENS)
