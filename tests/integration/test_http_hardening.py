"""The edge under abuse: oversized bodies, replays across callers and token refreshes, stored secrets."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import timedelta
from typing import Annotated, Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from fastapi import APIRouter, Depends, FastAPI, Response, UploadFile
from starlette.types import Message
from thidua import mongo
from thidua.auth import COUNCIL, SECRETARIAT, OptionalPrincipal, Principal, require_roles
from thidua.http import create_app
from thidua.http.idempotency import OMIT_HEADER
from thidua.settings import ServiceSettings

from tests.support import tokens
from tests.support.edge import assert_problem

pytestmark = pytest.mark.integration

SECRET = "hardening-secret-" + "h" * 40
Secretariat = Annotated[Principal, Depends(require_roles(SECRETARIAT))]


class Counter:
    def __init__(self) -> None:
        self.tickets = 0
        self.items = 0


def router(counter: Counter) -> APIRouter:
    api = APIRouter()

    @api.post("/tickets", status_code=201)
    async def file_ticket(body: dict[str, Any], response: Response) -> dict[str, Any]:
        """An anonymous intake that hands out a secret once (like a grievance's tracking secret)."""
        counter.tickets += 1
        response.headers[OMIT_HEADER] = "secret"
        return {"code": f"T{counter.tickets}", "secret": uuid.uuid4().hex}

    @api.post("/items", status_code=201)
    async def create_item(body: dict[str, Any], principal: Secretariat) -> dict[str, Any]:
        counter.items += 1
        return {"id": f"i{counter.items}", "by": principal.sub}

    @api.post("/uploads", status_code=201)
    async def upload(file: UploadFile, principal: OptionalPrincipal) -> dict[str, int]:
        return {"size": len(await file.read())}

    return api


def bearer(sub: str, *roles: str, **kw: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens.mint(SECRET, sub, roles, **kw)}"}


@pytest.fixture
def counter() -> Counter:
    return Counter()


@pytest.fixture
def app(counter: Counter, mongo_db: mongo.Database) -> FastAPI:
    settings = ServiceSettings(
        service_name="hardening",
        env="test",
        **tokens.SETTINGS,
        jwt_secret=SECRET,
        http_max_body_bytes=64 * 1024,
        http_max_upload_bytes=256 * 1024,
    )
    built = create_app(settings=settings, title="Hardening", version="0", routers=[router(counter)])
    built.state.db = mongo_db
    return built


Connect = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def connect(app: FastAPI) -> Connect:
    @asynccontextmanager
    async def open_client(address: str = "10.0.0.1") -> AsyncIterator[httpx.AsyncClient]:
        async with LifespanManager(app) as manager:
            transport = httpx.ASGITransport(app=manager.app, client=(address, 40000))
            async with httpx.AsyncClient(transport=transport, base_url="http://edge") as client:
                yield client

    return open_client


class TestBodyLimits:
    async def test_a_declared_oversized_body_is_refused_before_a_byte_is_read(self, app: FastAPI) -> None:
        read: list[Message] = []
        sent: list[Message] = []

        async def receive() -> Message:
            read.append({"type": "http.request"})
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            sent.append(message)

        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/items",
            "raw_path": b"/items",
            "query_string": b"",
            "root_path": "",
            "headers": [(b"content-type", b"application/json"), (b"content-length", b"41943040")],
            "client": ("10.0.0.1", 1),
            "server": ("edge", 80),
        }
        async with LifespanManager(app) as manager:
            await manager.app(scope, receive, send)
        assert read == [], "the 40 MB body was read"
        assert sent[0]["status"] == 413

    async def test_a_streamed_body_is_cut_off_at_the_limit_without_a_token(self, connect: Connect) -> None:
        async def chunks() -> AsyncIterator[bytes]:
            for _ in range(100):
                yield b"x" * 4096  # 400 KiB, no Content-Length

        async with connect() as client:
            response = await client.post(
                "/items", content=chunks(), headers={"content-type": "application/json"}
            )
        problem = assert_problem(response, 413, "payload-too-large")
        assert problem["max_bytes"] == 64 * 1024
        assert "vượt quá giới hạn" in problem["detail"]

    async def test_an_upload_has_its_own_larger_ceiling(self, connect: Connect) -> None:
        async with connect() as client:
            fits = await client.post("/uploads", files={"file": ("a.pdf", b"%" * (128 * 1024))})
            big = await client.post("/uploads", files={"file": ("b.pdf", b"%" * (300 * 1024))})
            json_of_same_size = await client.post("/items", content=b"[" + b"1," * 60000 + b"1]")
        assert fits.status_code == 201 and fits.json() == {"size": 128 * 1024}
        assert_problem(big, 413, "payload-too-large")
        assert_problem(json_of_same_size, 413, "payload-too-large")

    async def test_a_malformed_content_length_is_a_400(self, connect: Connect) -> None:
        async with connect() as client:
            response = await client.post("/items", content=b"{}", headers={"content-length": "12abc"})
        assert_problem(response, 400, "bad-content-length")


class TestIdempotencyCallers:
    async def test_the_same_request_after_a_token_refresh_is_a_replay(
        self, connect: Connect, counter: Counter
    ) -> None:
        first_token = bearer("sec-1", SECRETARIAT, ttl=timedelta(minutes=10))
        refreshed = bearer("sec-1", SECRETARIAT, ttl=timedelta(minutes=20))
        assert first_token != refreshed
        headers = {"Idempotency-Key": "refresh-1"}
        async with connect() as client:
            one = await client.post("/items", json={"n": 1}, headers=first_token | headers)
            two = await client.post("/items", json={"n": 1}, headers=refreshed | headers)
        assert one.status_code == two.status_code == 201
        assert two.headers["idempotent-replayed"] == "true"
        assert counter.items == 1

    async def test_an_unverifiable_token_is_not_recorded_and_gets_its_401(
        self, connect: Connect, counter: Counter, mongo_db: mongo.Database
    ) -> None:
        async with connect() as client:
            response = await client.post(
                "/items", json={"n": 1}, headers={"Authorization": "Bearer forged", "Idempotency-Key": "k"}
            )
        assert_problem(response, 401, "unauthorized")
        assert await mongo_db["idempotency"].count_documents({}) == 0

    async def test_a_refusal_is_not_a_final_answer_so_it_is_not_replayed_once_allowed(
        self, connect: Connect, counter: Counter
    ) -> None:
        headers = {"Idempotency-Key": "roles-1"}
        async with connect() as client:
            refused = await client.post("/items", json={"n": 1}, headers=bearer("u9", COUNCIL) | headers)
            allowed = await client.post("/items", json={"n": 1}, headers=bearer("u9", SECRETARIAT) | headers)
        assert refused.status_code == 403
        assert allowed.status_code == 201 and "idempotent-replayed" not in allowed.headers

    async def test_anonymous_callers_need_a_key_nobody_can_guess(self, connect: Connect) -> None:
        async with connect() as client:
            response = await client.post("/tickets", json={}, headers={"Idempotency-Key": "k-1"})
        problem = assert_problem(response, 400, "idempotency-key-weak")
        assert "32" in problem["detail"]

    async def test_anonymous_replays_never_cross_callers_and_never_carry_the_secret(
        self, connect: Connect, counter: Counter, mongo_db: mongo.Database
    ) -> None:
        key = {"Idempotency-Key": uuid.uuid4().hex}
        async with connect("10.0.0.1") as a:
            first = await a.post("/tickets", json={"x": 1}, headers=key)
            again = await a.post("/tickets", json={"x": 1}, headers=key)
        async with connect("10.0.0.2") as b:
            other = await b.post("/tickets", json={"x": 1}, headers=key)
        assert first.status_code == 201 and len(first.json()["secret"]) == 32
        assert OMIT_HEADER.lower() not in first.headers
        assert again.headers["idempotent-replayed"] == "true"
        assert again.json() == {"code": first.json()["code"]}, "a replay carries no secret"
        assert "idempotent-replayed" not in other.headers, "caller B was served caller A's answer"
        assert other.json()["code"] != first.json()["code"]
        stored = await mongo_db["idempotency"].find({}).to_list(None)
        assert all(first.json()["secret"].encode() not in bytes(doc.get("body", b"")) for doc in stored)
