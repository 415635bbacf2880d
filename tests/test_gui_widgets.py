"""The window's widgets without the map page: state, table, article panel, time bar, and the
PySide6 refcount crash."""

from __future__ import annotations

import datetime as dt
import sys

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QPoint, Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from sitmap.events import synthetic_events  # noqa: E402
from sitmap.gui._article import ArticlePanel  # noqa: E402
from sitmap.gui._state import AppState  # noqa: E402
from sitmap.gui._table import EventTable  # noqa: E402
from sitmap.gui._timeline import TimeBar  # noqa: E402
from sitmap.model import Article  # noqa: E402

pytestmark = pytest.mark.gui


HOSTILE = "Crowds in Almaty <script>alert(1)</script> and <img src=x onerror=alert(2)> ran."


def hostile_frame() -> tuple[object, Article]:
    frame = synthetic_events(3)
    text = f"Headline\n\n{HOSTILE}\n"
    start = text.index(HOSTILE)
    place = text.index("Almaty")
    frame.loc[0, ["passage", "article_id", "place"]] = [HOSTILE, "hostile", "Almaty"]
    frame.loc[0, ["passage_start", "passage_end"]] = [start, start + len(HOSTILE)]
    frame.loc[0, ["toponym_start", "toponym_end"]] = [place, place + len("Almaty")]
    article = Article(id="hostile", title="<b>not bold</b>", text=text)
    return frame, article


@pytest.fixture
def state(qtbot) -> AppState:
    return AppState()


def test_range_filters_table_rows_and_counts_together(qtbot, state: AppState) -> None:
    frame = synthetic_events(500, days=30)
    state.set_data(frame)
    table = EventTable(state)
    qtbot.addWidget(table)
    assert table.model.rowCount() == 500
    state.set_range("2022-01-10", "2022-01-12")
    lo, hi = dt.date(2022, 1, 10), dt.date(2022, 1, 12)
    expected = frame[(frame["date_end"].dt.date >= lo) & (frame["date_start"].dt.date <= hi)]
    assert 0 < table.model.rowCount() == len(expected) == state.visible_count()
    shown = {table.model.event_id(r) for r in range(table.model.rowCount())}
    assert shown == set(expected["event_id"])


def test_table_sorts_by_column_and_filters_by_text_and_category(qtbot, state) -> None:
    state.set_data(synthetic_events(300))
    table = EventTable(state)
    qtbot.addWidget(table)
    table.view.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # Place
    places = [table.model.index(r, 1).data() for r in range(table.model.rowCount())]
    assert places == sorted(places, key=str.casefold, reverse=True)

    table.category_box.setCurrentText("protest")
    cats = {table.model.index(r, 4).data() for r in range(table.model.rowCount())}
    assert cats == {"protest"}
    qtbot.keyClicks(table.filter_edit, "geneva")
    qtbot.waitUntil(lambda: state.text == "geneva")
    rows = [table.model.index(r, 5).data() for r in range(table.model.rowCount())]
    assert rows and all("Geneva" in passage for passage in rows)


def test_table_shows_a_passage_on_one_line_and_confidence_to_two_places(qtbot, state) -> None:
    frame = synthetic_events(5)
    frame.loc[0, "passage"] = "Troops\n\n  arrived in\tAlmaty <b>at dawn</b>."
    frame.loc[0, "confidence"] = 0.8
    state.set_data(frame)
    table = EventTable(state)
    qtbot.addWidget(table)
    row = table.model.row_of(frame.loc[0, "event_id"])
    assert row is not None
    cell = table.model.index(row, 5)
    assert cell.data() == "Troops arrived in Almaty <b>at dawn</b>."
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == (
        "<p>Troops arrived in Almaty &lt;b&gt;at dawn&lt;/b&gt;.</p>"
    )
    assert table.model.index(row, 7).data() == "0.80"


def test_the_confidence_header_says_what_the_figure_means(qtbot, state) -> None:
    state.set_data(synthetic_events(5))
    table = EventTable(state)
    qtbot.addWidget(table)
    header = table.model.headerData(7, Qt.Orientation.Horizontal)
    tip = table.model.headerData(7, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert header == "Confidence"
    assert "chance that the row is right" in tip
    assert table.model.headerData(1, Qt.Orientation.Horizontal,
                                  Qt.ItemDataRole.ToolTipRole) is None


def test_table_click_selects_event_and_state_selection_selects_row(qtbot, state) -> None:
    state.set_data(synthetic_events(50))
    table = EventTable(state)
    qtbot.addWidget(table)
    table.show()
    rect = table.view.visualRect(table.model.index(2, 1))
    QTest.mouseClick(table.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert state.selected == table.model.event_id(2)

    other = table.model.event_id(7)
    state.select(other, origin="map")
    assert table.view.selectionModel().selectedRows()[0].row() == 7


def test_hostile_markup_shows_as_text_in_table_and_panel(qtbot, state) -> None:
    frame, article = hostile_frame()
    state.set_data(frame, [article])
    table = EventTable(state)
    panel = ArticlePanel(state)
    qtbot.addWidget(table)
    qtbot.addWidget(panel)
    row = table.model.row_of(str(frame.loc[0, "event_id"]))
    assert table.model.index(row, 5).data() == HOSTILE
    tooltip = table.model.index(row, 5).data(Qt.ItemDataRole.ToolTipRole)
    assert "<script>" not in tooltip and "&lt;script&gt;" in tooltip

    state.select(str(frame.loc[0, "event_id"]))
    shown = panel.toPlainText()
    assert HOSTILE in shown
    assert "<b>not bold</b>" in shown
    assert "onerror" not in panel.toHtml().replace("&lt;img src=x onerror", "")


def test_panel_marks_passage_and_place_link_selects_event(qtbot, state) -> None:
    frame, article = hostile_frame()
    state.set_data(frame, [article])
    panel = ArticlePanel(state)
    qtbot.addWidget(panel)
    panel.resize(400, 300)
    panel.show()
    event_id = str(frame.loc[0, "event_id"])
    state.select(event_id, origin="map")
    assert panel.article_id == "hostile"
    doc = panel.document()
    cursor = doc.find("Almaty", doc.find("Crowds in"))  # the first "Almaty" is the meta line
    fmt = cursor.charFormat()
    assert fmt.isAnchor() and fmt.anchorHref() == f"event:{event_id}"
    passage_fmt = panel.document().find("ran.").charFormat()
    assert passage_fmt.background().color().name() != "#000000"

    state.select("", origin="")
    state.select(event_id, origin="map")
    seen: list[tuple[str, str]] = []
    state.selectionChanged.connect(lambda eid, origin: seen.append((eid, origin)))
    doc = panel.document()
    rect = panel.cursorRect(doc.find("Almaty", doc.find("Crowds in")))
    QTest.mouseClick(panel.viewport(), Qt.MouseButton.LeftButton, pos=rect.center() - QPoint(4, 0))
    assert seen == [(event_id, "article")]


def test_time_bar_edits_and_slider_drag_change_the_range(qtbot, state) -> None:
    state.set_data(synthetic_events(400, days=40))
    bar = TimeBar(state)
    qtbot.addWidget(bar)
    bar.resize(900, 70)
    bar.show()
    first, last = state.bounds
    assert (bar.start_edit.date().toPython(), bar.end_edit.date().toPython()) == (first, last)

    slider = bar.slider
    y = slider.height() // 2
    right = slider.rect().right() - 6
    QTest.mousePress(slider, Qt.MouseButton.LeftButton, pos=QPoint(right, y))
    QTest.mouseMove(slider, QPoint(slider.width() // 2, y))
    QTest.mouseRelease(slider, Qt.MouseButton.LeftButton, pos=QPoint(slider.width() // 2, y))
    start, end = state.date_range
    assert start == first and first < end < last
    assert bar.end_edit.date().toPython() == end
    assert int(slider.counts.sum()) == 400

    bar.start_edit.setDate(bar.start_edit.date().addDays(3))
    assert state.date_range == (first + dt.timedelta(days=3), end)


def test_play_steps_the_range_through_time(qtbot, state) -> None:
    state.set_data(synthetic_events(100, days=10))
    bar = TimeBar(state)
    qtbot.addWidget(bar)
    first, _ = state.bounds
    bar.play_button.setChecked(True)
    assert state.date_range == (first, first)
    qtbot.waitUntil(lambda: state.date_range[0] > first, timeout=3000)
    bar.play_button.setChecked(False)
    assert state.date_range[0] == state.date_range[1]


def test_void_qt_calls_do_not_leak_none_references(qtbot) -> None:
    """PySide6 6.12.0 on Python 3.11 drops None's refcount once per void call and then
    aborts the interpreter (NOTES-qt-web.md); pyproject excludes it, this catches a relapse."""
    widget = QWidget()
    qtbot.addWidget(widget)
    app = QApplication.instance()
    before = sys.getrefcount(None)
    for i in range(10_000):
        app.processEvents()
        widget.setObjectName(f"w{i % 7}")
    after = sys.getrefcount(None)
    assert before - after < 1_000


def test_table_sorts_text_as_folded_and_keeps_no_text_per_row(qtbot, state) -> None:
    # Sorting a text column keeps a key per row. It was the column's text casefold()-ed:
    # one new str per row (about 100 MB for a million passages). Now it is the rank of
    # each distinct text, the same order (texts equal once folded keep their row order).
    import tracemalloc

    frame = synthetic_events(6_000, seed=8)
    names = ["Straße", "STRASSE", "b", "A", "strasse", "a", "Ǆ", "ǆ"]
    frame["place"] = [names[i % len(names)] for i in range(len(frame))]
    frame["place_context"] = ""
    state.set_data(frame)
    table = EventTable(state)
    qtbot.addWidget(table)
    table.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # any key made before
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        table.view.sortByColumn(5, Qt.SortOrder.AscendingOrder)  # Passage
        table.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # Place
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert kept < 40 * len(frame), kept  # two 8-byte keys and the row order, not text

    shown = [table.model.event_id(r) for r in range(table.model.rowCount())]
    rows = {e: i for i, e in enumerate(state.frame["event_id"])}
    places = state.frame["place"].tolist()
    expected = sorted(range(len(places)), key=lambda i: places[i].casefold())
    assert [rows[e] for e in shown] == expected
    table.view.sortByColumn(5, Qt.SortOrder.DescendingOrder)
    passages = [table.model.index(r, 5).data() for r in range(table.model.rowCount())]
    assert passages == sorted(passages, key=str.casefold, reverse=True)


def test_a_large_table_hands_freed_memory_back(qtbot, monkeypatch) -> None:
    # Building and replacing a large table frees hundreds of MB that stayed resident.
    import sitmap.gui._state as state_module

    calls: list[int] = []
    monkeypatch.setattr(state_module, "release_free_memory", lambda: calls.append(1) or True)
    state = AppState()
    state.set_data(synthetic_events(2_000))
    assert calls == []  # a small table: nothing worth the call
    state.set_data(synthetic_events(100_001))
    assert calls == [1] and len(state.frame) == 100_001
