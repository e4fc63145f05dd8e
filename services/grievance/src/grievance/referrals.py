"""Officer findings at intake and after: the informing date and obstacle time on record (LKN Điều 9),
competence and forwarding (LTC Điều 24 k2), and the content notice to the accused (LTC Điều 29 k3)."""

from __future__ import annotations

from grievance import events
from grievance import messages as msg
from grievance.deps import Deps, commit_case, load, open_identity
from grievance.domain import Grievance
from grievance.errors import DomainError
from grievance.notices import notice, tell_filer
from grievance.redaction import DENOUNCER, redact
from grievance.schemas import AccusedNotice, Competence, Forwarding, Informing, Obstacle
from grievance.uow import GrievanceUnitOfWork


async def _check_evidence(uow: GrievanceUnitOfWork, grievance_id: str, attachment_ids: list[str]) -> None:
    """Every attachment cited as evidence is one of the case's."""
    if not attachment_ids:
        return
    query = {"_id": {"$in": attachment_ids}, "grievance_id": grievance_id}
    found = await uow.attachments.count_documents(query, session=uow.session)
    if found != len(set(attachment_ids)):
        raise DomainError(msg.EVIDENCE_NOT_OURS)


async def record_informing(
    cmd: Informing, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """The officer records, from the records, when the complainant received or learned of the decision."""
    case = await load(uow, grievance_id)
    await _check_evidence(uow, grievance_id, cmd.attachment_ids)
    case.set_informed(deps.clock, on=cmd.informed_on, source="officer")
    details = {
        "informed_on": cmd.informed_on.isoformat(),
        "document": cmd.document,
        "evidence": cmd.attachment_ids,
    }
    return await commit_case(uow, case, action="informing_recorded", actor=actor, details=details)


async def add_obstacle(
    cmd: Obstacle, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """The officer accepts an obstacle period, with its reason and evidence: it is not counted."""
    case = await load(uow, grievance_id)
    await _check_evidence(uow, grievance_id, cmd.attachment_ids)
    period = {
        "from": cmd.from_.isoformat(),
        "until": cmd.until.isoformat(),
        "reason": cmd.reason,
        "document": cmd.document,
        "attachment_ids": cmd.attachment_ids,
        "decided_by": actor,
    }
    case.add_obstacle(deps.clock, period)
    return await commit_case(uow, case, action="obstacle_accepted", actor=actor, details=period)


async def confirm_competence(
    cmd: Competence, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """The denunciation is within this body's competence: nothing is forwarded."""
    case = await load(uow, grievance_id)
    case.confirm_competence(on=cmd.on or deps.today())
    return await commit_case(uow, case, action="competence_confirmed", actor=actor, details={})


async def forward_case(
    cmd: Forwarding, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Forward a denunciation to the competent body and tell the denouncer (LTC Điều 24 k2; rule 42)."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.forward(on=on, to_authority=cmd.to_authority)
    await tell_filer(uow, case, deps, notice("forwarded", on=on, to_authority=cmd.to_authority))
    details = {"to_authority": cmd.to_authority, "document": cmd.document, "on_time": case.on_time}
    return await commit_case(
        uow, case, action="forwarding", actor=actor, details=details, data=events.forwarded(case)
    )


async def inform_accused(
    cmd: AccusedNotice, uow: GrievanceUnitOfWork, *, grievance_id: str, deps: Deps, actor: str
) -> Grievance:
    """Tell the accused the content of the denunciation, the denouncer masked (LTC Điều 29 k3, 56)."""
    case = await load(uow, grievance_id)
    on = cmd.on or deps.today()
    case.inform_accused(on=on)
    identity = await open_identity(uow, grievance_id=grievance_id, deps=deps)
    content, masked = redact(cmd.content, identity, placeholder=DENOUNCER)
    del identity
    data = events.accused_informed(case, on=on, content=content)
    return await commit_case(
        uow, case, action="accused_informed", actor=actor, details={"masked": masked}, data=data
    )
