"""Composition root of the grievance service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.logging import mark_confidential
from thidua.runtime import ServiceSpec

from grievance.api import ROUTERS
from grievance.consumer import subscriptions
from grievance.scheduler import background
from grievance.settings import GrievanceSettings
from grievance.uow import INDEXES, GrievanceUnitOfWork

# The filer's identity never reaches a log line (LTC Điều 9 k1b, 56).
mark_confidential(
    "filer",
    "filer_name",
    "filer_contact",
    "filer_address",
    "identity_keys",
    "ciphertext",
    "summary_sealed",
    "sealed_address",
    "sealed_meta",
    "secret_hash",
    "x-tracking-secret",
)

SPEC = ServiceSpec(
    name="grievance",
    title="ThiĐua grievance: complaints and denunciations with the statutory clock",
    version="0.1.0",
    load_settings=GrievanceSettings,
    routers=ROUTERS,
    uow_class=GrievanceUnitOfWork,
    indexes=INDEXES,
    subscriptions=subscriptions,
    background=background,
)
