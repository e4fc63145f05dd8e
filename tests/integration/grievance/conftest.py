"""Fixtures for the grievance service against real RabbitMQ and a MongoDB-wire server."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from grievance.bootstrap import SPEC
from grievance.settings import GrievanceSettings
from grievance.vault import new_key
from thidua import mongo
from thidua.messaging import outbox
from thidua.messaging.topology import queue_names
from thidua.party_mail import new_keypair
from thidua.settings import ServiceSettings

from tests.integration.conftest import all_queues
from tests.support.service import api_client


@pytest.fixture(scope="session")
def party_mail_keys() -> tuple[str, str]:
    """notify's party-mail key pair (private, public) for the tests."""
    return new_keypair()


@pytest.fixture
def gsettings(
    settings_factory: Callable[..., ServiceSettings], unique: str, party_mail_keys: tuple[str, str]
) -> GrievanceSettings:
    """Grievance settings on this test's database and exchange, with a real identity key and notify's
    party-mail public key."""
    base = settings_factory(service=f"grievance{unique}").model_dump()
    keys = {"identity_keys": {"k1": new_key()}, "identity_active_key_id": "k1"}
    mail = {"party_mail_public_key": party_mail_keys[1], "party_mail_key_id": "m1"}
    return GrievanceSettings(**base, **keys, **mail)


@pytest.fixture
async def api(gsettings: GrievanceSettings, mongo_client: mongo.Client) -> AsyncIterator[httpx.AsyncClient]:
    """The grievance API in-process; its database is dropped afterwards."""
    async with api_client(SPEC, gsettings) as client:
        yield client
    await mongo_client.drop_database(gsettings.database_name)


@pytest.fixture
def db(mongo_client: mongo.Client, gsettings: GrievanceSettings) -> mongo.Database:
    """The grievance database of this test."""
    return mongo_client[gsettings.database_name]


@pytest.fixture
def worker_queues(gsettings: GrievanceSettings, broker_cleanup: list[str]) -> None:
    """The worker's consumer queues are deleted afterwards."""
    names = queue_names(
        service=gsettings.service_name, consumer="grievance", delays_s=gsettings.consumer_retry_delays_s
    )
    broker_cleanup.extend(all_queues(names))


async def outbox_events(db: mongo.Database, event_type: str | None = None) -> list[dict[str, Any]]:
    """Envelopes in the outbox, oldest first, optionally of one type."""
    rows = await db[outbox.COLLECTION].find({}).to_list(None)
    bodies = [json.loads(r["body"]) for r in rows]
    return [b for b in bodies if event_type is None or b["type"] == event_type]


def complaint_body(**kw: Any) -> dict[str, Any]:
    """A complaint about a nomination."""
    return {
        "kind": "complaint",
        "targets": [{"kind": "nomination", "nomination_id": "nom-1", "personal_code": "P001"}],
        "summary": "Hồ sơ đề nghị khen thưởng không đúng tiêu chuẩn.",
    } | kw
