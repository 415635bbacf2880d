"""Scenes (saved map views), the storyboard they form, and "new since" baselines."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

import pandas as pd

from sitmap.errors import SitmapError
from sitmap.model import check_coordinates, finite

__all__ = [
    "SavedView",
    "Scene",
    "Baseline",
    "SceneError",
    "event_fingerprints",
    "events_new_since",
]

# What a user sees of an event: a change to any of these makes it "changed since".
_WATCHED: Final = (
    "place_id",
    "place",
    "lat",
    "lon",
    "kind",
    "role",
    "passage",
    "date_start",
    "date_end",
    "date_precision",
    "category",
    "killed",
    "injured",
    "detained",
    "troops",
    "sources",
)


class SceneError(SitmapError, ValueError):
    """A scene or baseline is malformed (view out of range, dates reversed, unknown id)."""


@dataclass(frozen=True, slots=True)
class SavedView:
    """Map centre and zoom, as ``sitmap.getView()`` on the map page returns them."""

    lat: float
    lon: float
    zoom: float

    def __post_init__(self) -> None:
        lat, lon = check_coordinates(self.lat, self.lon, error=SceneError)
        try:
            zoom = finite(self.zoom, "zoom")
        except ValueError as exc:
            raise SceneError(str(exc)) from None
        object.__setattr__(self, "lat", lat)
        object.__setattr__(self, "lon", lon)
        object.__setattr__(self, "zoom", zoom)

    @classmethod
    def from_page(cls, view: object) -> SavedView:
        """The view of a ``{lat, lon, zoom}`` mapping (``sitmap.getView()``'s answer, or a
        saved view read from a project file, both untrusted).

        Raises:
            SceneError: (a ValueError) ``view`` is not a mapping of three numbers that make
                a point on Earth and a finite zoom.
        """
        if not isinstance(view, Mapping):
            raise SceneError(f"a map view is a {{lat, lon, zoom}} object, not {view!r}")
        try:
            return cls(view["lat"], view["lon"], view["zoom"])
        except KeyError as exc:
            raise SceneError(f"a map view has no {exc.args[0]!r}") from None

    def to_page(self) -> dict[str, float]:
        """``{lat, lon, zoom}``, the shape the map page takes and projects keep."""
        return {"lat": self.lat, "lon": self.lon, "zoom": self.zoom}
        if not (math.isfinite(self.zoom) and 0.0 <= self.zoom <= 24.0):
            raise SceneError(f"zoom must be in the [0; 24] range, got {self.zoom!r}")

    def to_json(self) -> dict[str, float]:
        """``{"lat", "lon", "zoom"}``, the shape the map page and the project file use."""
        return {"lat": self.lat, "lon": self.lon, "zoom": self.zoom}


@dataclass(frozen=True, slots=True)
class Scene:
    """One step of a briefing: a map view, a date range, filters, highlights and a caption.

    ``filters`` has the shape the map page's ``sitmap.setFilter`` takes
    (``{"categories": [...] | None, "text": str, "showBackground": bool}``); ``highlighted``
    are event ids. ``id`` and ``created_at`` are set by the project. Raises SceneError when
    the date range is reversed.
    """

    caption: str
    view: SavedView
    date_start: dt.date | None = None
    date_end: dt.date | None = None
    filters: Mapping[str, Any] = field(default_factory=dict)
    highlighted: tuple[str, ...] = ()
    id: int | None = None
    created_at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if (
            self.date_start is not None
            and self.date_end is not None
            and self.date_end < self.date_start
        ):
            raise SceneError(f"scene date_end {self.date_end} is before {self.date_start}")

    def to_json(self) -> dict[str, Any]:
        """The scene as the map page and the standalone slideshow read it: ``caption``,
        ``view`` ``{lat, lon, zoom}``, ``range`` ``[startIso, endIso]`` (``null`` ends for an
        open range), ``filters`` and ``highlighted``."""
        return {
            "id": self.id,
            "caption": self.caption,
            "view": self.view.to_json(),
            "range": [
                self.date_start.isoformat() if self.date_start else None,
                self.date_end.isoformat() if self.date_end else None,
            ],
            "filters": dict(self.filters),
            "highlighted": list(self.highlighted),
        }


@dataclass(frozen=True, slots=True)
class Baseline:
    """The moment "new since" counts from; ``scene_id`` when it was set from a scene."""

    at: dt.datetime
    scene_id: int | None = None


def event_fingerprints(frame: pd.DataFrame) -> pd.Series:
    """Series event_id -> a hex digest of what the user sees of each event.

    Made from plain text forms of the watched columns (ISO days, ``repr`` of floats), so it
    does not change with the pandas version: a changed digest would make every event "new".
    """
    parts = []
    for column in _WATCHED:
        values = frame[column]
        if column.startswith("date_") and column != "date_precision":
            text = values.dt.strftime("%Y-%m-%d")
        elif values.dtype == "float64":
            text = pd.Series([repr(v) for v in values.tolist()], index=values.index)
        else:
            text = values.astype("string")
        parts.append(text.astype("string").fillna("<NA>").tolist())
    # Joined row by row in Python: ``str.cat`` over the columns built each row's text one
    # column at a time (a new string per column), 2.5 times slower for the same digests.
    digests = [hashlib.sha1("\x1f".join(row).encode()).hexdigest()[:16]
               for row in zip(*parts, strict=True)]
    return pd.Series(digests, index=frame["event_id"].tolist(), dtype="string")


def events_new_since(
    frame: pd.DataFrame, history: pd.DataFrame, since: dt.datetime | Baseline
) -> pd.DataFrame:
    """Return the rows of ``frame`` first seen or last changed after ``since``.

    ``history`` has columns ``event_id``, ``first_seen``, ``last_changed`` (timezone-aware
    timestamps), as :meth:`sitmap.project.Project.history` returns it. An event missing from
    the history counts as new.
    """
    at = since.at if isinstance(since, Baseline) else since
    known = history.set_index("event_id")["last_changed"]
    changed = frame["event_id"].map(known)
    is_new = changed.isna() | (pd.to_datetime(changed, utc=True) > pd.Timestamp(at))
    return frame.loc[is_new.to_numpy()]
