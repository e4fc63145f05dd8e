"""What every typed service client shares: declared endpoints, the call, problem+json and outages.

Each client method names an `Endpoint` (method, path template, request model, query names, response model);
the contract test reads them and checks each against the service's OpenAPI document, so a renamed path or
field breaks a test rather than a page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ConfigDict, TypeAdapter, ValidationError
from thidua.http.correlation import CORRELATION_HEADER, current_correlation_id
from thidua.logging import get_logger

log = get_logger(__name__)
M = TypeVar("M")


class Model(BaseModel):
    """A service's answer as the portal reads it: unknown fields are ignored (tolerant reader)."""

    model_config = ConfigDict(extra="ignore", frozen=True)


class Body(BaseModel):
    """A request body the portal sends: only declared fields, exactly as the service names them."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True)
class Endpoint:
    """One operation of a service's public API, as the portal uses it."""

    service: str
    method: str
    path: str
    body: type[BaseModel] | None = None
    query: tuple[str, ...] = ()
    form: tuple[str, ...] = ()
    response: Any = None
    planned: bool = False
    """Not offered by the service yet: pages using it stay hidden until its OpenAPI lists it."""


@dataclass
class FieldError:
    """One problem with one input: the field path as the service names it, and the error's kind."""

    loc: tuple[str, ...]
    kind: str
    message: str = ""


class ServiceError(Exception):
    """The service answered with an error (problem+json): status, stable slug and per-field errors."""

    def __init__(self, status: int, problem: Mapping[str, Any], *, service: str) -> None:
        self.status, self.problem, self.service = status, dict(problem), service
        super().__init__(f"{service} {status} {self.slug}")

    @property
    def slug(self) -> str:
        """The last segment of the problem type URI (`ineligible`, `validation-failed`, ...)."""
        kind = self.problem.get("type")
        return kind.rstrip("/").rsplit("/", 1)[-1] if isinstance(kind, str) else f"http-{self.status}"

    def field_errors(self) -> list[FieldError]:
        """The problem's `errors` (FastAPI/pydantic) or `invalid_params` (RFC 9457 style), normalised."""
        out: list[FieldError] = []
        for item in self.problem.get("errors") or []:
            loc = tuple(str(p) for p in item.get("loc", ()) if p not in ("body", "query", "path"))
            out.append(FieldError(loc, str(item.get("type") or ""), str(item.get("msg") or "")))
        for item in self.problem.get("invalid_params") or []:
            name = str(item.get("name") or "")
            out.append(FieldError(tuple(name.split(".")), str(item.get("reason") or ""), ""))
        return out


class ServiceDown(Exception):
    """The service does not answer (refused, timed out, 502/503/504): show the outage page."""

    def __init__(self, service: str) -> None:
        super().__init__(service)
        self.service = service


@dataclass
class Call:
    """Arguments of one call besides its endpoint."""

    path_params: Mapping[str, str] = field(default_factory=dict)
    body: BaseModel | None = None
    params: Mapping[str, Any] | None = None
    data: Mapping[str, str] | None = None
    files: Mapping[str, tuple[str, bytes, str]] | None = None
    headers: Mapping[str, str] | None = None


@dataclass
class Answer:
    """A successful answer: the parsed body and the headers (ETag, ...)."""

    value: Any
    headers: httpx.Headers


class ServiceClient:
    """Calls one service's public API as the signed-in user (`token`) or anonymously (`token=None`)."""

    service: str = ""

    def __init__(self, http: httpx.AsyncClient, base_url: str) -> None:
        self.http, self.base_url = http, base_url.rstrip("/")

    async def send(self, endpoint: Endpoint, token: str | None, call: Call | None = None) -> Answer:
        """Send the call; ServiceError on a 4xx/5xx problem, ServiceDown when the service is away."""
        call = call or Call()
        url = self.base_url + endpoint.path.format(**{k: _segment(v) for k, v in call.path_params.items()})
        headers = {CORRELATION_HEADER: current_correlation_id() or "", **(call.headers or {})}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        json_body = call.body.model_dump(mode="json", exclude_none=True) if call.body is not None else None
        query = {k: v for k, v in (call.params or {}).items() if v not in (None, "")}
        try:
            answer = await self.http.request(
                endpoint.method, url, json=json_body, params=query, data=call.data, files=call.files,
                headers={k: v for k, v in headers.items() if v},
            )  # fmt: skip
        except httpx.TransportError as exc:
            log.warning("portal.downstream_unreachable", service=self.service, error=type(exc).__name__)
            raise ServiceDown(self.service) from exc
        if answer.status_code in (502, 503, 504):
            raise ServiceDown(self.service)
        if not answer.is_success:
            raise ServiceError(answer.status_code, _problem(answer), service=self.service)
        return Answer(_parse(endpoint, answer, self.service), answer.headers)

    async def value(self, endpoint: Endpoint, token: str | None, call: Call | None = None) -> Any:
        """Only the parsed body of `send`."""
        return (await self.send(endpoint, token, call)).value


def _segment(value: str) -> str:
    return httpx.URL("/" + str(value)).raw_path.decode()[1:].replace("/", "%2F")


def _problem(answer: httpx.Response) -> dict[str, Any]:
    try:
        body = answer.json()
    except ValueError:
        return {"status": answer.status_code}
    return body if isinstance(body, dict) else {"status": answer.status_code}


def _parse(endpoint: Endpoint, answer: httpx.Response, service: str) -> Any:
    if endpoint.response is None or endpoint.response is bytes:
        return answer.content
    try:
        return TypeAdapter(endpoint.response).validate_json(answer.content)
    except ValidationError as exc:
        # The service changed a field the portal reads: a defect to fix, logged loudly.
        log.error(
            "portal.downstream_contract_broken", service=service, path=endpoint.path, errors=exc.errors()
        )
        raise


def items_of(value: Sequence[M] | None) -> list[M]:
    """A list from an optional sequence."""
    return list(value or [])
