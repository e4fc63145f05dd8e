"""Fixtures for the registration service's integration tests: settings, API client and seed data."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from registration.bootstrap import SPEC
from registration.settings import RegistrationSettings
from thidua import mongo
from thidua.settings import ServiceSettings

from tests.support.service import api_client, auth


@pytest.fixture
async def reg_settings(
    settings_factory: Callable[..., ServiceSettings], mongo_client: mongo.Client
) -> AsyncIterator[RegistrationSettings]:
    """Registration settings on this test's own database and exchange; the database is dropped afterwards."""
    settings = RegistrationSettings(**settings_factory(service="registration").model_dump())
    yield settings
    await mongo_client.drop_database(settings.database_name)


@pytest.fixture
async def api(reg_settings: RegistrationSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The registration API in-process."""
    async with api_client(SPEC, reg_settings) as client:
        yield client


@pytest.fixture
def secretariat(reg_settings: RegistrationSettings) -> dict[str, str]:
    """Headers of a secretariat officer."""
    return auth(reg_settings, "secretariat", sub="sec-1")


def officer(settings: RegistrationSettings, association_id: str) -> dict[str, str]:
    """Headers of an officer of the given association."""
    return auth(settings, "association", association_id=association_id, sub=f"officer-{association_id}")


async def new_campaign(api: httpx.AsyncClient, headers: dict[str, str], **overrides: Any) -> dict[str, Any]:
    """Create and launch a campaign whose deadline is far ahead unless overridden."""
    body: dict[str, Any] = {
        "code": f"TD-{id(overrides)}-{len(overrides)}-{date.today().isoformat()}",
        "name": "Phong trào thi đua năm 2026",
        "year": 2026,
        "kind": "thematic",
        "period_start": "2026-01-01",
        "period_end": "2026-12-31",
        "registration_deadline": (date.today() + timedelta(days=30)).isoformat(),
    } | overrides
    answer = await api.post("/campaigns", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


async def new_association(api: httpx.AsyncClient, headers: dict[str, str], code: str) -> dict[str, Any]:
    """Add an association to the directory."""
    body = {"code": code, "name": f"Hội Khoa học {code}", "kind": "member_association"}
    answer = await api.post("/associations", json=body, headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def plan(**overrides: Any) -> dict[str, Any]:
    """A registration body with one individual."""
    return {
        "collective_name": "Hội Tin học tỉnh",
        "collective_award_codes": ["tap_the_lao_dong_xuat_sac"],
        "individuals": [
            {
                "personal_code": "P-1",
                "full_name": "Nguyễn Thị Hoa",
                "award_type_codes": ["chien_si_thi_dua_co_so"],
            }
        ],
        "targets": ["10 đề tài"],
        "pledges": ["Hoàn thành xuất sắc nhiệm vụ"],
    } | overrides
