"""Rule 11 (cluster leader) facts via the API, rule 18 ordering, and award money in `award.decided`/export."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from openpyxl import load_workbook
from thidua import mongo

from tests.support.awards import (
    ASSOC,
    DOSSIER,
    OTHER,
    decide,
    facts_arrived,
    nomination,
    officer,
    person,
    send,
    submitted,
    verified,
)
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


def _co_tinh(association_id: str) -> dict[str, Any]:
    collective = {"kind": "collective", "name": f"Hội {association_id}", "unit": "LHH"}
    return nomination("CO_THI_DUA_TINH", association_id=association_id, nominee=collective, dossier=DOSSIER)


async def _cluster(client: httpx.AsyncClient, cfg: AwardsSettings, leader: str | None) -> httpx.Response:
    body = {"name": "Khối các hội", "member_association_ids": [ASSOC, OTHER], "leader_association_id": leader}
    return await client.put("/clusters/khoi-hoi/results/2025", json=body, headers=auth(cfg, "secretariat"))


async def test_bn86_dieu_3_k1_co_thi_dua_only_for_the_cluster_leader_once_a_year(
    client: httpx.AsyncClient, awards_settings: AwardsSettings
) -> None:
    cfg = awards_settings
    assert (await client.put("/clusters/k/results/2025", json={}, headers=officer(cfg))).status_code == 403
    assert (await _cluster(client, cfg, "hoi-khac")).status_code == 422
    assert (await _cluster(client, cfg, OTHER)).status_code == 200
    refused = await client.post("/nominations", json=_co_tinh(ASSOC), headers=officer(cfg))
    assert refused.status_code == 422
    assert [c["code"] for c in refused.json()["failed_criteria"]] == ["co_tinh_cluster_leader"]
    await _cluster(client, cfg, None)
    pending = await client.post("/nominations", json=_co_tinh(ASSOC), headers=officer(cfg))
    assert pending.status_code == 201 and pending.json()["status"] == "incomplete"
    await _cluster(client, cfg, OTHER)
    second = await client.post("/nominations", json=_co_tinh(OTHER), headers=officer(cfg, OTHER))
    assert second.status_code == 422
    detail = second.json()["failed_criteria"][0]["detail"]
    assert f"đã đề nghị cho {ASSOC}" in detail and pending.json()["id"] in detail


async def test_nd152_dieu_50_money_is_in_award_decided_and_the_export(
    client: httpx.AsyncClient, awards_settings: AwardsSettings, mongo_client: mongo.Client
) -> None:
    cfg, db = awards_settings, mongo_client[awards_settings.database_name]
    nid = await submitted(client, mongo_client, cfg, "LDTT", "P-500")
    decision = await decide(client, cfg, [nid], number="8/QĐ")
    assert decision.status_code == 201, decision.text
    row = await db["outbox"].find_one({"type": "award.decided"})
    assert row is not None and json.loads(row["body"])["data"]["money_amount_vnd"] == 702_000
    export = await client.get(f"/decisions/{decision.json()['id']}/export.xlsx", headers=auth(cfg, "board"))
    sheet = load_workbook(io.BytesIO(export.content)).active
    assert sheet is not None
    assert sheet.cell(row=2, column=7).value == "Tiền thưởng (VND)"
    assert sheet.cell(row=3, column=7).value == 702_000


async def test_nd152_dieu_4_k6_women_first_among_equally_qualified(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg = awards_settings
    people = [person("P-1", "hoan_thanh_tot", female=False), person("P-2", "hoan_thanh_tot", female=True)]
    async with running_worker(SPEC, cfg):
        await send(connection, cfg, verified(*people), "r-1")
        await facts_arrived(mongo_client, cfg, 3)
    ids = []
    for code in ("P-1", "P-2"):
        created = await client.post("/nominations", json=nomination("LDTT", code), headers=officer(cfg))
        assert created.json()["status"] == "submitted", created.text
        ids.append(created.json()["id"])
    secretariat = auth(cfg, "secretariat")
    plain = await client.get("/nominations", headers=secretariat)
    ranked = await client.get("/nominations", params={"order": "priority"}, headers=secretariat)
    assert [n["id"] for n in plain.json()["items"]] == ids
    assert [n["id"] for n in ranked.json()["items"]] == ids[::-1]
