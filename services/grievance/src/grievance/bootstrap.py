"""Composition root of the grievance service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from grievance.settings import GrievanceSettings

SPEC = ServiceSpec(
    name="grievance",
    title="ThiĐua grievance: complaints and denunciations with the statutory clock",
    version="0.1.0",
    load_settings=GrievanceSettings,
)
