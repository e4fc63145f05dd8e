"""Every nominee of a council session is in the informing report, with proof of delivery per nominee;
a notice read in the association's inbox informs a collective (issue 15 items 1 and 2)."""

from __future__ import annotations

import pytest
from notify.bootstrap import SPEC
from notify.settings import NotifySettings
from thidua import mongo
from thidua.auth import ASSOCIATION, SECRETARIAT

from tests.integration.notify.test_delivery import publish
from tests.support.ledger import wait_until
from tests.support.service import api_client, auth, running_worker
from tests.unit.notify.samples import envelope

pytestmark = pytest.mark.integration

RESULT = {
    "award_type_code": "CSTDCS", "yes": 6, "no": 3, "abstain": 1, "recused": 0, "base": 11, "threshold": 0.8,
    "required_yes": 9, "passed": False,
}  # fmt: skip
COLLECTIVE = {"kind": "collective", "name": "Hội Tin học", "unit": "Hội Tin học", "association_id": "a-1"}


async def test_the_report_lists_every_nominee_of_a_session_and_a_read_notice_informs_a_collective(
    notify_settings: NotifySettings, mongo_client: mongo.Client
) -> None:
    db = mongo_client[notify_settings.database_name]
    closed = envelope(
        "council.session_closed",
        session_id="s-9",
        results=[RESULT | {"nomination_id": "nm-1"}, RESULT | {"nomination_id": "nm-2", "passed": True}],
    )
    council = {k: RESULT[k] for k in ("yes", "no", "abstain", "base", "required_yes")}
    rejected = envelope(
        "nomination.rejected",
        nomination_id="nm-1",
        nominee=COLLECTIVE,
        reason="council_vote_failed",
        failed_criteria=[],
        council=council | {"session_id": "s-9", "held_on": "2026-12-10"},
    )
    secretariat = auth(notify_settings, SECRETARIAT)
    async with running_worker(SPEC, notify_settings), api_client(SPEC, notify_settings) as client:
        await publish(notify_settings, closed, rejected)

        async def recorded() -> bool:
            return (
                await db["outcomes"].count_documents({}) == 1
                and await db["sessions"].count_documents({}) == 1
            )

        await wait_until(recorded, timeout_s=30)
        report = (await client.get("/reports/informing?session_id=s-9", headers=secretariat)).json()
        assert [i["nomination_id"] for i in report["items"]] == ["nm-1", "nm-2"]
        assert report["uninformed"] == 2  # stored in the inbox is not yet informing
        (notice,) = report["items"][0]["notices"]
        assert notice["event_type"] == "nomination.rejected" and notice["reason"] == "council_vote_failed"
        assert {(d["recipient"]["kind"], d["channel"]) for d in notice["deliveries"]} == {
            ("association", "inbox")
        }
        assert report["items"][1]["notices"] == []  # passed: told when the decision comes

        officer = auth(notify_settings, ASSOCIATION, association_id="a-1")
        inbox = (await client.get("/notifications", headers=officer)).json()
        assert "6 phiếu đồng ý" in inbox[0]["body"] and "khiếu nại" in inbox[0]["body"]
        await client.post(f"/notifications/{inbox[0]['id']}/read", headers=officer)
        report = (await client.get("/reports/informing?session_id=s-9", headers=secretariat)).json()
        assert report["items"][0]["notices"][0]["informed"] and report["uninformed"] == 1
        both = await client.get("/reports/informing", headers=secretariat)
        assert both.status_code == 422
