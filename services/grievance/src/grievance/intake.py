"""Receiving a case: classify it, date it, start its clock, seal the filer and the letter apart."""

from __future__ import annotations

import secrets
import uuid
from datetime import date
from typing import Any

from grievance import events
from grievance import messages as msg
from grievance.deps import Deps, append_audit, hash_secret
from grievance.domain import Grievance, classify
from grievance.errors import DomainError
from grievance.instances import check_parent, open_later_case
from grievance.redaction import placeholder_for, redact
from grievance.schemas import FileGrievance
from grievance.uow import GrievanceUnitOfWork

SUMMARY_AD = "{}:summary"  # associated data of a sealed letter text: bound to its case
# Notices of a nominee's result (notify's statutory outcome notices): only these start the limitation of a
# complaint about it (LKN Điều 9); a notice that a nomination was posted for disclosure informs of no result.
RESULT_NOTICES = (
    "award.decided",
    "award.cancelled",
    "nomination.rejected",
    "nomination.deferred",
    "nomination.resumed",
)


def new_tracking_code(kind: str, year: int) -> str:
    """A short public code, e.g. `KN-2026-7F3K9Q2M`."""
    prefix = {"complaint": "KN", "denunciation": "TC"}.get(kind, "TT")
    return f"{prefix}-{year}-{secrets.token_hex(4).upper()}"


async def _earliest(uow: GrievanceUnitOfWork, query: dict[str, Any]) -> date | None:
    rows = await uow.informed.find(query, session=uow.session).to_list(length=100)
    return min((date.fromisoformat(r["on"]) for r in rows), default=None)


async def informed_from_records(
    uow: GrievanceUnitOfWork, targets: list[dict[str, Any]], party: str | None
) -> tuple[date | None, str | None]:
    """When the complainant learned of the decision, from the records: the day a notice of it reached
    them (notification.delivered), else the decision's own date (award.decided)."""
    subjects = [
        s for t in targets for s in (t.get("award_id"), t.get("nomination_id"), t.get("decision_id")) if s
    ]
    if not subjects:
        return None, None
    if party:
        delivered = await _earliest(
            uow,
            {
                "subject": {"$in": subjects},
                "party": party,
                "kind": "delivered",
                "source_event_type": {"$in": list(RESULT_NOTICES)},
            },
        )
        if delivered is not None:
            return delivered, "notice"
    decided = await _earliest(uow, {"subject": {"$in": subjects}, "kind": "decided"})
    return (decided, "decision_record") if decided is not None else (None, None)


def _open_case(
    cmd: FileGrievance, deps: Deps, *, association_id: str | None, filed_by: str | None
) -> Grievance:
    received = cmd.received_on or deps.today()
    if received > deps.today():
        raise DomainError(msg.RECEIVED_IN_FUTURE)
    names_person = any(t.kind == "person" or t.personal_code for t in cmd.targets)
    kind, flagged = classify(
        requested=cmd.kind,
        has_filer=cmd.filer is not None or association_id is not None,
        names_person=names_person,
        has_evidence=cmd.has_evidence,
    )
    case = Grievance(
        id=uuid.uuid4().hex,
        tracking_code=new_tracking_code(kind, received.year),
        kind=kind,
        received_on=received,
        channel=cmd.channel,
        instance=cmd.instance,
        parent_id=cmd.parent_grievance_id,
        targets=[t.model_dump() for t in cmd.targets],
        complainant_association_id=association_id,
        filed_by=filed_by,
        multi_site=cmd.multi_site,
        flagged_for_inspection=flagged,
    )
    if case.discipline and case.channel == "in_person":
        raise DomainError(msg.DISCIPLINE_IN_WRITING)
    return case


async def _date_case(uow: GrievanceUnitOfWork, cmd: FileGrievance, case: Grievance, deps: Deps) -> None:
    """The second-instance window, or the limitation from the informing date on record."""
    if cmd.instance == 2:
        parent = await uow.grievances.get(cmd.parent_grievance_id) if cmd.parent_grievance_id else None
        check_parent(case, parent)
        assert parent is not None
        query = {"subject": parent.id, "party": case.complainant_association_id, "kind": "delivered"}
        received = await _earliest(uow, query) if case.complainant_association_id else None
        open_later_case(case, parent, deps.clock, decision_received_on=received)
    elif case.kind == "complaint":
        if cmd.informed_on is not None:  # an officer registering a letter records it from the records
            case.set_informed(deps.clock, on=cmd.informed_on, source="officer")
        else:
            on, source = await informed_from_records(uow, case.targets, case.complainant_association_id)
            case.set_informed(deps.clock, on=on, source=source)


async def file_grievance(
    cmd: FileGrievance, uow: GrievanceUnitOfWork, *, deps: Deps, association_id: str | None, actor: str
) -> tuple[Grievance, str]:
    """Receive a case: classify it, start its clock, seal the filer and the letter apart, announce it."""
    case = _open_case(cmd, deps, association_id=association_id, filed_by=actor)
    identity: dict[str, Any] = cmd.filer.model_dump(exclude_none=True) if cmd.filer is not None else {}
    if case.kind != "complaint" and association_id is not None:
        # a denouncer's association and account are identity too: sealed, never on the case (LTC Điều 9)
        identity |= {"association_id": association_id, "user_id": actor}
        case.complainant_association_id, case.filed_by, actor = None, None, "filer"
    await _date_case(uow, cmd, case, deps)
    case.start_clock(deps.clock)
    secret = secrets.token_urlsafe(24)
    redacted, _ = redact(cmd.summary, identity, placeholder=placeholder_for(case.kind))
    sealed_summary = deps.vault.seal({"summary": cmd.summary}, grievance_id=SUMMARY_AD.format(case.id))
    extra = {"secret_hash": hash_secret(secret), "summary": redacted, "summary_sealed": sealed_summary}
    await uow.grievances.add(case, extra=extra)
    if identity:
        sealed = deps.vault.seal(identity, grievance_id=case.id)
        await uow.filers.insert_one({"_id": case.id, **sealed}, session=uow.session)
    await append_audit(uow, grievance_id=case.id, action="received", actor=actor, details={"kind": case.kind})
    await uow.emit(events.received(case), subject=case.id)
    return case, secret
