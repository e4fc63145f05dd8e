"""A denouncer's identity appears nowhere but the grievance service's protected filer endpoints.

Every service's API and worker run as real processes on RabbitMQ and the MongoDB-wire server. A denunciation
is filed by a member of the public (name, phone, e-mail, personal id and address, all unique to this run) and
another by an association officer (whose association and user id are its identity); the case goes through
intake, a sealed identity document, acceptance, extension, resolution and a published conclusion that names
the denouncer. Then the identity strings are searched in every log line of the eight processes, every event on
the exchange (a queue bound to `#` before the filing), every answer of every other endpoint to officers, the
secretariat, associations and the public, every document of the notify database (and of the grievance database
outside its sealed vault) and every e-mail notify sent. The protected filer endpoints, read by a grievance
officer, must return them: the positive control.

The denouncer is told each step by e-mail: grievance seals their address for notify alone
(grievance.filer_notified), so the address may appear in exactly one place outside the vault, the `To:` of
the e-mails sent to them, whose bodies and other headers must name no one. The accused get the content
notice, which quotes the denouncer by name and phone in the officer's text: masked before it leaves
grievance. The letter's text names the denouncer too: list and get routes show it redacted, the raw text
only behind the officer's audited endpoint.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import aio_pika
import httpx
import pymongo
import pytest
from thidua.auth import GRIEVANCE_OFFICER, SECRETARIAT
from thidua.messaging import topology
from thidua.party_mail import new_keypair
from thidua_tools.launcher import System

from tests.integration.notify.conftest import Mailbox
from tests.security.conftest import JWT_SECRET, bearer
from tests.support.infra import Infra
from tests.support.system import databases, running_system

pytestmark = pytest.mark.integration
SEALED = frozenset({"filers", "sealed.files", "sealed.chunks"})  # the vault: sealed at rest, checked apart


def mail_text(message: EmailMessage, *, hide_to: str = "") -> str:
    """Headers and decoded text parts of an e-mail (bodies may travel base64- or QP-encoded); `hide_to`:
    the one header where the denouncer's own address belongs, the `To:` of the notices sent to them."""
    parts = [part.get_content() for part in message.walk() if part.get_content_maintype() == "text"]
    headers = [f"{k}: {v}" for k, v in message.items() if not (k.lower() == "to" and str(v) == hide_to)]
    return "\n".join([*headers, *parts])


async def _wait_mailed(box: Mailbox, address: str, *, notices: int, timeout_s: float = 45) -> None:
    """Until notify has mailed the denouncer `notices` notices at the address grievance sealed for it."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if sum(1 for m in box.messages if str(m["To"]) == address) >= notices:
            return
        await asyncio.sleep(0.2)
    raise AssertionError(f"the denouncer was not mailed {notices} notices")


@pytest.fixture
async def probe(infra: Infra, unique: str) -> AsyncIterator[aio_pika.abc.AbstractQueue]:
    """A queue bound to `#` on this test's exchange, declared before anything is published."""
    connection = await aio_pika.connect(infra.rabbitmq_url)
    try:
        channel = await connection.channel()
        exchange = await topology.declare_exchange(channel, f"thidua.events.s{unique}")
        queue = await channel.declare_queue(f"security.probe.{unique}", durable=False, exclusive=True)
        await queue.bind(exchange, routing_key="#")
        yield queue
    finally:
        await connection.close()


@pytest.fixture
def stack(infra: Infra, unique: str, tmp_path: Path, mailbox: tuple[int, Mailbox]) -> Iterator[System]:
    """Every API and worker as processes (their logs are searched), with notify mailing to `mailbox`."""
    private, public = new_keypair()  # notify opens, grievance seals, filers' addresses
    env = {"THIDUA_SMTP_PORT": str(mailbox[0]), "THIDUA_DELIVERY_POLL_INTERVAL_S": "0.05",
           "THIDUA_JWT_SECRET": JWT_SECRET, "THIDUA_LOG_LEVEL": "DEBUG",
           "THIDUA_PARTY_MAIL_PUBLIC_KEY": public, "THIDUA_PARTY_MAIL_KEY_ID": "m1",
           "THIDUA_PARTY_MAIL_PRIVATE_KEYS": json.dumps({"m1": private})}  # fmt: skip
    with running_system(infra, unique, tmp_path / "logs", **env) as system:
        yield system


def logs_of(system: System) -> str:
    """Every line every process of the system wrote."""
    return "\n".join(
        p.read_text(encoding="utf-8", errors="replace") for p in sorted(system.log_dir.glob("*.log"))
    )


def identity(u: str) -> dict[str, str]:
    """A denouncer no other test or seed data could name."""
    digits = str(int(u[:8], 16)).rjust(10, "0")[-10:]
    return {
        "name": f"Trần Thị Bí Mật {u}",
        "phone": f"09{digits[:8]}",
        "email": f"to.cao.{u}@example.vn",
        "personal_id": f"0791{digits}",
        "address": f"Số {u} ngõ Kín, phường Bảo Mật",
    }


def filer_of(who: dict[str, str]) -> dict[str, str]:
    """The `filer` body: contact carries the phone, e-mail and personal id; address the address."""
    contact = f"{who['phone']} / {who['email']} / CCCD {who['personal_id']}"
    return {"name": who["name"], "contact": contact, "address": who["address"]}


DENUNCIATION = {
    "kind": "denunciation",
    "targets": [
        {"kind": "award", "award_id": "aw-9", "personal_code": "P009"},
        {"kind": "association", "association_id": "hoi-bi-to-cao"},
    ],
    "summary": "Thành tích kê khai không trung thực trong hồ sơ khen thưởng.",
    "has_evidence": True,
}


def spelled(who: dict[str, str]) -> dict[str, str]:
    """The denouncer as a letter may write them: the name without diacritics and hyphenated, the phone in
    its international form. Searched for like the identity itself."""
    return {
        "name_spelled": "tran-thi-bi-mat-" + who["name"].split()[-1],
        "phone_intl": "+84 " + who["phone"][1:],
    }


def letter(who: dict[str, str]) -> dict[str, Any]:
    """The denunciation, its text naming the denouncer in other spellings."""
    forms = spelled(who)
    text = f"Tôi là {forms['name_spelled']} (ĐT {forms['phone_intl']}). {DENUNCIATION['summary']}"
    return DENUNCIATION | {"summary": text, "filer": filer_of(who)}


STEPS = [
    ("acceptance", {"decision": "accept", "complexity_criteria": ["multi_issue"]}),
    ("extension", {"decision_number": "12/QĐ-TTr"}),
    ("accused-notice", None),  # the content notice to the accused, written in _file_and_handle
    ("resolution", {"outcome": "upheld", "remedy": "cancel_award", "violation_found": True,
                    "cancellation_ground": "fraudulent_achievements"}),
]  # fmt: skip


@dataclass
class Seen:
    """Every answer given outside the protected endpoints, by where it came from."""

    answers: list[str] = field(default_factory=list)

    def add(self, label: str, answer: httpx.Response) -> httpx.Response:
        self.answers.append(f"{label} {answer.status_code} {dict(answer.headers)} {answer.text}")
        return answer


async def _file_and_handle(
    api: httpx.AsyncClient, who: dict[str, str], association: tuple[str, str], seen: Seen
) -> dict[str, Any]:
    officer = bearer(GRIEVANCE_OFFICER, sub="officer-1")
    refused = await api.post("/grievances", json=DENUNCIATION | {"filer": filer_of(who) | {"contact": "x"}})
    assert seen.add("422", refused).status_code == 422  # a refused filing must not echo the identity
    filed = seen.add("file", await api.post("/grievances", json=letter(who)))
    assert filed.status_code == 201, filed.text
    case = filed.json()
    card = {
        "file": (f"cccd {who['name']}.jpg", f"CCCD {who['personal_id']} {who['name']}".encode(), "image/jpeg")
    }
    sealed = await api.post(
        f"/grievances/{case['id']}/attachments",
        files=card,
        data={"shows_identity": "true"},
        headers={"X-Tracking-Secret": case["secret"]},
    )
    assert seen.add("sealed-upload", sealed).status_code == 201, sealed.text
    evidence = {"file": ("bang-chung.pdf", b"%PDF-1.4 evidence", "application/pdf")}
    url = f"/grievances/{case['id']}/attachments"
    added = await api.post(url, files=evidence, data={"shows_identity": "false"}, headers=officer)
    assert seen.add("evidence-upload", added).status_code == 201, added.text
    content = f"Bà {who['name']} (ĐT {who['phone']}) tố cáo hội kê khai khống thành tích; ở {who['address']}."
    for action, body in STEPS:
        sent = body if body is not None else {"content": content}  # the officer's text names the denouncer
        answer = seen.add(
            action, await api.post(f"/grievances/{case['id']}/{action}", json=sent, headers=officer)
        )
        assert answer.status_code == 200, (action, answer.text)
    conclusion = f"Kết luận: bà {who['name']} ({who['phone']}, {who['email']}) tố cáo đúng."
    published = await api.post(
        f"/grievances/{case['id']}/publication", json={"conclusion": conclusion}, headers=officer
    )
    assert seen.add("publication", published).status_code == 200, published.text
    association_case = await api.post(
        "/grievances",
        json=DENUNCIATION,
        headers=bearer("association", association_id=association[0], sub=association[1]),
    )
    assert seen.add("association-file", association_case).status_code == 201
    return case | {
        "sealed": sealed.json()["id"],
        "evidence": added.json()["id"],
        "association_case": association_case.json()["id"],
    }


async def _events(
    probe: aio_pika.abc.AbstractQueue, want: set[str], timeout_s: float = 45
) -> list[tuple[dict[str, Any], str]]:
    """Every message on the exchange (envelope, and the whole message as text) until each wanted type came."""
    seen: list[tuple[dict[str, Any], str]] = []
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        message = await probe.get(no_ack=True, fail=False)
        if message is None:
            if want <= {envelope["type"] for envelope, _ in seen}:
                return seen
            await asyncio.sleep(0.1)
            continue
        body = message.body.decode()
        whole = f"{message.headers} {message.message_id} {message.type} {message.correlation_id} {body}"
        seen.append((json.loads(body), whole))
    raise AssertionError(f"events missing after {timeout_s} s: {want}; got {[e for e, _ in seen]}")


def _dump(db: Any, skip: frozenset[str] = frozenset()) -> str:
    return json.dumps(
        {n: list(db[n].find({})) for n in db.list_collection_names() if n not in skip}, default=str
    )


async def _wait_consumed(db: Any, event_ids: list[str], timeout_s: float = 30) -> None:
    """Until notify's inbox holds every event (it consumed all of them)."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        inbox = json.dumps(list(db["inbox"].find({})), default=str)
        if all(event_id in inbox for event_id in event_ids):
            return
        await asyncio.sleep(0.2)
    raise AssertionError("notify did not consume every grievance event")


async def _read_everything(
    grievance: httpx.AsyncClient,
    notify: httpx.AsyncClient,
    case: dict[str, Any],
    callers: dict[str, Any],
    seen: Seen,
) -> None:
    gid, code, secret = case["id"], case["tracking_code"], case["secret"]
    paths = [
        "/grievances",
        f"/grievances?status={case.get('status', 'resolved')}",
        f"/grievances/{gid}",
        f"/grievances/{case['association_case']}",
        f"/grievances/{gid}/audit",
        f"/grievances/{gid}/attachments",
        f"/grievances/{gid}/attachments/{case['evidence']}",
        f"/grievances/{gid}/attachments/{case['sealed']}",
        f"/grievances/{gid}/verifier-copy",
        "/oversight/grievances",
        "/oversight/grievances/export.csv",
        f"/public/grievances/{code}?secret={secret}",
        f"/public/grievances/{code}",
        "/metrics",
    ]
    notify_paths = [
        "/notifications",
        f"/notifications?recipient=role:{GRIEVANCE_OFFICER}",
        f"/deliveries?subject={gid}",
        f"/deliveries?subject={case['association_case']}",
        "/webhooks",
        "/reports/late-informing",
        "/metrics",
    ]
    for name, headers in callers.items():
        for path in paths:
            seen.add(f"{name} grievance {path}", await grievance.get(path, headers=headers))
        protected = ("filer", f"filer/attachments/{case['sealed']}", "summary")
        for path in (f"/grievances/{gid}/{p}" for p in protected):
            if name != "officer":  # protected: anyone else is refused, and the refusal shows nothing
                seen.add(f"{name} {path}", await grievance.get(path, headers=headers))
        for path in notify_paths:
            seen.add(f"{name} notify {path}", await notify.get(path, headers=headers))


async def test_the_denouncer_appears_only_behind_the_protected_filer_endpoint(
    infra: Infra,
    unique: str,
    probe: aio_pika.abc.AbstractQueue,
    stack: System,
    mailbox: tuple[int, Mailbox],
) -> None:
    u = uuid.uuid4().hex[:12]
    who, association = identity(u), (f"hoi-to-cao-{u}", f"can-bo-to-cao-{u}")
    secrets = {**who, **spelled(who), "association_id": association[0], "user_id": association[1]}
    seen = Seen()
    async with (
        httpx.AsyncClient(base_url=stack.url("grievance"), timeout=30) as grievance,
        httpx.AsyncClient(base_url=stack.url("notify"), timeout=30) as notify,
    ):
        case = await _file_and_handle(grievance, who, association, seen)
        want = {"grievance.received", "grievance.accepted", "grievance.extended", "grievance.resolved",
                "grievance.accused_informed", "grievance.filer_notified"}  # fmt: skip
        events = await _events(probe, want)
        mongo = pymongo.MongoClient(infra.mongo_url)
        try:
            notify_db = mongo[databases(unique)["notify"]]
            grievance_db = mongo[databases(unique)["grievance"]]
            await _wait_consumed(notify_db, [e["id"] for e, _ in events if e["type"] in want])
            callers = {
                "officer": bearer(GRIEVANCE_OFFICER, sub="officer-2"),
                "secretariat": bearer(SECRETARIAT, sub="sec-1"),
                "association": bearer("association", association_id="hoi-khac", sub="officer-khac"),
                "public": {},
            }
            await _read_everything(grievance, notify, case, callers, seen)
            officer = bearer(GRIEVANCE_OFFICER, sub="officer-1")
            filer = (await grievance.get(f"/grievances/{case['id']}/filer", headers=officer)).json()
            card = await grievance.get(
                f"/grievances/{case['id']}/filer/attachments/{case['sealed']}", headers=officer
            )
            second = await grievance.get(f"/grievances/{case['association_case']}/filer", headers=officer)
            raw = await grievance.get(f"/grievances/{case['id']}/summary", headers=officer)
            await _wait_mailed(mailbox[1], who["email"], notices=3)
            texts = {
                "logs": logs_of(stack),
                "events": "\n".join(whole for _, whole in events),
                "responses": "\n".join(seen.answers),
                "notify database": _dump(notify_db),
                "grievance database outside the vault": _dump(grievance_db, SEALED),
                "sealed file names": json.dumps(list(grievance_db["sealed.files"].find({})), default=str),
                "e-mails": "\n".join(mail_text(m, hide_to=who["email"]) for m in mailbox[1].messages),
            }
        finally:
            mongo.close()
    # Positive controls: the protected endpoint shows them, and the places searched are the real ones.
    assert filer["filer"] == filer_of(who)
    assert who["personal_id"].encode() in card.content
    assert who["name"] in unquote(card.headers["content-disposition"])
    assert second.json()["filer"] == {"association_id": association[0], "user_id": association[1]}
    assert all(form in raw.json()["summary"] for form in spelled(who).values())  # raw only here, audited
    to_denouncer = [m for m in mailbox[1].messages if str(m["To"]) == who["email"]]
    assert {str(m["Subject"]) for m in to_denouncer} >= {
        f"Đơn {case['tracking_code']} đã được thụ lý",
        f"Gia hạn giải quyết đơn {case['tracking_code']}",
        f"Kết quả giải quyết đơn {case['tracking_code']}",
    }
    accused = [e for e, _ in events if e["type"] == "grievance.accused_informed"]
    assert accused and "[người tố cáo]" in accused[0]["data"]["content"]
    assert (
        "grievance.filed" in texts["logs"] and "http.request" in texts["logs"] and "outbox" in texts["logs"]
    )
    assert case["id"] in texts["events"]
    assert all(e["id"] in texts["notify database"] for e, _ in events if e["type"] in want)  # consumed
    assert case["tracking_code"] in texts["responses"]
    for where, text in texts.items():
        for what, value in secrets.items():
            assert value not in text, f"the denouncer's {what} ({value!r}) leaked into {where}"
