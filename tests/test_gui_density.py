"""A table too big to send to the page (issue 15): the window sends bins, or the points in
view, for each view, zoom, date range and filter; read back through ``window.sitmap``.

The threshold is lowered to 500 events so the tests stay small; the rule is the same."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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
