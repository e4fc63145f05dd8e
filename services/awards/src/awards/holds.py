"""Deferral (NĐ152 Điều 4 k4): grievances hold nominations; a resolution resumes, rejects or cancels."""

from __future__ import annotations

from typing import Any

from thidua.contracts.awards import NominationDeferred, NominationRejected, NominationResumed
from thidua.contracts.base import Envelope, new_id
from thidua.contracts.grievance import (
    GrievanceAccepted,
    GrievanceResolved,
    GrievanceTarget,
    GrievanceWithdrawn,
)

from awards.decisions import cancel_award
from awards.domain import DECIDED, DEFERRED, REJECTED, status_after_release
from awards.nominations import facts_of
from awards.repository import HISTORY, HOLDS, NOMINATIONS, nominee_key
from awards.uow import AwardsUnitOfWork

# A forwarded nomination still awaits the province's decision, so a grievance holds it too (NĐ152 Điều 4 k4);
# the province's decision takes only forwarded nominations, never deferred ones.
_FINAL = (REJECTED, DECIDED)


async def _targeted(uow: AwardsUnitOfWork, target: GrievanceTarget) -> list[dict[str, Any]]:
    if target.nomination_id:
        doc = await uow.repo.get(NOMINATIONS, target.nomination_id)
        return [doc] if doc else []
    if target.personal_code:
        key = nominee_key("individual", personal_code=target.personal_code, association_id=None)
        return await uow.repo.find(NOMINATIONS, {"nominee_key": key})
    return []


async def hold(uow: AwardsUnitOfWork, doc: dict[str, Any], *, grievance_id: str) -> None:
    """Put one hold on a nomination and announce the deferral."""
    hold_id = new_id()
    await uow.repo.insert(
        HOLDS,
        {
            "_id": hold_id,
            "nomination_id": doc["_id"],
            "nominee_key": None,
            "grievance_id": grievance_id,
            "reason": "grievance",
            "active": True,
        },
    )
    if doc["status"] != DEFERRED:
        await uow.repo.set(NOMINATIONS, doc["_id"], {"status": DEFERRED, "status_before_hold": doc["status"]})
    await uow.emit(
        NominationDeferred(**facts_of(doc), hold_id=hold_id, reason="grievance", grievance_id=grievance_id),
        subject=doc["_id"],
    )


async def on_grievance_accepted(envelope: Envelope, data: GrievanceAccepted, uow: AwardsUnitOfWork) -> None:
    """Hold every targeted nomination that is not final; remember person holds for later nominations."""
    for target in data.targets:
        if target.personal_code and not target.nomination_id:
            key = nominee_key("individual", personal_code=target.personal_code, association_id=None)
            await uow.repo.insert(
                HOLDS,
                {
                    "_id": new_id(),
                    "nomination_id": None,
                    "nominee_key": key,
                    "grievance_id": data.grievance_id,
                    "reason": "grievance",
                    "active": True,
                },
            )
        for doc in await _targeted(uow, target):
            if doc["status"] not in _FINAL:
                await hold(uow, doc, grievance_id=data.grievance_id)


async def _release(uow: AwardsUnitOfWork, hold_doc: dict[str, Any], grievance_id: str) -> None:
    await uow.repo.set(HOLDS, hold_doc["_id"], {"active": False})
    doc = await uow.repo.get(NOMINATIONS, hold_doc["nomination_id"])
    if doc is None or doc["status"] != DEFERRED:
        return
    others = [
        h
        for h in await uow.repo.find(HOLDS, {"nomination_id": doc["_id"]})
        if h["active"] and h["_id"] != hold_doc["_id"]
    ]
    status = status_after_release(
        missing=False, open_holds=len(others), before_hold=doc["status_before_hold"]
    )
    await uow.repo.set(NOMINATIONS, doc["_id"], {"status": status})
    await uow.emit(
        NominationResumed(
            **facts_of(doc), hold_id=hold_doc["_id"], grievance_id=grievance_id, still_held=bool(others)
        ),
        subject=doc["_id"],
    )


async def _reject(uow: AwardsUnitOfWork, hold_doc: dict[str, Any], grievance_id: str) -> None:
    await uow.repo.set(HOLDS, hold_doc["_id"], {"active": False})
    doc = await uow.repo.get(NOMINATIONS, hold_doc["nomination_id"])
    if doc is None or doc["status"] in _FINAL:
        return
    await uow.repo.set(NOMINATIONS, doc["_id"], {"status": REJECTED})
    await uow.emit(
        NominationRejected(**facts_of(doc), reason="violation_found", grievance_id=grievance_id),
        subject=doc["_id"],
    )


async def on_grievance_resolved(envelope: Envelope, data: GrievanceResolved, uow: AwardsUnitOfWork) -> None:
    """No violation: resume. A violation: reject the held nominations; `cancel_award`: cancel the award."""
    for hold_doc in await uow.repo.find(HOLDS, {"grievance_id": data.grievance_id}):
        if not hold_doc["active"]:
            continue
        if hold_doc["nomination_id"] is None:
            await uow.repo.set(HOLDS, hold_doc["_id"], {"active": False})
        elif data.violation_found:
            await _reject(uow, hold_doc, data.grievance_id)
        else:
            await _release(uow, hold_doc, data.grievance_id)
    if data.remedy == "cancel_award" and data.violation_found:
        ground = data.cancellation_ground or "violation_found"
        for target in data.targets:
            if target.award_id and await uow.repo.get(HISTORY, target.award_id) is not None:
                await cancel_award(
                    uow,
                    award_id=target.award_id,
                    ground=ground,
                    decision=None,
                    grievance_id=data.grievance_id,
                )


async def on_grievance_withdrawn(envelope: Envelope, data: GrievanceWithdrawn, uow: AwardsUnitOfWork) -> None:
    """A withdrawal lifts the holds unless the case goes on (LTC Điều 33) or only part was withdrawn."""
    if data.case_continues or data.partial:
        return
    for hold_doc in await uow.repo.find(HOLDS, {"grievance_id": data.grievance_id}):
        if not hold_doc["active"]:
            continue
        if hold_doc["nomination_id"] is None:
            await uow.repo.set(HOLDS, hold_doc["_id"], {"active": False})
        else:
            await _release(uow, hold_doc, data.grievance_id)
