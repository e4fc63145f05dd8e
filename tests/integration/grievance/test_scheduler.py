"""Due-soon and overdue alerts are emitted once per deadline, across restarts and with two replicas."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest
from grievance.bootstrap import SPEC
from grievance.deps import build_deps
from grievance.scheduler import scan_once, scheduler
from grievance.settings import GrievanceSettings
from thidua import mongo

from tests.integration.grievance.conftest import complaint_body, outbox_events
from tests.support.service import auth, uow_factory

pytestmark = pytest.mark.integration


async def test_two_replicas_emit_each_alert_once(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database, mongo_client: mongo.Client
) -> None:
    officer = auth(gsettings, "grievance_officer")
    overdue = complaint_body(received_on="2026-01-05", filer={"name": "X", "contact": "x@x.vn"})
    for _ in range(3):
        assert (await api.post("/grievances", json=overdue, headers=officer)).status_code == 201
    settings = gsettings.model_copy(update={"scheduler_interval_s": 0.05})
    uows = uow_factory(SPEC, settings, mongo_client)
    stop = asyncio.Event()
    loops = [asyncio.create_task(scheduler(uows, settings)(stop)) for _ in range(2)]  # type: ignore[arg-type]
    await asyncio.sleep(1.5)
    stop.set()
    await asyncio.gather(*loops)
    alerts = await outbox_events(db, "grievance.overdue")
    assert len(alerts) == 3
    assert Counter(a["data"]["grievance_id"] for a in alerts).most_common(1)[0][1] == 1
    assert alerts[0]["data"]["deadline_kind"] == "acceptance" and alerts[0]["data"]["day_unit"] == "working"
    restarted = await scan_once(uows, deps=build_deps(settings), lead=3)  # type: ignore[arg-type]
    assert restarted == 0 and len(await outbox_events(db, "grievance.overdue")) == 3


async def test_a_deadline_within_the_lead_is_due_soon(
    api: httpx.AsyncClient, gsettings: GrievanceSettings, db: mongo.Database, mongo_client: mongo.Client
) -> None:
    officer = auth(gsettings, "grievance_officer")
    gid = (
        await api.post(
            "/grievances", json=complaint_body(filer={"name": "X", "contact": "x@x.vn"}), headers=officer
        )
    ).json()["id"]
    uows = uow_factory(SPEC, gsettings, mongo_client)
    deps = build_deps(gsettings)
    assert await scan_once(uows, deps=deps, lead=10) == 1  # type: ignore[arg-type]
    assert await scan_once(uows, deps=deps, lead=10) == 0  # type: ignore[arg-type]
    soon = await outbox_events(db, "grievance.due_soon")
    assert [s["data"]["grievance_id"] for s in soon] == [gid]
