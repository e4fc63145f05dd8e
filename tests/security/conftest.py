"""Fixtures of the security suite: each service's API served over HTTP on the test infrastructure.

APIs are served by uvicorn on free ports, in this process (a thread each: starting an interpreter per
service would cost more than the tests), built by the same `build_api` as `python -m <service> api`, against
the session's RabbitMQ and MongoDB-wire server with their own databases and exchange. Where a test needs
whole processes and their logs (the denouncer leak), it runs the network with `tests.support.system`.
"""

from __future__ import annotations

import base64
import dataclasses
import importlib
import os
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pymongo
import pytest
import uvicorn
from thidua.auth import ASSOCIATION, BOARD, COUNCIL, GRIEVANCE_OFFICER, SECRETARIAT
from thidua.runtime import build_api
from thidua.settings import ServiceSettings
from thidua_tools.embedded import free_port

from tests.integration.conftest import connection, producer_db, settings  # noqa: F401 - for test_messages
from tests.support import tokens
from tests.support.infra import Infra

SERVICES = ("registration", "awards", "grievance", "notify")
JWT_SECRET = "security-suite-secret-" + "s" * 40
ALL_ROLES = (ASSOCIATION, SECRETARIAT, COUNCIL, BOARD, GRIEVANCE_OFFICER)
FUZZ_ASSOCIATION = "assoc-fuzz"


def bearer(*roles: str, association_id: str | None = None, sub: str = "security-tester") -> dict[str, str]:
    """An Authorization header every service of this suite accepts."""
    token = tokens.mint(JWT_SECRET, sub, list(roles), association_id=association_id)
    return {"Authorization": f"Bearer {token}"}


def openapi_of(service: str) -> dict[str, Any]:
    """The service's OpenAPI document, built in-process from its app (no I/O)."""
    spec = importlib.import_module(f"{service}.bootstrap").SPEC
    cfg = spec.load_settings(
        env="test",
        **tokens.SETTINGS,
        jwt_secret=JWT_SECRET,
        identity_keys={"k1": "A" * 43 + "="},
        identity_active_key_id="k1",
        ballot_keys={"b1": "B" * 43 + "="},
        ballot_active_key_id="b1",
    )
    return build_api(dataclasses.replace(spec, load_settings=lambda: cfg), cfg).openapi()


DOCUMENTS = {service: openapi_of(service) for service in SERVICES}


class Served:
    """A service's API served by uvicorn in a thread of the test process."""

    def __init__(self, service: str, port: int, app: Any) -> None:
        self.service, self.port = service, port
        config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, name=f"api-{service}", daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout_s: float = 60) -> None:
        self.thread.start()
        deadline = time.monotonic() + timeout_s
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {self.service} API did not start (see the captured log)")
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)


@dataclass
class Launcher:
    """Serve service APIs in this process on the test infrastructure; stop them all at the end."""

    infra: Infra
    tag: str
    served: list[Served] = field(default_factory=list)

    def database(self, service: str, namespace: str) -> str:
        """The database of a service in one namespace (each test module may have its own)."""
        return f"sec_{self.tag}_{namespace}_{service}"

    def settings(self, service: str, namespace: str, **overrides: Any) -> ServiceSettings:
        """The service's settings in a namespace, as `env` gives them to a process."""
        spec = importlib.import_module(f"{service}.bootstrap").SPEC
        values: dict[str, Any] = {
            "service_name": f"{service}sec{self.tag}{namespace}",
            "env": "test",
            **tokens.SETTINGS,
            "public_rate_limit": "100000/minute",
            "jwt_secret": JWT_SECRET,
            "mongodb_url": self.infra.mongo_url,
            "mongodb_database": self.database(service, namespace),
            "rabbitmq_url": self.infra.rabbitmq_url,
            "events_exchange": f"thidua.events.sec{self.tag}{namespace}",
            "identity_keys": {"k1": base64.b64encode(os.urandom(32)).decode()},
            "identity_active_key_id": "k1",
            "ballot_keys": {"b1": base64.b64encode(os.urandom(32)).decode()},
            "ballot_active_key_id": "b1",
        }
        loaded: ServiceSettings = spec.load_settings(**(values | overrides))
        return loaded

    def serve(self, service: str, *, namespace: str = "main", **overrides: Any) -> Served:
        """The service's API (`build_api` and its lifespan) served by uvicorn in a thread of this process."""
        spec = importlib.import_module(f"{service}.bootstrap").SPEC
        cfg = self.settings(service, namespace, **overrides)
        app = build_api(dataclasses.replace(spec, load_settings=lambda: cfg), cfg)
        served = Served(service, free_port(), app)
        served.start()
        self.served.append(served)
        return served

    def stop_all(self) -> None:
        """Stop the served APIs and drop their data."""
        for served in self.served:
            served.stop()
        with pymongo.MongoClient(self.infra.mongo_url) as client:
            for name in client.list_database_names():
                if name.startswith(f"sec_{self.tag}_"):
                    client.drop_database(name)


@pytest.fixture(scope="session")
def launcher(infra: Infra) -> Iterator[Launcher]:
    """Serve APIs for this session (per xdist worker); all are stopped afterwards."""
    running = Launcher(infra, uuid.uuid4().hex[:8])
    try:
        yield running
    finally:
        running.stop_all()


LiveApi = Callable[..., Served]


@pytest.fixture(scope="session")
def live_api(launcher: Launcher) -> LiveApi:
    """The API of a service in a namespace (its own databases), served once on first use."""
    apis: dict[tuple[str, str], Served] = {}

    def get(service: str, namespace: str = "main") -> Served:
        if (service, namespace) not in apis:
            apis[service, namespace] = launcher.serve(service, namespace=namespace)
        return apis[service, namespace]

    return get


def problem_of(response: Any) -> dict[str, Any]:
    """The problem+json body of a refusal (fails when the answer is not problem+json)."""
    content_type = response.headers.get("content-type", "")
    assert content_type.startswith("application/problem+json"), (response.status_code, response.text)
    body = response.json()
    assert {"type", "title", "status"} <= set(body), body
    assert body["status"] == response.status_code, body
    return dict(body)
