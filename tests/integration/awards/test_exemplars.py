"""Exemplary models end to end: stages, replication, conference, publication events, public feed, reports."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from openpyxl import load_workbook

from tests.integration.conftest import bind_probe
from tests.support.awards import ASSOC, OTHER, nomination, officer, received
from tests.support.problems import assert_problem
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration

ATOM = "{http://www.w3.org/2005/Atom}"
TITLE = "Đưa điện mặt trời về trường học vùng cao"
STORY = "Hội Vật lý tỉnh lắp đặt điện mặt trời cho 12 điểm trường ở huyện Mường Tè, tiết kiệm 40% chi phí."


def exemplar(
    association_id: str = ASSOC, campaign_id: str = "c-1", field: str = "năng lượng"
) -> dict[str, Any]:
    """A collective put forward as a model."""
    return {
        "association_id": association_id,
        "campaign_id": campaign_id,
        "subject": {"kind": "collective", "name": "Chi hội Vật lý ứng dụng", "unit": "Hội Vật lý tỉnh"},
        "practice": "Cách làm hay: lắp điện mặt trời bằng vật tư tái chế, sáng tạo trong thi công.",
        "evidence": ["Biên bản nghiệm thu 12 điểm trường"],
        "links": ["https://lienhiephoi.example.vn/bai-viet/1"],
        "field_of_work": field,
    }


async def _create(client: httpx.AsyncClient, cfg: AwardsSettings, **kw: str) -> str:
    association_id = kw.get("association_id", ASSOC)
    answer = await client.post("/exemplars", json=exemplar(**kw), headers=officer(cfg, association_id))
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


async def _advance(client: httpx.AsyncClient, cfg: AwardsSettings, eid: str, *stages: str) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for stage in stages:
        answer = await client.post(
            f"/exemplars/{eid}/stage", json={"stage": stage, "reason": f"Chuyển sang {stage}"},
            headers=auth(cfg, "secretariat", sub="thu-ky"),
        )  # fmt: skip
        assert answer.status_code == 201, answer.text
        body = answer.json()
    return body


async def _publish(
    client: httpx.AsyncClient, cfg: AwardsSettings, eid: str, story: str = STORY
) -> httpx.Response:
    body = {"title": TITLE, "story": story, "public_url": "https://lienhiephoi.example.vn/dien-hinh/1"}
    return await client.post(f"/exemplars/{eid}/publication", json=body, headers=auth(cfg, "secretariat"))


async def test_a_model_moves_one_stage_at_a_time_and_spreads_to_other_associations(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat", sub="thu-ky")
    eid = await _create(client, cfg)
    skip = await client.post(f"/exemplars/{eid}/stage", json={"stage": "summarized", "reason": "x"},
                             headers=secretariat)  # fmt: skip
    assert_problem(skip, 409, "not-next-stage")
    await _advance(client, cfg, eid, "fostered", "summarized")
    early = await client.post(f"/exemplars/{eid}/stage", json={"stage": "replicated", "reason": "x"},
                              headers=secretariat)  # fmt: skip
    assert_problem(early, 409, "no-adoption")
    adoption = {"association_id": OTHER, "note": "Áp dụng tại Hội Hóa học"}
    adopted = await client.post(f"/exemplars/{eid}/replications", json=adoption, headers=secretariat)
    assert adopted.status_code == 201, adopted.text
    again = await client.post(
        f"/exemplars/{eid}/replications", json={"association_id": OTHER}, headers=secretariat
    )
    assert again.status_code == 409
    done = await _advance(client, cfg, eid, "replicated")
    assert done["stage"] == "replicated" and [r["association_id"] for r in done["replications"]] == [OTHER]
    history = done["history"]
    assert [h["to_stage"] for h in history] == ["discovered", "fostered", "summarized", "replicated"]
    assert history[0]["by"] == f"officer-{ASSOC}" and history[1]["by"] == "thu-ky" and history[1]["at"]
    assert history[2]["reason"] == "Chuyển sang summarized"
    listed = await client.get("/exemplars?stage=replicated&field_of_work=năng lượng", headers=secretariat)
    assert [e["id"] for e in listed.json()["items"]] == [eid]


async def test_publication_emits_exemplar_published_and_feeds_the_website_and_journal(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
) -> None:
    cfg = awards_settings
    probe = await bind_probe(connection, cfg, awards_queues, "exemplars", "exemplar.*")
    eid = await _create(client, cfg)
    assert (await _publish(client, cfg, eid)).status_code == 409  # not summarized yet
    await _advance(client, cfg, eid, "fostered", "summarized")
    leaked = await _publish(client, cfg, eid, STORY + " Liên hệ: 0912 345 678.")
    assert_problem(leaked, 422, "personal-data")
    async with running_worker(SPEC, cfg):
        published = await _publish(client, cfg, eid)
        assert published.status_code == 201, published.text
        events = await received(probe, "exemplar.published")
    assert (await _publish(client, cfg, eid)).status_code == 409  # published once
    data = events[0]["data"]
    assert events[0]["subject"] == eid and data["exemplar_id"] == eid and data["association_id"] == ASSOC
    assert data["title"] == TITLE and data["stage"] == "summarized" and data["field_of_work"] == "năng lượng"
    assert data["exemplar"]["name"] == "Chi hội Vật lý ứng dụng" and data["exemplar"]["personal_code"] is None
    page = await client.get("/public/exemplars?page=1&page_size=1")
    assert page.status_code == 200 and page.json()["total"] == 1 and page.json()["page_size"] == 1
    item = page.json()["items"][0]
    assert item["story"] == STORY and "evidence" not in item and "history" not in item
    assert (await client.get("/public/exemplars?page=2&page_size=1")).json()["items"] == []
    feed = await client.get("/public/exemplars.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert feed.content.startswith(b"<?xml") and TITLE.encode() in feed.content
    root = ET.fromstring(feed.content)  # noqa: S314 -- the service's own feed, parsed as a reader would
    assert root.tag == f"{ATOM}feed" and root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}updated")
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == 1 and entries[0].findtext(f"{ATOM}title") == TITLE
    assert entries[0].findtext(f"{ATOM}content") == STORY
    assert entries[0].findtext(f"{ATOM}id") == f"urn:thidua:exemplar:{eid}"


async def test_a_selected_model_is_nominated_through_the_normal_flow_for_one_award(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    eid = await _create(client, cfg)
    other_campaign = await _create(client, cfg, campaign_id="c-2")
    conference = {"campaign_id": "c-1", "name": "Hội nghị Điển hình tiên tiến 2026", "held_on": "2026-04-20"}
    created = await client.post("/conferences", json=conference, headers=secretariat)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    early = await client.post(
        f"/conferences/{cid}/selections", json={"exemplar_ids": [eid]}, headers=secretariat
    )
    assert early.status_code == 409  # still discovered
    await _advance(client, cfg, eid, "fostered", "summarized")
    await _advance(client, cfg, other_campaign, "fostered", "summarized")
    wrong = await client.post(f"/conferences/{cid}/selections", json={"exemplar_ids": [other_campaign]},
                              headers=secretariat)  # fmt: skip
    assert_problem(wrong, 409, "other-campaign")
    chosen = await client.post(
        f"/conferences/{cid}/selections", json={"exemplar_ids": [eid]}, headers=secretariat
    )
    assert chosen.status_code == 201 and chosen.json()["exemplar_ids"] == [eid]
    ref = chosen.json()["achievement_refs"][eid]
    first = await client.post(
        "/nominations", json=nomination("LDTT", achievement_ref=ref), headers=officer(cfg)
    )
    assert first.status_code == 201, first.text
    second = await client.post(
        "/nominations", json=nomination("GIAY_KHEN", achievement_ref=ref), headers=officer(cfg)
    )
    assert second.status_code == 422
    assert "one_achievement_one_award" in [c["code"] for c in second.json()["failed_criteria"]]
    got = await client.get(f"/exemplars/{eid}", headers=officer(cfg))
    assert got.json()["selections"][0]["conference_id"] == cid


async def test_reports_count_the_stages_reached_by_association_and_field(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg, secretariat = awards_settings, auth(awards_settings, "secretariat")
    first = await _create(client, cfg)
    await _create(client, cfg)
    await _create(client, cfg, association_id=OTHER, field="y tế")
    await _create(client, cfg, campaign_id="c-9")
    await _advance(client, cfg, first, "fostered", "summarized")
    report = (await client.get("/reports/exemplars?campaign_id=c-1", headers=secretariat)).json()
    assert report["reached"] == {"discovered": 3, "fostered": 1, "summarized": 1, "replicated": 0}
    rows = {(r["association_id"], r["field_of_work"]): r for r in report["rows"]}
    assert (
        rows[(ASSOC, "năng lượng")]["at"]["discovered"] == 1
        and rows[(OTHER, "y tế")]["reached"]["discovered"] == 1
    )
    sheet = await client.get("/reports/exemplars.xlsx?campaign_id=c-1", headers=secretariat)
    assert sheet.status_code == 200
    book = load_workbook(io.BytesIO(sheet.content))
    values = [[c.value for c in row] for row in book.active.iter_rows()]  # type: ignore[union-attr]
    assert values[1][:3] == ["Hội thành viên", "Lĩnh vực", "Đạt: Phát hiện"]
    assert values[-1][:4] == ["Tổng", None, 3, 1]


async def test_every_exemplar_route_checks_role_and_association(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    eid = await _create(client, cfg)
    other, council, board = officer(cfg, OTHER), auth(cfg, "council"), auth(cfg, "board")
    conference = {"campaign_id": "c-1", "name": "Hội nghị", "held_on": "2026-04-20"}
    refused = [
        ("POST", "/exemplars", {}, exemplar(), 401),
        ("POST", "/exemplars", other, exemplar(), 403),
        ("POST", "/exemplars", council, exemplar(), 403),
        ("GET", "/exemplars", {}, None, 401),
        ("GET", "/exemplars", board, None, 403),
        ("GET", f"/exemplars/{eid}", other, None, 404),
        ("GET", f"/exemplars/{eid}", {}, None, 401),
        ("POST", f"/exemplars/{eid}/stage", officer(cfg), {"stage": "fostered", "reason": "x"}, 403),
        ("POST", f"/exemplars/{eid}/stage", council, {"stage": "fostered", "reason": "x"}, 403),
        ("POST", f"/exemplars/{eid}/replications", other, {"association_id": ASSOC}, 403),
        ("POST", f"/exemplars/{eid}/replications", other, {"association_id": OTHER}, 404),  # not published
        ("POST", f"/exemplars/{eid}/replications", {}, {"association_id": OTHER}, 401),
        ("POST", f"/exemplars/{eid}/publication", officer(cfg), {"title": "t", "story": "s"}, 403),
        ("POST", "/conferences", officer(cfg), conference, 403),
        ("POST", "/conferences/k-1/selections", officer(cfg), {"exemplar_ids": [eid]}, 403),
        ("GET", "/conferences/k-1", {}, None, 401),
        ("GET", "/reports/exemplars?campaign_id=c-1", officer(cfg), None, 403),
        ("GET", "/reports/exemplars.xlsx?campaign_id=c-1", officer(cfg), None, 403),
        ("GET", "/reports/exemplars?campaign_id=c-1", {}, None, 401),
    ]
    for method, path, headers, body, status in refused:
        answer = await client.request(method, path, headers=headers, json=body)
        assert answer.status_code == status, (method, path, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json")
    assert (await client.get("/exemplars", headers=other)).json()["items"] == []
    assert [e["id"] for e in (await client.get("/exemplars", headers=officer(cfg))).json()["items"]] == [eid]
    for public in ("/public/exemplars", "/public/exemplars.atom"):
        assert (await client.get(public)).status_code == 200


async def test_another_association_sees_and_adopts_a_model_once_it_is_published(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg, other = awards_settings, officer(awards_settings, OTHER)
    eid = await _create(client, cfg)
    await _advance(client, cfg, eid, "fostered", "summarized")
    assert (await client.get(f"/exemplars/{eid}", headers=other)).status_code == 404
    assert (await _publish(client, cfg, eid)).status_code == 201
    seen = (await client.get(f"/exemplars/{eid}", headers=other)).json()
    assert seen["story"] == STORY and "evidence" not in seen and "history" not in seen
    assert [e["id"] for e in (await client.get("/exemplars", headers=other)).json()["items"]] == [eid]
    adopted = await client.post(
        f"/exemplars/{eid}/replications", json={"association_id": OTHER}, headers=other
    )
    assert adopted.status_code == 201, adopted.text
