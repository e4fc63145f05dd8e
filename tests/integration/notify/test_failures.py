"""Notify over real infrastructure: persistent failure, operator re-enable, preferences, published proof."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime, timedelta

import pytest
from notify.bootstrap import SPEC
from notify.settings import NotifySettings
from thidua import mongo
from thidua.auth import ASSOCIATION, BOARD, SECRETARIAT

from tests.integration.notify.conftest import Receiver
from tests.integration.notify.test_delivery import SECRET, directory_ready, publish
from tests.support.ledger import wait_until
from tests.support.service import api_client, auth, running_worker
from tests.unit.notify.samples import envelope

pytestmark = pytest.mark.integration


async def outbox_types(db: mongo.Database) -> list[str]:
    return [doc["type"] async for doc in db["outbox"].find({})]


async def test_a_statutory_notice_failing_everywhere_is_reported_and_the_webhook_disabled(
    notify_settings: NotifySettings, receiver: Receiver, mongo_client: mongo.Client
) -> None:
    settings = notify_settings.model_copy(update={"delivery_max_attempts": 2})
    receiver.status = b"500 Internal Server Error"
    db = mongo_client[settings.database_name]
    async with running_worker(SPEC, settings), api_client(SPEC, settings) as client:
        body = {"url": receiver.url, "secret": SECRET, "events": ["award.decided"]}
        hook = (await client.post("/webhooks", json=body, headers=auth(settings, BOARD))).json()
        await publish(settings, envelope("award.decided"))

        async def failed() -> bool:
            return "notification.failed" in await outbox_types(db)

        await wait_until(failed, timeout_s=30)
        assert len(receiver.calls) == 2
        listed = (await client.get("/webhooks", headers=auth(settings, BOARD))).json()
        assert listed[0]["active"] is False
        failure = await db["outbox"].find_one({"type": "notification.failed"})
        assert failure is not None
        data = json.loads(failure["body"])["data"]
        assert data["channels_tried"] == ["webhook"] and data["attempts"] == 2
        assert (
            await client.post(f"/webhooks/{hook['id']}/enable", headers=auth(settings, BOARD))
        ).status_code == 403
        enabled = await client.post(f"/webhooks/{hook['id']}/enable", headers=auth(settings, SECRETARIAT))
        assert enabled.status_code == 200 and enabled.json()["active"] is True


async def test_muted_ordinary_notices_are_skipped_but_statutory_ones_go(
    notify_settings: NotifySettings, mongo_client: mongo.Client
) -> None:
    db = mongo_client[notify_settings.database_name]
    officer = auth(notify_settings, ASSOCIATION, association_id="a-1")
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await directory_ready(notify_settings, mongo_client)
        muted = {"muted_types": ["nomination.disclosed", "award.decided"]}
        answer = await client.put("/preferences", json=muted, headers=officer)
        assert answer.json()["always_sent"] == ["award.decided"]
        await publish(notify_settings, envelope("nomination.disclosed"), envelope("award.decided"))

        async def decided_seen() -> bool:
            return await db["notifications"].count_documents({"recipient_key": "association:a-1"}) >= 1

        await wait_until(decided_seen, timeout_s=30)
        await asyncio.sleep(0.5)
        inbox = (await client.get("/notifications?recipient=association:a-1", headers=officer)).json()
        assert {n["event_type"] for n in inbox if n["recipient"]["kind"] == "association"} == {
            "award.decided"
        }
        delivered = [t for t in await outbox_types(db) if t == "notification.delivered"]
        assert len(delivered) >= 2  # inbox of the association and of the awardee, at least


async def test_the_report_lists_awards_whose_awardees_were_not_informed_in_time(
    notify_settings: NotifySettings, mongo_client: mongo.Client
) -> None:
    db = mongo_client[notify_settings.database_name]
    old = datetime.now(UTC) - timedelta(days=40)
    late = envelope("award.decided").model_copy(update={"occurred_at": old})
    fresh = envelope("award.decided", award_id="aw-2")
    secretariat = auth(notify_settings, SECRETARIAT)
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await publish(notify_settings, late, fresh)

        async def both_recorded() -> bool:
            return await db["outcomes"].count_documents({"event_type": "award.decided"}) == 2

        await wait_until(both_recorded, timeout_s=30)
        report = (await client.get("/reports/late-informing", headers=secretariat)).json()
        assert [row["award_id"] for row in report] == ["aw-1"]
        assert report[0]["informed_at"] is None and report[0]["decision_number"]
