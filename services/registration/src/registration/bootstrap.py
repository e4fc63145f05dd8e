"""Composition root of the registration service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from registration import api, api_documents, api_registrations, api_year_end
from registration.repository import INDEXES
from registration.settings import RegistrationSettings
from registration.uow import RegistrationUnitOfWork

SPEC = ServiceSpec(
    name="registration",
    title="ThiĐua registration: campaigns, member associations, emulation registrations",
    version="0.1.0",
    load_settings=RegistrationSettings,
    routers=[api.router, api_registrations.router, api_documents.router, api_year_end.router],
    uow_class=RegistrationUnitOfWork,
    indexes=INDEXES,
)
