"""Grievance parties through notify: a filer's sealed address opened only to send, the accused told."""

from __future__ import annotations

import json

import pytest
from notify.bootstrap import SPEC
from notify.settings import NotifySettings
from pydantic import SecretStr
from thidua import mongo
from thidua.party_mail import new_keypair, seal_address

from tests.integration.notify.conftest import Smtp
from tests.integration.notify.test_delivery import publish
from tests.support.ledger import wait_until
from tests.support.service import running_worker
from tests.unit.notify.samples import envelope

pytestmark = pytest.mark.integration


async def test_a_filer_is_mailed_at_the_sealed_address_which_is_then_erased(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    private, public = new_keypair()
    settings = notify_settings.model_copy(update={"party_mail_private_keys": {"m1": SecretStr(private)}})
    address = "kin.bi.mat@example.vn"
    sealed = seal_address(address, public_key=public, key_id="m1", notice_id="n-1")
    db = mongo_client[settings.database_name]
    async with running_worker(SPEC, settings):
        await publish(settings, envelope("grievance.filer_notified", sealed_address=sealed, notice_id="n-1"))

        async def mailed() -> bool:
            return any(address in str(m["To"]) for m in smtp.mailbox.messages)

        await wait_until(mailed, timeout_s=30)

        async def settled() -> bool:
            delivery = await db["deliveries"].find_one({"event_type": "grievance.filer_notified"})
            return delivery is not None and delivery["status"] == "delivered"

        await wait_until(settled, timeout_s=30)
    (mail,) = [m for m in smtp.mailbox.messages if address in str(m["To"])]
    assert str(mail["Subject"]) == "Đơn TC-2027-0001 đã được thụ lý" and address not in mail.get_content()
    docs = [doc for name in await db.list_collection_names() for doc in await db[name].find({}).to_list(None)]
    stored = json.dumps(docs, default=str)
    assert address not in stored and sealed not in stored  # the sealed text served one delivery only
    assert "party:g-1" in stored  # the filer is known here by the case alone


async def test_an_accused_association_gets_the_content_notice(
    notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
) -> None:
    async with running_worker(SPEC, notify_settings):
        await publish(notify_settings, envelope("association.registered"))
        db = mongo_client[notify_settings.database_name]

        async def known() -> bool:
            return await db["directory"].find_one({"_id": "a-1"}) is not None

        await wait_until(known, timeout_s=30)
        targets = [{"kind": "association", "association_id": "a-1"}]
        await publish(notify_settings, envelope("grievance.accused_informed", targets=targets))

        async def mailed() -> bool:
            return any("Thông báo nội dung tố cáo" in str(m["Subject"]) for m in smtp.mailbox.messages)

        await wait_until(mailed, timeout_s=30)
    notice = await db["notifications"].find_one({"event_type": "grievance.accused_informed"})
    assert notice is not None and notice["audience"] == ["association:a-1"] and notice["statutory"]
