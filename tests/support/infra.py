"""Start or locate RabbitMQ and a MongoDB-wire server for tests."""

from __future__ import annotations

import asyncio
import os
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from thidua_tools.embedded import start_secantusdb

DEFAULT_RABBITMQ_URL = "amqp://guest:guest@127.0.0.1:5672/"


@dataclass
class Infra:
    """Where the tests find RabbitMQ and MongoDB, and how to stop what was started for them."""

    rabbitmq_url: str
    mongo_url: str
    kind: str
    _stops: list[Callable[[], None]] = field(default_factory=list)

    def stop(self) -> None:
        for stop in reversed(self._stops):
            stop()


def docker_available() -> bool:
    """True when a Docker engine answers (then testcontainers are used)."""
    if os.environ.get("THIDUA_TEST_NO_DOCKER"):
        return False
    try:
        import docker  # type: ignore[import-untyped]

        client = docker.from_env(timeout=3)
        client.ping()
        return True
    except Exception:
        return False


def start_infra(workdir: Path) -> Infra:
    """Testcontainers where Docker answers, else local RabbitMQ plus a SecantusDB subprocess."""
    if docker_available():
        return _start_containers()
    server = start_secantusdb(storage=workdir / "secantus", log_file=workdir / "secantus.log")
    rabbit = os.environ.get("RABBITMQ_URL", DEFAULT_RABBITMQ_URL)
    return Infra(rabbitmq_url=rabbit, mongo_url=server.url, kind="local", _stops=[server.stop])


def _start_containers() -> Infra:
    from testcontainers.core.container import DockerContainer  # type: ignore[import-untyped]
    from testcontainers.rabbitmq import RabbitMqContainer  # type: ignore[import-untyped]

    rabbit = RabbitMqContainer("rabbitmq:3.13-management")
    rabbit.start()
    mongo = (
        DockerContainer("mongo:7")
        .with_command("--replSet rs0 --bind_ip_all --port 27017")
        .with_exposed_ports(27017)
    )
    mongo.start()
    host = mongo.get_container_host_ip()
    port = mongo.get_exposed_port(27017)
    _initiate_replica_set(mongo)
    rabbit_url = (
        f"amqp://{rabbit.username}:{rabbit.password}@{rabbit.get_container_host_ip()}:"
        f"{rabbit.get_exposed_port(rabbit.port)}/"
    )
    mongo_url = f"mongodb://{host}:{port}/?directConnection=true"
    return Infra(
        rabbitmq_url=rabbit_url, mongo_url=mongo_url, kind="docker", _stops=[mongo.stop, rabbit.stop]
    )


def _initiate_replica_set(container: object) -> None:
    """rs.initiate() a single-node set whose member host is reachable from inside the container."""
    script = (
        "try { rs.status().ok } catch (e) { "
        "rs.initiate({_id: 'rs0', members: [{_id: 0, host: 'localhost:27017'}]}).ok }"
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        code, _ = container.exec(["mongosh", "--quiet", "--eval", script])  # type: ignore[attr-defined]
        if code == 0:
            code, out = container.exec(  # type: ignore[attr-defined]
                ["mongosh", "--quiet", "--eval", "db.hello().isWritablePrimary"]
            )
            if code == 0 and b"true" in out:
                return
        time.sleep(1)
    raise RuntimeError("the MongoDB replica set did not become primary within 60 s")


def rabbitmq_ctl(*args: str) -> None:
    """Run rabbitmqctl (used by the disruptive tests that stop and start the broker)."""
    subprocess.run(["rabbitmqctl", *args], check=True, capture_output=True, timeout=120)


def remove_broker_leftovers(url: str, tokens: list[str]) -> None:
    """Delete the queues and exchanges whose names carry one of `tokens` (listed with rabbitmqctl)."""
    listed = {
        kind: subprocess.run(
            ["rabbitmqctl", "-q", f"list_{kind}", "name"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        ).stdout.split()
        for kind in ("queues", "exchanges")
    }
    doomed = {kind: [n for n in names if any(t in n for t in tokens)] for kind, names in listed.items()}
    if any(doomed.values()):
        asyncio.run(_delete(url, doomed))


async def _delete(url: str, doomed: dict[str, list[str]]) -> None:
    import aio_pika

    connection = await aio_pika.connect(url)
    try:
        for name in doomed["queues"]:
            channel = await connection.channel()
            await channel.queue_delete(name)
        for name in doomed["exchanges"]:
            channel = await connection.channel()
            await channel.exchange_delete(name)
    finally:
        await connection.close()
