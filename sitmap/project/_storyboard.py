"""The auto-storyboard: scenes made from the event table alone, for a briefing deck of an
archive nobody has storyboarded (``sitmap export seeds/ -o brief.pptx``, the Storyboard
panel's Auto button).

An overview scene of every event comes first, then one scene per day that has events, each
framed on that day's events; with more than :data:`MAX_DAILY_SCENES` such days the scenes
are weeks (Monday to Sunday) instead, so an archive makes a deck of reasonable length.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from sitmap.project._scenes import SavedView, Scene

__all__ = ["MAX_DAILY_SCENES", "FRAME_SIZE", "auto_storyboard", "frame_view"]

MAX_DAILY_SCENES: Final = 12
"""More days with events than this, and the auto-storyboard has a scene per week."""

FRAME_SIZE: Final = (1067, 600)
"""The 16:9 map (CSS pixels) the scenes are framed for: a slide's map (drawn 1.5 times
larger, 1600x900), about the size of the window's map."""

# Dates as exact as these place an event on one day (or, for weeks, in one week).
_DAY_PRECISIONS: Final = frozenset({"day"})
_WEEK_PRECISIONS: Final = frozenset({"day", "week"})
# Places this near each other (chained) are one group for framing, as on the map page
# (resources/web/core.js, FRAME_LINK_KM), and a region or a country pulls less than a point.
_LINK_KM: Final = 1200.0
_KIND_WEIGHT: Final = {"region": 0.25, "country": 0.1}
# The closest a scene zooms, by the finest kind of place it frames: a lone city is shown
# with its surroundings, a lone country whole.
_MAX_ZOOM: Final = {"city": 8, "landmark": 8, "region": 6, "water": 5, "country": 5}
_MIN_ZOOM: Final = 2
# The share of the map kept clear of the framed places on each side: more on the right,
# where the legend is (bottom right, about a sixth of a 1600-pixel map's width).
_MARGIN: Final = 0.12
_MARGIN_RIGHT: Final = 0.24
_CAPTION_PLACES: Final = 3


@dataclass(frozen=True, slots=True)
class _Period:
    first: dt.date
    last: dt.date
    weekly: bool


def _tiered(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows that frame a scene: places where something happened (role "event", not a
    demonym) other than countries; else event countries; else every row."""
    event = (rows["role"] == "event") & ~rows["demonym"].astype(bool)
    for mask in (event & (rows["kind"] != "country"), event):
        if bool(mask.any()):
            return rows.loc[mask.to_numpy()]
    return rows


def _distance_km(lat1: np.ndarray, lon1: np.ndarray, lat2: float, lon2: float) -> np.ndarray:
    rad = math.pi / 180
    h = (np.sin((lat2 - lat1) * rad / 2) ** 2
         + np.cos(lat1 * rad) * math.cos(lat2 * rad) * np.sin((lon2 - lon1) * rad / 2) ** 2)
    return np.asarray(12742 * np.arcsin(np.minimum(1.0, np.sqrt(h))))


def _main_places(rows: pd.DataFrame) -> pd.DataFrame:
    """The places a scene frames, one row per place with its ``weight``: of the tier that
    counts, the heaviest groups of neighbouring places until they hold half the weight (a
    far-off mention does not shrink what matters to dots)."""
    tier = _tiered(rows)
    places = (tier.assign(weight=tier["kind"].map(_KIND_WEIGHT).fillna(1.0).astype(float))
              .groupby(["lat", "lon"], as_index=False)
              .agg(weight=("weight", "sum"), kind=("kind", "first"), place=("place", "first")))
    if len(places) <= 1:
        return places
    # Chained groups by union-find; places snapped to a 1-degree grid first, so an archive's
    # thousands of places cost no more than the cells they fill.
    cells = places.assign(clat=places["lat"].round(0), clon=places["lon"].round(0))
    centres = cells.groupby(["clat", "clon"], as_index=False).agg(
        lat=("lat", "mean"), lon=("lon", "mean"))
    lat = centres["lat"].to_numpy(dtype=float)
    lon = centres["lon"].to_numpy(dtype=float)
    parent = list(range(len(centres)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for k in range(len(centres)):
        near = np.nonzero(_distance_km(lat, lon, lat[k], lon[k]) <= _LINK_KM)[0]
        for other in near.tolist():
            parent[find(other)] = find(k)
    group_of_cell = {(centres["clat"].iat[k], centres["clon"].iat[k]): find(k)
                     for k in range(len(centres))}
    groups = [group_of_cell[(a, b)] for a, b in zip(cells["clat"], cells["clon"], strict=True)]
    cells = cells.assign(group=groups)
    weights = cells.groupby("group")["weight"].sum().sort_values(ascending=False, kind="stable")
    chosen: list[int] = []
    held, total = 0.0, float(weights.sum())
    for group, weight in weights.items():
        if held >= total / 2:
            break
        chosen.append(int(group))
        held += float(weight)
    return cells.loc[cells["group"].isin(chosen).to_numpy(),
                     ["lat", "lon", "weight", "kind", "place"]]


def _mercator_y(lat: float) -> float:
    """The Web Mercator y of ``lat`` (0 at the top of the world, 1 at the bottom)."""
    lat = max(-85.0, min(85.0, lat))
    phi = math.radians(lat)
    return (1 - math.log(math.tan(phi) + 1 / math.cos(phi)) / math.pi) / 2


def frame_view(lats: Sequence[float], lons: Sequence[float], *, kinds: Sequence[str] = (),
               size: tuple[int, int] = FRAME_SIZE) -> SavedView:
    """The map view (centre, whole zoom) that shows every point ``lats``/``lons`` on a
    Leaflet map of ``size`` pixels with a margin on each side, no closer than the finest
    of ``kinds`` (the kinds of place framed) warrants. Raises SceneError (a ValueError) for
    no points or coordinates off the Earth."""
    if not lats:
        return SavedView(float("nan"), 0.0, 0.0)  # raises SceneError
    ys = [_mercator_y(lat) for lat in lats]
    west, east = min(lons), max(lons)
    top, bottom = min(ys), max(ys)
    width = max(1.0, size[0] * (1 - _MARGIN - _MARGIN_RIGHT))
    height = max(1.0, size[1] * (1 - 2 * _MARGIN))
    spans = [(east - west) / 360 * 256 / width, (bottom - top) * 256 / height]
    span = max(spans)
    cap = max((_MAX_ZOOM.get(kind, 8) for kind in kinds), default=8)
    zoom = float(cap) if span <= 0 else min(float(cap), math.floor(math.log2(1 / span)))
    zoom = max(float(_MIN_ZOOM), zoom)
    y = (top + bottom) / 2
    lat = math.degrees(math.atan(math.sinh(math.pi * (1 - 2 * y))))
    # The places sit in the middle of the map less its margins: the centre is further
    # right than their middle by half the difference of the two side margins.
    shift_px = size[0] * (_MARGIN_RIGHT - _MARGIN) / 2
    lon = (west + east) / 2 + shift_px / (256 * 2**zoom) * 360
    lon = (lon + 180) % 360 - 180
    return SavedView(round(lat, 4), round(lon, 4), zoom)


def _frame_rows(rows: pd.DataFrame, size: tuple[int, int]) -> SavedView:
    places = _main_places(rows)
    return frame_view(places["lat"].tolist(), places["lon"].tolist(),
                      kinds=places["kind"].tolist(), size=size)


def _long_day(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _caption(period: _Period | None, rows: pd.DataFrame) -> str:
    """``"5 January 2022: Almaty, Taraz, Astana"``: the period and the most reported of
    the places its map frames."""
    places = _main_places(rows).sort_values("weight", ascending=False, kind="stable")
    names = list(dict.fromkeys(n for n in places["place"].tolist() if n))[:_CAPTION_PLACES]
    if period is None:
        head = "Overview"
        # The span of the events dated to a day or a week: one "in 2016" does not
        # stretch a briefing on a January crisis over six years.
        dated = rows.loc[rows["date_precision"].isin(_WEEK_PRECISIONS).to_numpy()
                         & rows["date_start"].notna().to_numpy()]
        if not dated.empty:
            first = dated["date_start"].min().date()
            last = dated["date_end"].fillna(dated["date_start"]).max().date()
            head = (f"Overview, {_long_day(first)}" if first == last
                    else f"Overview, {_long_day(first)} to {_long_day(last)}")
    elif period.weekly:
        head = f"Week of {_long_day(period.first)}"
    else:
        head = _long_day(period.first)
    return f"{head}: {', '.join(str(n) for n in names)}" if names else head


def _periods(frame: pd.DataFrame, *, max_days: int) -> list[tuple[_Period, pd.DataFrame]]:
    """The days with events (rows dated to a day, at least one of them an event rather
    than a background place, when any row is), or the weeks when they are more than
    ``max_days``; each with its rows, in date order."""
    dated = frame.loc[frame["date_start"].notna().to_numpy()]
    precise = dated.loc[dated["date_precision"].isin(_DAY_PRECISIONS).to_numpy()]
    days = precise["date_start"].dt.normalize()
    counted = precise["role"] == "event" if bool((precise["role"] == "event").any()) else None
    wanted = sorted({d.date() for d in (days[counted] if counted is not None else days)})
    if len(wanted) <= max_days:
        return [(_Period(day, day, weekly=False), precise.loc[(days.dt.date == day).to_numpy()])
                for day in wanted]
    weekly = dated.loc[dated["date_precision"].isin(_WEEK_PRECISIONS).to_numpy()]
    starts = weekly["date_start"].dt.normalize()
    mondays = (starts - pd.to_timedelta(starts.dt.day_of_week, unit="D")).dt.date
    weeks = sorted({day - dt.timedelta(days=day.weekday()) for day in wanted})
    return [(_Period(monday, monday + dt.timedelta(days=6), weekly=True),
             weekly.loc[(mondays == monday).to_numpy()]) for monday in weeks]


def auto_storyboard(frame: pd.DataFrame, *, max_days: int = MAX_DAILY_SCENES,
                    size: tuple[int, int] = FRAME_SIZE) -> list[Scene]:
    """The scenes of a storyboard made from ``frame`` (an event table) alone: an overview of
    every event (all dates), then one scene per day with events, framed on that day's
    events for a map of ``size`` pixels, captioned with the day and its main places; weeks
    instead of days when there are more than ``max_days`` days. Filters are the defaults
    and nothing is highlighted. Returns ``[]`` for a table without a located event.
    Raises nothing for a table that follows the schema (``sitmap.events.validate``)."""
    located = frame.loc[(frame["lat"].notna() & frame["lon"].notna()).to_numpy()]
    if located.empty:
        return []
    scenes = [Scene(caption=_caption(None, located), view=_frame_rows(located, size))]
    for period, rows in _periods(located, max_days=max_days):
        if rows.empty:
            continue
        scenes.append(Scene(caption=_caption(period, rows), view=_frame_rows(rows, size),
                            date_start=period.first, date_end=period.last))
    return scenes
