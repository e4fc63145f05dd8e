"""HTTP routes of grievance officers' actions: each parses, calls one use case and shows the case."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from thidua.auth import Principal
from thidua.logging import get_logger

from grievance import actions, referrals
from grievance.api import Officer, _deps, _run, _visible, view
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


async def _act(
    request: Request, officer: Principal, grievance_id: str, cmd: Any, action: Any
) -> dict[str, Any]:
    deps = _deps(request)

    async def work(uow: GrievanceUnitOfWork) -> None:
        await action(cmd, uow, grievance_id=grievance_id, deps=deps, actor=officer.sub)

    await _run(request, work)
    log.info("grievance.action", grievance_id=grievance_id, action=action.__name__, actor=officer.sub)
    return view(await _visible(request, officer, grievance_id))


@router.post("/grievances/{grievance_id}/acceptance")
async def accept(grievance_id: str, cmd: Acceptance, request: Request, officer: Officer) -> dict[str, Any]:
    """Accept (thụ lý) or refuse with a reason; the filer is told either way. For a further denunciation
    (instance 2) this is the superior's review: accept to resolve it again, refuse to decline it."""
    return await _act(request, officer, grievance_id, cmd, actions.decide_acceptance)


@router.post("/grievances/{grievance_id}/extension")
async def extend(grievance_id: str, cmd: Extension, request: Request, officer: Officer) -> dict[str, Any]:
    """Extend a denunciation's resolution deadline by a recorded decision; the denouncer is told."""
    return await _act(request, officer, grievance_id, cmd, actions.extend_case)


@router.post("/grievances/{grievance_id}/suspension")
async def suspend(grievance_id: str, cmd: Suspension, request: Request, officer: Officer) -> dict[str, Any]:
    """Suspend resolution: the resolution clock stops."""
    return await _act(request, officer, grievance_id, cmd, actions.suspend_case)


@router.post("/grievances/{grievance_id}/resumption")
async def resume(grievance_id: str, cmd: Suspension, request: Request, officer: Officer) -> dict[str, Any]:
    """Continue resolution: the time left at the suspension runs again from this decision (rule 40)."""
    return await _act(request, officer, grievance_id, cmd, actions.resume_case)


@router.post("/grievances/{grievance_id}/resolution")
async def resolve(grievance_id: str, cmd: Resolution, request: Request, officer: Officer) -> dict[str, Any]:
    """Resolve with outcome and remedy."""
    return await _act(request, officer, grievance_id, cmd, actions.resolve_case)


@router.post("/grievances/{grievance_id}/withdrawal")
async def withdraw(grievance_id: str, cmd: Withdrawal, request: Request, officer: Officer) -> dict[str, Any]:
    """Record a written withdrawal."""
    return await _act(request, officer, grievance_id, cmd, actions.withdraw_case)


@router.post("/grievances/{grievance_id}/publication")
async def publish(grievance_id: str, cmd: Publication, request: Request, officer: Officer) -> dict[str, Any]:
    """Record the publication of a denunciation's conclusion; its text is redacted of the denouncer."""
    return await _act(request, officer, grievance_id, cmd, actions.publish_conclusion)


@router.post("/grievances/{grievance_id}/notices")
async def notice_sent(
    grievance_id: str, cmd: NoticeSent, request: Request, officer: Officer
) -> dict[str, Any]:
    """Record that the written notice behind a notice deadline was sent (its deadline is met)."""
    return await _act(request, officer, grievance_id, cmd, actions.record_notice)


@router.post("/grievances/{grievance_id}/informing")
async def informing(grievance_id: str, cmd: Informing, request: Request, officer: Officer) -> dict[str, Any]:
    """Record, from the records, when the complainant received the decision (the limitation counts from
    it)."""
    return await _act(request, officer, grievance_id, cmd, referrals.record_informing)


@router.post("/grievances/{grievance_id}/limitation-obstacles")
async def obstacle(grievance_id: str, cmd: Obstacle, request: Request, officer: Officer) -> dict[str, Any]:
    """Accept an obstacle period with its reason and evidence: it is not counted in the limitation."""
    return await _act(request, officer, grievance_id, cmd, referrals.add_obstacle)


@router.post("/grievances/{grievance_id}/competence")
async def competence(
    grievance_id: str, cmd: Competence, request: Request, officer: Officer
) -> dict[str, Any]:
    """The denunciation is within this body's competence: its forwarding deadline no longer applies."""
    return await _act(request, officer, grievance_id, cmd, referrals.confirm_competence)


@router.post("/grievances/{grievance_id}/forwarding")
async def forward(grievance_id: str, cmd: Forwarding, request: Request, officer: Officer) -> dict[str, Any]:
    """Forward a denunciation to the competent body (within 5 working days of receipt); the denouncer is
    told."""
    return await _act(request, officer, grievance_id, cmd, referrals.forward_case)


@router.post("/grievances/{grievance_id}/accused-notice")
async def accused_notice(
    grievance_id: str, cmd: AccusedNotice, request: Request, officer: Officer
) -> dict[str, Any]:
    """Tell the accused the content of an accepted denunciation; the denouncer is masked in it."""
    return await _act(request, officer, grievance_id, cmd, referrals.inform_accused)
