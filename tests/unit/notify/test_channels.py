"""Channels without I/O: Standard Webhooks signatures, the address guard, e-mail headers, who gets what,
sealed addresses."""

from __future__ import annotations

import base64
import json
import time

import pytest
from notify.channels import DeliveryError, PermanentDeliveryError
from notify.email_channel import EmailChannel, build_message, checked_address, header_value
from notify.webhook_channel import (
    ID_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    new_secret,
    refused_address,
    secret_key,
    sign,
    verify,
)
from notify.webhook_policy import BOARD, SECRETARIAT, project, refused_filters, role_may_receive
from standardwebhooks.webhooks import Webhook
from thidua.contracts.registry import EVENT_TYPES
from thidua.party_mail import AddressOpener, new_keypair, seal_address

SECRET = "whsec_" + base64.b64encode(b"k" * 32).decode()


def signed_headers(body: bytes, *, msg_id: str = "msg_1", timestamp: int = 1_700_000_000) -> dict[str, str]:
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret=SECRET, msg_id=msg_id, timestamp=timestamp, body=body),
    }


class TestStandardWebhooksSignature:
    def test_a_standard_webhooks_library_verifies_our_signature(self) -> None:
        body = json.dumps({"type": "award.decided", "data": {"name": "Nguyễn Văn An"}}).encode()
        headers = signed_headers(body, timestamp=int(time.time()))
        assert Webhook(SECRET).verify(body, headers) == json.loads(body)  # raises if it does not verify

    def test_our_receiver_recipe_refuses_another_secret_a_changed_body_or_an_old_timestamp(self) -> None:
        headers = signed_headers(b"{}")
        assert verify(secret=SECRET, headers=headers, body=b"{}", now=1_700_000_010)
        other = "whsec_" + base64.b64encode(b"x" * 32).decode()
        assert not verify(secret=other, headers=headers, body=b"{}", now=1_700_000_010)
        assert not verify(secret=SECRET, headers=headers, body=b"{ }", now=1_700_000_010)
        assert not verify(secret=SECRET, headers=headers, body=b"{}", now=1_700_009_999)
        assert not verify(secret=SECRET, headers={}, body=b"{}")

    def test_generated_secrets_have_the_whsec_form_and_a_32_byte_key(self) -> None:
        assert len(secret_key(new_secret())) == 32
        with pytest.raises(ValueError, match="whsec_"):
            secret_key("s" * 32)


class TestAddressGuard:
    @pytest.mark.parametrize(
        "address",
        [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.9",
            "192.168.1.1",
            "169.254.169.254",  # cloud metadata
            "100.64.0.1",  # shared address space
            "0.0.0.0",
            "224.0.0.1",
            "::1",
            "fe80::1",
            "fc00::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ],
    )
    def test_internal_addresses_are_refused(self, address: str) -> None:
        assert refused_address(address)

    @pytest.mark.parametrize("address", ["93.184.216.34", "203.113.131.1", "2001:4860:4860::8888"])
    def test_public_addresses_are_allowed(self, address: str) -> None:
        assert not refused_address(address)


class TestEmailHeaders:
    def test_carriage_returns_and_line_feeds_become_spaces(self) -> None:
        assert (
            header_value("Quyết định 12/QĐ\r\nBcc: x@evil.example") == "Quyết định 12/QĐ Bcc: x@evil.example"
        )

    def test_a_subject_with_a_newline_still_builds_one_subject_header(self) -> None:
        delivery = {
            "_id": "d1",
            "addresses": ["an@example.vn"],
            "mail_subject": "Kết quả khen thưởng\r\nBcc: x@evil.example",
            "mail_body": "Nội dung",
        }
        message = build_message(sender="thongbao@thidua.local", delivery=delivery)
        assert message["Subject"] == "Kết quả khen thưởng Bcc: x@evil.example"
        assert message["Bcc"] is None

    @pytest.mark.parametrize(
        "address", ["an@example.vn\r\nBcc: x@evil.example", "not-an-address", "Tên <an@example.vn>"]
    )
    def test_a_malformed_address_is_a_permanent_failure(self, address: str) -> None:
        with pytest.raises(PermanentDeliveryError):
            checked_address(address)


class TestWhoGetsWhat:
    def test_the_board_may_subscribe_to_award_events_only(self) -> None:
        assert refused_filters([BOARD], ["award.*", "award.decided"], EVENT_TYPES) == []
        assert refused_filters([BOARD], ["#", "nomination.*", "grievance.received"], EVENT_TYPES) == [
            "#",
            "nomination.*",
            "grievance.received",
        ]

    def test_nobody_subscribes_to_grievance_events_or_to_what_does_not_exist(self) -> None:
        assert refused_filters([SECRETARIAT], ["grievance.*", "nomination.*"], EVENT_TYPES) == ["grievance.*"]
        assert refused_filters([SECRETARIAT], ["no.such.type"], EVENT_TYPES) == ["no.such.type"]
        assert not role_may_receive([SECRETARIAT], "grievance.received")

    def test_payloads_carry_no_contact_data_at_any_depth(self) -> None:
        payload = {"data": {"members": [{"name": "An", "email": "an@example.vn"}], "contact": {"phone": "1"}}}
        assert project(payload) == {"data": {"members": [{"name": "An"}]}}


class TestSealedAddress:
    """A filer's address sealed by grievance opens only with notify's key, for its own notice."""

    def channel(self, private: str | None) -> EmailChannel:
        opener = AddressOpener({"k1": private}) if private else None
        return EmailChannel(host="127.0.0.1", port=1, sender="s@x", timeout_s=1, opener=opener)

    def test_it_opens_for_its_notice_with_notify_s_key(self) -> None:
        private, public = new_keypair()
        sealed = seal_address("kin@example.vn", public_key=public, key_id="k1", notice_id="n-1")
        assert "kin@example.vn" not in sealed
        delivery = {"sealed_address": sealed, "sealed_for": "n-1", "addresses": []}
        assert self.channel(private)._addresses(delivery) == ["kin@example.vn"]

    def test_another_notice_another_key_or_no_key_cannot_open_it(self) -> None:
        private, public = new_keypair()
        sealed = seal_address("kin@example.vn", public_key=public, key_id="k1", notice_id="n-1")
        for channel, notice in ((self.channel(private), "n-2"), (self.channel(new_keypair()[0]), "n-1"),
                                (self.channel(None), "n-1")):  # fmt: skip
            with pytest.raises(DeliveryError):
                channel._addresses({"sealed_address": sealed, "sealed_for": notice, "addresses": []})

    def test_a_plain_delivery_keeps_its_addresses(self) -> None:
        assert self.channel(None)._addresses({"addresses": ["vp@hoi.vn"]}) == ["vp@hoi.vn"]
