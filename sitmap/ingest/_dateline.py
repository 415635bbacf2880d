"""Datelines: the "Tbilisi, Jan 7, 2022" line or "ALMATY, Kazakhstan (Reuters) -" opening.

Only the top of an article is searched, and only shapes a wire or a newsletter uses, so a
sentence that merely starts with a place name is not taken for a dateline.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

__all__ = ["Dateline", "dateline_context", "dateline_span", "find_dateline"]

_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8,
    "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
          r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_DATE = (
    rf"(?P<iso>\d{{4}}-\d{{2}}-\d{{2}})"
    rf"|(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:,?\s+(?P<y1>\d{{4}}))?"
    rf"|(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>\d{{4}}))?"
)
_PLACE = r"[A-Z][\w'’.-]*(?:[ -][A-Z][\w'’.-]*){0,3}"
# "Tbilisi, Jan 7, 2022" or "Tbilisi, Georgia - 7 January 2022" alone on a line.
_LINE = re.compile(
    rf"^(?P<place>{_PLACE})(?:,\s*(?P<region>{_PLACE}))?\s*[,–—-]\s*(?:{_DATE})\s*$"
)
# "ALMATY, Kazakhstan (Reuters) - ...", "MOSCOW, Jan 6 (AP) — ..." at a paragraph's start.
_WIRE = re.compile(
    rf"^(?P<place>[A-Z][A-Z'’.-]+(?:[ -][A-Z][A-Z'’.-]+){{0,3}})"
    rf"(?:,\s*(?!{_MONTH}\s+\d)(?P<country>[A-Z][\w.]*(?: [A-Z][\w.]*){{0,2}}))?"
    rf"(?:,\s*(?:{_DATE}))?"
    rf"\s*(?:\((?P<agency>[\w .&/-]{{1,40}})\)\s*)?(?:[–—]|--?)(?:\s|$)"
)
_WIRE_EVIDENCE = ("agency", "country", "iso", "m1", "m2")
# A live blog's day heading ("Monday, October 5", "Tues., Oct 6") has the shape of a
# "Place, date" line: a weekday or a word of time in the place's slot is no dateline.
_NOT_PLACES = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
    "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun", "today", "yesterday",
    "tonight", "updated", "update", "posted", "published",
))
_TOP_LINES = 15


@dataclass(frozen=True, slots=True)
class Dateline:
    """A dateline found in the text: the writer's place, if given the date, and the state,
    province or country written after the place ("Ky." of "GLASGOW, Ky."; "" if none)."""

    place: str
    date: dt.date | None
    region: str = ""


def find_dateline(text: str, *, year_hint: dt.date | None = None) -> Dateline | None:
    """Return the article's dateline, or ``None`` if its first lines carry none.

    A date without a year takes the year nearest ``year_hint`` (the published date);
    without a hint it is dropped. An all-capitals place is returned in title case.
    """
    found = _match(text)
    if found is None:
        return None
    match = found[0]
    place = match.group("place").strip()
    if place.isupper():
        place = place.title()
    groups = match.groupdict()
    region = (groups.get("region") or groups.get("country") or "").strip()
    return Dateline(place, _date(match, year_hint), region)


def dateline_context(text: str, place: str) -> str:
    """The dateline to resolve ``text``'s places with: ``place`` (an article's dateline place)
    followed by the state or country its dateline writes after it ("Glasgow, Ky."), so that
    the dateline is read as that state's Glasgow. Returns ``place`` itself when the text's
    dateline is another place (the place came from a sidecar file) or names no region; never
    raises."""
    found = find_dateline(text) if place else None
    if found is None or not found.region or found.place.casefold() != place.casefold():
        return place
    return f"{place}, {found.region}"


def dateline_span(text: str) -> tuple[int, int] | None:
    """Where the dateline :func:`find_dateline` reads is in ``text`` (start, end offsets):
    its whole line ("Tbilisi, Jan 7, 2022"), or for a wire dateline only the opening up to
    and including its dash ("ALMATY, Jan 5 (Steppe Wire) - "), as the lede follows it on the
    same line. ``None`` when there is no dateline."""
    found = _match(text)
    if found is None:
        return None
    match, offset = found
    return offset, offset + match.end()


def _match(text: str) -> tuple[re.Match[str], int] | None:
    """The dateline match among the first lines, and the offset of its stripped line."""
    seen = 0
    offset = 0
    for raw in _lines(text):
        line = raw.strip()
        start = offset + len(raw) - len(raw.lstrip())
        offset += len(raw) + 1
        if not line:
            continue
        seen += 1
        if seen > _TOP_LINES:
            break
        match = _LINE.match(line)
        if match is not None and match.group("place").rstrip(".").lower() in _NOT_PLACES:
            continue  # a live blog's day heading, not a dateline
        wire = _WIRE.match(line) if match is None else None
        # A capitalised word and a dash alone ("NATO - the alliance...") is not enough.
        if wire is not None and any(wire.group(g) for g in _WIRE_EVIDENCE):
            match = wire
        if match is not None:
            return match, start
    return None


def _lines(text: str) -> Iterator[str]:
    """The lines of ``text`` as ``text.split("\\n")`` gives them, one at a time: the
    dateline is looked for in the first few, and splitting a whole article made a string
    of every line of it."""
    start = 0
    while (end := text.find("\n", start)) >= 0:
        yield text[start:end]
        start = end + 1
    yield text[start:]


def _date(match: re.Match[str], year_hint: dt.date | None) -> dt.date | None:
    if match.group("iso"):
        try:
            return dt.date.fromisoformat(match.group("iso"))
        except ValueError:
            return None
    for m, d, y in (("m1", "d1", "y1"), ("m2", "d2", "y2")):
        if match.group(m):
            month = _MONTHS[match.group(m).rstrip(".").lower()[:3]]
            day = int(match.group(d))
            if match.group(y):
                year = int(match.group(y))
            elif year_hint is not None:
                year = min(
                    (year_hint.year - 1, year_hint.year, year_hint.year + 1),
                    key=lambda y: abs(dt.date(y, month, min(day, 28)) - year_hint),
                )
            else:
                return None
            try:
                return dt.date(year, month, day)
            except ValueError:
                return None
    return None
