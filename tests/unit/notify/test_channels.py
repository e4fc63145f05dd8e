"""Webhook signatures: HMAC-SHA256 over `timestamp.body`, checked as a receiver would."""

from __future__ import annotations

import hashlib
import hmac

from notify.channels import sign, verify


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
