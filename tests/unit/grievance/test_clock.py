"""Every deadline rule over calendar edges: Tết 2026/2027, year end, weekends and the 2026-07-01 switch."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from grievance.clock import Clock, limitation_ends_on, limitation_rule
from grievance.domain import Grievance
from grievance.rules import RULES, UnknownRule, find_rule
from hypothesis import given, settings
from hypothesis import strategies as st
from thidua.calendar import WorkingCalendar

CAL = WorkingCalendar()
CLOCK = Clock(CAL)


def case(kind: str, received: date, **kw: object) -> Grievance:
    g = Grievance(id="g", tracking_code="T", kind=kind, received_on=received, channel="api", **kw)  # type: ignore[arg-type]
    g.start_clock(CLOCK)
    return g


def due(rule_key: str, variant: str, start: date, received: date | None = None) -> date:
    rule = find_rule(rule_key, variant, received_on=received or start)
    return CLOCK.deadline("x", rule, start).due_on


class TestPeriodEnds:
    @settings(deadline=None)  # the first lookup of a year builds its holiday table
    @given(st.dates(date(2025, 1, 1), date(2028, 12, 31)), st.integers(1, 120))
    def test_a_calendar_day_deadline_never_ends_on_a_rest_day(self, start: date, n: int) -> None:
        rule = find_rule("complaint.resolution.first", "normal", received_on=start)
        deadline = CLOCK.deadline("x", rule, start)
        assert CAL.is_working_day(deadline.due_on)
        assert deadline.due_on == CAL.period_end(start, rule.days, "calendar")

    def test_a_resolution_whose_last_day_is_a_sunday_ends_on_monday(self) -> None:
        # accepted 07/09/2026: the 30th day is Wednesday 07/10; from 06/09 (a Sunday) it is Tuesday
        assert due("complaint.resolution.first", "normal", date(2026, 9, 7)) == date(2026, 10, 7)
        assert due("denunciation.resolution", "normal", date(2026, 8, 30)) == date(2026, 9, 29)
        assert due("denunciation.resolution", "normal", date(2026, 9, 4)) == date(2026, 10, 5)  # 04/10 Sun


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

    def test_a_discipline_complaint_has_ten_plain_days(self) -> None:
        g = case("complaint", date(2026, 7, 10), targets=[{"kind": "discipline_decision"}])
        assert g.discipline and g.deadlines["acceptance"].due_on == date(2026, 7, 20)


class TestComplaintResolution:
    @pytest.mark.parametrize(
        ("variant", "first", "second"),
        [("normal", 30, 45), ("complex", 45, 60), ("remote", 45, 60), ("remote_complex", 60, 70)],
    )
    def test_first_and_second_instance_calendar_days_across_year_end(
        self, variant: str, first: int, second: int
    ) -> None:
        start = date(2026, 12, 15)
        assert due("complaint.resolution.first", variant, start) == CAL.next_working_day(
            start + timedelta(days=first)
        )
        assert due("complaint.resolution.second", variant, start) == CAL.next_working_day(
            start + timedelta(days=second)
        )

    def test_limitation_is_ninety_days_plus_obstacle_days_ending_on_a_working_day(self) -> None:
        rule = limitation_rule(
            discipline=False, instance=1, dismissal=False, remote=False, received_on=date(2026, 3, 1)
        )
        kw = {"rule": rule, "informed_on": date(2026, 1, 1)}
        assert limitation_ends_on(CLOCK, obstacle_days=0, **kw) == date(2026, 4, 1)  # type: ignore[arg-type]
        # 90 + 10 days is Saturday 11/04/2026: the period ends on Monday 13/04 (BLDS Điều 148 k5)
        assert limitation_ends_on(CLOCK, obstacle_days=10, **kw) == date(2026, 4, 13)  # type: ignore[arg-type]

    def test_the_domain_example_informed_on_the_first_of_march(self) -> None:
        rule = limitation_rule(
            discipline=False, instance=1, dismissal=False, remote=False, received_on=date(2026, 3, 2)
        )
        ends = limitation_ends_on(CLOCK, rule=rule, informed_on=date(2026, 3, 1), obstacle_days=0)
        assert ends == date(2026, 6, 1)  # the 90th day is Saturday 30/05/2026

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
        # the 20th day is Saturday 09/01/2027: the review is due on Monday 11/01
        assert due("denunciation.further_review", "normal", date(2026, 12, 20)) == date(2027, 1, 11)

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
