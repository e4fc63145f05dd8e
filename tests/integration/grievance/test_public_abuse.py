"""The grievance desk's public doors under abuse: floods, replays, secrets in URLs, endless attachments."""

from __future__ import annotations

import uuid

import pytest
from grievance.bootstrap import SPEC
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.integration.grievance.conftest import complaint_body
from tests.support.service import api_client, auth

pytestmark = pytest.mark.integration
PUBLIC_FILER = {"filer": {"name": "Trần Thị B", "contact": "b@example.vn"}}


async def test_one_address_flooding_the_intake_is_refused_with_429(
    gsettings: GrievanceSettings, mongo_client: mongo.Client
) -> None:
    strict = gsettings.model_copy(update={"public_rate_limit": "3/minute"})
    async with api_client(SPEC, strict) as api:
        answers = [await api.post("/grievances", json=complaint_body(**PUBLIC_FILER)) for _ in range(4)]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert answers[-1].json()["type"].endswith("/too-many-requests")
    assert int(answers[-1].headers["retry-after"]) >= 1
    assert await mongo_client[strict.database_name]["grievances"].count_documents({}) == 3


async def test_a_replayed_intake_answers_without_the_tracking_secret(gsettings: GrievanceSettings) -> None:
    key = {"Idempotency-Key": uuid.uuid4().hex}
    async with api_client(SPEC, gsettings) as api:
        first = await api.post("/grievances", json=complaint_body(**PUBLIC_FILER), headers=key)
        replay = await api.post("/grievances", json=complaint_body(**PUBLIC_FILER), headers=key)
    assert first.status_code == replay.status_code == 201
    assert len(first.json()["secret"]) >= 16
    assert replay.headers["idempotent-replayed"] == "true"
    assert "secret" not in replay.json() and replay.json()["tracking_code"] == first.json()["tracking_code"]


async def test_a_case_holds_at_most_the_configured_number_of_attachments(
    gsettings: GrievanceSettings,
) -> None:
    capped = gsettings.model_copy(update={"attachments_max_per_case": 2})
    async with api_client(SPEC, capped) as api:
        case = (await api.post("/grievances", json=complaint_body(**PUBLIC_FILER))).json()
        url = f"/grievances/{case['id']}/attachments"
        officer = auth(capped, "grievance_officer")
        answers = [
            await api.post(
                url,
                files={"file": (f"p{n}.pdf", b"%PDF-1.4 bang chung", "application/pdf")},
                data={"shows_identity": "false"},
                headers=officer,
            )
            for n in range(3)
        ]
        listed = (await api.get(url, headers=officer)).json()["items"]
    assert [a.status_code for a in answers] == [201, 201, 409]
    assert answers[-1].json()["type"].endswith("/too-many-attachments")
    assert "tối đa 2" in answers[-1].json()["detail"]
    assert len(listed) == 2, "the refused file left a record behind"
