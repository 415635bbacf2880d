"""Event tables in the window (issue 15): an ACLED export dropped on the window shows its
rows in the table, its pins on the page (read back through ``window.sitmap``) and its notes
as the passage, with no Article panel; a CSV of unknown layout asks for its columns once
per header."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent  # noqa: E402
from PySide6.QtWidgets import QDialogButtonBox, QWidget  # noqa: E402

from sitmap.events import ColumnMap  # noqa: E402
from sitmap.gui._columns import ColumnDialog  # noqa: E402
from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.project import CorrectionError  # noqa: E402

pytestmark = pytest.mark.gui

ACLED = Path(__file__).parent / "data" / "tables" / "acled_sample.csv"


class Asked:
    """A fake column dialog: records what it was asked and answers ``answer``."""

    def __init__(self, answer: ColumnMap | None) -> None:
        self.answer = answer
        self.headers: list[tuple[str, ...]] = []

    def __call__(self, _parent: QWidget, _path: str, header: Sequence[str],
                 _start: ColumnMap | None) -> ColumnMap | None:
        self.headers.append(tuple(header))
        return self.answer


def drop(window: MainWindow, *paths: Path) -> None:
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))


def test_a_dropped_acled_export_shows_rows_pins_and_notes_without_an_article_panel(
    qtbot, make_window, tmp_path: Path
) -> None:
    asked = Asked(None)
    window = make_window(tmp_path, ask_columns=asked)
    drop(window, ACLED)
    qtbot.waitUntil(lambda: len(window.state.frame) == 7, timeout=60_000)
    window.map.wait_ready()
    assert asked.headers == []  # ACLED's layout is known: no question
    assert window.table.model.rowCount() == 7
    ids = sorted(str(i) for i in window.state.frame["event_id"])
    assert window.map.evaluate("sitmap.totalCount()") == 7
    assert sorted(window.map.evaluate("sitmap.visibleIds()")) == ids  # type: ignore[arg-type]
    # The row with a latitude of 95 is in the Problems list, by line.
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert problems == [f"{ACLED}:8: latitude 95.4569 is outside -90..90; row skipped"]
    # A pin's popup quotes the notes, and offers no article to open.
    assert window.map.evaluate("sitmap.select('acled:KEN9004')") is True
    qtbot.waitUntil(lambda: "arrested a reporter in Kisumu" in str(
        window.map.evaluate("sitmap.popupText()")), timeout=5000)
    assert window.map.evaluate(
        "document.querySelector('.leaflet-popup .sm-open') === null") is True
    assert not window.article_dock.isVisible()
    assert "7 events from event tables" in window.statusBar().currentMessage()
    # No article was read: the counts give none ("of 0 articles" was shown before).
    assert window.counts.text() == "7 of 7 events · all dates"


def test_a_csv_of_unknown_layout_asks_for_its_columns_once(
    qtbot, make_window, tmp_path: Path
) -> None:
    table = tmp_path / "mine.csv"
    table.write_text("when,y,x,what\n2023-05-01,51.5,-0.12,Strike at the depot\n"
                     "2023-05-02,48.85,2.35,Road closed\n", encoding="utf-8")
    asked = Asked(ColumnMap("y", "x", "when", text="what"))
    window = make_window(tmp_path, ask_columns=asked)
    with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
        pass
    assert asked.headers == [("when", "y", "x", "what")]
    assert sorted(window.state.frame["passage"]) == ["Road closed", "Strike at the depot"]
    # The same header again (another file, a new window): remembered, not asked.
    other = tmp_path / "other.csv"
    other.write_text("when,y,x,what\n2023-06-01,40.4,-3.7,Meeting\n", encoding="utf-8")
    again = make_window(tmp_path, ask_columns=Asked(None))
    with qtbot.waitSignal(again.open_paths([other]).finished, timeout=60_000):
        pass
    assert list(again.state.frame["passage"]) == ["Meeting"]


def test_a_cancelled_column_dialog_leaves_the_file_out_with_a_reason(
    qtbot, make_window, tmp_path: Path
) -> None:
    table = tmp_path / "mine.csv"
    table.write_text("when,y,x\n2023-05-01,51.5,-0.12\n", encoding="utf-8")
    window = make_window(tmp_path, ask_columns=Asked(None))
    with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
        pass
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert len(problems) == 1 and problems[0].startswith(f"{table}: a CSV file of unknown")


def test_the_column_dialog_starts_from_the_names_and_needs_the_three(qtbot) -> None:
    # "reported" says nothing sitmap guesses from ("when" now does: test_table_hints.py).
    dialog = ColumnDialog("t.csv", ["Latitude", "Lng", "notes", "reported"])
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled() and dialog.column_map() is None  # no date column guessed
    dialog.boxes["date"].setCurrentIndex(dialog.boxes["date"].findData("reported"))
    assert ok.isEnabled()
    assert dialog.column_map() == ColumnMap("Latitude", "Lng", "reported", text="notes")


def test_sitmap_open_takes_columns_for_a_screenshot(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    table = tmp_path / "mine.csv"
    table.write_text("when,y,x,what\n2023-05-01,51.5,-0.12,Strike at the depot\n",
                     encoding="utf-8")
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}

    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "sitmap", "open", str(table),
                               "--screenshot", str(out), "--size", "640x400", *extra],
                              capture_output=True, text=True, env=env, timeout=300)

    without = run()
    assert without.returncode == 1 and "--columns" in without.stderr
    done = run("--columns", "lat=y,lon=x,date=when,text=what")
    assert done.returncode == 0, done.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_events_read_from_a_table_are_saved_with_the_project_and_undone(
    qtbot, make_window, tmp_path: Path
) -> None:
    window = make_window(tmp_path / "one", ask_columns=Asked(None))
    drop(window, ACLED)
    qtbot.waitUntil(lambda: len(window.state.frame) == 7, timeout=60_000)
    ids = sorted(str(i) for i in window.state.frame["event_id"])
    assert window.workflow.undo_stack.count() == 1  # one step: "Add 7 event(s) ..."
    # A later redraw from the project (a scene, a correction) keeps them on the map.
    window.workflow.refresh()
    assert sorted(str(i) for i in window.state.frame["event_id"]) == ids
    path = tmp_path / "acled.sitmap"
    assert window.workflow.save_as(path)
    again = make_window(tmp_path / "two", ask_columns=Asked(None))
    assert again.workflow.open_project(path)
    again.map.wait_ready()
    assert sorted(str(i) for i in again.state.frame["event_id"]) == ids
    assert again.map.evaluate("sitmap.totalCount()") == 7
    # Opening the same table again adds nothing; undo takes the rows out.
    drop(window, ACLED)
    qtbot.waitUntil(lambda: window.workflow.undo_stack.count() == 2, timeout=60_000)
    assert len(window.state.frame) == 7
    window.workflow.undo_stack.undo()
    window.workflow.undo_stack.undo()
    assert len(window.state.frame) == 0


def test_rows_past_what_a_project_keeps_are_shown_and_said_to_be_unsaved(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitmap.gui._workflow as workflow

    monkeypatch.setattr(workflow, "SAVED_TABLE_ROWS", 3)
    window = make_window(tmp_path / "one", ask_columns=Asked(None))
    drop(window, ACLED)
    qtbot.waitUntil(lambda: len(window.state.frame) == 7, timeout=60_000)
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert ("4 of the 7 events read from event tables are shown but not saved with the "
            "project (a project keeps at most 3 events from tables): open the table file "
            "again with it") in problems
    window.workflow.refresh()
    assert len(window.state.frame) == 7  # still shown after a redraw from the project
    # A row shown but not saved cannot be corrected, and the user is told why (before, the
    # edit was silently lost); a saved row still can be.
    frame = window.state.frame
    saved = set(window.workflow.project.base_events()["event_id"])
    unsaved_id = next(str(e) for e in frame["event_id"] if e not in saved)
    window.state.select(unsaved_id)
    window.workflow.corrections.ask_edit_event()
    assert window.workflow.prompts.errors == [
        "This event is shown but not saved with the project (a project keeps at most 3 "
        "events from event tables), so it cannot be corrected. To correct it, open its "
        "table in a new project on its own, or in parts."]
    with pytest.raises(CorrectionError, match="not saved with the project"):
        window.workflow.corrections.edit_event(unsaved_id, category="protest")
    saved_id = next(str(e) for e in frame["event_id"] if e in saved)
    window.workflow.corrections.edit_event(saved_id, category="protest")
    window.map.wait_ready()
    row = window.state.row_of(saved_id)
    assert row is not None and window.state.frame["category"].iloc[row] == "protest"
    path = tmp_path / "some.sitmap"
    assert window.workflow.save_as(path)
    again = make_window(tmp_path / "two", ask_columns=Asked(None))
    assert again.workflow.open_project(path)
    assert len(again.state.frame) == 3


def test_the_status_bar_counts_every_line_the_problems_panel_shows(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The audit of issue 15: above what a project keeps, the panel showed the "not saved"
    # line while the status bar said "0 problems" (and the line replaced the file's own
    # skipped-row lines). Now the panel keeps both and the status bar counts both.
    import sitmap.gui._workflow as workflow

    monkeypatch.setattr(workflow, "SAVED_TABLE_ROWS", 3)
    window = make_window(tmp_path / "one", ask_columns=Asked(None))
    with qtbot.waitSignal(window.open_paths([ACLED]).finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: len(window.state.frame) == 7, timeout=60_000)
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert problems[0] == f"{ACLED}:8: latitude 95.4569 is outside -90..90; row skipped"
    assert len(problems) == 2 and "shown but not saved with the project" in problems[1]
    assert window.statusBar().currentMessage() == (
        "Read 7 events from event tables, 2 problems")
    assert not window.problems_dock.isHidden()


def test_the_status_bar_counts_a_large_table_with_thousands_separators(
    qtbot, make_window, tmp_path: Path
) -> None:
    from sitmap.events import synthetic_events, write_events

    table = tmp_path / "many.csv"
    write_events(synthetic_events(1_200, seed=5), table, format="csv")
    window = make_window(tmp_path / "w", ask_columns=Asked(None))
    with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
        pass
    qtbot.waitUntil(lambda: len(window.state.frame) == 1_200, timeout=60_000)
    assert "1,200 events from event tables" in window.statusBar().currentMessage()


def test_a_geojson_of_another_tool_asks_for_its_columns_once_and_reads_its_points(
    qtbot, make_window, tmp_path: Path
) -> None:
    # Item 1 of issue 15's audit: the column dialog was for CSV only; a GeoJSON file from
    # another tool (its position in the Point geometry, its own property names) could not
    # be opened. Now it asks with the properties and the point as columns, guessed from
    # their names, and remembers the answer for that header.
    import json

    def write(path: Path, rows: list[tuple[str, float, float, str]]) -> Path:
        features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [x, y]},
                     "properties": {"day": day, "note": note}} for day, y, x, note in rows]
        path.write_text(json.dumps({"type": "FeatureCollection", "features": features}),
                        encoding="utf-8")
        return path

    table = write(tmp_path / "theirs.geojson", [("2023-05-01", 51.5, -0.12, "Strike"),
                                                ("2023-05-02", 48.85, 2.35, "Road closed")])
    start = ColumnMap.guesses(("day", "note", "geometry.lat", "geometry.lon"))
    assert (start["lat"], start["lon"], start["date"], start["text"]) == (
        "geometry.lat", "geometry.lon", "day", "note")
    asked = Asked(ColumnMap(**start))
    window = make_window(tmp_path, ask_columns=asked)
    with qtbot.waitSignal(window.open_paths([table]).finished, timeout=60_000):
        pass
    assert asked.headers == [("day", "note", "geometry.lat", "geometry.lon")]
    frame = window.state.frame
    assert sorted(zip(frame["passage"], frame["lat"], frame["lon"], strict=True)) == [
        ("Road closed", 48.85, 2.35), ("Strike", 51.5, -0.12)]
    window.map.wait_ready()
    assert window.map.evaluate("sitmap.totalCount()") == 2
    other = write(tmp_path / "more.geojson", [("2023-06-01", 40.4, -3.7, "Meeting")])
    again = make_window(tmp_path, ask_columns=Asked(None))
    with qtbot.waitSignal(again.open_paths([other]).finished, timeout=60_000):
        pass
    assert list(again.state.frame["passage"]) == ["Meeting"]


def test_a_table_read_into_a_new_project_is_shown_as_read_kept_up_to_its_limit_and_undone(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user's open of a GeoParquet table in a new project, past what a project keeps:
    the table shows the rows read, in order; the project saves its first rows (with a
    correction made on one of them) and they reopen as shown; undo takes the saved rows
    off. The rows read are shown as they came: not copied into a new table with the unsaved
    ones (concat_tables), and not written into the project's database until it is saved
    (the two made a user's open of a million events about 2.5 s slower)."""
    import pandas as pd
    from pandas.testing import assert_frame_equal

    import sitmap.gui._workflow as workflow
    from sitmap.events import synthetic_events, validate, write_geoparquet
    from sitmap.project import Project

    monkeypatch.setattr(workflow, "SAVED_TABLE_ROWS", 50)
    concatenated: list[int] = []
    concat = workflow.concat_tables

    def counted(parts: list[pd.DataFrame]) -> pd.DataFrame:
        concatenated.append(len(parts))
        return concat(parts)

    monkeypatch.setattr(workflow, "concat_tables", counted)
    table = validate(synthetic_events(120, seed=21))
    path = tmp_path / "events.parquet"
    write_geoparquet(table, path)
    window = make_window(tmp_path / "w", ask_columns=Asked(None))
    statements: list[str] = []
    window.workflow.project._db.set_trace_callback(statements.append)
    window.open_paths([path])
    qtbot.waitUntil(lambda: len(window.state.frame) == 120, timeout=60_000)
    window.map.wait_ready()
    shown = window.state.frame
    assert shown["event_id"].tolist() == table["event_id"].tolist()
    assert shown["category"].tolist() == table["category"].tolist()
    assert shown["lat"].tolist() == table["lat"].tolist()
    assert window.map.evaluate("sitmap.totalCount()") == 120
    problems = [window.problems.item(i).text() for i in range(window.problems.count())]
    assert any(p.startswith("70 of the 120 events read") for p in problems)
    assert concatenated == []
    assert not [s for s in statements if s.startswith("INSERT INTO events")]

    # A correction on a saved row shows, and is saved with the rows the project keeps.
    first = str(table["event_id"].iloc[0])
    other = "protest" if table["category"].iloc[0] != "protest" else "arrest"
    window.workflow.corrections.edit_event(first, category=other)
    window.map.wait_ready()
    assert len(window.state.frame) == 120
    row = window.state.row_of(first)
    assert row is not None and window.state.frame["category"].iloc[row] == other
    saved = tmp_path / "kept.sitmap"
    assert window.workflow.save_as(saved)
    reopened = Project.open(saved).events().reset_index(drop=True)
    assert reopened["event_id"].tolist() == table["event_id"].iloc[:50].tolist()
    assert reopened["category"].iloc[0] == other
    kept = window.state.frame.iloc[:50].reset_index(drop=True)
    assert_frame_equal(reopened, validate(kept))

    # Undo the correction, then the open: the saved rows leave; the unsaved ones stay shown
    # until another project replaces this one (as before).
    window.workflow.undo_stack.undo()
    window.workflow.undo_stack.undo()
    assert window.state.frame["event_id"].tolist() == table["event_id"].iloc[50:].tolist()
    assert window.workflow.project.base_events().empty
    window.workflow.undo_stack.redo()  # the open again, made from the project this time
    assert window.state.frame["event_id"].tolist() == table["event_id"].tolist()
    assert_frame_equal(window.workflow.project.events().reset_index(drop=True),
                       table.iloc[:50].reset_index(drop=True))


def test_the_rows_read_past_what_a_project_keeps_are_not_held_twice(
    qtbot, make_window, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once a table larger than what a project keeps is shown, the window holds its rows
    in the view (Arrow text) and the project's rows in arrays of their own: not the arrays
    the rows were read into. Before, the open's undo step and the project kept a slice of
    them, and with it every row's text read (1,867 against 1,136 MiB of the window's
    process after a user's open of a million events)."""
    import gc
    import weakref

    import sitmap.gui._workflow as workflow
    from sitmap.events import synthetic_events, validate
    from sitmap.pipeline import Loaded

    monkeypatch.setattr(workflow, "SAVED_TABLE_ROWS", 50)
    window = make_window(tmp_path / "w", ask_columns=Asked(None))
    frame = validate(synthetic_events(120, seed=23))
    ids = frame["event_id"].tolist()
    cells = frame["event_id"].array._ndarray  # the text objects' array, Python storage
    read = weakref.ref(cells)
    window.show_loaded(Loaded(frame, [], table_events=len(frame)))
    del frame, cells
    gc.collect()
    window.map.wait_ready()
    assert window.state.frame["event_id"].tolist() == ids
    assert window.workflow.project.base_events()["event_id"].tolist() == ids[:50]
    assert read() is None, "the array the rows were read into is still held"


def test_the_town_list_is_read_in_the_background_once_the_first_page_is_ready(
    qtbot, make_window, tmp_path: Path
) -> None:
    """The first file opened must not wait for the gazetteer's town list (the map's names):
    once the first page is ready, a background thread has read it for the process."""
    from sitmap.mapping import _labels

    _labels._cities.cache_clear()
    window = make_window(tmp_path)
    window.map.wait_ready()
    qtbot.waitUntil(lambda: _labels._cities.cache_info().currsize == 1, timeout=30_000)
    assert len(_labels._cities()) > 1000
