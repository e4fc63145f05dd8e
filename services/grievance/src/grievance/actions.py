"""Officer actions on a case's course: accept / refuse, extend, suspend / continue, resolve, withdraw,
publish, and the written notices sent."""

from __future__ import annotations

from typing import Any

from thidua.contracts.base import EventData

from grievance import events
from grievance import messages as msg
from grievance.deps import Deps, commit_case, load, open_identity
from grievance.domain import Grievance
from grievance.errors import DomainError
from grievance.notices import notice, tell_filer
from grievance.redaction import placeholder_for, redact
from grievance.rules import complexity_of
from grievance.schemas import (
    Acceptance,
    Extension,
    NoticeSent,
    Publication,
    Resolution,
    Suspension,
    Withdrawal,
)
from grievance.uow import GrievanceUnitOfWork


async def decide_acceptance(
    cmd: Acceptance, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Accept (start the resolution clock) or refuse with a reason code; the filer is told either way."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    data: EventData
    if cmd.decision == "refuse":
        if cmd.reason_code is None:
            raise DomainError(msg.REFUSAL_REASON_REQUIRED)
        case.refuse(on=on, reason=cmd.reason_code)
        data = events.refused(case)
        details: dict[str, Any] = {"decision": "refuse", "reason_code": cmd.reason_code}
        told = notice("refused", on=on, reason_code=cmd.reason_code, legal_basis=data.legal_basis)
    else:
        complexity = complexity_of(set(cmd.complexity_criteria))
        case.accept(deps.clock, on=on, complexity=complexity, remote_area=cmd.remote_area)
        data = events.accepted(case)
        details = {
            "decision": "accept",
            "complexity": complexity,
            "criteria": sorted(cmd.complexity_criteria),
        }
        told = notice("accepted", on=on, resolution_due_on=case.deadlines["resolution"].due_on)
    await tell_filer(uow, case, deps, told)
    return await commit_case(uow, case, action="acceptance", actor=actor, details=details, data=data)


async def extend_case(
    cmd: Extension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Extend a denunciation by a recorded decision; the denouncer is told."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    previous, new = case.extend(deps.clock, on=on)
    facts = {"extension_number": case.extensions, "previous_due_on": previous, "new_due_on": new}
    await tell_filer(uow, case, deps, notice("extended", on=on, decision_number=cmd.decision_number, **facts))
    details = {"decision_number": cmd.decision_number, "new_due_on": new.isoformat()}
    data = events.extended(case, on=on, number=cmd.decision_number, previous=previous, new=new)
    return await commit_case(uow, case, action="extension", actor=actor, details=details, data=data)


async def suspend_case(
    cmd: Suspension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Suspend the resolution clock; the parties are told."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.suspend(deps.clock, on=on)
    await tell_filer(uow, case, deps, notice("suspended", on=on))
    data = events.suspended(case, on=on)
    return await commit_case(uow, case, action="suspension", actor=actor, details={}, data=data)


async def resume_case(
    cmd: Suspension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Continue resolution: the time left runs again from the continuation decision (rule 40)."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.resume(deps.clock, on=on)
    due = case.deadlines["resolution"].due_on
    await tell_filer(uow, case, deps, notice("resumed", on=on, resolution_due_on=due))
    details = {"resolution_due_on": due.isoformat()}
    return await commit_case(
        uow, case, action="resumption", actor=actor, details=details, data=events.resumed(case, on=on)
    )


async def resolve_case(
    cmd: Resolution, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Resolve with outcome and remedy; awards resumes, rejects or cancels on the event."""
    if cmd.remedy == "cancel_award" and cmd.cancellation_ground is None:
        raise DomainError(msg.CANCELLATION_GROUND_REQUIRED)
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.resolve(deps.clock, on=on, outcome=cmd.outcome, remedy=cmd.remedy)
    told = notice("resolved", on=on, outcome=cmd.outcome, decision_number=cmd.decision_number)
    await tell_filer(uow, case, deps, told)
    details = {"outcome": cmd.outcome, "remedy": cmd.remedy, "on_time": case.on_time}
    data = events.resolved(
        case, number=cmd.decision_number, violation_found=cmd.violation_found, ground=cmd.cancellation_ground
    )
    return await commit_case(uow, case, action="resolution", actor=actor, details=details, data=data)


async def withdraw_case(
    cmd: Withdrawal, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Record a withdrawal in writing."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.withdraw(on=on, partial=cmd.partial, case_continues=cmd.case_continues)
    details = {"partial": cmd.partial, "case_continues": cmd.case_continues}
    data = events.withdrawn(case, on=on, partial=cmd.partial, continues=cmd.case_continues)
    return await commit_case(uow, case, action="withdrawal", actor=actor, details=details, data=data)


async def publish_conclusion(
    cmd: Publication, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Record that a denunciation's conclusion was published; its text is stored redacted of the denouncer."""
    case = await load(uow, grievance_id)
    conclusion, masked = None, 0
    if cmd.conclusion is not None:
        identity = await open_identity(uow, grievance_id=grievance_id, deps=deps)
        conclusion, masked = redact(cmd.conclusion, identity, placeholder=placeholder_for(case.kind))
        del identity
    case.publish(on=cmd.on or deps.today(), conclusion=conclusion)
    return await commit_case(uow, case, action="publication", actor=actor, details={"masked": masked})


async def record_notice(
    cmd: NoticeSent, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """The written notice behind a notice deadline was sent (suspension, continuation, acceptance)."""
    case = await load(uow, grievance_id)
    case.record_notice(notice=cmd.notice, on=cmd.on or deps.today())
    return await commit_case(uow, case, action="notice_sent", actor=actor, details={"notice": cmd.notice})
