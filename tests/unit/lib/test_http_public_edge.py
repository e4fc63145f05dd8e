"""Public endpoints are rate-limited, every answer carries security headers, docs work offline and can
move to an internal port (in process, no I/O)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends, FastAPI
from thidua.auth import SECRETARIAT
from thidua.http import create_app
from thidua.http.ratelimit import rate_limited
from thidua.settings import ServiceSettings

from tests.support import tokens
from tests.support.edge import assert_problem

SECRET = "public-edge-secret-" + "p" * 40


def public_router() -> APIRouter:
    router = APIRouter()

    @router.get("/public/search", dependencies=[Depends(rate_limited("public-search"))])
    async def search() -> dict[str, str]:
        return {"ok": "yes"}

    @router.get("/private")
    async def private() -> dict[str, str]:
        return {"ok": "yes"}

    return router


def build(**overrides: Any) -> FastAPI:
    values: dict[str, Any] = {
        "service_name": "public",
        "env": "test",
        **tokens.SETTINGS,
        "jwt_secret": SECRET,
        "public_rate_limit": "3/minute",
        "trusted_proxies": ["10.9.9.9"],
    }
    internal_port = overrides.pop("internal_port", 0)
    values.update(overrides)
    settings = ServiceSettings(**values)
    return create_app(
        settings=settings, title="Public", version="0", routers=[public_router()], internal_port=internal_port
    )


@asynccontextmanager
async def connect(app: FastAPI, address: str = "10.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
        yield client


def bearer(sub: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.mint(SECRET, sub, [SECRETARIAT])}"}


class TestRateLimits:
    async def test_a_client_address_over_its_limit_gets_a_429_with_retry_after(self) -> None:
        app = build()
        async with connect(app) as client:
            answers = [await client.get("/public/search") for _ in range(4)]
        assert [a.status_code for a in answers] == [200, 200, 200, 429]
        problem = assert_problem(answers[-1], 429, "too-many-requests")
        assert int(answers[-1].headers["retry-after"]) >= 1
        assert "quá nhiều yêu cầu" in problem["detail"]

    async def test_another_address_has_its_own_window(self) -> None:
        app = build()
        async with connect(app, "10.0.0.1") as a, connect(app, "10.0.0.2") as b:
            for _ in range(3):
                await a.get("/public/search")
            assert (await a.get("/public/search")).status_code == 429
            assert (await b.get("/public/search")).status_code == 200

    async def test_a_principal_is_limited_whatever_address_it_comes_from(self) -> None:
        app = build()
        answers = []
        for n in range(4):
            async with connect(app, f"10.0.1.{n}") as client:
                answers.append((await client.get("/public/search", headers=bearer("s1"))).status_code)
        assert answers == [200, 200, 200, 429]

    async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(self) -> None:
        app = build()
        async with connect(app, "10.9.9.9") as proxy, connect(app, "10.0.0.5") as liar:
            for n in range(5):  # five clients behind the proxy: each has its own window
                got = await proxy.get("/public/search", headers={"x-forwarded-for": f"192.0.2.{n}"})
                assert got.status_code == 200
            spoofed = [
                (await liar.get("/public/search", headers={"x-forwarded-for": f"198.51.100.{n}"})).status_code
                for n in range(4)
            ]
        assert spoofed == [200, 200, 200, 429]

    async def test_routes_without_the_dependency_are_not_limited(self) -> None:
        app = build()
        async with connect(app) as client:
            assert {(await client.get("/private")).status_code for _ in range(6)} == {200}


class TestSecurityHeaders:
    @pytest.mark.parametrize("path", ["/private", "/nowhere", "/healthz"])
    async def test_every_answer_carries_them_errors_included(self, path: str) -> None:
        async with connect(build()) as client:
            response = await client.get(path)
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert response.headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
        assert "strict-transport-security" not in response.headers  # test env: no HSTS

    async def test_production_adds_hsts_and_authenticated_answers_are_not_cached(self) -> None:
        async with connect(build(env="prod")) as client:
            response = await client.get("/private", headers=bearer("s1"))
        assert response.headers["strict-transport-security"].startswith("max-age=")
        assert response.headers["cache-control"] == "no-store"


class TestOfflineDocs:
    async def test_swagger_ui_and_redoc_load_their_scripts_from_this_process(self) -> None:
        async with connect(build()) as client:
            swagger = await client.get("/docs")
            redoc = await client.get("/redoc")
            script = await client.get("/docs-assets/swagger-ui-bundle.js")
            spec = await client.get("/openapi.json")
        assert swagger.status_code == redoc.status_code == script.status_code == spec.status_code == 200
        for page in (swagger.text, redoc.text):
            assert "/docs-assets/" in page
            assert "cdn" not in page.lower() and "googleapis" not in page
        assert len(script.content) > 100_000
        assert "script-src 'self'" in swagger.headers["content-security-policy"]
        assert spec.json()["info"]["title"] == "Public"


class TestInternalPort:
    async def test_docs_openapi_and_metrics_move_to_the_internal_app(self) -> None:
        app = build(internal_port=9999)
        async with connect(app) as public:
            hidden = [(await public.get(p)).status_code for p in ("/docs", "/openapi.json", "/metrics")]
            assert (await public.get("/private")).status_code == 200
        async with connect(app.state.internal_app) as internal:
            shown = [(await internal.get(p)).status_code for p in ("/docs", "/openapi.json", "/metrics")]
            paths = (await internal.get("/openapi.json")).json()["paths"]
        assert hidden == [404, 404, 404]
        assert shown == [200, 200, 200]
        assert "/public/search" in paths  # the public API's document, served internally
