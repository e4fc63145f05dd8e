"""The working-day calendar: Vietnamese public holidays from the `holidays` package."""

from __future__ import annotations

from datetime import date
from functools import lru_cache

import holidays


@lru_cache(maxsize=32)
def vietnam_holidays(first_year: int, last_year: int) -> frozenset[date]:
    """Vietnamese public holidays (incl. Tết) in the given years."""
    days = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
    return frozenset(days.keys())
