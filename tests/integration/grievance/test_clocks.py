"""The complaint and denunciation clocks through the API: officers' findings, forwarding, further review,
suspension and continuation, discipline complaints, notices to the filer and the accused."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest
from grievance.settings import GrievanceSettings
from thidua import calendar, mongo

from tests.integration.grievance.conftest import complaint_body, outbox_events
from tests.support.service import auth

pytestmark = pytest.mark.integration
DENOUNCER = {"name": "Đỗ Thị Kín", "contact": "0912 777 888", "email": "kin.do@example.vn"}


def denunciation(**kw: Any) -> dict[str, Any]:
    return {
        "kind": "denunciation",
        "targets": [{"kind": "person", "personal_code": "P77", "association_id": "a9"}],
        "summary": "Ông X kê khai khống thành tích.",
        "filer": DENOUNCER,
    } | kw


async def _post(api: httpx.AsyncClient, path: str, body: dict[str, Any], headers: dict[str, str]) -> Any:
    answer = await api.post(path, json=body, headers=headers)
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


async def test_the_officer_decides_obstacles_and_the_informing_date_never_the_filer(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    assoc = auth(gsettings, "association", association_id="a1")
    declared = await api.post("/grievances", json=complaint_body(obstacle_days=30), headers=assoc)
    assert declared.status_code == 422  # a filer cannot declare obstacle time
    own_date = await api.post("/grievances", json=complaint_body(informed_on="2026-01-01"), headers=assoc)
    assert own_date.status_code == 403  # nor when they were informed
    today = calendar.today()
    informed = (today - timedelta(days=120)).isoformat()
    case = await _post(api, "/grievances", complaint_body(), assoc)
    gid = case["id"]
    record = {"informed_on": informed, "document": "Sổ giao nhận công văn số 15"}
    recorded = await _post(api, f"/grievances/{gid}/informing", record, officer)
    assert (recorded["informed_on"], recorded["informed_source"]) == (informed, "officer")
    late = await api.post(f"/grievances/{gid}/acceptance", json={"decision": "accept"}, headers=officer)
    assert late.status_code == 422 and "thời hiệu" in late.json()["detail"]
    no_evidence = {"from": informed, "until": informed, "reason": "illness"}
    url = f"/grievances/{gid}/limitation-obstacles"
    assert (await api.post(url, json=no_evidence, headers=officer)).status_code == 422
    period = {
        "from": (today - timedelta(days=100)).isoformat(),
        "until": (today - timedelta(days=61)).isoformat(),
    }
    body = period | {"reason": "illness", "document": "Giấy ra viện số 2/BV"}
    after = await _post(api, f"/grievances/{gid}/limitation-obstacles", body, officer)
    assert after["obstacles"][0]["reason"] == "illness"
    assert (await _post(api, f"/grievances/{gid}/acceptance", {"decision": "accept"}, officer))[
        "status"
    ] == "accepted"
    audit = (await api.get(f"/grievances/{gid}/audit", headers=officer)).json()["entries"]
    assert [e["action"] for e in audit][:3] == ["received", "informing_recorded", "obstacle_accepted"]


async def test_a_non_competent_denunciation_is_forwarded_and_the_denouncer_told(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    filed = await _post(api, "/grievances", denunciation(), {})
    case = (await api.get(f"/grievances/{filed['id']}", headers=officer)).json()
    assert {d["kind"] for d in case["deadlines"]} == {"forward", "acceptance"}
    done = await _post(
        api, f"/grievances/{filed['id']}/forwarding", {"to_authority": "Thanh tra tỉnh"}, officer
    )
    assert (done["status"], done["forwarded_to"], done["on_time"]) == ("forwarded", "Thanh tra tỉnh", True)
    assert done["deadlines"] == []
    event = (await outbox_events(db, "grievance.forwarded"))[0]["data"]
    assert event["to_authority"] == "Thanh tra tỉnh" and event["complainant"] is None
    told = (await outbox_events(db, "grievance.filer_notified"))[0]["data"]
    assert told["notice"] == "forwarded" and DENOUNCER["email"] not in str(told)
    tracking = await api.get(
        f"/public/grievances/{filed['tracking_code']}", headers={"X-Tracking-Secret": filed["secret"]}
    )
    assert [n["notice"] for n in tracking.json()["notices"]] == ["forwarded"]
    assert tracking.json()["notices"][0]["title"] == "Đơn đã được chuyển đến cơ quan có thẩm quyền"
    other = await _post(api, "/grievances", denunciation(), {})
    confirmed = await _post(api, f"/grievances/{other['id']}/competence", {}, officer)
    assert {d["kind"] for d in confirmed["deadlines"]} == {"acceptance"}


async def test_the_denouncer_is_told_each_step_and_the_accused_the_content_only(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    filed = await _post(api, "/grievances", denunciation(), {})
    gid = filed["id"]
    accept = {"decision": "accept", "complexity_criteria": ["multi_issue"]}
    await _post(api, f"/grievances/{gid}/acceptance", accept, officer)
    await _post(api, f"/grievances/{gid}/extension", {"decision_number": "7/QĐ-GH"}, officer)
    content = "Nội dung: bà Đỗ Thị Kín (0912.777.888) tố cáo ông X kê khai khống thành tích năm 2025."
    noticed = await _post(api, f"/grievances/{gid}/accused-notice", {"content": content}, officer)
    assert "acceptance_notice" not in {d["kind"] for d in noticed["deadlines"]}
    accused = (await outbox_events(db, "grievance.accused_informed"))[0]["data"]
    masked = "Nội dung: [người tố cáo] ([người tố cáo]) tố cáo ông X kê khai khống thành tích năm 2025."
    assert accused["content"] == masked
    await _post(
        api, f"/grievances/{gid}/resolution", {"outcome": "upheld", "decision_number": "9/KL"}, officer
    )
    told = [e["data"] for e in await outbox_events(db, "grievance.filer_notified")]
    assert [t["notice"] for t in told] == ["accepted", "extended", "resolved"]
    assert told[1]["extension_number"] == 1 and told[2]["outcome"] == "upheld"
    assert len({t["sealed_address"] for t in told}) == 3  # one sealed address per notice
    secret = {"X-Tracking-Secret": filed["secret"]}
    tracking = (await api.get(f"/public/grievances/{filed['tracking_code']}", headers=secret)).json()
    assert [n["notice"] for n in tracking["notices"]] == ["accepted", "extended", "resolved"]


async def test_a_further_denunciation_waits_for_the_result_and_is_reviewed_within_twenty_days(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    first = await _post(api, "/grievances", denunciation(), {})
    early = await api.post("/grievances", json=denunciation(instance=2, parent_grievance_id=first["id"]))
    assert early.status_code == 422  # the first is still within its intake and resolution periods
    await _post(api, f"/grievances/{first['id']}/acceptance", {"decision": "accept"}, officer)
    await _post(api, f"/grievances/{first['id']}/resolution", {"outcome": "rejected"}, officer)
    again = await _post(api, "/grievances", denunciation(instance=2, parent_grievance_id=first["id"]), {})
    case = (await api.get(f"/grievances/{again['id']}", headers=officer)).json()
    assert [d["kind"] for d in case["deadlines"]] == ["further_review"]
    reviewed = await _post(api, f"/grievances/{again['id']}/acceptance", {"decision": "accept"}, officer)
    assert [d["kind"] for d in reviewed["deadlines"]] == ["acceptance_notice", "resolution"]


async def test_a_discipline_complaint_is_written_and_has_fifteen_days(
    api: httpx.AsyncClient, gsettings: GrievanceSettings
) -> None:
    officer = auth(gsettings, "grievance_officer")
    target = [{"kind": "discipline_decision", "decision_id": "KL-3"}]
    filer = {"name": "Vũ Văn D", "contact": "0913000222"}
    spoken = complaint_body(targets=target, filer=filer, channel="in_person")
    assert (await api.post("/grievances", json=spoken, headers=officer)).status_code == 422
    informed = (calendar.today() - timedelta(days=20)).isoformat()
    body = complaint_body(targets=target, filer=filer, channel="letter", informed_on=informed)
    case = await _post(api, "/grievances", body, officer)
    shown = (await api.get(f"/grievances/{case['id']}", headers=officer)).json()
    assert shown["limitation_ends_on"] < calendar.today().isoformat()
    refused = await api.post(
        f"/grievances/{case['id']}/acceptance", json={"decision": "accept"}, headers=officer
    )
    assert refused.status_code == 422 and "LKN" in refused.json()["detail"]


async def test_continuation_counts_the_time_left_and_the_notice_is_recorded(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database
) -> None:
    officer = auth(gsettings, "grievance_officer")
    assoc = auth(gsettings, "association", association_id="a1")
    gid = (await _post(api, "/grievances", complaint_body(), assoc))["id"]
    accepted = await _post(api, f"/grievances/{gid}/acceptance", {"decision": "accept"}, officer)
    due = next(d["due_on"] for d in accepted["deadlines"] if d["kind"] == "resolution")
    await _post(api, f"/grievances/{gid}/suspension", {}, officer)
    resumed = await _post(api, f"/grievances/{gid}/resumption", {}, officer)
    assert next(d["due_on"] for d in resumed["deadlines"] if d["kind"] == "resolution") == due
    event = (await outbox_events(db, "grievance.resumed"))[0]["data"]
    assert event["resolution_due_on"] == due and event["complainant"]["association_id"] == "a1"
    assert (await outbox_events(db, "grievance.suspended"))[0]["data"]["grievance_id"] == gid
    assert not await outbox_events(db, "grievance.filer_notified")  # the association is told by notify
    wrong = await api.post(
        f"/grievances/{gid}/notices", json={"notice": "continuation_notice"}, headers=officer
    )
    assert wrong.status_code in (200, 409)  # due only for complaints received from 01/07/2026
