"""Webhooks and e-mail that cannot be turned against the network: scopes, targets, headers, TLS, pace.

Real RabbitMQ, MongoDB, SMTP (aiosmtpd, with AUTH and STARTTLS) and HTTP receivers in process.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import ipaddress
import ssl
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from notify.bootstrap import SPEC
from notify.settings import NotifySettings
from pydantic import SecretStr
from thidua import mongo
from thidua.auth import BOARD, SECRETARIAT

from tests.integration.notify.conftest import Mailbox, Receiver, Smtp, free_port
from tests.integration.notify.test_delivery import SECRET, directory_ready, publish
from tests.support.ledger import wait_until
from tests.support.service import api_client, auth, running_worker
from tests.unit.notify.samples import envelope

pytestmark = pytest.mark.integration


async def delivery_docs(client: mongo.Client, settings: NotifySettings, **query: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = await client[settings.database_name]["deliveries"].find(query).to_list(None)
    return found


async def register(settings: NotifySettings, url: str, events: list[str], role: str = BOARD) -> Any:
    async with api_client(SPEC, settings) as client:
        return await client.post(
            "/webhooks", json={"url": url, "secret": SECRET, "events": events}, headers=auth(settings, role)
        )


class TestSubscriptions:
    @pytest.mark.parametrize(
        ("role", "events"), [(BOARD, ["#"]), (BOARD, ["nomination.*"]), (SECRETARIAT, ["grievance.*"])]
    )
    async def test_a_role_subscribes_only_to_what_it_may_read(
        self, notify_settings: NotifySettings, receiver: Receiver, role: str, events: list[str]
    ) -> None:
        answer = await register(notify_settings, receiver.url, events, role)
        assert answer.status_code == 422, answer.text
        assert answer.json()["type"].endswith("/webhook-events-not-allowed")
        assert answer.json()["refused"] == events

    async def test_outside_dev_a_target_must_be_https(self, notify_settings: NotifySettings) -> None:
        strict = notify_settings.model_copy(update={"webhook_require_https": None})  # env=test: https only
        answer = await register(strict, "http://receiver.example/hook", ["award.*"])
        assert answer.status_code == 422
        assert answer.json()["type"].endswith("/webhook-https-required")

    async def test_a_secret_not_in_the_standard_webhooks_form_is_refused(
        self, notify_settings: NotifySettings, receiver: Receiver
    ) -> None:
        async with api_client(SPEC, notify_settings) as client:
            body = {"url": receiver.url, "secret": "s" * 32, "events": ["award.*"]}
            answer = await client.post("/webhooks", json=body, headers=auth(notify_settings, BOARD))
        assert answer.status_code == 422 and answer.json()["type"].endswith("/webhook-secret-invalid")


class TestTargets:
    async def test_an_internal_address_is_never_called_and_fails_at_once(
        self, notify_settings: NotifySettings, receiver: Receiver, mongo_client: mongo.Client
    ) -> None:
        guarded = notify_settings.model_copy(update={"webhook_allow_private_targets": False})
        assert (await register(guarded, receiver.url, ["award.*"])).status_code == 201
        async with running_worker(SPEC, guarded):
            await publish(guarded, envelope("award.decided"))

            async def failed() -> bool:
                return [
                    d["status"] for d in await delivery_docs(mongo_client, guarded, channel="webhook")
                ] == ["failed"]

            await wait_until(failed, timeout_s=30)
        (hook_delivery,) = await delivery_docs(mongo_client, guarded, channel="webhook")
        assert hook_delivery["attempt"] == 1, "a refused target is not retried"
        assert receiver.calls == [], "the loopback receiver was reached"

    async def test_a_redirect_is_not_followed(
        self, notify_settings: NotifySettings, receiver: Receiver, mongo_client: mongo.Client
    ) -> None:
        elsewhere = Receiver(port=free_port())
        server = await asyncio.start_server(elsewhere.handle, "127.0.0.1", elsewhere.port)
        receiver.status = b"307 Temporary Redirect"
        receiver.extra_headers = f"Location: {elsewhere.url}\r\n".encode()
        try:
            assert (await register(notify_settings, receiver.url, ["award.*"])).status_code == 201
            async with running_worker(SPEC, notify_settings):
                await publish(notify_settings, envelope("award.decided"))

                async def tried() -> bool:
                    docs = await delivery_docs(mongo_client, notify_settings, channel="webhook")
                    return bool(docs) and docs[0]["attempt"] >= 2

                await wait_until(tried, timeout_s=30)
        finally:
            server.close()
            await server.wait_closed()
        assert receiver.calls and elsewhere.calls == []

    async def test_a_subscriber_reads_no_contact_data(
        self, notify_settings: NotifySettings, receiver: Receiver
    ) -> None:
        member = {"personal_code": "P-001", "full_name": "Nguyễn Thị Lan", "email": "lan@example.vn"}
        hook = await register(notify_settings, receiver.url, ["registration.*"], SECRETARIAT)
        assert hook.status_code == 201
        async with running_worker(SPEC, notify_settings):
            await publish(notify_settings, envelope("registration.submitted", individuals=[member]))

            async def called() -> bool:
                return bool(receiver.calls)

            await wait_until(called, timeout_s=30)
        raw = receiver.calls[0][1].decode()
        assert "Nguyễn Thị Lan" in raw  # the event itself arrives
        assert "lan@example.vn" not in raw


class TestEmail:
    async def test_a_line_break_in_a_decision_number_cannot_add_a_header(
        self, notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
    ) -> None:
        decision = envelope("award.decided").data["decision"] | {"number": "12/QĐ\r\nBcc: x@evil.example"}
        async with running_worker(SPEC, notify_settings):
            await directory_ready(notify_settings, mongo_client)
            await publish(notify_settings, envelope("award.decided", decision=decision))

            async def mailed() -> bool:
                return bool(smtp.mailbox.messages)

            await wait_until(mailed, timeout_s=30)
        (mail,) = smtp.mailbox.messages
        assert mail["Bcc"] is None
        assert "\n" not in str(mail["Subject"]) and "12/QĐ" in str(mail["Subject"])

    async def test_an_address_that_cannot_be_a_header_fails_once_and_is_reported(
        self, notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
    ) -> None:
        broken = ["vp@hoi.example\r\nBcc: x@evil.example"]
        db = mongo_client[notify_settings.database_name]
        async with running_worker(SPEC, notify_settings):
            await publish(
                notify_settings, envelope("association.registered", contact_emails=broken, officers=[])
            )

            async def known() -> bool:
                return await db["directory"].find_one({"_id": "a-1"}) is not None

            await wait_until(known, timeout_s=30)
            await publish(notify_settings, envelope("award.decided"))

            async def failed() -> bool:
                docs = await delivery_docs(mongo_client, notify_settings, channel="email")
                return [d["status"] for d in docs] == ["failed"]

            await wait_until(failed, timeout_s=30)
        (mail_delivery,) = await delivery_docs(mongo_client, notify_settings, channel="email")
        assert mail_delivery["attempt"] == 1, "a message that cannot be built is not retried forever"
        assert smtp.mailbox.messages == []

    async def test_a_slow_webhook_receiver_does_not_hold_back_the_e_mail(
        self, notify_settings: NotifySettings, smtp: Smtp, receiver: Receiver, mongo_client: mongo.Client
    ) -> None:
        receiver.gate = asyncio.Event()  # the receiver hangs until the e-mail has gone out
        assert (await register(notify_settings, receiver.url, ["award.*"])).status_code == 201
        try:
            async with running_worker(SPEC, notify_settings):
                await directory_ready(notify_settings, mongo_client)
                await publish(notify_settings, envelope("award.decided"))

                async def mailed_while_the_hook_hangs() -> bool:
                    return bool(smtp.mailbox.messages) and bool(receiver.calls)

                await wait_until(mailed_while_the_hook_hangs, timeout_s=20)
                receiver.gate.set()
        finally:
            receiver.gate.set()

    async def test_a_new_delivery_is_sent_at_once_not_at_the_next_poll(
        self, notify_settings: NotifySettings, smtp: Smtp, mongo_client: mongo.Client
    ) -> None:
        slow_poll = notify_settings.model_copy(update={"delivery_poll_interval_s": 120.0})
        async with running_worker(SPEC, slow_poll):
            await directory_ready(slow_poll, mongo_client)
            await asyncio.sleep(0.5)  # the delivery loop is now in its two-minute wait
            await publish(slow_poll, envelope("award.decided"))

            async def mailed() -> bool:
                return bool(smtp.mailbox.messages)

            await wait_until(mailed, timeout_s=30)  # a quarter of the poll: only a wake-up explains it


def self_signed(directory: Path) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context for 127.0.0.1 and the certificate file a client trusts."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = directory / "smtp.pem", directory / "smtp.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert_file, key_file)
    return context, cert_file


class Authenticator:
    def __call__(self, _server: Any, _session: Any, _envelope: Any, mechanism: str, data: Any) -> AuthResult:
        ok = isinstance(data, LoginPassword) and (data.login, data.password) == (
            b"thongbao",
            b"mat-khau-dung",
        )
        return AuthResult(success=ok)


@pytest.fixture
def secure_smtp(tmp_path: Path) -> Iterator[tuple[Mailbox, int, Path]]:
    context, cert_file = self_signed(tmp_path)
    mailbox, port = Mailbox(), free_port()
    controller = Controller(
        mailbox,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        authenticator=Authenticator(),
        auth_required=True,
    )
    controller.start()
    try:
        yield mailbox, port, cert_file
    finally:
        controller.stop()


def over_tls(settings: NotifySettings, port: int, cert_file: Path, *, password: str) -> NotifySettings:
    return settings.model_copy(
        update={
            "smtp_port": port,
            "smtp_starttls": "required",
            "smtp_ca_file": str(cert_file),
            "smtp_username": "thongbao",
            "smtp_password": SecretStr(password),
        }
    )


class TestSmtpSecurity:
    async def test_mail_goes_over_starttls_with_authentication(
        self,
        notify_settings: NotifySettings,
        mongo_client: mongo.Client,
        secure_smtp: tuple[Mailbox, int, Path],
    ) -> None:
        mailbox, port, cert_file = secure_smtp
        secured = over_tls(notify_settings, port, cert_file, password="mat-khau-dung")
        async with running_worker(SPEC, secured):
            await directory_ready(secured, mongo_client)
            await publish(secured, envelope("award.decided"))

            async def mailed() -> bool:
                return bool(mailbox.messages)

            await wait_until(mailed, timeout_s=30)

    async def test_a_wrong_password_delivers_nothing(
        self,
        notify_settings: NotifySettings,
        mongo_client: mongo.Client,
        secure_smtp: tuple[Mailbox, int, Path],
    ) -> None:
        mailbox, port, cert_file = secure_smtp
        wrong = over_tls(notify_settings, port, cert_file, password="sai")
        async with running_worker(SPEC, wrong):
            await directory_ready(wrong, mongo_client)
            await publish(wrong, envelope("award.decided"))

            async def tried() -> bool:
                docs = await delivery_docs(mongo_client, wrong, channel="email")
                return bool(docs) and docs[0]["attempt"] >= 1 and docs[0]["status"] != "sending"

            await wait_until(tried, timeout_s=30)
        assert mailbox.messages == []
