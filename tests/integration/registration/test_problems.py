"""Bad input gets problem+json 4xx, never a 5xx, and nothing half-written; nothing is public."""

from __future__ import annotations

import httpx
import pytest
from registration.repository import REGISTRATIONS
from registration.settings import RegistrationSettings
from thidua import mongo

from tests.integration.registration.conftest import new_association, new_campaign, officer, plan

pytestmark = pytest.mark.integration


async def test_nothing_is_public(api: httpx.AsyncClient) -> None:
    for path in ("/campaigns", "/associations", "/registrations", "/registrations/x"):
        answer = await api.get(path)
        assert answer.status_code == 401
        assert answer.headers["content-type"].startswith("application/problem+json")


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/campaigns", {"code": "X"}),
        (
            "/campaigns",
            {
                "code": "X",
                "name": "n",
                "year": 2026,
                "kind": "weekly",
                "period_start": "2026-01-01",
                "period_end": "2026-12-31",
            },
        ),
        (
            "/campaigns",
            {
                "code": "X",
                "name": "n",
                "year": 2026,
                "kind": "annual",
                "period_start": "2026-12-01",
                "period_end": "2026-01-31",
            },
        ),
        ("/associations", {"code": "A", "name": "n", "kind": "club"}),
        ("/associations", {"code": "", "name": "n", "kind": "member_association"}),
    ],
)
async def test_bad_input_is_a_422_problem(
    api: httpx.AsyncClient, secretariat: dict[str, str], path: str, body: dict[str, object]
) -> None:
    answer = await api.post(path, json=body, headers=secretariat)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")


async def test_a_broken_registration_leaves_nothing_behind(
    api: httpx.AsyncClient,
    secretariat: dict[str, str],
    reg_settings: RegistrationSettings,
    mongo_client: mongo.Client,
) -> None:
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HBAD")
    headers = officer(reg_settings, association["id"])
    twice = [{"personal_code": "P", "full_name": "A"}, {"personal_code": "P", "full_name": "B"}]
    answer = await api.post(
        f"/campaigns/{campaign['id']}/registrations", json=plan(individuals=twice), headers=headers
    )
    assert answer.status_code == 422, answer.text
    for body in ("not json", '{"collective_name": 5}', '{"collective_name": "x", "extra": 1}'):
        bad = await api.post(
            f"/campaigns/{campaign['id']}/registrations",
            content=body,
            headers=headers | {"Content-Type": "application/json"},
        )
        assert bad.status_code == 422, bad.text
    assert await mongo_client[reg_settings.database_name][REGISTRATIONS].count_documents({}) == 0


async def test_unknown_ids_are_404_problems(api: httpx.AsyncClient, secretariat: dict[str, str]) -> None:
    for path in ("/campaigns/nope", "/registrations/nope"):
        answer = await api.get(path, headers=secretariat)
        assert answer.status_code == 404
        assert answer.json()["type"].endswith("/not-found")
    answer = await api.post(
        "/campaigns/nope/registrations", json=plan(association_id="a"), headers=secretariat
    )
    assert answer.status_code == 404


async def test_a_second_campaign_with_the_same_code_is_a_409(
    api: httpx.AsyncClient, secretariat: dict[str, str]
) -> None:
    first = await new_campaign(api, secretariat, code="DUP-1")
    body = {k: first[k] for k in ("code", "name", "year", "kind", "period_start", "period_end")}
    again = await api.post("/campaigns", json=body, headers=secretariat)
    assert again.status_code == 409
    assert again.json()["type"].endswith("/duplicate-code")
