"""The grievance aggregate: kinds, statuses, the statutory clock and the actions officers take (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from grievance import messages as msg
from grievance.clock import (
    Clock,
    Deadline,
    DomainError,
    InvalidTransition,
    limitation_ends_on,
    limitation_rule,
    obstacle_days,
)
from grievance.rules import MAX_EXTENSIONS, SWITCH_2026, find_rule, resolution_variant

OPEN = frozenset({"received", "accepted", "extended", "suspended"})
OUTCOMES = ("upheld", "partly_upheld", "rejected")
REMEDIES = ("none", "reconsider_nomination", "cancel_award")
NOTICES = ("acceptance_notice", "suspension_notice", "continuation_notice")
"""Deadlines an officer clears by recording that the written notice was sent."""

__all__ = ["OPEN", "Clock", "Deadline", "DomainError", "Grievance", "InvalidTransition", "classify"]


def classify(*, requested: str, has_filer: bool, names_person: bool, has_evidence: bool) -> tuple[str, bool]:
    """The kind a letter is kept as, and whether it is flagged for inspection (LTC Điều 25; LKN Điều 11)."""
    if has_filer:
        return requested, False
    return "information", names_person and has_evidence


@dataclass
class Grievance:
    """A complaint, denunciation or information letter and its statutory clock."""

    id: str
    tracking_code: str
    kind: str
    received_on: date
    channel: str
    instance: int = 1
    parent_id: str | None = None
    targets: list[dict[str, Any]] = field(default_factory=list)
    complainant_association_id: str | None = None
    filed_by: str | None = None
    multi_site: bool = False
    flagged_for_inspection: bool = False
    informed_on: date | None = None
    informed_source: str | None = None  # notice | officer | decision_record | first_instance
    obstacles: list[dict[str, Any]] = field(default_factory=list)
    limitation_ends_on: date | None = None
    status: str = "received"
    deadlines: dict[str, Deadline] = field(default_factory=dict)
    complexity: str = "normal"
    remote_area: bool = False
    accepted_on: date | None = None
    extensions: int = 0
    suspended_on: date | None = None
    closed_on: date | None = None
    refusal_reason: str | None = None
    forwarded_to: str | None = None
    outcome: str | None = None
    remedy: str | None = None
    on_time: bool | None = None
    accused_informed_on: date | None = None
    conclusion: str | None = None  # the published conclusion, already redacted (LTC Điều 40, 56)
    notices: list[dict[str, Any]] = field(default_factory=list)  # what the filer was told (tracking page)
    version: int = 0

    @property
    def is_open(self) -> bool:
        """True while a step is still due."""
        return self.status in OPEN

    @property
    def discipline(self) -> bool:
        """A complaint about a discipline decision (LKN Điều 48–50; rule 35)."""
        return self.kind == "complaint" and any(t.get("kind") == "discipline_decision" for t in self.targets)

    @property
    def dismissal(self) -> bool:
        """The discipline decision complained of is a dismissal (buộc thôi việc)."""
        return any(t.get("kind") == "discipline_decision" and t.get("dismissal") for t in self.targets)

    def start_clock(self, clock: Clock) -> None:
        """Compute the intake deadlines from the day of receipt."""
        if self.kind == "complaint":
            if self.discipline:
                rule = find_rule("complaint.discipline.acceptance", "normal", received_on=self.received_on)
            else:
                variant = "first" if self.instance == 1 else "second"
                rule = find_rule("complaint.acceptance", variant, received_on=self.received_on)
        elif self.kind == "denunciation" and self.instance == 2:  # tố cáo tiếp: the superior reviews it
            rule = find_rule("denunciation.further_review", "normal", received_on=self.received_on)
            self.deadlines["further_review"] = clock.deadline("further_review", rule, self.received_on)
            return
        elif self.kind == "denunciation":
            variant = "multi_site" if self.multi_site else "normal"
            rule = find_rule("denunciation.intake", variant, received_on=self.received_on)
            forward = find_rule("denunciation.forward", "normal", received_on=self.received_on)
            self.deadlines["forward"] = clock.deadline("forward", forward, self.received_on)
        else:
            return
        self.deadlines["acceptance"] = clock.deadline("acceptance", rule, self.received_on)

    def set_informed(self, clock: Clock, *, on: date | None, source: str | None) -> None:
        """Record when the complainant was informed and recompute the limitation from it."""
        self._require("received")
        if self.kind != "complaint":
            raise DomainError(msg.INFORMED_COMPLAINTS_ONLY)
        if on is not None and on > self.received_on:
            raise DomainError(msg.INFORMED_AFTER_RECEIPT)
        self.informed_on, self.informed_source = on, source if on is not None else None
        self._recompute_limitation(clock)

    def add_obstacle(self, clock: Clock, obstacle: dict[str, Any]) -> None:
        """Add an obstacle period the officer accepted, with its reason and evidence (LKN Điều 9)."""
        self._require("received")
        if self.kind != "complaint":
            raise DomainError(msg.OBSTACLE_COMPLAINTS_ONLY)
        if obstacle["until"] < obstacle["from"]:
            raise DomainError(msg.OBSTACLE_REVERSED)
        if obstacle["until"] > self.received_on.isoformat():
            raise DomainError(msg.OBSTACLE_AFTER_RECEIPT)
        self.obstacles.append(obstacle)
        self._recompute_limitation(clock)

    def _recompute_limitation(self, clock: Clock) -> None:
        if self.informed_on is None:
            self.limitation_ends_on = None
            return
        rule = limitation_rule(
            discipline=self.discipline,
            instance=self.instance,
            dismissal=self.dismissal,
            remote=self.remote_area,
            received_on=self.received_on,
        )
        self.limitation_ends_on = limitation_ends_on(
            clock, rule=rule, informed_on=self.informed_on, obstacle_days=obstacle_days(self.obstacles)
        )

    def _require(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise InvalidTransition(msg.WRONG_STATUS.format(status=self.status))

    def accept(self, clock: Clock, *, on: date, complexity: str, remote_area: bool) -> None:
        """Accept (thụ lý): start the resolution clock."""
        self._require("received")
        self._check_date(on)
        if self.kind == "information":
            raise DomainError(msg.INFORMATION_NOT_ACCEPTED)
        if self.limitation_ends_on is not None and self.received_on > self.limitation_ends_on:
            raise DomainError(msg.LIMITATION_EXPIRED.format(ends_on=self.limitation_ends_on))
        self.status, self.accepted_on = "accepted", on
        self.complexity, self.remote_area = complexity, remote_area
        for intake in ("acceptance", "forward", "further_review"):
            self.deadlines.pop(intake, None)
        self.deadlines["resolution"] = self._resolution_deadline(clock, on)
        if self.kind == "denunciation":
            rule = find_rule("denunciation.acceptance_notice", "normal", received_on=self.received_on)
            self.deadlines["acceptance_notice"] = clock.deadline("acceptance_notice", rule, on)

    def _resolution_deadline(self, clock: Clock, on: date) -> Deadline:
        if self.kind == "denunciation":
            rule = find_rule("denunciation.resolution", "normal", received_on=self.received_on)
        elif self.discipline:
            variant = "normal" if self.complexity == "normal" else "complex"
            rule = find_rule("complaint.discipline.resolution", variant, received_on=self.received_on)
        else:
            key = "complaint.resolution.first" if self.instance == 1 else "complaint.resolution.second"
            variant = resolution_variant(complex_case=self.complexity != "normal", remote=self.remote_area)
            rule = find_rule(key, variant, received_on=self.received_on)
        return clock.deadline("resolution", rule, on)

    def refuse(self, *, on: date, reason: str) -> None:
        """Refuse (không thụ lý) with a reason code."""
        self._require("received")
        self._check_date(on)
        self.status, self.closed_on, self.refusal_reason = "refused", on, reason
        self.deadlines.clear()

    def confirm_competence(self, *, on: date) -> None:
        """The officer found the denunciation within its competence: nothing to forward (LTC Điều 24 k2)."""
        self._require("received")
        self._check_date(on)
        if self.deadlines.pop("forward", None) is None:
            raise InvalidTransition(msg.NO_FORWARD_DEADLINE)

    def forward(self, *, on: date, to_authority: str) -> None:
        """Forward a denunciation outside this body's competence to the competent one (LTC Điều 24 k2)."""
        self._require("received")
        self._check_date(on)
        if self.kind != "denunciation":
            raise DomainError(msg.FORWARD_DENUNCIATIONS_ONLY)
        due = self.deadlines.get("forward") or self.deadlines.get("further_review")
        self.on_time = due is None or on <= due.due_on
        self.status, self.closed_on, self.forwarded_to = "forwarded", on, to_authority
        self.deadlines.clear()

    def extend(self, clock: Clock, *, on: date) -> tuple[date, date]:
        """Extend a denunciation's resolution deadline by one recorded decision (LTC Điều 30)."""
        self._require("accepted", "extended")
        self._check_date(on)
        if self.kind != "denunciation":
            raise DomainError(msg.EXTEND_DENUNCIATIONS_ONLY)
        allowed = MAX_EXTENSIONS.get(self.complexity, 0)
        if self.extensions >= allowed:
            raise DomainError(msg.EXTENSIONS_USED.format(complexity=self.complexity, allowed=allowed))
        previous = self.deadlines["resolution"]
        rule = find_rule("denunciation.extension", "normal", received_on=self.received_on)
        self.deadlines["resolution"] = clock.deadline("resolution", rule, clock.nominal_end(previous))
        self.extensions += 1
        self.status = "extended"
        return previous.due_on, self.deadlines["resolution"].due_on

    def suspend(self, clock: Clock, *, on: date) -> None:
        """Suspend resolution (tạm đình chỉ); the clock stops."""
        self._require("accepted", "extended")
        self._check_date(on)
        self.status, self.suspended_on = "suspended", on
        if self.kind == "complaint" and self.received_on >= SWITCH_2026:
            rule = find_rule("complaint.suspension_notice", "normal", received_on=self.received_on)
            self.deadlines["suspension_notice"] = clock.deadline("suspension_notice", rule, on)

    def resume(self, clock: Clock, *, on: date) -> None:
        """Continue (tiếp tục): the time left at the suspension runs again from the continuation decision,
        whose notice is due within 3 working days (NĐ155 Điều 12; rule 40)."""
        self._require("suspended")
        assert self.suspended_on is not None
        if on < self.suspended_on:
            raise DomainError(msg.RESUME_BEFORE_SUSPENSION)
        current = self.deadlines["resolution"]
        self.deadlines["resolution"] = clock.resumed(current, suspended_on=self.suspended_on, on=on)
        self.deadlines.pop("suspension_notice", None)
        if self.kind == "complaint" and self.received_on >= SWITCH_2026:
            rule = find_rule("complaint.continuation_notice", "normal", received_on=self.received_on)
            self.deadlines["continuation_notice"] = clock.deadline("continuation_notice", rule, on)
        self.status = "extended" if self.extensions else "accepted"
        self.suspended_on = None

    def record_notice(self, *, notice: str, on: date) -> None:
        """The written notice behind a notice deadline was sent: the deadline is met."""
        self._check_date(on)
        if notice not in NOTICES or notice not in self.deadlines:
            raise InvalidTransition(msg.NO_NOTICE_DEADLINE.format(notice=notice))
        self.deadlines.pop(notice)

    def inform_accused(self, *, on: date) -> None:
        """The accused was told the content of the denunciation (LTC Điều 29 k3)."""
        self._require("accepted", "extended", "suspended")
        self._check_date(on)
        if self.kind != "denunciation":
            raise DomainError(msg.ACCUSED_DENUNCIATIONS_ONLY)
        self.accused_informed_on = on
        self.deadlines.pop("acceptance_notice", None)

    def resolve(self, clock: Clock, *, on: date, outcome: str, remedy: str) -> None:
        """Resolve with an outcome and a remedy; a denunciation conclusion is then due for publication."""
        self._require("accepted", "extended")
        self._check_date(on)
        if outcome not in OUTCOMES or remedy not in REMEDIES:
            raise DomainError(msg.BAD_OUTCOME)
        if outcome == "rejected" and remedy != "none":
            raise DomainError(msg.REJECTED_NO_REMEDY)
        self.on_time = on <= self.deadlines["resolution"].due_on
        self.status, self.closed_on, self.outcome, self.remedy = "resolved", on, outcome, remedy
        self.deadlines.clear()
        if self.kind == "denunciation":
            rule = find_rule("denunciation.publication", "normal", received_on=self.received_on)
            self.deadlines["publication"] = clock.deadline("publication", rule, on)

    def withdraw(self, *, on: date, partial: bool, case_continues: bool) -> None:
        """Record a withdrawal; the case closes unless it continues (LTC Điều 33; LKN)."""
        self._require(*OPEN)
        self._check_date(on)
        if partial or case_continues:
            return
        self.status, self.closed_on = "withdrawn", on
        self.deadlines.clear()

    def publish(self, *, on: date, conclusion: str | None = None) -> None:
        """Record the publication of a denunciation conclusion (LTC Điều 40); `conclusion` comes redacted."""
        if "publication" not in self.deadlines:
            raise InvalidTransition(msg.PUBLISH_RESOLVED_DENUNCIATIONS)
        self._check_date(on)
        self.deadlines.pop("publication")
        self.conclusion = conclusion

    def _check_date(self, on: date) -> None:
        if on < self.received_on:
            raise DomainError(msg.BEFORE_RECEIPT)

    def alertable(self) -> list[Deadline]:
        """Deadlines the scheduler watches (the resolution clock stops while suspended)."""
        if self.status == "suspended":
            return [d for d in self.deadlines.values() if d.kind != "resolution"]
        return list(self.deadlines.values())


Decision = Literal["accept", "refuse"]
