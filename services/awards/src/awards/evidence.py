"""What a nomination is checked on: the engine's facts gathered from the repositories, and the dossier's
uploaded documents checked against their stored content."""

from __future__ import annotations

from collections.abc import Sequence

from awards import messages as msg
from awards.catalogue import CO_TINH, COLLECTIVE
from awards.domain import REJECTED
from awards.eligibility import AwardRecord, ClusterFacts, Facts
from awards.eligibility.achievements import Prior, Proposed, same_achievement
from awards.errors import DocumentMismatch
from awards.facts import CollectiveYear, collective_facts, registration_status, year_facts
from awards.nomination import DossierItem, NominationDraft
from awards.uow import AwardsUnitOfWork


async def verify_documents(
    uow: AwardsUnitOfWork, items: Sequence[DossierItem], *, association_id: str
) -> None:
    """Every uploaded item named by id exists, belongs to the association and has the declared hash."""
    wrong = []
    for item in items:
        if item.document_id is None:
            continue
        stored = await uow.documents.get(item.document_id)
        if stored is None or not stored.matches(item, association_id=association_id):
            wrong.append({"document_id": item.document_id, "kind": item.kind})
    if wrong:
        raise DocumentMismatch(msg.DOCUMENTS_MISMATCH, documents=wrong)


async def _duplicates(
    uow: AwardsUnitOfWork, draft: NominationDraft, kind: str, itself: str | None
) -> tuple[str | None, str | None]:
    """Rule 15 inputs: the nominee's awards (not cancelled) and live nominations, read per achievement."""
    live = [n for n in await uow.nominations.of_nominee(draft.key) if n.status != REJECTED and n.id != itself]
    refs = {n.id: n.achievement_ref for n in live}
    priors = [
        Prior(a.id, a.code, a.year, a.commendation_type, refs.get(a.nomination_id or ""))
        for a in await uow.awards.of_nominee(draft.key)
        if a.status != "cancelled" and a.nomination_id != itself
    ]
    priors += [Prior(n.id, n.award_type_code, n.year, n.commendation_type, n.achievement_ref) for n in live]
    proposed = Proposed(
        kind, draft.award_type_code, draft.year, draft.commendation_type, draft.achievement_ref
    )
    return same_achievement(proposed, priors)


async def _registration(uow: AwardsUnitOfWork, draft: NominationDraft) -> tuple[bool, bool]:
    if not draft.campaign_id:
        return False, False
    campaign = await uow.campaigns.get(draft.campaign_id)
    registrations = await uow.registrations.of_association(draft.campaign_id, draft.association_id)
    return registration_status(campaign, registrations, draft.nominee.personal_code)


async def _other_holder(
    uow: AwardsUnitOfWork, others: Sequence[str], year: int, itself: str | None
) -> str | None:
    """Another collective of the cluster holding, or nominated for, the Cờ thi đua tỉnh of `year`."""
    for association_id in others:
        held = [
            a
            for a in await uow.awards.of_association_year(association_id, year, CO_TINH)
            if a.kind == COLLECTIVE and a.standing
        ]
        if held:
            return msg.CLUSTER_AWARDED.format(association_id=association_id, ref=held[0].id)
        live = [
            n
            for n in await uow.nominations.of_association_year(association_id, year, CO_TINH)
            if n.status != REJECTED and n.id != itself
        ]
        if live:
            return msg.CLUSTER_NOMINATED.format(association_id=association_id, ref=live[0].id)
    return None


async def _cluster(uow: AwardsUnitOfWork, draft: NominationDraft, itself: str | None) -> ClusterFacts | None:
    """Rule 11: the cluster facts of a collective nominated for the Cờ thi đua tỉnh."""
    if draft.award_type_code != CO_TINH or draft.nominee.kind != COLLECTIVE:
        return None
    result = await uow.clusters.of_member(draft.association_id, draft.year)
    if result is None:
        return None
    others = [a for a in result.member_association_ids if a != draft.association_id]
    return result.facts_for(
        draft.association_id, other_holder=await _other_holder(uow, others, draft.year, itself)
    )


async def gather_facts(
    uow: AwardsUnitOfWork, draft: NominationDraft, *, kind: str, itself: str | None = None
) -> Facts:
    """Everything the engine needs about a draft of an award type of `kind` (title or form; `itself`: the
    nomination being checked again, if any)."""
    duplicate, used = await _duplicates(uow, draft, kind, itself)
    required, registered = await _registration(uow, draft)
    collective = None
    if draft.nominee.kind == COLLECTIVE:
        declared = {
            k: v
            for k, v in (("members_ldtt", draft.members_ldtt), ("members_cstdcs", draft.members_cstdcs))
            if v is not None
        }
        record = await uow.facts.year(draft.key, draft.year)
        members = await uow.awards.of_association_year(draft.association_id, draft.year)
        collective = collective_facts(
            record if isinstance(record, CollectiveYear) else None, members, declared
        )
    years = sorted((year_facts(r) for r in await uow.facts.years(draft.key)), key=lambda y: y.year)
    awards = await uow.awards.of_nominee(draft.key)
    return Facts(
        nominee_kind=draft.nominee.kind,
        year=draft.year,
        commendation_type=draft.commendation_type,
        years=tuple(years),
        collective=collective,
        awards=tuple(AwardRecord(a.code, a.year, a.commendation_type) for a in awards if a.standing),
        registration_required=required,
        registered=registered,
        duplicate_award=duplicate,
        achievement_used_by=used,
        dossier=frozenset(d.kind for d in draft.dossier),
        maternity_leave=draft.maternity_leave,
        cluster=await _cluster(uow, draft, itself),
    )
