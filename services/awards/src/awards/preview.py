"""Use case: the eligibility report of a nomination before it is submitted (nothing is written)."""

from __future__ import annotations

from datetime import date

from awards.catalogue import CatalogueOverrides
from awards.domain import Actor
from awards.eligibility import Report
from awards.nomination import NominationDraft
from awards.nominations import check_nomination
from awards.uow import AwardsUnitOfWork


async def preview_nomination(
    uow: AwardsUnitOfWork, *, draft: NominationDraft, today: date, overrides: CatalogueOverrides, actor: Actor
) -> Report:
    """Every criterion the nomination would be checked against, passed or failed, as submitting would."""
    _, report = await check_nomination(uow, draft=draft, today=today, overrides=overrides, actor=actor)
    return report
