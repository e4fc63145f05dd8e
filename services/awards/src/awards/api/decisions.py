"""Routes: decisions, cancellation, public disclosure."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from thidua.auth import CurrentPrincipal
from thidua.contracts.awards import NominationDisclosed
from thidua.contracts.base import new_id
from thidua.http.problems import Conflict, NotFound
from thidua.uow import UnitOfWorkFactory

from awards import decisions
from awards.api.deps import Secretariat, public, settings, uows
from awards.catalogue import award_type
from awards.domain import INCOMPLETE, REJECTED, add_working_days
from awards.nominations import facts_of
from awards.repository import DECISIONS, DISCLOSURES, NOMINATIONS
from awards.schemas import CancellationIn, DecisionIn, DisclosureIn, ObjectionIn
from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["decisions"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
Settings = Annotated[AwardsSettings, Depends(settings)]


@router.post("/decisions", status_code=201)
async def record_decision(
    body: DecisionIn, principal: Secretariat, factory: Uows, cfg: Settings
) -> dict[str, Any]:
    """Record a decision: one `award.decided` per awardee, `award.forwarded` beyond the Union's authority."""
    money = cfg.money()
    doc = await factory.run(
        lambda uow: decisions.record_decision(uow, cmd=body, actor=principal.sub, money=money)
    )
    return public(doc)


@router.get("/decisions/{decision_id}")
async def get_decision(decision_id: str, principal: CurrentPrincipal, factory: Uows) -> dict[str, Any]:
    """A recorded decision and its awardees."""
    doc = await factory.run(lambda uow: uow.repo.get(DECISIONS, decision_id))
    if doc is None:
        raise NotFound(f"No decision {decision_id}.")
    return public(doc)


@router.post("/awards/{award_id}/cancellation")
async def cancel_award(
    award_id: str, body: CancellationIn, principal: Secretariat, factory: Uows
) -> dict[str, Any]:
    """Cancel an award on one of the four grounds of L22 Điều 93 k2; publishes `award.cancelled`."""
    doc = await factory.run(
        lambda uow: decisions.cancel_award(uow, award_id=award_id, ground=body.ground, decision=body)
    )
    return {"award_id": award_id, "status": doc["status"], "ground": body.ground}


async def _disclose(
    uow: AwardsUnitOfWork, nomination_id: str, body: DisclosureIn, cfg: AwardsSettings
) -> Any:
    doc = await uow.repo.get(NOMINATIONS, nomination_id)
    if doc is None:
        raise NotFound(f"No nomination {nomination_id}.")
    if doc["status"] in (REJECTED, INCOMPLETE):
        raise Conflict(f"A nomination that is {doc['status']} is not disclosed.", slug="not-disclosable")
    kind = award_type(
        doc["award_type_code"], date.fromisoformat(doc["considered_on"]), cfg.catalogue_overrides()
    )
    days = body.working_days or (kind.disclosure_working_days if kind else 7)
    end = add_working_days(body.window_start, days)
    nominee = doc["nominee"]
    row = {
        "_id": new_id(),
        "nomination_id": nomination_id,
        "campaign_id": doc.get("campaign_id"),
        "name": nominee["name"],
        "unit": nominee["unit"],
        "award": doc["award_type_name"],
        "window_start": body.window_start.isoformat(),
        "window_end": end.isoformat(),
    }
    await uow.repo.insert(DISCLOSURES, row)
    await uow.emit(
        NominationDisclosed(
            **facts_of(doc), disclosure_id=row["_id"], window_start=body.window_start, window_end=end
        ),
        subject=nomination_id,
    )
    return row


@router.post("/nominations/{nomination_id}/disclosure", status_code=201)
async def disclose(
    nomination_id: str, body: DisclosureIn, principal: Secretariat, factory: Uows, cfg: Settings
) -> dict[str, Any]:
    """Put a nomination on the public list for a window of working days."""
    return public(await factory.run(lambda uow: _disclose(uow, nomination_id, body, cfg)))


@router.get("/public/disclosures")
async def public_disclosures(factory: Uows, campaign_id: str | None = None) -> dict[str, Any]:
    """The public disclosure list (no token): name, unit, proposed award and the window only."""
    query = {"campaign_id": campaign_id} if campaign_id else {}
    rows = await factory.run(lambda uow: uow.repo.find(DISCLOSURES, query))
    keys = ("name", "unit", "award", "window_start", "window_end")
    return {"items": [{k: r[k] for k in keys} for r in rows]}


async def _object(uow: AwardsUnitOfWork, nomination_id: str, body: ObjectionIn) -> int:
    doc = await uow.repo.get(NOMINATIONS, nomination_id)
    if doc is None:
        raise NotFound(f"No nomination {nomination_id}.")
    objections = [*doc.get("objections", []), body.model_dump(mode="json")]
    await uow.repo.set(NOMINATIONS, nomination_id, {"objections": objections})
    return len(objections)


@router.post("/nominations/{nomination_id}/objections", status_code=201)
async def record_objection(
    nomination_id: str, body: ObjectionIn, principal: Secretariat, factory: Uows
) -> dict[str, Any]:
    """Record an objection received during disclosure; the council's minutes report the count."""
    count = await factory.run(lambda uow: _object(uow, nomination_id, body))
    return {"nomination_id": nomination_id, "objections": count}
