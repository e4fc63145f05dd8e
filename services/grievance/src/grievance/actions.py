"""Officer actions on a case: accept / refuse, extend, suspend / resume, resolve, withdraw."""

from __future__ import annotations

from typing import Any

from thidua.contracts.base import EventData

from grievance import events
from grievance.content import open_identity
from grievance.domain import DomainError, Grievance
from grievance.handlers import Deps, append_audit, load
from grievance.redaction import placeholder_for, redact
from grievance.rules import complexity_of
from grievance.schemas import Acceptance, Extension, Publication, Resolution, Suspension, Withdrawal
from grievance.uow import GrievanceUnitOfWork


async def decide_acceptance(
    cmd: Acceptance, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Accept (start the resolution clock) or refuse with a reason code."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    data: EventData
    details: dict[str, Any]
    if cmd.decision == "refuse":
        if cmd.reason_code is None:
            raise DomainError("a refusal needs a reason_code")
        case.refuse(on=on, reason=cmd.reason_code)
        data = events.refused(case)
        details = {"decision": "refuse", "reason_code": cmd.reason_code}
    else:
        complexity = complexity_of(set(cmd.complexity_criteria))
        case.accept(deps.clock, on=on, complexity=complexity, remote_area=cmd.remote_area)
        data = events.accepted(case)
        details = {
            "decision": "accept",
            "complexity": complexity,
            "criteria": sorted(cmd.complexity_criteria),
        }
    await uow.grievances.save(case)
    await append_audit(uow, grievance_id=case.id, action="acceptance", actor=actor, details=details)
    await uow.emit(data, subject=case.id)
    return case


async def extend_case(
    cmd: Extension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Extend a denunciation by a recorded decision."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    previous, new = case.extend(deps.clock, on=on)
    await uow.grievances.save(case)
    details = {"decision_number": cmd.decision_number, "new_due_on": new.isoformat()}
    await append_audit(uow, grievance_id=case.id, action="extension", actor=actor, details=details)
    await uow.emit(
        events.extended(case, on=on, number=cmd.decision_number, previous=previous, new=new), subject=case.id
    )
    return case


async def suspend_case(
    cmd: Suspension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Suspend the resolution clock."""
    case = await load(uow, grievance_id)
    case.suspend(deps.clock, on=cmd.on or deps.today())
    await uow.grievances.save(case)
    await append_audit(uow, grievance_id=case.id, action="suspension", actor=actor, details={})
    return case


async def resume_case(
    cmd: Suspension, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Resume the resolution clock (the suspended time is added back)."""
    case = await load(uow, grievance_id)
    case.resume(on=cmd.on or deps.today())
    await uow.grievances.save(case)
    await append_audit(uow, grievance_id=case.id, action="resumption", actor=actor, details={})
    return case


async def resolve_case(
    cmd: Resolution, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Resolve with outcome and remedy; awards resumes, rejects or cancels on the event."""
    if cmd.remedy == "cancel_award" and cmd.cancellation_ground is None:
        raise DomainError("remedy cancel_award needs a cancellation_ground")
    case = await load(uow, grievance_id)
    case.resolve(deps.clock, on=cmd.on or deps.today(), outcome=cmd.outcome, remedy=cmd.remedy)
    await uow.grievances.save(case)
    details = {"outcome": cmd.outcome, "remedy": cmd.remedy, "on_time": case.on_time}
    await append_audit(uow, grievance_id=case.id, action="resolution", actor=actor, details=details)
    data = events.resolved(
        case, number=cmd.decision_number, violation_found=cmd.violation_found, ground=cmd.cancellation_ground
    )
    await uow.emit(data, subject=case.id)
    return case


async def withdraw_case(
    cmd: Withdrawal, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Record a withdrawal in writing."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.withdraw(on=on, partial=cmd.partial, case_continues=cmd.case_continues)
    await uow.grievances.save(case)
    details = {"partial": cmd.partial, "case_continues": cmd.case_continues}
    await append_audit(uow, grievance_id=case.id, action="withdrawal", actor=actor, details=details)
    await uow.emit(
        events.withdrawn(case, on=on, partial=cmd.partial, continues=cmd.case_continues), subject=case.id
    )
    return case


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
    await uow.grievances.save(case)
    details = {"masked": masked}
    await append_audit(uow, grievance_id=case.id, action="publication", actor=actor, details=details)
    return case
