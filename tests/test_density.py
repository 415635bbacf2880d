"""Density bins (issue 15): every event counted once, in the cell that holds it, with its
category; the view, the mask and the threshold decide what the page gets."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sitmap.events import CATEGORIES, EventGrid, SchemaError, synthetic_events


def _inside(frame: pd.DataFrame, cell: list) -> np.ndarray:
    south, west, north, east = cell[:4]
    lat, lon = frame["lat"].to_numpy(), frame["lon"].to_numpy()
    return (lat >= south) & (lat < north) & (lon >= west) & (lon < east)


@pytest.mark.parametrize("zoom", [2, 5, 8])
def test_each_cell_counts_the_events_inside_it_by_category(zoom: int) -> None:
    frame = synthetic_events(3000, seed=4)
    grid = EventGrid.of(frame)
    bins = grid.bins(np.ones(len(frame), dtype=bool), zoom=zoom)
    assert bins["categories"] == list(CATEGORIES)
    assert bins["total"] == len(frame)
    assert sum(c[4] for c in bins["cells"]) == len(frame)
    for cell in bins["cells"]:
        inside = _inside(frame, cell)
        assert cell[4] == inside.sum()
        counted = frame.loc[inside, "category"].value_counts()
        assert cell[5] == [int(counted.get(c, 0)) for c in CATEGORIES]


def test_the_mask_decides_which_events_count() -> None:
    frame = synthetic_events(2000, seed=5)
    grid = EventGrid.of(frame)
    mask = (frame["category"] == CATEGORIES[0]).to_numpy()
    bins = grid.bins(mask, zoom=4)
    assert bins["total"] == mask.sum() > 0
    for cell in bins["cells"]:
        assert cell[5][1:] == [0] * (len(CATEGORIES) - 1)
        assert cell[4] == (_inside(frame, cell) & mask).sum()


def test_a_view_gets_only_the_cells_it_touches_and_each_whole() -> None:
    frame = synthetic_events(3000, seed=6)
    grid = EventGrid.of(frame)
    everything = np.ones(len(frame), dtype=bool)
    view = (42.0, 70.0, 45.0, 78.0)  # around Almaty and Bishkek
    cells = grid.bins(everything, zoom=6, bounds=view)["cells"]
    world = {tuple(c[:4]): c for c in grid.bins(everything, zoom=6)["cells"]}
    assert cells
    for cell in cells:
        south, west, north, east = cell[:4]
        assert south < view[2] and north > view[0] and west < view[3] and east > view[1]
        assert world[tuple(cell[:4])] == cell  # a cell cut by the view is still whole
    # cells elsewhere (Geneva, Moscow) are left out
    assert len(cells) < len(world)


def test_rows_without_coordinates_are_not_counted() -> None:
    frame = synthetic_events(50, seed=1)
    frame.loc[:9, ["lat", "lon"]] = np.nan
    frame.loc[:9, "place_basis"] = "unknown"  # only rows of no place have no coordinates
    grid = EventGrid.of(frame)
    assert grid.bins(np.ones(50, dtype=bool), zoom=3)["total"] == 40


def test_the_world_at_a_high_zoom_counts_only_occupied_cells() -> None:
    frame = synthetic_events(500, seed=2)
    bins = EventGrid.of(frame).bins(np.ones(500, dtype=bool), zoom=14)
    assert bins["total"] == 500 == sum(c[4] for c in bins["cells"])
    for cell in bins["cells"][:50]:
        assert cell[4] == _inside(frame, cell).sum()


def test_the_layer_sends_points_up_to_the_threshold_and_bins_above() -> None:
    frame = synthetic_events(400, seed=3)
    grid = EventGrid.of(frame)
    ids = frame["event_id"].to_numpy(dtype=object)
    mask = np.ones(400, dtype=bool)
    dense = grid.layer(mask, ids, zoom=3, bounds=None, threshold=399)
    assert dense["mode"] == "bins" and dense["total"] == 400
    sparse = grid.layer(mask, ids, zoom=3, bounds=None, threshold=400)
    assert sparse["mode"] == "points"
    assert sorted(sparse["points"]["id"]) == sorted(frame["event_id"])
    assert sparse["points"]["cat"][0] == CATEGORIES.index(frame["category"].iloc[0])
    # zoomed in on one city, few enough events to draw one by one
    near = grid.layer(mask, ids, zoom=9, bounds=(43.0, 76.5, 43.5, 77.3), threshold=399)
    assert near["mode"] == "points" and 0 < near["total"] < 400


def test_bad_bounds_and_bad_categories_are_errors() -> None:
    frame = synthetic_events(10)
    grid = EventGrid.of(frame)
    with pytest.raises(ValueError, match="not finite"):
        grid.bins(np.ones(10, dtype=bool), zoom=3, bounds=(float("nan"), 0, 1, 1))
    with pytest.raises(SchemaError):
        EventGrid.of(frame.assign(category="nonsense"))


def test_the_view_models_range_mask_is_filter_events_date_rule() -> None:
    import datetime as dt

    from sitmap.events import filter_events
    from sitmap.viewmodel import Filter, ViewModel

    frame = synthetic_events(600, seed=8, days=20)
    frame.loc[:19, "date_start"] = pd.NaT
    frame.loc[:9, "date_end"] = pd.NaT
    model = ViewModel()
    model.set_data(frame)
    model.set_filter(Filter.of(CATEGORIES[:6]))
    first = model.bounds[0]
    for a, b in ((0, 0), (2, 5), (10, 30)):
        start, end = first + dt.timedelta(days=a), first + dt.timedelta(days=b)
        model.set_range(start, end)
        kept = filter_events(frame, date_from=start, date_to=end, categories=CATEGORIES[:6])
        assert set(frame["event_id"][model.visible]) == set(kept["event_id"])


def test_the_grid_columns_are_the_mercator_formulas_bit_for_bit() -> None:
    """The grid's x, y and fixed-point columns, computed with few scratch arrays, are the
    plain formulas' values to the bit: inside and outside the map's edges, at the poles
    and the antimeridian, and for missing or infinite coordinates."""
    import math

    import numpy as np

    from sitmap.events._bins import _FIXED, _MAX_LAT, _NOWHERE, EventGrid

    rng = np.random.default_rng(12)
    lat = rng.uniform(-95.0, 95.0, 3_000)
    lon = rng.uniform(-190.0, 190.0, 3_000)
    lat[:6] = [np.nan, np.inf, -np.inf, 90.0, -90.0, 0.0]
    lon[6:12] = [np.nan, 180.0, -180.0, np.inf, 0.0, -0.0]
    grid = EventGrid.from_coordinates(lat, lon, np.zeros(3_000, dtype=np.int16))
    top = np.nextafter(1.0, 0.0)
    x = np.clip((lon + 180.0) / 360.0, 0.0, top)
    rad = np.radians(np.clip(lat, -_MAX_LAT, _MAX_LAT))
    y = np.clip((1.0 - np.log(np.tan(rad) + 1.0 / np.cos(rad)) / math.pi) / 2.0, 0.0, top)
    with np.errstate(invalid="ignore"):
        xq = np.where(np.isfinite(x), x * _FIXED, _NOWHERE).astype(np.uint32)
        yq = np.where(np.isfinite(y), y * _FIXED, _NOWHERE).astype(np.uint32)
    for got, wanted in ((grid.x, x), (grid.y, y)):
        assert np.array_equal(got.view(np.int64), wanted.view(np.int64))
    assert np.array_equal(grid.xq, xq) and np.array_equal(grid.yq, yq)
