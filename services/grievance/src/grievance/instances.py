"""When a second complaint (LKN Điều 33, 48; rule 38) or a further denunciation (LTC Điều 37–38; rule 48)
may be filed against the earlier case (pure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from grievance import messages as msg
from grievance.clock import Clock
from grievance.domain import Grievance
from grievance.errors import DomainError
from grievance.rules import find_rule

_NO_DECISION = {
    "refused": "lần đầu không được thụ lý",
    "withdrawn": "lần đầu đã được rút",
    "forwarded": "đơn lần đầu đã được chuyển đến cơ quan có thẩm quyền",
}


@dataclass(frozen=True, slots=True)
class Basis:
    """What a later case stands on: the day its period counts from, the first day it may be filed, why."""

    counts_from: date
    opens_on: date
    reason: str  # decision | missed_deadline


def _missed(due: date) -> Basis:
    return Basis(counts_from=due, opens_on=due + timedelta(days=1), reason="missed_deadline")


def _implied_resolution_due(parent: Grievance, clock: Clock) -> date:
    """A case never accepted: its resolution deadline counted from the last day it should have been."""
    intake = parent.deadlines.get("acceptance") or parent.deadlines.get("further_review")
    start = intake.due_on if intake is not None else parent.received_on
    if parent.kind == "denunciation":
        rule = find_rule("denunciation.resolution", "normal", received_on=parent.received_on)
    elif parent.discipline:
        rule = find_rule("complaint.discipline.resolution", "normal", received_on=parent.received_on)
    else:
        variant = "remote" if parent.remote_area else "normal"
        rule = find_rule("complaint.resolution.first", variant, received_on=parent.received_on)
    return clock.deadline("resolution", rule, start).due_on


def basis(parent: Grievance, clock: Clock, *, decision_received_on: date | None) -> Basis:
    """The earlier case's decision (from the day it reached the filer) or its missed deadline."""
    if parent.status == "resolved":
        assert parent.closed_on is not None
        received = max(decision_received_on or parent.closed_on, parent.closed_on)
        return Basis(counts_from=received, opens_on=received, reason="decision")
    if parent.status in ("accepted", "extended"):
        return _missed(parent.deadlines["resolution"].due_on)
    if parent.status == "received":
        return _missed(_implied_resolution_due(parent, clock))
    if parent.status == "suspended":
        raise DomainError(msg.PARENT_SUSPENDED)
    reason = _NO_DECISION.get(parent.status, msg.PARENT_STATUS.format(status=parent.status))
    raise DomainError(msg.PARENT_NO_BASIS.format(reason=reason))


def check_parent(case: Grievance, parent: Grievance | None) -> None:
    """A second complaint names a first complaint; a further denunciation an earlier denunciation."""
    if case.parent_id is None or parent is None:
        raise DomainError(msg.PARENT_REQUIRED)
    if parent.kind != case.kind or parent.instance != 1:
        raise DomainError(msg.PARENT_KIND)
    if case.kind == "complaint" and parent.complainant_association_id != case.complainant_association_id:
        raise DomainError(msg.PARENT_FILER)


def open_later_case(
    case: Grievance, parent: Grievance, clock: Clock, *, decision_received_on: date | None
) -> None:
    """Refuse a later case filed too early; a second complaint's window is then its limitation."""
    found = basis(parent, clock, decision_received_on=decision_received_on)
    if case.received_on < found.opens_on:
        raise DomainError(msg.TOO_EARLY.format(opens_on=found.opens_on))
    if case.kind == "complaint":
        case.remote_area = parent.remote_area
        case.set_informed(clock, on=found.counts_from, source=f"first_instance_{found.reason}")
