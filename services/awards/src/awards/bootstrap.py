"""Composition root of the awards service: settings, unit of work, routers, indexes, subscriptions."""

from __future__ import annotations

from thidua.runtime import ServiceSpec

from awards.api import (
    council,
    decisions,
    disclosures,
    documents,
    exemplar_public,
    exemplars,
    exports,
    nominations,
    office,
    public,
)
from awards.consumer import subscriptions
from awards.repository import INDEXES
from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

SPEC = ServiceSpec(
    name="awards",
    title="ThiĐua awards: catalogue, nominations, eligibility, council, decisions",
    version="0.1.0",
    load_settings=AwardsSettings,
    routers=(
        nominations.router,
        public.router,
        council.router,
        decisions.router,
        disclosures.router,
        exports.router,
        documents.router,
        exemplars.router,
        exemplar_public.router,
        office.router,
    ),
    uow_class=AwardsUnitOfWork,
    indexes=INDEXES,
    subscriptions=subscriptions,
)
