"""Translate a case into the integration events of `thidua.contracts.grievance` (no identities, ever)."""

from __future__ import annotations

from datetime import date
from typing import Any

from thidua.contracts import grievance as c

from grievance.domain import Deadline, Grievance


def _case(case: Grievance) -> dict[str, Any]:
    complainant = None
    if case.kind == "complaint" and case.complainant_association_id:
        complainant = c.ComplainantRef(association_id=case.complainant_association_id, user_id=case.filed_by)
    return {
        "grievance_id": case.id,
        "tracking_code": case.tracking_code,
        "kind": case.kind,
        "instance": case.instance,
        "targets": [c.GrievanceTarget(**t) for t in case.targets],
        "complainant": complainant,
        "parent_grievance_id": case.parent_id,
    }


def received(case: Grievance) -> c.GrievanceReceived:
    """`grievance.received`."""
    acceptance = case.deadlines.get("acceptance")
    return c.GrievanceReceived(
        **_case(case),
        received_on=case.received_on,
        channel=case.channel,
        acceptance_due_on=acceptance.due_on if acceptance else None,
        flagged_for_inspection=case.flagged_for_inspection,
    )


def accepted(case: Grievance) -> c.GrievanceAccepted:
    """`grievance.accepted`: names the targets so awards defers them."""
    assert case.accepted_on is not None
    return c.GrievanceAccepted(
        **_case(case),
        accepted_on=case.accepted_on,
        resolution_due_on=case.deadlines["resolution"].due_on,
        complexity=case.complexity,
        remote_area=case.remote_area,
    )


def refused(case: Grievance) -> c.GrievanceRefused:
    """`grievance.refused`."""
    assert case.closed_on is not None and case.refusal_reason is not None
    basis = "LKN Điều 11" if case.kind == "complaint" else "LTC Điều 24, 25, 29"
    return c.GrievanceRefused(
        **_case(case), refused_on=case.closed_on, reason_code=case.refusal_reason, legal_basis=basis
    )


def extended(case: Grievance, *, on: date, number: str, previous: date, new: date) -> c.GrievanceExtended:
    """`grievance.extended`."""
    return c.GrievanceExtended(
        **_case(case),
        extension_number=case.extensions,
        decided_on=on,
        decision_number=number,
        previous_due_on=previous,
        new_due_on=new,
    )


def withdrawn(case: Grievance, *, on: date, partial: bool, continues: bool) -> c.GrievanceWithdrawn:
    """`grievance.withdrawn`."""
    return c.GrievanceWithdrawn(**_case(case), withdrawn_on=on, partial=partial, case_continues=continues)


def resolved(
    case: Grievance, *, number: str | None, violation_found: bool, ground: str | None
) -> c.GrievanceResolved:
    """`grievance.resolved`: outcome and remedy for awards."""
    assert case.closed_on is not None and case.outcome and case.remedy
    return c.GrievanceResolved(
        **_case(case),
        resolved_on=case.closed_on,
        decision_number=number,
        outcome=case.outcome,
        remedy=case.remedy,
        violation_found=violation_found,
        cancellation_ground=ground,
        on_time=bool(case.on_time),
    )


def forwarded(case: Grievance) -> c.GrievanceForwarded:
    """`grievance.forwarded`."""
    assert case.closed_on is not None and case.forwarded_to is not None
    return c.GrievanceForwarded(
        **_case(case), forwarded_on=case.closed_on, to_authority=case.forwarded_to, on_time=bool(case.on_time)
    )


def _due(case: Grievance, kind: str) -> date | None:
    deadline = case.deadlines.get(kind)
    return deadline.due_on if deadline else None


def suspended(case: Grievance, *, on: date) -> c.GrievanceSuspended:
    """`grievance.suspended`."""
    return c.GrievanceSuspended(**_case(case), suspended_on=on, notice_due_on=_due(case, "suspension_notice"))


def resumed(case: Grievance, *, on: date) -> c.GrievanceResumed:
    """`grievance.resumed`: the resolution deadline counted again."""
    return c.GrievanceResumed(
        **_case(case),
        resumed_on=on,
        resolution_due_on=case.deadlines["resolution"].due_on,
        notice_due_on=_due(case, "continuation_notice"),
    )


def accused_informed(case: Grievance, *, on: date, content: str) -> c.GrievanceAccusedInformed:
    """`grievance.accused_informed`: `content` is already masked of the denouncer."""
    return c.GrievanceAccusedInformed(
        **_case(case), informed_on=on, content=content, resolution_due_on=_due(case, "resolution")
    )


def filer_notified(
    case: Grievance, notice: dict[str, Any], *, sealed_address: str
) -> c.GrievanceFilerNotified:
    """`grievance.filer_notified`: one notice of the tracking page, with the sealed address."""
    facts = {k: v for k, v in notice.items() if k not in ("id", "title")}
    return c.GrievanceFilerNotified(
        grievance_id=case.id,
        tracking_code=case.tracking_code,
        kind=case.kind,
        instance=case.instance,
        notice_id=notice["id"],
        sealed_address=sealed_address,
        **facts,
    )


def alert(
    case: Grievance, deadline: Deadline, *, overdue: bool, days: int
) -> c.GrievanceDueSoon | c.GrievanceOverdue:
    """`grievance.due_soon` or `grievance.overdue` for one deadline."""
    ref = {k: v for k, v in _case(case).items() if k in ("grievance_id", "tracking_code", "kind", "instance")}
    common = {**ref, "deadline_kind": deadline.kind, "due_on": deadline.due_on, "day_unit": deadline.unit}
    if overdue:
        return c.GrievanceOverdue(**common, days_overdue=max(days, 1))
    return c.GrievanceDueSoon(**common, days_left=max(days, 0))
