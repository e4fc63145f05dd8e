"""Use cases of deferral (NĐ152 Điều 4 k4): a grievance holds nominations; its outcome resumes, rejects
or asks for the award's cancellation. The event handlers of `awards.handlers` call these."""

from __future__ import annotations

from collections.abc import Sequence

from thidua.contracts.base import new_id

from awards import events
from awards.decisions import mark_cancellation_due
from awards.domain import DEFERRED, Hold, Target, nominee_key
from awards.nomination import Nomination
from awards.uow import AwardsUnitOfWork


def _person(personal_code: str) -> str:
    return nominee_key("individual", personal_code=personal_code, association_id=None)


async def _targeted(uow: AwardsUnitOfWork, target: Target) -> list[Nomination]:
    if target.nomination_id:
        found = await uow.nominations.get(target.nomination_id)
        return [found] if found else []
    if target.personal_code:
        return await uow.nominations.of_nominee(_person(target.personal_code))
    return []


async def hold_nomination(uow: AwardsUnitOfWork, nomination: Nomination, *, grievance_id: str) -> Hold:
    """Put one hold on a nomination and announce the deferral."""
    hold = Hold(id=new_id(), nomination_id=nomination.id, grievance_id=grievance_id)
    await uow.holds.add(hold)
    if nomination.status != DEFERRED:
        nomination.defer()
        await uow.nominations.save(nomination)
    await uow.emit(events.nomination_deferred(nomination, hold), subject=nomination.id)
    return hold


async def hold_targets(uow: AwardsUnitOfWork, *, grievance_id: str, targets: Sequence[Target]) -> None:
    """Hold every targeted nomination that is not final; remember holds on persons for later nominations."""
    for target in targets:
        if target.personal_code and not target.nomination_id:
            await uow.holds.add(
                Hold(id=new_id(), nominee_key=_person(target.personal_code), grievance_id=grievance_id)
            )
        for nomination in await _targeted(uow, target):
            if nomination.holdable:
                await hold_nomination(uow, nomination, grievance_id=grievance_id)


async def _lift(uow: AwardsUnitOfWork, hold: Hold) -> Nomination | None:
    hold.active = False
    await uow.holds.save(hold)
    return None if hold.nomination_id is None else await uow.nominations.get(hold.nomination_id)


async def _release(uow: AwardsUnitOfWork, hold: Hold) -> None:
    nomination = await _lift(uow, hold)
    if nomination is None or nomination.status != DEFERRED:
        return
    others = [h for h in await uow.holds.of_nomination(nomination.id) if h.active and h.id != hold.id]
    nomination.resume(other_holds=len(others))
    await uow.nominations.save(nomination)
    await uow.emit(
        events.nomination_resumed(nomination, hold, still_held=bool(others)), subject=nomination.id
    )


async def _reject(uow: AwardsUnitOfWork, hold: Hold) -> None:
    nomination = await _lift(uow, hold)
    if nomination is None or not nomination.holdable:
        return
    nomination.reject()
    await uow.nominations.save(nomination)
    await uow.emit(
        events.nomination_rejected(nomination, grievance_id=hold.grievance_id), subject=nomination.id
    )


async def resolve_holds(
    uow: AwardsUnitOfWork,
    *,
    grievance_id: str,
    violation_found: bool,
    cancellation_ground: str | None,
    targets: Sequence[Target],
) -> None:
    """No violation: resume. A violation: reject the held nominations; with a cancellation ground, mark
    each targeted award's cancellation as due (the conferring authority still signs it)."""
    for hold in await uow.holds.of_grievance(grievance_id):
        if not hold.active:
            continue
        if hold.nomination_id is None:
            await _lift(uow, hold)
        elif violation_found:
            await _reject(uow, hold)
        else:
            await _release(uow, hold)
    if violation_found and cancellation_ground is not None:
        for target in targets:
            if target.award_id:
                await mark_cancellation_due(
                    uow, award_id=target.award_id, ground=cancellation_ground, grievance_id=grievance_id
                )


async def lift_holds(uow: AwardsUnitOfWork, *, grievance_id: str) -> None:
    """A withdrawn grievance lifts its holds; held nominations resume."""
    for hold in await uow.holds.of_grievance(grievance_id):
        if not hold.active:
            continue
        if hold.nomination_id is None:
            await _lift(uow, hold)
        else:
            await _release(uow, hold)
