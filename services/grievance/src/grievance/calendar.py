"""A Vietnamese working-day calendar: weekends, public holidays (incl. Tết) and configured extra days off."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import holidays

CountAs = Literal["working", "calendar"]


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.Vietnam(years=year).keys())  # type: ignore[attr-defined]


class WorkingCalendar:
    """Working days are Monday–Friday that are neither public holidays nor configured days off."""

    def __init__(
        self, *, extra_days_off: Iterable[date] = (), extra_working_days: Iterable[date] = ()
    ) -> None:
        self._off = frozenset(extra_days_off)
        self._on = frozenset(extra_working_days)

    def is_working_day(self, day: date) -> bool:
        """True on a working day."""
        if day in self._on:
            return True
        if day.weekday() >= 5 or day in self._off:
            return False
        return day not in _public_holidays(day.year)

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (the day of receipt is not counted)."""
        current, left = start, days
        while left > 0:
            current += timedelta(days=1)
            if self.is_working_day(current):
                left -= 1
        return current

    def add(self, start: date, days: int, count_as: CountAs) -> date:
        """The last day of a period of `days` counted from the day after `start`."""
        if count_as == "working":
            return self.add_working_days(start, days)
        return start + timedelta(days=days)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days in (start, end]; 0 when end <= start."""
        count, current = 0, start
        while current < end:
            current += timedelta(days=1)
            count += self.is_working_day(current)
        return count
