"""The shared HTTP edge through ASGI: problems, correlation, health, metrics, auth, idempotency."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from datetime import timedelta
from typing import Annotated, Any

import httpx
import pytest
import structlog
from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field
from thidua import mongo
from thidua.auth import (
    ASSOCIATION,
    COUNCIL,
    SECRETARIAT,
    CurrentPrincipal,
    OptionalPrincipal,
    Principal,
    ensure_association_scope,
    mint_token,
    require_roles,
)
from thidua.http import PROBLEM_CONTENT_TYPE, create_app, current_correlation_id
from thidua.http.idempotency import COLLECTION
from thidua.settings import ServiceSettings

from tests.support import tokens
from tests.support.edge import assert_problem, serve

pytestmark = pytest.mark.integration

SECRET = "edge-test-secret-" + "e" * 40
LEAK = "db password is hunter2"


# Module level: with postponed annotations FastAPI resolves aliases in the module's globals.
SecretariatPrincipal = Annotated[Principal, Depends(require_roles(SECRETARIAT))]


class Item(BaseModel):
    name: str = Field(min_length=1)
    qty: int = Field(ge=1)


class Calls:
    """What the dummy endpoints saw, so tests can count executions."""

    def __init__(self) -> None:
        self.created: list[Item] = []
        self.fail_next = 0
        self.gate: asyncio.Event | None = None
        self.entered = asyncio.Event()


def dummy_router(calls: Calls) -> APIRouter:
    router = APIRouter(prefix="/api")

    @router.get("/items/{item_id}")
    async def read_item(item_id: str, principal: CurrentPrincipal) -> dict[str, str]:
        return {"item_id": item_id, "sub": principal.sub}

    @router.post("/items", status_code=201)
    async def create_item(item: Item, principal: SecretariatPrincipal, response: Response) -> dict[str, Any]:
        calls.entered.set()
        if calls.gate is not None:
            await calls.gate.wait()
        if calls.fail_next:
            calls.fail_next -= 1
            raise RuntimeError(LEAK)
        calls.created.append(item)
        item_id = f"i{len(calls.created)}"
        response.headers["Location"] = f"/api/items/{item_id}"
        return {"id": item_id, "name": item.name, "qty": item.qty, "by": principal.sub}

    @router.get("/public")
    async def public(principal: OptionalPrincipal) -> dict[str, str | None]:
        return {"sub": principal.sub if principal else None}

    @router.get("/associations/{association_id}")
    async def association(association_id: str, principal: CurrentPrincipal) -> dict[str, str]:
        ensure_association_scope(principal, association_id)
        return {"association_id": association_id}

    @router.get("/boom")
    async def boom() -> None:
        raise RuntimeError(LEAK)

    @router.get("/correlation")
    async def correlation() -> dict[str, str | None]:
        return {"correlation_id": current_correlation_id()}

    return router


def token(*roles: str, association_id: str | None = None, sub: str = "u1", **kw: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.mint(SECRET, sub, roles, association_id=association_id, **kw)}"}


SECRETARY = token(SECRETARIAT, sub="sec-1")
MakeClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture(autouse=True)
def default_logging() -> None:
    """Log to stdout as resolved at call time: a test that ran configure_logging bound a closed stream."""
    structlog.reset_defaults()


@pytest.fixture
def edge_settings() -> ServiceSettings:
    return ServiceSettings(
        service_name="edge", env="test", **tokens.SETTINGS, jwt_secret=SECRET, idempotency_retention_hours=6
    )


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def make_client(edge_settings: ServiceSettings, calls: Calls) -> MakeClient:
    """Build an app with create_app and serve it (lifespan included) to an in-process httpx client."""

    def build(
        *, db: mongo.Database | None = None, **kw: Any
    ) -> AbstractAsyncContextManager[httpx.AsyncClient]:
        app = create_app(
            settings=edge_settings, title="Edge", version="0.0.1", routers=[dummy_router(calls)], **kw
        )
        if db is not None:
            app.state.db = db
        return serve(app)

    return build


@pytest.fixture
async def client(make_client: MakeClient) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client() as c:
        yield c


class TestCorrelation:
    async def test_a_sane_incoming_id_is_used_and_echoed(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/correlation", headers={"X-Correlation-ID": "req-7.a:b_c"})
        assert response.headers["x-correlation-id"] == "req-7.a:b_c"
        assert response.json() == {"correlation_id": "req-7.a:b_c"}

    @pytest.mark.parametrize("sent", [None, "has spaces", "x" * 129])
    async def test_otherwise_a_uuid_is_generated(self, client: httpx.AsyncClient, sent: str | None) -> None:
        response = await client.get("/api/correlation", headers={"X-Correlation-ID": sent} if sent else {})
        generated = response.headers["x-correlation-id"]
        assert str(uuid.UUID(generated)) == generated
        assert response.json() == {"correlation_id": generated}


class TestProblems:
    async def test_an_unknown_route_is_a_404_problem(self, client: httpx.AsyncClient) -> None:
        body = assert_problem(await client.get("/nowhere"), 404, "not-found")
        assert body["instance"] == "/nowhere"

    async def test_a_wrong_method_is_a_405_problem_with_allow(self, client: httpx.AsyncClient) -> None:
        response = await client.delete("/healthz")
        assert_problem(response, 405, "method-not-allowed")
        assert "GET" in response.headers["allow"]

    async def test_invalid_input_is_a_422_problem_listing_the_errors(self, client: httpx.AsyncClient) -> None:
        response = await client.post("/api/items", json={"name": "", "qty": 0, "pw": "x"}, headers=SECRETARY)
        body = assert_problem(response, 422, "validation-failed")
        assert {tuple(e["loc"]) for e in body["errors"]} == {("body", "name"), ("body", "qty")}
        assert all(set(e) == {"loc", "msg", "type"} for e in body["errors"])

    async def test_malformed_json_is_a_422_problem(self, client: httpx.AsyncClient) -> None:
        response = await client.post(
            "/api/items", content=b"{not json", headers={**SECRETARY, "content-type": "application/json"}
        )
        assert_problem(response, 422, "validation-failed")

    async def test_an_unexpected_error_is_a_500_problem_that_leaks_nothing(
        self, client: httpx.AsyncClient
    ) -> None:
        response = await client.get("/api/boom", headers={"X-Correlation-ID": "boom-1"})
        body = assert_problem(response, 500, "internal")
        assert body["correlation_id"] == "boom-1"
        assert "hunter2" not in response.text
        assert "RuntimeError" not in response.text
        assert "Traceback" not in response.text


class TestHealthAndMetrics:
    async def test_healthz_says_ok(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/healthz")
        assert response.json() == {"status": "ok", "service": "edge"}

    async def test_readyz_is_ready_when_every_check_passes(self, make_client: MakeClient) -> None:
        async def fine() -> None:
            return None

        async with make_client(readiness_checks={"mongodb": fine, "rabbitmq": fine}) as client:
            response = await client.get("/readyz")
        assert response.status_code == 200
        assert response.json()["checks"] == {"mongodb": "ok", "rabbitmq": "ok"}
        assert response.json()["status"] == "ready"

    async def test_readyz_is_a_503_problem_naming_failed_checks(self, make_client: MakeClient) -> None:
        async def fine() -> None:
            return None

        async def broken() -> None:
            raise ConnectionError("refused")

        async def hangs() -> None:
            await asyncio.sleep(30)

        checks = {"mongodb": fine, "rabbitmq": broken, "smtp": hangs}
        async with make_client(readiness_checks=checks, readiness_timeout_s=0.2) as client:
            response = await client.get("/readyz")
        body = assert_problem(response, 503, "unavailable")
        assert body["checks"] == {"mongodb": "ok", "rabbitmq": "error: ConnectionError", "smtp": "timeout"}

    async def test_metrics_count_requests_by_route_template(self, client: httpx.AsyncClient) -> None:
        await client.get("/api/items/a1", headers=SECRETARY)
        await client.get("/api/items/a2", headers=SECRETARY)
        await client.get("/nowhere/123")

        text = (await client.get("/metrics")).text

        assert (
            'thidua_http_requests_total{method="GET",route="/api/items/{item_id}",status="200"} 2.0' in text
        )
        assert 'thidua_http_requests_total{method="GET",route="<unmatched>",status="404"} 1.0' in text
        assert "thidua_http_request_duration_seconds_bucket" in text
        assert "/api/items/a1" not in text

    async def test_openapi_declares_the_bearer_scheme(self, client: httpx.AsyncClient) -> None:
        schema = (await client.get("/openapi.json")).json()
        assert schema["components"]["securitySchemes"]["bearerAuth"]["scheme"].lower() == "bearer"
        assert (await client.get("/docs")).status_code == 200


class TestAuth:
    async def test_no_token_is_a_401_challenge(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/items/a1")
        assert_problem(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")

    @pytest.mark.parametrize(
        "headers",
        [
            {"Authorization": "Bearer not.a.jwt"},
            token(SECRETARIAT, ttl=timedelta(minutes=-5)),
            {"Authorization": f"Bearer {mint_token('other-' + 'k' * 40, 'u1', [SECRETARIAT])}"},
        ],
        ids=["garbage", "expired", "other-key"],
    )
    async def test_bad_tokens_are_401(self, client: httpx.AsyncClient, headers: dict[str, str]) -> None:
        response = await client.get("/api/items/a1", headers=headers)
        assert_problem(response, 401, "unauthorized")
        assert response.headers["www-authenticate"].startswith("Bearer")

    async def test_a_valid_token_reaches_the_endpoint(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/items/a1", headers=token(COUNCIL, sub="c-9"))
        assert response.json() == {"item_id": "a1", "sub": "c-9"}

    async def test_the_optional_principal_is_none_without_a_header(self, client: httpx.AsyncClient) -> None:
        assert (await client.get("/api/public")).json() == {"sub": None}
        assert (await client.get("/api/public", headers=SECRETARY)).json() == {"sub": "sec-1"}

    async def test_the_optional_principal_refuses_a_bad_header(self, client: httpx.AsyncClient) -> None:
        response = await client.get("/api/public", headers={"Authorization": "Basic dTpw"})
        assert_problem(response, 401, "unauthorized")

    async def test_a_missing_role_is_a_403_problem(self, client: httpx.AsyncClient, calls: Calls) -> None:
        response = await client.post("/api/items", json={"name": "n", "qty": 1}, headers=token(COUNCIL))
        assert_problem(response, 403, "forbidden")
        assert calls.created == []

    async def test_an_officer_stays_inside_its_association(self, client: httpx.AsyncClient) -> None:
        officer = token(ASSOCIATION, association_id="a1")
        assert (await client.get("/api/associations/a1", headers=officer)).status_code == 200
        assert_problem(await client.get("/api/associations/a2", headers=officer), 403, "forbidden")
        assert (await client.get("/api/associations/a2", headers=SECRETARY)).status_code == 200


def item_post(key: str, body: dict[str, Any], headers: dict[str, str] = SECRETARY) -> dict[str, Any]:
    return {"url": "/api/items", "json": body, "headers": {**headers, "Idempotency-Key": key}}


@pytest.fixture
async def idem_client(make_client: MakeClient, mongo_db: mongo.Database) -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(db=mongo_db) as c:
        yield c


class TestIdempotency:
    async def test_the_same_key_and_body_replays_the_first_response(
        self, idem_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        first = await idem_client.post(**item_post("k-1", {"name": "Lan", "qty": 2}))
        second = await idem_client.post(**item_post("k-1", {"name": "Lan", "qty": 2}))

        assert first.status_code == second.status_code == 201
        assert second.json() == first.json() == {"id": "i1", "name": "Lan", "qty": 2, "by": "sec-1"}
        assert second.headers["location"] == first.headers["location"] == "/api/items/i1"
        assert second.headers["idempotent-replayed"] == "true"
        assert "idempotent-replayed" not in first.headers
        assert len(calls.created) == 1

    async def test_the_same_key_with_another_body_is_a_409(
        self, idem_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        await idem_client.post(**item_post("k-2", {"name": "Lan", "qty": 2}))
        response = await idem_client.post(**item_post("k-2", {"name": "Lan", "qty": 3}))

        assert_problem(response, 409, "idempotency-key-reused")
        assert len(calls.created) == 1

    async def test_keys_are_scoped_to_the_caller(self, idem_client: httpx.AsyncClient, calls: Calls) -> None:
        other = token(SECRETARIAT, sub="sec-2")
        await idem_client.post(**item_post("k-3", {"name": "Lan", "qty": 2}))
        response = await idem_client.post(**item_post("k-3", {"name": "Lan", "qty": 2}, other))

        assert response.status_code == 201
        assert "idempotent-replayed" not in response.headers
        assert len(calls.created) == 2

    async def test_a_server_error_is_not_stored_so_the_client_may_retry(
        self, idem_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        calls.fail_next = 1
        failed = await idem_client.post(**item_post("k-4", {"name": "Lan", "qty": 2}))
        retried = await idem_client.post(**item_post("k-4", {"name": "Lan", "qty": 2}))
        replayed = await idem_client.post(**item_post("k-4", {"name": "Lan", "qty": 2}))

        assert_problem(failed, 500, "internal")
        assert "hunter2" not in failed.text
        assert retried.status_code == 201
        assert "idempotent-replayed" not in retried.headers
        assert replayed.headers["idempotent-replayed"] == "true"
        assert len(calls.created) == 1

    async def test_a_client_error_is_stored_and_replayed(
        self, idem_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        first = await idem_client.post(**item_post("k-5", {"name": "", "qty": 2}))
        second = await idem_client.post(**item_post("k-5", {"name": "", "qty": 2}))

        assert first.status_code == second.status_code == 422
        assert second.headers["content-type"] == PROBLEM_CONTENT_TYPE
        assert second.headers["idempotent-replayed"] == "true"

    async def test_a_request_still_in_progress_is_a_409_with_retry_after(
        self, idem_client: httpx.AsyncClient, calls: Calls
    ) -> None:
        calls.gate = asyncio.Event()
        first = asyncio.create_task(idem_client.post(**item_post("k-6", {"name": "Lan", "qty": 2})))
        try:
            await asyncio.wait_for(calls.entered.wait(), timeout=10)
            busy = await idem_client.post(**item_post("k-6", {"name": "Lan", "qty": 2}))
        finally:
            calls.gate.set()
        assert_problem(busy, 409, "idempotency-in-progress")
        assert busy.headers["retry-after"] == "1"
        assert (await first).status_code == 201
        assert len(calls.created) == 1

    async def test_an_overlong_key_is_a_400(self, idem_client: httpx.AsyncClient, calls: Calls) -> None:
        response = await idem_client.post(**item_post("k" * 201, {"name": "Lan", "qty": 2}))
        assert_problem(response, 400, "idempotency-key-invalid")
        assert calls.created == []

    async def test_records_expire_after_the_configured_retention(
        self, idem_client: httpx.AsyncClient, mongo_db: mongo.Database
    ) -> None:
        indexes = await mongo_db[COLLECTION].index_information()
        ttl = [spec for spec in indexes.values() if "expireAfterSeconds" in spec]
        assert [(spec["key"], spec["expireAfterSeconds"]) for spec in ttl] == [
            ([("created_at", 1)], 6 * 3600)
        ]

    async def test_without_a_database_requests_pass_through(
        self, client: httpx.AsyncClient, calls: Calls
    ) -> None:
        await client.post(**item_post("k-7", {"name": "Lan", "qty": 2}))
        await client.post(**item_post("k-7", {"name": "Lan", "qty": 2}))
        assert len(calls.created) == 2
