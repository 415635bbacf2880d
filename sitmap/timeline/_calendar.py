"""Calendar arithmetic every language's date rules share: ranges, steps, nearest year."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = [
    "month_range",
    "year_range",
    "week_range",
    "add_months",
    "nearest_year",
]


def month_range(year: int, month: int) -> tuple[dt.date, dt.date]:
    """First and last day of a month."""
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def year_range(year: int) -> tuple[dt.date, dt.date]:
    """1 January and 31 December of a year."""
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def week_range(day: dt.date) -> tuple[dt.date, dt.date]:
    """Monday and Sunday of the ISO week holding ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)


def add_months(year: int, month: int, delta: int) -> tuple[int, int]:
    """(year, month) ``delta`` months away."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def nearest_year(month: int, day: int, reference: dt.date) -> int:
    """The year that puts month/day nearest the reference date (ties go to the past).

    29 February is measured as 28 February so every candidate year can be compared.
    """
    def distance(year: int) -> tuple[int, int]:
        gap = (dt.date(year, month, min(day, 28)) - reference).days
        return abs(gap), gap > 0

    return min((reference.year - 1, reference.year, reference.year + 1), key=distance)
