"""Routes of grievance officers' actions on a case: each parses, runs one use case and shows the case."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, Request
from thidua.auth import Principal
from thidua.logging import get_logger

from grievance import actions, cases, referrals
from grievance.answers import CaseOut
from grievance.api.edge import Officer, deps_of, run, viewer_of
from grievance.deps import Deps
from grievance.schemas import (
    Acceptance,
    AccusedNotice,
    Competence,
    Extension,
    Forwarding,
    Informing,
    NoticeSent,
    Obstacle,
    Publication,
    Resolution,
    Suspension,
    Withdrawal,
)
from grievance.uow import GrievanceUnitOfWork

router = APIRouter(tags=["grievances"])
log = get_logger(__name__)
Action = Callable[..., Awaitable[Any]]


async def _act(request: Request, officer: Principal, grievance_id: str, cmd: Any, action: Action) -> CaseOut:
    """Run one officer action and answer the case as it now is (read in the same transaction)."""
    deps: Deps = deps_of(request)
    viewer = viewer_of(officer)

    async def work(uow: GrievanceUnitOfWork) -> dict[str, Any]:
        await action(cmd, uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)
        return await cases.show_case(uow, viewer=viewer, grievance_id=grievance_id)

    shown = await run(request, work)
    log.info("grievance.action", grievance_id=grievance_id, action=action.__name__, actor=officer.sub)
    return CaseOut.model_validate(shown)


@router.post("/grievances/{grievance_id}/acceptance", response_model=CaseOut)
async def accept(grievance_id: str, cmd: Acceptance, request: Request, officer: Officer) -> CaseOut:
    """Accept (thụ lý) or refuse with a reason; the filer is told either way. For a further denunciation
    (instance 2) this is the superior's review: accept to resolve it again, refuse to decline it."""
    return await _act(request, officer, grievance_id, cmd, actions.decide_acceptance)


@router.post("/grievances/{grievance_id}/extension", response_model=CaseOut)
async def extend(grievance_id: str, cmd: Extension, request: Request, officer: Officer) -> CaseOut:
    """Extend a denunciation's resolution deadline by a recorded decision; the denouncer is told."""
    return await _act(request, officer, grievance_id, cmd, actions.extend_case)


@router.post("/grievances/{grievance_id}/suspension", response_model=CaseOut)
async def suspend(grievance_id: str, cmd: Suspension, request: Request, officer: Officer) -> CaseOut:
    """Suspend resolution: the resolution clock stops."""
    return await _act(request, officer, grievance_id, cmd, actions.suspend_case)


@router.post("/grievances/{grievance_id}/resumption", response_model=CaseOut)
async def resume(grievance_id: str, cmd: Suspension, request: Request, officer: Officer) -> CaseOut:
    """Continue resolution: the time left at the suspension runs again from this decision (rule 40)."""
    return await _act(request, officer, grievance_id, cmd, actions.resume_case)


@router.post("/grievances/{grievance_id}/resolution", response_model=CaseOut)
async def resolve(grievance_id: str, cmd: Resolution, request: Request, officer: Officer) -> CaseOut:
    """Resolve with outcome and remedy."""
    return await _act(request, officer, grievance_id, cmd, actions.resolve_case)


@router.post("/grievances/{grievance_id}/withdrawal", response_model=CaseOut)
async def withdraw(grievance_id: str, cmd: Withdrawal, request: Request, officer: Officer) -> CaseOut:
    """Record a written withdrawal."""
    return await _act(request, officer, grievance_id, cmd, actions.withdraw_case)


@router.post("/grievances/{grievance_id}/publication", response_model=CaseOut)
async def publish(grievance_id: str, cmd: Publication, request: Request, officer: Officer) -> CaseOut:
    """Record the publication of a denunciation's conclusion; its text is redacted of the denouncer."""
    return await _act(request, officer, grievance_id, cmd, actions.publish_conclusion)


@router.post("/grievances/{grievance_id}/notices", response_model=CaseOut)
async def notice_sent(grievance_id: str, cmd: NoticeSent, request: Request, officer: Officer) -> CaseOut:
    """Record that the written notice behind a notice deadline was sent (its deadline is met)."""
    return await _act(request, officer, grievance_id, cmd, actions.record_notice)


@router.post("/grievances/{grievance_id}/informing", response_model=CaseOut)
async def informing(grievance_id: str, cmd: Informing, request: Request, officer: Officer) -> CaseOut:
    """Record, from the records, when the complainant received the decision (the limitation counts from
    it)."""
    return await _act(request, officer, grievance_id, cmd, referrals.record_informing)


@router.post("/grievances/{grievance_id}/limitation-obstacles", response_model=CaseOut)
async def obstacle(grievance_id: str, cmd: Obstacle, request: Request, officer: Officer) -> CaseOut:
    """Accept an obstacle period with its reason and evidence: it is not counted in the limitation."""
    return await _act(request, officer, grievance_id, cmd, referrals.add_obstacle)


@router.post("/grievances/{grievance_id}/competence", response_model=CaseOut)
async def competence(grievance_id: str, cmd: Competence, request: Request, officer: Officer) -> CaseOut:
    """The denunciation is within this body's competence: its forwarding deadline no longer applies."""
    return await _act(request, officer, grievance_id, cmd, referrals.confirm_competence)


@router.post("/grievances/{grievance_id}/forwarding", response_model=CaseOut)
async def forward(grievance_id: str, cmd: Forwarding, request: Request, officer: Officer) -> CaseOut:
    """Forward a denunciation to the competent body (within 5 working days of receipt); the denouncer is
    told."""
    return await _act(request, officer, grievance_id, cmd, referrals.forward_case)


@router.post("/grievances/{grievance_id}/accused-notice", response_model=CaseOut)
async def accused_notice(
    grievance_id: str, cmd: AccusedNotice, request: Request, officer: Officer
) -> CaseOut:
    """Tell the accused the content of an accepted denunciation; the denouncer is masked in it."""
    return await _act(request, officer, grievance_id, cmd, referrals.inform_accused)
