"""Collective titles use verified counts and members' awards; a grievance may lead to cancellation."""

from __future__ import annotations

from datetime import date

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.contracts.grievance import GrievanceAccepted, GrievanceResolved, GrievanceTarget

from tests.support.awards import (
    ASSOC,
    DOSSIER,
    decide,
    facts_arrived,
    nomination,
    officer,
    person,
    send,
    submitted,
    verified,
)
from tests.support.ledger import wait_until
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


def _history(ldtt: int, cstdcs: int) -> bytes:
    rows = ["nominee_kind,personal_code,association_id,name,unit,award_type_code,year"]
    rows += [f"individual,M-{i},{ASSOC},Hội viên {i},Hội Vật lý,LDTT,2025" for i in range(ldtt)]
    rows += [f"individual,C-{i},{ASSOC},Hội viên {i},Hội Vật lý,CSTDCS,2025" for i in range(cstdcs)]
    return "\n".join(rows).encode()


async def test_ttldxs_uses_verified_counts_and_members_awards(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg = awards_settings
    types = await client.get("/award-types", params={"on": "2025-03-01"}, headers=auth(cfg, "council"))
    assert {t["rule_set"] for t in types.json()["items"]} == {"ND98"}
    async with running_worker(SPEC, cfg):
        await send(connection, cfg, verified(person("P-001", "hoan_thanh_xuat_sac")), "r-1")
        await facts_arrived(mongo_client, cfg, 2)
    files = {"file": ("h.csv", _history(ldtt=6, cstdcs=1), "text/csv")}
    await client.post("/award-history/import", files=files, headers=auth(cfg, "secretariat"))
    body = nomination("TTLDXS") | {
        "nominee": {"kind": "collective", "name": "Hội Vật lý tỉnh", "unit": "LHH"},
        "dossier": DOSSIER[:3],
    }
    refused = await client.post("/nominations", json=body, headers=officer(cfg))
    assert refused.status_code == 422
    assert [c["code"] for c in refused.json()["failed_criteria"]] == ["ttldxs_ldtt_share"]
    files = {"file": ("h.csv", _history(ldtt=7, cstdcs=1), "text/csv")}
    await client.post("/award-history/import", files=files, headers=auth(cfg, "secretariat"))
    accepted = await client.post("/nominations", json=body, headers=officer(cfg))
    assert accepted.status_code == 201, accepted.text
    assert accepted.json()["status"] == "submitted" and accepted.json()["authority"] == "province"


async def _decided_award(client: httpx.AsyncClient, cfg: AwardsSettings, mongo_client: mongo.Client) -> str:
    """An LĐTT awarded by the Union (the evidence step is skipped)."""
    nid = await submitted(client, mongo_client, cfg, "LDTT", "P-300")
    decision = await decide(client, cfg, [nid], number="5/QĐ-LHH")
    return str(decision.json()["awards"][0]["award_id"])


async def test_a_violation_with_cancel_award_marks_the_award_for_cancellation(
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    connection: AbstractRobustConnection,
    awards_queues: list[str],
    mongo_client: mongo.Client,
) -> None:
    cfg, db = awards_settings, mongo_client[awards_settings.database_name]
    award_id = await _decided_award(client, cfg, mongo_client)
    case = {
        "grievance_id": "g-9",
        "tracking_code": "TC-9",
        "kind": "complaint",
        "targets": [GrievanceTarget(kind="award", award_id=award_id)],
    }
    accepted = GrievanceAccepted(**case, accepted_on=date(2026, 2, 2), resolution_due_on=date(2026, 3, 4))
    resolved = GrievanceResolved(
        **case,
        resolved_on=date(2026, 3, 1),
        outcome="upheld",
        remedy="cancel_award",
        violation_found=True,
        cancellation_ground="false_information",
        on_time=True,
    )
    async with running_worker(SPEC, cfg):
        await send(connection, cfg, accepted, "g-9")
        await send(connection, cfg, resolved, "g-9")

        async def due() -> bool:
            award = await db["award_history"].find_one({"_id": award_id})
            return award is not None and "cancellation_due" in award

        await wait_until(due, timeout_s=30)
    award = await db["award_history"].find_one({"_id": award_id})
    assert award is not None and award["cancellation_due"]["ground"] == "false_information"
