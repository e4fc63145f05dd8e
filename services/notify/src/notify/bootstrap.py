"""Composition root of the notify service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from notify.settings import NotifySettings

SPEC = ServiceSpec(
    name="notify",
    title="ThiĐua notify: informing nominees of results, with proof of delivery",
    version="0.1.0",
    load_settings=NotifySettings,
)
