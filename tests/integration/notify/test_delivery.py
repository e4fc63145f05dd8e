"""Notify over real RabbitMQ, MongoDB, SMTP and HTTP: once per event, recipient and channel."""

from __future__ import annotations

import asyncio
import base64
import json
from typing import Any

import httpx
import pytest
from notify.bootstrap import SPEC
from notify.settings import NotifySettings
from notify.webhook_channel import verify
from standardwebhooks.webhooks import Webhook
from thidua import mongo
from thidua.auth import ASSOCIATION, BOARD, SECRETARIAT
from thidua.contracts.base import Envelope
from thidua.messaging import amqp, topology

from tests.integration.notify.conftest import Receiver, Smtp
from tests.support.ledger import wait_until
from tests.support.service import api_client, auth, running_worker
from tests.unit.notify.samples import envelope

pytestmark = pytest.mark.integration
SECRET = "whsec_" + base64.b64encode(b"s" * 32).decode()
OTHER_SECRET = "whsec_" + base64.b64encode(b"t" * 32).decode()


async def publish(settings: NotifySettings, *envelopes: Envelope) -> None:
    connection = await amqp.connect(settings.rabbitmq_url, name="notify-test")
    try:
        channel = await amqp.open_channel(connection)
        exchange = await topology.declare_exchange(channel, settings.events_exchange)
        for env in envelopes:
            await exchange.publish(amqp.message_for(env), routing_key=env.type)
    finally:
        await connection.close()


async def directory_ready(settings: NotifySettings, mongo_client: mongo.Client) -> None:
    db = mongo_client[settings.database_name]
    await publish(settings, envelope("association.registered"))

    async def stored() -> bool:
        return await db["directory"].find_one({"_id": "a-1"}) is not None

    await wait_until(stored, timeout_s=30)


async def deliveries(
    client: httpx.AsyncClient, settings: NotifySettings, subject: str
) -> list[dict[str, Any]]:
    response = await client.get(f"/deliveries?subject={subject}", headers=auth(settings, SECRETARIAT))
    assert response.status_code == 200, response.text
    body: list[dict[str, Any]] = response.json()
    return body


async def test_award_decided_twice_yields_one_email_and_one_inbox_entry(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await directory_ready(notify_settings, mongo_client)
        decided = envelope("award.decided")
        await publish(notify_settings, decided, decided)

        async def mailed() -> bool:
            return len(smtp.mailbox.messages) >= 1

        await wait_until(mailed, timeout_s=30)
        await asyncio.sleep(1.0)
        assert len(smtp.mailbox.messages) == 1
        mail = smtp.mailbox.messages[0]
        assert str(mail["Subject"]).startswith("Quyết định khen thưởng số")
        officer = auth(notify_settings, ASSOCIATION, association_id="a-1")
        inbox = (await client.get("/notifications?recipient=association:a-1", headers=officer)).json()
        # one entry per recipient: the association's own, and the awardee's, which its officers also see
        keys = sorted(f"{n['recipient']['kind']}:{n['recipient']['recipient_id']}" for n in inbox)
        assert keys == ["association:a-1", "person:P-001"]
        own = next(n for n in inbox if n["recipient"]["kind"] == "association")
        read = await client.post(f"/notifications/{own['id']}/read", headers=officer)
        assert read.status_code == 200 and read.json()["read_at"]
        proof = await deliveries(client, notify_settings, "aw-1")
        by_channel = {(d["recipient"]["recipient_id"], d["channel"]): d for d in proof}
        assert set(by_channel) == {("a-1", "inbox"), ("a-1", "email"), ("P-001", "inbox")}
        assert by_channel[("a-1", "email")]["status"] == "delivered"
        assert by_channel[("a-1", "email")]["attempts"] == 1
        assert by_channel[("a-1", "inbox")]["read_at"]


async def test_an_awardee_whose_association_gave_their_e_mail_is_mailed_personally(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    member = {"personal_code": "P-001", "full_name": "Nguyễn Thị Lan", "email": "lan@example.vn"}
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await directory_ready(notify_settings, mongo_client)
        await publish(notify_settings, envelope("registration.submitted", individuals=[member]))

        async def known() -> bool:
            return (
                await mongo_client[notify_settings.database_name]["people"].find_one({"_id": "P-001"})
                is not None
            )

        await wait_until(known, timeout_s=30)
        await publish(notify_settings, envelope("award.decided"))

        def personal() -> list[str]:
            return [str(m["Subject"]) for m in smtp.mailbox.messages if "lan@example.vn" in str(m["To"])]

        async def mailed() -> bool:
            return len(personal()) >= 1

        await wait_until(mailed, timeout_s=30)
        await asyncio.sleep(0.5)
        (subject,) = personal()  # one personal e-mail, about the award
        assert subject.startswith("Quyết định khen thưởng số")
        proof = {
            (d["recipient"]["recipient_id"], d["channel"])
            for d in await deliveries(client, notify_settings, "aw-1")
        }
        assert ("P-001", "email") in proof and ("P-001", "inbox") in proof


async def test_an_smtp_outage_retries_then_delivers_once(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    db = mongo_client[notify_settings.database_name]
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await directory_ready(notify_settings, mongo_client)
        smtp.stop()
        await publish(notify_settings, envelope("award.decided"))

        async def retried() -> bool:
            doc = await db["deliveries"].find_one({"channel": "email"})
            return doc is not None and int(doc["attempt"]) >= 2 and doc["status"] != "delivered"

        await wait_until(retried, timeout_s=30)
        smtp.start()

        async def delivered() -> bool:
            doc = await db["deliveries"].find_one({"channel": "email"})
            return doc is not None and doc["status"] == "delivered"

        await wait_until(delivered, timeout_s=30)
        await asyncio.sleep(1.0)
        assert len(smtp.mailbox.messages) == 1
        (email,) = [d for d in await deliveries(client, notify_settings, "aw-1") if d["channel"] == "email"]
        assert email["attempts"] >= 2 and email["delivered_at"]


async def test_a_webhook_receiver_verifies_the_signature(
    notify_settings: NotifySettings, receiver: Receiver
) -> None:
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        body = {"url": receiver.url, "secret": SECRET, "events": ["award.*"]}
        created = await client.post("/webhooks", json=body, headers=auth(notify_settings, BOARD))
        assert created.status_code == 201, created.text
        decided = envelope("award.decided")
        await publish(notify_settings, decided)

        async def called() -> bool:
            return len(receiver.calls) >= 1

        await wait_until(called, timeout_s=30)
        await asyncio.sleep(0.5)
        assert len(receiver.calls) == 1
        headers, raw = receiver.calls[0]
        assert Webhook(SECRET).verify(raw, headers)  # any Standard Webhooks library verifies it
        assert verify(secret=SECRET, headers=headers, body=raw)
        assert not verify(secret=OTHER_SECRET, headers=headers, body=raw)
        assert json.loads(raw)["id"] == decided.id
        listed = (await client.get("/webhooks", headers=auth(notify_settings, BOARD))).json()
        assert "secret" not in listed[0]


async def test_roles_and_scope_are_enforced(notify_settings: NotifySettings) -> None:
    async with api_client(SPEC, notify_settings) as client:
        other = auth(notify_settings, ASSOCIATION, association_id="a-2")
        assert (
            await client.get("/notifications?recipient=association:a-1", headers=other)
        ).status_code == 403
        assert (await client.get("/deliveries?subject=aw-1", headers=other)).status_code == 403
        assert (await client.post("/webhooks", json={"url": "http://x"}, headers=other)).status_code == 403
        missing = await client.post("/notifications/nope/read", headers=other)
        assert missing.status_code == 404
        assert missing.headers["content-type"].startswith("application/problem+json")
        report = await client.get("/reports/late-informing", headers=auth(notify_settings, SECRETARIAT))
        assert report.status_code == 200 and report.json() == []


async def test_two_replicas_send_each_email_once(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    db = mongo_client[notify_settings.database_name]
    async with running_worker(SPEC, notify_settings), running_worker(SPEC, notify_settings):
        await directory_ready(notify_settings, mongo_client)
        events = [envelope("award.decided", award_id=f"aw-{i}") for i in range(10)]
        await publish(notify_settings, *events, *events)

        async def all_mailed() -> bool:
            return len(smtp.mailbox.messages) >= 10

        await wait_until(all_mailed, timeout_s=60)
        await asyncio.sleep(1.0)
        ids = sorted(str(m["Message-ID"]) for m in smtp.mailbox.messages)
        assert len(ids) == 10 and len(set(ids)) == 10
        assert await db["notifications"].count_documents({}) == 20
        assert await db["deliveries"].count_documents({"channel": "email", "status": "delivered"}) == 10


async def test_a_published_exemplar_is_announced_to_its_association(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await directory_ready(notify_settings, mongo_client)
        published = envelope("exemplar.published", association_id="a-1")
        await publish(notify_settings, published)

        async def mailed() -> bool:
            return len(smtp.mailbox.messages) >= 1

        await wait_until(mailed, timeout_s=30)
        assert (
            str(smtp.mailbox.messages[0]["Subject"])
            == "Điển hình tiên tiến của đơn vị đã được đăng tuyên truyền"
        )
        officer = auth(notify_settings, ASSOCIATION, association_id="a-1")
        inbox = (await client.get("/notifications?recipient=association:a-1", headers=officer)).json()
        assert [n["event_type"] for n in inbox] == ["exemplar.published"]
        assert "đã được đăng tuyên truyền" in inbox[0]["body"]
