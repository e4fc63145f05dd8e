"""Which planned endpoints a service offers today, read from its OpenAPI document (cached).

Pages built on an endpoint the services do not offer yet stay hidden until the service lists it; they appear
without a portal change once it does.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
from thidua.logging import get_logger

from portal.clients.base import Endpoint

log = get_logger(__name__)


class Capabilities:
    """Each service's operations, from `/openapi.json`, refreshed every `ttl_s` seconds."""

    def __init__(self, http: httpx.AsyncClient, urls: dict[str, str], *, ttl_s: float = 300.0) -> None:
        self.http, self.urls, self.ttl_s = http, urls, ttl_s
        self._ops: dict[str, tuple[float, frozenset[tuple[str, str]]]] = {}

    async def _operations(self, service: str) -> frozenset[tuple[str, str]]:
        cached = self._ops.get(service)
        if cached is not None and cached[0] > time.monotonic():
            return cached[1]
        try:
            answer = await self.http.get(self.urls[service] + "/openapi.json")
            document: dict[str, Any] = answer.json() if answer.is_success else {}
        except (httpx.HTTPError, ValueError):
            document = {}
        ops = frozenset(
            (method.upper(), path) for path, item in document.get("paths", {}).items() for method in item
        )
        # Unknown (service away): look again soon rather than hiding the page for the whole TTL.
        self._ops[service] = (time.monotonic() + (self.ttl_s if ops else 10.0), ops)
        return ops

    async def offers(self, endpoint: Endpoint) -> bool:
        """True when the endpoint's service lists it (always True for endpoints that are not planned)."""
        if not endpoint.planned:
            return True
        return (endpoint.method, endpoint.path) in await self._operations(endpoint.service)
