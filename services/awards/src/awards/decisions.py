"""Use cases of decisions (quyết định): awards within the Union's authority, forwarding of the others to
the province, the province's decision recorded back, cancellation (L22 Điều 93), export and public search."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.contracts.base import EventData, new_id

from awards import events
from awards import messages as msg
from awards.catalogue import PROVINCE, UNION
from awards.errors import NominationsNotReady, NotFoundError
from awards.history import (
    Award,
    CancellationDraft,
    Conferral,
    Decision,
    DecisionDraft,
    Forwarding,
    Money,
)
from awards.nomination import Nomination
from awards.uow import AwardsUnitOfWork


async def _ready(uow: AwardsUnitOfWork, ids: Sequence[str], authority: str) -> list[Nomination]:
    """The named nominations, read in one query, if every one of them can be decided by `authority`."""
    wanted = list(dict.fromkeys(ids))
    found = await uow.nominations.get_many(wanted)
    ready, problems = [], []
    for nomination_id in wanted:
        nomination = found.get(nomination_id)
        if nomination is None:
            problems.append({"nomination_id": nomination_id, "reason": "not_found"})
        elif not nomination.ready_for_decision(authority):
            problems.append({"nomination_id": nomination_id, "reason": f"status_{nomination.status}"})
        else:
            ready.append(nomination)
    if problems:
        raise NominationsNotReady(msg.NOT_DECIDABLE, problems)
    return ready


async def record_decision(
    uow: AwardsUnitOfWork, *, draft: DecisionDraft, actor: str, money: Money
) -> Decision:
    """One `award.decided` per awardee within the decider's authority; `award.forwarded` for the rest.

    A provincial decision on forwarded nominations is recorded back the same way, with authority `province`.
    Each award carries its money (NĐ152 Điều 50/54) at the base salary in force on the signing date.
    The fan-out is written in bulk: one read of the nominations, then one write each for the awards, the
    outbox entries, the nominations and the decision, however many awardees it names.
    """
    ready = await _ready(uow, draft.nomination_ids, draft.authority)
    decision_id = new_id()
    ref = draft.cited(decision_id=decision_id, authority=draft.authority)
    conferred: list[Award] = []
    emitted: list[tuple[EventData, str]] = []
    awards, forwardings = [], []
    for nomination in ready:
        if draft.authority == PROVINCE or nomination.authority == UNION:
            amount = money.amount_vnd(nomination.award_type_code, nomination.nominee.kind, ref.signed_on)
            award = Award.conferred(nomination, id=new_id(), ref=ref, money_amount_vnd=amount)
            emitted.append((events.award_decided(award, nomination, ref), award.id))
            nomination.decide(award.id)
            conferred.append(award)
            awards.append(Conferral(award_id=award.id, nomination_id=nomination.id))
        else:
            nomination.forward(new_id())
            emitted.append((events.award_forwarded(nomination, draft), nomination.id))
            forwardings.append(
                Forwarding(forwarding_id=nomination.forwarding_id or "", nomination_id=nomination.id)
            )
    await uow.awards.add_many(conferred)
    await uow.emit_many(emitted)
    await uow.nominations.save_many(ready)
    decision = Decision(
        **vars(draft), id=decision_id, recorded_by=actor, awards=tuple(awards), forwardings=tuple(forwardings)
    )
    await uow.decisions.add(decision)
    return decision


async def get_decision(uow: AwardsUnitOfWork, *, decision_id: str) -> Decision:
    """A recorded decision and its awardees."""
    decision = await uow.decisions.get(decision_id)
    if decision is None:
        raise NotFoundError(msg.NO_DECISION.format(decision_id=decision_id))
    return decision


async def _award(uow: AwardsUnitOfWork, award_id: str) -> Award:
    award = await uow.awards.get(award_id)
    if award is None:
        raise NotFoundError(msg.NO_AWARD.format(award_id=award_id))
    return award


async def cancel_award(uow: AwardsUnitOfWork, *, award_id: str, cancellation: CancellationDraft) -> Award:
    """Cancel an award on a lawful ground (L22 Điều 93) by the conferring authority's decision."""
    award = await _award(uow, award_id)
    grievance_id = award.cancel(cancellation.cited(decision_id=new_id(), authority=UNION))
    await uow.awards.save(award)
    await uow.emit(
        events.award_cancelled(award, ground=cancellation.ground, grievance_id=grievance_id), subject=award_id
    )
    return award


async def mark_cancellation_due(
    uow: AwardsUnitOfWork, *, award_id: str, ground: str, grievance_id: str
) -> None:
    """A grievance found a violation and asks for the award's cancellation, still to be signed."""
    award = await uow.awards.get(award_id)
    if award is None:
        return  # not an award of this service
    award.mark_cancellation_due(ground, grievance_id=grievance_id)
    await uow.awards.save(award)


async def decision_export(uow: AwardsUnitOfWork, *, decision_id: str) -> tuple[Decision, list[Award]]:
    """A decision and the awards it conferred, for its spreadsheet."""
    decision = await get_decision(uow, decision_id=decision_id)
    return decision, await uow.awards.of_decision(decision_id)


async def search_published_awards(
    uow: AwardsUnitOfWork, *, year: int | None, name: str | None, unit: str | None
) -> list[Award]:
    """Published awards (decided here, standing), by year, and by part of the name or unit."""
    return [a for a in await uow.awards.published(year) if a.matches(name=name, unit=unit)]
