"""Turning one event into notification and delivery documents (no I/O)."""

from __future__ import annotations

from notify import domain
from notify.domain import ROUTING, Recipient
from notify.handlers import _documents

from tests.unit.notify.samples import envelope


class TestDocuments:
    def test_award_decided_makes_one_notice_per_recipient_and_one_delivery_per_channel(self) -> None:
        env = envelope("award.decided")
        person = Recipient("person", "P-001", association_id="a-1", personal_code="P-001")
        association = Recipient("association", "a-1", association_id="a-1", emails=("vp@hoi.vn",))
        notices, deliveries = _documents(env, ROUTING["award.decided"], [(person, ""), (association, "Hội")])
        assert [n["recipient_key"] for n in notices] == ["person:P-001", "association:a-1"]
        assert notices[0]["audience"] == ["association:a-1", "person:P-001"]
        assert [(d["recipient_key"], d["channel"], d["status"]) for d in deliveries] == [
            ("person:P-001", "inbox", "delivered"),
            ("association:a-1", "inbox", "delivered"),
            ("association:a-1", "email", "pending"),
        ]
        assert all(d["statutory"] and d["subject"] == "aw-1" for d in deliveries)
        assert deliveries[2]["addresses"] == ["vp@hoi.vn"] and "Kính gửi Hội" in deliveries[2]["mail_body"]

    def test_the_same_event_always_yields_the_same_ids(self) -> None:
        env = envelope("award.decided")
        target = [(Recipient("association", "a-1"), "")]
        first = _documents(env, ROUTING["award.decided"], target)
        again = _documents(env, ROUTING["award.decided"], target)
        assert [d["_id"] for d in first[1]] == [d["_id"] for d in again[1]]

    def test_a_webhook_recipient_gets_the_signed_envelope_only(self) -> None:
        env = envelope("award.forwarded")
        _, deliveries = _documents(env, ROUTING["award.forwarded"], [(Recipient("webhook", "h-1"), "")])
        assert [(d["channel"], d["webhook_id"]) for d in deliveries] == [("webhook", "h-1")]
        assert deliveries[0]["payload"]["id"] == env.id

    def test_a_sealed_filer_gets_one_e_mail_delivery_carrying_only_the_sealed_address(self) -> None:
        env = envelope("grievance.filer_notified")
        route = ROUTING["grievance.filer_notified"]
        (filer,) = domain.resolve_recipients(route, env.data, {})
        notices, deliveries = _documents(env, route, [(filer, "")])
        assert [(d["channel"], d["addresses"], d["sealed_address"]) for d in deliveries] == [
            ("email", [], "k1:c2VhbGVk")
        ]
        assert deliveries[0]["sealed_for"] == "n-1" and notices[0]["audience"] == ["party:g-1"]
