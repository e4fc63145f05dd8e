"""The grievance aggregate: kinds, statuses, the statutory clock and the actions officers take (pure)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Literal

from grievance.calendar import CountAs, WorkingCalendar
from grievance.rules import MAX_EXTENSIONS, DeadlineRule, find_rule, resolution_variant

OPEN = frozenset({"received", "accepted", "extended", "suspended"})
OUTCOMES = ("upheld", "partly_upheld", "rejected")
REMEDIES = ("none", "reconsider_nomination", "cancel_award")


class DomainError(Exception):
    """An action breaks a rule; `slug` is the stable problem type."""

    slug = "grievance-rule"


class InvalidTransition(DomainError):
    """The action is not allowed in the case's current status."""

    slug = "invalid-transition"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline: its kind, last day, how it was counted and the rule it comes from."""

    kind: str
    due_on: date
    unit: CountAs
    source: str


@dataclass(frozen=True, slots=True)
class Clock:
    """Counts rule periods on a working-day calendar; plain "ngày" count as `plain_days_as`."""

    calendar: WorkingCalendar
    plain_days_as: CountAs = "calendar"

    def unit_of(self, rule: DeadlineRule) -> CountAs:
        """How this rule's days are counted."""
        return "working" if rule.unit == "working" else self.plain_days_as

    def deadline(self, kind: str, rule: DeadlineRule, start: date, *, extra_days: int = 0) -> Deadline:
        """The deadline `rule.days` (+ `extra_days`) after `start`."""
        unit = self.unit_of(rule)
        return Deadline(kind, self.calendar.add(start, rule.days + extra_days, unit), unit, rule.source)


def classify(*, requested: str, has_filer: bool, names_person: bool, has_evidence: bool) -> tuple[str, bool]:
    """The kind a letter is kept as, and whether it is flagged for inspection (LTC Điều 25; LKN Điều 11)."""
    if has_filer:
        return requested, False
    return "information", names_person and has_evidence


def limitation_ends_on(clock: Clock, *, informed_on: date, obstacle_days: int, received_on: date) -> date:
    """Last day to file a complaint: 90 days from being informed, plus obstacle days (LKN Điều 9)."""
    rule = find_rule("complaint.limitation", "normal", received_on=received_on)
    return clock.deadline("limitation", rule, informed_on, extra_days=max(obstacle_days, 0)).due_on


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
    targets: list[dict[str, str | None]] = field(default_factory=list)
    complainant_association_id: str | None = None
    filed_by: str | None = None
    multi_site: bool = False
    flagged_for_inspection: bool = False
    informed_on: date | None = None
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
    outcome: str | None = None
    remedy: str | None = None
    on_time: bool | None = None
    conclusion: str | None = None  # the published conclusion, already redacted (LTC Điều 40, 56)
    version: int = 0

    @property
    def is_open(self) -> bool:
        """True while a step is still due."""
        return self.status in OPEN

    def start_clock(self, clock: Clock) -> None:
        """Compute the acceptance (intake) deadline from the day of receipt."""
        if self.kind == "complaint":
            variant = "first" if self.instance == 1 else "second"
            rule = find_rule("complaint.acceptance", variant, received_on=self.received_on)
        elif self.kind == "denunciation":
            variant = "multi_site" if self.multi_site else "normal"
            rule = find_rule("denunciation.intake", variant, received_on=self.received_on)
        else:
            return
        self.deadlines["acceptance"] = clock.deadline("acceptance", rule, self.received_on)

    def _require(self, *statuses: str) -> None:
        if self.status not in statuses:
            raise InvalidTransition(f"not allowed while the case is {self.status}")

    def accept(self, clock: Clock, *, on: date, complexity: str, remote_area: bool) -> None:
        """Accept (thụ lý): start the resolution clock."""
        self._require("received")
        self._check_date(on)
        if self.kind == "information":
            raise DomainError("an anonymous or unverifiable letter is kept as information, not accepted")
        if self.limitation_ends_on is not None and self.received_on > self.limitation_ends_on:
            raise DomainError("the 90-day limitation expired before receipt (LKN Điều 9): refuse it")
        self.status, self.accepted_on = "accepted", on
        self.complexity, self.remote_area = complexity, remote_area
        self.deadlines.pop("acceptance", None)
        self.deadlines["resolution"] = self._resolution_deadline(clock, on)
        if self.kind == "denunciation":
            rule = find_rule("denunciation.acceptance_notice", "normal", received_on=self.received_on)
            self.deadlines["acceptance_notice"] = clock.deadline("acceptance_notice", rule, on)

    def _resolution_deadline(self, clock: Clock, on: date) -> Deadline:
        if self.kind == "denunciation":
            rule = find_rule("denunciation.resolution", "normal", received_on=self.received_on)
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

    def extend(self, clock: Clock, *, on: date) -> tuple[date, date]:
        """Extend a denunciation's resolution deadline by one recorded decision (LTC Điều 30)."""
        self._require("accepted", "extended")
        if self.kind != "denunciation":
            raise DomainError("only denunciations are extended; a complex complaint has a longer deadline")
        if self.extensions >= MAX_EXTENSIONS.get(self.complexity, 0):
            raise DomainError(
                f"a {self.complexity} case allows {MAX_EXTENSIONS.get(self.complexity, 0)} extension(s)"
            )
        previous = self.deadlines["resolution"]
        rule = find_rule("denunciation.extension", "normal", received_on=self.received_on)
        self.deadlines["resolution"] = clock.deadline("resolution", rule, previous.due_on)
        self.extensions += 1
        self.status = "extended"
        return previous.due_on, self.deadlines["resolution"].due_on

    def suspend(self, clock: Clock, *, on: date) -> None:
        """Suspend resolution (tạm đình chỉ); the clock stops."""
        self._require("accepted", "extended")
        self._check_date(on)
        self.status, self.suspended_on = "suspended", on
        if self.kind == "complaint" and self.received_on >= date(2026, 7, 1):
            rule = find_rule("complaint.suspension_notice", "normal", received_on=self.received_on)
            self.deadlines["suspension_notice"] = clock.deadline("suspension_notice", rule, on)

    def resume(self, *, on: date) -> None:
        """Resume: the time suspended is added back to the resolution deadline (NĐ155 Điều 12)."""
        self._require("suspended")
        assert self.suspended_on is not None
        if on < self.suspended_on:
            raise DomainError("resumption cannot precede the suspension")
        current = self.deadlines["resolution"]
        shifted = current.due_on + timedelta(days=(on - self.suspended_on).days)
        self.deadlines["resolution"] = Deadline(current.kind, shifted, current.unit, current.source)
        self.deadlines.pop("suspension_notice", None)
        self.status = "extended" if self.extensions else "accepted"
        self.suspended_on = None

    def resolve(self, clock: Clock, *, on: date, outcome: str, remedy: str) -> None:
        """Resolve with an outcome and a remedy; a denunciation conclusion is then due for publication."""
        self._require("accepted", "extended")
        self._check_date(on)
        if outcome not in OUTCOMES or remedy not in REMEDIES:
            raise DomainError("unknown outcome or remedy")
        if outcome == "rejected" and remedy != "none":
            raise DomainError("a rejected case has remedy `none`")
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
            raise InvalidTransition("only a resolved denunciation's conclusion is published")
        self._check_date(on)
        self.deadlines.pop("publication")
        self.conclusion = conclusion

    def _check_date(self, on: date) -> None:
        if on < self.received_on:
            raise DomainError("an action cannot be dated before the case was received")

    def alertable(self) -> list[Deadline]:
        """Deadlines the scheduler watches (the resolution clock stops while suspended)."""
        if self.status == "suspended":
            return [d for d in self.deadlines.values() if d.kind != "resolution"]
        return list(self.deadlines.values())


Decision = Literal["accept", "refuse"]
