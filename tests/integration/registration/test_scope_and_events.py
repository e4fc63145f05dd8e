"""Associations see only their own; writes are idempotent; events reach the broker with the correlation id."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from registration.bootstrap import SPEC
from registration.settings import RegistrationSettings

from tests.integration.conftest import bind_probe
from tests.integration.registration.conftest import new_association, new_campaign, officer, plan
from tests.support.ledger import wait_until
from tests.support.service import running_worker

pytestmark = pytest.mark.integration


def intrusions(
    api: httpx.AsyncClient, *, campaign_id: str, owner_id: str, rid: str, intruder: dict[str, str]
) -> list[Coroutine[Any, Any, httpx.Response]]:
    """One request per route, each touching the owner's data with another association's token."""
    url = f"/registrations/{rid}"
    return [
        api.get(url, headers=intruder),
        api.patch(url, json=plan(), headers=intruder | {"If-Match": '"1"'}),
        api.post(f"{url}/withdrawal", json={}, headers=intruder),
        api.post(
            f"{url}/self-assessment",
            json={
                "collective": {"task_rating": "hoan_thanh", "member_count": 1, "members_completed_count": 1}
            },
            headers=intruder,
        ),
        api.post(f"{url}/verification", json={"outcome": "confirmed"}, headers=intruder),
        api.post(
            f"{url}/plan-document",
            files={"file": ("p.pdf", b"%PDF-1.4 x", "application/pdf")},
            headers=intruder,
        ),
        api.get(f"{url}/plan-document", headers=intruder),
        api.get("/registrations", params={"association_id": owner_id}, headers=intruder),
        api.post(
            f"/campaigns/{campaign_id}/registrations",
            json=plan(association_id=owner_id),
            headers=intruder,
        ),
        api.post(
            "/associations", json={"code": "Z", "name": "Z", "kind": "member_association"}, headers=intruder
        ),
        api.get("/associations", headers=intruder),
        api.get(f"/associations/{owner_id}", headers=intruder),
        api.put(
            f"/associations/{owner_id}",
            json={"code": "HOWN", "name": "x", "kind": "member_association"},
            headers=intruder | {"If-Match": '"1"'},
        ),
        api.post(f"/campaigns/{campaign_id}/launch", headers=intruder),
        api.get(f"/campaigns/{campaign_id}/summary", headers=intruder),
        api.get(f"/campaigns/{campaign_id}/registrations.csv", headers=intruder),
        api.get(f"/campaigns/{campaign_id}/registrations.xlsx", headers=intruder),
    ]


async def test_cross_association_reads_and_writes_are_refused_on_every_route(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    campaign = await new_campaign(api, secretariat)
    owner, other = (
        await new_association(api, secretariat, "HOWN"),
        await new_association(api, secretariat, "HOTH"),
    )
    made = await api.post(
        f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=officer(reg_settings, owner["id"])
    )
    rid, intruder = made.json()["id"], officer(reg_settings, other["id"])
    attempts = intrusions(api, campaign_id=campaign["id"], owner_id=owner["id"], rid=rid, intruder=intruder)
    for answer in await asyncio.gather(*attempts):
        assert answer.status_code == 403, f"{answer.request.method} {answer.request.url}: {answer.text}"
        assert answer.headers["content-type"].startswith("application/problem+json")
    mine = await api.get("/registrations", headers=intruder)
    assert mine.json()["total"] == 0
    untouched = await api.get(f"/registrations/{rid}", headers=officer(reg_settings, owner["id"]))
    assert (untouched.json()["version"], untouched.json()["status"]) == (1, "submitted")


async def test_an_idempotency_key_replays_the_same_registration(
    api: httpx.AsyncClient, secretariat: dict[str, str], reg_settings: RegistrationSettings
) -> None:
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HIDEM")
    headers = officer(reg_settings, association["id"]) | {"Idempotency-Key": "k-1"}
    url = f"/campaigns/{campaign['id']}/registrations"
    first, second = (
        await api.post(url, json=plan(), headers=headers),
        await api.post(url, json=plan(), headers=headers),
    )
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] == second.json()["id"]
    other_body = await api.post(url, json=plan(targets=["khác"]), headers=headers)
    assert other_body.status_code == 409


async def test_the_submitted_event_reaches_the_broker_with_the_request_correlation_id(
    api: httpx.AsyncClient,
    secretariat: dict[str, str],
    reg_settings: RegistrationSettings,
    connection: AbstractRobustConnection,
    broker_cleanup: list[str],
) -> None:
    probe = await bind_probe(connection, reg_settings, broker_cleanup, "reg", key="registration.#")
    campaign = await new_campaign(api, secretariat)
    association = await new_association(api, secretariat, "HEVT")
    headers = officer(reg_settings, association["id"]) | {"X-Correlation-ID": "corr-reg-1"}
    made = await api.post(f"/campaigns/{campaign['id']}/registrations", json=plan(), headers=headers)
    assert made.status_code == 201
    received: list[dict[str, object]] = []

    async def arrived() -> bool:
        message = await probe.get(no_ack=True, fail=False)
        if message is not None:
            received.append(json.loads(message.body))
        return bool(received)

    async with running_worker(SPEC, reg_settings):
        await wait_until(arrived, timeout_s=30)
    envelope = received[0]
    assert envelope["type"] == "registration.submitted"
    assert envelope["correlation_id"] == "corr-reg-1"
    assert envelope["subject"] == made.json()["id"]
    data = envelope["data"]
    assert isinstance(data, dict) and data["association_id"] == association["id"]
