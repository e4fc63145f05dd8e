"""Use case: the eligibility report of a nomination before it is submitted (nothing is written)."""

from __future__ import annotations

from datetime import date

from awards.catalogue import CatalogueOverrides
from awards.domain import Actor
from awards.eligibility import Report, evaluate
from awards.evidence import gather_facts, verify_documents
from awards.nomination import NominationDraft
from awards.nominations import award_type_for
from awards.uow import AwardsUnitOfWork


async def preview_nomination(
    uow: AwardsUnitOfWork, *, draft: NominationDraft, today: date, overrides: CatalogueOverrides, actor: Actor
) -> Report:
    """Every criterion the nomination would be checked against, passed or failed, as submitting would."""
    actor.ensure_may_act_for(draft.association_id)
    on = draft.considered_on or today
    award_type = award_type_for(draft.award_type_code, on, overrides)
    await verify_documents(uow, draft.dossier, association_id=draft.association_id)
    return evaluate(award_type, await gather_facts(uow, draft), on=on)
