"""Presentation polish in the window (issue 16): source links in popups that open in the
system browser, playback speed, step and cumulative mode, Space to play, the legend's
one-line key and the filter chip in presentation, and the source and role filters."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from _windows import js  # noqa: E402
from PySide6.QtCore import QPoint, Qt, QUrl  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402

import sitmap.gui._web as web  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(make_window, tmp_path: Path) -> MainWindow:
    return make_window(tmp_path, size=(1100, 760))


# -- source links ------------------------------------------------------------------------

SAFE = "https://example.org/report?id=7&x=<b>"
HOSTILE = "javascript:window.__pwned=1"


def with_urls(seeds):  # type: ignore[no-untyped-def]
    """The seeds with a web address on the first event and a hostile one on the second (as a
    crafted project file could hold: ingest refuses it)."""
    frame = seeds.frame.copy()
    frame["url"] = ""
    frame.loc[0, "url"] = SAFE
    frame.loc[1, "url"] = HOSTILE
    return dataclasses.replace(seeds, frame=frame)


def open_popup(window: MainWindow, event_id: str) -> None:
    assert js(window, f"sitmap.select({json.dumps(event_id)})") is True


def link_href(window: MainWindow, event_id: str) -> object:
    """The href of the source link in event ``event_id``'s open popup (None: no link)."""
    return js(window, "(function () { var a = document.querySelector("
                      f"'.sm-popup[data-event-id=\"{event_id}\"] .sm-source-link');"
                      " return a === null ? null : a.getAttribute('href'); })()")


def test_a_popup_links_to_its_source_and_a_javascript_url_is_no_link(
    qtbot, window, seeds,
) -> None:
    loaded = with_urls(seeds)
    window.show_loaded(loaded)
    window.map.wait_ready()
    ids = list(loaded.frame["event_id"])
    open_popup(window, ids[0])
    assert link_href(window, ids[0]) == SAFE
    assert "read the article" in str(js(window, "sitmap.popupText()"))
    open_popup(window, ids[1])
    assert js(window, f"!!document.querySelector('.sm-popup[data-event-id=\"{ids[1]}\"]')")
    assert link_href(window, ids[1]) is None
    assert js(window, "document.querySelectorAll('a[href^=\"javascript\"]').length") == 0
    assert js(window, "window.__pwned === undefined") is True


def test_clicking_the_link_opens_the_system_browser_not_the_view(
    qtbot, window, seeds, monkeypatch,
) -> None:
    opened: list[str] = []
    monkeypatch.setattr(web.QDesktopServices, "openUrl",
                        lambda url: opened.append(QUrl(url).toString()) or True)
    loaded = with_urls(seeds)
    window.show_loaded(loaded)
    window.map.wait_ready()
    open_popup(window, str(loaded.frame["event_id"][0]))
    window.map.settle(ms=300)
    box = js(window, "(function () { var r = document.querySelector("
                     "'.leaflet-popup-content .sm-source-link').getBoundingClientRect();"
                     " return [r.left + r.width / 2, r.top + r.height / 2]; })()")
    assert isinstance(box, list)
    target = window.map.focusProxy() or window.map
    QTest.mouseClick(target, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                     QPoint(round(box[0]), round(box[1])))
    qtbot.waitUntil(lambda: len(opened) > 0, timeout=5000)
    assert opened == [QUrl(SAFE).toString()]
    window.map.settle(ms=300)
    assert window.map.url().scheme() == "sitmap"
    assert js(window, "sitmap.totalCount()") == len(loaded.frame)


def test_only_web_addresses_reach_the_system_browser(monkeypatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr(web.QDesktopServices, "openUrl",
                        lambda url: opened.append(url.toString()) or True)
    for url in (HOSTILE, "file:///etc/passwd", "sitmap://app/index.html", "data:text/html,x"):
        assert web.open_outside(QUrl(url)) is False
    assert web.open_outside(QUrl("https://example.org/a")) is True
    assert opened == ["https://example.org/a"]


# -- playback ----------------------------------------------------------------------------


def page_range(window: MainWindow) -> list[str]:
    value = js(window, "sitmap.getRange()")
    assert isinstance(value, list)
    return [str(v) for v in value]


def test_playback_speed_step_and_cumulative_mode_reach_the_page(qtbot, window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    bar = window.time_bar
    first, last = window.state.bounds
    assert (last - first).days > 14
    assert bar.interval_ms == 600
    bar.speed_actions[8.0].trigger()
    assert (bar.speed, bar.interval_ms) == (8.0, 75)
    bar.speed_actions[0.5].trigger()
    assert bar.interval_ms == 1200
    bar.step_actions["week"].trigger()
    bar.cumulative_action.setChecked(True)
    assert bar.options_button.text() == "0.5× · week · grow"
    day = dt.timedelta(days=1)

    def shown(a: dt.date, b: dt.date) -> list[str]:
        return [a.isoformat(), b.isoformat()]

    # Played from the whole span: the first week, then a week more at each step, its first
    # day kept (the timer is stopped, so each step is one call).
    bar.play_button.click()
    bar.play_button.click()
    qtbot.waitUntil(lambda: page_range(window) == shown(first, first + 6 * day), timeout=5000)
    assert bar.step_once()
    qtbot.waitUntil(lambda: page_range(window) == shown(first, first + 13 * day), timeout=5000)
    # Sliding by a week keeps the width; by a day moves a day; the last step stops short
    # at the data's last day, and then playing stops.
    bar.cumulative_action.setChecked(False)
    window.state.set_range(first, first + 2 * day)
    assert bar.step_once()
    qtbot.waitUntil(lambda: page_range(window) == shown(first + 7 * day, first + 9 * day),
                    timeout=5000)
    bar.step_actions["day"].trigger()
    assert bar.step_once()
    qtbot.waitUntil(lambda: page_range(window) == shown(first + 8 * day, first + 10 * day),
                    timeout=5000)
    window.state.set_range(last - 4 * day, last - 2 * day)
    bar.step_actions["week"].trigger()
    assert bar.step_once()
    qtbot.waitUntil(lambda: page_range(window) == shown(last - 2 * day, last), timeout=5000)
    assert not bar.step_once()


def test_space_plays_and_pauses_also_when_presenting(qtbot, window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    bar = window.time_bar
    presenter = window.workflow.presenter
    assert presenter.add_scene("One") is not None
    assert presenter.add_scene("Two") is not None
    window.map.setFocus()
    for presenting in (False, True):
        if presenting:
            window.workflow.presenter.enter()
        target = window.map.focusProxy() or window.map
        QTest.keyClick(target, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: bar.playing, timeout=3000)
        QTest.keyClick(target, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: not bar.playing, timeout=3000)
    assert presenter.index == 0  # Space is no longer "next scene"
    window.workflow.presenter.leave()


# -- the standalone page, in Qt's web engine ------------------------------------------------


@pytest.fixture
def standalone(qtbot, seeds, tmp_path: Path):  # type: ignore[no-untyped-def]
    """The seeds' standalone export (first event with a source link), loaded in a web view."""
    from PySide6.QtWebEngineWidgets import QWebEngineView

    from sitmap.mapping import export_html

    path = tmp_path / "brief.html"
    export_html(with_urls(seeds).frame, path)
    view = QWebEngineView()
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    with qtbot.waitSignal(view.loadFinished, timeout=30_000):
        view.load(QUrl.fromLocalFile(str(path)))
    qtbot.waitUntil(lambda: run(qtbot, view, "!!(window.sitmap && sitmap.ready)") is True,
                    timeout=30_000)
    return view


def run(qtbot, view, expression: str) -> object:  # type: ignore[no-untyped-def]
    """The JSON value of ``expression`` in the view's page."""
    box: list[object] = []
    view.page().runJavaScript(f"JSON.stringify({expression})", 0, box.append)
    qtbot.waitUntil(lambda: len(box) > 0, timeout=10_000)
    return json.loads(str(box[0]))


def test_standalone_playback_speed_step_cumulative_and_space(qtbot, standalone) -> None:
    view = standalone
    span = run(qtbot, view, "sitmap.dataSpan()")
    assert isinstance(span, list)
    assert run(qtbot, view, "sitmap.playback()") == {
        "playing": False, "speed": 1, "step": "day", "cumulative": False, "intervalMs": 700}
    assert run(qtbot, view, "sitmap.setPlayback({speed: 8, step: 'week', cumulative: true})") \
        == {"playing": False, "speed": 8, "step": "week", "cumulative": True, "intervalMs": 88}
    # An unknown speed or step is ignored.
    assert run(qtbot, view, "sitmap.setPlayback({speed: 1000, step: 'year'}).speed") == 8
    # The controls show the choice.
    assert run(qtbot, view, "[document.querySelector('.sm-play-speed').value,"
                            " document.querySelector('.sm-play-step').value,"
                            " document.querySelector('.sm-play-grow input').checked]") == [
        "8", "week", True]
    view.setFocus()
    target = view.focusProxy() or view
    QTest.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: run(qtbot, view, "sitmap.playback().playing") is True, timeout=5000)
    qtbot.waitUntil(lambda: str(run(qtbot, view, "sitmap.getRange()[1]")) > str(
        (dt.date.fromisoformat(str(span[0])) + dt.timedelta(days=7)).isoformat()),
        timeout=10_000)
    QTest.keyClick(target, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: run(qtbot, view, "sitmap.playback().playing") is False, timeout=5000)
    start, end = run(qtbot, view, "sitmap.getRange()")  # type: ignore[misc]
    assert start == span[0]
    assert ((dt.date.fromisoformat(end) - dt.date.fromisoformat(start)).days + 1) % 7 == 0 \
        or end == span[1]
    # Sliding: one step moves both ends by a week.
    run(qtbot, view, "sitmap.setPlayback({cumulative: false}) && "
                     "sitmap.setRange(sitmap.dataSpan()[0], sitmap.dataSpan()[0])")
    assert run(qtbot, view, "sitmap.playStep()") is True
    first = dt.date.fromisoformat(str(span[0]))
    assert run(qtbot, view, "sitmap.getRange()") == [(first + dt.timedelta(days=7)).isoformat()] * 2


def test_standalone_popup_links_to_its_source_in_a_new_tab(qtbot, standalone, seeds) -> None:
    view = standalone
    ids = list(seeds.frame["event_id"])
    assert run(qtbot, view, f"sitmap.select({json.dumps(ids[0])})") is True
    link = run(qtbot, view, "(function () { var a = document.querySelector("
                            f"'.sm-popup[data-event-id=\"{ids[0]}\"] .sm-source-link');"
                            " return a && [a.getAttribute('href'), a.target, a.rel]; })()")
    assert link == [SAFE, "_blank", "noopener noreferrer"]
    assert run(qtbot, view, f"sitmap.select({json.dumps(ids[1])})") is True
    assert run(qtbot, view, "document.querySelectorAll('a[href^=\"javascript\"]').length") == 0


# -- filters by source and by role; the chip and the legend's key in presentation -----------


def page_ids(window: MainWindow) -> set[str]:
    ids = js(window, "sitmap.visibleIds()")
    assert isinstance(ids, list)
    return {str(i) for i in ids}


def table_ids(window: MainWindow) -> set[str]:
    model = window.table.model
    return {model.event_id(r) for r in range(model.rowCount())}


def test_source_and_role_filters_table_and_map_agree(qtbot, window, seeds) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    frame = seeds.frame
    boxes = window.table
    sources = [boxes.source_box.itemText(i) for i in range(boxes.source_box.count())]
    assert sources == ["All sources", "Eurasia Notes", "Eurasia Review (from Voice of America)"]
    boxes.source_box.setCurrentIndex(1)
    # A merged event reported by both sources shows under either.
    expected = set(frame.loc[frame["sources"].str.contains("Eurasia Notes"), "event_id"])
    assert 0 < len(expected) < len(frame)
    qtbot.waitUntil(lambda: page_ids(window) == expected, timeout=5000)
    assert table_ids(window) == expected
    assert js(window, "sitmap.getFilter().sources") == ["Eurasia Notes"]
    # And by role: datelines of that source only; then every source's mentions.
    boxes.role_box.setCurrentIndex(boxes.role_box.findData("mention"))
    expected = set(frame.loc[frame["sources"].str.contains("Eurasia Notes")
                             & (frame["role"] == "mention"), "event_id"])
    assert expected
    qtbot.waitUntil(lambda: page_ids(window) == expected, timeout=5000)
    assert table_ids(window) == expected
    boxes.source_box.setCurrentIndex(0)
    expected = set(frame.loc[frame["role"] == "mention", "event_id"])
    qtbot.waitUntil(lambda: page_ids(window) == expected, timeout=5000)
    assert table_ids(window) == expected
    assert js(window, "sitmap.getFilter().sources === undefined") is True
    # Hiding background places leaves no mention.
    window.state.set_show_background(False)
    qtbot.waitUntil(lambda: page_ids(window) == set(), timeout=5000)
    assert table_ids(window) == set()
    boxes.role_box.setCurrentIndex(0)
    window.state.set_show_background(True)
    qtbot.waitUntil(lambda: len(page_ids(window)) == len(frame), timeout=5000)


def test_presenting_shows_the_filter_chip_and_the_legend_as_one_line(
    qtbot, window, seeds,
) -> None:
    window.show_loaded(seeds)
    window.map.wait_ready()
    state = window.state
    state.set_categories(["protest", "arrest"])
    state.set_text("Police")
    state.set_sources(["Eurasia Notes"])
    qtbot.waitUntil(lambda: js(window, "sitmap.getFilter().text") == "police", timeout=5000)
    # Not presenting: the window's own controls say it; no chip, the full legend.
    assert js(window, "sitmap.filterChip()") == ""
    assert js(window, "sitmap.legendKey()") == ""
    presenter = window.workflow.presenter
    presenter.enter()
    chip = "Filtered: protest, arrest · “police” · source Eurasia Notes"
    qtbot.waitUntil(lambda: js(window, "sitmap.filterChip()") == chip, timeout=5000)
    shown = js(window, "sitmap.visibleCategories()")
    assert isinstance(shown, list) and 0 < len(shown) <= 2
    assert js(window, "sitmap.legendKey()") == " ".join(shown)
    # One line, the full legend gone.
    assert js(window, "(function () { var k = document.querySelector('.sm-legend-key');"
                      " var r = k.getBoundingClientRect();"
                      " return r.height < 40 && r.width > 0 &&"
                      " document.querySelector('.sm-legend').getBoundingClientRect()"
                      ".height === 0; })()") is True
    # The chip follows the filter while presenting.
    state.set_text("")
    qtbot.waitUntil(lambda: js(window, "sitmap.filterChip()") ==
                    "Filtered: protest, arrest · source Eurasia Notes", timeout=5000)
    presenter.leave()
    qtbot.waitUntil(lambda: js(window, "sitmap.filterChip()") == "", timeout=5000)
    assert js(window, "sitmap.legendKey()") == ""
    assert js(window, "document.querySelector('.sm-legend').getBoundingClientRect().height"
                      " > 0") is True


def test_the_one_line_key_gives_way_to_more_rather_than_cutting_names(
    qtbot, window, seeds,
) -> None:
    window.resize(760, 700)
    window.show_loaded(seeds)
    window.map.wait_ready()
    window.workflow.presenter.enter()
    window.resize(760, 700)  # offscreen, "full screen" keeps the size asked for
    qtbot.waitUntil(lambda: js(window, "sitmap.legendKey()") != "", timeout=5000)
    shown = js(window, "sitmap.visibleCategories()")
    assert isinstance(shown, list) and len(shown) >= 5
    key = str(js(window, "sitmap.legendKey()"))
    fits = js(window, "(function () { var k = document.querySelector('.sm-legend-key');"
                      " return k.scrollWidth <= k.clientWidth + 1; })()")
    assert fits is True
    # Every category named is named whole; the rest are counted.
    named = [name for name in shown if name in key]
    assert key.startswith(" ".join(named))
    if len(named) < len(shown):
        assert key.endswith(f"+{len(shown) - len(named)} more")
    window.workflow.presenter.leave()


def test_presenting_keeps_its_larger_type_when_new_data_arrive(qtbot, window, seeds) -> None:
    # New data go to the loaded page as a new map (sitmap.replaceData), which starts as a
    # page that is not presenting; the window must say so again (issue 15's audit).
    window.show_loaded(seeds)
    window.map.wait_ready()
    presenter = window.workflow.presenter
    presenter.enter()
    presenting = "document.body.classList.contains('sitmap-presenting')"
    qtbot.waitUntil(lambda: js(window, presenting) is True, timeout=5000)
    total = js(window, "sitmap.totalCount()")
    assert isinstance(total, int) and total > 2
    fewer = dataclasses.replace(seeds, frame=seeds.frame.iloc[:2].copy())
    window.state.set_data(fewer.frame, list(fewer.articles))
    qtbot.waitUntil(lambda: js(window, "sitmap.ready && sitmap.totalCount()") == 2,
                    timeout=10000)
    qtbot.waitUntil(lambda: js(window, presenting) is True, timeout=5000)
    # The one-line key of the new data shows, not the full legend.
    assert js(window, "sitmap.legendKey()") != ""
    presenter.leave()
    qtbot.waitUntil(lambda: js(window, presenting) is False, timeout=5000)
