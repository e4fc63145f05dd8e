"""Every event of a registration's life goes through the outbox to the broker, in order of the requests."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from registration.bootstrap import SPEC
from registration.settings import RegistrationSettings

from tests.integration.conftest import bind_probe
from tests.integration.registration.conftest import new_association, new_campaign, officer, plan
from tests.support.ledger import wait_until
from tests.support.service import running_worker

pytestmark = pytest.mark.integration
FACTS = {
    "collective": {"task_rating": "hoan_thanh_tot", "member_count": 8, "members_completed_count": 8},
    "individuals": [
        {"personal_code": "P-1", "task_rating": "hoan_thanh_xuat_sac", "initiatives": [{"title": "SK"}]}
    ],
}


async def _life(api: httpx.AsyncClient, secretariat: dict[str, str], settings: RegistrationSettings) -> str:
    corr = {"X-Correlation-ID": "life-1"}
    campaign = await new_campaign(api, secretariat | corr)
    association = await new_association(api, secretariat | corr, "HLIFE")
    put = await api.put(
        f"/associations/{association['id']}",
        json={"code": "HLIFE", "name": "Hội Đời", "kind": "member_association", "contact_emails": ["a@b.vn"]},
        headers=secretariat | corr | {"If-Match": '"1"'},
    )
    assert put.status_code == 200, put.text
    headers = officer(settings, association["id"]) | corr
    made = (await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)).json()
    url = f"/registrations/{made['id']}"
    assert (
        await api.patch(url, json=plan(pledges=[]), headers=headers | {"If-Match": '"1"'})
    ).status_code == 200
    assert (await api.post(f"{url}/self-assessment", json=FACTS, headers=headers)).status_code == 200
    verified = await api.post(
        f"{url}/verification", json={"outcome": "confirmed"}, headers=secretariat | corr
    )
    assert verified.status_code == 200, verified.text
    return str(made["id"])


async def test_the_whole_life_of_a_registration_is_published_with_its_correlation_id(
    api: httpx.AsyncClient,
    secretariat: dict[str, str],
    reg_settings: RegistrationSettings,
    connection: AbstractRobustConnection,
    broker_cleanup: list[str],
) -> None:
    probe = await bind_probe(connection, reg_settings, broker_cleanup, "life")
    await _life(api, secretariat, reg_settings)
    seen: list[dict[str, Any]] = []

    async def all_arrived() -> bool:
        while (message := await probe.get(no_ack=True, fail=False)) is not None:
            seen.append(json.loads(message.body))
        return len(seen) >= 6

    async with running_worker(SPEC, reg_settings):
        await wait_until(all_arrived, timeout_s=30)
    assert sorted(e["type"] for e in seen) == sorted(
        [
            "campaign.launched",
            "association.registered",
            "association.updated",
            "registration.submitted",
            "registration.amended",
            "registration.verified",
        ]
    )
    assert {e["correlation_id"] for e in seen} == {"life-1"}
    verified = next(e for e in seen if e["type"] == "registration.verified")["data"]
    assert verified["outcome"] == "confirmed"
    assert verified["individuals"][0]["full_name"] == "Nguyễn Thị Hoa"
    assert verified["individuals"][0]["initiatives"][0]["title"] == "SK"
    amended = next(e for e in seen if e["type"] == "registration.amended")["data"]
    assert amended["changed_fields"] == ["pledges"]
