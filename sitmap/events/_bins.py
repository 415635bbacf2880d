"""Density bins: events counted per square cell of the Web Mercator map at a zoom, with the
count of each category, computed with numpy over whole columns (no per-row Python objects).

A cell is ``CELL_PX`` screen pixels wide at its zoom, so a zoom level's grid is the one the
page would draw; cells are whole (every event in a cell counts, also when the view cuts the
cell). Used by the window above :data:`DENSITY_THRESHOLD` events in view and by the
standalone export of a large table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Final

import numpy as np
import pandas as pd
from pandas.api.extensions import ExtensionArray

from sitmap.events._schema import CATEGORIES, SchemaError

__all__ = ["CELL_PX", "DENSITY_THRESHOLD", "EventGrid", "carried_rows", "day_bins"]

# Screen pixels per cell side (a 256-pixel tile holds 4 x 4 cells).
CELL_PX: Final = 64
# Above this many events in view the page draws bins, not points: the window's page is
# ready in about 0.6 s and repaints a slider step in under 30 ms up to here (measured,
# docs/benchmarks.md "Aggregate before drawing").
DENSITY_THRESHOLD: Final = 20_000
_MAX_LAT: Final = 85.0511287798  # Web Mercator's edge
_DENSE_CELLS: Final = 1 << 18
_FIXED: Final = float(1 << 31)  # fixed-point units per world width
_NOWHERE: Final = float((1 << 32) - 1)  # up to this many cells in the window, count with bincount


def _mercator(lat: np.ndarray, lon: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Web Mercator x, y in [0, 1) (y downwards), as Leaflet projects; NaN stays NaN."""
    # The same operations in the same order, written into as few arrays as they need (a
    # new array per step touched ~10 fresh 40 MB arrays at 5M events).
    x = np.add(np.asarray(lon, dtype=float), 180.0)
    x /= 360.0
    rad = np.clip(np.asarray(lat, dtype=float), -_MAX_LAT, _MAX_LAT)
    np.radians(rad, out=rad)
    y = np.tan(rad)
    secant = np.cos(rad, out=rad)
    np.divide(1.0, secant, out=secant)
    y += secant
    del rad, secant
    np.log(y, out=y)
    y /= math.pi
    np.subtract(1.0, y, out=y)
    y /= 2.0
    top = np.nextafter(1.0, 0.0)
    return np.clip(x, 0.0, top, out=x), np.clip(y, 0.0, top, out=y)


def _fixed(v: np.ndarray) -> np.ndarray:
    """``v`` (in [0, 1) or NaN) as fixed-point uint32, NaN as :data:`_NOWHERE`: what
    ``np.where(np.isfinite(v), v * _FIXED, _NOWHERE).astype(np.uint32)`` gives, with one
    scratch array."""
    scaled = np.multiply(v, _FIXED)
    scaled[~np.isfinite(v)] = _NOWHERE
    with np.errstate(invalid="ignore"):
        fixed: np.ndarray = scaled.astype(np.uint32)
    return fixed


def _lat_of(y: float) -> float:
    return math.degrees(math.atan(math.sinh(math.pi * (1.0 - 2.0 * y))))


@dataclass(frozen=True, slots=True)
class EventGrid:
    """The columns binning reads, made once per event table: Web Mercator ``x`` and ``y``,
    the category code (index into :data:`sitmap.events.CATEGORIES`), ``lat`` and ``lon``.
    Rows without coordinates are never counted."""

    x: np.ndarray
    y: np.ndarray
    cat: np.ndarray
    lat: np.ndarray
    lon: np.ndarray
    # x and y as fixed-point uint32 (2**31 per world; NaN: the largest value, in no view):
    # a cell's column at a zoom is one shift of them, cheaper than a float floor.
    xq: np.ndarray
    yq: np.ndarray

    @classmethod
    def of(cls, frame: pd.DataFrame) -> EventGrid:
        """The grid columns of the event table ``frame``.

        Raises:
            SchemaError: a category is not one of :data:`sitmap.events.CATEGORIES`, or a
                column is missing.
        """
        try:
            lat = frame["lat"].to_numpy(dtype=float, na_value=np.nan)
            lon = frame["lon"].to_numpy(dtype=float, na_value=np.nan)
            category = frame["category"].astype(str)
        except KeyError as exc:
            raise SchemaError(f"event table lacks column {exc}") from None
        if not category.isin(CATEGORIES).all():
            raise SchemaError("event table column 'category' has values outside the list")
        codes = pd.Categorical(category, categories=CATEGORIES).codes
        return cls.from_coordinates(lat, lon, codes.astype(np.int16))

    @classmethod
    def from_coordinates(cls, lat: np.ndarray, lon: np.ndarray, cat: np.ndarray) -> EventGrid:
        """The grid of events at ``lat``, ``lon`` (degrees; NaN: none) with category codes
        ``cat`` (indexes into :data:`sitmap.events.CATEGORIES`). Raises nothing."""
        x, y = _mercator(lat, lon)
        return cls(x=x, y=y, cat=cat, lat=lat, lon=lon, xq=_fixed(x), yq=_fixed(y))

    def _shift(self, zoom: int) -> np.uint32:
        per_side, _ = self._cells(zoom)
        return np.uint32(31 - (per_side.bit_length() - 1))

    def __len__(self) -> int:
        return len(self.x)

    def _cells(self, zoom: int) -> tuple[int, float]:
        per_side = max(1, (256 << max(0, min(int(zoom), 24))) // CELL_PX)
        return per_side, float(per_side)

    def _window(
        self, zoom: int, bounds: tuple[float, float, float, float] | None
    ) -> tuple[int, int, int, int]:
        """The cell columns and rows [x0, x1] x [y0, y1] the view ``bounds`` touches."""
        per_side, scale = self._cells(zoom)
        if bounds is None:
            return 0, per_side - 1, 0, per_side - 1
        south, west, north, east = (float(v) for v in bounds)
        if not all(math.isfinite(v) for v in (south, west, north, east)):
            raise ValueError(f"view bounds are not finite numbers: {bounds!r}")
        if east - west >= 360.0:
            west, east = -180.0, 180.0
        (x0, x1), (y0, y1) = _mercator(
            np.array([north, south]), np.array([max(-180.0, west), min(180.0, east)])
        )
        return (int(x0 * scale), int(x1 * scale), int(y0 * scale), int(y1 * scale))

    def in_view(
        self, mask: np.ndarray, *, zoom: int, bounds: tuple[float, float, float, float] | None
    ) -> np.ndarray:
        """Row positions of the ``mask`` rows in the cells the view touches, in row order.

        Raises:
            ValueError: ``bounds`` holds NaN or an infinity.
        """
        x0, x1, y0, y1 = self._window(zoom, bounds)
        shift = self._shift(zoom)
        ix = self.xq >> shift
        keep = (ix >= x0) & (ix <= x1)
        keep &= mask
        iy = self.yq >> shift
        keep &= (iy >= y0) & (iy <= y1)
        return np.flatnonzero(keep)

    def bins(
        self, mask: np.ndarray, *, zoom: int,
        bounds: tuple[float, float, float, float] | None = None,
    ) -> dict[str, Any]:
        """The ``mask`` rows counted per cell at ``zoom`` (cells the view ``bounds``, ``(south,
        west, north, east)`` in degrees, touches; ``None``: the world). Returns JSON-ready
        data: ``{"zoom", "total", "categories", "cells"}`` where each cell is ``[south, west,
        north, east, count, [count per category, in ``categories`` order]]`` and ``total`` the
        events counted. Cells are in row-major order of the grid, empty cells left out.

        Raises:
            ValueError: ``bounds`` holds NaN or an infinity.
        """
        _, scale = self._cells(zoom)
        x0, x1, y0, y1 = self._window(zoom, bounds)
        rows = self.in_view(mask, zoom=zoom, bounds=bounds)
        shift = self._shift(zoom)
        ix = (self.xq[rows] >> shift).astype(np.int64) - x0
        iy = (self.yq[rows] >> shift).astype(np.int64) - y0
        width, height, ncat = x1 - x0 + 1, y1 - y0 + 1, len(CATEGORIES)
        key = iy * width + ix
        if width * height <= _DENSE_CELLS:
            counts = np.bincount(key * ncat + self.cat[rows], minlength=width * height * ncat)
            per_cat = counts.reshape(width * height, ncat)
            occupied = np.flatnonzero(per_cat.sum(axis=1))
            keys, per_cat = occupied, per_cat[occupied]
        else:  # a huge window (the world at a high zoom): only the occupied cells
            keys, inverse = np.unique(key, return_inverse=True)
            per_cat = np.bincount(inverse * ncat + self.cat[rows],
                                  minlength=len(keys) * ncat).reshape(len(keys), ncat)
        totals = per_cat.sum(axis=1)
        cells = []
        for j, k in enumerate(keys.tolist()):
            cx, cy = x0 + k % width, y0 + k // width
            cells.append([
                round(_lat_of((cy + 1) / scale), 6), round(cx / scale * 360.0 - 180.0, 6),
                round(_lat_of(cy / scale), 6), round((cx + 1) / scale * 360.0 - 180.0, 6),
                int(totals[j]), per_cat[j].tolist(),
            ])
        return {"zoom": int(zoom), "total": int(len(rows)), "categories": list(CATEGORIES),
                "cells": cells}

    def first_view(self) -> dict[str, float] | None:
        """A first view (``{"lat", "lon", "zoom"}``) that frames most events (the 2nd to
        98th percentile of latitude and longitude, for a map about 800 pixels wide), for a
        page that gets bins instead of every event; ``None`` without coordinates."""
        keep = np.isfinite(self.lat) & np.isfinite(self.lon)
        if not keep.any():
            return None
        south, north = np.percentile(self.lat[keep], [2, 98])
        west, east = np.percentile(self.lon[keep], [2, 98])
        span = max(float(east - west), 1.6 * float(north - south), 0.01)
        zoom = float(np.clip(np.floor(np.log2(360.0 / span * 800 / 256)), 2, 12))
        return {"lat": float((south + north) / 2), "lon": float((west + east) / 2), "zoom": zoom}

    def layer(
        self, mask: np.ndarray, ids: np.ndarray | ExtensionArray, *, zoom: int,
        bounds: tuple[float, float, float, float] | None,
        threshold: int = DENSITY_THRESHOLD,
    ) -> dict[str, Any]:
        """What the page draws for the ``mask`` rows in the view: ``{"mode": "points",
        "total", "points": {"id", "lat", "lon", "cat"}}`` (parallel lists; ``ids`` are the
        rows' event ids) when at most ``threshold`` of them are in the cells the view
        touches, else :meth:`bins` with ``"mode": "bins"``. Both carry ``"zoom"`` and
        ``"categories"``.

        Raises:
            ValueError: ``bounds`` holds NaN or an infinity.
        """
        rows = self.in_view(mask, zoom=zoom, bounds=bounds)
        if len(rows) > threshold:
            return {"mode": "bins", **self.bins(mask, zoom=zoom, bounds=bounds)}
        return {
            "mode": "points", "zoom": int(zoom), "total": int(len(rows)),
            "categories": list(CATEGORIES),
            "points": {
                "id": [str(i) for i in ids[rows].tolist()],
                "lat": np.round(self.lat[rows], 5).tolist(),
                "lon": np.round(self.lon[rows], 5).tolist(),
                "cat": self.cat[rows].tolist(),
            },
        }


def day_bins(
    frame: pd.DataFrame, grid: EventGrid, rows: np.ndarray, *, zoom: int,
    background: np.ndarray,
) -> dict[str, Any]:
    """The events at positions ``rows`` of ``frame`` counted per cell at ``zoom``, first
    day, last day, category and background flag, for a page that filters them itself
    (the standalone export of a large table): ``{"zoom", "cells": [[south, west, north,
    east]...], "base": a day (days since 1970-01-01), "c": cell index, "d0": first day
    after ``base`` (-1: undated), "dd": days from the first to the last day, "k": category
    index * 2 + 1 if background, "n": count}`` with ``c``, ``d0``, ``dd``, ``k``, ``n``
    parallel lists (one entry per group of events alike in all five). ``background`` marks the rows
    the background toggle hides (``frame``'s rows). Raises nothing for a valid frame."""
    scale = float(max(1, (256 << zoom) // CELL_PX))
    has = np.isfinite(grid.x[rows]) & np.isfinite(grid.y[rows])
    rows = rows[has]
    ix = np.floor(grid.x[rows] * scale).astype(np.int64)
    iy = np.floor(grid.y[rows] * scale).astype(np.int64)
    start = frame["date_start"].to_numpy(dtype="datetime64[D]")[rows]
    end = frame["date_end"].to_numpy(dtype="datetime64[D]")[rows]
    end = np.where(np.isnat(end), start, end)
    undated = np.isnat(start)
    day0 = np.where(undated, 0, start.astype(np.int64))
    base = int(day0[~undated].min()) if (~undated).any() else 0
    d0 = np.where(undated, 0, np.clip(day0 - base + 1, 1, (1 << 20) - 1))
    span = np.where(undated, 0, np.clip((end - start).astype(np.int64), 0, (1 << 16) - 1))
    kind = grid.cat[rows].astype(np.int64) * 2 + background[rows].astype(np.int64)
    cells, cell_code = np.unique(iy * int(scale) + ix, return_inverse=True)
    # One int64 per group: cell | first day (0: undated) | days it lasts | category, background.
    key = (cell_code.astype(np.int64) << 42) | (d0 << 22) | (span << 6) | kind
    groups, counts = np.unique(key, return_counts=True)
    g_d0 = ((groups >> 22) & ((1 << 20) - 1)).tolist()
    g_span = ((groups >> 6) & ((1 << 16) - 1)).tolist()
    first = [v - 1 for v in g_d0]  # days after "base"; -1: undated
    boxes = []
    for k in cells.tolist():
        cx, cy = k % int(scale), k // int(scale)
        boxes.append([round(_lat_of((cy + 1) / scale), 5), round(cx / scale * 360.0 - 180.0, 5),
                      round(_lat_of(cy / scale), 5), round((cx + 1) / scale * 360.0 - 180.0, 5)])
    return {"zoom": int(zoom), "base": base, "cells": boxes, "c": (groups >> 42).tolist(),
            "d0": first, "dd": g_span, "k": (groups & 63).tolist(), "n": counts.tolist()}


def carried_rows(grid: EventGrid, *, zoom: int, sparse: int, limit: int) -> np.ndarray:
    """Row positions of the events in sparse cells at ``zoom`` (at most ``sparse`` events
    in the cell), sparsest cells first, at most ``limit`` rows: the events a standalone
    page of a large table can carry as points. Raises nothing."""
    scale = float(max(1, (256 << zoom) // CELL_PX))
    rows = np.flatnonzero(np.isfinite(grid.x) & np.isfinite(grid.y))
    cell = (np.floor(grid.y[rows] * scale).astype(np.int64) * int(scale)
            + np.floor(grid.x[rows] * scale).astype(np.int64))
    _, code, size = np.unique(cell, return_inverse=True, return_counts=True)
    per_row = size[code]
    keep = per_row <= sparse
    order = np.argsort(per_row[keep], kind="stable")
    return np.sort(rows[keep][order][:limit])
