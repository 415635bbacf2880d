"""Place names for the offline basemap: the world's big cities and the towns around the data.

The Natural Earth basemap has borders but no names, so a map zoomed in on a crisis showed
its pins on an empty beige. The page gets a short list of city names from the gazetteer:
the most populous cities of the world (for the overview) and, around every place the data
names, the biggest towns within a few degrees (for the close-up). The page shows a name
only from the zoom its population earns (``map.js``, ``placeLabels``).
"""

from __future__ import annotations

import math
from functools import lru_cache

import pandas as pd

from sitmap.errors import SitmapError
from sitmap.geocode import open_gazetteer

__all__ = ["labels_for"]

# The smallest town named near the data; the world's largest cities always.
_MIN_POPULATION = 50_000
_WORLD_CITIES = 200
_CELL_DEGREES = 2.0
_PER_CELL = 5
# Each label costs about 30 bytes of page: 600 stay within the 10k-event export's 3 MB.
_MAX_LABELS = 600


def labels_for(frame: pd.DataFrame) -> list[list[object]]:
    """``[name, lat, lon, thousands of people]`` rows to label the map of ``frame``, most
    populous first; empty for an empty table (the placeholder map shown while articles are read) and
    when the gazetteer cannot be opened (the map still works without names). The gazetteer
    is read once per process."""
    if frame.empty:
        return []
    try:
        cities = _cities()
    except SitmapError:
        return []
    cells: set[tuple[int, int]] = set()
    for lat, lon in frame[["lat", "lon"]].drop_duplicates().to_numpy()[:5_000]:
        if not (math.isfinite(lat) and math.isfinite(lon)):
            continue
        row, col = _cell(lat, lon)
        cells.update((row + dr, col + dc) for dr in (-1, 0, 1) for dc in (-1, 0, 1))
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
    # Two decimals (about a kilometre) and thousands of people are all a label needs.
    return [[name, round(lat, 2), round(lon, 2), population // 1000]
            for name, lat, lon, population in chosen]


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / _CELL_DEGREES), math.floor(lon / _CELL_DEGREES)


@lru_cache(maxsize=1)
def _cities() -> tuple[tuple[str, float, float, int], ...]:
    gazetteer = open_gazetteer()
    try:
        return tuple(gazetteer.cities(min_population=_MIN_POPULATION))
    finally:
        gazetteer.close()
