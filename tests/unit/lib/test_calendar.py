"""The one calendar and clock every service counts with: working days, period ends, local dates."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st
from thidua.calendar import WorkingCalendar, local_date, today
from thidua.settings import ServiceSettings

CAL = WorkingCalendar()
DAYS = st.dates(date(2025, 1, 1), date(2028, 12, 31))


class TestWorkingDays:
    def test_tet_2026_and_weekends_are_not_working_days(self) -> None:
        assert not any(CAL.is_working_day(date(2026, 2, d)) for d in range(14, 23))
        assert CAL.is_working_day(date(2026, 2, 23))

    def test_tet_2027_is_a_holiday_week(self) -> None:
        assert [d for d in range(3, 12) if CAL.is_working_day(date(2027, 2, d))] == [3, 11]

    def test_configured_days_off_and_worked_saturdays_count(self) -> None:
        cal = WorkingCalendar(extra_days_off=[date(2026, 3, 2)], extra_working_days=[date(2026, 3, 7)])
        assert not cal.is_working_day(date(2026, 3, 2))
        assert cal.is_working_day(date(2026, 3, 7))

    def test_the_calendar_is_built_from_the_shared_settings(self) -> None:
        cfg = ServiceSettings(env="dev", extra_days_off=["2026-03-02"], extra_working_days=["2026-03-07"])
        cal = WorkingCalendar.from_settings(cfg)
        assert not cal.is_working_day(date(2026, 3, 2)) and cal.is_working_day(date(2026, 3, 7))

    def test_the_event_day_is_never_counted(self) -> None:
        assert CAL.add_working_days(date(2026, 3, 2), 1) == date(2026, 3, 3)  # Monday -> Tuesday
        assert CAL.add_working_days(date(2026, 3, 6), 5) == date(2026, 3, 13)  # Friday: the week after

    @settings(deadline=None)  # the first lookup of a year builds its holiday table
    @given(DAYS, st.integers(0, 40))
    def test_n_working_days_land_on_a_working_day_n_working_days_later(self, start: date, n: int) -> None:
        end = CAL.add_working_days(start, n)
        assert CAL.working_days_between(start, end) == n
        assert n == 0 or CAL.is_working_day(end)

    def test_a_window_counts_its_first_day(self) -> None:
        assert CAL.last_day_of_window(date(2026, 3, 2), 1) == date(2026, 3, 2)
        assert CAL.last_day_of_window(date(2026, 3, 7), 1) == date(2026, 3, 9)  # posted on a Saturday


class TestPeriodEnd:
    def test_the_domain_example_ninety_days_from_the_first_of_march_end_on_monday_first_of_june(self) -> None:
        assert date(2026, 3, 1) + timedelta(days=90) == date(2026, 5, 30)  # a Saturday
        assert CAL.period_end(date(2026, 3, 1), 90, "calendar") == date(2026, 6, 1)

    def test_a_last_day_on_a_holiday_moves_past_the_whole_holiday(self) -> None:
        # the 30th day after 07/01/2027 is 06/02/2027, inside the Tết 2027 holiday (04–10/02)
        assert CAL.period_end(date(2027, 1, 7), 30, "calendar") == date(2027, 2, 11)

    def test_a_worked_saturday_ends_the_period_there(self) -> None:
        cal = WorkingCalendar(extra_working_days=[date(2026, 5, 30)])
        assert cal.period_end(date(2026, 3, 1), 90, "calendar") == date(2026, 5, 30)

    def test_a_configured_day_off_moves_the_end(self) -> None:
        cal = WorkingCalendar(extra_days_off=[date(2026, 6, 1)])
        assert cal.period_end(date(2026, 3, 1), 90, "calendar") == date(2026, 6, 2)

    @settings(deadline=None)
    @given(DAYS, st.integers(1, 120))
    def test_a_calendar_period_ends_on_the_first_working_day_on_or_after_its_last_day(
        self, start: date, n: int
    ) -> None:
        end = CAL.period_end(start, n, "calendar")
        last = start + timedelta(days=n)
        assert CAL.is_working_day(end) and end >= last
        assert all(not CAL.is_working_day(last + timedelta(days=k)) for k in range((end - last).days))

    @settings(deadline=None)
    @given(DAYS, st.integers(1, 40))
    def test_a_working_day_period_is_unaffected(self, start: date, n: int) -> None:
        assert CAL.period_end(start, n, "working") == CAL.add_working_days(start, n)


class TestLocalDates:
    def test_a_utc_evening_is_the_next_day_in_vietnam(self) -> None:
        assert local_date(datetime(2026, 1, 1, 18, 0, tzinfo=UTC)) == date(2026, 1, 2)
        assert local_date(datetime(2026, 1, 1, 16, 59, tzinfo=UTC)) == date(2026, 1, 1)

    def test_today_is_the_vietnamese_date(self) -> None:
        assert today() == local_date(datetime.now(UTC))
