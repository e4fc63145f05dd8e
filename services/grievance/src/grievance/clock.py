"""The statutory clock: deadlines from the rule data, counted on the shared working-day calendar (pure).

Every period starts on the day after its event; a period in calendar days that would end on a rest day or
a public holiday ends on the next working day (BLDS 2015 Điều 147 k1, 148 k5), as `thidua.calendar` counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from thidua.calendar import CountAs, WorkingCalendar

from grievance.errors import DomainError, InvalidTransition
from grievance.rules import DeadlineRule, find_rule

__all__ = ["Clock", "Deadline", "DomainError", "InvalidTransition"]


@dataclass(frozen=True, slots=True)
class Deadline:
    """A computed deadline: its kind, last day, how it was counted, its rule, and the period behind it."""

    kind: str
    due_on: date
    unit: CountAs
    source: str
    start: date | None = None  # the period's event (it counts from the day after)
    days: int = 0  # the period's length in `unit`


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
        unit, days = self.unit_of(rule), rule.days + extra_days
        return Deadline(kind, self.calendar.period_end(start, days, unit), unit, rule.source, start, days)

    def nominal_end(self, deadline: Deadline) -> date:
        """The period's last day before any move past a rest day: an extension counts from it, so three
        30-day periods stay 90 days in all (LTC Điều 30)."""
        if deadline.start is None or deadline.unit == "working":
            return deadline.due_on
        return deadline.start + timedelta(days=deadline.days)

    def used(self, deadline: Deadline, on: date) -> int:
        """Days of the deadline's period already run on `on` (in its unit)."""
        assert deadline.start is not None
        if deadline.unit == "working":
            return self.calendar.working_days_between(deadline.start, on)
        return max((on - deadline.start).days, 0)

    def resumed(self, deadline: Deadline, *, suspended_on: date, on: date) -> Deadline:
        """The deadline after a suspension: what was left on `suspended_on` runs again from `on`."""
        if deadline.start is None:  # recorded before periods were kept: shift by the days suspended
            shifted = deadline.due_on + timedelta(days=(on - suspended_on).days)
            return Deadline(deadline.kind, shifted, deadline.unit, deadline.source)
        left = max(deadline.days - self.used(deadline, suspended_on), 0)
        due = self.calendar.period_end(on, left, deadline.unit)
        return Deadline(deadline.kind, due, deadline.unit, deadline.source, on, left)


def limitation_rule(
    *, discipline: bool, instance: int, dismissal: bool, remote: bool, received_on: date
) -> DeadlineRule:
    """The period within which a complaint must be filed (LKN Điều 9, 33, 48; rules 34, 35, 38)."""
    if discipline:
        variant = "first" if instance == 1 else ("second_dismissal" if dismissal else "second")
        return find_rule("complaint.discipline.limitation", variant, received_on=received_on)
    if instance == 1:
        return find_rule("complaint.limitation", "normal", received_on=received_on)
    return find_rule("complaint.second_window", "remote" if remote else "normal", received_on=received_on)


def limitation_ends_on(clock: Clock, *, rule: DeadlineRule, informed_on: date, obstacle_days: int) -> date:
    """Last day to complain: the rule's days from being informed, plus the obstacle days the officer
    accepted (time lost to illness, disaster, travel or another objective obstacle is not counted)."""
    return clock.deadline("limitation", rule, informed_on, extra_days=max(obstacle_days, 0)).due_on


def obstacle_days(obstacles: list[dict[str, str]]) -> int:
    """Days covered by the recorded obstacle periods (each `from`..`until`, both included, overlaps once)."""
    days: set[date] = set()
    for period in obstacles:
        first, last = date.fromisoformat(period["from"]), date.fromisoformat(period["until"])
        days.update(first + timedelta(days=n) for n in range((last - first).days + 1))
    return len(days)
