"""The saved-view format kept in a project (``view`` setting), scenes captured from what
the window shows, and the rule that keeps the date range across a redraw."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sitmap.project import SavedView, Scene  # SavedView: a scene's map view
from sitmap.viewmodel._model import ViewModel
from sitmap.viewmodel._values import Filter

__all__ = ["ViewSettings", "current_scene", "kept_range", "read_settings", "view_settings",
           "wrapped_view"]


def wrapped_view(view: Mapping[str, float] | None) -> dict[str, float] | None:
    """``view`` (``{lat, lon, zoom}``) with a finite longitude outside [-180, 180] wrapped
    into [-180, 180): Leaflet reports an unwrapped centre (lon 192.5) after a pan across the
    date line. ``None`` stays ``None``; anything else is returned as given (checked later).
    """
    if view is None:
        return None
    out = dict(view)
    lon = out.get("lon")
    if (isinstance(lon, (int, float)) and not isinstance(lon, bool) and math.isfinite(lon)
            and not -180.0 <= lon <= 180.0):
        out["lon"] = (lon + 180.0) % 360.0 - 180.0
    return out


def view_settings(model: ViewModel, view: Mapping[str, float] | None,
                  scene: int) -> dict[str, Any]:
    """What the window shows, as the project keeps it: ``range`` (``None`` for the whole
    span, else ``[startIso, endIso]``), ``filters`` (the page's ``setFilter`` shape),
    ``view`` (the map's ``{lat, lon, zoom}``, the longitude wrapped, ``None`` while the map
    is not ready) and ``scene`` (the storyboard position, -1 for none)."""
    start, end = model.date_range
    return {
        "range": None if model.whole_range else [start.isoformat(), end.isoformat()],
        "filters": model.filter.to_page(),
        "view": wrapped_view(view),
        "scene": scene,
    }


@dataclass(frozen=True, slots=True)
class ViewSettings:
    """A saved view read back: the filter, the range (``None``: leave it), the map view
    (``None``: leave it; untrusted, checked when applied) and the storyboard position."""

    filter: Filter
    range: tuple[str, str] | None
    view: Mapping[str, Any] | None
    scene: int


def read_settings(settings: Mapping[str, Any] | None) -> ViewSettings | None:
    """What :func:`view_settings` stored, ``None`` for nothing stored (a new project).

    Raises:
        TypeError: ``filters.categories`` is not iterable.
        ValueError: ``scene`` is not a number.
    """
    if not settings:
        return None
    stored = settings.get("range")
    return ViewSettings(
        Filter.from_page(settings.get("filters")),
        (stored[0], stored[1]) if stored else None,
        settings.get("view") or None,
        int(settings.get("scene", -1)),
    )


def current_scene(model: ViewModel, caption: str,
                  view: Mapping[str, float] | None) -> Scene | None:
    """A scene of what ``model`` shows with the map at ``view`` (``None`` while the map is
    not ready, and then no scene): the range unless it is the whole span, the filter and the
    selected event as its highlight.

    Raises:
        sitmap.project.SceneError: ``view`` is out of range.
    """
    if view is None:
        return None
    start, end = model.date_range
    whole = model.whole_range
    view = wrapped_view(view)
    assert view is not None
    return Scene(
        caption,
        SavedView(lat=view["lat"], lon=view["lon"], zoom=view["zoom"]),
        None if whole else start,
        None if whole else end,
        model.filter.to_page(),
        (model.selected,) if model.selected else (),
    )


def kept_range(old_bounds: tuple[dt.date, dt.date], old_range: tuple[dt.date, dt.date],
               has_events: bool) -> tuple[dt.date, dt.date] | None:
    """The range to put back after the data is replaced: the user's narrowed range when
    there was one and there are events to show, ``None`` (the new whole span) otherwise."""
    if old_range != old_bounds and has_events:
        return old_range
    return None
