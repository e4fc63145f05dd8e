"""A complaint from intake to resolution over the real API, with events, tracking and the audit chain."""

from __future__ import annotations

import httpx
import pytest
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.integration.grievance.conftest import complaint_body, outbox_events
from tests.support.service import auth

pytestmark = pytest.mark.integration


async def test_a_complaint_runs_from_intake_to_resolution(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    assoc = auth(gsettings, "association", association_id="a1", sub="u1")
    officer = auth(gsettings, "grievance_officer", sub="o1")
    filed = await api.post("/grievances", json=complaint_body(), headers=assoc)
    assert filed.status_code == 201, filed.text
    gid = filed.json()["id"]
    accepted = await api.post(f"/grievances/{gid}/acceptance", json={"decision": "accept"}, headers=officer)
    assert accepted.status_code == 200, accepted.text
    assert [d["kind"] for d in accepted.json()["deadlines"]] == ["resolution"]
    body = {"outcome": "upheld", "remedy": "reconsider_nomination", "violation_found": True}
    resolved = await api.post(f"/grievances/{gid}/resolution", json=body, headers=officer)
    assert resolved.status_code == 200 and resolved.json()["status"] == "resolved"
    types = [e["type"] for e in await outbox_events(db)]
    assert types == ["grievance.received", "grievance.accepted", "grievance.resolved"]
    accepted_event = (await outbox_events(db, "grievance.accepted"))[0]["data"]
    assert accepted_event["targets"][0]["nomination_id"] == "nom-1"
    assert accepted_event["complainant"]["association_id"] == "a1"
    resolved_event = (await outbox_events(db, "grievance.resolved"))[0]["data"]
    assert (resolved_event["outcome"], resolved_event["remedy"], resolved_event["on_time"]) == (
        "upheld",
        "reconsider_nomination",
        True,
    )
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()
    assert audit["intact"] and [e["action"] for e in audit["entries"]] == [
        "received",
        "acceptance",
        "resolution",
    ]


async def test_public_tracking_shows_status_and_deadlines_only(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    filed = await api.post(
        "/grievances", json=complaint_body(filer={"name": "Trần Thị B", "contact": "b@example.vn"})
    )
    assert filed.status_code == 201, filed.text
    code, secret = filed.json()["tracking_code"], filed.json()["secret"]
    seen = await api.get(f"/public/grievances/{code}", headers={"X-Tracking-Secret": secret})
    assert seen.status_code == 200
    public = {
        "tracking_code",
        "kind",
        "status",
        "received_on",
        "closed_on",
        "conclusion",
        "deadlines",
        "notices",
    }
    assert set(seen.json()) == public and seen.json()["conclusion"] is None  # set once published, redacted
    assert seen.json()["deadlines"][0]["kind"] == "acceptance"
    in_the_url = await api.get(f"/public/grievances/{code}", params={"secret": secret})
    assert in_the_url.status_code == 400  # never in a URL, where proxies and browsers log it
    assert in_the_url.json()["type"].endswith("/tracking-secret-in-query")
    wrong = await api.get(f"/public/grievances/{code}", headers={"X-Tracking-Secret": "guess"})
    assert wrong.status_code == 404 and wrong.headers["content-type"].startswith("application/problem+json")


async def test_tampering_with_the_audit_log_is_detected(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    gid = (
        await api.post(
            "/grievances", json=complaint_body(), headers=auth(gsettings, "association", association_id="a1")
        )
    ).json()["id"]
    await api.post(
        f"/grievances/{gid}/acceptance",
        json={"decision": "refuse", "reason_code": "no_direct_interest"},
        headers=officer,
    )
    await db["audit"].update_one({"grievance_id": gid, "seq": 2}, {"$set": {"details.reason_code": "other"}})
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()
    assert audit == audit | {"intact": False, "broken_at": 2}


async def test_bad_input_and_wrong_state_are_problems_not_errors(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    assert (await api.post("/grievances", json={"kind": "complaint"})).status_code == 422
    assert (await api.post("/grievances", json=complaint_body())).status_code == 422  # no token, no filer
    gid = (
        await api.post(
            "/grievances", json=complaint_body(), headers=auth(gsettings, "association", association_id="a1")
        )
    ).json()["id"]
    again = await api.post(f"/grievances/{gid}/extension", json={"decision_number": "1/QĐ"}, headers=officer)
    assert again.status_code == 409
    refuse = await api.post(f"/grievances/{gid}/acceptance", json={"decision": "refuse"}, headers=officer)
    assert refuse.status_code == 422
    assert (
        await api.post("/grievances/nope/acceptance", json={"decision": "accept"}, headers=officer)
    ).status_code == 404


async def test_an_expired_complaint_is_refused(api: httpx.AsyncClient, gsettings: GrievanceSettings) -> None:
    officer = auth(gsettings, "grievance_officer")
    late = complaint_body(informed_on="2020-01-01", filer={"name": "Lê Văn C", "contact": "0912000111"})
    gid = (await api.post("/grievances", json=late, headers=officer)).json()["id"]
    answer = await api.post(f"/grievances/{gid}/acceptance", json={"decision": "accept"}, headers=officer)
    assert answer.status_code == 422 and "thời hiệu" in answer.json()["detail"]


async def test_dates_out_of_range_are_refused_not_crashing(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    gid = (
        await api.post(
            "/grievances", json=complaint_body(), headers=auth(gsettings, "association", association_id="a1")
        )
    ).json()["id"]
    late = await api.post(
        f"/grievances/{gid}/acceptance", json={"decision": "accept", "on": "9999-12-31"}, headers=officer
    )
    assert late.status_code == 422
    old = await api.post("/grievances", json=complaint_body(received_on="0001-01-01"), headers=officer)
    assert old.status_code == 422
