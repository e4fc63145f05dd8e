"""Delivery channels: a small protocol so a new one (e.g. Zalo OA) plugs in without touching the rest."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import Mapping
from email.message import EmailMessage
from typing import Any, Protocol

import aiosmtplib
import httpx
from thidua.party_mail import AddressOpener, PartyMailError

SIGNATURE_HEADER = "X-ThiDua-Signature"


class DeliveryError(Exception):
    """The channel did not accept the message; the text is short and holds no secret."""


class Channel(Protocol):
    """Sends one claimed delivery; raises DeliveryError when the far side refuses or is unreachable."""

    name: str

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None: ...


class EmailChannel:
    """E-mail over SMTP; the Message-ID is the delivery id so a receiver can spot a duplicate."""

    name = "email"

    def __init__(
        self, *, host: str, port: int, sender: str, timeout_s: float, opener: AddressOpener | None = None
    ) -> None:
        self._host, self._port, self._sender, self._timeout = host, port, sender, timeout_s
        self._opener = opener

    def _addresses(self, delivery: Mapping[str, Any]) -> list[str]:
        """The recipient's addresses; a sealed one is opened here, in memory, and never kept or logged."""
        if delivery.get("sealed_address") is None:
            return list(delivery["addresses"])
        if self._opener is None:
            raise DeliveryError("sealed address: no party-mail key configured")
        try:
            return [self._opener.open(delivery["sealed_address"], notice_id=str(delivery.get("sealed_for")))]
        except PartyMailError as exc:
            raise DeliveryError("sealed address: does not open") from exc

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None:
        """Send the rendered subject and body to the recipient's addresses."""
        message = EmailMessage()
        message["From"] = self._sender
        message["To"] = ", ".join(self._addresses(delivery))
        message["Subject"] = delivery["mail_subject"]
        message["Message-ID"] = f"<{delivery['_id']}@thidua>"
        message.set_content(delivery["mail_body"])
        try:
            await aiosmtplib.send(message, hostname=self._host, port=self._port, timeout=self._timeout)
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP: {type(exc).__name__}") from exc


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over `timestamp.body`, as the signature header value `t=...,v1=...`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(*, secret: str, header: str, body: bytes, tolerance_s: int = 300, now: int | None = None) -> bool:
    """Check a signature header (what a receiver does): right MAC and a recent timestamp."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts["t"])
    except (KeyError, ValueError):
        return False
    expected = sign(secret=secret, timestamp=timestamp, body=body)
    fresh = abs((now if now is not None else int(time.time())) - timestamp) <= tolerance_s
    return fresh and hmac.compare_digest(expected, header)


class WebhookChannel:
    """Signed JSON POST of the event envelope to a registered URL."""

    name = "webhook"

    def __init__(self, *, timeout_s: float, client: httpx.AsyncClient | None = None) -> None:
        self._client = client or httpx.AsyncClient(timeout=timeout_s)

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None:
        """POST the envelope, signed with the webhook's secret; any non-2xx is a failure."""
        if target is None or not target.get("active"):
            raise DeliveryError("webhook disabled or removed")
        body = json.dumps(delivery["payload"], ensure_ascii=False, separators=(",", ":")).encode()
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(secret=target["secret"], timestamp=int(time.time()), body=body),
            "X-ThiDua-Delivery": str(delivery["_id"]),
            "X-ThiDua-Event-Type": str(delivery["event_type"]),
        }
        try:
            response = await self._client.post(str(target["url"]), content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"HTTP: {type(exc).__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"HTTP {response.status_code}")
