"""Heat and size in the window (issue 15): the View menu's Heatmap, Size Marks by
Casualties and Category Icons switch the page's layers, which follow the slider and the
category filter, survive a new page, reach the export and the presentation key; the page's
layer control ticks the menu items. State read back through ``window.sitmap``."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from test_export_layers import (
    _VIEW,
    assert_sizes_tell_apart,
    expected,
    hurt_frame,
    marks_snapshot,
    small_totals,
)
from test_gui_map import js, menu_action, open_window, show

from sitmap.events import CATEGORIES, filter_events
from sitmap.pipeline import Loaded

pytestmark = pytest.mark.gui

_ITEMS = {"heat": "&Heatmap", "sized": "Size Marks by &Casualties", "icons": "Category &Icons"}


@pytest.fixture
def window(qtbot, tmp_path: Path):  # type: ignore[no-untyped-def]
    # Large enough that the view of the eight cities fits in the map.
    return open_window(qtbot, tmp_path, size=(1600, 1000))


def at_view(window) -> None:  # type: ignore[no-untyped-def]
    lat, lon, zoom = _VIEW
    js(window, f"sitmap.setView({lat}, {lon}, {zoom}, false)")
    window.map.settle()


def layers(window) -> dict:  # type: ignore[no-untyped-def]
    got = js(window, "sitmap.layers()")
    assert isinstance(got, dict)
    return got


def test_the_view_menu_switches_the_layers_and_they_follow_slider_and_filter(window) -> None:
    frame = hurt_frame()
    show(window, Loaded(frame, []))
    at_view(window)
    assert layers(window)["heatPoints"] == layers(window)["iconMarks"] == 0
    for name, text in _ITEMS.items():
        action = menu_action(window, "&View", text)
        assert action.isCheckable() and not action.isChecked()
        action.trigger()
        assert window.map.layers[name] is True
    whole = expected(frame)
    got = layers(window)
    assert (got["heat"], got["sized"], got["icons"]) == (True, True, True)
    assert got["heatPoints"] == got["iconMarks"] == whole["places"]
    assert (got["sizedMarks"], got["casualtiesDrawn"]) == (whole["sized"], whole["casualties"])
    assert js(window, "document.querySelectorAll('.sm-legend-row .sm-glyph').length") == len(
        CATEGORIES)

    days = sorted(frame["date_start"].dt.date.unique())
    start, end = days[len(days) // 4], days[len(days) // 2]
    window.state.set_range(start, end)
    part = expected(filter_events(frame, date_from=start, date_to=end))
    got = layers(window)
    assert 0 < part["places"] < whole["places"]
    assert got["heatPoints"] == got["iconMarks"] == part["places"]
    assert (got["sizedMarks"], got["casualtiesDrawn"]) == (part["sized"], part["casualties"])

    window.state.set_range(*window.state.bounds)
    cats = {frame["category"].iloc[0], frame["category"].iloc[3]}
    window.state.set_categories(cats)
    part = expected(filter_events(frame, categories=cats))
    got = layers(window)
    assert got["heatPoints"] == got["iconMarks"] == part["places"] < whole["places"]
    assert got["casualtiesDrawn"] == part["casualties"] < whole["casualties"]

    menu_action(window, "&View", _ITEMS["heat"]).trigger()
    got = layers(window)
    assert got["heat"] is False and got["heatPoints"] == 0
    assert got["iconMarks"] == part["places"]


def test_the_layers_stay_on_for_new_data_and_go_into_the_export(window, tmp_path) -> None:
    show(window, Loaded(hurt_frame(), []))
    menu_action(window, "&View", _ITEMS["icons"]).trigger()
    menu_action(window, "&View", _ITEMS["sized"]).trigger()
    frame = hurt_frame().iloc[:12]
    show(window, Loaded(frame, []))
    got = layers(window)
    assert (got["heat"], got["sized"], got["icons"]) == (False, True, True)
    window.export(tmp_path / "map.html")
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="sitmap-config">(.*?)</script>', html)
    assert found is not None
    assert json.loads(found.group(1))["layers"] == {"heat": False, "sized": True, "icons": True}


def test_the_pages_layer_control_ticks_the_view_menu(qtbot, window) -> None:
    show(window, Loaded(hurt_frame(), []))
    action = menu_action(window, "&View", _ITEMS["heat"])
    assert not action.isChecked()
    js(window, """(function () {
      document.querySelectorAll('.leaflet-control-layers-overlays label').forEach(function (l) {
        if (l.textContent.trim() === 'Heatmap (events)') l.querySelector('input').click();
      });
    })()""")
    qtbot.waitUntil(action.isChecked, timeout=5000)
    assert window.map.layers["heat"] is True
    assert layers(window)["heatPoints"] > 0


def test_presenting_shows_the_category_icons_in_the_one_line_key(window) -> None:
    frame = hurt_frame()
    show(window, Loaded(frame, []))
    menu_action(window, "&View", _ITEMS["icons"]).trigger()
    window.map.set_presenting(True)
    window.map.settle()
    shown = js(window, "document.querySelectorAll('.sm-legend-key .sm-key-item .sm-glyph').length")
    assert shown == frame["category"].nunique() > 1
    assert js(window, "document.querySelectorAll('.sm-legend-key .sm-swatch').length") == 0


def test_above_the_density_threshold_the_heat_follows_the_bins(qtbot, window) -> None:
    from sitmap.events import synthetic_events

    window.state.model.density_threshold = 500
    window.show_loaded(Loaded(synthetic_events(2000, days=30), []))
    window.map.wait_ready()
    qtbot.waitUntil(lambda: js(window, "sitmap.density().mode") == "bins", timeout=10_000)
    menu_action(window, "&View", _ITEMS["heat"]).trigger()
    qtbot.waitUntil(lambda: layers(window)["heatPoints"] > 0, timeout=5000)
    cells = js(window, "sitmap.density().cells")
    assert isinstance(cells, int) and cells > 1
    assert layers(window)["heatPoints"] <= cells
    # A narrower category filter: the window sends smaller bins, and the heat sums them.
    before = layers(window)["heatEvents"]
    assert before == js(window, "sitmap.density().visible") > 0
    window.state.set_categories({CATEGORIES[0]})
    qtbot.waitUntil(lambda: 0 < layers(window)["heatEvents"] < before, timeout=10_000)
    assert layers(window)["heatEvents"] == js(window, "sitmap.density().visible")


# The legend's box against the map's, whether it is open, its type size and its icons'
# width, and each key line that does not fit in it (as test_gui_map's CLIPPED_LEGEND).
LEGEND_SIZE = """(function () {
  var legend = document.querySelector('.sm-legend');
  var box = legend.getBoundingClientRect();
  var map = map_sitmap.getContainer().getBoundingClientRect();
  var clipped = [];
  legend.querySelectorAll('.sm-legend-row').forEach(function (row) {
    var text = row.lastChild.getBoundingClientRect();
    if (row.scrollWidth > row.clientWidth || text.right > box.right + 0.5)
      clipped.push(row.textContent);
  });
  var glyph = legend.querySelector('.sm-legend-row .sm-glyph').getBoundingClientRect();
  return {open: legend.open, share: box.width * box.height / (map.width * map.height),
          height: box.height / map.height,
          inMap: box.right <= map.right && box.bottom <= map.bottom,
          font: parseFloat(getComputedStyle(legend).fontSize), glyph: glyph.width,
          clipped: clipped};
})()"""


def test_the_legend_with_every_layer_on_is_a_small_box_at_the_default_size(
    qtbot, tmp_path: Path
) -> None:
    # Issue 15's audit: with sized marks, icons and heat on, the open legend covered about a
    # quarter of the map at the window's default size (one column of keys, a size scale of
    # nested circles up to 1,000 casualties) and so started folded there.
    window = open_window(qtbot, tmp_path, size=(1400, 900))
    frame = hurt_frame()
    frame.loc[0, "killed"] = 5_000  # a large mark: the scale must not grow with it
    show(window, Loaded(frame, []))
    for text in _ITEMS.values():
        menu_action(window, "&View", text).trigger()
    window.map.settle()
    report = js(window, LEGEND_SIZE)
    assert isinstance(report, dict)
    assert report["open"] is True  # small enough to show by itself at the default size
    assert report["share"] < 0.15 and report["height"] < 0.5 and report["inMap"]
    assert report["font"] >= 11 and report["glyph"] >= 16  # still readable
    assert report["clipped"] == []
    # A small window folds it to its one "Legend" button.
    window.resize(900, 600)
    qtbot.waitUntil(lambda: js(window, "document.querySelector('.sm-legend').open") is False,
                    timeout=5000)


def test_sized_marks_stay_apart_under_category_icons(window) -> None:  # type: ignore[no-untyped-def]
    # The window draws the four totals as the export does (test_export_layers).
    frame = small_totals()
    show(window, Loaded(frame, []))
    at_view(window)
    for name in ("heat", "sized", "icons"):
        menu_action(window, "&View", _ITEMS[name]).trigger()
    got = js(window, f"({marks_snapshot(frame)})()")
    assert isinstance(got, dict)
    assert_sizes_tell_apart(got)
