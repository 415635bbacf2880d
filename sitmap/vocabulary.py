"""The words of the event table, in one place: place kinds, date precisions and bases,
passage roles, place bases, and the event categories with their colours.

The schema (``sitmap.events``), the value objects (``sitmap.model``), the map payload and
through it the page (``sitmap.mapping``) all read these; nothing else lists them. A
category's colour sits beside its cues in ``sitmap/events/categories.toml`` (its
``colour`` key); :func:`category_colours` reads it.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources
from typing import Final, Literal, get_args

from sitmap import errors as _errors

__all__ = [
    "CATEGORIES",
    "DATE_BASES",
    "DATE_PRECISIONS",
    "PLACE_BASES",
    "PLACE_KINDS",
    "ROLES",
    "DateBasis",
    "DatePrecision",
    "PlaceBasis",
    "PlaceKind",
    "category_colours",
]

PlaceKind = Literal["country", "region", "city", "landmark", "water"]
DatePrecision = Literal["day", "week", "month", "year", "unknown"]
# "carried": the date was stated in an earlier sentence that the row's sentence continues.
DateBasis = Literal["explicit", "relative", "carried", "article-date", "unknown"]
# "unknown": a figure whose sentence names no single place (a total across countries, counts
# with no place before them in their paragraph): kept in the table, drawn nowhere.
PlaceBasis = Literal["named", "inherited", "article", "national", "unknown"]

PLACE_KINDS: Final[tuple[str, ...]] = get_args(PlaceKind)
DATE_PRECISIONS: Final[tuple[str, ...]] = get_args(DatePrecision)
DATE_BASES: Final[tuple[str, ...]] = get_args(DateBasis)
PLACE_BASES: Final[tuple[str, ...]] = get_args(PlaceBasis)
"""Where a row's place comes from: ``named`` in its sentence; ``inherited`` from the
previous event sentence of its paragraph; the ``article``'s main place; the country, for a
``national`` act; ``unknown`` for a figure that belongs to no single place (no coordinates,
not drawn). Rows of project files older than the column hold ``""`` (not recorded)."""
ROLES: Final = ("event", "dateline", "mention")
CATEGORIES: Final = (
    "armed clash/violence",
    "protest",
    "arrest",
    "military deployment",
    "diplomacy/statement",
    "disruption of services",
    "natural disaster",
    "health/epidemic",
    "humanitarian/aid",
    "displacement/refugees",
    "other",
)
"""The categories in the order the map's legend and the filters list them (the order the
rules try them in is ``categories.toml``'s)."""

_CATEGORIES_FILE: Final = "events/categories.toml"
_COLOUR: Final = re.compile("#[0-9a-f]{6}")


@cache
def category_colours() -> dict[str, str]:
    """Each category's colour (``"#rrggbb"``), from the ``colour`` keys of
    ``categories.toml``, in :data:`CATEGORIES` order. Read once.

    Raises:
        sitmap.errors.SitmapError: a category has no colour, two, or one that is not
            ``#rrggbb`` (names the file).
    """
    raw = resources.files("sitmap").joinpath(_CATEGORIES_FILE).read_text(encoding="utf-8")
    colours: dict[str, str] = {}
    for entry in tomllib.loads(raw)["category"]:
        name, colour = entry.get("name"), entry.get("colour")
        if colour is None:
            continue
        if name in colours or not isinstance(colour, str) or not _COLOUR.fullmatch(colour):
            raise _errors.SitmapError(
                f"{_CATEGORIES_FILE}: category {name!r}: bad or second colour"
            )
        colours[name] = colour
    missing = [c for c in CATEGORIES if c not in colours]
    if missing or len(colours) != len(CATEGORIES):
        raise _errors.SitmapError(f"{_CATEGORIES_FILE}: each category needs one colour: "
                          f"{', '.join(missing) or 'unknown names'}")
    return {c: colours[c] for c in CATEGORIES}
