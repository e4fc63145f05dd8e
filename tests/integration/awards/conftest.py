"""Fixtures for the awards service against real RabbitMQ and MongoDB (steps: `tests.support.awards`)."""

from __future__ import annotations

import base64
import os
from collections.abc import AsyncIterator, Callable

import httpx
import pytest
from awards.bootstrap import SPEC
from awards.settings import AwardsSettings
from thidua import mongo
from thidua.messaging import topology
from thidua.settings import ServiceSettings

from tests.integration.conftest import all_queues
from tests.support.awards import ASSOC, DOSSIER, OTHER, nomination, officer, send, sha
from tests.support.service import api_client

__all__ = ["ASSOC", "DOSSIER", "OTHER", "nomination", "officer", "send", "sha"]  # imported by other suites


@pytest.fixture
async def awards_settings(
    settings_factory: Callable[..., ServiceSettings], unique: str, mongo_client: mongo.Client
) -> AsyncIterator[AwardsSettings]:
    """The awards settings on the test infrastructure, with queue names no other test uses."""
    base = settings_factory(service="awards").model_dump()
    keys = {"ballot_keys": {"b1": base64.b64encode(os.urandom(32)).decode()}, "ballot_active_key_id": "b1"}
    cfg = AwardsSettings(**(base | {"service_name": f"awards{unique}"} | keys))
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
