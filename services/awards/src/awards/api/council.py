"""Routes: council sessions, secret ballots and closure."""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from thidua.uow import UnitOfWorkFactory

from awards import council
from awards.api.deps import Council, Secretariat, public, settings, uows
from awards.schemas import BallotIn, SessionIn
from awards.settings import AwardsSettings
from awards.uow import AwardsUnitOfWork

router = APIRouter(tags=["council"])
Uows = Annotated[UnitOfWorkFactory[AwardsUnitOfWork], Depends(uows)]
Settings = Annotated[AwardsSettings, Depends(settings)]


@router.post("/council-sessions", status_code=201)
async def create_session(body: SessionIn, principal: Secretariat, factory: Uows) -> dict[str, Any]:
    """Open a session with its roster and agenda."""
    doc = await factory.run(lambda uow: council.create_session(uow, cmd=body, actor=principal.sub))
    return {k: v for k, v in public(doc).items() if k != "counts"}


@router.post("/council-sessions/{session_id}/ballots", status_code=201)
async def cast_ballot(session_id: str, body: BallotIn, principal: Council, factory: Uows) -> dict[str, Any]:
    """Cast the caller's secret ballot; the answer confirms receipt, never the votes."""
    counted = await factory.run(
        lambda uow: council.cast_ballot(uow, session_id=session_id, member_id=principal.sub, cmd=body)
    )
    return {"session_id": session_id, "received": counted}


@router.post("/council-sessions/{session_id}/closure")
async def close_session(
    session_id: str, principal: Secretariat, factory: Uows, cfg: Settings
) -> dict[str, Any]:
    """Close and tally the session (thresholds of ALL members); publishes `council.session_closed`."""
    summary = await factory.run(
        lambda uow: council.close_session(
            uow,
            session_id=session_id,
            quorum_share=Fraction(cfg.session_quorum),
            recusal_rule=cfg.recusal_rule,
        )
    )
    return {"session_id": session_id, **summary}
