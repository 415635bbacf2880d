"""The parts of a date rule set that no language owns: a rule, its match, what it may use.

A language's vocabulary and rules live in ``_lang/<code>.py`` (see ``_lang/__init__.py``);
the finder (``_find.py``) runs whichever rule set it is handed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from sitmap.model import DateBasis, DatePrecision

__all__ = ["Context", "DateHit", "Resolved", "Resolver", "DateRule", "StartToken"]


@dataclass(frozen=True, slots=True)
class Resolved:
    """What an expression means: a day range (``None`` if unknown), precision and basis."""

    start: dt.date | None
    end: dt.date | None
    precision: DatePrecision
    basis: DateBasis
    written_year: bool = False
    period: bool = False  # a reporting period (a quarter, a half): "the quarter" refers back


@dataclass(frozen=True, slots=True)
class Context:
    """What a resolver may use besides its match.

    ``anchor`` is the day range of the last day-precision date found before this one, for
    "the day before" / "the next day". ``year_hint`` is a day or month with a written year
    shortly before, in the same paragraph ("In Apr 2021, ... the May 9 parade"), which a
    year-less date follows rather than the article date. ``period`` is the day range of
    the last reporting period (a quarter or half-year) found before this one, ending at
    ``period_end``, for "the quarter" and "a year earlier"; ``last`` is the day range of
    the last expression of any kind, ending at ``last_end``, for "that year".
    """

    text: str
    reference: dt.date | None
    anchor: tuple[dt.date, dt.date] | None = None
    year_hint: dt.date | None = None
    anchor_end: int = -1  # where the anchor's expression ends in ``text``
    period: tuple[dt.date, dt.date] | None = None
    period_end: int = -1
    last: tuple[dt.date, dt.date] | None = None
    last_end: int = -1


@dataclass(frozen=True, slots=True)
class DateHit:
    """A rule's match: its groups (with those of the words just before it) and its span."""

    groups: dict[str, str | None]
    start: int
    end: int

    def get(self, name: str) -> str:
        """The text of group ``name``, ``""`` if it did not take part."""
        return self.groups.get(name) or ""


Resolver = Callable[[DateHit, Context], "Resolved | None"]
StartToken = Literal["month", "number", "unit"]


@dataclass(frozen=True, slots=True)
class DateRule:
    """One expression form.

    ``pattern`` starts with a literal word or digit (so scanning a long text stays fast);
    ``lead``, matched against the words just before, either extends the shown expression
    (its ``shown`` group: "last Friday", "Thursday, Jan 6") or, when ``lead_required``, is
    the evidence the match needs ("in March", "two days ago"). A rule whose matches always
    begin with a month name or a number says so in ``starts_with``: it is then tried only
    where ``START_TOKENS`` finds one, rather than scanning the whole text itself, and only
    at tokens whose length is within ``token_length`` (a four-digit year, a one- or two-digit
    day). ``lead_optional_with`` names a group of the pattern that, when it takes part, is
    evidence enough without the lead ("year-ago"); ``lead_reach`` is how far back the lead
    may begin. A rule that scans the text may name in ``needs`` words one of which every
    match contains ("ago"): a text with none of them is not scanned (a substring test is far
    quicker than a scan, and most articles have no "ago", "weekend" or "night").
    """

    name: str
    pattern: re.Pattern[str]
    resolve: Resolver
    lead: re.Pattern[str] | None = None
    lead_required: bool = False
    lead_optional_with: str = ""
    lead_reach: int = 24  # how many characters before the match the lead may begin
    starts_with: StartToken | None = None
    token_length: tuple[int, int] = (1, 1 << 30)  # the start token lengths it can begin at
    needs: tuple[str, ...] = ()
