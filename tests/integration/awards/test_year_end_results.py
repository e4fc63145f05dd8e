"""Rule 1 (L22 Điều 7): a member who never registered reaches eligibility through year-end results the
association records and the secretariat checks in registration, carried to awards by an event."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC as AWARDS
from awards.settings import AwardsSettings
from registration.bootstrap import SPEC as REGISTRATION
from registration.settings import RegistrationSettings
from thidua import mongo
from thidua.settings import ServiceSettings

from tests.support.awards import facts_arrived, nomination, officer
from tests.support.service import api_client, auth, running_worker

pytestmark = pytest.mark.integration
PERSON = {
    "personal_code": "P-777",
    "full_name": "Trần Thị Mai",
    "task_rating": "hoan_thanh_xuat_sac",
    "initiatives": [{"title": "Sáng kiến số hóa hồ sơ", "scope": "base"}],
    "female": True,
}


@pytest.fixture
async def reg_settings(
    settings_factory: Callable[..., ServiceSettings], mongo_client: mongo.Client
) -> AsyncIterator[RegistrationSettings]:
    settings = RegistrationSettings(**settings_factory(service="registration").model_dump())
    yield settings
    await mongo_client.drop_database(settings.database_name)


@pytest.fixture
async def registration(reg_settings: RegistrationSettings) -> AsyncIterator[httpx.AsyncClient]:
    async with api_client(REGISTRATION, reg_settings) as http:
        yield http


def member(settings: ServiceSettings, association_id: str) -> dict[str, str]:
    return auth(settings, "association", association_id=association_id, sub=f"officer-{association_id}")


async def _association(api: httpx.AsyncClient, secretariat: dict[str, str], code: str) -> str:
    body = {"code": code, "name": f"Hội {code}", "kind": "member_association"}
    made = await api.post("/associations", json=body, headers=secretariat)
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


async def test_an_unregistered_member_reaches_the_council_through_checked_year_end_results(
    registration: httpx.AsyncClient,
    client: httpx.AsyncClient,
    reg_settings: RegistrationSettings,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    secretariat = auth(reg_settings, "secretariat", sub="sec-1")
    assoc, other = (
        await _association(registration, secretariat, "HYE"),
        await _association(registration, secretariat, "HYO"),
    )
    base = f"/associations/{assoc}/year-end-results"
    body = {
        "year": 2025,
        "individuals": [PERSON, PERSON | {"personal_code": "P-778", "full_name": "Lê Văn B"}],
    }
    stranger = await registration.post(base, json=body, headers=member(reg_settings, other))
    assert stranger.status_code == 403 and "hội khác" in stranger.json()["detail"]
    twice = await registration.post(
        base, json=body | {"individuals": [PERSON, PERSON]}, headers=member(reg_settings, assoc)
    )
    assert twice.status_code == 422 and "một lần" in twice.json()["detail"]
    recorded = await registration.post(base, json=body, headers=member(reg_settings, assoc))
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["status"] == "recorded"
    results_id = recorded.json()["id"]
    listed = await registration.get(base, headers=member(reg_settings, assoc))
    assert listed.json()["total"] == 1 and listed.json()["next"] is None
    by_officer = await registration.post(
        f"{base}/{results_id}/verification",
        json={"outcome": "confirmed"},
        headers=member(reg_settings, assoc),
    )
    assert by_officer.status_code == 403
    checked = await registration.post(
        f"{base}/{results_id}/verification", json={"outcome": "confirmed"}, headers=secretariat
    )
    assert checked.status_code == 200, checked.text
    again = await registration.post(
        f"{base}/{results_id}/verification", json={"outcome": "confirmed"}, headers=secretariat
    )
    assert again.status_code == 409 and again.json()["detail"]

    async with running_worker(AWARDS, awards_settings), running_worker(REGISTRATION, reg_settings):
        await facts_arrived(mongo_client, awards_settings, 2)
    headers = officer(awards_settings, assoc)
    answer = await client.post(
        "/nominations", json=nomination("CSTDCS", "P-777", association_id=assoc), headers=headers
    )
    assert answer.status_code == 201, answer.text
    assert answer.json()["status"] == "submitted"
    criteria = {c["code"]: c["outcome"] for c in answer.json()["report"]["criteria"]}
    assert criteria["registration_optional"] == "passed"
    assert criteria["cstdcs_one_of_four"] == "passed"
