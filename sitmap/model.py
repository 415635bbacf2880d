"""Immutable value objects shared by every layer.

They validate on construction (coordinates in range, offsets ordered), so a bad value is
caught where it is made rather than where it is drawn.
"""

from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import Any, Final

from sitmap.vocabulary import (
    DATE_BASES,
    DATE_PRECISIONS,
    PLACE_KINDS,
    DateBasis,
    DatePrecision,
    PlaceKind,
)

__all__ = [
    "LAT_RANGE",
    "LON_RANGE",
    "finite",
    "DATE_BASES",
    "DATE_PRECISIONS",
    "PLACE_KINDS",
    "PlaceKind",
    "DatePrecision",
    "DateBasis",
    "Place",
    "Candidate",
    "Toponym",
    "TimeExpr",
    "Span",
    "Article",
    "check_coordinates",
    "country_code",
    "coordinate_problem",
    "web_url",
]

LAT_RANGE: Final = (-90.0, 90.0)
"""The latitudes of points on Earth, inclusive (every layer's check reads these)."""
LON_RANGE: Final = (-180.0, 180.0)
"""The longitudes of points on Earth, inclusive."""
_LAT_MIN, _LAT_MAX = LAT_RANGE
_LON_MIN, _LON_MAX = LON_RANGE


def country_code(text: str) -> str:
    """Return ``text`` as an ISO 3166-1 alpha-2 country code: two ASCII letters, upper-cased
    ("us" -> "US"), surrounding spaces dropped. Raises ``ValueError`` saying what is wrong
    for anything else ("USA", "U.S.", "1A")."""
    code = text.strip()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        shown = code if len(code) <= 20 else code[:20] + "…"
        raise ValueError(f"{shown!r} is not a two-letter ISO country code (like \"US\" or \"FR\")")
    return code.upper()


_MAX_URL_CHARS: Final = 2000
"""The longest source link an article may carry (browsers and servers go further; no
article's address needs to)."""


def web_url(text: str) -> str:
    """Return ``text`` (surrounding spaces dropped) as the address of a web page: an
    ``http`` or ``https`` URL with a host, no spaces or control characters, at most
    2,000 characters long. Raises ``ValueError`` saying what is wrong for anything
    else (``javascript:``, ``file:``, ``data:``, a bare name), so no other scheme ever
    reaches a link.
    """
    url = text.strip()
    shown = url if len(url) <= 40 else url[:40] + "…"
    if len(url) > _MAX_URL_CHARS:
        raise ValueError(f"url is longer than {_MAX_URL_CHARS} characters")
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        raise ValueError(f"url {shown!r} holds spaces or control characters")
    scheme, sep, rest = url.partition(":")
    if not sep or scheme.lower() not in ("http", "https"):
        raise ValueError(f"url {shown!r} is not an http:// or https:// address "
                         "(other kinds of link are refused)")
    host = rest[2:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0] \
        if rest.startswith("//") else ""
    if not host.rpartition("@")[2]:
        raise ValueError(f"url {shown!r} names no host")
    return scheme.lower() + ":" + rest


def coordinate_problem(lat: Any, lon: Any) -> str | None:
    """The one-line reason ``lat``, ``lon`` is no point on Earth (not numbers, not finite,
    or out of range), or ``None`` when it is one. Raises nothing.

    The one coordinate check: every layer that takes a coordinate uses it (through
    :func:`check_coordinates`), so every error says the same thing.
    """
    if isinstance(lat, bool) or isinstance(lon, bool):
        return f"coordinates must be numbers, got {lat!r}, {lon!r}"
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        return f"coordinates must be numbers, got {lat!r}, {lon!r}"
    if not (math.isfinite(lat_f) and LAT_RANGE[0] <= lat_f <= LAT_RANGE[1]):
        return f"Latitude {lat_f!r} is out of range (it must be in [-90; 90])"
    if not (math.isfinite(lon_f) and LON_RANGE[0] <= lon_f <= LON_RANGE[1]):
        return f"Longitude {lon_f!r} is out of range (it must be in [-180; 180])"
    return None


def finite(value: object, name: str) -> float:
    """``value`` as a finite float. Raises ValueError naming ``name`` otherwise."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{name} is not a number: {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} is not a finite number: {value!r}")
    return number


def check_coordinates(
    lat: Any, lon: Any, *, error: type[Exception] = ValueError
) -> tuple[float, float]:
    """Return ``lat``, ``lon`` as floats.

    Raises:
        error: (ValueError unless given) the coordinates are no point on Earth; the message
            is :func:`coordinate_problem`'s.
    """
    problem = coordinate_problem(lat, lon)
    if problem is not None:
        raise error(problem)
    return float(lat), float(lon)


def _check_span(start: int, end: int) -> None:
    if start < 0 or end < start:
        raise ValueError(f"span must satisfy 0 <= start <= end, got ({start}, {end})")


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry.

    ``id`` is unique across sources: ``gn:<geonameid>`` for GeoNames rows, ``ne1:<code>`` for
    Natural Earth regions, ``lm:<slug>`` for curated landmarks/water, ``user:<slug>`` for the
    user's own file. ``name`` is the name users see (the English one where a source tags
    it); ``context`` tells the place from its homonyms: a city's first-level region and
    country ("New Hampshire, United States"), a region's country, "" for a country.
    """

    id: str
    name: str
    lat: float
    lon: float
    country_code: str
    kind: PlaceKind
    population: int = 0
    geonameid: int | None = None
    admin1: str = ""
    context: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Place.id must not be empty")
        lat, lon = self.lat, self.lon
        # Two floats in range (NaN fails every comparison) pass check_coordinates as they
        # are: settled here without its calls, since every gazetteer row read makes a Place.
        if not (
            type(lat) is float
            and type(lon) is float
            and _LAT_MIN <= lat <= _LAT_MAX
            and _LON_MIN <= lon <= _LON_MAX
        ):
            check_coordinates(lat, lon)
        if self.kind not in PLACE_KINDS:
            raise ValueError(f"Place.kind must be one of {PLACE_KINDS}, got {self.kind!r}")


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible reading of a toponym, with its score in [0, 1]."""

    place: Place
    score: float


@dataclass(frozen=True, slots=True)
class Toponym:
    """A place name found in a text: ``text[start:end] == surface``."""

    start: int
    end: int
    surface: str
    place: Place
    score: float
    alternatives: tuple[Candidate, ...] = ()
    demonym: bool = False
    # The whole facility name when the place names one ("Kabul airport", "Bagram Air Base"):
    # (start, end) around ``start``/``end``, which stay the place's own name.
    full_span: tuple[int, int] | None = None

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)
        if self.full_span is not None:
            first, last = self.full_span
            if not (0 <= first <= self.start and self.end <= last):
                raise ValueError(
                    f"full_span {self.full_span} must contain the span ({self.start}, {self.end})"
                )


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A date expression found in a text, normalised to an inclusive day range.

    ``date_start``/``date_end`` are ``None`` when the expression is relative and the
    article date is unknown (precision is then still meaningful, basis is ``relative``).
    """

    start: int
    end: int
    text: str
    date_start: _dt.date | None
    date_end: _dt.date | None
    precision: DatePrecision
    basis: DateBasis

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)
        if self.precision not in DATE_PRECISIONS:
            raise ValueError(f"TimeExpr.precision must be one of {DATE_PRECISIONS}")
        if self.basis not in DATE_BASES:
            raise ValueError(f"TimeExpr.basis must be one of {DATE_BASES}")
        if (
            self.date_start is not None
            and self.date_end is not None
            and self.date_end < self.date_start
        ):
            raise ValueError(f"date_end {self.date_end} is before date_start {self.date_start}")


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of an article's text."""

    start: int
    end: int

    def __post_init__(self) -> None:
        _check_span(self.start, self.end)


@dataclass(frozen=True, slots=True)
class Article:
    """One article, decoded and split; ``text`` is exactly what offsets refer to."""

    id: str
    title: str
    text: str
    source: str = ""
    author: str = ""
    published: _dt.date | None = None
    dateline_place: str = ""
    dateline_date: _dt.date | None = None
    path: str = ""
    language: str = "en"
    paragraphs: tuple[Span, ...] = field(default=())
    sentences: tuple[Span, ...] = field(default=())
    # The country the source reports from (ISO 3166-1 alpha-2, upper case), "" if unknown:
    # context for resolving the article's places. Projects do not store it, and the project
    # format's fixtures pin an article's repr, so it stays out of the repr.
    source_country: str = field(default="", repr=False)
    # Where the article can be read (an http/https address from index.csv or front matter,
    # checked by web_url; "" if none). Out of the repr for the same reason.
    url: str = field(default="", repr=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("Article.id must not be empty")
        if self.source_country and country_code(self.source_country) != self.source_country:
            raise ValueError(f"Article.source_country must be upper case: {self.source_country!r}")
        if self.url:
            web_url(self.url)
        n = len(self.text)
        for span in (*self.paragraphs, *self.sentences):
            if span.end > n:
                raise ValueError(f"span {span} runs past the end of article {self.id!r}")

    @property
    def reference_date(self) -> _dt.date | None:
        """The date relative expressions are resolved against: published, else dateline."""
        return self.published or self.dateline_date
