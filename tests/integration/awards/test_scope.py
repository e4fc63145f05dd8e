"""Every route checks role and association scope; the public list shows only name, unit, award, window."""

from __future__ import annotations

import httpx
import pytest
from awards.settings import AwardsSettings
from thidua import mongo

from tests.support.awards import OTHER, decide, force_submitted, nomination, officer, submitted
from tests.support.problems import assert_problem
from tests.support.service import auth

pytestmark = pytest.mark.integration

DECISION = {"number": "1/QĐ", "signed_on": "2026-01-25", "signer_name": "A", "signer_title": "Chủ tịch"}
CANCEL = DECISION | {"ground": "false_information"}


async def _nomination(client: httpx.AsyncClient, cfg: AwardsSettings) -> str:
    answer = await client.post("/nominations", json=nomination("LDTT"), headers=officer(cfg))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def test_every_route_refuses_the_wrong_role_or_association(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    nid = await _nomination(client, cfg)
    other, council, board = officer(cfg, OTHER), auth(cfg, "council"), auth(cfg, "board")
    session = {
        "held_on": "2026-01-20",
        "members": [{"member_id": "m1", "name": "A"}],
        "nomination_ids": [nid],
    }
    refused = [
        ("GET", "/award-types", {}, None, 401),
        ("POST", "/nominations", other, nomination("LDTT"), 403),
        ("POST", "/nominations", auth(cfg, "secretariat"), nomination("LDTT"), 403),
        ("GET", f"/nominations/{nid}", other, None, 404),
        ("GET", f"/nominations/{nid}", board, None, 404),
        ("GET", "/nominations", {}, None, 401),
        ("POST", "/council-sessions", council, session, 403),
        ("POST", "/council-sessions/s-1/ballots", auth(cfg, "secretariat"), {"votes": {nid: "yes"}}, 403),
        ("POST", "/council-sessions/s-1/closure", council, None, 403),
        ("POST", "/decisions", officer(cfg), DECISION | {"nomination_ids": [nid]}, 403),
        ("POST", "/decisions", board, DECISION | {"nomination_ids": [nid]}, 403),
        ("GET", "/decisions/d-1", {}, None, 401),
        ("POST", "/awards/a-1/cancellation", officer(cfg), CANCEL, 403),
        ("POST", f"/nominations/{nid}/disclosure", officer(cfg), {"window_start": "2026-02-02"}, 403),
        ("POST", f"/nominations/{nid}/objections", officer(cfg), {"received_on": "2026-02-07"}, 403),
        ("POST", f"/nominations/{nid}/supplements", other, {"dossier": []}, 404),
        ("GET", "/decisions/d-1/export.xlsx", {}, None, 401),
    ]
    for method, path, headers, body, status in refused:
        answer = await client.request(method, path, headers=headers, json=body)
        assert answer.status_code == status, (method, path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    for outsider in (other, board):
        assert (await client.get("/nominations", headers=outsider)).json()["items"] == []
    upload = {"file": ("h.csv", b"nominee_kind\n", "text/csv")}
    assert (await client.post("/award-history/import", files=upload, headers=officer(cfg))).status_code == 403


async def test_a_member_votes_once_and_only_on_the_roster(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    created = await client.post("/nominations", json=nomination("CSTDCS"), headers=officer(cfg))
    nid = created.json()["id"]
    assert created.json()["status"] == "incomplete"
    await force_submitted(mongo_client, cfg, nid)
    members = [
        {"member_id": "m1", "name": "A"},
        {"member_id": "m2", "name": "B", "association_id": "hoi-vat-ly"},
    ]
    session = await client.post(
        "/council-sessions",
        headers=auth(cfg, "secretariat"),
        json={"held_on": "2026-01-20", "members": members, "nomination_ids": [nid]},
    )
    sid = session.json()["id"]
    url = f"/council-sessions/{sid}/ballots"
    assert (
        await client.post(url, json={"votes": {nid: "yes"}}, headers=auth(cfg, "council", sub="m1"))
    ).status_code == 201
    again = await client.post(url, json={"votes": {nid: "no"}}, headers=auth(cfg, "council", sub="m1"))
    assert_problem(again, 409, "already-voted")
    recused = await client.post(url, json={"votes": {nid: "yes"}}, headers=auth(cfg, "council", sub="m2"))
    assert_problem(recused, 409, "recused")
    stranger = await client.post(url, json={"votes": {nid: "yes"}}, headers=auth(cfg, "council", sub="m9"))
    assert_problem(stranger, 403, "forbidden")


async def test_disclosure_shows_only_public_fields_and_objections_are_recorded(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    nid = await _nomination(client, cfg)
    await force_submitted(mongo_client, cfg, nid)
    window = {"window_start": "2026-02-06"}
    opened = await client.post(f"/nominations/{nid}/disclosure", json=window, headers=secretariat)
    assert opened.status_code == 201, opened.text
    listed = await client.get("/public/disclosures")
    assert listed.json()["items"] == [
        {
            "id": opened.json()["id"],
            "name": "Nguyễn Thị Hoa",
            "unit": "Hội Vật lý tỉnh",
            "award": "Lao động tiên tiến",
            "window_start": "2026-02-06",
            "window_end": "2026-02-23",  # Tết 16–20/02/2026 is not counted (the shared calendar)
        }
    ]
    objection = await client.post(
        f"/nominations/{nid}/objections", json={"received_on": "2026-02-09"}, headers=secretariat
    )
    assert objection.json()["objections"] == 1


async def test_cancellation_only_on_a_lawful_ground_and_once(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    nid = await submitted(client, mongo_client, cfg, "LDTT", "P-001")
    decision = await decide(client, cfg, [nid])
    url = f"/awards/{decision.json()['awards'][0]['award_id']}/cancellation"
    bad = await client.post(url, json=CANCEL | {"ground": "dislike"}, headers=secretariat)
    assert bad.status_code == 422
    done = await client.post(url, json=CANCEL, headers=secretariat)
    assert done.json()["status"] == "cancelled"
    assert (await client.post(url, json=CANCEL, headers=secretariat)).status_code == 409
    outbox = mongo_client[cfg.database_name]["outbox"]
    assert await outbox.count_documents({"type": "award.cancelled"}) == 1
