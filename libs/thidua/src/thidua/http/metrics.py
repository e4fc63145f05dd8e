"""Prometheus metrics per app: request count and latency by method, route template and status."""

from __future__ import annotations

import time
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

UNMATCHED_ROUTE = "<unmatched>"
_LABELS = ("method", "route", "status")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def make_registry() -> CollectorRegistry:
    """A fresh registry for one app (or worker), so many apps can live in one process (tests)."""
    return CollectorRegistry(auto_describe=True)


class HttpMetrics:
    """The HTTP request counter and latency histogram, registered on one registry."""

    def __init__(self, registry: CollectorRegistry) -> None:
        self.requests = Counter(
            "thidua_http_requests",
            "HTTP requests handled, by method, route template and status.",
            _LABELS,
            registry=registry,
        )
        self.latency = Histogram(
            "thidua_http_request_duration_seconds",
            "Time to handle an HTTP request, by method, route template and status.",
            _LABELS,
            registry=registry,
        )

    def observe(self, *, method: str, route: str, status: int, elapsed_s: float) -> None:
        """Count one request and record its latency."""
        method = method if method in _METHODS else "OTHER"  # clients choose methods: bound the labels
        labels = {"method": method, "route": route, "status": str(status)}
        self.requests.labels(**labels).inc()
        self.latency.labels(**labels).observe(elapsed_s)


def route_template(scope: Scope) -> str:
    """The matched route's path template (`/campaigns/{id}`), never the raw path (cardinality)."""
    fastapi_scope: Any = scope.get("fastapi")
    # FastAPI ≥ 0.160 keeps the prefixed template of an included route in its effective route context;
    # `scope["route"].path` then lacks the router prefix. Older versions only set `scope["route"]`.
    context = fastapi_scope.get("effective_route_context") if isinstance(fastapi_scope, dict) else None
    for candidate in (context, scope.get("route")):
        path = getattr(candidate, "path_format", None) or getattr(candidate, "path", None)
        if isinstance(path, str) and path:
            return path
    return UNMATCHED_ROUTE


class MetricsMiddleware:
    """Pure ASGI middleware feeding `HttpMetrics`; an exception counts as a 500."""

    def __init__(self, app: ASGIApp, *, metrics: HttpMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        status = 500
        started = time.perf_counter()

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, recording_send)
        finally:
            self.metrics.observe(
                method=scope["method"],
                route=route_template(scope),
                status=status,
                elapsed_s=time.perf_counter() - started,
            )


async def metrics_endpoint(request: Request) -> Response:
    """Serve the app's registry in the Prometheus text format."""
    registry: CollectorRegistry = request.app.state.metrics_registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)
