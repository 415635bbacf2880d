"""The date expressions sitmap understands: one regular expression and one resolver each.

A resolver turns a match into an inclusive day range, a precision and a basis, or ``None``
when the match is not a date after all (31 February, a weekday with no article date...).
Patterns are case-sensitive where capitals are the evidence ("May 9" is a date, "may be" is
not; a month name alone needs a preposition: "in May", never "Theresa May").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from sitmap.model import DateBasis, DatePrecision

from ._calendar import (
    NUMBERS,
    WEEKDAYS,
    add_months,
    month_number,
    month_range,
    nearest_year,
    week_range,
    year_range,
)

__all__ = ["Context", "Resolved", "Rule", "RULES"]

DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Resolved:
    """What an expression means: a day range (``None`` if unknown), precision and basis."""

    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision
    basis: DateBasis
    written_year: bool = False


@dataclass(frozen=True, slots=True)
class Context:
    """What a resolver may use besides its match.

    ``anchor`` is the day range of the last day-precision date found before this one, for
    "the day before" / "the next day". ``year_hint`` is the last day or month with a written
    year earlier in the same paragraph ("In Apr 2021, ... the May 9 parade"), which a
    year-less date follows rather than the article date.
    """

    text: str
    reference: dt.date | None
    anchor: tuple[dt.date, dt.date] | None = None
    year_hint: dt.date | None = None

    @property
    def year_base(self) -> dt.date | None:
        """The date a year-less date takes its year from."""
        return self.year_hint or self.reference


Resolver = Callable[[re.Match[str], Context], Resolved | None]


@dataclass(frozen=True, slots=True)
class Rule:
    """One expression form; ``span_group`` names the group shown as the expression."""

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    span_group: str | None = None


def _month(group: str, *, full_only: bool = False) -> str:
    names = ("January|February|March|April|May|June|July|August|September|October|"
             "November|December")
    if not full_only:
        # Only an abbreviation takes the dot: "in June." ends a sentence, "Sept. 23" does not.
        names += r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
    return rf"(?P<{group}>{names})(?![a-z])"


def _day(group: str) -> str:
    # Not part of a longer number ("3,811", "10.5") and not a year.
    return rf"(?<![\d,.])(?P<{group}>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)(?![,.]\d)"


def _weekday(group: str) -> str:
    # "Thursdays" is a habit, not a date; "Thursday's" is a date.
    return rf"(?P<{group}>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?![a-z])"


_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?![\d,.]\d|\d))?"
_WEEKDAY_PREFIX = r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
_TO = r"\s*(?:-|–|—|\bto\b|\buntil\b|\bthrough\b|\band\b)\s*"
_NUMBER = r"(?P<n>\d{1,2}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
_PART = r"(?:(?P<part>(?i:early|mid|late))[\s-]+)?"
# Fixed-width look-behinds, one per preposition, so the preposition is evidence but not shown.
_MONTH_PREPOSITIONS = ("in", "into", "since", "during", "until", "till", "by", "from",
                       "before", "after", "through", "throughout", "of", "In", "Since", "By",
                       "From", "During", "Until", "Before", "After")
# "of" alone is not enough for a year ("a force of 2000"), but "the summer of" is.
_YEAR_PREPOSITIONS = ("in", "since", "during", "until", "by", "from", "before", "after",
                      "throughout", "In", "Since", "By", "From", "During", "Until", "Before",
                      "After", "Throughout", "spring of", "summer of", "autumn of", "fall of",
                      "winter of", "end of", "start of", "beginning of", "middle of")


def _after_any(words: tuple[str, ...]) -> str:
    return "(?:" + "|".join(rf"(?<=\b{w} )" for w in words) + ")"


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|is due|are due|is set to|are set to|is scheduled|"
    r"are scheduled|scheduled for|plans? to|planned for|expected to|was due to|were due to|"
    r"is to|are to)\b"
)
_CLAUSE_START = re.compile(r"[.!?;\n][^.!?;\n]*\Z")


def _future(ctx: Context, start: int) -> bool:
    """True when the clause before ``start`` speaks of the future ("talks will open on")."""
    before = ctx.text[max(0, start - 120) : start]
    clause = _CLAUSE_START.search(before)
    return bool(_FUTURE_CUE.search(clause.group() if clause else before))


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _explicit_days(m: re.Match[str], ctx: Context, month1: int, day1: int, month2: int,
                   day2: int) -> Resolved | None:
    """A day or day range with an optional year; a year-less one takes the nearest year."""
    written = bool(m.group("year"))
    if written:
        year = int(m.group("year"))
    elif ctx.year_base is not None:
        year = nearest_year(month1, day1, ctx.year_base)
    else:
        return Resolved(None, None, "day", "relative")
    # A range over the new year ("Dec 30 - Jan 2") ends in the next year.
    end_year = year + 1 if (month2, day2) < (month1, day1) else year
    start, end = _date(year, month1, day1), _date(end_year, month2, day2)
    if start is None or end is None or (end - start).days > 62:
        return None
    return Resolved(start, end, "day", "explicit", written_year=written)


def _month_day(m: re.Match[str], ctx: Context) -> Resolved | None:
    month, day = month_number(m.group("mon")), int(m.group("d"))
    return _explicit_days(m, ctx, month, day, month, day)


def _month_day_range(m: re.Match[str], ctx: Context) -> Resolved | None:
    month = month_number(m.group("mon"))
    month2 = month_number(m.group("mon2")) if m.groupdict().get("mon2") else month
    day1, day2 = int(m.group("d1")), int(m.group("d2"))
    if month2 == month and day2 <= day1:
        return None
    return _explicit_days(m, ctx, month, day1, month2, day2)


def _iso(m: re.Match[str], ctx: Context) -> Resolved | None:
    day = _date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    return Resolved(day, day, "day", "explicit", written_year=True) if day else None


def _month_year(m: re.Match[str], ctx: Context) -> Resolved:
    start, end = month_range(int(m.group("year")), month_number(m.group("mon")))
    return Resolved(start, end, "month", "explicit", written_year=True)


def _month_alone(m: re.Match[str], ctx: Context) -> Resolved:
    month = month_number(m.group("mon"))
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, "month", "relative")
    modifier = (m.group("mod") or "").lower()
    if modifier == "last":
        year = ref.year if month < ref.month else ref.year - 1
    elif modifier == "next":
        year = ref.year if month > ref.month else ref.year + 1
    elif modifier == "this":
        year = ref.year
    elif ctx.year_hint is not None:
        year = nearest_year(month, 15, ctx.year_hint)
    elif _future(ctx, m.start()):
        year = ref.year if month >= ref.month else ref.year + 1
    else:
        # A month alone is usually told in the past ("was captured in March").
        year = ref.year if month <= ref.month else ref.year - 1
    start, end = month_range(year, month)
    return Resolved(start, end, "month", "explicit")


def _year(m: re.Match[str], ctx: Context) -> Resolved:
    start, end = year_range(int(m.group("year")))
    return Resolved(start, end, "year", "explicit")


def _decade(m: re.Match[str], ctx: Context) -> Resolved:
    first = int(m.group("decade")) * 10
    return Resolved(dt.date(first, 1, 1), dt.date(first + 9, 12, 31), "year", "explicit")


def _shifted(ctx: Context, days: int) -> Resolved:
    if ctx.reference is None:
        return Resolved(None, None, "day", "relative")
    day = ctx.reference + dt.timedelta(days=days)
    return Resolved(day, day, "day", "relative")


_DAY_WORDS = {
    "today": 0, "tonight": 0, "this morning": 0, "this afternoon": 0, "this evening": 0,
    "yesterday": -1, "last night": -1, "the day before yesterday": -2, "tomorrow": 1,
    "the day after tomorrow": 2,
}


def _day_word(m: re.Match[str], ctx: Context) -> Resolved:
    key = " ".join(m.group("w").lower().split())
    return _shifted(ctx, _DAY_WORDS[key])


def _weekday_date(name: str, ctx: Context, *, modifier: str, start: int) -> dt.date | None:
    ref = ctx.reference
    if ref is None:
        return None
    back = (ref.weekday() - WEEKDAYS[name.lower()]) % 7
    forward = (WEEKDAYS[name.lower()] - ref.weekday()) % 7
    if modifier in ("next", "coming"):
        return ref + dt.timedelta(days=forward or 7)
    if modifier in ("last", "past"):
        return ref - dt.timedelta(days=back or 7)
    if modifier == "this":
        return week_range(ref)[0] + dt.timedelta(days=WEEKDAYS[name.lower()])
    if _future(ctx, start):
        return ref + dt.timedelta(days=forward)
    return ref - dt.timedelta(days=back)


def _weekday_rule(m: re.Match[str], ctx: Context) -> Resolved:
    day = _weekday_date(m.group("wd"), ctx, modifier=(m.group("mod") or "").lower(),
                        start=m.start())
    return Resolved(day, day, "day", "relative")


def _overnight(m: re.Match[str], ctx: Context) -> Resolved | None:
    first = _weekday_date(m.group("w1"), ctx, modifier="", start=m.start())
    gap = (WEEKDAYS[m.group("w2").lower()] - WEEKDAYS[m.group("w1").lower()]) % 7
    if gap != 1:
        return None
    if first is None:
        return Resolved(None, None, "day", "relative")
    return Resolved(first, first + DAY, "day", "relative")


def _count(m: re.Match[str]) -> int:
    word = m.group("n").lower()
    return int(word) if word.isdigit() else NUMBERS[word]


def _calendar_unit(unit: str, day: dt.date) -> tuple[dt.date, dt.date]:
    if unit == "week":
        return week_range(day)
    if unit == "weekend":
        monday = week_range(day)[0]
        return monday + 5 * DAY, monday + 6 * DAY
    if unit == "month":
        return month_range(day.year, day.month)
    return year_range(day.year)


def _step(unit: str, day: dt.date, steps: int) -> dt.date:
    if unit in ("week", "weekend"):
        return day + dt.timedelta(weeks=steps)
    if unit == "day":
        return day + dt.timedelta(days=steps)
    months = steps * (12 if unit == "year" else 1)
    year, month = add_months(day.year, day.month, months)
    return dt.date(year, month, min(day.day, month_range(year, month)[1].day))


_PRECISION: dict[str, DatePrecision] = {
    "day": "day", "week": "week", "weekend": "week", "month": "month", "year": "year",
}


def _relative_unit(m: re.Match[str], ctx: Context) -> Resolved:
    unit = m.group("unit").lower()
    precision = _PRECISION[unit]
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, precision, "relative")
    modifier = " ".join(m.group("mod").lower().split())
    if modifier.startswith("the ") or modifier == "past":
        # "the past week": the seven days up to the article date, not a calendar week.
        return Resolved(_step(unit, ref, -1) + DAY, ref, precision, "relative")
    if modifier in ("last", "previous"):
        start, end = _calendar_unit(unit, _step(unit, ref, -1))
    elif modifier in ("next", "coming"):
        start, end = _calendar_unit(unit, _step(unit, ref, 1))
    else:
        start, end = _calendar_unit(unit, ref)
        if modifier == "earlier this":
            end = max(start, ref - DAY)
        elif modifier == "later this":
            start = min(end, ref + DAY)
    return Resolved(start, end, precision, "relative")


def _weekend(m: re.Match[str], ctx: Context) -> Resolved:
    """"Over the weekend": the last Saturday-Sunday that began on or before the article date."""
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, "week", "relative")
    saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    return Resolved(saturday, saturday + DAY, "week", "relative")


def _ago(m: re.Match[str], ctx: Context) -> Resolved:
    unit = m.group("unit").lower()
    precision = _PRECISION[unit]
    if ctx.reference is None:
        return Resolved(None, None, precision, "relative")
    then = _step(unit, ctx.reference, -_count(m))
    start, end = (then, then) if unit == "day" else _calendar_unit(unit, then)
    return Resolved(start, end, precision, "relative")


def _past_n(m: re.Match[str], ctx: Context) -> Resolved:
    unit = m.group("unit").lower()
    precision = _PRECISION[unit]
    if ctx.reference is None:
        return Resolved(None, None, precision, "relative")
    return Resolved(_step(unit, ctx.reference, -_count(m)) + DAY, ctx.reference, precision,
                    "relative")


_BACKWARD = ("before", "earlier", "previous")


def _from_anchor(m: re.Match[str], ctx: Context) -> Resolved:
    direction = m.group("dir").lower().split()
    days = _count(m) if m.groupdict().get("n") else 1
    if ctx.anchor is not None:
        start, end = ctx.anchor
    elif ctx.reference is not None:
        start = end = ctx.reference
    else:
        return Resolved(None, None, "day", "relative")
    if any(word in _BACKWARD for word in direction):
        day = start - dt.timedelta(days=days)
    else:
        day = end + dt.timedelta(days=days)
    return Resolved(day, day, "day", "relative")


RULES: tuple[Rule, ...] = (
    Rule("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])"), _iso),
    Rule("month-day to month-day", re.compile(
        rf"{_WEEKDAY_PREFIX}{_month('mon')}\s+{_day('d1')}{_TO}{_month('mon2')}\s+{_day('d2')}"
        rf"{_YEAR}"), _month_day_range),
    Rule("month day-day", re.compile(
        rf"{_WEEKDAY_PREFIX}{_month('mon')}\s+{_day('d1')}{_TO}{_day('d2')}{_YEAR}"),
        _month_day_range),
    Rule("day-day month", re.compile(
        rf"{_day('d1')}{_TO}{_day('d2')}\s+(?:of\s+)?{_month('mon')}{_YEAR}"),
        _month_day_range),
    Rule("month day", re.compile(rf"{_WEEKDAY_PREFIX}{_month('mon')}\s+{_day('d')}{_YEAR}"),
         _month_day),
    Rule("day month", re.compile(
        rf"{_WEEKDAY_PREFIX}(?:the\s+)?{_day('d')}\s+(?:of\s+)?{_month('mon')}{_YEAR}"),
        _month_day),
    Rule("month year", re.compile(
        rf"{_PART}{_month('mon')}\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"), _month_year),
    Rule("month", re.compile(
        rf"(?:{_after_any(_MONTH_PREPOSITIONS)}|\b(?=(?i:last|next|this|early|mid|late)[\s-]))"
        rf"(?:(?P<mod>(?i:last|next|this))\s+)?{_PART}{_month('mon', full_only=True)}"
        r"(?![\w-])(?!\s*\d)"), _month_alone),
    Rule("year", re.compile(
        rf"(?:{_after_any(_YEAR_PREPOSITIONS)}|\b(?=(?i:early|mid|late)[\s-]))"
        rf"{_PART}(?P<year>(?:19|20)\d\d)(?![\d'’]|s\b|[,.]\d|\s*(?:%|per))"), _year),
    Rule("decade", re.compile(r"\b(?:the\s+)?(?P<decade>(?:19|20)\d)0s\b"), _decade),
    Rule("day word", re.compile(
        r"\b(?P<w>(?i:the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)|today|tonight|"
        r"yesterday|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)))\b"),
        _day_word),
    Rule("overnight", re.compile(
        r"\b(?i:overnight|(?:on\s+)?the\s+night)\s+(?i:from|of|between)?\s*"
        rf"{_weekday('w1')}(?:\s+night)?\s+(?i:to|into|and|until)\s+{_weekday('w2')}"),
        _overnight),
    Rule("night into", re.compile(
        rf"{_weekday('w1')}\s+night\s+(?i:into|to)\s+{_weekday('w2')}"), _overnight),
    Rule("weekday", re.compile(
        r"(?<!\bevery )(?<!\bEvery )"
        rf"(?:\b(?P<mod>(?i:last|next|this|past|coming))\s+)?{_weekday('wd')}"
        r"(?:\s+(?:morning|afternoon|evening|night))?"), _weekday_rule),
    Rule("this/last/next unit", re.compile(
        r"\b(?P<mod>(?i:earlier\s+this|later\s+this|this|last|next|past|previous|coming|"
        r"the\s+(?:past|last|previous|coming)))\s+(?P<unit>(?i:week(?:end)?|month|year))\b"
        r"(?!\s+of\b)"), _relative_unit),
    Rule("the weekend", re.compile(
        r"\b(?i:over|during|at)\s+(?P<shown>(?i:the\s+weekend))\b"), _weekend, "shown"),
    Rule("ago", re.compile(rf"\b{_NUMBER}\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b"),
         _ago),
    Rule("past n units", re.compile(
        rf"\b(?i:(?:the\s+)?(?:past|last|previous))\s+{_NUMBER}\s+"
        r"(?P<unit>(?i:day|week|month|year))s\b"), _past_n),
    Rule("from anchor", re.compile(
        r"\b(?i:the\s+)?(?P<dir>(?i:day\s+before|previous\s+day|day\s+earlier|day\s+after|"
        r"next\s+day|following\s+day|day\s+later))\b"), _from_anchor),
    Rule("days from anchor", re.compile(
        rf"\b{_NUMBER}\s+(?i:days?)\s+(?P<dir>(?i:later|earlier|before|after))\b"
        r"(?!\s+(?:the|a|an|his|her|their|its)\b)"), _from_anchor),
)
