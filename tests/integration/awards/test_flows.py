"""Event flows of the awards service: registration facts in, deferral from grievances, awards out."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.contracts.grievance import GrievanceAccepted, GrievanceResolved, GrievanceTarget
from thidua.contracts.registration import Initiative

from tests.integration.conftest import bind_probe
from tests.support.awards import facts_arrived, nomination, officer, person, received, send, verified
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


async def test_verified_registration_facts_drive_eligibility(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    async with running_worker(SPEC, awards_settings):
        await send(
            connection,
            awards_settings,
            verified(
                person("P-001", "hoan_thanh_xuat_sac", initiatives=[Initiative(title="Sáng kiến A")]),
                person("P-002", "hoan_thanh"),
            ),
            "r-1",
        )
        await facts_arrived(mongo_client, awards_settings, 3)
    ok = await client.post("/nominations", json=nomination("CSTDCS"), headers=officer(awards_settings))
    assert ok.status_code == 201, ok.text
    assert ok.json()["status"] == "submitted"
    refused = await client.post(
        "/nominations", json=nomination("LDTT", "P-002"), headers=officer(awards_settings)
    )
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert [c["code"] for c in refused.json()["failed_criteria"]] == ["ldtt_rating"]
    unknown = await client.post(
        "/nominations", json=nomination("LDTT", "P-404"), headers=officer(awards_settings)
    )
    assert unknown.json()["status"] == "incomplete"


async def test_history_import_reports_rejected_rows_and_feeds_consecutive_rules(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    csv = (
        "nominee_kind,personal_code,name,unit,award_type_code,year,commendation_type\n"
        "individual,P-001,Hoa,Hội Vật lý,CSTDCS,2025,cong_trang\n"
        "individual,P-001,Hoa,Hội Vật lý,CSTDCS,2023,cong_trang\n"
        "individual,P-001,Hoa,Hội Vật lý,CSTDCS,2024,cong_trang\n"
        "individual,,Hoa,Hội Vật lý,XYZ,20x4,\n"
    )
    files = {"file": ("history.csv", csv.encode(), "text/csv")}
    secretariat = auth(awards_settings, "secretariat")
    dry = await client.post("/award-history/import?dry_run=true", files=files, headers=secretariat)
    assert dry.status_code == 200, dry.text
    assert dry.json()["rows"] == 4 and dry.json()["created"] == 0
    errors = dry.json()["errors"]
    assert {e["row"] for e in errors} == {5} and len(errors) == 3
    assert {e["column"] for e in errors} == {"Mã định danh", "Mã danh hiệu / hình thức", "Năm"}
    refused = await client.post("/award-history/import", files=files, headers=secretariat)
    assert refused.json()["created"] == 0, "a file with a bad row writes nothing"
    good = {"file": ("history.csv", "\n".join(csv.splitlines()[:4]).encode("utf-8-sig"), "text/csv")}
    done = await client.post("/award-history/import", files=good, headers=secretariat)
    assert done.json()["created"] == 3
    again = await client.post("/award-history/import", files=good, headers=secretariat)
    assert again.json() == {"dry_run": False, "rows": 3, "created": 0, "errors": []}
    answer = await client.post("/nominations", json=nomination("CSTD_TINH"), headers=officer(awards_settings))
    assert answer.status_code == 201, answer.text
    criteria = {c["code"]: c["outcome"] for c in answer.json()["report"]["criteria"]}
    assert criteria["cstd_tinh_consecutive_cstdcs"] == "passed"


async def test_a_grievance_defers_and_its_resolution_resumes_the_nomination(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
) -> None:
    cfg = awards_settings
    probe = await bind_probe(connection, cfg, awards_queues, "deferral", "nomination.*")
    created = await client.post("/nominations", json=nomination("LDTT", "P-009"), headers=officer(cfg))
    nomination_id = created.json()["id"]
    case = {
        "grievance_id": "g-1",
        "tracking_code": "TC-1",
        "kind": "denunciation",
        "targets": [GrievanceTarget(kind="nomination", nomination_id=nomination_id)],
    }
    accepted = GrievanceAccepted(**case, accepted_on=date(2026, 1, 12), resolution_due_on=date(2026, 2, 11))
    resolved = GrievanceResolved(
        **case,
        resolved_on=date(2026, 2, 1),
        outcome="rejected",
        remedy="none",
        violation_found=False,
        on_time=True,
    )
    async with running_worker(SPEC, cfg):
        await send(connection, cfg, accepted, "g-1")
        deferred = await received(probe, "nomination.deferred")
        assert deferred[0]["data"]["nomination_id"] == nomination_id
        held = await client.get(f"/nominations/{nomination_id}", headers=officer(cfg))
        assert held.json()["status"] == "deferred" and held.json()["holds"][0]["active"]
        await send(connection, cfg, resolved, "g-1")
        resumed = await received(probe, "nomination.resumed")
    assert resumed[0]["data"]["hold_id"] == deferred[0]["data"]["hold_id"]
    after = await client.get(f"/nominations/{nomination_id}", headers=officer(cfg))
    assert after.json()["status"] == "incomplete"


async def _vote(
    client: httpx.AsyncClient, cfg: AwardsSettings, nomination_id: str, yes: int, members: int
) -> Any:
    roster = [
        {"member_id": f"m{i}", "name": f"Thành viên {i}", "present": i < members - 1} for i in range(members)
    ]
    session = await client.post(
        "/council-sessions",
        headers=auth(cfg, "secretariat"),
        json={"held_on": "2026-01-20", "members": roster, "nomination_ids": [nomination_id]},
    )
    assert session.status_code == 201, session.text
    sid = session.json()["id"]
    for i in range(members):
        vote = "yes" if i < yes else "no"
        ballot = await client.post(
            f"/council-sessions/{sid}/ballots",
            json={"votes": {nomination_id: vote}},
            headers=auth(cfg, "council", sub=f"m{i}"),
        )
        assert ballot.status_code == 201 and "votes" not in ballot.json()
    return await client.post(f"/council-sessions/{sid}/closure", headers=auth(cfg, "secretariat"))


async def test_council_vote_then_decision_publishes_award_decided_and_forwarded(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    probe = await bind_probe(connection, awards_settings, awards_queues, "awards", "award.#")
    async with running_worker(SPEC, awards_settings):
        await send(connection, awards_settings, verified(person("P-001", "hoan_thanh_xuat_sac")), "r-1")
        await facts_arrived(mongo_client, awards_settings, 2)
        cstdcs = await client.post(
            "/nominations", json=nomination("CSTDCS"), headers=officer(awards_settings)
        )
        forms = nomination("BANG_KHEN_TINH", commendation_type="dot_xuat")
        bang_khen = await client.post("/nominations", json=forms, headers=officer(awards_settings))
        closed = await _vote(client, awards_settings, cstdcs.json()["id"], yes=4, members=5)
        assert closed.json()["results"][0]["passed"] and closed.json()["results"][0]["base"] == 5
        decision = await client.post(
            "/decisions",
            headers=auth(awards_settings, "secretariat"),
            json={
                "number": "12/QĐ-LHH",
                "signed_on": "2026-01-25",
                "signer_name": "Trần Văn An",
                "signer_title": "Chủ tịch",
                "nomination_ids": [cstdcs.json()["id"], bang_khen.json()["id"]],
            },
        )
        assert decision.status_code == 201, decision.text
        decided = await received(probe, "award.decided")
        forwarded = await received(probe, "award.forwarded")
    assert decided[0]["data"]["awardee"]["personal_code"] == "P-001"
    assert forwarded[0]["data"]["nomination_id"] == bang_khen.json()["id"]
    got = await client.get(f"/decisions/{decision.json()['id']}", headers=officer(awards_settings))
    assert len(got.json()["awards"]) == 1 and len(got.json()["forwardings"]) == 1


async def test_a_vote_below_80_percent_of_all_members_fails(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    async with running_worker(SPEC, awards_settings):
        await send(connection, awards_settings, verified(person("P-001", "hoan_thanh_xuat_sac")), "r-1")
        await facts_arrived(mongo_client, awards_settings, 2)
    cstdcs = await client.post("/nominations", json=nomination("CSTDCS"), headers=officer(awards_settings))
    closed = await _vote(client, awards_settings, cstdcs.json()["id"], yes=3, members=5)
    assert not closed.json()["results"][0]["passed"]
    minutes = await mongo_client[awards_settings.database_name]["minutes"].find_one({})
    assert minutes is not None and "đồng ý 3/5" in minutes["text"] and "m0" not in minutes["text"]
    told = await mongo_client[awards_settings.database_name]["outbox"].find_one(
        {"type": "nomination.rejected"}
    )
    assert told is not None and told["subject"] == cstdcs.json()["id"]  # the nominee is told, with counts
    data = json.loads(told["body"])["data"]
    assert data["reason"] == "council_vote_failed" and (data["council"]["yes"], data["council"]["base"]) == (
        3,
        5,
    )
    again = await client.post(
        "/decisions",
        headers=auth(awards_settings, "secretariat"),
        json={
            "number": "13/QĐ-LHH",
            "signed_on": "2026-01-25",
            "signer_name": "A",
            "signer_title": "Chủ tịch",
            "nomination_ids": [cstdcs.json()["id"]],
        },
    )
    assert again.status_code == 409


async def test_the_secretariat_refuses_a_dossier_in_writing_and_the_nominee_is_told(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    async with running_worker(SPEC, awards_settings):
        await send(connection, awards_settings, verified(person("P-001", "hoan_thanh_xuat_sac")), "r-1")
        await facts_arrived(mongo_client, awards_settings, 2)
    nid = (
        await client.post("/nominations", json=nomination("CSTDCS"), headers=officer(awards_settings))
    ).json()["id"]
    body = {"reason": "dossier_refused", "explanation": "Thiếu biên bản bình xét của đơn vị."}
    assert (
        await client.post(f"/nominations/{nid}/refusal", json=body, headers=officer(awards_settings))
    ).status_code == 403
    refused = await client.post(
        f"/nominations/{nid}/refusal", json=body, headers=auth(awards_settings, "secretariat")
    )
    assert refused.status_code == 200 and refused.json()["status"] == "rejected"
    told = await mongo_client[awards_settings.database_name]["outbox"].find_one(
        {"type": "nomination.rejected"}
    )
    assert told is not None and json.loads(told["body"])["data"]["explanation"] == body["explanation"]
    again = await client.post(
        f"/nominations/{nid}/refusal", json=body, headers=auth(awards_settings, "secretariat")
    )
    assert again.status_code == 409 and again.headers["content-type"] == "application/problem+json"
