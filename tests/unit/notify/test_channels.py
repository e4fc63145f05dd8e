"""Webhook signatures (HMAC-SHA256 over `timestamp.body`, checked as a receiver would); sealed addresses."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from notify.channels import DeliveryError, EmailChannel, sign, verify
from thidua.party_mail import AddressOpener, new_keypair, seal_address


class TestSignature:
    def test_the_signature_is_hmac_sha256_over_timestamp_dot_body(self) -> None:
        mac = hmac.new(b"k" * 32, b"1700000000.{}", hashlib.sha256).hexdigest()
        assert sign(secret="k" * 32, timestamp=1700000000, body=b"{}") == f"t=1700000000,v1={mac}"

    def test_a_receiver_accepts_a_fresh_signature(self) -> None:
        header = sign(secret="k" * 32, timestamp=1000, body=b"{}")
        assert verify(secret="k" * 32, header=header, body=b"{}", now=1010)

    def test_another_secret_a_changed_body_or_an_old_timestamp_is_refused(self) -> None:
        header = sign(secret="k" * 32, timestamp=1000, body=b"{}")
        assert not verify(secret="x" * 32, header=header, body=b"{}", now=1000)
        assert not verify(secret="k" * 32, header=header, body=b"{ }", now=1000)
        assert not verify(secret="k" * 32, header=header, body=b"{}", now=5000)

    def test_a_malformed_header_is_refused(self) -> None:
        assert not verify(secret="k" * 32, header="garbage", body=b"{}")


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
