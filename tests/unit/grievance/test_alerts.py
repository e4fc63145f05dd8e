"""When the scheduler raises due-soon and overdue alerts, in the deadline's own unit."""

from __future__ import annotations

from datetime import date

from grievance.deps import Deps
from grievance.domain import Clock, Deadline
from grievance.scheduler import classify_deadline
from grievance.vault import IdentityVault, new_key
from thidua.calendar import WorkingCalendar

VAULT = IdentityVault(keys={"k": new_key()}, active_key_id="k")


def deps_on(today: date) -> Deps:
    return Deps(clock=Clock(WorkingCalendar()), vault=VAULT, today=lambda: today)


class TestClassifyDeadline:
    def test_three_working_days_before_a_deadline_after_tet_is_due_soon(self) -> None:
        deadline = Deadline("acceptance", date(2026, 2, 25), "working", "s")
        assert classify_deadline(deps_on(date(2026, 2, 13)), deadline, lead=3) == ("due_soon", 3)

    def test_far_deadlines_raise_nothing(self) -> None:
        deadline = Deadline("resolution", date(2026, 3, 31), "calendar", "s")
        assert classify_deadline(deps_on(date(2026, 3, 1)), deadline, lead=3) is None

    def test_the_deadline_day_itself_is_due_soon_not_overdue(self) -> None:
        deadline = Deadline("resolution", date(2026, 3, 31), "calendar", "s")
        assert classify_deadline(deps_on(date(2026, 3, 31)), deadline, lead=3) == ("due_soon", 0)

    def test_overdue_days_count_in_the_rule_unit(self) -> None:
        working = Deadline("acceptance", date(2026, 12, 31), "working", "s")
        assert classify_deadline(deps_on(date(2027, 1, 5)), working, lead=3) == ("overdue", 2)
        calendar = Deadline("resolution", date(2026, 12, 31), "calendar", "s")
        assert classify_deadline(deps_on(date(2027, 1, 5)), calendar, lead=3) == ("overdue", 5)
