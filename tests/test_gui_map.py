"""The window with its real map page (offscreen Qt WebEngine): pins read back from the page,
the slider, linking both ways, no network, escaping."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

import pandas as pd
import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QAction, QTextCursor  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QMessageBox, QTextBrowser  # noqa: E402

from sitmap._paths import seeds_dir  # noqa: E402
from sitmap.events import CATEGORIES, build_events, synthetic_events  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.ingest import article_from_text, load  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui


HOSTILE = "Crowds in Almaty <script>alert(1)</script> and <img src=x onerror=alert(2)> ran."


def open_window(qtbot, tmp_path: Path, size: tuple[int, int] = (1200, 800)) -> MainWindow:
    settings = QSettings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat)
    win = MainWindow(settings=settings)
    qtbot.addWidget(win)
    win.resize(*size)
    win.show()
    return win


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    return open_window(qtbot, tmp_path)


def show(window: MainWindow, loaded: Loaded) -> None:
    window.show_loaded(loaded)
    window.map.wait_ready()


def js(window: MainWindow, script: str) -> object:
    return window.map.evaluate(script)


def test_window_opens_on_seeds_with_one_pin_per_event(window, seeds) -> None:
    expected = build_events(load([seeds_dir()]).articles)
    show(window, seeds)
    assert seeds.errors == []
    assert len(expected) > 0
    assert js(window, "sitmap.totalCount()") == len(expected)
    assert js(window, "sitmap.visibleCount()") == len(expected)
    assert set(js(window, "sitmap.visibleIds()")) == set(expected["event_id"])
    assert f"{len(expected)} of {len(expected)} events" in window.counts.text()
    assert window.map.guard.seen == []
    # The marks drawn (pins, areas, cluster counts) stand for every event with a place once
    # the whole world is in view, and for the narrowed set after the slider moves (a count
    # of no single place, issue 13, is counted but drawn nowhere).
    placed = expected[expected["lat"].notna()]
    window.map.set_view(30, 40, 1)
    window.map.settle(ms=300)
    assert js(window, "sitmap.drawnCount()") == len(placed)
    day = pd.Timestamp("2022-01-07")
    window.state.set_range(day.date(), day.date())
    window.map.settle(ms=300)
    on_the_day = placed[(placed["date_start"] <= day) & (placed["date_end"] >= day)]
    assert 0 < js(window, "sitmap.drawnCount()") == len(on_the_day) < len(placed)


@pytest.mark.parametrize("wait_for", ["nothing", "progress", "scripts"])
def test_ready_means_the_data_is_on_the_page_even_if_it_came_while_the_empty_map_loaded(
    qtbot, window, seeds, wait_for: str
) -> None:
    # The window loads its empty map at once; the articles may arrive at any point of that
    # load. The empty page connecting late must not pass for the seeds' page, and being cut
    # short is no load failure.
    if wait_for == "progress":
        qtbot.waitSignal(window.map.loadProgress, timeout=10_000).wait()
    elif wait_for == "scripts":
        qtbot.waitUntil(lambda: window.map.evaluate("typeof sitmapInit") == "function",
                        timeout=10_000)
    failures: list[str] = []
    window.map.loadFailed.connect(failures.append)
    readies: list[int] = []
    window.map.mapReady.connect(lambda: readies.append(len(readies)))
    show(window, seeds)
    assert js(window, "sitmap.totalCount()") == len(window.state.frame) > 0
    window.map.settle(ms=300)
    assert readies == [0]
    assert failures == []


def test_the_first_articles_are_framed_rather_than_left_at_the_empty_maps_view(
    window, seeds
) -> None:
    window.map.wait_ready()  # the empty map
    empty_view = js(window, "sitmap.getView()")
    show(window, seeds)
    window.map.settle(ms=300)
    view = js(window, "sitmap.getView()")
    assert view != empty_view
    js(window, "(sitmap.fitEvents({core: true}), true)")
    framed = js(window, "sitmap.getView()")
    assert framed["zoom"] == view["zoom"]
    assert math.isclose(framed["lat"], view["lat"], abs_tol=1e-6)
    assert math.isclose(framed["lon"], view["lon"], abs_tol=1e-6)


def test_slider_narrows_pins_table_and_counts_together(qtbot, window) -> None:
    show(window, Loaded(synthetic_events(2000, days=40), []))
    slider = window.time_bar.slider
    y = slider.height() // 2
    right = slider.rect().right() - 6
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, pos=QPoint(right, y))
    QTest.mouseMove(slider, QPoint(slider.width() // 3, y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() // 3, y))

    start, end = window.state.date_range
    visible = window.state.visible_count()
    assert 0 < visible < 2000
    assert js(window, "sitmap.getRange()") == [start.isoformat(), end.isoformat()]
    assert js(window, "sitmap.visibleCount()") == visible
    assert window.table.model.rowCount() == visible
    assert f"{visible:,} of 2,000 events" in window.counts.text()

    window.time_bar.reset_button.click()
    assert js(window, "sitmap.visibleCount()") == 2000


def test_filters_reach_the_page(window) -> None:
    show(window, Loaded(synthetic_events(500), []))
    window.table.category_box.setCurrentText("protest")
    window.state.set_show_background(False)
    visible = window.state.visible_count()
    assert 0 < visible < 500
    assert js(window, "sitmap.visibleCount()") == visible
    assert js(window, "sitmap.getFilter().categories") == ["protest"]


def link_cursor(panel: QTextBrowser, href: str) -> QTextCursor:
    """A cursor selecting the panel's text that links to ``href``."""
    block = panel.document().begin()
    while block.isValid():
        fragments = block.begin()
        while not fragments.atEnd():
            fragment = fragments.fragment()
            if fragment.charFormat().anchorHref() == href:
                cursor = QTextCursor(panel.document())
                cursor.setPosition(fragment.position())
                cursor.setPosition(
                    fragment.position() + fragment.length(), QTextCursor.MoveMode.KeepAnchor
                )
                return cursor
            fragments += 1
        block = block.next()
    raise AssertionError(f"no link to {href} in the article panel")


def _seed_window(window: MainWindow, seeds: Loaded) -> Loaded:
    show(window, seeds)
    return seeds


def test_pin_click_shows_passage_in_article_and_selects_row(qtbot, window, seeds) -> None:
    loaded = _seed_window(window, seeds)
    frame = loaded.frame
    # A city event well inside the map, shown alone at a high zoom, is under the centre.
    city = frame[(frame["kind"] == "city") & (frame["role"] == "event")].iloc[0]
    js(window, f"sitmap.setView({city['lat']}, {city['lon']}, 12, false)")
    qtbot.waitUntil(lambda: js(window, "sitmap.getView().zoom") == 12)
    window.map.settle(ms=300)

    centre = window.map.rect().center()
    QTest.mouseClick(window.map.focusProxy(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: window.state.selected != "", timeout=5000)

    chosen = frame[frame["event_id"] == window.state.selected].iloc[0]
    assert (chosen["lat"], chosen["lon"]) == (city["lat"], city["lon"])
    assert window.article.article_id == chosen["article_id"]
    cursor = link_cursor(window.article, f"event:{chosen['event_id']}")
    assert cursor.selectedText() == chosen["toponym_text"]
    assert cursor.charFormat().background().color().name() == "#f7c948"  # marked
    row = window.table.view.selectionModel().selectedRows()[0].row()
    assert window.table.model.event_id(row) == chosen["event_id"]
    assert str(chosen["place"]) in str(js(window, "sitmap.popupText()"))


def test_popup_link_opens_the_article(qtbot, window, seeds) -> None:
    loaded = _seed_window(window, seeds)
    event_id = str(loaded.frame["event_id"].iloc[-1])
    # What the page's "Open in article" link does, through the real QWebChannel.
    js(window, f"(sitmap.select({event_id!r}), "
               "document.querySelector('.leaflet-popup a, .leaflet-popup button').click())")
    qtbot.waitUntil(lambda: window.state.selected == event_id, timeout=5000)
    assert window.article.article_id == loaded.frame["article_id"].iloc[-1]


def test_table_click_flies_the_map_to_the_event(qtbot, window) -> None:
    show(window, Loaded(synthetic_events(300), []))
    before = js(window, "sitmap.getView()")
    model = window.table.model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 1).data() == "Geneva")
    event_id = model.event_id(row)
    target = window.state.frame.set_index("event_id").loc[event_id]
    rect = window.table.view.visualRect(model.index(row, 1))
    window.table.view.scrollTo(model.index(row, 1))
    rect = window.table.view.visualRect(model.index(row, 1))
    QTest.mouseClick(window.table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.state.selected == event_id

    def arrived() -> bool:
        view = js(window, "sitmap.getView()")
        return math.dist((view["lat"], view["lon"]), (target["lat"], target["lon"])) < 0.05

    qtbot.waitUntil(arrived, timeout=5000)
    assert js(window, "sitmap.getView()") != before
    assert "Geneva" in str(js(window, "sitmap.popupText()"))


def test_place_link_in_article_flies_the_map(qtbot, window, seeds) -> None:
    loaded = _seed_window(window, seeds)
    frame = loaded.frame
    events = frame[frame["article_id"] == frame["article_id"].iloc[0]]
    first = events.iloc[0]
    other = events[(events["place"] != first["place"]) & (events["kind"] == "city")].iloc[0]
    window.state.select(str(first["event_id"]), origin="map")
    panel = window.article
    cursor = link_cursor(panel, f"event:{other['event_id']}")
    assert cursor.selectedText() == other["toponym_text"]
    panel.setTextCursor(cursor)
    panel.ensureCursorVisible()
    rect = panel.cursorRect(cursor)
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() - QPoint(3, 0))

    assert window.state.selected == other["event_id"]
    qtbot.waitUntil(lambda: str(other["place"]) in str(js(window, "sitmap.popupText()")),
                    timeout=5000)


def test_no_request_leaves_the_machine_and_a_tile_url_is_blocked(qtbot, window, seeds) -> None:
    _seed_window(window, seeds)
    window.map.fit_events()
    window.map.settle(ms=300)
    assert window.map.guard.seen == []

    js(window, "(function () { window.__tile = 'pending'; var img = new Image();"
               "img.onload = function () { window.__tile = 'loaded'; };"
               "img.onerror = function () { window.__tile = 'failed'; };"
               "img.src = 'https://tile.openstreetmap.org/3/4/2.png'; })()")
    qtbot.waitUntil(lambda: js(window, "window.__tile") != "pending", timeout=5000)
    assert js(window, "window.__tile") == "failed"
    assert [(r.url, r.blocked) for r in window.map.guard.seen] == [
        ("https://tile.openstreetmap.org/3/4/2.png", True)
    ]


def test_markup_in_a_passage_shows_as_text_in_popup_panel_and_table(qtbot, window) -> None:
    frame = synthetic_events(5)
    frame.loc[0, "passage"] = HOSTILE
    show(window, Loaded(frame, []))
    event_id = str(frame.loc[0, "event_id"])
    window.state.select(event_id, origin="table")
    qtbot.waitUntil(lambda: "<script>" in str(js(window, "sitmap.popupText()")), timeout=5000)
    assert js(window, "document.querySelectorAll('.leaflet-popup script, .leaflet-popup img')"
                      ".length") == 0
    assert HOSTILE in window.article.toPlainText()
    row = window.table.model.row_of(event_id)
    assert window.table.model.index(row, 5).data() == HOSTILE


def test_a_merged_events_popup_quotes_every_source_as_text(qtbot, window) -> None:
    """Two sources report one happening: the popup quotes the kept report and, under "Also
    reported", the other source's own words - markup in them shown as text."""
    published = dt.date(2022, 1, 7)
    first = article_from_text(
        "A", "X\nIn Almaty 26 protesters were killed in clashes yesterday.\n",
        published=published, source="Alpha")
    second = article_from_text(
        "B", "X\n18 protesters were killed in clashes in Almaty yesterday <script>x()</script>."
        "\n", published=published, source="Beta")
    frame = build_events([first, second])
    (merged,) = frame[frame["n_sources"] == 2]["event_id"]
    show(window, Loaded(frame, []))
    window.state.select(merged, origin="table")
    qtbot.waitUntil(lambda: "Also reported" in str(js(window, "sitmap.popupText()")),
                    timeout=5000)
    text = str(js(window, "sitmap.popupText()"))
    assert "26 protesters were killed" in text
    also = text.split("Also reported:", 1)[1]
    assert also.startswith("Beta: ")
    assert "18 protesters were killed in clashes in Almaty yesterday <script>x()</script>" in also
    assert js(window, "document.querySelectorAll('.leaflet-popup script').length") == 0


def test_the_basemap_names_places_by_zoom_and_the_names_can_be_hidden(window, seeds) -> None:
    show(window, seeds)
    window.map.set_view(42.9, 71.4, 8)  # Taraz, close up
    window.map.settle(ms=300)
    close = js(window, "sitmap.labelsShown()")
    assert "Taraz" in close
    window.map.set_view(45, 70, 3)  # Central Asia, far out
    window.map.settle(ms=300)
    far = js(window, "sitmap.labelsShown()")
    assert "Taraz" not in far and {"Tashkent", "Tehran"} & set(far)
    # "Place names" in the layer control takes them all away.
    window.map.evaluate(
        "Array.prototype.find.call(document.querySelectorAll('.leaflet-control-layers label'),"
        " function (l) { return l.textContent.indexOf('Place names') >= 0; })"
        ".querySelector('input').click()")
    window.map.settle(ms=200)
    assert js(window, "sitmap.labelsShown()") == []
    assert window.map.guard.seen == []


def test_bad_files_are_listed_and_the_rest_is_shown(qtbot, window, tmp_path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Protesters gathered in Almaty on 5 January 2022.\n", encoding="utf-8")
    (tmp_path / "broken.txt").write_bytes(b"\x00\x01\x02binary\xff" * 50)
    job = window.open_paths([tmp_path])
    with qtbot.waitSignal(job.finished, timeout=60_000):
        pass
    window.map.wait_ready()
    assert window.problems_dock.isVisible()
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert len(problems) == 1 and "broken.txt" in problems[0]
    assert list(window.state.articles) == [str(good)]


def test_layout_is_remembered_and_find_focuses_the_filter(qtbot, tmp_path) -> None:
    ini = str(tmp_path / "layout.ini")
    first = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(700, 500)  # within the offscreen screen (800x600): restoring clamps to it
    first.show()
    first.close()
    again = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)

    again.show()
    with qtbot.waitActive(again):
        again.activateWindow()
    QTest.keyClick(again, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: again.table.filter_edit.hasFocus())


def test_export_writes_the_formats(qtbot, window, tmp_path) -> None:
    show(window, Loaded(synthetic_events(50), []))
    window.state.set_range(dt.date(2022, 1, 1), dt.date(2022, 1, 10))
    for name in ("map.html", "events.csv", "events.geojson", "events.kml", "view.png"):
        window.export(tmp_path / name)
        assert (tmp_path / name).stat().st_size > 0
    lines = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1 + window.state.visible_count()
    assert "sitmap://" not in (tmp_path / "map.html").read_text(encoding="utf-8")


def test_online_tiles_are_offered_only_once_allowed_and_the_view_stays(window) -> None:
    show(window, Loaded(synthetic_events(50), []))
    js(window, "sitmap.setView(45, 60, 5, false)")
    offered = (
        "Array.from(document.querySelectorAll('.leaflet-control-layers-base label'))"
        ".map(function (l) { return l.textContent.trim(); })"
    )
    assert not any("online" in name for name in js(window, offered))

    window.online_action.setChecked(True)
    window.map.wait_ready()
    assert any("(online)" in name for name in js(window, offered))
    assert window.map.guard.allow_online
    assert js(window, "sitmap.getView().zoom") == 5
    assert window.map.guard.seen == []  # offered, but switched off: nothing requested yet


def test_html_export_starts_where_the_window_is(qtbot, window, tmp_path) -> None:
    """The exported page opens on the window's view, date range and category filter."""
    import json
    import re

    show(window, Loaded(synthetic_events(200), []))
    window.state.set_range(dt.date(2022, 1, 5), dt.date(2022, 1, 20))
    window.state.set_categories({"protest", "arrest"})
    js(window, "sitmap.setView(47.5, 66.25, 6, false)")
    window.map.settle()
    window.export(tmp_path / "map.html")
    html = (tmp_path / "map.html").read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="sitmap-config">(.*?)</script>', html)
    assert found is not None
    config = json.loads(found.group(1))
    assert config["range"] == ["2022-01-05", "2022-01-20"]
    assert sorted(config["filter"]["categories"]) == ["arrest", "protest"]
    assert (config["view"]["lat"], config["view"]["lon"], config["view"]["zoom"]) == pytest.approx(
        (47.5, 66.25, 6), abs=1e-3
    )


# Marks (clusters and point pins drawn on their own) whose centre lies under the legend,
# and whether the legend overlaps the layers button; read back from the page.
UNDER_LEGEND = """(function (points) {
  var legend = document.querySelector('.sm-legend').getBoundingClientRect();
  var origin = map_sitmap.getContainer().getBoundingClientRect();
  function under(x, y) {
    return x >= legend.left && x <= legend.right && y >= legend.top && y <= legend.bottom;
  }
  var hidden = [];
  document.querySelectorAll('.sm-cluster').forEach(function (c) {
    var r = c.getBoundingClientRect();
    if (under((r.left + r.right) / 2, (r.top + r.bottom) / 2)) hidden.push(c.textContent);
  });
  points.forEach(function (p) {
    if (!sitmap.markOf(p[0]).drawn) return;
    var at = map_sitmap.latLngToContainerPoint([p[1], p[2]]);
    if (under(origin.left + at.x, origin.top + at.y)) hidden.push(p[0]);
  });
  var layers = document.querySelector('.leaflet-control-layers').getBoundingClientRect();
  var overlap = !(layers.right < legend.left || legend.right < layers.left ||
                  layers.bottom < legend.top || legend.bottom < layers.top);
  return {open: document.querySelector('.sm-legend').open, hidden: hidden,
          coversLayers: overlap};
})(%s)"""


def legend_report(window: MainWindow) -> dict[str, object]:
    frame = window.state.frame
    points = frame[~frame["kind"].isin(["region", "country"])]
    spots = [[str(r.event_id), float(r.lat), float(r.lon)] for r in points.itertuples()]
    report = js(window, UNDER_LEGEND % json.dumps(spots))
    assert isinstance(report, dict)
    return report


@pytest.mark.parametrize(("size", "legend_open"), [((1000, 650), False), ((1400, 900), True)])
def test_the_legend_hides_no_mark_and_folds_on_a_small_map(
    qtbot, tmp_path, seeds, size: tuple[int, int], legend_open: bool
) -> None:
    win = open_window(qtbot, tmp_path, size)
    show(win, seeds)
    win.map.settle(ms=300)
    report = legend_report(win)
    assert report == {"open": legend_open, "hidden": [], "coversLayers": False}

    # Zoom to events (Ctrl+0) frames them clear of the legend too.
    js(win, "(sitmap.setView(0, 0, 2, false), true)")
    win.map.fit_events()
    win.map.settle(ms=300)
    assert legend_report(win)["hidden"] == []


def test_a_place_outside_the_framed_groups_is_not_left_under_the_legend(qtbot, tmp_path) -> None:
    # Four stories on four continents (the third audit's articles): the first view frames
    # the heaviest groups (Arkansas, Greece) at the smallest zoom, where the other groups
    # fall wherever the world puts them; Sumatra's fell under the open legend.
    from sitmap.pipeline import load_events

    loaded = load_events([Path(__file__).parent / "data" / "audit" / "au15" / "articles"])
    assert loaded.errors == []
    win = open_window(qtbot, tmp_path, (1400, 900))
    show(win, loaded)
    win.map.settle(ms=300)
    report = legend_report(win)
    assert report["open"] is True
    assert report["hidden"] == []
    # Not even the ring of a cluster reaches under it.
    overlapping = js(
        win,
        """(function () {
          var legend = document.querySelector('.sm-legend').getBoundingClientRect();
          var out = [];
          document.querySelectorAll('.sm-cluster').forEach(function (c) {
            var r = c.getBoundingClientRect();
            if (!(r.right < legend.left || r.bottom < legend.top)) out.push(c.textContent);
          });
          return out;
        })()""",
    )
    assert overlapping == []


def test_the_legend_folds_when_the_map_shrinks_unless_the_user_chose(qtbot, window, seeds) -> None:
    window.resize(1400, 900)
    show(window, seeds)
    qtbot.waitUntil(lambda: js(window, "document.querySelector('.sm-legend').open") is True)
    window.resize(1000, 650)
    qtbot.waitUntil(lambda: js(window, "document.querySelector('.sm-legend').open") is False)
    assert legend_report(window)["hidden"] == []  # the untouched frame follows the size

    js(window, "(document.querySelector('.sm-legend-summary').click(), true)")
    assert js(window, "document.querySelector('.sm-legend').open") is True
    window.resize(1010, 660)
    window.map.settle(ms=300)
    assert js(window, "document.querySelector('.sm-legend').open") is True


def view_bounds(window: MainWindow) -> list[float]:
    """South, west, north, east of what the map shows."""
    bounds = js(window, "(function () { var b = map_sitmap.getBounds(); "
                        "return [b.getSouth(), b.getWest(), b.getNorth(), b.getEast()]; })()")
    assert isinstance(bounds, list)
    return bounds


def zoom_to_events_action(window: MainWindow):  # type: ignore[no-untyped-def]
    return next(a for a in window.findChildren(QAction) if a.text() == "&Zoom to Events")


def test_the_seeds_open_framed_on_central_asia_and_zoom_to_events_frames_it_again(
    qtbot, window, seeds
) -> None:
    show(window, seeds)
    window.map.settle(ms=300)
    first = js(window, "sitmap.getView()")
    south, west, north, east = view_bounds(window)
    # Kazakhstan (and its neighbours) fill the view, not the whole world: the U.S. quoted,
    # Geneva talks and country-wide mentions do not pull the frame.
    assert first["zoom"] >= 4
    assert 40 < first["lat"] < 56 and 46 < first["lon"] < 88
    assert west > 0 and east < 130 and south > 10 and north < 75
    almaty = seeds.frame[seeds.frame["place"] == "Almaty"].iloc[0]
    assert south < almaty["lat"] < north and west < almaty["lon"] < east

    js(window, "(sitmap.setView(0, 0, 2, false), true)")
    zoom_to_events_action(window).trigger()
    window.map.settle(ms=300)
    again = js(window, "sitmap.getView()")
    assert again["zoom"] == first["zoom"]
    pixel = 360 / (256 * 2 ** first["zoom"])  # degrees: fitting from elsewhere may round
    assert math.isclose(again["lat"], first["lat"], abs_tol=2 * pixel)
    assert math.isclose(again["lon"], first["lon"], abs_tol=2 * pixel)


def test_framing_prefers_event_cities_then_countries_then_background(window) -> None:
    frame = synthetic_events(40)
    almaty, washington = (43.25, 76.92), (38.9, -77.0)
    frame["role"], frame["kind"] = "event", "city"
    frame[["lat", "lon"]] = almaty
    frame.loc[:4, ["lat", "lon"]] = washington
    frame.loc[:4, "kind"] = "country"  # country-wide events far away weigh little
    frame.loc[5:14, ["lat", "lon"]] = washington
    frame.loc[5:14, "role"] = "mention"  # background places do not pull the view
    show(window, Loaded(frame, []))
    window.map.settle(ms=300)
    south, west, north, east = view_bounds(window)
    assert west > 0 and south < almaty[0] < north and west < almaty[1] < east

    # With only country-wide events left, they are framed; with only background, those.
    window.state.set_show_background(False)
    frame.loc[15:, "kind"] = "country"
    show(window, Loaded(frame, []))
    window.map.fit_events()
    window.map.settle(ms=300)
    assert js(window, "sitmap.visibleCount()") == 30
    south, west, north, east = view_bounds(window)
    assert south < almaty[0] < north and west < almaty[1] < east


def test_a_popup_closes_when_its_pin_merges_into_a_cluster(qtbot, window, seeds) -> None:
    show(window, seeds)
    frame = seeds.frame
    almaty = str(frame[(frame["place"] == "Almaty") & (frame["role"] == "event")]
                 ["event_id"].iloc[0])
    window.state.select(almaty, origin="table")
    qtbot.waitUntil(lambda: "Almaty" in str(js(window, "sitmap.popupText()")), timeout=5000)
    # Filtering that keeps the pin on its own keeps the popup.
    window.state.set_show_background(False)
    window.map.settle(ms=200)
    assert js(window, f"sitmap.markOf({json.dumps(almaty)}).drawn") is True
    assert "Almaty" in str(js(window, "sitmap.popupText()"))

    zoom_to_events_action(window).trigger()  # Almaty joins a cluster at the framed zoom
    window.map.settle(ms=300)
    assert js(window, f"sitmap.markOf({json.dumps(almaty)}).drawn") is False
    assert js(window, "sitmap.popupText()") == ""


def test_status_bar_says_all_dates_while_the_whole_span_is_selected(window, seeds) -> None:
    show(window, seeds)
    frame = seeds.frame
    first, last = window.state.bounds
    # The table shows events dated before the slider's span (2016, 2019 asides): no filter.
    assert (frame["date_start"].dropna().astype(str) < first.isoformat()).any()
    assert window.counts.text().endswith("· all dates")
    window.state.set_range(dt.date(2022, 1, 3), dt.date(2022, 1, 9))
    assert window.counts.text().endswith("· 03 Jan 2022 – 09 Jan 2022")
    window.time_bar.reset_button.click()
    assert window.counts.text().endswith("· all dates")
    assert f"{len(frame)} of {len(frame)} events" in window.counts.text()


OVERLAP = """(function (a, b) {
  var r = document.querySelector(a).getBoundingClientRect();
  var s = document.querySelector(b).getBoundingClientRect();
  return !(r.right <= s.left || s.right <= r.left || r.bottom <= s.top || s.bottom <= r.top);
})(%s, %s)"""


@pytest.mark.parametrize("size", [(1000, 650), (800, 560)])
def test_the_attribution_does_not_run_over_the_scale_bar(qtbot, tmp_path, seeds, size) -> None:
    win = open_window(qtbot, tmp_path, size)
    show(win, seeds)
    win.map.settle(ms=200)
    attribution, scale = ".leaflet-control-attribution", ".leaflet-control-scale"
    assert "GeoNames" in str(js(win, f"document.querySelector('{attribution}').textContent"))
    assert js(win, OVERLAP % (json.dumps(attribution), json.dumps(scale))) is False


def menu_action(window: MainWindow, menu: str, text: str) -> QAction:
    top = next(a for a in window.menuBar().actions() if a.text() == menu)
    return next(a for a in top.menu().actions() if a.text() == text)


def test_menu_shortcuts_are_shown_and_do_what_they_say(qtbot, window, seeds, monkeypatch) -> None:
    expected = {
        ("&File", "&Open…"): "Ctrl+O",
        ("&File", "Open &Folder…"): "Ctrl+Shift+O",
        ("&File", "&Export…"): "Ctrl+E",
        ("&File", "&Quit"): "Ctrl+Q",
        ("&Edit", "&Find…"): "Ctrl+F",
        ("&View", "&Zoom to Events"): "Ctrl+0",
    }
    shown = {where: menu_action(window, *where).shortcut().toString() for where in expected}
    assert shown == expected

    asked: list[str] = []
    monkeypatch.setattr(QFileDialog, "getOpenFileNames",
                        lambda *a, **k: (asked.append("open files"), ([], ""))[1])
    monkeypatch.setattr(QFileDialog, "getExistingDirectory",
                        lambda *a, **k: (asked.append("open folder"), "")[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda *a, **k: (asked.append("export"), ("", ""))[1])
    show(window, seeds)
    with qtbot.waitActive(window):
        window.activateWindow()
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(window, Qt.Key.Key_O, ctrl)
    QTest.keyClick(window, Qt.Key.Key_O, ctrl | shift)
    QTest.keyClick(window, Qt.Key.Key_E, ctrl)
    assert asked == ["open files", "open folder", "export"]

    framed = js(window, "sitmap.getView()")
    js(window, "(sitmap.setView(0, 0, 2, false), true)")
    QTest.keyClick(window, Qt.Key.Key_0, ctrl)
    qtbot.waitUntil(lambda: js(window, "sitmap.getView().zoom") == framed["zoom"], timeout=5000)

    QTest.keyClick(window, Qt.Key.Key_F, ctrl)
    qtbot.waitUntil(lambda: window.table.filter_edit.hasFocus())
    QTest.keyClick(window, Qt.Key.Key_Q, ctrl)
    qtbot.waitUntil(lambda: not window.isVisible())


def test_about_box_credits_geonames_and_natural_earth(window, monkeypatch) -> None:
    seen: list[str] = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: seen.append(box.text()) or 0)
    menu_action(window, "&Help", "&About sitmap").trigger()
    assert len(seen) == 1
    text = seen[0]
    assert "GeoNames" in text and "CC BY 4.0" in text
    assert "Made with Natural Earth" in text
    assert "<" not in text  # plain text: nothing the box would read as markup


def test_dock_layout_is_restored_from_settings(qtbot, tmp_path) -> None:
    ini = str(tmp_path / "docks.ini")
    first = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.resize(780, 560)
    first.show()
    first.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, first.article_dock)
    first.table_dock.hide()
    first.close()

    again = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat))
    qtbot.addWidget(again)
    again.show()
    assert again.dockWidgetArea(again.article_dock) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert again.article_dock.isVisible()
    assert not again.table_dock.isVisible()
    assert not again.problems_dock.isVisible()  # shown only when there are problems


def test_moving_the_slider_filters_in_the_page_without_reloading_it(qtbot, window) -> None:
    show(window, Loaded(synthetic_events(1000, days=40), []))
    js(window, "(sitmap.setView(46.5, 66.5, 5, false), window.__kept = 'still here', true)")
    window.map.settle(ms=200)
    before = js(window, "sitmap.getView()")
    loads: list[bool] = []
    window.map.loadStarted.connect(lambda: loads.append(True))

    slider = window.time_bar.slider
    y = slider.height() // 2
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.rect().right() - 6, y))
    QTest.mouseMove(slider, QPoint(slider.width() // 2, y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() // 2, y))
    start, end = window.state.date_range
    qtbot.waitUntil(lambda: js(window, "sitmap.getRange()") == [start.isoformat(),
                                                                end.isoformat()], timeout=5000)
    window.map.settle(ms=300)
    assert 0 < js(window, "sitmap.visibleCount()") < 1000
    assert loads == []
    assert js(window, "window.__kept") == "still here"
    assert js(window, "sitmap.getView()") == before


def test_new_data_is_drawn_on_the_page_already_loaded_and_nothing_of_the_old_stays(
    qtbot, window
) -> None:
    first = synthetic_events(200, seed=1, start="2022-01-01", days=30)
    second = synthetic_events(80, seed=2, start="2023-03-01", days=20)
    second["event_id"] = "second-" + second["event_id"].astype(str)
    show(window, Loaded(first, []))
    old_ids = set(first["event_id"])
    # The first table narrowed, filtered and one of its events selected, in the page too.
    window.state.set_range(dt.date(2022, 1, 5), dt.date(2022, 1, 9))
    chosen = sorted(CATEGORIES[:2])
    window.state.set_categories(chosen)
    picked = str(first["event_id"].iloc[0])
    window.state.select(picked)
    qtbot.waitUntil(lambda: js(window, "sitmap.popupText()") != "", timeout=5000)
    js(window, "(window.__kept = 'the same page', true)")
    loads: list[bool] = []
    window.map.loadStarted.connect(lambda: loads.append(True))

    show(window, Loaded(second, []))

    # The same document (no page load), now with the second table only.
    assert loads == []
    assert js(window, "window.__kept") == "the same page"
    assert js(window, "sitmap.totalCount()") == 80
    shown = js(window, "sitmap.visibleIds()")
    assert shown and set(shown) <= set(second["event_id"]) and not set(shown) & old_ids
    assert len(shown) == window.state.visible_count()
    assert f"{len(shown)} of 80 events" in window.counts.text()
    # The first table's range and selection are gone; its filter is the window's.
    assert js(window, "sitmap.getRange()") == [None, None]
    assert js(window, "sitmap.getFilter().categories") == chosen
    assert window.state.selected == ""
    assert js(window, "sitmap.popupText()") == ""
    assert js(window, f"sitmap.markOf({json.dumps(picked)})") is None
    # Every placed event of the second table is drawn, once; one legend, one filter chip,
    # one layer switch on the page.
    window.map.set_view(30, 40, 1)
    window.map.settle(ms=300)
    visible = second[second["event_id"].isin(shown) & second["lat"].notna()]
    assert js(window, "sitmap.drawnCount()") == len(visible)
    for selector in (".sm-legend", ".sm-filter-chip", ".leaflet-control-layers",
                     ".leaflet-control-scale", ".leaflet-control-zoom"):
        assert js(window, f"document.querySelectorAll('{selector}').length") == 1, selector
    # The window still hears the page: a move comes back through the bridge.
    with qtbot.waitSignal(window.map.viewMoved, timeout=5000) as moved:
        window.map.set_view(10, 20, 4)
    assert json.loads(moved.args[0])["zoom"] == 4


def test_a_page_that_does_not_take_new_data_is_loaded_again_with_it(qtbot, window) -> None:
    show(window, Loaded(synthetic_events(50, seed=1), []))
    # The page as it might break: its replaceData throws.
    js(window, "(sitmap.replaceData = function () { throw new Error('broken'); }, "
               "window.__kept = 'old page', true)")
    loads: list[bool] = []
    window.map.loadStarted.connect(lambda: loads.append(True))
    second = synthetic_events(30, seed=2)
    show(window, Loaded(second, []))
    assert loads == [True]
    assert js(window, "window.__kept") is None
    assert js(window, "sitmap.totalCount()") == 30
    assert set(js(window, "sitmap.visibleIds()")) == set(second["event_id"])


def test_the_page_draws_each_area_at_the_size_it_is_given(window) -> None:
    # A county, a state and a continent: the page draws each circle at the radius the data
    # gives (the area's own size), not one 90 km circle for all of them.
    frame = synthetic_events(4, seed=3)
    frame["role"] = "event"
    for i, (place_id, kind, lat, lon) in enumerate([
        ("us2:01067", "region", 31.5149, -85.2415),  # Henry County, Alabama
        ("ne1:USA-3536", "region", 31.42933, -99.34511),  # Texas
        ("lm:europe", "region", 48.69096, 9.14062),
        ("gn:1", "city", 43.25, 76.92),
    ]):
        frame.loc[i, ["place_id", "kind"]] = [place_id, kind]
        frame.loc[i, ["lat", "lon"]] = [lat, lon]
    show(window, Loaded(frame, []))
    window.map.settle(ms=300)
    ids = frame["event_id"].astype(str).tolist()
    radius = [js(window, f"sitmap.areaRadius({json.dumps(i)})") for i in ids]
    assert 15_000 < radius[0] < 30_000
    assert 350_000 < radius[1] < 600_000
    assert radius[2] > 2_000_000
    assert radius[3] is None  # a city is a pin


# Each legend line that does not fit in the legend's box, read back from the page: a line
# wider than its row, or reaching past the legend's right edge or the map's.
CLIPPED_LEGEND = """(function () {
  var legend = document.querySelector('.sm-legend');
  var box = legend.getBoundingClientRect();
  var edge = map_sitmap.getContainer().getBoundingClientRect().right;
  var clipped = [];
  legend.querySelectorAll('.sm-legend-row').forEach(function (row) {
    var text = row.lastChild.getBoundingClientRect();
    if (row.scrollWidth > row.clientWidth || text.right > box.right + 0.5 || text.right > edge)
      clipped.push(row.textContent);
  });
  return {open: legend.open, rows: legend.querySelectorAll('.sm-legend-row').length,
          clipped: clipped};
})()"""


def test_every_legend_line_fits_in_the_legend(qtbot, tmp_path, seeds) -> None:
    """The longest key line ("background place (dateline, mention, demonym)", 294 px of
    text in a 240 px box) used to run past the legend and off the map's right edge."""
    win = open_window(qtbot, tmp_path, (1400, 900))
    show(win, seeds)
    win.map.settle(ms=300)
    report = js(win, CLIPPED_LEGEND)
    assert isinstance(report, dict)
    assert report["open"] is True and report["rows"] >= 10
    assert report["clipped"] == []
