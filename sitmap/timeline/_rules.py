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
from typing import Literal

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

__all__ = ["Context", "DateHit", "Resolved", "DateRule", "RULES", "START_TOKENS", "StartToken"]

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
    "the day before" / "the next day". ``year_hint`` is a day or month with a written year
    shortly before, in the same paragraph ("In Apr 2021, ... the May 9 parade"), which a
    year-less date follows rather than the article date.
    """

    text: str
    reference: dt.date | None
    anchor: tuple[dt.date, dt.date] | None = None
    year_hint: dt.date | None = None
    anchor_end: int = -1  # where the anchor's expression ends in ``text``


@dataclass(frozen=True, slots=True)
class DateHit:
    """A rule's match: its groups (with those of the words just before it) and its span."""

    groups: dict[str, str]
    start: int
    end: int

    def get(self, name: str) -> str:
        """The text of group ``name``, ``""`` if it did not take part."""
        return self.groups.get(name, "")


Resolver = Callable[[DateHit, Context], "Resolved | None"]
StartToken = Literal["month", "number"]
START_TOKENS: dict[StartToken, re.Pattern[str]] = {
    "month": re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    "number": re.compile(r"\d+"),
}


@dataclass(frozen=True, slots=True)
class DateRule:
    """One expression form.

    ``pattern`` starts with a literal word or digit (so scanning a long text stays fast);
    ``lead``, matched against the words just before, either extends the shown expression
    (its ``shown`` group: "last Friday", "Thursday, Jan 6") or, when ``lead_required``, is
    the evidence the match needs ("in March", "two days ago"). A rule whose matches always
    begin with a month name or a number says so in ``starts_with``: it is then tried only
    where ``START_TOKENS`` finds one, rather than scanning the whole text itself. A rule
    that scans the text may name in ``needs`` words one of which every match contains
    ("ago"): a text with none of them is not scanned (a substring test is far quicker than
    a scan, and most articles have no "ago", "weekend" or "night").
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    lead: re.Pattern[str] | None = None
    lead_required: bool = False
    starts_with: StartToken | None = None
    needs: tuple[str, ...] = ()


# Patterns are flat alternations of literal words where they start: Python's regex engine
# then skips quickly to the places a date can begin (five times faster on news text).


def _month(group: str, *, full_only: bool = False) -> str:
    names = ("January|February|March|April|May|June|July|August|September|October|"
             "November|December")
    if not full_only:
        # Only an abbreviation takes the dot: "in June." ends a sentence, "Sept. 23" does not.
        names += r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?"
    return rf"(?P<{group}>{names})(?![a-z])"


def _day(group: str) -> str:
    # 1-31 is checked when the date is built; not followed by more digits ("3,811", "10.5");
    # what precedes is checked by the finder.
    return rf"(?P<{group}>\d\d?)(?:st|nd|rd|th)?(?!\d)(?![,.]\d)"


def _cased(*phrases: str) -> str:
    """``today|Today|...``: both initial cases as plain alternatives (see above)."""
    return "|".join(f"{p}|{p[0].upper()}{p[1:]}" for p in phrases)


_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:,?\s+(?P<year>(?:19|20)\d\d)(?![\d,.]\d|\d))?"
_TO = r"\s*(?:-|–|—|\bto\b|\buntil\b|\bthrough\b|\band\b)\s*"
_NUMBER = r"(?P<n>\d{1,2}|(?i:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
_PART = r"(?:(?i:early|mid|late)[ -])"
_UNIT = r"(?P<unit>day|week|month|year)"


def _lead(pattern: str) -> re.Pattern[str]:
    """A pattern for the words right before a match (it must end where the match starts)."""
    return re.compile(rf"(?:{pattern})\Z")


# "Thursday, Jan 6": the weekday is shown with the date it names.
_WEEKDAY_LEAD = _lead(rf"(?P<shown>{_WEEKDAY},?\s+)(?:the\s+)?")
_PART_LEAD = _lead(rf"(?P<shown>{_PART})")
_MONTH_LEAD = _lead(
    r"\b(?:(?i:in|into|since|during|until|till|by|from|before|after|through|throughout|of)"
    rf"\s+(?P<shown>{_PART}?)|(?P<shown2>(?P<mod>(?i:last|next|this))\s+{_PART}?|{_PART}))"
)
# "of" alone is not enough for a year ("a force of 2000"), but "the summer of" is.
_YEAR_LEAD = _lead(
    r"\b(?:(?i:in|since|during|until|by|from|before|after|throughout)|"
    r"(?:spring|summer|autumn|fall|winter|end|start|beginning|middle)\s+of)"
    rf"\s+(?P<shown>{_PART}?)|\b(?P<shown2>{_PART})"
)
# "every Friday" is a habit: the finder drops a match whose lead has an ``every`` group.
_WEEKDAY_MOD_LEAD = _lead(
    r"(?P<every>\b(?i:every)\s+)|\b(?P<shown>(?P<mod>(?i:last|next|this|past|coming))\s+)"
)
_UNIT_LEAD = _lead(
    r"\b(?P<shown>(?P<mod>(?i:earlier\s+this|later\s+this|this|last|next|past|previous|"
    r"coming|the\s+(?:past|last|previous|coming)))\s+)"
)
_COUNT_LEAD = _lead(rf"\b(?P<shown>{_NUMBER}\s+)")
_PAST_COUNT_LEAD = _lead(rf"\b(?P<shown>(?i:(?:the\s+)?(?:past|last|previous))\s+{_NUMBER}\s+)")
_THE_LEAD = _lead(r"\b(?P<shown>(?i:the)\s+)")
_WEEKEND_LEAD = _lead(r"\b(?i:over|during|at)\s+(?P<shown>(?i:the)\s+)")
_OVERNIGHT_LEAD = _lead(r"\b(?P<shown>(?i:on\s+)?(?i:the)\s+)")


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|is due|are due|is set to|are set to|is scheduled|"
    r"are scheduled|scheduled for|plans? to|planned for|expected to|was due to|were due to|"
    r"is to|are to)\b"
)
# The future seen from a past report, for a day and month: "said the curfew would be lifted
# on January 10", "called for a rally on 14-15 July", "had set a deadline of Aug 31" (the
# half-year limit keeps a date long past from moving a year on). Not for weekdays: "the
# deadline was Thursday" is the last Thursday.
_LATER_CUE = re.compile(r"\b(?:would(?!'ve|\s+have)|calls?\s+for|called\s+for|deadline)\b")
_CLAUSE_START = re.compile(r"[.!?;\n][^.!?;\n]*\Z")
# What ends the clause a future cue must be in: a full stop that is not an abbreviation's
# ("will succeed Daniel P. Davison Feb. 1", "will meet Gen. Musa on Feb. 3"), one of "!?;",
# a line break, a quote's close (`will go," he said Friday`) or a relative clause's opening
# (", which has been on patrol since March").
_FUTURE_CLAUSE_MARK = re.compile(
    r"[!?;\n]|,\s*(?:[\"”’]|''|(?=(?:which|who|whose|whom)\b))|(?<!\b[A-Za-z])(?<!\bSept)"
    r"(?<!\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Oct|Nov|Dec|Mrs|Gen|Col|Sgt|Gov|Sen|Rep|Ave))"
    r"(?<!\b(?:Mr|Ms|Dr|St|Lt|No|Co|Jr|Sr))\."
)


# A past-tense verb: an auxiliary, or a word in -ed that is neither an adjective nor a verb
# pointing forward ("postponed to Jan 3", "the armed groups").
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|been)\b|"
    r"\b(?!(?:armed|united|based|related|scheduled|planned|expected|delayed|postponed|"
    r"rescheduled|moved|pushed|proposed|intended|needed)\b)[a-z]{3,}ed\b"
)
_CLAUSE_END = re.compile(r"[.!?;\n]")
# A verb that moves something to a later date: "was postponed to Jan 3" is not the past.
_FORWARD_CUE = re.compile(r"\b(?:postponed|delayed|rescheduled|put\s+off|pushed\s+back|moved)\b")


def _past(ctx: Context, start: int, end: int) -> bool:
    """True when the clause around ``start``-``end`` is told in the past tense and not as
    the future ("Troops were killed on Jan 3", "On Jan 3, protesters stormed ...")."""
    if _future(ctx, start):
        return False
    before = ctx.text[max(0, start - 120) : start]
    clause = _CLAUSE_START.search(before)
    after = ctx.text[end : end + 120]
    stop = _CLAUSE_END.search(after)
    text = (clause.group() if clause else before) + " " + after[: stop.start() if stop else None]
    return bool(_PAST_CUE.search(text)) and not _FORWARD_CUE.search(text)


def _future(ctx: Context, start: int, cue: re.Pattern[str] = _FUTURE_CUE) -> bool:
    """True when the clause before ``start`` speaks of the future ("talks will open on")."""
    before = ctx.text[max(0, start - 120) : start]
    found = cue.search(before)
    if found is None:  # most dates: no cue near them, no clause to find
        return False
    marks = list(_FUTURE_CLAUSE_MARK.finditer(before, found.start()))
    return bool(cue.search(before, marks[-1].start()) if marks else found)


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _explicit_days(m: DateHit, ctx: Context, month1: int, day1: int, month2: int,
                   day2: int) -> Resolved | None:
    """A day or day range with an optional year (a year-less one: see ``_yearless_day``)."""
    if not (1 <= day1 <= 31 and 1 <= day2 <= 31):
        return None
    written = bool(m.get("year"))
    if written:
        year = int(m.get("year"))
    elif ctx.year_hint is not None:
        year = nearest_year(month1, day1, ctx.year_hint)
    elif (after := _just_after(ctx, m.start, month1, day1)) is not None:
        year = after  # "erupted on Feb 27 and lasted until March 2": March after that Feb 27
    elif ctx.reference is not None:
        later = _future(ctx, m.start) or _future(ctx, m.start, _LATER_CUE)
        year = _yearless_day(month1, day1, ctx.reference, future=later,
                             past=not later and _past(ctx, m.start, m.end))
    else:
        return Resolved(None, None, "day", "relative")
    # A range over the new year ("Dec 30 - Jan 2") ends in the next year.
    end_year = year + 1 if (month2, day2) < (month1, day1) else year
    start, end = _date(year, month1, day1), _date(end_year, month2, day2)
    if start is None or end is None or (end - start).days > 62:
        return None
    return Resolved(start, end, "day", "explicit", written_year=written)


def _just_after(ctx: Context, at: int, month: int, day: int) -> int | None:
    """The year of the day ``month``/``day`` (at text offset ``at``) if it falls on or up to
    two months after a date told earlier in the same sentence (``ctx.anchor``), else
    ``None``: "erupted on Feb 27 and lasted until March 2"."""
    if ctx.anchor is None or ctx.anchor_end < 0:
        return None
    if _SENTENCE_BREAK.search(ctx.text, ctx.anchor_end, at):
        return None
    start = ctx.anchor[0]
    for year in (start.year, start.year + 1):
        candidate = _date(year, month, min(day, 28) if month == 2 else day)
        if candidate is not None and 0 <= (candidate - start).days <= 62:
            return year
    return None


_SENTENCE_BREAK = re.compile(r"[.!?;]\s|\n")
_SOON = 31  # days: a year-less date this close ahead is the coming one ("talks on Jan 9")
_HALF_YEAR = 183


def _yearless_day(month: int, day: int, ref: dt.date, *, future: bool,
                  past: bool = False) -> int:
    """The year of a year-less date: news tells the past, so the last such day on or before
    the article date ``ref`` - unless the clause speaks of the future (then the next one
    within half a year), or the next one is nearer and within a month and the clause is not
    told in the past tense (``past``: "Troops were killed on Jan 3" in an article of 30
    December happened 362 days before, not in four days). 29 February counts as the 28th.
    """
    this_year = dt.date(ref.year, month, min(day, 28))
    this_past = this_year if this_year <= ref else this_year.replace(year=ref.year - 1)
    coming = this_year if this_year > ref else this_year.replace(year=ref.year + 1)
    ahead, behind = (coming - ref).days, (ref - this_past).days
    if future:
        return coming.year if ahead <= _HALF_YEAR else this_past.year
    return coming.year if ahead <= _SOON and ahead < behind and not past else this_past.year


def _month_day(m: DateHit, ctx: Context) -> Resolved | None:
    month, day = month_number(m.get("mon")), int(m.get("d"))
    return _explicit_days(m, ctx, month, day, month, day)


def _month_day_range(m: DateHit, ctx: Context) -> Resolved | None:
    month = month_number(m.get("mon"))
    month2 = month_number(m.get("mon2")) if m.get("mon2") else month
    day1, day2 = int(m.get("d1")), int(m.get("d2"))
    if month2 == month and day2 <= day1:
        return None
    return _explicit_days(m, ctx, month, day1, month2, day2)


def _iso(m: DateHit, ctx: Context) -> Resolved | None:
    day = _date(int(m.get("y")), int(m.get("m")), int(m.get("d")))
    return Resolved(day, day, "day", "explicit", written_year=True) if day else None


def _month_year(m: DateHit, ctx: Context) -> Resolved:
    start, end = month_range(int(m.get("year")), month_number(m.get("mon")))
    return Resolved(start, end, "month", "explicit", written_year=True)


def _month_alone(m: DateHit, ctx: Context) -> Resolved:
    month = month_number(m.get("mon"))
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, "month", "relative")
    modifier = m.get("mod").lower()
    if modifier == "last":
        year = ref.year if month < ref.month else ref.year - 1
    elif modifier == "next":
        year = ref.year if month > ref.month else ref.year + 1
    elif modifier == "this":
        year = ref.year
    elif ctx.year_hint is not None:
        year = nearest_year(month, 15, ctx.year_hint)
    elif _future(ctx, m.start):
        year = ref.year if month >= ref.month else ref.year + 1
    else:
        # A month alone is usually told in the past ("was captured in March").
        year = ref.year if month <= ref.month else ref.year - 1
    start, end = month_range(year, month)
    return Resolved(start, end, "month", "explicit")


def _year(m: DateHit, ctx: Context) -> Resolved:
    start, end = year_range(int(m.get("year")))
    return Resolved(start, end, "year", "explicit")


def _decade(m: DateHit, ctx: Context) -> Resolved:
    first = int(m.get("decade")) * 10
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


def _day_word(m: DateHit, ctx: Context) -> Resolved:
    key = " ".join(m.get("w").lower().split())
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


def _weekday_rule(m: DateHit, ctx: Context) -> Resolved:
    day = _weekday_date(m.get("wd"), ctx, modifier=m.get("mod").lower(),
                        start=m.start)
    return Resolved(day, day, "day", "relative")


def _overnight(m: DateHit, ctx: Context) -> Resolved | None:
    first = _weekday_date(m.get("w1"), ctx, modifier="", start=m.start)
    gap = (WEEKDAYS[m.get("w2").lower()] - WEEKDAYS[m.get("w1").lower()]) % 7
    if gap != 1:
        return None
    if first is None:
        return Resolved(None, None, "day", "relative")
    return Resolved(first, first + DAY, "day", "relative")


def _count(m: DateHit) -> int:
    word = m.get("n").lower()
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


def _relative_unit(m: DateHit, ctx: Context) -> Resolved:
    unit = m.get("unit").lower()
    precision = _PRECISION[unit]
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, precision, "relative")
    modifier = " ".join(m.get("mod").lower().split())
    if modifier in ("past", "the past", "the last", "the previous"):
        # "the past week": the seven days up to the article date, not a calendar week.
        return Resolved(_step(unit, ref, -1) + DAY, ref, precision, "relative")
    if modifier in ("last", "previous"):
        start, end = _calendar_unit(unit, _step(unit, ref, -1))
    elif modifier in ("next", "coming", "the coming"):
        start, end = _calendar_unit(unit, _step(unit, ref, 1))
    else:
        start, end = _calendar_unit(unit, ref)
        if modifier == "earlier this":
            end = max(start, ref - DAY)
        elif modifier == "later this":
            start = min(end, ref + DAY)
    return Resolved(start, end, precision, "relative")


def _weekend(m: DateHit, ctx: Context) -> Resolved:
    """"Over the weekend": the last Saturday-Sunday that began on or before the article date."""
    ref = ctx.reference
    if ref is None:
        return Resolved(None, None, "week", "relative")
    saturday = ref - dt.timedelta(days=(ref.weekday() - 5) % 7)
    return Resolved(saturday, saturday + DAY, "week", "relative")


def _ago(m: DateHit, ctx: Context) -> Resolved:
    unit = m.get("unit").lower()
    precision = _PRECISION[unit]
    if ctx.reference is None:
        return Resolved(None, None, precision, "relative")
    then = _step(unit, ctx.reference, -_count(m))
    start, end = (then, then) if unit == "day" else _calendar_unit(unit, then)
    return Resolved(start, end, precision, "relative")


def _few_ago(m: DateHit, ctx: Context) -> Resolved:
    """"A few days ago", "several weeks ago": somewhere two to five units back, so the
    range says how vague it is (precision week for days, month for weeks)."""
    unit = m.get("unit").lower()
    vaguer: dict[str, DatePrecision] = {"day": "week", "week": "month"}
    precision = vaguer.get(unit, "year")
    if ctx.reference is None:
        return Resolved(None, None, precision, "relative")
    start = _step(unit, ctx.reference, -5 if m.get("few").lower() == "several" else -4)
    end = _step(unit, ctx.reference, -2)
    if unit != "day":
        start, end = _calendar_unit(unit, start)[0], _calendar_unit(unit, end)[1]
    return Resolved(start, end, precision, "relative")


def _past_hours(m: DateHit, ctx: Context) -> Resolved:
    """"In the past 24 hours", "the last 48 hours": the days those hours touch, up to the
    article date."""
    if ctx.reference is None:
        return Resolved(None, None, "day", "relative")
    days = -(-int(m.get("h")) // 24)  # whole days, rounded up
    return Resolved(ctx.reference - days * DAY, ctx.reference, "day", "relative")


def _past_n(m: DateHit, ctx: Context) -> Resolved:
    unit = m.get("unit").lower()
    precision = _PRECISION[unit]
    if ctx.reference is None:
        return Resolved(None, None, precision, "relative")
    return Resolved(_step(unit, ctx.reference, -_count(m)) + DAY, ctx.reference, precision,
                    "relative")


_BACKWARD = ("before", "earlier", "previous")


def _from_anchor(m: DateHit, ctx: Context) -> Resolved:
    direction = m.get("dir").lower().split()
    days = _count(m) if m.get("n") else 1
    if m.get("unit").lower().startswith("week"):
        days *= 7
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


RULES: tuple[DateRule, ...] = (
    DateRule("iso", re.compile(r"(?P<y>[12]\d{3})-(?P<m>\d\d)-(?P<d>\d\d)(?![\d-])"), _iso,
             starts_with="number"),
    DateRule("month-day to month-day", re.compile(
        rf"{_month('mon')}\s+{_day('d1')}{_TO}{_month('mon2')}\s+{_day('d2')}{_YEAR}"),
        _month_day_range, _WEEKDAY_LEAD, starts_with="month"),
    DateRule("month day-day",
             re.compile(rf"{_month('mon')}\s+{_day('d1')}{_TO}{_day('d2')}{_YEAR}"),
             _month_day_range, _WEEKDAY_LEAD, starts_with="month"),
    # "from 30 December to 2 January" reads as one range, like "from Dec 30 to Jan 2".
    DateRule("day-month to day-month", re.compile(
        rf"{_day('d1')}\s+(?:of\s+)?{_month('mon')}{_TO}{_day('d2')}\s+(?:of\s+)?"
        rf"{_month('mon2')}{_YEAR}"),
        _month_day_range, _WEEKDAY_LEAD, starts_with="number"),
    DateRule("day-day month", re.compile(
        rf"{_day('d1')}{_TO}{_day('d2')}\s+(?:of\s+)?{_month('mon')}{_YEAR}"),
        _month_day_range, _WEEKDAY_LEAD, starts_with="number"),
    DateRule("month day", re.compile(rf"{_month('mon')}\s+{_day('d')}{_YEAR}"), _month_day,
             _WEEKDAY_LEAD, starts_with="month"),
    DateRule("day month", re.compile(rf"{_day('d')}\s+(?:of\s+)?{_month('mon')}{_YEAR}"),
             _month_day, _WEEKDAY_LEAD, starts_with="number"),
    DateRule("month year",
             re.compile(rf"{_month('mon')}\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"),
             _month_year, _PART_LEAD, starts_with="month"),
    DateRule("month", re.compile(rf"{_month('mon', full_only=True)}(?![\w-])(?!\s*\d)"),
             _month_alone, _MONTH_LEAD, lead_required=True, starts_with="month"),
    DateRule("year", re.compile(r"(?P<year>(?:19|20)\d\d)(?![\d'’]|s\b|[,.]\d|\s*(?:%|per))"),
             _year, _YEAR_LEAD, lead_required=True, starts_with="number"),
    DateRule("decade", re.compile(r"(?P<decade>(?:19|20)\d)0s\b"), _decade, _THE_LEAD,
             starts_with="number"),
    DateRule("day word", re.compile(
        r"(?P<w>"
        + _cased("today", "tonight", "yesterday", "tomorrow", r"last\s+night",
                 r"this\s+(?:morning|afternoon|evening)",
                 r"the\s+day\s+(?:before\s+yesterday|after\s+tomorrow)")
        + r")\b"), _day_word,
             needs=("oday", "night", "esterday", "omorrow", "morning", "afternoon", "evening")),
    DateRule("overnight", re.compile(
        rf"(?:Overnight|overnight|night)\s+(?:from\s+|of\s+|between\s+)?(?P<w1>{_WEEKDAY})"
        rf"(?:\s+night)?\s+(?:to|into|and|until)\s+(?P<w2>{_WEEKDAY})\b"),
        _overnight, _OVERNIGHT_LEAD, needs=("night",)),
    DateRule("night into", re.compile(
        rf"(?P<w1>{_WEEKDAY})\s+night\s+(?:into|to)\s+(?P<w2>{_WEEKDAY})\b"), _overnight,
        needs=("night",)),
    # "Thursdays" is a habit, not a date; "Thursday's" is a date.
    # "the last Thursday in November" is a rule of the calendar, not a date.
    DateRule("weekday", re.compile(
        rf"(?P<wd>{_WEEKDAY})(?![a-z])(?!\s+(?:in|of)\s+{_month('later')})"
        r"(?:\s+(?:morning|afternoon|evening|night))?"),
        _weekday_rule, _WEEKDAY_MOD_LEAD),
    DateRule("this/last/next unit", re.compile(r"(?P<unit>week(?:end)?|month|year)\b(?!\s+of\b)"),
             _relative_unit, _UNIT_LEAD, lead_required=True),
    DateRule("the weekend", re.compile(r"weekend\b"), _weekend, _WEEKEND_LEAD, lead_required=True,
             needs=("weekend",)),
    DateRule("ago", re.compile(rf"{_UNIT}s?\s+ago\b"), _ago, _COUNT_LEAD, lead_required=True,
             needs=("ago",)),
    DateRule("past n units", re.compile(rf"{_UNIT}s\b"), _past_n, _PAST_COUNT_LEAD,
             lead_required=True),
    DateRule("few units ago", re.compile(
        r"(?P<few>" + _cased(r"a\s+few", "several", r"a\s+couple\s+of")
        + rf")\s+{_UNIT}s\s+ago\b"), _few_ago,
        needs=("ago",)),
    DateRule("past hours", re.compile(
        r"(?P<h>\d{1,3})\s+hours\b"), _past_hours, _lead(
            r"\b(?P<shown>(?i:(?:the\s+)?(?:past|last|previous))\s+)"), lead_required=True,
        starts_with="number"),
    # Every alternative opens with a plain word (_cased), so the scan looks only where one
    # of their first letters is: a group or a class first makes it try every position.
    DateRule("from anchor", re.compile(
        r"(?P<dir>"
        + _cased(r"day\s+(?:before|earlier|after|later)",
                 r"night\s+(?:before|earlier|after|later)",
                 r"previous\s+(?:day|night)", r"next\s+(?:day|night)",
                 r"following\s+(?:day|night)")
        + r")\b"), _from_anchor, _THE_LEAD, needs=("ay", "ight")),
    DateRule("days from anchor", re.compile(
        r"(?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|before|after)\b"
        r"(?!\s+(?:the|a|an|his|her|their|its)\b)"),
        _from_anchor, _COUNT_LEAD, lead_required=True, needs=("day", "week")),
)
