"""The HTTP plumbing under `ProvinceClient`: callers and their tokens, correlation ids, retries, errors."""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Literal

import httpx
from thidua.auth import ASSOCIATION, COUNCIL, GRIEVANCE_OFFICER, SECRETARIAT, mint_token
from thidua.signing import LocalKey

Service = Literal["registration", "awards", "grievance", "notify"]
Json = dict[str, Any]
TOKEN_TTL = timedelta(minutes=50)  # under the services' default cap of an hour outside dev
_RETRY_STATUSES = frozenset({502, 503, 504})
_correlation: ContextVar[str | None] = ContextVar("province_correlation_id", default=None)


class ApiError(Exception):
    """A non-2xx answer: the status and the problem+json body (or `{"detail": <text>}` for other bodies)."""

    def __init__(self, status: int, problem: Json, *, method: str = "", url: str = "") -> None:
        self.status = status
        self.problem = problem
        self.method = method
        self.url = url
        detail = problem.get("detail") or problem.get("title") or ""
        super().__init__(f"{method} {url} -> {status} {self.slug}: {detail}".strip())

    @property
    def slug(self) -> str:
        """The last segment of the problem `type` URI (e.g. `ineligible`), or '' when there is none."""
        kind = self.problem.get("type")
        return kind.rstrip("/").rsplit("/", 1)[-1] if isinstance(kind, str) else ""


@dataclass(frozen=True)
class Caller:
    """Who makes a call: a subject with roles (and an association for officers); `PUBLIC` sends no token."""

    sub: str
    roles: tuple[str, ...] = ()
    association_id: str | None = None

    @classmethod
    def secretariat(cls, sub: str = "van-phong-lien-hiep-hoi") -> Caller:
        """The Union's secretariat (văn phòng)."""
        return cls(sub, (SECRETARIAT,))

    @classmethod
    def officer(cls, association_id: str, sub: str | None = None) -> Caller:
        """An officer of one member association."""
        return cls(sub or f"officer-{association_id}", (ASSOCIATION,), association_id)

    @classmethod
    def council(cls, member_id: str) -> Caller:
        """A council member; `member_id` is the id on the session roster."""
        return cls(member_id, (COUNCIL,))

    @classmethod
    def grievance_officer(cls, sub: str = "can-bo-giai-quyet-don") -> Caller:
        """An officer who handles complaints and denunciations."""
        return cls(sub, (GRIEVANCE_OFFICER,))


PUBLIC = Caller("public")


@dataclass(frozen=True)
class ServiceUrls:
    """Base URLs of the four public APIs (the `thidua up` defaults)."""

    registration: str = "http://127.0.0.1:8001"
    awards: str = "http://127.0.0.1:8002"
    grievance: str = "http://127.0.0.1:8003"
    notify: str = "http://127.0.0.1:8004"

    def of(self, service: Service) -> str:
        """The base URL of one service, without a trailing slash."""
        url: str = getattr(self, service)
        return url.rstrip("/")


@dataclass
class _Token:
    value: str
    minted_at: float = field(default_factory=time.monotonic)


class Transport:
    """Sends one call as a given `Caller`: bearer token, `X-Correlation-ID`, optional `Idempotency-Key`.

    Transport failures and 502/503/504 are retried (with the same idempotency key) when the call is safe to
    repeat: reads, PUTs and creates carrying a key; any call when the connection was never made.
    """

    def __init__(
        self,
        *,
        secret: str,
        urls: ServiceUrls,
        timeout_s: float = 30.0,
        retries: int = 3,
        correlation_prefix: str = "province",
        issuer: str | None = None,
        audience: str | None = None,
        http: httpx.AsyncClient | None = None,
        signing_key: LocalKey | None = None,
    ) -> None:
        self.urls = urls
        self._key = signing_key
        self.correlation_prefix = correlation_prefix
        self._secret = secret
        self._issuer, self._audience = issuer, audience
        self._retries = retries
        self._tokens: dict[Caller, _Token] = {}
        self._own_http = http is None
        self.http = http or httpx.AsyncClient(
            timeout=timeout_s, limits=httpx.Limits(max_connections=64, max_keepalive_connections=32)
        )

    @staticmethod
    @contextmanager
    def correlated(correlation_id: str) -> Iterator[str]:
        """Within the block (and the tasks it starts), every call carries this `X-Correlation-ID`."""
        token = _correlation.set(correlation_id)
        try:
            yield correlation_id
        finally:
            _correlation.reset(token)

    async def aclose(self) -> None:
        """Close the connection pool (when this client opened it)."""
        if self._own_http:
            await self.http.aclose()

    def token(self, caller: Caller) -> str:
        """A bearer token for the caller, minted once and renewed well before it expires."""
        cached = self._tokens.get(caller)
        if cached is None or time.monotonic() - cached.minted_at > TOKEN_TTL.total_seconds() * 0.75:
            value = mint_token(
                self._key.private_pem.decode() if self._key else self._secret,
                caller.sub,
                caller.roles,
                association_id=caller.association_id,
                ttl=TOKEN_TTL,
                issuer=self._issuer,
                audience=self._audience,
                algorithm="RS256" if self._key else "HS256",
                kid=self._key.kid if self._key else None,
            )
            cached = self._tokens[caller] = _Token(value)
        return cached.value

    def _headers(
        self, caller: Caller, idempotency_key: str | None, correlation_id: str | None
    ) -> dict[str, str]:
        chosen = correlation_id or _correlation.get() or f"{self.correlation_prefix}-{uuid.uuid4().hex[:16]}"
        headers = {"X-Correlation-ID": chosen}
        if caller is not PUBLIC and caller.roles:
            headers["Authorization"] = f"Bearer {self.token(caller)}"
        if idempotency_key:
            headers["Idempotency-Key"] = idempotency_key
        return headers

    async def call(
        self,
        service: Service,
        method: str,
        path: str,
        *,
        caller: Caller,
        json: Any = None,
        params: Mapping[str, Any] | None = None,
        files: Mapping[str, Any] | None = None,
        data: Mapping[str, Any] | None = None,
        idempotency_key: str | None = None,
        correlation_id: str | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> Any:
        """Send the call and return the parsed JSON body; raise `ApiError` on a non-2xx answer."""
        url = self.urls.of(service) + path
        query = {k: v for k, v in (params or {}).items() if v is not None}
        sent = self._headers(caller, idempotency_key, correlation_id) | dict(headers or {})
        repeatable = method in ("GET", "PUT", "DELETE") or idempotency_key is not None
        for attempt in range(self._retries + 1):
            last = attempt == self._retries
            try:
                answer = await self.http.request(
                    method, url, json=json, params=query, files=files, data=data, headers=sent
                )
            except httpx.ConnectError:
                if last:
                    raise
            except httpx.TransportError:
                if last or not repeatable:
                    raise
            else:
                if answer.status_code not in _RETRY_STATUSES or last or not repeatable:
                    return _parsed(answer, method, url)
            await asyncio.sleep(0.2 * 2**attempt)
        raise AssertionError("unreachable")  # pragma: no cover


def _parsed(answer: httpx.Response, method: str, url: str) -> Any:
    """The JSON body of a 2xx answer; otherwise an ApiError with the problem."""
    if answer.is_success:
        return answer.json() if answer.content else None
    try:
        body = answer.json()
        problem: Json = body if isinstance(body, dict) else {"detail": body}
    except ValueError:
        problem = {"detail": answer.text[:500]}
    raise ApiError(answer.status_code, problem, method=method, url=url)


def new_key(*parts: object) -> str:
    """An Idempotency-Key: deterministic from `parts` when given (same parts, same key), else random."""
    if not parts:
        return uuid.uuid4().hex
    return uuid.uuid5(uuid.NAMESPACE_URL, "thidua:" + "|".join(map(str, parts))).hex
