"""The deferral round trip over real RabbitMQ: accepted → awards defers; resolved → awards resumes."""

from __future__ import annotations

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC as AWARDS
from awards.settings import AwardsSettings
from grievance.bootstrap import SPEC as GRIEVANCE
from grievance.settings import GrievanceSettings

from tests.integration.awards.conftest import awards_queues, awards_settings, client, nomination, officer
from tests.support.ledger import wait_until
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration
__all__ = ["awards_queues", "awards_settings", "client"]  # fixtures reused from the awards suite


async def _status(client: httpx.AsyncClient, cfg: AwardsSettings, nomination_id: str) -> str:
    answer = await client.get(f"/nominations/{nomination_id}", headers=officer(cfg))
    return str(answer.json()["status"])


async def test_an_accepted_denunciation_defers_the_nomination_until_resolved(
    api: httpx.AsyncClient,
    gsettings: GrievanceSettings,
    client: httpx.AsyncClient,
    awards_settings: AwardsSettings,
    awards_queues: list[str],
    worker_queues: None,
    connection: AbstractRobustConnection,
) -> None:
    created = await client.post(
        "/nominations", json=nomination("LDTT", "P-077"), headers=officer(awards_settings)
    )
    assert created.status_code == 201, created.text
    nomination_id, before = created.json()["id"], created.json()["status"]
    grievance_officer = auth(gsettings, "grievance_officer")
    body = {
        "kind": "denunciation",
        "targets": [{"kind": "nomination", "nomination_id": nomination_id}],
        "summary": "Thành tích không đúng.",
        "filer": {"name": "Người tố cáo", "contact": "tc@example.vn"},
    }
    async with running_worker(GRIEVANCE, gsettings), running_worker(AWARDS, awards_settings):
        gid = (await api.post("/grievances", json=body, headers=grievance_officer)).json()["id"]
        await api.post(
            f"/grievances/{gid}/acceptance", json={"decision": "accept"}, headers=grievance_officer
        )

        async def deferred() -> bool:
            return await _status(client, awards_settings, nomination_id) == "deferred"

        await wait_until(deferred)
        done = {"outcome": "rejected", "remedy": "none"}
        await api.post(f"/grievances/{gid}/resolution", json=done, headers=grievance_officer)

        async def resumed() -> bool:
            return await _status(client, awards_settings, nomination_id) == before

        await wait_until(resumed)
