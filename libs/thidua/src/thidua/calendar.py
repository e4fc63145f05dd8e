"""One calendar and one clock for every service: Vietnamese working days and local dates (pure, no I/O).

Working days are Monday to Friday that are not public holidays (the `holidays` package's Vietnam calendar,
Tết included) nor configured extra days off (nghỉ bù), plus configured working Saturdays (làm bù).

How periods are counted (Bộ luật Dân sự 2015, applied wherever another law sets no other rule):

- a period counted in days starts on the day after its event (Điều 147 k1): `add_days(event, n)` and
  `add_working_days(event, n)` never count the event's own day;
- a period counted in days whose last day is a weekly rest day or a public holiday ends at the end of the
  next working day (Điều 148 k5): `period_end(event, n, "calendar")`. A period already counted in working
  days always ends on a working day, so the rule changes nothing there.

Example: informed on 01/03/2026, a 90-day limitation's 90th day is Saturday 30/05/2026, so it ends on
Monday 01/06/2026.

Dates are local to Asia/Ho_Chi_Minh: `today()` and `local_date(moment)`, never the server's own zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from typing import Literal, Protocol
from zoneinfo import ZoneInfo

import holidays

CountAs = Literal["working", "calendar"]
VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def today(zone: ZoneInfo = VIETNAM) -> date:
    """Today's date in Vietnam (not in the server's zone)."""
    return datetime.now(zone).date()


def local_date(moment: datetime, zone: ZoneInfo = VIETNAM) -> date:
    """The Vietnamese calendar date of a moment (20:00 UTC is the next day here); a naive moment is UTC,
    as the database driver returns stored times."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(zone).date()


@lru_cache(maxsize=64)
def public_holidays(year: int) -> frozenset[date]:
    """Vietnam's public holidays of one year (incl. Tết), from the `holidays` package."""
    return frozenset(holidays.Vietnam(years=year).keys())  # type: ignore[attr-defined]


class CalendarSettings(Protocol):
    """The settings a calendar is built from (`thidua.settings.ServiceSettings` has them)."""

    extra_days_off: list[date]
    extra_working_days: list[date]


class WorkingCalendar:
    """Working days: Monday–Friday that are neither public holidays nor configured days off, plus worked
    Saturdays."""

    def __init__(
        self, *, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
    ) -> None:
        self._off = frozenset(extra_days_off)
        self._on = frozenset(extra_working_days)

    @classmethod
    def from_settings(cls, settings: CalendarSettings) -> WorkingCalendar:
        """The calendar with the days off and worked Saturdays configured for this deployment."""
        return cls(extra_days_off=settings.extra_days_off, extra_working_days=settings.extra_working_days)

    def is_working_day(self, day: date) -> bool:
        """True on a working day."""
        if day in self._on:
            return True
        if day.weekday() >= 5 or day in self._off:
            return False
        return day not in public_holidays(day.year)

    def next_working_day(self, day: date) -> date:
        """`day` itself when it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def add_working_days(self, event: date, days: int) -> date:
        """The `days`-th working day after `event` (the event's own day is not counted)."""
        current, left = event, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def add_days(self, event: date, days: int) -> date:
        """The last day of a period of `days` calendar days from the day after `event` (BLDS Điều 147 k1),
        moved to the next working day when it is a rest day or holiday (Điều 148 k5)."""
        return self.next_working_day(event + timedelta(days=days))

    def period_end(self, event: date, days: int, count_as: CountAs) -> date:
        """The last day of a period of `days` counted from the day after `event`, in working or calendar
        days; a calendar-day period never ends on a rest day or holiday."""
        if count_as == "working":
            return self.add_working_days(event, days)
        return self.add_days(event, days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count

    def last_day_of_window(self, first_day: date, days: int) -> date:
        """The last day of a window of `days` working days whose first day is `first_day` (counted when it
        is a working day), e.g. a public disclosure posted that day."""
        return self.add_working_days(first_day - timedelta(days=1), days)
