"""Composition root of the registration service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from registration.settings import RegistrationSettings

SPEC = ServiceSpec(
    name="registration",
    title="ThiĐua registration: campaigns, member associations, emulation registrations",
    version="0.1.0",
    load_settings=RegistrationSettings,
)
