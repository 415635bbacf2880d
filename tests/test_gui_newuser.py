"""What a new user tripped on in the real window: progress that moves, a quiet start, one
selection for table, map, article and corrections, and small things (the Article tab, the
legend's fold, typed dates, Ctrl+Q on the map)."""

from __future__ import annotations

from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QEvent, QPoint, QSettings, Qt  # noqa: E402
from PySide6.QtGui import QAction  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from sitmap.events import synthetic_events  # noqa: E402
from sitmap.gui._state import AppState  # noqa: E402
from sitmap.gui._table import EventTable  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.pipeline import Loaded  # noqa: E402

pytestmark = pytest.mark.gui

PRESS_MS = (0, 50, 250)


@pytest.fixture
def make_window(make_window):  # type: ignore[no-untyped-def]
    """``conftest.make_window``: ``make(folder, size=(w, h))``."""
    return lambda folder, size=(1200, 800): make_window(folder, size=size)


@pytest.fixture
def window(make_window, tmp_path: Path) -> MainWindow:
    return make_window(tmp_path)


def show(window: MainWindow, loaded: Loaded) -> None:
    window.show_loaded(loaded)
    window.map.wait_ready()


def js(window: MainWindow, script: str) -> object:
    return window.map.evaluate(script)


# -- one selection: table, state, map, article, corrections -----------------------------


def highlighted(table: EventTable) -> list[str]:
    """The events of the rows the table paints as selected."""
    rows = table.view.selectionModel().selectedRows()
    return [table.model.event_id(index.row()) for index in rows]


def press(widget, pos: QPoint, ms: int) -> None:  # type: ignore[no-untyped-def]
    """A left-button press of ``ms`` milliseconds at ``pos`` (events processed meanwhile)."""
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)
    if ms:
        QTest.qWait(ms)
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, pos)


def edge_points(table: EventTable) -> dict[str, QPoint]:
    """Points on the rows at the top and bottom edges of the table's visible part."""
    viewport = table.view.viewport()
    return {"top": QPoint(60, 3), "bottom": QPoint(60, viewport.height() - 3)}


@pytest.mark.parametrize("press_ms", PRESS_MS)
def test_a_click_near_the_visible_edge_highlights_the_clicked_row(qtbot, press_ms) -> None:
    # The root cause: the row's selection (Qt sets the current row on press, and the state
    # followed) scrolled the table to centre that row while the button was still down; Qt
    # then selected the row now under the pointer, a neighbour, without making it current,
    # so the table highlighted one event and the state (map, article, Ctrl+K) held another.
    state = AppState()
    frame = synthetic_events(300)
    state.set_data(frame)
    table = EventTable(state)
    qtbot.addWidget(table)
    table.resize(900, 260)
    table.show()
    qtbot.keyClicks(table.filter_edit, "Source 3")
    qtbot.waitUntil(lambda: state.text == "Source 3")
    assert table.model.rowCount() == int((frame["source"] == "Source 3").sum())
    bar = table.view.verticalScrollBar()
    assert bar.maximum() > 0  # more rows than fit: the table can scroll
    bar.setValue(bar.maximum() // 2)

    for edge, pos in edge_points(table).items():
        index = table.view.indexAt(pos)
        assert index.isValid(), edge
        clicked = table.model.event_id(index.row())
        press(table.view.viewport(), pos, press_ms)
        assert state.selected == clicked, edge
        assert highlighted(table) == [clicked], edge
        # The clicked row stays under the pointer: nothing scrolls it away.
        assert table.model.event_id(table.view.indexAt(pos).row()) == clicked, edge


def popup_event(window: MainWindow) -> object:
    return js(window, "(function(){var n=document.querySelector("
                      "'.leaflet-popup-content .sm-popup');"
                      "return n===null?null:n.getAttribute('data-event-id');})()")


def test_table_map_article_and_ctrl_k_act_on_the_clicked_row(
    qtbot, window, seeds, monkeypatch
) -> None:
    show(window, seeds)
    asked: list[str] = []

    def candidates(event_id: str) -> list[object]:
        asked.append(event_id)
        return []

    monkeypatch.setattr(window.workflow.project, "candidates", candidates)
    table = window.table
    source = str(seeds.frame["source"].iloc[0])
    qtbot.keyClicks(table.filter_edit, source)
    qtbot.waitUntil(lambda: window.state.text == source)
    bar = table.view.verticalScrollBar()
    assert bar.maximum() > 0
    frame = window.state.frame.set_index("event_id")

    for press_ms in PRESS_MS:
        for edge, pos in edge_points(table).items():
            bar.setValue(bar.maximum() // 2)
            clicked = table.model.event_id(table.view.indexAt(pos).row())
            press(table.view.viewport(), pos, press_ms)
            where = f"{edge} edge, {press_ms} ms"
            assert highlighted(table) == [clicked], where
            assert window.state.selected == clicked, where
            qtbot.waitUntil(lambda clicked=clicked: popup_event(window) == clicked, timeout=5000)
            assert window.article.article_id == frame.loc[clicked, "article_id"], where
            QTest.keyClick(table.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
            assert asked[-1] == clicked, where


# -- progress that moves with the work -------------------------------------------------


def articles(folder: Path) -> list[Path]:
    folder.mkdir()
    first = folder / "one.txt"
    first.write_text("Protest in Almaty\n\nALMATY, 5 January 2022 - Crowds gathered in "
                     "Almaty on Wednesday.\n", encoding="utf-8")
    second = folder / "two.txt"
    second.write_text("Talks in Geneva\n\nGENEVA, 10 January 2022 - Diplomats met in "
                      "Geneva on Monday.\n", encoding="utf-8")
    return [first, second]


def progress_dialog(window: MainWindow):  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QProgressDialog

    dialogs = window.findChildren(QProgressDialog)
    assert len(dialogs) == 1
    return dialogs[0]


def test_first_run_builds_the_place_index_as_its_own_step_and_every_bar_moves(
    qtbot, window, tmp_path
) -> None:
    import threading

    go = threading.Event()
    fractions = (0.0, 0.15, 0.4, 0.87, 1.0)

    def build_place_index(progress) -> None:  # type: ignore[no-untyped-def]
        # A fake builder: the real one calls progress(message, fraction) the same way.
        go.wait(10)
        for fraction in fractions:
            progress("Building gazetteer: cities", fraction)

    window.place_index = build_place_index
    job = window.open_paths(articles(tmp_path / "in"))
    dialog = progress_dialog(window)
    seen: list[tuple[str, int, int]] = []

    def look(*_: object) -> None:  # after the window's own slot: what the user sees now
        seen.append((dialog.labelText(), dialog.value(), dialog.maximum()))

    job.building.connect(look)
    job.parsed.connect(look)
    with qtbot.waitSignal(job.finished, timeout=30_000):
        go.set()
    building = [s for s in seen if s[0].startswith("Building the place index")]
    assert building == [
        (f"Building the place index (first run only)… {round(f * 100)}%", round(f * 100), 100)
        for f in fractions
    ]
    parsing = seen[len(building):]
    assert parsing == [
        ("Finding places and dates: 1 of 2 articles done…", 1, 2),
        ("Finding places and dates: all 2 articles done; putting the events on the map… "
         "(this step has no progress to show)", 2, 2),
    ]
    assert window.statusBar().currentMessage() == "Read 2 articles, 0 problems"


def test_cancel_during_the_place_index_build_stops_it(qtbot, window, tmp_path) -> None:
    import threading

    started = threading.Event()
    stopped: list[BaseException] = []

    def build_place_index(progress) -> None:  # type: ignore[no-untyped-def]
        started.set()
        try:
            for step in range(2000):
                progress("Building gazetteer: cities", step / 2000)
                threading.Event().wait(0.005)
        except BaseException as exc:  # what the real builder sees: it removes its file
            stopped.append(exc)
            raise

    window.place_index = build_place_index
    job = window.open_paths(articles(tmp_path / "in"))
    assert started.wait(10)
    with qtbot.waitSignal(job.finished, timeout=10_000):
        from PySide6.QtWidgets import QPushButton

        button = progress_dialog(window).findChild(QPushButton)
        assert button.text() == "Cancel"
        button.click()
    assert len(stopped) == 1
    assert window.state.frame.empty
    assert window.statusBar().currentMessage() == "Opening cancelled: no articles added"


def test_the_first_runs_name_table_is_its_own_step_that_says_it_has_no_progress(
    qtbot, window, tmp_path
) -> None:
    # Seen on a first run: after the index build, ~4 s of deriving the name table while
    # the dialog read "Finding places and dates: 0 of 3 articles done…".
    import threading

    from sitmap.pipeline import prepare_names

    started, go = threading.Event(), threading.Event()
    on_worker: list[bool] = []

    def build_place_index(progress) -> None:  # type: ignore[no-untyped-def]
        progress("Building gazetteer: cities", 1.0)

    def derive_names(geoparser) -> None:  # type: ignore[no-untyped-def]
        # A fake, slow first-run name table; then the real set-up (it has one already).
        on_worker.append(threading.current_thread() is not threading.main_thread())
        started.set()
        go.wait(10)
        prepare_names(geoparser)

    window.place_index = build_place_index
    window.name_index = derive_names
    job = window.open_paths(articles(tmp_path / "in"))
    dialog = progress_dialog(window)
    seen: list[tuple[str, int, int]] = []

    def look(*_: object) -> None:  # after the window's own slot: what the user sees now
        seen.append((dialog.labelText(), dialog.value(), dialog.maximum()))

    job.building.connect(look)
    job.parsed.connect(look)
    assert started.wait(10)
    step = ("Getting the place names ready for matching… (this step has no progress "
            "to show)")
    qtbot.waitUntil(lambda: dialog.labelText() == step, timeout=5000)
    assert dialog.maximum() == 0  # a busy bar: nothing to count
    with qtbot.waitSignal(job.finished, timeout=30_000):
        go.set()
    assert on_worker == [True]
    assert [s[0] for s in seen] == [
        "Building the place index (first run only)… 100%",
        "Finding places and dates: 1 of 2 articles done…",
        "Finding places and dates: all 2 articles done; putting the events on the map… "
        "(this step has no progress to show)",
    ]
    assert window.statusBar().currentMessage() == "Read 2 articles, 0 problems"


def test_the_window_never_builds_the_place_index_on_its_own_thread(
    qtbot, window, tmp_path, monkeypatch, gazetteer
) -> None:
    # Seen on a first run: the map's town names asked for the gazetteer on the window's
    # thread and built it there a second time (8 s frozen, Cancel and Ctrl+Q ignored).
    import shutil
    import threading

    import sitmap.geocode._store as store
    from sitmap.geoparse import parse
    from sitmap.mapping import _labels

    parse("Crowds gathered in Almaty.")  # the shared geoparser is ready (not under test)
    window.map.wait_ready()
    builds: list[threading.Thread] = []
    go = threading.Event()

    def build(sources, dest, *, progress=None) -> None:  # type: ignore[no-untyped-def]
        # A fake, slow builder: the compiled file of this machine, once told to go, with
        # the name table this machine derived from it (the job would otherwise derive it
        # anew, which is not under test: half a minute on a loaded machine).
        builds.append(threading.current_thread())
        go.wait(10)
        shutil.copyfile(gazetteer.path, dest)
        for table in gazetteer.path.parent.glob(f"{gazetteer.path.stem}.scan-*.sqlite"):
            shutil.copyfile(table, tmp_path / "first-run-cache" / table.name)
        if progress is not None:
            progress("Building gazetteer: cities", 1.0)

    monkeypatch.setattr(store, "build", build)
    monkeypatch.setenv("SITMAP_CACHE_DIR", str(tmp_path / "first-run-cache"))
    (tmp_path / "first-run-cache").mkdir()
    sent: list[list[list[object]]] = []
    send = window.map.set_view_labels
    monkeypatch.setattr(window.map, "set_view_labels", lambda rows: (sent.append(rows),
                                                                      send(rows)))
    _labels._open_gazetteer.cache_clear()
    _labels._cities.cache_clear()
    try:
        job = window.open_paths(articles(tmp_path / "in"))
        qtbot.waitUntil(lambda: len(builds) == 1, timeout=10_000)
        # While the background job builds, the user moves the map (Manchester, NH).
        window.map.set_view(42.9956, -71.4548, 11, animate=False)
        qtbot.waitUntil(lambda: len(sent) >= 1, timeout=10_000)
        assert sent[-1] == []  # no towns yet, and no build for them
        assert builds == [builds[0]] and builds[0] is not threading.main_thread()
        with qtbot.waitSignal(job.finished, timeout=30_000):
            go.set()
        window.map.wait_ready()
        # Once the index exists, the view's towns come (the map was not moved again). The
        # page may show the towns of the data it was handed (sitmap.replaceData carries the
        # view's labels) a moment before the window's own send for the view: wait for both.
        qtbot.waitUntil(lambda: len(js(window, "sitmap.labelsShown()")) > 0  # type: ignore[arg-type]
                        and sent[-1] != [], timeout=10_000)
        assert len(builds) == 1 and builds[0] is not threading.main_thread()
    finally:
        go.set()
        _labels._open_gazetteer.cache_clear()
        _labels._cities.cache_clear()


def test_the_dialogs_label_and_bar_agree_after_a_backlog_of_progress(
    qtbot, window, tmp_path
) -> None:
    # Seen in the real window: after the GUI thread was busy, the dialog read "29%" over an
    # empty bar. A backlog of progress queued while the dialog shows (modal): setValue then
    # delivers the newer reports inside the older one's update.
    import threading

    go, sent, release = threading.Event(), threading.Event(), threading.Event()

    def build_place_index(progress) -> None:  # type: ignore[no-untyped-def]
        go.wait(10)
        for percent in range(0, 101, 3):
            progress("Building gazetteer: cities", percent / 100)
        sent.set()
        release.wait(10)

    window.place_index = build_place_index
    job = window.open_paths(articles(tmp_path / "in"))
    dialog = progress_dialog(window)
    try:
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        go.set()
        assert sent.wait(10)  # every report is queued; the GUI thread has handled none yet
        qtbot.waitUntil(lambda: dialog.value() == 99, timeout=5000)  # the last report
        qtbot.wait(100)
        assert dialog.labelText() == "Building the place index (first run only)… 99%"
        assert dialog.maximum() == 100
    finally:
        with qtbot.waitSignal(job.finished, timeout=30_000):
            release.set()


def test_the_real_place_index_build_reports_progress_as_it_goes(first_run, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The real build's reports, as the command printed them in conftest's ``first_run``
    (the test run's one real first-run build, on an empty cache): many, rising, to the end.
    Then the place index the window prepares opens that cache without building it again,
    and it hands its progress to the build when there is one to do."""
    import re

    import sitmap.geocode
    from sitmap.pipeline import prepare_place_index

    assert first_run["returncode"] == 0, first_run["stderr"]
    printed = re.findall(r"^(?:Building gazetteer|Gazetteer ready).* \((\d+)%\)$",
                         first_run["stderr"], re.M)
    reports = [int(percent) for percent in printed]
    assert len(set(reports)) > 5
    assert reports == sorted(reports) and reports[-1] == 100
    for name, value in first_run["env"].items():
        monkeypatch.setenv(name, value)
    seen: list[float] = []
    prepare_place_index(lambda _message, fraction: seen.append(fraction))
    assert seen == []  # built once: the next run only opens it

    real_open = sitmap.geocode.open_gazetteer

    def building(*, progress):  # type: ignore[no-untyped-def]
        progress("Building gazetteer: cities", 0.5)  # as a build does
        return real_open()

    monkeypatch.setattr(sitmap.geocode, "open_gazetteer", building)
    prepare_place_index(lambda _message, fraction: seen.append(fraction))
    assert seen == [0.5]


# -- a quiet start ---------------------------------------------------------------------


def test_a_fresh_start_says_nothing_about_recovering_work(qtbot, tmp_path, monkeypatch) -> None:
    from PySide6 import QtCore

    from sitmap.gui import _app

    real_settings = QtCore.QSettings
    monkeypatch.setattr(
        QtCore, "QSettings",
        lambda *_: real_settings(str(tmp_path / "sitmap.ini"), QSettings.Format.IniFormat),
    )
    monkeypatch.setattr("sitmap.gui._workflow.cache_dir", lambda: tmp_path)
    seen: dict[str, str] = {}

    def run_event_loop(*_: object) -> int:
        # Instead of waiting for the user: read the fresh window's status bar, then quit.
        window = next(w for w in QApplication.topLevelWidgets()
                      if isinstance(w, MainWindow) and w.isVisible())
        seen["status"] = window.statusBar().currentMessage()
        recover = next(a for a in window.findChildren(QAction)
                       if a.text() == "Recover &Unsaved Work…")
        recover.trigger()
        seen["menu"] = window.statusBar().currentMessage()
        window.close()
        window.deleteLater()
        return 0

    monkeypatch.setattr(QApplication, "exec", run_event_loop)
    (tmp_path / "in").mkdir()
    assert _app.run([tmp_path / "in"]) == 0
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert seen == {"status": "", "menu": "There is no unsaved work to recover"}


# -- small things ----------------------------------------------------------------------


def seen(widget) -> bool:  # type: ignore[no-untyped-def]
    """Whether some of ``widget`` is on screen (a tab behind another shows nothing)."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def test_open_in_article_brings_the_article_tab_forward(qtbot, window, seeds) -> None:
    show(window, seeds)
    rules = window.workflow.corrections.rules
    window.rules_dock.raise_()
    qtbot.waitUntil(lambda: seen(rules) and not seen(window.article))
    event_id = str(seeds.frame["event_id"].iloc[-1])
    # What the page's "Open in article" link does, through the real QWebChannel.
    js(window, f"(sitmap.select({event_id!r}), "
               "document.querySelector('.leaflet-popup .sm-open').click(), true)")
    qtbot.waitUntil(lambda: seen(window.article), timeout=5000)
    assert not seen(rules)
    assert window.state.selected == event_id
    assert window.article.article_id == seeds.frame["article_id"].iloc[-1]


def test_an_iso_date_typed_into_the_edit_dialog_is_the_events_new_date(
    qtbot, window, seeds
) -> None:
    import datetime as dt

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialogButtonBox

    show(window, seeds)
    event_id = str(seeds.frame["event_id"].iloc[0])
    window.state.select(event_id, origin="map")
    shown: list[str] = []

    def type_dates() -> None:
        dialog = QApplication.activeModalWidget()
        shown.append(dialog.windowTitle())
        for field, text in ((dialog.start, "2022-01-05"), (dialog.end, "2022-01-07")):
            # As a user does: click into the field, then type the date.
            QTest.mouseClick(field, Qt.MouseButton.LeftButton,
                             pos=QPoint(field.width() // 3, field.height() // 2))
            QTest.keyClicks(field, text)
        buttons = dialog.findChild(QDialogButtonBox)
        buttons.button(QDialogButtonBox.StandardButton.Ok).click()

    QTimer.singleShot(0, type_dates)
    QTest.keyClick(window.table.view, Qt.Key.Key_E,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert shown and shown[0].startswith("Edit event at")
    event = window.state.frame.set_index("event_id").loc[event_id]
    assert (event["date_start"].date(), event["date_end"].date()) == (
        dt.date(2022, 1, 5), dt.date(2022, 1, 7)
    )
    assert bool(event["corrected"])


def legend_open(window: MainWindow) -> object:
    return js(window, "document.querySelector('.sm-legend').open")


@pytest.mark.parametrize(("size", "at_first"), [((1400, 900), True), ((1000, 650), False)])
def test_the_legend_stays_as_the_user_folded_it_after_a_rebuild_and_a_restart(
    qtbot, make_window, tmp_path, seeds, size: tuple[int, int], at_first: bool
) -> None:
    window = make_window(tmp_path, size)
    show(window, seeds)
    qtbot.waitUntil(lambda: legend_open(window) is at_first)
    js(window, "(document.querySelector('.sm-legend-summary').click(), true)")
    assert legend_open(window) is (not at_first)
    window.map.settle(ms=200)  # the page tells the window of the user's choice

    show(window, Loaded(seeds.frame.copy(), list(seeds.articles)))
    qtbot.waitUntil(lambda: legend_open(window) is (not at_first), timeout=5000)
    window.close()

    again = make_window(tmp_path, size)
    show(again, seeds)
    qtbot.waitUntil(lambda: legend_open(again) is (not at_first), timeout=5000)
    again.map.settle(ms=300)
    assert legend_open(again) is (not at_first)


def test_ctrl_q_quits_while_articles_are_being_read(qtbot, window, tmp_path) -> None:
    # Seen with real X events (Xvfb + xdotool): the user clicks the map while the first
    # run builds the place index; the window-modal "Opening" dialog holds the keyboard,
    # and the window's Ctrl+Q did nothing there.
    import threading

    window.map.wait_ready()
    window.map.focusProxy().setFocus()
    release = threading.Event()

    def build_place_index(progress) -> None:  # type: ignore[no-untyped-def]
        while not release.wait(0.02):
            progress("Building gazetteer: cities", 0.5)  # raises once cancelled

    window.place_index = build_place_index
    job = window.open_paths(articles(tmp_path / "in"))
    dialog = progress_dialog(window)
    try:
        qtbot.waitUntil(dialog.isVisible, timeout=5000)
        qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
        target = QApplication.focusWidget() or dialog
        with qtbot.waitSignal(job.finished, timeout=5000):
            QTest.keyClick(target, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
        assert not window.isVisible()
    finally:
        release.set()


def test_the_status_bar_counts_one_problem_in_the_singular(window, seeds) -> None:
    window.show_loaded(Loaded(seeds.frame.copy(), list(seeds.articles),
                              ["memo.docx: .docx files are not read"]))
    count = len(seeds.articles)
    assert window.statusBar().currentMessage() == f"Read {count} articles, 1 problem"
    window.show_loaded(Loaded(seeds.frame.copy(), list(seeds.articles), ["a", "b"]))
    assert window.statusBar().currentMessage() == f"Read {count} articles, 2 problems"


def test_problems_of_the_users_places_file_show_in_the_problems_list(
    qtbot, window, tmp_path
) -> None:
    bad_row = f"{tmp_path / 'places.csv'}:3: country_code 'XX' is not a known ISO 3166-1 country"

    def place_index(progress) -> list[str]:  # type: ignore[no-untyped-def]
        # A fake builder that found one bad row, as prepare_place_index reports it.
        return [bad_row]

    window.place_index = place_index
    job = window.open_paths(articles(tmp_path / "in"))
    with qtbot.waitSignal(job.finished, timeout=30_000):
        pass
    shown = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert shown == [bad_row]
    assert window.statusBar().currentMessage() == "Read 2 articles, 1 problem"
