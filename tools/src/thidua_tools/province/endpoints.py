"""The base of the client's per-service parts: calls as a caller, JSON bodies, pages."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from datetime import date
from typing import Any, cast

from thidua_tools.province.transport import Caller, Json, Service, Transport, new_key


def jsonable(value: Any) -> Any:
    """Dates as ISO strings, tuples as lists, None-valued keys dropped (the services' defaults apply)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items() if v is not None}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


class Endpoints:
    """What every part of `ProvinceClient` shares: the transport and the default callers."""

    transport: Transport
    secretariat: Caller
    grievance_officer: Caller

    async def _get(
        self,
        service: Service,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        caller: Caller | None = None,
    ) -> Json:
        query = {k: jsonable(v) for k, v in (params or {}).items() if v is not None}
        answer = await self.transport.call(
            service, "GET", path, caller=caller or self.secretariat, params=query
        )
        return cast(Json, answer)

    async def _get_list(
        self,
        service: Service,
        path: str,
        params: Mapping[str, Any] | None = None,
        *,
        caller: Caller | None = None,
    ) -> list[Json]:
        """Every item of a list: a bare array, or every page of a `{items, total, ...}` answer."""
        query = {k: v for k, v in (params or {}).items() if v is not None}
        first = await self._get(service, path, query, caller=caller)
        if not isinstance(first, dict):
            return cast(list[Json], first)
        items, limit = list(first["items"]), int(first.get("limit") or len(first["items"]) or 1)
        while first.get("next") and len(items) < int(first["total"]):
            first = await self._get(
                service, path, query | {"limit": limit, "offset": len(items)}, caller=caller
            )
            if not first["items"]:
                break
            items.extend(first["items"])
        return items

    async def _post(self, service: Service, path: str, body: Any, caller: Caller | None = None) -> Json:
        payload = None if body is None else jsonable(body)
        answer = await self.transport.call(
            service, "POST", path, caller=caller or self.secretariat, json=payload
        )
        return cast(Json, answer)

    async def _create(
        self, service: Service, path: str, body: Any, key: str | None, *, caller: Caller | None = None
    ) -> Json:
        answer = await self.transport.call(
            service, "POST", path, caller=caller or self.secretariat, json=jsonable(body),
            idempotency_key=key or new_key(),
        )  # fmt: skip
        return cast(Json, answer)

    async def _pages(self, fetch: Callable[..., Awaitable[Json]], *, size: int = 200) -> AsyncIterator[Json]:
        offset = 0
        while True:
            page = await fetch(limit=size, offset=offset)
            for item in page["items"]:
                yield item
            offset += len(page["items"])
            if not page["items"] or offset >= page["total"]:
                return
