"""Routes: council sessions, secret ballots and closure."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from fastapi import APIRouter
from thidua.http.edge import to_domain

from awards import council
from awards.api.deps import Council, Run, Secretariat, Settings, view
from awards.api.problems import ERRORS
from awards.schemas import BallotIn, SessionIn
from awards.session import SessionDraft

router = APIRouter(tags=["council"])


@router.post("/council-sessions", status_code=201)
async def create_session(body: SessionIn, principal: Secretariat, run: Run, cfg: Settings) -> dict[str, Any]:
    """Open a session with its roster and agenda."""
    draft = to_domain(SessionDraft, body.model_dump(), errors=ERRORS)
    keys = cfg.ballots()
    session = await run(lambda uow: council.open_session(uow, draft=draft, actor=principal.sub, keys=keys))
    hidden = {"counts", "ballot_key_id", "ballot_salt", "ballots"}
    return {k: v for k, v in view(session).items() if k not in hidden}


@router.post("/council-sessions/{session_id}/ballots", status_code=201)
async def cast_ballot(
    session_id: str, body: BallotIn, principal: Council, run: Run, cfg: Settings
) -> dict[str, Any]:
    """Cast the caller's secret ballot; the answer confirms receipt, never the votes."""
    keys = cfg.ballots()
    counted = await run(
        lambda uow: council.cast_ballot(
            uow, session_id=session_id, member_id=principal.sub, votes=body.votes, keys=keys
        )
    )
    return {"session_id": session_id, "received": counted}


@router.post("/council-sessions/{session_id}/closure")
async def close_session(session_id: str, principal: Secretariat, run: Run, cfg: Settings) -> dict[str, Any]:
    """Close and tally the session (thresholds of ALL members); publishes `council.session_closed`."""
    quorum, rule, keys = Fraction(cfg.session_quorum), cfg.recusal_rule, cfg.ballots()
    session = await run(
        lambda uow: council.close_session(
            uow, session_id=session_id, quorum_share=quorum, recusal_rule=rule, keys=keys
        )
    )
    closed = view(session)
    shown = ("status", "quorum_met", "minutes_document_id", "results")
    return {"session_id": session_id, **{k: closed[k] for k in shown}}
