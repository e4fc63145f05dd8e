"""Steps the awards integration tests repeat: bodies, callers, facts arriving by event, votes, decisions."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

import httpx
from aio_pika.abc import AbstractRobustConnection
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.contracts.base import Envelope, EventData
from thidua.contracts.registration import RegistrationVerified, VerifiedCollective, VerifiedPerson
from thidua.messaging import amqp, topology

from tests.support.ledger import wait_until
from tests.support.service import auth

ASSOC, OTHER = "hoi-vat-ly", "hoi-hoa-hoc"
DECISION = {"number": "1/QĐ", "signed_on": "2026-01-25", "signer_name": "A", "signer_title": "Chủ tịch"}


def officer(cfg: AwardsSettings, association_id: str = ASSOC) -> dict[str, str]:
    """An association officer's header."""
    return auth(cfg, "association", association_id=association_id, sub=f"officer-{association_id}")


def sha(text: str) -> str:
    """A content hash for a dossier item."""
    return hashlib.sha256(text.encode()).hexdigest()


DOSSIER = [
    {"kind": k, "filename": f"{k}.pdf", "sha256": sha(k)}
    for k in ("to_trinh", "bao_cao_thanh_tich", "bien_ban_binh_xet", "ket_qua_bo_phieu", "xac_nhan_sang_kien")
]


def nomination(code: str, personal_code: str = "P-001", **extra: Any) -> dict[str, Any]:
    """A nomination body for an individual of ASSOC."""
    body: dict[str, Any] = {
        "association_id": ASSOC,
        "award_type_code": code,
        "year": 2025,
        "considered_on": "2026-01-10",
        "nominee": {
            "kind": "individual",
            "name": "Nguyễn Thị Hoa",
            "unit": "Hội Vật lý tỉnh",
            "personal_code": personal_code,
        },
        "achievement_report": "Hoàn thành xuất sắc nhiệm vụ năm 2025.",
        "dossier": DOSSIER,
    }
    return body | extra


def person(code: str, rating: str, **kw: Any) -> VerifiedPerson:
    """A verified individual of ASSOC with a rating for 2025."""
    return VerifiedPerson(personal_code=code, full_name="Nguyễn Thị Hoa", task_rating=rating, **kw)


def verified(*people: VerifiedPerson) -> RegistrationVerified:
    """`registration.verified` for ASSOC's 2025 registration: an HTXSNV collective of ten and `people`."""
    collective = VerifiedCollective(
        name="Hội Vật lý tỉnh", task_rating="hoan_thanh_xuat_sac", member_count=10, members_completed_count=10
    )
    return RegistrationVerified(
        registration_id="r-1",
        campaign_id="c-1",
        association_id=ASSOC,
        year=2025,
        outcome="confirmed",
        verified_on=date(2025, 12, 20),
        collective=collective,
        individuals=list(people),
    )


async def send(
    connection: AbstractRobustConnection, cfg: AwardsSettings, data: EventData, subject: str
) -> Envelope:
    """Publish an event to the test exchange as another service would."""
    envelope = Envelope.wrap(data, subject=subject, correlation_id="it")
    channel = await amqp.open_channel(connection)
    exchange = await topology.declare_exchange(channel, cfg.events_exchange)
    await exchange.publish(amqp.message_for(envelope), routing_key=envelope.type)
    await channel.close()
    return envelope


async def facts_arrived(mongo_client: mongo.Client, cfg: AwardsSettings, count: int) -> None:
    """Wait until the worker has stored `count` verified facts (people and collectives)."""

    async def arrived() -> bool:
        return await mongo_client[cfg.database_name]["facts"].count_documents({}) >= count

    await wait_until(arrived, timeout_s=30)


async def received(queue: Any, wanted: str, n: int = 1) -> list[dict[str, Any]]:
    """The first `n` envelopes of type `wanted` a probe queue receives."""
    bodies: list[dict[str, Any]] = []

    async def got() -> bool:
        message = await queue.get(no_ack=True, fail=False)
        if message is not None:
            body = json.loads(message.body)
            if body["type"] == wanted:
                bodies.append(body)
        return len(bodies) >= n

    await wait_until(got, timeout_s=30, interval_s=0.02)
    return bodies


async def force_submitted(mongo_client: mongo.Client, cfg: AwardsSettings, nomination_id: str) -> None:
    """Skip the evidence step: for tests about what comes after it."""
    await mongo_client[cfg.database_name]["nominations"].update_one(
        {"_id": nomination_id}, {"$set": {"status": "submitted"}}
    )


async def submitted(
    client: httpx.AsyncClient, mongo_client: mongo.Client, cfg: AwardsSettings, code: str, personal_code: str
) -> str:
    """A nomination of ASSOC's officer, forced past the evidence step; its id."""
    created = await client.post("/nominations", json=nomination(code, personal_code), headers=officer(cfg))
    assert created.status_code == 201, created.text
    nomination_id = str(created.json()["id"])
    await force_submitted(mongo_client, cfg, nomination_id)
    return nomination_id


async def decide(
    client: httpx.AsyncClient, cfg: AwardsSettings, nomination_ids: list[str], **decision: Any
) -> httpx.Response:
    """The secretariat records a decision on these nominations."""
    body = DECISION | decision | {"nomination_ids": nomination_ids}
    return await client.post("/decisions", json=body, headers=auth(cfg, "secretariat"))
