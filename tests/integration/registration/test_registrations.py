"""Registrations through the API: one per campaign, versions, deadlines, late windows, year-end."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from registration.repository import VERSIONS
from registration.settings import RegistrationSettings
from thidua import mongo

from tests.integration.registration.conftest import new_association, new_campaign, officer, plan
from tests.support.problems import assert_problem

pytestmark = pytest.mark.integration
YESTERDAY = (date.today() - timedelta(days=2)).isoformat()


async def registered(
    api: httpx.AsyncClient, secretariat: dict[str, str], settings: RegistrationSettings
) -> Any:
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HVL")
    headers = officer(settings, association["id"])
    created = await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)
    assert created.status_code == 201, created.text
    return campaign, association, headers, created.json()


class TestOnePerCampaign:
    async def test_a_second_registration_is_a_409(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        campaign, _, headers, _ = await registered(api, secretariat, reg_settings)
        again = await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)
        assert_problem(again, 409, "already-registered")


class TestVersions:
    async def test_a_stale_if_match_is_a_412_and_a_missing_one_a_428(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        _, _, headers, made = await registered(api, secretariat, reg_settings)
        url = f"/registrations/{made['id']}"
        assert (await api.patch(url, json=plan(), headers=headers | {"If-Match": '"1"'})).status_code == 200
        assert_problem(
            await api.patch(url, json=plan(), headers=headers | {"If-Match": '"1"'}), 412, "version-conflict"
        )
        assert_problem(await api.patch(url, json=plan(), headers=headers), 428, "precondition-required")

    async def test_every_version_is_kept(
        self,
        api: httpx.AsyncClient,
        secretariat: dict[str, str],
        reg_settings: RegistrationSettings,
        mongo_client: mongo.Client,
    ) -> None:
        _, _, headers, made = await registered(api, secretariat, reg_settings)
        await api.patch(
            f"/registrations/{made['id']}", json=plan(targets=["a"]), headers=headers | {"If-Match": "1"}
        )
        versions = mongo_client[reg_settings.database_name][VERSIONS]
        kept = await versions.find({"registration_id": made["id"]}).sort("version", 1).to_list(None)
        assert [v["version"] for v in kept] == [1, 2]
        assert kept[0]["plan"]["targets"] == ["10 đề tài"]


class TestDeadline:
    async def test_after_the_deadline_a_clear_refusal_until_a_late_window_is_granted(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        campaign = await new_campaign(api, secretariat, registration_deadline=YESTERDAY)
        association = await new_association(api, secretariat, "HLATE")
        url, headers = f"/campaigns/{campaign['id']}/registrations", officer(reg_settings, association["id"])
        assert_problem(await api.post(url, json=plan(), headers=headers), 409, "registration-deadline-passed")
        window = {
            "association_id": association["id"],
            "until": (date.today() + timedelta(days=3)).isoformat(),
        }
        granted = await api.post(
            f"/campaigns/{campaign['id']}/late-windows", json=window, headers=secretariat
        )
        assert granted.status_code == 201, granted.text
        late = await api.post(url, json=plan(), headers=headers)
        assert late.status_code == 201, late.text
        assert late.json()["late"] is True

    async def test_an_officer_cannot_grant_a_late_window(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        campaign, association, headers, _ = await registered(api, secretariat, reg_settings)
        window = {"association_id": association["id"], "until": date.today().isoformat()}
        assert_problem(
            await api.post(f"/campaigns/{campaign['id']}/late-windows", json=window, headers=headers),
            403,
            "forbidden",
            vietnamese=False,  # the role check: thidua.auth
        )


class TestYearEnd:
    async def test_withdrawal_then_no_amendment(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        _, _, headers, made = await registered(api, secretariat, reg_settings)
        withdrawn = await api.post(
            f"/registrations/{made['id']}/withdrawal", json={"reason": "sáp nhập"}, headers=headers
        )
        assert withdrawn.json()["status"] == "withdrawn"
        again = await api.patch(
            f"/registrations/{made['id']}", json=plan(), headers=headers | {"If-Match": '"2"'}
        )
        assert_problem(again, 409, "invalid-state")

    async def test_self_assessment_then_adjusted_verification(
        self, api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
    ) -> None:
        _, _, headers, made = await registered(api, secretariat, reg_settings)
        facts = {
            "collective": {
                "task_rating": "hoan_thanh_tot",
                "member_count": 12,
                "members_completed_count": 12,
            },
            "individuals": [{"personal_code": "P-1", "task_rating": "hoan_thanh_xuat_sac"}],
        }
        url = f"/registrations/{made['id']}"
        assessed = await api.post(f"{url}/self-assessment", json=facts, headers=headers)
        assert assessed.status_code == 200, assessed.text
        officer_verifies = await api.post(
            f"{url}/verification", json={"outcome": "confirmed"}, headers=headers
        )
        assert_problem(officer_verifies, 403, "forbidden", vietnamese=False)  # the role check: thidua.auth
        adjusted = {"outcome": "adjusted", "reason": "Thiếu minh chứng", "adjusted": facts}
        verified = await api.post(f"{url}/verification", json=adjusted, headers=secretariat)
        assert verified.status_code == 200, verified.text
        assert verified.json()["status"] == "verified"
