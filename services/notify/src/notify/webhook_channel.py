"""Signed webhooks (the Standard Webhooks scheme) to public addresses only, without following redirects.

Receivers verify with any Standard Webhooks library: `webhook-id`, `webhook-timestamp` and
`webhook-signature: v1,<base64 HMAC-SHA256 of "id.timestamp.body">` keyed with the base64 part of the
`whsec_…` secret. Before each send the target's host is resolved and every address must be public (no
private, loopback, link-local, shared or reserved range: a webhook cannot reach the internal network), and
the request goes to the address that was checked, so a DNS answer cannot change in between.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
import time
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from notify.channels import DeliveryError, PermanentDeliveryError
from notify.webhook_policy import project

SECRET_PREFIX = "whsec_"  # noqa: S105 - the scheme's prefix, not a secret
ID_HEADER, TIMESTAMP_HEADER, SIGNATURE_HEADER = "webhook-id", "webhook-timestamp", "webhook-signature"


def new_secret() -> str:
    """A fresh signing secret in the Standard Webhooks form `whsec_<base64 of 32 random bytes>`."""
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(32)).decode()


def secret_key(secret: str) -> bytes:
    """The HMAC key of a `whsec_…` secret; ValueError if it is not one."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError("not a whsec_ secret")
    key = base64.b64decode(secret[len(SECRET_PREFIX) :], validate=True)
    if len(key) < 16:
        raise ValueError("the key is shorter than 16 bytes")
    return key


def sign(*, secret: str, msg_id: str, timestamp: int, body: bytes) -> str:
    """The `webhook-signature` value: `v1,<base64 HMAC-SHA256(key, "id.timestamp.body")>`."""
    content = f"{msg_id}.{timestamp}.".encode() + body
    mac = hmac.new(secret_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(mac).decode()


def verify(
    *, secret: str, headers: Mapping[str, str], body: bytes, tolerance_s: int = 300, now: int | None = None
) -> bool:
    """What a receiver does: one `v1` signature matches and the timestamp is recent."""
    try:
        msg_id, timestamp = headers[ID_HEADER], int(headers[TIMESTAMP_HEADER])
        expected = sign(secret=secret, msg_id=msg_id, timestamp=timestamp, body=body)
    except (KeyError, ValueError):
        return False
    fresh = abs((now if now is not None else int(time.time())) - timestamp) <= tolerance_s
    offered = headers.get(SIGNATURE_HEADER, "").split()
    return fresh and any(hmac.compare_digest(expected, candidate) for candidate in offered)


def refused_address(address: str) -> bool:
    """True for an address a webhook must never reach (not globally routable, or multicast)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


async def resolve_public(host: str, port: int) -> str:
    """The first address of `host`, after checking that every address it resolves to is public."""
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise DeliveryError(f"DNS: {type(exc).__name__}") from exc
    addresses = [str(info[4][0]) for info in infos]
    if not addresses or any(refused_address(a) for a in addresses):
        raise PermanentDeliveryError("webhook: địa chỉ đích là mạng nội bộ hoặc không công khai")
    return addresses[0]


class WebhookChannel:
    """POST of the event envelope (as the subscriber may read it) to a registered URL."""

    name = "webhook"

    def __init__(
        self,
        *,
        timeout_s: float,
        require_https: bool,
        allow_private_targets: bool = False,
        client: httpx.AsyncClient | None = None,
    ) -> None:
        self._client = client or httpx.AsyncClient(timeout=timeout_s, follow_redirects=False)
        self._require_https = require_https
        self._allow_private = allow_private_targets

    def host_of(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> str:
        return f"webhook:{urlsplit(str((target or {}).get('url', ''))).hostname}"

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None:
        """Sign and POST; a redirect, a non-2xx answer or an unreachable host is a failure."""
        if target is None or not target.get("active"):
            raise PermanentDeliveryError("webhook disabled or removed")
        url, extensions, host_header = await self._pinned(str(target["url"]))
        body = json.dumps(project(delivery["payload"]), ensure_ascii=False, separators=(",", ":")).encode()
        msg_id, now = str(delivery["_id"]), int(time.time())
        headers = {
            "Content-Type": "application/json",
            "Host": host_header,
            ID_HEADER: msg_id,
            TIMESTAMP_HEADER: str(now),
            SIGNATURE_HEADER: sign(secret=str(target["secret"]), msg_id=msg_id, timestamp=now, body=body),
            "X-ThiDua-Event-Type": str(delivery["event_type"]),
        }
        try:
            response = await self._client.post(url, content=body, headers=headers, extensions=extensions)
        except httpx.HTTPError as exc:
            raise DeliveryError(f"HTTP: {type(exc).__name__}") from exc
        if not 200 <= response.status_code < 300:
            raise DeliveryError(f"HTTP {response.status_code}")

    async def _pinned(self, raw_url: str) -> tuple[str, dict[str, Any], str]:
        """The URL rewritten to the checked address, the TLS name to expect, and the Host header."""
        parts = urlsplit(raw_url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise PermanentDeliveryError("webhook: URL không hợp lệ")
        if self._require_https and parts.scheme != "https":
            raise PermanentDeliveryError("webhook: đích phải dùng https")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        host_header = parts.netloc.rpartition("@")[2]
        if self._allow_private:
            return raw_url, {}, host_header
        address = await resolve_public(parts.hostname, port)
        literal = f"[{address}]" if ":" in address else address
        pinned = urlunsplit((parts.scheme, f"{literal}:{port}", parts.path or "/", parts.query, ""))
        extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
        return pinned, extensions, host_header
