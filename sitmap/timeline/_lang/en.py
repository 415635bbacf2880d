"""English: the date vocabulary and rules (one regular expression and one resolver each).

A resolver turns a match into an inclusive day range, a precision and a basis, or ``None``
when the match is not a date after all (31 February, a weekday with no article date...).
Patterns are case-sensitive where capitals are the evidence ("May 9" is a date, "may be" is
not; a month name alone needs a preposition: "in May", never "Theresa May").

This module is the English rule set of ``sitmap.timeline`` (``LANGUAGE``, ``RULES``,
``START_TOKENS``, ``fold_case``: see ``sitmap.timeline._lang.RuleSet``); another language is
another module beside it.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from sitmap.model import DateBasis, DatePrecision

from .._calendar import (
    add_months,
    month_range,
    nearest_year,
    week_range,
    year_range,
)
from .._rules import Context, DateHit, DateRule, Resolved, StartToken

__all__ = ["LANGUAGE", "RULES", "START_TOKENS", "fold_case"]

LANGUAGE = "en"
DAY = dt.timedelta(days=1)

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


# A date in capitals: a live blog's day heading ("WEDNESDAY, JULY 2"), a dateline or a
# headline ("2 JULY 2025", "SEPT. 4"). A month in capitals counts only beside a day number, a
# weekday only beside such a date or alone at the end of a line (a heading), so a headline's
# "PROTESTS MAY SPREAD" or "MARCH ON PARLIAMENT" stays words; after a number, a short form
# needs its stop or a year ("6 JAN. 2022", "6 JAN 2022"), since "3 DEC MEMBERS" is an acronym.
_CAPS_FULL_MONTH = (r"(?:JANUARY|FEBRUARY|MARCH|APRIL|MAY|JUNE|JULY|AUGUST|SEPTEMBER|"
                    r"OCTOBER|NOVEMBER|DECEMBER)")
_CAPS_SHORT_MONTH = r"(?:JAN|FEB|MAR|APR|JUN|JUL|AUG|SEPT|SEP|OCT|NOV|DEC)"
_CAPS_WEEKDAY = r"(?:MONDAY|TUESDAY|WEDNESDAY|THURSDAY|FRIDAY|SATURDAY|SUNDAY)"
_CAPS_DATE: Final = re.compile(
    rf"\b(?:{_CAPS_WEEKDAY},?[ \t]+)?(?:(?:{_CAPS_FULL_MONTH}|{_CAPS_SHORT_MONTH})\.?[ \t]+"
    rf"\d{{1,2}}(?!\d)|\d{{1,2}}[ \t]+(?:{_CAPS_FULL_MONTH}\b|{_CAPS_SHORT_MONTH}"
    rf"(?:\.|(?=[ \t]+\d{{4}}\b))))|\b{_CAPS_WEEKDAY}(?=[ \t]*$)",
    re.MULTILINE,
)
_CAPS_WORD: Final = re.compile(r"[A-Z]{2,}")
# A cheap first look (a pattern that starts with letters is searched fast): most texts hold
# no word in capitals that begins like a month or a weekday.
_CAPS_MAYBE: Final = re.compile(
    r"(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC|MON|TUE|WED|THU|FRI|SAT|SUN)[A-Z]*\b")


def fold_case(text: str) -> str:
    """``text`` with each date written in capitals (see ``_CAPS_DATE``) in the case the rules
    read ("WEDNESDAY, JULY 2" -> "Wednesday, July 2"); every other character as it is, so
    offsets into the result are offsets into ``text``. Raises nothing."""
    if _CAPS_MAYBE.search(text) is None or _CAPS_DATE.search(text) is None:
        return text
    chars = list(text)
    for date in _CAPS_DATE.finditer(text):
        for word in _CAPS_WORD.finditer(text, date.start(), date.end()):
            chars[word.start() + 1 : word.end()] = word.group()[1:].lower()
    return "".join(chars)


START_TOKENS: dict[StartToken, re.Pattern[str]] = {
    "month": re.compile("Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"),
    "number": re.compile(r"\d+"),
    # A unit of time: five rules start with one ("last week", "two days ago", "the past
    # three years"), so the text is scanned for units once instead of once per rule. A
    # unit the scan steps over (inside another: "dayear") starts inside a word, where no
    # match counts.
    "unit": re.compile("day|week|month|year"),
}


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
# "of" alone is not enough for a year ("a force of 2000"), but "the summer of" is. A
# determiner ("its 1990 invasion"), "between" or a year just before ("in 1989 and 1990")
# make one only if no count noun follows (``_NOT_A_YEAR_AFTER``: "its 2000 employees").
_YEAR_LEAD = _lead(
    r"\b(?:(?i:in|since|during|until|by|from|before|after|throughout)|"
    r"(?:spring|summer|autumn|fall|winter|end|start|beginning|middle)\s+of)"
    rf"\s+(?P<shown>{_PART}?)|\b(?P<shown2>{_PART}|(?i:fiscal)\s+(?:(?i:year)\s+)?)|"
    r"\b(?P<det>(?i:the|its|his|her|their|our|a|this|that|between))\s+|"
    r"\b(?P<det2>(?:19|20)\d\d)\s*(?:and|or|to|through|until|-|–)\s*"
)
_NOT_A_YEAR_AFTER = re.compile(
    r"(?:\s+|-)(?:[a-z]+(?<![sui])s\b|people|men|women|children|police|staff|"
    r"personnel|km|kg|mph|ft|sq|pound|mile|metre|meter|foot|feet|ton|tonne|kilometre|"
    r"kilometer|kilogram|gallon|barrel|acre|hectare|strong|page|word|member|man|seat|bed|"
    r"point|per\b)"
)
_NAME_AFTER = re.compile(r"\s+[A-Z]")
_YEAR_PAIR_AFTER = re.compile(r"\s*(?:and|to|-|–)\s*(?:19|20)\d\d(?!\d)")
# "every Friday" is a habit: the finder drops a match whose lead has an ``every`` group.
_WEEKDAY_MOD_LEAD = _lead(
    r"(?P<every>\b(?i:every)\s+)|\b(?P<shown>(?P<mod>(?i:last|next|this|past|coming))\s+)"
)
_UNIT_LEAD = _lead(
    r"\b(?P<shown>(?P<mod>(?i:earlier\s+this|later\s+this|this|last|next|past|previous|"
    r"coming|the\s+(?:past|last|previous|coming)))\s+|"
    r"(?P<that>(?i:(?:later|earlier)\s+(?:in\s+)?)?(?i:that)|"
    r"(?i:the\s+)?(?P<following>(?i:following)))\s+)"
)
_COUNT_LEAD = _lead(rf"\b(?P<shown>{_NUMBER}\s+)")
_PAST_COUNT_LEAD = _lead(rf"\b(?P<shown>(?i:(?:the\s+)?(?:past|last|previous))\s+{_NUMBER}\s+)")
_THE_LEAD = _lead(r"\b(?P<shown>(?i:the)\s+)")
_WEEKEND_LEAD = _lead(r"\b(?i:over|during|at)\s+(?P<shown>(?i:the)\s+)")
_OVERNIGHT_LEAD = _lead(r"\b(?P<shown>(?i:on\s+)?(?i:the)\s+)")


_FUTURE_CUE = re.compile(
    r"\b(?:will|won't|shall|'ll|is due|are due|set to|scheduled|slated|plans? to|planned for|"
    r"expected to|was due to|were due to|is to|are to|supposed to|intends? to|"
    r"to be (?:[a-z]+ed|held|sent|made|given|taken|built|paid|sold|run|shown)|"
    r"as soon as|payable|effective|expires?|expiring)\b"
)
# The future seen from a past report, for a day and month: "said the curfew would be lifted
# on January 10", "called for a rally on 14-15 July", "had set a deadline of Aug 31" (the
# half-year limit keeps a date long past from moving a year on). Not for weekdays: "the
# deadline was Thursday" is the last Thursday.
_LATER_CUE = re.compile(
    r"\b(?:would(?!['’]ve|\s+have)|should(?!['’]ve|\s+have)|calls?\s+for|called\s+for|"
    r"calling\s+for|deadline)\b"
)
# The future seen from a report, for a weekday: "said they would hold a rally on Saturday",
# "called for a strike on Monday" (the coming one); not "deadline" ("the deadline was
# Thursday" is the last Thursday).
_WEEKDAY_LATER_CUE = re.compile(
    r"\b(?:would(?!['’]ve|\s+have)|calls?\s+for|called\s+for|calling\s+for)\b"
)
# A weekday right after a verb in the past tells when that was done ("they would appeal the
# decision, announced Wednesday by ...", "..., Castro said Sunday"), whatever the clause says.
_PAST_VERB_BEFORE = re.compile(r"\b(?:said|told|[a-z]{2,}ed)\s+(?:on\s+)?\Z")
# A full stop ends a clause unless it ends an abbreviation or an initial ("Daniel P.
# Davison", "Feb. 1", "Gen. Smith") or sits inside a word or number ("U.S", "10.5").
_BOUNDARY = re.compile(r"[!?;\n]|\.(?=\s)")
_CLAUSE_START = re.compile(r"[.!?;\n][^.!?;\n]*\Z")
_CLOSING = frozenset("\"'”’)]")
_ABBREVIATIONS = frozenset((
    "mr", "mrs", "ms", "dr", "st", "gen", "lt", "col", "capt", "sgt", "maj", "adm", "cmdr",
    "sen", "rep", "gov", "pres", "prof", "rev", "jr", "sr", "co", "corp", "inc", "ltd",
    "bros", "no", "vs", "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec", "mt", "ft", "ave", "dept", "univ", "approx", "est", "fig",
))


def _real_boundary(text: str, at: int) -> bool:
    """True when the boundary character at ``text[at]`` ends a clause."""
    if text[at] != ".":
        return True
    after = text[at + 1 : at + 2]
    if after and not after.isspace():
        return after in _CLOSING  # "... by livestock." Grendell said: the quote is closed
    if at < 3 or not text[at - 1].isalpha() or text[at - 3 : at].islower():
        return True  # after a number or a lower-case word ("attacked."): a sentence end
    begin = at
    while begin > 0 and at - begin < 7 and text[begin - 1].isalpha():
        begin -= 1
    word = text[begin:at]
    if not word or at - begin >= 7:
        return True
    # An initial ("Daniel P."), "a.m.", "D. C." or a listed abbreviation.
    return not (len(word) == 1 or word.lower() in _ABBREVIATIONS)


def _clause_before(text: str, start: int) -> str:
    """The clause up to ``start``, at most 120 characters back."""
    low = max(0, start - 120)
    until = start
    while (boundary := _CLAUSE_START.search(text, low, until)) is not None:
        if _real_boundary(text, boundary.start()):
            return text[boundary.start() + 1 : start]
        until = boundary.start()
    return text[low:start]


def _clause_after(text: str, end: int) -> str:
    """The clause from ``end``, at most 120 characters on."""
    high = min(len(text), end + 120)
    for boundary in _BOUNDARY.finditer(text, end, high):
        if _real_boundary(text, boundary.start()):
            return text[end : boundary.start()]
    return text[end:high]


# A past-tense verb: an auxiliary, or a word in -ed that is neither an adjective nor a verb
# pointing forward ("postponed to Jan 3", "the armed groups").
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|been)\b|"
    r"\b(?!(?:armed|united|based|related|scheduled|planned|expected|delayed|postponed|"
    r"rescheduled|moved|pushed|proposed|intended|needed)\b)[a-z]{3,}ed\b"
)
# A verb that moves something to a later date: "was postponed to Jan 3" is not the past.
_FORWARD_CUE = re.compile(
    r"\b(?:postponed|delayed|rescheduled|put\s+off|pushed\s+back|moved|extended)\b"
)


def _past(ctx: Context, start: int, end: int) -> bool:
    """True when the clause around ``start``-``end`` is told in the past tense and not as
    the future ("Troops were killed on Jan 3", "On Jan 3, protesters stormed ...")."""
    if _future(ctx, start):
        return False
    text = _clause_before(ctx.text, start) + " " + _clause_after(ctx.text, end)
    return bool(_PAST_CUE.search(text)) and not _FORWARD_CUE.search(text)


def _future(ctx: Context, start: int, cue: re.Pattern[str] = _FUTURE_CUE) -> bool:
    """True when the clause before ``start`` speaks of the future ("talks will open on")."""
    return bool(cue.search(_clause_before(ctx.text, start)))


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
    elif _month_ahead(ctx.text, m.start, month, ref):
        year = ref.year if month > ref.month else ref.year + 1
    else:
        # A month alone is usually told in the past ("was captured in March").
        year = ref.year if month <= ref.month else ref.year - 1
    start, end = month_range(year, month)
    return Resolved(start, end, "month", "explicit")


# A report of what is to come, in the words right before a month alone: "they would be paid
# in December", "could not pay before December", "has called for elections in March".
_AHEAD_CUE = re.compile(
    r"\b(?:would|could|should|may|might|must|can(?:not)?|calls?\s+for|called\s+for|"
    r"calling\s+for|deadline)\b(?!'ve|\s+have)[^,]*\b(?:in|by|before|until|till)\s+\Z"
)


def _month_ahead(text: str, start: int, month: int, ref: dt.date) -> bool:
    """True when the month alone at ``start`` is told as what is to come from the report
    (``_AHEAD_CUE`` in the same part of the clause, no comma between) and its coming
    occurrence is under half a year after the article date ``ref``; "Protests, which would
    spread, began in December" is the past: a comma stands between."""
    ahead = (month - ref.month) % 12
    if not 0 < ahead < 6:
        return False
    return bool(_AHEAD_CUE.search(_clause_before(text, start)))


def _year(m: DateHit, ctx: Context) -> Resolved | None:
    if m.get("det") or m.get("det2"):
        if _NOT_A_YEAR_AFTER.match(ctx.text, m.end):
            return None
        # "a 1996 Dodge pickup", "a 2000 Ford Taurus": a model year, not when anything was.
        if m.get("det").lower() in ("a", "an") and _NAME_AFTER.match(ctx.text, m.end):
            return None
        if m.get("det").lower() == "between" and not _YEAR_PAIR_AFTER.match(ctx.text, m.end):
            return None
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
    if _future(ctx, start) or (_future(ctx, start, _WEEKDAY_LATER_CUE)
                               and not _PAST_VERB_BEFORE.search(ctx.text, max(0, start - 24),
                                                                start)
                               and not _possessive(ctx.text, name, start)):
        return ref + dt.timedelta(days=forward)
    return ref - dt.timedelta(days=back)


def _possessive(text: str, name: str, start: int) -> bool:
    """Whether the weekday ``name`` found at or after ``start`` is a possessive
    ("Wednesday's ruling": a thing that already happened)."""
    at = text.find(name, start, start + 24)
    return at >= 0 and text.startswith(("'s", "\u2019s"), at + len(name))


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


def _relative_unit(m: DateHit, ctx: Context) -> Resolved | None:
    unit = m.get("unit").lower()
    if m.get("apart"):
        return _year_apart(m, ctx)
    if m.get("that") or m.get("following"):
        return _that_unit(m, ctx)
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
    # "profit of $3 million a year ago" after "the third quarter": that quarter a year back.
    period = _recent_period(ctx, m.start, reach=_PERIOD_REACH) if unit == "year" else None
    if period is not None:
        return _period(_shift_range(period, -12 * _count(m)), basis="relative", refers=False)
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


# --- reporting periods: quarters, halves, "the year-ago quarter" ---------------------------

_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "last": 4}
# How far back "a year earlier" looks for the period it compares with (about two short
# paragraphs of an earnings report).
_PERIOD_REACH = 600


def _quarter_range(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    first = month_range(year, 3 * quarter - 2)[0]
    return first, month_range(year, 3 * quarter)[1]


def _quarter_of(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _shift_range(span: tuple[dt.date, dt.date], months: int) -> tuple[dt.date, dt.date]:
    """``span`` moved by whole months; a range of whole months stays one."""
    start, end = span
    y0, m0 = add_months(start.year, start.month, months)
    y1, m1 = add_months(end.year, end.month, months)
    last = month_range(y1, m1)[1]
    whole_month_end = end == month_range(end.year, end.month)[1]
    return (dt.date(y0, m0, min(start.day, month_range(y0, m0)[1].day)),
            last if whole_month_end else dt.date(y1, m1, min(end.day, last.day)))


def _last_completed_quarter(ref: dt.date) -> tuple[dt.date, dt.date]:
    year, month = add_months(ref.year, 3 * _quarter_of(ref) - 2, -3)
    return _quarter_range(year, _quarter_of(dt.date(year, month, 1)))


def _recent_period(ctx: Context, at: int, *, reach: int | None = None) -> tuple[dt.date,
                                                                                dt.date] | None:
    """The reporting period told last before ``at`` (within ``reach`` characters)."""
    if ctx.period is None or (reach is not None and at - ctx.period_end > reach):
        return None
    return ctx.period


def _period(span: tuple[dt.date, dt.date], *, written: bool = False,
            basis: DateBasis = "explicit", refers: bool = True) -> Resolved:
    # A quarter has no precision of its own in sitmap: "year" is the
    # precision it is within; the day range says which part of the year.
    return Resolved(span[0], span[1], "year", basis, written_year=written, period=refers)


def _quarter(m: DateHit, ctx: Context) -> Resolved | None:
    """"the third quarter", "third-quarter", "the 1988 second quarter", "next year's first
    quarter", "the fourth quarter of 1990"."""
    n = _ORDINALS[m.get("q").lower()]
    written = m.get("year") or m.get("lyear")
    ref = ctx.reference
    if m.get("q").lower() == "last" and not written and not m.get("mod") and ref is not None:
        return _period(_last_completed_quarter(ref), basis="relative")  # "last quarter"
    if written:
        year = int(written)
    elif ref is None:
        return Resolved(None, None, "year", "relative")
    elif m.get("mod"):
        year = ref.year + {"this": 0, "last": -1, "next": 1}[m.get("mod").lower()]
    else:
        first, last = _quarter_range(ref.year, n)
        if _future(ctx, m.start):
            year = ref.year if last >= ref else ref.year + 1
        else:
            # Reports tell the quarter that has begun: the latest one that started by now.
            year = ref.year if first <= ref else ref.year - 1
    return _period(_quarter_range(year, n), written=bool(written))


def _period_rule(m: DateHit, ctx: Context) -> Resolved | None:
    """A numbered quarter (``_quarter``) or one referred to (``_period_ref``)."""
    if m.get("q"):
        return _quarter(m, ctx) if m.get("unit") == "quarter" else None
    if m.get("year"):
        return None
    return _period_ref(m, ctx)


def _period_ref(m: DateHit, ctx: Context) -> Resolved | None:
    """"the quarter", "the latest quarter", "the current quarter", "that quarter", "the
    year-ago period", "the comparable period a year earlier", "the 1988 period"."""
    ref = ctx.reference
    which = " ".join((m.get("pre") + m.get("which")).lower().replace("-", " ").split())
    det = m.get("det").lower()
    told = _recent_period(ctx, m.start)
    if ref is None:
        return None if told is None else _period(told, refers=False)
    if which == "current" or (det == "this" and not which):
        return _period(_quarter_range(ref.year, _quarter_of(ref)), basis="relative")
    base = told or _last_completed_quarter(ref)
    if m.get("pyear"):
        year = int(m.get("pyear"))
        return _period(_shift_range(base, 12 * (year - base[0].year)), written=True,
                       refers=False)
    if "year" in which or m.get("ago") or m.get("pmod"):
        return _period(_shift_range(base, -12), basis="relative", refers=False)
    if told is None and (det == "that" or which in ("same", "comparable", "corresponding")):
        return None
    if m.get("unit").lower() == "period" and not which:
        return None
    return _period(base, basis="relative" if told is None else "explicit", refers=False)


def _year_apart(m: DateHit, ctx: Context) -> Resolved | None:
    """"a year earlier", "year-ago", "a year later": the period just told, moved a year;
    else the day (``anchor``) or, failing both, the year before or after the article's."""
    later = "later" in m.get("dir").lower() or "after" in m.get("dir").lower()
    years = (_count(m) if m.get("n") else 1) * (1 if later else -1)
    period = _recent_period(ctx, m.start, reach=_PERIOD_REACH)
    if period is not None:
        return _period(_shift_range(period, 12 * years), basis="relative", refers=False)
    if ctx.anchor is not None and not _SENTENCE_BREAK.search(ctx.text, ctx.anchor_end,
                                                               m.start):
        start, end = _shift_range(ctx.anchor, 12 * years)
        return Resolved(start, end, "day", "relative")
    if ctx.last is not None and ctx.last[0].year == ctx.last[1].year:
        start, end = year_range(ctx.last[0].year + years)
        return Resolved(start, end, "year", "relative")
    if later:
        return None  # "15 years later" than nothing told: not a date
    if ctx.reference is None:
        return Resolved(None, None, "year", "relative")
    start, end = year_range(ctx.reference.year + years)
    return Resolved(start, end, "year", "relative")


def _that_unit(m: DateHit, ctx: Context) -> Resolved | None:
    """"that year", "later that month", "the following year": the unit of the date told
    last (its start); ``None`` when none was."""
    unit = m.get("unit").lower()
    following = 1 if m.get("following") else 0
    if ctx.last is None:
        return None
    day = ctx.last[0]
    if unit in ("week", "weekend"):
        start, end = _calendar_unit(unit, _step(unit, day, following))
        return Resolved(start, end, "week", "relative")
    if unit == "month":
        year, month = add_months(day.year, day.month, following)
        start, end = month_range(year, month)
        return Resolved(start, end, "month", "relative")
    start, end = year_range(day.year + following)
    return Resolved(start, end, "year", "relative")


_WEEKDAY_AT = re.compile(_WEEKDAY)


def _day_month_or_time(m: DateHit, ctx: Context) -> Resolved | None:
    return _time_of_day(m, ctx) if m.get("h") else _month_day(m, ctx)


def _time_of_day(m: DateHit, ctx: Context) -> Resolved | None:
    """"10:35 a.m.", "9 p.m. Tuesday", "14:30 GMT": the day it names - its date or weekday, else
    the day told last in the same paragraph ("On March 3 ... At 7 p.m."), else the
    article date."""
    hour, twelve = int(m.get("h")), bool(m.get("ap"))
    if (twelve and not 1 <= hour <= 12) or hour > 23:
        return None
    if m.get("tmon"):  # "5 p.m. EST, Nov. 6"
        date = DateHit({"mon": m.get("tmon"), "d": m.get("td"), "year": m.get("tyear")},
                       m.start, m.end)
        return _month_day(date, ctx)
    weekday = m.get("wd") or _WEEKDAY_AT.match(ctx.text, m.start)  # "Thursday, 10 a.m."
    if weekday:
        name = weekday if isinstance(weekday, str) else weekday.group()
        day = _weekday_date(name, ctx, modifier="", start=m.start)
    elif _entry_stamp(ctx.text, m.start, m.end):
        day = ctx.reference  # "10:42 GMT - Police closed ...": a live-blog entry's own time
    elif ctx.anchor is not None and ctx.anchor[0] == ctx.anchor[1] and (
            ctx.text.find("\n", ctx.anchor_end, m.start) < 0):
        day = ctx.anchor[0]
    else:
        day = ctx.reference
    return Resolved(day, day, "day", "relative")


# A clock time that opens a sentence or line and is followed by a dash or bar ("10:42 GMT -
# Police closed ..."): the stamp of a live-blog entry, told on the day of the blog, not a
# time of the day the previous sentence told.
_STAMP_AFTER = re.compile(r"(?:\s*[A-Z]{2,4})?\s*[-–—|]\s")


def _entry_stamp(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 3) : start].rstrip(" \t")
    return (not before or before[-1] in ".!?\n") and bool(_STAMP_AFTER.match(text, end))


_BACKWARD = ("before", "earlier", "previous")


# "for three days after ...", "for at least two weeks after ...": a duration that starts at
# a happening, not a day that many days after the date told (or the article's).
_FOR_DURATION: Final = re.compile(
    r"\b(?i:for)\s+(?:(?i:at\s+least|about|around|up\s+to|more\s+than|nearly|almost|some|"
    r"another|a\s+further)\s+)?\Z")


def _from_anchor(m: DateHit, ctx: Context) -> Resolved | None:
    """"three days later", "two weeks after": that many days from the date told last in
    the sentence (``ctx.anchor``), else from the article's date; None for a duration
    ("will not run for two weeks after the tracks were washed away")."""
    if _FOR_DURATION.search(ctx.text, max(0, m.start - 24), m.start):
        return None
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
             starts_with="number",
             token_length=(4, 4)),
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
        _month_day_range, _WEEKDAY_LEAD, starts_with="number",
             token_length=(1, 2)),
    DateRule("day-day month", re.compile(
        rf"{_day('d1')}{_TO}{_day('d2')}\s+(?:of\s+)?{_month('mon')}{_YEAR}"),
        _month_day_range, _WEEKDAY_LEAD, starts_with="number",
             token_length=(1, 2)),
    DateRule("month day", re.compile(rf"{_month('mon')}\s+{_day('d')}{_YEAR}"), _month_day,
             _WEEKDAY_LEAD, starts_with="month"),
    # A time of day shares the day-month rule: one attempt per number, not two.
    DateRule("day month / time of day", re.compile(
        rf"{_day('d')}\s+(?:of\s+)?{_month('mon')}{_YEAR}|"
        r"(?P<h>\d\d?)(?::(?P<mi>[0-5]\d))?\s*(?:(?P<ap>[ap]\.m\.|[ap]m\b|[AP]M\b)|"
        r"(?=:?\d*\s*(?:GMT|UTC)\b))(?:\s*\(?(?:[A-Z][DS]T|GMT|UTC)\b\)?)?"
        rf"(?:,?\s+(?:on\s+)?(?:(?P<wd>{_WEEKDAY})(?![a-z])|{_month('tmon')}\s+{_day('td')}"
        r"(?:,?\s+(?P<tyear>(?:19|20)\d\d)(?![\d,.]\d|\d))?))?"),
        _day_month_or_time, _WEEKDAY_LEAD, starts_with="number",
             token_length=(1, 2)),
    DateRule("month year",
             re.compile(rf"{_month('mon')}\s+(?:of\s+)?(?P<year>(?:19|20)\d\d)(?!\d)"),
             _month_year, _PART_LEAD, starts_with="month", lead_reach=12),
    DateRule("month", re.compile(rf"{_month('mon', full_only=True)}(?![\w-])(?!\s*\d)"),
             _month_alone, _MONTH_LEAD, lead_required=True, starts_with="month"),
    DateRule("year", re.compile(r"(?P<year>(?:19|20)\d\d)(?![\d'’]|s\b|[,.]\d|\s*(?:%|per))"),
             _year, _YEAR_LEAD, lead_required=True, starts_with="number",
             token_length=(4, 4)),
    DateRule("decade", re.compile(r"(?P<decade>(?:19|20)\d)0s\b"), _decade, _THE_LEAD,
             starts_with="number",
             token_length=(4, 4)),
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
        _weekday_rule, _WEEKDAY_MOD_LEAD, lead_reach=16),
    # "year-ago", "year-earlier" (the period or day told last, a year back) need no lead.
    DateRule("this/last/next unit", re.compile(
        r"(?P<unit>week(?:end)?|month|year)"
        r"(?:(?<=year)(?P<apart>-(?:ago|earlier))\b(?!-)|\b(?!\s+of\b))"),
        _relative_unit, _UNIT_LEAD, lead_required=True, lead_optional_with="apart",
        lead_reach=24, starts_with="unit"),
    DateRule("the weekend", re.compile(r"weekend\b"), _weekend, _WEEKEND_LEAD, lead_required=True,
             needs=("weekend",)),
    DateRule("ago", re.compile(rf"{_UNIT}s?\s+ago\b"), _ago, _COUNT_LEAD, lead_required=True,
             lead_reach=12, needs=("ago",), starts_with="unit"),
    DateRule("past n units", re.compile(rf"{_UNIT}s\b"), _past_n, _PAST_COUNT_LEAD,
             lead_required=True, starts_with="unit"),
    DateRule("few units ago", re.compile(
        r"(?P<few>" + _cased(r"a\s+few", "several", r"a\s+couple\s+of")
        + rf")\s+{_UNIT}s\s+ago\b"), _few_ago,
        needs=("ago",)),
    DateRule("past hours", re.compile(
        r"(?P<h>\d{1,3})\s+hours\b"), _past_hours, _lead(
            r"\b(?P<shown>(?i:(?:the\s+)?(?:past|last|previous))\s+)"), lead_required=True,
        starts_with="number",
             token_length=(1, 3)),
    # Every alternative opens with a plain word (_cased), so the scan looks only where one
    # of their first letters is: a group or a class first makes it try every position.
    DateRule("from anchor", re.compile(
        r"(?P<dir>"
        + _cased(r"day\s+(?:before|earlier|after|later)",
                 r"night\s+(?:before|earlier|after|later)",
                 r"previous\s+(?:day|night)", r"next\s+(?:day|night)",
                 r"following\s+(?:day|night)")
        + r")\b"), _from_anchor, _THE_LEAD, needs=("ay", "ight"), lead_reach=12),
    # Found from "quarter"/"period" back to the words before it (a rarer first
    # letter to scan for than the ordinals').
    DateRule("period", re.compile(
        r"(?P<unit>quarter|period)\b(?!-?(?:century|final|mile|hour|inch|point))"
        r"(?:\s+of\s+(?:fiscal\s+)?(?P<year>(?:19|20)\d\d)(?![\d,.]\d|\d)|"
        r"(?!\s+of\b)(?:\s+(?P<ago>(?:a\s+year\s+(?:ago|earlier)|last\s+year)\b))?)"),
        _period_rule, _lead(
            r"\b(?P<shown>(?:(?P<lyear>(?:19|20)\d\d)(?:'s|’s)?\s+(?:(?i:fiscal)[- ])?|"
            r"(?P<mod>(?i:this|last|next))\s+year(?:'s|’s)\s+(?:(?i:fiscal)[- ])?|"
            r"(?i:fiscal)[- ])?"
            r"(?P<q>(?i:first|second|third|fourth|last))(?:-|\s+)(?:(?i:fiscal)\s+)?)|"
            r"\b(?P<shown2>(?P<det>(?i:the|this|that|its))\s+"
            r"(?P<pre>(?i:comparable|corresponding|same|year-ago|year-earlier)\s+)?"
            r"(?P<which>(?i:latest|most\s+recent|current|recent|comparable|corresponding|"
            r"same|year-ago|year-earlier))?\s*(?:(?P<pyear>(?:19|20)\d\d)\s+)?|"
            r"(?P<pmod>(?i:last))\s+year(?:'s|’s)\s+)"), lead_required=True,
        needs=("quarter", "period"), lead_reach=48),
    DateRule("days from anchor", re.compile(
        r"(?P<unit>days?|weeks?)\s+(?P<dir>later|earlier|(?:before|after)\b"
        r"(?!\s+(?:the|a|an|his|her|their|its|it|he|she|they|we|[a-z]+ing)\b))\b"),
        _from_anchor, _COUNT_LEAD, lead_required=True, needs=("day", "week"), lead_reach=12,
        starts_with="unit"),
    # Its own rule: a literal start ("year") scans far faster than a set of letters.
    DateRule("years from anchor", re.compile(
        r"(?P<unit>years?)\s+(?P<dir>later|earlier|(?:before|after)\b"
        r"(?!\s+(?:the|a|an|his|her|their|its|it|he|she|they|we|[a-z]+ing)\b))\b"),
        _year_apart, _COUNT_LEAD, lead_required=True, needs=("year",), lead_reach=12,
        starts_with="unit"),
)
