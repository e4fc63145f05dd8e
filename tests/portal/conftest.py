"""The portal in-process (ASGI) on the real MongoDB-wire server; the services where a test needs them."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from portal.app import create_app
from portal.bootstrap import build
from portal.settings import PortalSettings
from thidua import mongo
from thidua.signing import LocalKey, ensure_key_file

from tests.support.infra import Infra

ADMIN_TOKEN = "portal-admin-token-" + "a" * 32


@pytest.fixture(scope="session")
def signing_key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One RSA key for the session's portals (generating one costs ~0.1 s)."""
    path = tmp_path_factory.mktemp("keys") / "jwt.pem"
    ensure_key_file(path)
    return path


@pytest.fixture
def signing_key(signing_key_file: Path) -> LocalKey:
    return LocalKey.from_pem(signing_key_file.read_bytes())


@pytest.fixture
def portal_settings(infra: Infra, unique: str, signing_key_file: Path) -> PortalSettings:
    return PortalSettings(
        env="test",
        jwt_secret="portal-test-secret-" + "x" * 40,  # type: ignore[arg-type]
        mongodb_url=infra.mongo_url,
        mongodb_database=f"t_{unique}_portal",
        jwt_signing_key_file=signing_key_file,
        jwt_issuer="http://portal.test",
        jwt_audience="thidua",
        admin_token=ADMIN_TOKEN,  # type: ignore[arg-type]
        form_min_fill_s=0,
        registration_url="http://registration.test",
        awards_url="http://awards.test",
        grievance_url="http://grievance.test",
        notify_url="http://notify.test",
    )


@pytest.fixture
async def browser(
    portal_settings: PortalSettings, mongo_client: mongo.Client
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client on the portal app (cookies kept, like a browser), on https so Secure cookies travel."""
    app = create_app(portal_settings, portal=build(portal_settings))
    try:
        async with (
            LifespanManager(app),
            httpx.AsyncClient(
                transport=httpx.ASGITransport(app=app, client=("203.0.113.7", 5000)),
                base_url="https://portal.test",
            ) as client,
        ):
            yield client
    finally:
        await mongo_client.drop_database(portal_settings.database_name)


async def put_account(client: httpx.AsyncClient, username: str, **fields: Any) -> httpx.Response:
    body = {"password": "mat-khau-dung-1", "name": "Nguyễn Thị Lan", "roles": ["association"],
            "association_id": "hoi-a"} | fields  # fmt: skip
    return await client.put(
        f"/admin/accounts/{username}", json=body, headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
    )


def hidden(html: str, name: str) -> str:
    """The value of a hidden input of a page."""
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert found, f"no {name} in the page"
    return found.group(1)


async def sign_in(
    client: httpx.AsyncClient, username: str, password: str = "mat-khau-dung-1"
) -> httpx.Response:
    page = await client.get("/login")
    fields = {
        "username": username,
        "password": password,
        "form_token": hidden(page.text, "form_token"),
        "next": "/",
    }
    if 'name="csrf_token"' in page.text:
        fields["csrf_token"] = hidden(page.text, "csrf_token")
    return await client.post("/login", data=fields)
