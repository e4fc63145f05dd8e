"""Use cases of nominations: submit, supplement, read, list, and the cluster results rule 11 reads."""

from __future__ import annotations

from datetime import date

from thidua.contracts.base import new_id

from awards import catalogue, events
from awards import messages as msg
from awards.catalogue import AwardType, CatalogueOverrides
from awards.domain import BOARD_VISIBLE, Actor, Hold, status_after_check
from awards.eligibility import Report, evaluate
from awards.eligibility.rules import param_share
from awards.errors import NotFoundError, UnknownAwardType
from awards.evidence import gather_facts, verify_documents
from awards.facts import ClusterResult, gender_of
from awards.nomination import DossierItem, Nomination, NominationDraft
from awards.priority import priority_order
from awards.uow import AwardsUnitOfWork


def award_type_for(code: str, on: date, overrides: CatalogueOverrides) -> AwardType:
    """The title or form `code` under the rule set in force on `on`."""
    found = catalogue.award_type(code, on, overrides)
    if found is None:
        raise UnknownAwardType(msg.UNKNOWN_AWARD_TYPE.format(code=code))
    return found


async def check_nomination(
    uow: AwardsUnitOfWork, *, draft: NominationDraft, today: date, overrides: CatalogueOverrides, actor: Actor
) -> tuple[AwardType, Report]:
    """The award type and eligibility report of a draft, as the law stands on `today` (nothing written)."""
    actor.ensure_may_act_for(draft.association_id)
    award_type = award_type_for(draft.award_type_code, today, overrides)
    await verify_documents(uow, draft.dossier, association_id=draft.association_id)
    return award_type, evaluate(award_type, await gather_facts(uow, draft, kind=award_type.kind), on=today)


async def submit_nomination(
    uow: AwardsUnitOfWork, *, draft: NominationDraft, today: date, overrides: CatalogueOverrides, actor: Actor
) -> Nomination:
    """Check eligibility; refuse on a failure (`Ineligible`), else store and announce the nomination.

    `today` is the server's date in Asia/Ho_Chi_Minh: the legal date of the nomination (the day it is
    received) and the day whose rule set applies, never a date the nominating association sends."""
    on = today
    award_type, report = await check_nomination(
        uow, draft=draft, today=today, overrides=overrides, actor=actor
    )
    holds = [h for h in await uow.holds.of_nominee(draft.key) if h.active]
    status = status_after_check(report, open_holds=len(holds))
    nomination = Nomination.propose(
        draft,
        id=new_id(),
        award_type=award_type,
        report=report,
        status=status,
        on=on,
        by=actor.sub,
        gender=gender_of(await uow.facts.year(draft.key, draft.year)),
    )
    await uow.nominations.add(nomination)
    for hold in holds:  # a person under verification: the hold applies to the new nomination too
        await uow.holds.add(Hold(id=new_id(), nomination_id=nomination.id, grievance_id=hold.grievance_id))
    await uow.emit(events.nomination_submitted(nomination), subject=nomination.id)
    return nomination


async def supplement_nomination(
    uow: AwardsUnitOfWork,
    *,
    nomination_id: str,
    dossier: tuple[DossierItem, ...],
    achievement_report: str | None,
    overrides: CatalogueOverrides,
    actor: Actor,
) -> Nomination:
    """Add evidence as a new version and run the eligibility check again (`Ineligible` on a failure)."""
    nomination = await uow.nominations.get(nomination_id)
    if nomination is None or (
        actor.association_id is not None and nomination.association_id != actor.association_id
    ):
        raise NotFoundError(msg.NO_NOMINATION.format(nomination_id=nomination_id))
    nomination.ensure_supplementable()
    award_type = award_type_for(nomination.award_type_code, nomination.considered_on, overrides)
    await verify_documents(uow, dossier, association_id=nomination.association_id)
    draft = nomination.draft(
        dossier=(*nomination.dossier, *dossier),
        achievement_report=achievement_report or nomination.achievement_report,
    )
    facts = await gather_facts(uow, draft, kind=award_type.kind, itself=nomination_id)
    report = evaluate(award_type, facts, on=nomination.considered_on)
    holds = [h for h in await uow.holds.of_nomination(nomination_id) if h.active]
    nomination.supplement(draft, report=report, status=status_after_check(report, open_holds=len(holds)))
    await uow.nominations.save(nomination)
    await uow.emit(events.nomination_submitted(nomination), subject=nomination_id)
    return nomination


async def refuse_nomination(
    uow: AwardsUnitOfWork,
    *,
    nomination_id: str,
    reason: str,
    explanation: str,
    failed_criteria: tuple[str, ...],
) -> Nomination:
    """The secretariat refuses a dossier at its check, with written reasons the nominee is told."""
    nomination = await uow.nominations.get(nomination_id)
    if nomination is None:
        raise NotFoundError(msg.NO_NOMINATION.format(nomination_id=nomination_id))
    nomination.refuse()
    await uow.nominations.save(nomination)
    event = events.nomination_refused(
        nomination, reason=reason, explanation=explanation, failed_criteria=failed_criteria
    )
    await uow.emit(event, subject=nomination_id)
    return nomination


async def get_nomination(
    uow: AwardsUnitOfWork, *, nomination_id: str, actor: Actor
) -> tuple[Nomination, list[Hold]]:
    """A nomination the actor may see, with its holds; another association's is not found (it is private)."""
    nomination = await uow.nominations.get(nomination_id)
    if nomination is None or not nomination.visible_to(actor):
        raise NotFoundError(msg.NOT_VISIBLE)
    return nomination, await uow.holds.of_nomination(nomination_id)


async def list_nominations(
    uow: AwardsUnitOfWork, *, actor: Actor, association_id: str | None, status: str | None, by_priority: bool
) -> list[Nomination]:
    """Nominations the actor may see: an association its own, the board forwarded ones.

    `by_priority` applies the tie-break of NĐ152 Điều 4 k6 among equally qualified nominations.
    """
    association_id, status = association_id or None, status or None
    if not (actor.staff or actor.board):
        association_id = actor.association_id
    if actor.board and not actor.staff:
        status = status if status in BOARD_VISIBLE else BOARD_VISIBLE[0]
    found = await uow.nominations.listed(association_id=association_id, status=status)
    if not by_priority:
        return found
    by_id = {n.id: n for n in found}
    ranked = priority_order([n.candidate() for n in found], share=param_share("tie_break_women"))
    return [by_id[c.ref] for c in ranked]


async def record_cluster_result(uow: AwardsUnitOfWork, *, result: ClusterResult) -> ClusterResult:
    """Rule 11 facts: which collectives form the cluster in a year and which one leads it."""
    await uow.clusters.put(result)
    return result
