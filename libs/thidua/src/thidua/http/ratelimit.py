"""Rate limits for public endpoints, per client address and per principal (the `limits` library).

Counters are kept in the API process (a moving window in memory): with N replicas behind a load balancer a
client gets up to N times the limit, which still stops a flood from one address. The client address is the
TCP peer, or the first `X-Forwarded-For` hop when the peer is one of `THIDUA_TRUSTED_PROXIES`.
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request
from limits import RateLimitItem, parse
from limits.aio.storage import MemoryStorage
from limits.aio.strategies import MovingWindowRateLimiter

# `from thidua import auth`: auth imports thidua.http, and this form resolves through sys.modules.
from thidua import auth
from thidua.http.problems import Problem
from thidua.settings import ServiceSettings


class TooManyRequests(Problem):
    """429: this client sent more requests to a public endpoint than its limit allows."""

    status, title, slug = 429, "Too Many Requests", "too-many-requests"


@dataclass
class RateLimiter:
    """One limiter per app: a moving window per (endpoint, client address) and (endpoint, principal)."""

    item: RateLimitItem
    trusted_proxies: frozenset[str]
    _strategy: MovingWindowRateLimiter

    @classmethod
    def from_settings(cls, settings: ServiceSettings) -> RateLimiter:
        """A limiter with `public_rate_limit` (e.g. "30/minute") and the trusted proxies of settings."""
        return cls(
            item=parse(settings.public_rate_limit),
            trusted_proxies=frozenset(settings.trusted_proxies),
            _strategy=MovingWindowRateLimiter(MemoryStorage()),
        )

    def client_address(self, request: Request) -> str:
        """The caller's address, believing `X-Forwarded-For` only from a trusted proxy."""
        peer = request.client.host if request.client else ""
        forwarded = request.headers.get("x-forwarded-for")
        if forwarded and peer in self.trusted_proxies:
            return forwarded.split(",")[0].strip() or peer
        return peer

    async def check(self, endpoint: str, *keys: str) -> None:
        """Count one hit under each key; raise 429 (with Retry-After) if any is over its limit."""
        for key in keys:
            if not await self._strategy.hit(self.item, endpoint, key):
                stats = await self._strategy.get_window_stats(self.item, endpoint, key)
                retry_after = max(1, int(stats.reset_time - _now()))
                raise TooManyRequests(
                    f"Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn; hãy thử lại sau {retry_after} giây.",
                    headers={"Retry-After": str(retry_after)},
                )


def _now() -> float:
    return time.time()


def rate_limited(endpoint: str) -> Callable[[Request, auth.Principal | None], Awaitable[None]]:
    """A route dependency limiting `endpoint` per client address and, with a token, per principal."""

    async def limit(request: Request, principal: auth.OptionalPrincipal) -> None:
        limiter: RateLimiter | None = getattr(request.app.state, "rate_limiter", None)
        if limiter is None:
            return
        keys = [f"addr:{limiter.client_address(request)}"]
        if principal is not None:
            keys.append(f"sub:{principal.sub}")
        await limiter.check(endpoint, *keys)

    limit.rate_limited = endpoint  # type: ignore[attr-defined]  # read by the OpenAPI document (429)
    return limit
