"""Correlation ids: taken from `X-Correlation-ID` or generated, kept in a contextvar, logged and echoed."""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from thidua.context import correlation_var
from thidua.context import current_correlation_id as current_correlation_id  # re-exported
from thidua.logging import bound, get_logger

CORRELATION_HEADER = "X-Correlation-ID"
_HEADER_KEY = CORRELATION_HEADER.lower().encode("latin-1")
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")
# Probes and scrapes arrive every few seconds: their access lines go to debug, not info.
_QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})

_correlation_id = correlation_var  # one contextvar for requests and messages (thidua.context)
log = get_logger(__name__)


def new_correlation_id() -> str:
    """A fresh correlation id (a uuid4)."""
    return str(uuid.uuid4())


def sanitize_correlation_id(value: str | None) -> str | None:
    """The value if it is a sane id (≤ 128 chars of [A-Za-z0-9._:-]), else None."""
    if value and _SANE.fullmatch(value):
        return value
    return None


@contextmanager
def correlation_scope(correlation_id: str) -> Iterator[str]:
    """Make `correlation_id` current (contextvar and log context) inside the block."""
    token = _correlation_id.set(correlation_id)
    try:
        with bound(correlation_id=correlation_id):
            yield correlation_id
    finally:
        _correlation_id.reset(token)


def _incoming_id(scope: Scope) -> str | None:
    for key, value in scope.get("headers", ()):
        if key == _HEADER_KEY:
            return sanitize_correlation_id(value.decode("latin-1"))
    return None


class CorrelationMiddleware:
    """Pure ASGI middleware: one correlation id per request, echoed in the response; one access log line."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        correlation_id = _incoming_id(scope) or new_correlation_id()
        status = 500  # what the client sees if the app dies before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message.setdefault("headers", [])
                MutableHeaders(scope=message)[CORRELATION_HEADER] = correlation_id
            await send(message)

        with correlation_scope(correlation_id):
            try:
                await self.app(scope, receive, send_with_id)
            finally:
                _log_request(scope, status, time.perf_counter() - started)


def _log_request(scope: Scope, status: int, elapsed_s: float) -> None:
    path = scope.get("path", "")
    emit = log.debug if path in _QUIET_PATHS else log.info
    emit(
        "http.request",
        method=scope.get("method"),
        path=path,
        status=status,
        duration_ms=round(elapsed_s * 1000, 2),
    )
