"""Every service starts as its own API and worker processes, answers health, readiness, metrics and
OpenAPI, and stops cleanly on SIGTERM."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from thidua import mongo
from thidua.runtime import CONSUMERS
from thidua_tools.embedded import free_port, wait_for_port
from thidua_tools.launcher import SERVICES

from tests.support.infra import Infra
from tests.support.system import databases, remove, service_names, system_env

pytestmark = [pytest.mark.integration, pytest.mark.e2e]


def _env(infra: Infra, service: str, unique: str, port: int) -> dict[str, str]:
    return system_env(
        infra,
        unique,
        THIDUA_SERVICE_NAME=service_names(unique)[service],
        THIDUA_MONGODB_DATABASE=databases(unique)[service],
        THIDUA_HTTP_PORT=str(port),
        THIDUA_WORKER_METRICS_PORT=str(port),
    )


async def _recorded_dlqs(url: str, database: str) -> list[str]:
    client = mongo.connect(url)
    try:
        return [doc["dlq"] async for doc in client[database][CONSUMERS].find({})]
    finally:
        await mongo.close(client)


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[bytes]] = []

    def run(service: str, role: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        log = open(tmp_path / f"{service}-{role}.log", "wb")  # noqa: SIM115
        proc = subprocess.Popen(
            [sys.executable, "-m", service, role], env=env, stdout=log, stderr=subprocess.STDOUT
        )
        started.append(proc)
        return proc

    yield run
    for proc in started:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.parametrize("role", ["api", "worker"])
@pytest.mark.parametrize("service", [name for name, _ in SERVICES])
def test_each_process_serves_health_readiness_metrics_and_stops_on_sigterm(
    infra: Infra, unique: str, spawn: object, service: str, role: str, tmp_path: Path
) -> None:
    port = free_port()
    proc = spawn(service, role, _env(infra, service, unique, port))  # type: ignore[operator]
    wait_for_port(port, timeout_s=60, process=proc)
    base = f"http://127.0.0.1:{port}"
    with httpx.Client(timeout=10) as http:
        assert http.get(f"{base}/healthz").json()["status"] == "ok"
        ready = http.get(f"{base}/readyz")
        deadline = time.monotonic() + 60
        while ready.status_code != 200 and time.monotonic() < deadline:  # a worker is ready once consuming
            time.sleep(0.2)
            ready = http.get(f"{base}/readyz")
        assert ready.status_code == 200, ready.text
        assert ready.json()["checks"] == {"mongodb": "ok", "rabbitmq": "ok"}
        metrics = http.get(f"{base}/metrics").text
        if role == "worker":
            assert "thidua_outbox_backlog" in metrics
            if service != "registration":  # the others consume events: `thidua dlq` must find their queues
                assert asyncio.run(_recorded_dlqs(infra.mongo_url, databases(unique)[service]))
        else:
            assert "# TYPE" in metrics
            spec = http.get(f"{base}/openapi.json").json()
            assert {"/healthz", "/readyz"} <= set(spec["paths"])
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, (tmp_path / f"{service}-{role}.log").read_text()[-2000:]
    asyncio.run(remove(infra, unique))  # its database, queues and exchange


def test_with_an_internal_port_docs_and_metrics_leave_the_public_port(
    infra: Infra, unique: str, spawn: object, tmp_path: Path
) -> None:
    port, internal = free_port(), free_port()
    env = _env(infra, "awards", unique, port) | {"THIDUA_INTERNAL_PORT": str(internal)}
    proc = spawn("awards", "api", env)  # type: ignore[operator]
    wait_for_port(port, timeout_s=60, process=proc)
    wait_for_port(internal, timeout_s=30, process=proc)
    with httpx.Client(timeout=10) as http:
        public = [
            http.get(f"http://127.0.0.1:{port}{p}").status_code
            for p in ("/docs", "/openapi.json", "/metrics")
        ]
        shown = [
            http.get(f"http://127.0.0.1:{internal}{p}").status_code
            for p in ("/docs", "/openapi.json", "/metrics")
        ]
        assert http.get(f"http://127.0.0.1:{port}/healthz").status_code == 200
    assert public == [404, 404, 404]
    assert shown == [200, 200, 200]
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=30) == 0, (tmp_path / "awards-api.log").read_text()[-2000:]
    asyncio.run(remove(infra, unique))
