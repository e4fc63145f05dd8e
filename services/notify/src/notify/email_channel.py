"""E-mail over SMTP, with authentication and STARTTLS when configured, and headers that cannot be forged."""

from __future__ import annotations

import re
from collections.abc import Mapping
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import parseaddr
from typing import Any

import aiosmtplib
from pydantic import SecretStr
from thidua.party_mail import AddressOpener, PartyMailError

from notify.channels import DeliveryError, PermanentDeliveryError

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")


def header_value(text: str) -> str:
    """A header value with carriage returns, line feeds and other control characters made spaces."""
    return _CONTROL.sub(" ", text).strip()


def checked_address(raw: str) -> str:
    """An e-mail address fit for a header, or PermanentDeliveryError (no retry can fix it)."""
    name, address = parseaddr(raw)
    try:
        local, _, domain = address.rpartition("@")
        if _CONTROL.search(raw) or address != raw.strip() or not local or not domain or name:
            raise ValueError(raw)
        return str(Address(addr_spec=address))
    except (ValueError, IndexError) as exc:
        raise PermanentDeliveryError("SMTP: địa chỉ e-mail không hợp lệ") from exc


def build_message(
    *, sender: str, delivery: Mapping[str, Any], addresses: list[str] | None = None
) -> EmailMessage:
    """The message for a delivery; the Message-ID is the delivery id so a receiver can spot a duplicate."""
    try:
        message = EmailMessage()
        message["From"] = checked_address(sender)
        to = delivery["addresses"] if addresses is None else addresses
        message["To"] = ", ".join(checked_address(a) for a in to)
        message["Subject"] = header_value(str(delivery["mail_subject"]))
        message["Message-ID"] = f"<{header_value(str(delivery['_id']))}@thidua>"
        message.set_content(str(delivery["mail_body"]))
    except (ValueError, TypeError) as exc:  # e.g. a header the library refuses to build
        raise PermanentDeliveryError(f"SMTP: không dựng được thư ({type(exc).__name__})") from exc
    return message


class EmailChannel:
    """Sends a delivery's rendered subject and body to the recipient's addresses."""

    name = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        timeout_s: float,
        username: str | None = None,
        password: SecretStr | None = None,
        starttls: bool | None = None,
        implicit_tls: bool = False,
        ca_file: str | None = None,
        opener: AddressOpener | None = None,
    ) -> None:
        self._host, self._port, self._sender, self._timeout = host, port, sender, timeout_s
        self._username, self._password = username, password
        self._starttls, self._implicit_tls, self._ca_file = starttls, implicit_tls, ca_file
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

    def host_of(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> str:
        return f"smtp:{self._host}"

    async def send(self, *, delivery: Mapping[str, Any], target: Mapping[str, Any] | None) -> None:
        """Build (a malformed header is a permanent failure) and send over SMTP."""
        message = build_message(sender=self._sender, delivery=delivery, addresses=self._addresses(delivery))
        try:
            await aiosmtplib.send(
                message,
                hostname=self._host,
                port=self._port,
                timeout=self._timeout,
                username=self._username,
                password=self._password.get_secret_value() if self._password else None,
                start_tls=self._starttls,
                use_tls=self._implicit_tls,
                cert_bundle=self._ca_file,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            raise PermanentDeliveryError("SMTP: người nhận bị từ chối") from exc
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP: {type(exc).__name__}") from exc
