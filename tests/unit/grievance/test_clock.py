"""Every deadline rule over calendar edges: Tết 2026/2027, year end, weekends and the 2026-07-01 switch."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from grievance.calendar import WorkingCalendar
from grievance.domain import Clock, Grievance, limitation_ends_on
from grievance.rules import RULES, UnknownRule, find_rule
from hypothesis import given, settings
from hypothesis import strategies as st

CAL = WorkingCalendar()
CLOCK = Clock(CAL)


def case(kind: str, received: date, **kw: object) -> Grievance:
    g = Grievance(id="g", tracking_code="T", kind=kind, received_on=received, channel="api", **kw)  # type: ignore[arg-type]
    g.start_clock(CLOCK)
    return g


def due(rule_key: str, variant: str, start: date, received: date | None = None) -> date:
    rule = find_rule(rule_key, variant, received_on=received or start)
    return CLOCK.deadline("x", rule, start).due_on


class TestWorkingCalendar:
    def test_tet_2026_and_weekends_are_not_working_days(self) -> None:
        assert not any(CAL.is_working_day(date(2026, 2, d)) for d in range(14, 23))
        assert CAL.is_working_day(date(2026, 2, 23))

    def test_tet_2027_is_a_holiday_week(self) -> None:
        assert [d for d in range(3, 12) if CAL.is_working_day(date(2027, 2, d))] == [3, 11]

    def test_configured_days_off_and_worked_saturdays_count(self) -> None:
        cal = WorkingCalendar(extra_days_off=[date(2026, 3, 2)], extra_working_days=[date(2026, 3, 7)])
        assert not cal.is_working_day(date(2026, 3, 2))
        assert cal.is_working_day(date(2026, 3, 7))

    @settings(deadline=None)  # the first lookup of a year builds its holiday table
    @given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(0, 40))
    def test_adding_n_working_days_lands_on_a_working_day_n_working_days_later(
        self, start: date, n: int
    ) -> None:
        end = CAL.add_working_days(start, n)
        assert CAL.working_days_between(start, end) == n
        assert n == 0 or CAL.is_working_day(end)

    @settings(deadline=None)  # the first lookup of a year builds its holiday table
    @given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(0, 120))
    def test_calendar_days_ignore_holidays(self, start: date, n: int) -> None:
        assert CAL.add(start, n, "calendar") == start + timedelta(days=n)


class TestComplaintAcceptance:
    def test_ten_working_days_skip_tet_2026(self) -> None:
        assert case("complaint", date(2026, 2, 13)).deadlines["acceptance"].due_on == date(2026, 3, 6)

    def test_received_the_day_before_the_switch_keeps_ten_working_days(self) -> None:
        assert case("complaint", date(2026, 6, 30)).deadlines["acceptance"].due_on == date(2026, 7, 14)

    def test_received_from_2026_07_01_gets_seven_working_days(self) -> None:
        deadline = case("complaint", date(2026, 7, 1)).deadlines["acceptance"]
        assert (deadline.due_on, deadline.unit) == (date(2026, 7, 10), "working")
        assert "NĐ155" in deadline.source

    def test_a_second_complaint_has_ten_plain_days(self) -> None:
        g = case("complaint", date(2026, 12, 28), instance=2, parent_id="p")
        assert g.deadlines["acceptance"].due_on == date(2027, 1, 7)


class TestComplaintResolution:
    @pytest.mark.parametrize(
        ("variant", "first", "second"),
        [("normal", 30, 45), ("complex", 45, 60), ("remote", 45, 60), ("remote_complex", 60, 70)],
    )
    def test_first_and_second_instance_calendar_days_across_year_end(
        self, variant: str, first: int, second: int
    ) -> None:
        start = date(2026, 12, 15)
        assert due("complaint.resolution.first", variant, start) == start + timedelta(days=first)
        assert due("complaint.resolution.second", variant, start) == start + timedelta(days=second)

    def test_limitation_is_ninety_days_plus_obstacle_days(self) -> None:
        kw = {"informed_on": date(2026, 1, 1), "received_on": date(2026, 3, 1)}
        assert limitation_ends_on(CLOCK, obstacle_days=0, **kw) == date(2026, 4, 1)  # type: ignore[arg-type]
        assert limitation_ends_on(CLOCK, obstacle_days=10, **kw) == date(2026, 4, 11)  # type: ignore[arg-type]

    def test_suspension_notice_is_three_working_days_from_the_switch_only(self) -> None:
        assert due("complaint.suspension_notice", "normal", date(2026, 8, 28)) == date(2026, 9, 7)
        with pytest.raises(UnknownRule):
            find_rule("complaint.suspension_notice", "normal", received_on=date(2026, 6, 30))


class TestDenunciationClock:
    def test_intake_seven_working_days_across_year_end(self) -> None:
        assert case("denunciation", date(2026, 12, 30)).deadlines["acceptance"].due_on == date(2027, 1, 11)

    def test_intake_ten_working_days_when_several_sites(self) -> None:
        g = case("denunciation", date(2026, 12, 30), multi_site=True)
        assert g.deadlines["acceptance"].due_on == date(2027, 1, 14)

    def test_acceptance_notice_five_working_days_skip_tet_2027(self) -> None:
        assert due("denunciation.acceptance_notice", "normal", date(2027, 2, 3)) == date(2027, 2, 17)

    def test_forwarding_five_working_days_skip_a_weekend(self) -> None:
        assert due("denunciation.forward", "normal", date(2026, 3, 6)) == date(2026, 3, 13)

    def test_publication_seven_working_days_skip_hung_kings_and_may_day(self) -> None:
        assert due("denunciation.publication", "normal", date(2026, 4, 24)) == date(2026, 5, 8)

    def test_further_review_twenty_calendar_days(self) -> None:
        assert due("denunciation.further_review", "normal", date(2026, 12, 20)) == date(2027, 1, 9)

    def test_plain_days_can_be_configured_as_working_days(self) -> None:
        rule = find_rule("denunciation.resolution", "normal", received_on=date(2026, 2, 1))
        working = Clock(CAL, plain_days_as="working").deadline("resolution", rule, date(2026, 2, 1))
        assert working.unit == "working" and working.due_on == date(2026, 3, 20)


class TestRuleTable:
    def test_every_rule_cites_a_source_and_positive_days(self) -> None:
        assert all(r.source and r.days > 0 for r in RULES)

    def test_no_two_rules_overlap_for_the_same_key_and_variant(self) -> None:
        for probe in (date(2025, 1, 1), date(2026, 6, 30), date(2026, 7, 1), date(2030, 1, 1)):
            keys = [(r.key, r.variant) for r in RULES if r.applies_on(probe)]
            assert len(keys) == len(set(keys))
