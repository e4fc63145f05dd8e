"""`notification.delivered` starts a complaint's limitation clock; a redelivery changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from grievance.bootstrap import SPEC
from grievance.settings import GrievanceSettings
from thidua import mongo
from thidua.contracts.base import Envelope
from thidua.contracts.notify import NotificationDelivered, Recipient

from tests.integration.grievance.conftest import complaint_body
from tests.integration.test_consumer import publish
from tests.support.ledger import wait_until
from tests.support.service import auth, running_worker

pytestmark = pytest.mark.integration


def delivered(
    award_id: str,
    association_id: str,
    at: datetime = datetime(2026, 1, 2, 3, 0, tzinfo=UTC),
    *,
    source: str = "award.decided",
    kind: str = "award",
) -> Envelope:
    data = NotificationDelivered(
        notification_id=f"n-{source}-{award_id}",
        source_event_id=f"e-{source}-{award_id}",
        source_event_type=source,
        subject=award_id,
        subject_kind=kind,
        recipient=Recipient(kind="association", recipient_id=association_id, association_id=association_id),
        statutory=True,
        delivery_id="d1",
        channel="inbox",
        delivered_at=at,
        attempts=1,
    )
    return Envelope.wrap(data, subject=data.notification_id)


async def test_the_limitation_counts_from_the_delivered_notice(
    api: httpx.AsyncClient,
    gsettings: GrievanceSettings,
    db: mongo.Database,
    connection: AbstractRobustConnection,
    broker_cleanup: list[str],
    worker_queues: None,
) -> None:
    envelope = delivered("aw-1", "a1")
    evening = delivered("aw-2", "a1", at=datetime(2026, 1, 1, 20, 0, tzinfo=UTC))  # 03:00 on 02/01 in Vietnam
    async with running_worker(SPEC, gsettings):
        for message in (envelope, envelope, evening):
            await publish(connection, gsettings, message)

        async def recorded() -> bool:
            return await db["informed"].count_documents({}) >= 2

        await wait_until(recorded)
    assert await db["informed"].count_documents({}) == 2
    assoc = auth(gsettings, "association", association_id="a1")
    for award in ("aw-1", "aw-2"):
        body = complaint_body(targets=[{"kind": "award", "award_id": award}])
        gid = (await api.post("/grievances", json=body, headers=assoc)).json()["id"]
        case = (await api.get(f"/grievances/{gid}", headers=assoc)).json()
        assert (case["informed_on"], case["limitation_ends_on"], case["informed_source"]) == (
            "2026-01-02",
            "2026-04-02",
            "notice",
        )
    other = auth(gsettings, "association", association_id="a2")
    body = complaint_body(targets=[{"kind": "award", "award_id": "aw-1"}])
    gid2 = (await api.post("/grievances", json=body, headers=other)).json()["id"]
    assert (await api.get(f"/grievances/{gid2}", headers=other)).json()["informed_on"] is None
    refused = await api.post("/grievances", json=body | {"decision_date": "2025-12-01"}, headers=other)
    assert refused.status_code == 422  # the filer does not say when the decision was made: the records do


async def test_a_refusal_notice_starts_the_clock_and_a_disclosure_notice_does_not(
    api: httpx.AsyncClient,
    gsettings: GrievanceSettings,
    db: mongo.Database,
    connection: AbstractRobustConnection,
    broker_cleanup: list[str],
    worker_queues: None,
) -> None:
    disclosed = delivered(
        "nm-1", "a1", datetime(2026, 1, 2, 3, 0, tzinfo=UTC), source="nomination.disclosed", kind="nomination"
    )
    refused = delivered(
        "nm-1", "a1", datetime(2026, 3, 2, 3, 0, tzinfo=UTC), source="nomination.rejected", kind="nomination"
    )
    async with running_worker(SPEC, gsettings):
        await publish(connection, gsettings, disclosed)

        async def recorded(count: int) -> bool:
            return await db["informed"].count_documents({}) >= count

        await wait_until(lambda: recorded(1))
        assoc = auth(gsettings, "association", association_id="a1")
        body = complaint_body(targets=[{"kind": "nomination", "nomination_id": "nm-1"}])
        early = (await api.post("/grievances", json=body, headers=assoc)).json()["id"]
        assert (await api.get(f"/grievances/{early}", headers=assoc)).json()["informed_on"] is None
        await publish(connection, gsettings, refused)
        await wait_until(lambda: recorded(2))
    gid = (await api.post("/grievances", json=body, headers=assoc)).json()["id"]
    case = (await api.get(f"/grievances/{gid}", headers=assoc)).json()
    assert (case["informed_on"], case["informed_source"]) == ("2026-03-02", "notice")
