"""Stop and start the local RabbitMQ (disruptive tests), and wait until it answers again."""

from __future__ import annotations

import asyncio
import subprocess
import time

import aio_pika

from tests.support.infra import rabbitmq_ctl


async def amqp_answers(url: str, *, timeout_s: float = 90.0) -> None:
    """Wait until the broker accepts an AMQP connection again."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            connection = await asyncio.wait_for(aio_pika.connect(url), timeout=5)
        except Exception as exc:
            if time.monotonic() > deadline:
                raise AssertionError(f"RabbitMQ did not answer within {timeout_s} s: {exc!r}") from exc
            await asyncio.sleep(0.5)
        else:
            await connection.close()
            return


class Broker:
    """Stops and starts the RabbitMQ application, remembering whether it is down because of us."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.stopped = False

    async def stop(self) -> None:
        self.stopped = True  # before the call: a half-done stop must still be undone
        await asyncio.to_thread(rabbitmq_ctl, "stop_app")

    async def start(self) -> None:
        try:
            await asyncio.to_thread(rabbitmq_ctl, "start_app")
        except subprocess.CalledProcessError:  # the node itself is down
            await asyncio.to_thread(subprocess.run, ["rabbitmq-server", "-detached"], check=True, timeout=60)
            await asyncio.to_thread(rabbitmq_ctl, "await_startup")
        await amqp_answers(self.url)
        self.stopped = False
