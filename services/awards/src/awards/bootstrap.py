"""Composition root of the awards service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from awards.settings import AwardsSettings

SPEC = ServiceSpec(
    name="awards",
    title="ThiĐua awards: catalogue, nominations, eligibility, council, decisions",
    version="0.1.0",
    load_settings=AwardsSettings,
)
