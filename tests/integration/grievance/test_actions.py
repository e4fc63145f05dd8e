"""Second-instance complaints, withdrawal, publication and the oversight counts."""

from __future__ import annotations

import httpx
import pytest
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.integration.grievance.conftest import complaint_body, outbox_events
from tests.support.service import auth

pytestmark = pytest.mark.integration


async def test_a_second_complaint_links_to_the_first_and_has_its_own_clock(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    assoc = auth(gsettings, "association", association_id="a1")
    officer = auth(gsettings, "grievance_officer")
    first = (await api.post("/grievances", json=complaint_body(), headers=assoc)).json()["id"]
    early = await api.post(
        "/grievances", json=complaint_body(instance=2, parent_grievance_id=first), headers=assoc
    )
    assert early.status_code == 422 and "chưa đến lúc" in early.json()["detail"]  # rule 38: not before
    await api.post(f"/grievances/{first}/acceptance", json={"decision": "accept"}, headers=officer)
    body = {"outcome": "rejected", "decision_number": "1/QĐ-GQKN"}
    assert (await api.post(f"/grievances/{first}/resolution", json=body, headers=officer)).status_code == 200
    second = await api.post(
        "/grievances", json=complaint_body(instance=2, parent_grievance_id=first), headers=assoc
    )
    assert second.status_code == 201, second.text
    case = (await api.get(f"/grievances/{second.json()['id']}", headers=assoc)).json()
    assert case["informed_source"] == "first_instance_decision" and case["limitation_ends_on"]
    orphan = await api.post(
        "/grievances", json=complaint_body(instance=2, parent_grievance_id="nope"), headers=assoc
    )
    assert orphan.status_code == 422
    stranger = auth(gsettings, "association", association_id="a2")
    wrong = await api.post(
        "/grievances", json=complaint_body(instance=2, parent_grievance_id=first), headers=stranger
    )
    assert wrong.status_code == 422
    accepted = await api.post(
        f"/grievances/{second.json()['id']}/acceptance",
        json={"decision": "accept", "complexity_criteria": ["multi_issue"], "remote_area": True},
        headers=officer,
    )
    assert accepted.json()["complexity"] == "complex"
    event = (await outbox_events(db, "grievance.accepted"))[-1]["data"]
    assert (event["instance"], event["parent_grievance_id"], event["remote_area"]) == (2, first, True)


async def test_withdrawal_closes_the_case_and_is_announced(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    gid = (
        await api.post(
            "/grievances", json=complaint_body(), headers=auth(gsettings, "association", association_id="a1")
        )
    ).json()["id"]
    answer = await api.post(f"/grievances/{gid}/withdrawal", json={}, headers=officer)
    assert answer.json()["status"] == "withdrawn" and answer.json()["deadlines"] == []
    assert (await outbox_events(db, "grievance.withdrawn"))[0]["data"]["case_continues"] is False


async def test_oversight_counts_and_publication(api: httpx.AsyncClient, gsettings: GrievanceSettings) -> None:
    officer = auth(gsettings, "grievance_officer")
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "person", "personal_code": "P1"}],
        "summary": "s",
        "filer": {"name": "N", "contact": "n@x.vn"},
    }
    late = (await api.post("/grievances", json=body | {"received_on": "2026-01-05"}, headers=officer)).json()[
        "id"
    ]
    await api.post("/grievances", json=body, headers=officer)
    counts = (await api.get("/oversight/grievances", headers=officer)).json()
    assert (counts["open"], counts["overdue"]) == (2, 1)
    await api.post(
        f"/grievances/{late}/acceptance", json={"decision": "accept", "on": "2026-01-06"}, headers=officer
    )
    done = {"outcome": "rejected", "on": "2026-01-20"}
    assert (await api.post(f"/grievances/{late}/resolution", json=done, headers=officer)).status_code == 200
    counts = (await api.get("/oversight/grievances", headers=officer)).json()
    assert counts["on_time_rate_by_year"] == {"2026": 1.0}
    published = await api.post(f"/grievances/{late}/publication", json={}, headers=officer)
    assert published.status_code == 200 and published.json()["deadlines"] == []
    assert (await api.post(f"/grievances/{late}/publication", json={}, headers=officer)).status_code == 409
    assert (await api.get("/oversight/grievances", headers=auth(gsettings, "secretariat"))).status_code == 403
    exported = await api.get("/oversight/grievances/export.csv", headers=officer)
    lines = exported.text.splitlines()
    assert lines[0].startswith("tracking_code,kind") and len(lines) == 3
    assert "n@x.vn" not in exported.text


async def test_an_unsigned_letter_is_kept_as_flagged_information(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    letter = {
        "kind": "denunciation",
        "channel": "letter",
        "targets": [{"kind": "person", "personal_code": "P7"}],
        "summary": "Thư không ký tên, kèm chứng cứ.",
        "has_evidence": True,
    }
    filed = await api.post("/grievances", json=letter, headers=officer)
    assert filed.json()["kind"] == "information" and filed.json()["tracking_code"].startswith("TT-")
    case = (await api.get(f"/grievances/{filed.json()['id']}", headers=officer)).json()
    assert case["flagged_for_inspection"] is True and case["deadlines"] == []
    accept = await api.post(
        f"/grievances/{case['id']}/acceptance", json={"decision": "accept"}, headers=officer
    )
    assert accept.status_code == 422
    event = (await outbox_events(db, "grievance.received"))[0]["data"]
    assert (event["kind"], event["flagged_for_inspection"], event["complainant"]) == (
        "information",
        True,
        None,
    )
