"""Sign-in with OpenID Connect against a tiny provider served over HTTP in the test: the authorization code
flow with PKCE (S256), the ID token checked (signature, issuer, audience, nonce), the claim mapping, and the
session calling the services with the provider's access token."""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import jwt
import pytest
import uvicorn
from asgi_lifespan import LifespanManager
from portal.app import create_app
from portal.bootstrap import build
from portal.settings import PortalSettings
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from thidua import mongo
from thidua.signing import LocalKey, jwks_document
from thidua_tools.embedded import free_port

from tests.support.infra import Infra

pytestmark = pytest.mark.integration
CLIENT_ID, CLIENT_SECRET = "thidua-portal", "client-secret-for-tests"


@dataclass
class FakeProvider:
    """An OpenID provider that signs in whoever `user` names, checking the PKCE verifier at the token step."""

    key: LocalKey
    port: int
    user: dict[str, Any] = field(default_factory=dict)
    nonce_override: str | None = None
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}/realms/thidua"

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self.key.private_pem, algorithm="RS256", headers={"kid": self.key.kid})

    def app(self) -> Starlette:
        async def discovery(request: Request) -> Response:
            return JSONResponse(
                {
                    "issuer": self.issuer,
                    "authorization_endpoint": f"{self.issuer}/auth",
                    "token_endpoint": f"{self.issuer}/token",
                    "jwks_uri": f"{self.issuer}/certs",
                }
            )

        async def authorize(request: Request) -> Response:
            q = request.query_params
            assert q["code_challenge_method"] == "S256" and q["response_type"] == "code"
            code = secrets.token_urlsafe(8)
            self.codes[code] = {
                "challenge": q["code_challenge"],
                "nonce": q["nonce"],
                "redirect": q["redirect_uri"],
            }
            return RedirectResponse(f"{q['redirect_uri']}?{urlencode({'code': code, 'state': q['state']})}")

        async def token(request: Request) -> Response:
            form = await request.form()
            basic = base64.b64decode(request.headers["authorization"].split()[1]).decode()
            grant = self.codes.pop(str(form["code"]), None)
            verifier = str(form["code_verifier"]).encode()
            expected = base64.urlsafe_b64encode(hashlib.sha256(verifier).digest()).rstrip(b"=").decode()
            if grant is None or basic != f"{CLIENT_ID}:{CLIENT_SECRET}" or grant["challenge"] != expected:
                return JSONResponse({"error": "invalid_grant"}, status_code=400)
            now = int(time.time())
            base = {"iss": self.issuer, "sub": self.user["sub"], "iat": now, "exp": now + 300}
            identity = base | {
                "aud": CLIENT_ID,
                "nonce": self.nonce_override or grant["nonce"],
                "preferred_username": self.user["username"],
                "name": self.user["name"],
            }
            access = base | {"aud": "thidua", "roles": self.user["roles"], **self.user.get("extra", {})}
            return JSONResponse(
                {"id_token": self.sign(identity), "access_token": self.sign(access), "token_type": "Bearer"}
            )

        async def certs(request: Request) -> Response:
            return JSONResponse(jwks_document(self.key))

        return Starlette(
            routes=[
                Route("/realms/thidua/.well-known/openid-configuration", discovery),
                Route("/realms/thidua/auth", authorize),
                Route("/realms/thidua/token", token, methods=["POST"]),
                Route("/realms/thidua/certs", certs),
            ]
        )


@pytest.fixture
def provider(signing_key_file: Any, tmp_path: Any) -> Iterator[FakeProvider]:
    from thidua.signing import ensure_key_file

    fake = FakeProvider(key=ensure_key_file(tmp_path / "idp.pem"), port=free_port())
    server = uvicorn.Server(uvicorn.Config(fake.app(), host="127.0.0.1", port=fake.port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield fake
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture
async def oidc_browser(
    infra: Infra, unique: str, provider: FakeProvider, mongo_client: mongo.Client
) -> AsyncIterator[httpx.AsyncClient]:
    settings = PortalSettings(
        env="test",
        jwt_secret="portal-test-secret-" + "x" * 40,
        mongodb_url=infra.mongo_url,  # type: ignore[arg-type]
        mongodb_database=f"t_{unique}_portal",
        auth_mode="oidc",
        jwt_issuer=provider.issuer,
        jwt_audience="thidua",
        oidc_discovery_url=f"{provider.issuer}/.well-known/openid-configuration",
        oidc_client_id=CLIENT_ID,
        oidc_client_secret=CLIENT_SECRET,  # type: ignore[arg-type]
        oidc_redirect_url="https://portal.test/auth/oidc/callback",
    )
    app = create_app(settings, portal=build(settings))
    try:
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app), base_url="https://portal.test"
            ) as client,
        ):
            yield client
    finally:
        await mongo_client.drop_database(settings.database_name)


async def sign_in_at_the_provider(browser: httpx.AsyncClient) -> httpx.Response:
    """The browser's round trip: portal → provider (which signs the user in at once) → portal callback."""
    start = await browser.get("/auth/oidc/start?next=/account/password")
    assert start.status_code == 303
    async with httpx.AsyncClient() as outside:
        at_provider = await outside.get(start.headers["location"])
    back = urlsplit(at_provider.headers["location"])
    return await browser.get(f"{back.path}?{back.query}")


class TestOpenIdConnect:
    async def test_a_provider_user_with_a_thidua_role_gets_a_session_that_carries_the_providers_token(
        self, oidc_browser: httpx.AsyncClient, provider: FakeProvider
    ) -> None:
        provider.user = {
            "sub": "kc-123",
            "username": "lan.nguyen",
            "name": "Nguyễn Thị Lan",
            "roles": ["association", "offline_access"],
            "extra": {"association_id": "hoi-a"},
        }

        answer = await sign_in_at_the_provider(oidc_browser)

        assert answer.status_code == 303 and answer.headers["location"] == "/account/password"
        page = await oidc_browser.get("/account/password")
        assert page.status_code == 200 and "Nguyễn Thị Lan" in page.text

    async def test_the_authorization_request_uses_pkce_s256_and_a_one_time_state(
        self, oidc_browser: httpx.AsyncClient, provider: FakeProvider
    ) -> None:
        start = await oidc_browser.get("/auth/oidc/start")
        query = parse_qs(urlsplit(start.headers["location"]).query)

        assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) == 43
        assert query["client_id"] == [CLIENT_ID] and query["scope"] == ["openid profile"]
        replay = await oidc_browser.get(f"/auth/oidc/callback?code=x&state={query['state'][0]}")
        again = await oidc_browser.get(f"/auth/oidc/callback?code=x&state={query['state'][0]}")
        assert replay.status_code == 401 and again.status_code == 401

    async def test_an_id_token_with_another_nonce_is_refused(
        self, oidc_browser: httpx.AsyncClient, provider: FakeProvider
    ) -> None:
        provider.user = {"sub": "kc-9", "username": "x", "name": "X", "roles": ["secretariat"]}
        provider.nonce_override = "replayed-nonce"

        answer = await sign_in_at_the_provider(oidc_browser)

        assert answer.status_code == 401
        assert "Đăng nhập bằng tài khoản của tỉnh không thành công" in answer.text

    async def test_a_user_without_a_thidua_role_is_not_signed_in(
        self, oidc_browser: httpx.AsyncClient, provider: FakeProvider
    ) -> None:
        provider.user = {"sub": "kc-7", "username": "guest", "name": "Khách", "roles": ["offline_access"]}

        answer = await sign_in_at_the_provider(oidc_browser)

        assert answer.status_code == 401
