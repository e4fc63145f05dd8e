"""Fixtures for notify's integration tests: a real SMTP server and a real webhook receiver in-process."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import Message
from typing import Any

import aio_pika
import pytest
from aiosmtpd.controller import Controller
from notify.settings import NotifySettings
from thidua.messaging import topology
from thidua.settings import ServiceSettings


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Mailbox:
    """What the in-process SMTP server received."""

    messages: list[Message] = field(default_factory=list)

    async def handle_DATA(self, _server: Any, _session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 OK"


@dataclass
class Smtp:
    """A real SMTP server that a test can stop (an outage) and start again on the same port."""

    port: int
    mailbox: Mailbox
    controller: Controller

    def stop(self) -> None:
        self.controller.stop()

    def start(self) -> None:
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()


@pytest.fixture
def smtp() -> Iterator[Smtp]:
    port, mailbox = free_port(), Mailbox()
    server = Smtp(port, mailbox, Controller(mailbox, hostname="127.0.0.1", port=port))
    server.controller.start()
    try:
        yield server
    finally:
        try:
            server.stop()
        except (AssertionError, RuntimeError):  # already stopped by the test
            pass


@dataclass
class Receiver:
    """A tiny HTTP server that records every webhook call (headers and raw body)."""

    port: int
    calls: list[tuple[dict[str, str], bytes]] = field(default_factory=list)
    status: bytes = b"204 No Content"
    extra_headers: bytes = b""
    gate: asyncio.Event | None = None
    """When set, the receiver answers only once the test opens the gate (a slow receiver)."""

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hook"

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")[1:]
        headers = {k.strip().lower(): v.strip() for k, _, v in (ln.partition(":") for ln in lines if ln)}
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        self.calls.append((headers, body))
        if self.gate is not None:
            await self.gate.wait()
        writer.write(
            b"HTTP/1.1 " + self.status + b"\r\n" + self.extra_headers + b"Content-Length: 0\r\n"
            b"Connection: close\r\n\r\n"
        )
        await writer.drain()
        writer.close()


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    recv = Receiver(port=free_port())
    server = await asyncio.start_server(recv.handle, "127.0.0.1", recv.port)
    try:
        yield recv
    finally:
        server.close()
        await server.wait_closed()


@pytest.fixture
async def notify_settings(
    settings_factory: Callable[..., ServiceSettings], unique: str, smtp: Smtp
) -> AsyncIterator[NotifySettings]:
    """Notify's settings on the test infrastructure, with short delivery intervals and backoff."""
    base = settings_factory(service="notify").model_dump()
    settings = NotifySettings(
        **base
        | {
            "service_name": f"notify{unique}",
            "smtp_port": smtp.port,
            "smtp_timeout_s": 2.0,
            "delivery_poll_interval_s": 0.05,
            "delivery_backoff_base_s": 0.2,
            "delivery_backoff_cap_s": 0.5,
            "delivery_max_attempts": 40,
            "webhook_timeout_s": 2.0,
            # the receiver below is a plain-http server on loopback: allowed here only
            "webhook_allow_private_targets": True,
            "webhook_require_https": False,
        }
    )
    yield settings
    names = topology.queue_names(
        service=settings.service_name, consumer="notify", delays_s=settings.consumer_retry_delays_s
    )
    conn = await aio_pika.connect(settings.rabbitmq_url)
    try:
        for name in [names.main, names.dlq, *names.retries]:
            channel = await conn.channel()
            try:
                await channel.queue_delete(name)
            except Exception:  # noqa: S110 - already gone
                pass
        channel = await conn.channel()
        await channel.exchange_delete(settings.events_exchange)
    finally:
        await conn.close()
