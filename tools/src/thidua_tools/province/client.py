"""`ProvinceClient`: one async method per business action over the four public ThiĐua APIs.

Every method returns the parsed JSON answer and raises `ApiError(status, problem)` on a non-2xx one.
Creates send an `Idempotency-Key` (pass your own to make a retry across runs replay the first answer, while
the service still keeps the record; otherwise a fresh key covers this call's own retries).

    async with ProvinceClient(secret=DEV_JWT_SECRET) as api:
        hoi = await api.create_association(code="HOI-TIN-HOC", name="Hội Tin học tỉnh")
        campaign = await api.create_campaign(code="TD-2026", name="...", year=2026, kind="annual", ...)
        await api.register(campaign["id"], association_id=hoi["id"], collective_name="...", individuals=[...])
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from types import TracebackType
from typing import cast

import httpx
from thidua.signing import LocalKey

from thidua_tools.province.awards_api import HISTORY_COLUMNS, AwardsApi, Vote, collective, individual
from thidua_tools.province.grievance_api import GrievanceApi
from thidua_tools.province.notify_api import NotifyApi
from thidua_tools.province.registration_api import RegistrationApi
from thidua_tools.province.transport import PUBLIC, ApiError, Caller, Json, Service, ServiceUrls, Transport

__all__ = [
    "HISTORY_COLUMNS",
    "PUBLIC",
    "ApiError",
    "Caller",
    "Json",
    "ProvinceClient",
    "ServiceUrls",
    "Vote",
    "collective",
    "individual",
]


class ProvinceClient(RegistrationApi, AwardsApi, GrievanceApi, NotifyApi):
    """The public APIs of registration, awards, grievance and notify, acting as secretariat, officers,
    council members, grievance officers or the public (tokens minted locally with the HS256 secret)."""

    def __init__(
        self,
        *,
        secret: str,
        urls: ServiceUrls | None = None,
        timeout_s: float = 30.0,
        retries: int = 3,
        correlation_prefix: str = "province",
        issuer: str | None = None,
        audience: str | None = None,
        secretariat: Caller | None = None,
        grievance_officer: Caller | None = None,
        http: httpx.AsyncClient | None = None,
        signing_key: LocalKey | None = None,
    ) -> None:
        """`secret` signs the HS256 tokens, or `signing_key` RS256 ones (the embedded default's local key);
        `http` replaces the connection pool (e.g. an ASGI transport mounted per base URL), and is then left
        open by `aclose`."""
        self.transport = Transport(
            secret=secret,
            urls=urls or ServiceUrls(),
            timeout_s=timeout_s,
            retries=retries,
            correlation_prefix=correlation_prefix,
            issuer=issuer,
            audience=audience,
            http=http,
            signing_key=signing_key,
        )
        self.secretariat = secretariat or Caller.secretariat()
        self.grievance_officer = grievance_officer or Caller.grievance_officer()

    async def __aenter__(self) -> ProvinceClient:
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.aclose()

    def correlated(self, correlation_id: str) -> AbstractContextManager[str]:
        """`with api.correlated("whole-year-2026"):` every call in the block carries this correlation id."""
        return self.transport.correlated(correlation_id)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self.transport.aclose()

    async def ready(self) -> dict[str, Json]:
        """`/readyz` of every service (raises ApiError for one that is not ready)."""
        services: tuple[Service, ...] = ("registration", "awards", "grievance", "notify")
        return {
            s: cast(Json, await self.transport.call(s, "GET", "/readyz", caller=PUBLIC)) for s in services
        }
