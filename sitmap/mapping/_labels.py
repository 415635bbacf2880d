"""Place names for the offline basemap: the world's big cities and the towns around the data.

The Natural Earth basemap has borders but no names, so a map zoomed in on a crisis showed
its pins on an empty beige. The page gets a short list of city names from the gazetteer:
the most populous cities of the world (for the overview) and, around every place the data
names, the biggest towns within a few degrees (for the close-up). The page shows a name
only from the zoom its population earns (``map.js``, ``placeLabels``).

In the window the page also asks, as the view moves, for the biggest towns inside the view
(:func:`labels_in_view`), so a pin anywhere has neighbours to be judged by; the standalone
export keeps the fixed list.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from functools import lru_cache

import numpy as np
import pandas as pd

from sitmap.errors import SitmapError
from sitmap.geocode import Gazetteer, open_gazetteer

__all__ = ["labels_for", "labels_in_view"]

# The smallest town named near the data; the world's largest cities always.
_MIN_POPULATION = 50_000
_WORLD_CITIES = 200
_CELL_DEGREES = 2.0
_PER_CELL = 5
# Each label costs about 30 bytes of page: 600 stay within the 10k-event export's 3 MB.
_MAX_LABELS = 600
# Town names per view in the window: more than fit on a screen without overlapping.
_VIEW_LABELS = 150
# The points whose cells get their towns named: the first this many distinct ones, looked
# for in a prefix of this many rows first (see _cells_near).
_DISTINCT_POINTS = 5_000
_FIRST_ROWS = 65_536


def labels_for(frame: pd.DataFrame, *, build_index: bool = True) -> list[list[object]]:
    """``[name, lat, lon, thousands of people]`` rows to label the map of ``frame``, most
    populous first; empty for an empty table (the placeholder map shown while articles are read) and
    when the gazetteer cannot be opened (the map still works without names). The gazetteer
    is read once per process. With ``build_index=False`` (the window's own thread) a
    gazetteer that is not compiled yet is not built: the rows are empty until it is."""
    if frame.empty:
        return []
    try:
        if not build_index and _cities.cache_info().currsize == 0:
            open_gazetteer(build_missing=False).close()
        cities = _cities()
    except SitmapError:
        return []
    cells = _cells_near(frame)
    chosen: list[tuple[str, float, float, int]] = []
    per_cell: dict[tuple[int, int], int] = {}
    for k, city in enumerate(cities):
        if len(chosen) >= _MAX_LABELS:
            break
        cell = _cell(city[1], city[2])
        if k < _WORLD_CITIES or cell in cells and per_cell.get(cell, 0) < _PER_CELL:
            chosen.append(city)
        else:
            continue
        per_cell[cell] = per_cell.get(cell, 0) + 1
    return _rows(chosen)


def labels_in_view(
    south: float,
    west: float,
    north: float,
    east: float,
    *,
    min_population: int = 0,
    limit: int = _VIEW_LABELS,
) -> list[list[object]]:
    """Rows shaped as :func:`labels_for`'s for the ``limit`` biggest towns of at least
    ``min_population`` people inside the box (``west``/``east`` may pass ±180), most
    populous first; empty when the gazetteer cannot be opened, and while it is not compiled
    yet: this never builds it (the window asks from its own thread; the first run's
    background job builds it). The gazetteer stays open for the next view.

    Raises:
        ValueError: the bounds are not a box of finite numbers.
    """
    try:
        towns = _open_gazetteer().cities_in(
            south, west, north, east, min_population=min_population, limit=limit)
    except SitmapError:
        return []
    return _rows(towns)


def _rows(cities: Iterable[tuple[str, float, float, int]]) -> list[list[object]]:
    # Two decimals (about a kilometre) and thousands of people are all a label needs.
    return [[name, round(lat, 2), round(lon, 2), population // 1000]
            for name, lat, lon, population in cities]


def _cells_near(frame: pd.DataFrame) -> set[tuple[int, int]]:
    """The label cells of the first 5,000 distinct points of ``frame`` (rows without
    coordinates left out) and their eight neighbours each, computed a column at a time (a
    loop over the points took ~0.04 s of a 10k table's 0.5 s to the map)."""
    coordinates = frame[["lat", "lon"]]
    # The first distinct points of a prefix are the table's first ones once the prefix
    # holds enough of them: a longer prefix only when it does not (hashing all of 5M rows
    # took 2.2 s; most tables have their 5,000 distinct points in their first rows).
    rows = _FIRST_ROWS
    while True:
        distinct = coordinates.iloc[:rows].drop_duplicates()
        if len(distinct) >= _DISTINCT_POINTS or rows >= len(coordinates):
            break
        rows *= 4
    points = distinct.to_numpy(dtype=float)[:_DISTINCT_POINTS]
    points = points[np.isfinite(points).all(axis=1)]
    own = np.unique(np.floor(points / _CELL_DEGREES).astype(np.int64), axis=0)
    return {(row + dr, col + dc)
            for row, col in own.tolist() for dr in (-1, 0, 1) for dc in (-1, 0, 1)}


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


@lru_cache(maxsize=1)
def _open_gazetteer() -> Gazetteer:
    # A failure (not built yet) is not cached: the next view asks again.
    return open_gazetteer(build_missing=False)


@lru_cache(maxsize=1)
def _cities() -> tuple[tuple[str, float, float, int], ...]:
    gazetteer = open_gazetteer()
    try:
        return tuple(gazetteer.cities(min_population=_MIN_POPULATION))
    finally:
        gazetteer.close()
