"""Routes: decisions and cancellation."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from thidua.auth import CurrentPrincipal
from thidua.http.edge import to_domain

from awards import decisions
from awards.api.deps import Run, Secretariat, Settings, view
from awards.api.problems import ERRORS
from awards.history import CancellationDraft, DecisionDraft
from awards.schemas import CancellationIn, DecisionIn

router = APIRouter(tags=["decisions"])


@router.post("/decisions", status_code=201)
async def record_decision(
    body: DecisionIn, principal: Secretariat, run: Run, cfg: Settings
) -> dict[str, Any]:
    """Record a decision: one `award.decided` per awardee, `award.forwarded` beyond the Union's authority."""
    draft, money = to_domain(DecisionDraft, body.model_dump(), errors=ERRORS), cfg.money()
    decision = await run(
        lambda uow: decisions.record_decision(uow, draft=draft, actor=principal.sub, money=money)
    )
    return dict(view(decision))


@router.get("/decisions/{decision_id}")
async def get_decision(decision_id: str, principal: CurrentPrincipal, run: Run) -> dict[str, Any]:
    """A recorded decision and its awardees."""
    return dict(view(await run(lambda uow: decisions.get_decision(uow, decision_id=decision_id))))


@router.post("/awards/{award_id}/cancellation")
async def cancel_award(
    award_id: str, body: CancellationIn, principal: Secretariat, run: Run
) -> dict[str, Any]:
    """Cancel an award on one of the four grounds of L22 Điều 93 k2; publishes `award.cancelled`."""
    cancellation = to_domain(CancellationDraft, body.model_dump(), errors=ERRORS)
    award = await run(lambda uow: decisions.cancel_award(uow, award_id=award_id, cancellation=cancellation))
    return {"award_id": award_id, "status": award.status, "ground": body.ground}
