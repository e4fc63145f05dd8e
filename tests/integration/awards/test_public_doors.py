"""The eligibility preview while a nomination is filled in; objections the public sends during disclosure."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import calendar, mongo

from tests.support.awards import facts_arrived, force_submitted, nomination, officer, person, send, verified
from tests.support.problems import assert_problem
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


async def test_the_preview_reports_every_criterion_and_stores_nothing(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg = awards_settings
    async with running_worker(SPEC, cfg):
        await send(
            connection, cfg, verified(person("P-001", "hoan_thanh_tot"), person("P-002", "hoan_thanh")), "r-1"
        )
        await facts_arrived(mongo_client, cfg, 3)
    failing = await client.post(
        "/nominations/preview", json=nomination("LDTT", "P-002"), headers=officer(cfg)
    )
    assert failing.status_code == 200, failing.text
    report = failing.json()
    assert report["eligible"] is False
    assert {c["code"]: c["outcome"] for c in report["criteria"]}["ldtt_rating"] == "failed"
    failed = next(c for c in report["criteria"] if c["code"] == "ldtt_rating")
    assert failed["source"].startswith("L22") and failed["detail"]
    passing = await client.post(
        "/nominations/preview", json=nomination("LDTT", "P-001"), headers=officer(cfg)
    )
    assert passing.json()["eligible"] is True
    assert all(c["outcome"] == "passed" for c in passing.json()["criteria"])
    assert await mongo_client[cfg.database_name]["nominations"].count_documents({}) == 0


async def test_the_preview_is_for_the_own_association_and_refuses_bad_input_in_vietnamese(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    other = await client.post(
        "/nominations/preview", json=nomination("LDTT"), headers=officer(cfg, association_id="hoi-khac")
    )
    assert other.status_code == 403
    unknown = await client.post("/nominations/preview", json=nomination("KHONG_CO"), headers=officer(cfg))
    assert_problem(unknown, 422, unknown.json()["type"].rsplit("/", 1)[-1])
    anonymous = await client.post("/nominations/preview", json=nomination("LDTT"))
    assert anonymous.status_code == 401


async def _disclosed(
    client: httpx.AsyncClient, cfg: AwardsSettings, mongo_client: mongo.Client, *, start_days_ago: int
) -> tuple[str, str]:
    created = await client.post("/nominations", json=nomination("LDTT"), headers=officer(cfg))
    nid = str(created.json()["id"])
    await force_submitted(mongo_client, cfg, nid)
    start = calendar.today() - timedelta(days=start_days_ago)
    opened = await client.post(
        f"/nominations/{nid}/disclosure",
        json={"window_start": start.isoformat()},
        headers=auth(cfg, "secretariat"),
    )
    assert opened.status_code == 201, opened.text
    return nid, str(opened.json()["id"])


async def test_anyone_may_object_while_the_window_is_open_and_the_secretariat_reads_it(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    nid, disclosure_id = await _disclosed(client, cfg, mongo_client, start_days_ago=0)
    listed = (await client.get("/public/disclosures")).json()["items"]
    assert [d["id"] for d in listed] == [disclosure_id]
    body = {
        "disclosure_id": disclosure_id,
        "content": "Bà Hoa chưa hoàn thành nhiệm vụ quý IV.",
        "name": "Trần B",
    }
    sent = await client.post("/public/objections", json=body)
    assert sent.status_code == 201, sent.text
    assert sent.json()["received_on"] == calendar.today().isoformat()
    assert "content" not in sent.json()
    nomination_now = await client.get(f"/nominations/{nid}", headers=auth(cfg, "secretariat"))
    assert len(nomination_now.json()["objections"]) == 1
    page = await client.get(f"/nominations/{nid}/objections?limit=1", headers=auth(cfg, "secretariat"))
    assert page.status_code == 200, page.text
    assert page.json()["total"] == 1 and page.json()["next"] is None
    assert page.json()["items"][0]["content"] == body["content"]
    assert page.json()["items"][0]["name"] == "Trần B"
    refused = await client.get(f"/nominations/{nid}/objections", headers=officer(cfg))
    assert refused.status_code == 403
    assert "Bà Hoa" not in (await client.get("/public/disclosures")).text


async def test_an_objection_outside_the_window_or_to_no_disclosure_is_refused_and_nothing_is_kept(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg = awards_settings
    nid, disclosure_id = await _disclosed(client, cfg, mongo_client, start_days_ago=60)
    late = await client.post("/public/objections", json={"disclosure_id": disclosure_id, "content": "Muộn."})
    assert_problem(late, 409, "disclosure-window-closed")
    assert "thời gian công khai" in late.json()["detail"]
    missing = await client.post(
        "/public/objections", json={"disclosure_id": "khong-co", "content": "Ý kiến."}
    )
    assert_problem(missing, 404, "not-found")
    empty = await client.post("/public/objections", json={"disclosure_id": disclosure_id, "content": ""})
    assert empty.status_code == 422
    assert await mongo_client[cfg.database_name]["public_objections"].count_documents({}) == 0
    nomination_now = await client.get(f"/nominations/{nid}", headers=auth(cfg, "secretariat"))
    assert not nomination_now.json().get("objections")
