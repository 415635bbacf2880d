"""Calendar arithmetic the date rules share: month/weekday names, ranges, nearest year."""

from __future__ import annotations

import calendar
import datetime as dt

__all__ = [
    "MONTHS",
    "WEEKDAYS",
    "NUMBERS",
    "month_number",
    "month_range",
    "year_range",
    "week_range",
    "add_months",
    "nearest_year",
]

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
}


def month_number(name: str) -> int:
    """``"Sept."`` -> 9; raise ``KeyError`` for a name that is not a month."""
    return MONTHS[name.rstrip(".").lower()[:3]]


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
