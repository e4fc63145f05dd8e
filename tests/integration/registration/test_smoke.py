"""The main path through the API: campaign, association, registration, amendment."""

from __future__ import annotations

import httpx
import pytest
from registration.settings import RegistrationSettings

from tests.integration.registration.conftest import new_association, new_campaign, officer, plan

pytestmark = pytest.mark.integration


async def test_an_officer_registers_and_amends(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HTH")
    headers = officer(reg_settings, association["id"])
    created = await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)
    assert created.status_code == 201, created.text
    assert created.headers["ETag"] == '"1"'
    rid = created.json()["id"]
    patched = await api.patch(
        f"/registrations/{rid}", json=plan(targets=["20"]), headers=headers | {"If-Match": '"1"'}
    )
    assert patched.status_code == 200, patched.text
    assert patched.headers["ETag"] == '"2"'
    listed = await api.get(
        "/registrations", params={"campaign_id": campaign["id"], "q": "nguyen thi"}, headers=headers
    )
    assert listed.json()["total"] == 1, listed.text
