"""A table too big to send to the page (issue 15): the window sends bins, or the points in
view, for each view, zoom, date range and filter; read back through ``window.sitmap``.

The threshold is lowered to 500 events so the tests stay small; the rule is the same."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QSettings  # noqa: E402

from sitmap.events import CATEGORIES, synthetic_events  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui

THRESHOLD = 500


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(1200, 800)
    win.show()
    win.state.model.density_threshold = THRESHOLD
    return win


def density(window: MainWindow) -> dict:
    value = window.map.evaluate("sitmap.density()")
    assert isinstance(value, dict)
    return value


def show_dense(qtbot, window: MainWindow, n: int) -> None:
    window.show_loaded(Loaded(synthetic_events(n, days=30), []))
    window.map.wait_ready()
    qtbot.waitUntil(lambda: density(window)["mode"] != "off", timeout=10_000)


def go_to(qtbot, window: MainWindow, lat: float, lon: float, zoom: int) -> None:
    window.map.set_view(lat, lon, zoom)
    qtbot.waitUntil(lambda: density(window)["zoom"] == zoom, timeout=10_000)


def test_a_big_table_is_drawn_as_bins_that_count_every_visible_event(qtbot, window) -> None:
    show_dense(qtbot, window, 2000)
    assert window.map.evaluate("sitmap.totalCount()") == 0  # no event went to the page
    go_to(qtbot, window, 45, 40, 2)  # the whole world in view
    shown = density(window)
    assert shown["mode"] == "bins"
    assert sum(shown["counts"]) == shown["total"] == shown["visible"] == 2000
    assert "events" in window.map.evaluate("sitmap.densityTip(0)")
    assert "2,000 of 2,000 events" in window.counts.text()


def test_zooming_in_shows_points_again_and_out_bins(qtbot, window) -> None:
    show_dense(qtbot, window, 2000)
    go_to(qtbot, window, 43.25, 76.92, 11)  # a few streets of Almaty
    near = density(window)
    assert near["mode"] == "points"
    assert 0 < near["points"] == near["total"] <= THRESHOLD
    go_to(qtbot, window, 45, 40, 3)
    assert density(window)["mode"] == "bins"


def test_the_slider_and_the_filters_change_the_bins_as_they_change_the_table(
    qtbot, window
) -> None:
    show_dense(qtbot, window, 3000)
    go_to(qtbot, window, 45, 40, 2)
    frame = window.state.frame
    day = frame["date_start"].min().date() + dt.timedelta(days=3)
    window.state.set_range(day, day + dt.timedelta(days=6))
    qtbot.waitUntil(lambda: density(window)["visible"] == window.state.visible_count())
    in_range = int(np.count_nonzero(window.state.visible))
    assert 0 < in_range < 3000
    shown = density(window)
    assert shown["mode"] == ("bins" if in_range > THRESHOLD else "points")
    assert shown["total"] == in_range
    window.state.set_range(*window.state.bounds)
    window.state.set_categories([CATEGORIES[0]])
    wanted = int((frame["category"] == CATEGORIES[0]).sum())
    qtbot.waitUntil(lambda: density(window)["total"] == wanted, timeout=10_000)
    assert density(window)["mode"] == ("bins" if wanted > THRESHOLD else "points")
    assert window.table.model.rowCount() == wanted


def test_a_table_under_the_threshold_still_sends_every_event(qtbot, window) -> None:
    window.show_loaded(Loaded(synthetic_events(300), []))
    window.map.wait_ready()
    assert window.map.evaluate("sitmap.totalCount()") == 300
    assert window.map.evaluate("typeof sitmap.density") == "undefined"


def test_cluster_bubbles_show_their_category_mix(qtbot, window) -> None:
    frame = synthetic_events(300, seed=12)
    window.show_loaded(Loaded(frame, []))  # under the threshold: every event, clustered
    window.map.wait_ready()
    window.map.set_view(45, 40, 3)
    qtbot.waitUntil(lambda: len(window.map.evaluate("sitmap.clusterMixes()")) > 0)
    mixes = window.map.evaluate("sitmap.clusterMixes()")
    for cluster in mixes:
        assert sum(cluster["mix"].values()) == cluster["count"]
        assert set(cluster["mix"]) <= set(CATEGORIES)
    assert any(len(c["mix"]) > 1 for c in mixes)  # several categories share a bubble
    # a category filter changes the mix: only that category is left in every ring
    window.state.set_categories([CATEGORIES[2]])
    qtbot.waitUntil(lambda: all(set(c["mix"]) == {CATEGORIES[2]}
                                for c in window.map.evaluate("sitmap.clusterMixes()")))


def test_zoom_to_events_frames_a_dense_table(qtbot, window) -> None:
    show_dense(qtbot, window, 2000)
    go_to(qtbot, window, -30, -60, 6)  # South America: none of the events
    assert density(window)["total"] == 0
    window.map.fit_events()
    qtbot.waitUntil(lambda: density(window)["total"] > 1000, timeout=10_000)


def _tip_counts(cell: dict[str, Any]) -> tuple[int, dict[str, int]]:
    """A bin's tooltip read back: its event count and each category's count."""
    count = re.fullmatch(r"([\d,]+) events", cell["count"])
    assert count is not None, cell["count"]
    rows = {}
    for row in cell["rows"]:
        found = re.fullmatch(r"(.+): ([\d,]+) \(\d+%\)", row)
        assert found is not None, row
        rows[found.group(1)] = int(found.group(2).replace(",", ""))
    return int(count.group(1).replace(",", "")), rows


def _table_counts(window: MainWindow, bounds: list[float]) -> tuple[int, dict[str, int]]:
    """The visible events of the table inside a bin's rectangle, per category."""
    south, west, north, east = bounds
    frame = window.state.frame[window.state.visible]
    inside = frame[(frame["lat"] >= south) & (frame["lat"] < north)
                   & (frame["lon"] >= west) & (frame["lon"] < east)]
    return len(inside), {str(k): int(v) for k, v in inside["category"].value_counts().items()}


def test_a_bins_breakdown_names_the_tables_categories_and_counts_for_it(  # type: ignore[no-untyped-def]
        qtbot, window) -> None:
    show_dense(qtbot, window, 2000)
    go_to(qtbot, window, 45, 40, 3)
    counts = density(window)["counts"]
    biggest = sorted(range(len(counts)), key=lambda k: -counts[k])[:3]
    for k in biggest:
        cell = window.map.evaluate(f"sitmap.densityCell({k})")
        assert _tip_counts(cell) == _table_counts(window, cell["bounds"])
        assert len(_tip_counts(cell)[1]) > 1  # a mix, not one category
    # With a category filter the breakdown leaves that category out, as the table does.
    left_out = str(window.state.frame["category"].mode().iloc[0])
    window.state.set_categories([c for c in CATEGORIES if c != left_out])
    wanted = window.state.visible_count()
    assert THRESHOLD < wanted < 2000
    qtbot.waitUntil(lambda: density(window)["visible"] == wanted, timeout=10_000)
    counts = density(window)["counts"]
    k = max(range(len(counts)), key=lambda k: counts[k])
    cell = window.map.evaluate(f"sitmap.densityCell({k})")
    total, rows = _tip_counts(cell)
    assert (total, rows) == _table_counts(window, cell["bounds"])
    assert rows and left_out not in rows


def test_town_names_never_print_over_a_bins_count(qtbot, window) -> None:  # type: ignore[no-untyped-def]
    # The window's bins and its towns of the view, as the export's (test_export_density).
    from test_export_density import _OVER_COUNTS

    show_dense(qtbot, window, 3000)
    go_to(qtbot, window, 45, 40, 3)
    assert density(window)["mode"] == "bins"
    window.map.settle(ms=500)
    got = window.map.evaluate(f"({_OVER_COUNTS})()")
    assert isinstance(got, dict)
    assert got["counts"] > 10 and len(got["names"]) > 10
    assert got["over"] == []
