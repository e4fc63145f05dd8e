"""The nominee import pages, against an awards service that offers the planned import endpoints (served by a
stand-in answering in the shape the portal's README proposes): hidden while awards does not offer them; with
them, 20 rows with 2 bad ones are shown row by row, nothing is created until the officer confirms."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator

import httpx
import pytest
from asgi_lifespan import LifespanManager
from portal.app import create_app
from portal.bootstrap import build
from portal.settings import PortalSettings
from thidua import mongo

from tests.portal.conftest import hidden, put_account, sign_in

pytestmark = pytest.mark.integration
PATHS = {"/templates/nominations.xlsx": {"get": {}}, "/nominations/import": {"post": {}}}


class Awards:
    """What the stand-in received, and whether it offers the import."""

    def __init__(self, *, offers: bool) -> None:
        self.offers, self.created = offers, 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        if request.url.host != "awards.test":
            return httpx.Response(404, json={"type": "https://thidua.vn/problems/not-found"})
        if path == "/openapi.json":
            return httpx.Response(200, json={"paths": PATHS if self.offers else {}})
        if path == "/templates/nominations.xlsx":
            return httpx.Response(200, content=b"PK-template")
        if path == "/nominations/import":
            fixed = b"fixed" in request.content
            dry = request.url.params["dry_run"] == "true"
            errors = [] if fixed else [
                {"row": 7, "column": "Mã định danh", "message": "Thiếu mã định danh"},
                {"row": 15, "column": "Danh hiệu", "message": "Danh hiệu không có trong danh mục"},
            ]  # fmt: skip
            if not dry and not errors:
                self.created = 20
            return httpx.Response(
                200, json={"rows": 20, "created": 0 if dry or errors else 20, "errors": errors}
            )
        return httpx.Response(404, json={"type": "https://thidua.vn/problems/not-found"})


async def portal_with(awards: Awards, settings: PortalSettings) -> AsyncIterator[httpx.AsyncClient]:
    pool = httpx.AsyncClient(transport=httpx.MockTransport(awards))
    app = create_app(settings, portal=build(settings, http=pool))
    async with (
        LifespanManager(app),
        httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://portal.test") as client,
    ):
        await put_account(client, "can-bo-nhap")
        await sign_in(client, "can-bo-nhap")
        yield client


@pytest.fixture
async def cleanup(portal_settings: PortalSettings, mongo_client: mongo.Client) -> AsyncIterator[None]:
    yield
    await mongo_client.drop_database(portal_settings.database_name)


async def upload(client: httpx.AsyncClient, content: bytes) -> httpx.Response:
    page = await client.get("/officer/nominations/import")
    files = {
        "file": (
            "danh-sach.xlsx",
            content,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    }
    return await client.post(
        "/officer/nominations/import", data={"csrf_token": hidden(page.text, "csrf_token")}, files=files
    )


async def test_while_awards_does_not_offer_the_import_there_is_no_page_and_no_link(
    portal_settings: PortalSettings, cleanup: None
) -> None:
    async for client in portal_with(Awards(offers=False), portal_settings):
        assert (await client.get("/officer/nominations/import")).status_code == 404


async def test_twenty_rows_with_two_bad_ones_are_shown_and_nothing_is_created_until_confirmed(
    portal_settings: PortalSettings, cleanup: None
) -> None:
    awards = Awards(offers=True)
    async for client in portal_with(awards, portal_settings):
        template = await client.get("/officer/nominations/import/template")
        checked = await upload(client, b"rows with two bad ones")
        fixed = await upload(client, b"fixed rows")
        created_before_confirming = awards.created
        confirm = await client.post(
            "/officer/nominations/import",
            data={
                "csrf_token": hidden(fixed.text, "csrf_token"),
                "file_b64": hidden(fixed.text, "file_b64"),
                "filename": "danh-sach.xlsx",
            },
        )

    assert template.content == b"PK-template" and "attachment" in template.headers["content-disposition"]
    rows = re.findall(r'<tr class="outcome-failed"><td>(\d+)</td><td>([^<]+)</td>', checked.text)
    assert rows == [("7", "Mã định danh"), ("15", "Danh hiệu")]
    assert "2 dòng cần sửa" in checked.text and 'name="file_b64"' not in checked.text
    assert "Xác nhận" in fixed.text and created_before_confirming == 0
    assert confirm.status_code == 200 and "Đã tạo 20 đề nghị khen thưởng" in confirm.text
    assert awards.created == 20
