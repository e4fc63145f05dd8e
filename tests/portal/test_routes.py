"""Every state-changing page route is behind the CSRF check, and pages for visitors are rate-limited."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from portal.app import create_app
from portal.bootstrap import build
from portal.settings import PortalSettings
from portal.web.guard import verify_csrf

from tests.portal.conftest import hidden

JSON_API = ("/admin/",)


def test_every_state_changing_page_route_checks_the_csrf_token(portal_settings: PortalSettings) -> None:
    app: FastAPI = create_app(portal_settings, portal=build(portal_settings))
    unguarded = [
        f"{sorted(route.methods)} {route.path}"
        for route in app.routes
        if isinstance(route, APIRoute)
        and route.methods - {"GET", "HEAD"}
        and not route.path.startswith(JSON_API)
        and verify_csrf not in [d.call for d in route.dependant.dependencies]
    ]
    assert unguarded == []


@pytest.mark.integration
async def test_a_filled_honeypot_and_a_flood_from_one_address_are_refused(browser: httpx.AsyncClient) -> None:
    page = await browser.get("/public/grievances/track")
    token = hidden(page.text, "form_token")
    answers = [
        await browser.post(
            "/public/grievances/track", data={"form_token": token, "tracking_code": "X", "secret": "y"}
        )
        for _ in range(11)
    ]
    form = await browser.get("/public/grievances/new")
    bot = await browser.post(
        "/public/grievances/new",
        data={
            "form_token": hidden(form.text, "form_token"),
            "website": "http://spam.example",
            "summary": "x",
        },
    )

    assert answers[-1].status_code == 429 and "Gửi quá nhiều lần" in answers[-1].text
    assert bot.status_code == 400 and "chưa được chấp nhận" in bot.text
