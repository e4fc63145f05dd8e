"""Fixtures for the awards service against real RabbitMQ and MongoDB."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from aio_pika.abc import AbstractRobustConnection
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.contracts.base import Envelope, EventData
from thidua.messaging import topology
from thidua.settings import ServiceSettings

from tests.integration.conftest import all_queues
from tests.integration.test_consumer import publish
from tests.support.service import api_client, auth

ASSOC, OTHER = "hoi-vat-ly", "hoi-hoa-hoc"


@pytest.fixture
async def awards_settings(
    settings_factory: Callable[..., ServiceSettings], unique: str, mongo_client: mongo.Client
) -> AsyncIterator[AwardsSettings]:
    """The awards settings on the test infrastructure, with queue names no other test uses."""
    base = settings_factory(service="awards").model_dump()
    cfg = AwardsSettings(**(base | {"service_name": f"awards{unique}"}))
    yield cfg
    await mongo_client.drop_database(cfg.database_name)


@pytest.fixture
def awards_queues(awards_settings: AwardsSettings, broker_cleanup: list[str]) -> list[str]:
    """The worker's queues are deleted after the test."""
    names = topology.queue_names(
        service=awards_settings.service_name,
        consumer="awards",
        delays_s=awards_settings.consumer_retry_delays_s,
    )
    broker_cleanup.extend(all_queues(names))
    return broker_cleanup


@pytest.fixture
async def client(awards_settings: AwardsSettings) -> AsyncIterator[httpx.AsyncClient]:
    """The awards API in-process."""
    async with api_client(SPEC, awards_settings) as http:
        yield http


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


async def send(
    connection: AbstractRobustConnection, cfg: AwardsSettings, data: EventData, subject: str
) -> Envelope:
    """Publish an event to the test exchange as another service would."""
    envelope = Envelope.wrap(data, subject=subject, correlation_id="it")
    await publish(connection, cfg, envelope)
    return envelope
