"""The Review panel in the real window (offscreen): rows riskiest first with reasons in
words, worked through with the keyboard; accepting marks the row reviewed in the project
(undoable, saved); fix and edit open the correction dialogs on that row; the export can keep
only reviewed rows."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sitmap.gui import prepare_qt

prepare_qt()  # before pytest-qt creates the QApplication

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from test_gui_workflow import make_window, show  # noqa: E402, F401

from sitmap.gui._window import MainWindow  # noqa: E402
from sitmap.project import Project  # noqa: E402

pytestmark = pytest.mark.gui


@pytest.fixture
def window(make_window, tmp_path: Path) -> MainWindow:  # noqa: F811
    return make_window(tmp_path)


def test_the_queue_lists_rows_riskiest_first_with_reasons(window, seeds) -> None:
    show(window, seeds)
    panel = window.review
    frame = window.state.frame.set_index("event_id")
    queue = panel.queue()
    assert sorted(queue) == sorted(frame.index)
    risks = [frame.loc[e, "review_risk"] for e in queue]
    assert risks == sorted(risks, reverse=True) and risks[0] > risks[-1]
    first = panel.list.item(0).text()
    reason = str(frame.loc[queue[0], "review_reasons"]).split("; ")[0]
    assert reason and reason in first and "no particular reason" not in first
    # The riskiest quarter says why, line by line (audit au13e D2).
    for row in range(len(queue) // 4):
        assert "no particular reason" not in panel.list.item(row).text()
    assert "events to review" in panel.summary.text()


def test_keys_accept_next_fix_and_edit(window, seeds, tmp_path: Path, monkeypatch) -> None:
    show(window, seeds)
    panel = window.review
    window.review_dock.raise_()
    panel.list.setFocus()
    first, second, third = panel.queue()[:3]
    assert panel.current() == first

    QTest.keyClick(panel.list, Qt.Key.Key_A)
    assert first not in panel.queue() and panel.current() == second
    project = window.workflow.project
    assert list(project.events().loc[project.reviewed(), "event_id"]) == [first]
    assert "reviewed" in window.workflow.undo_action.text()

    QTest.keyClick(panel.list, Qt.Key.Key_N)
    assert panel.current() == third and window.state.selected == third

    asked: list[tuple[str, str]] = []
    corrections = window.workflow.corrections
    monkeypatch.setattr(corrections, "ask_choose_place",
                        lambda: asked.append(("place", window.state.selected)))
    monkeypatch.setattr(corrections, "ask_edit_event",
                        lambda: asked.append(("edit", window.state.selected)))
    QTest.keyClick(panel.list, Qt.Key.Key_F)
    QTest.keyClick(panel.list, Qt.Key.Key_E)
    assert asked == [("place", third), ("edit", third)]

    # Undo takes the mark back: the row returns to the queue.
    window.workflow.undo_stack.undo()
    assert first in panel.queue() and not project.reviewed().any()
    window.workflow.undo_stack.redo()
    assert first not in panel.queue()

    # Saved with the project; the export can leave out the unreviewed rows.
    path = window.workflow.project.save(tmp_path / "reviewed.sitmap")
    reopened = Project.open(path)
    assert list(reopened.events().loc[reopened.reviewed(), "event_id"]) == [first]
    out = tmp_path / "reviewed.csv"
    window.export(out, reviewed_only=True)
    with out.open(encoding="utf-8") as f:
        assert [r["event_id"] for r in csv.DictReader(f)] == [first]


def test_the_queue_of_a_large_table_makes_only_the_lines_in_sight(qtbot, monkeypatch) -> None:
    # The queue lists positions into the shown table and makes a line's text only when it
    # is in sight: before, it made a list item (and a pandas row) for every event, which
    # took seconds at 10,000 events and minutes at a million, on every refresh.
    import sitmap.gui._review as review
    from sitmap.events import synthetic_events
    from sitmap.gui._state import AppState

    made: list[str] = []
    label = review.place_label

    def counted(place: str, context: str) -> str:
        made.append(place)
        return label(place, context)

    monkeypatch.setattr(review, "place_label", counted)
    rows = 20_000
    state = AppState()
    state.set_data(synthetic_events(rows, seed=3), [])
    panel = review.ReviewPanel(state)
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    qtbot.waitExposed(panel)
    panel.reload(frozenset())
    qtbot.wait(50)
    assert 0 < len(made) < 500  # the lines in sight (and a few Qt measures), not 20,000
    queue = panel.queue()
    assert len(queue) == rows == panel.list.count()
    risks = state.frame.set_index("event_id").loc[queue[:50], "review_risk"].tolist()
    assert risks == sorted(risks, reverse=True)
    assert panel.list.item(0).text().startswith(f"{risks[0]:.2f}  ")
    panel.list.setCurrentRow(3)
    assert state.selected == queue[3]


def test_refreshing_the_queue_of_a_large_table_does_not_visit_every_row(qtbot, monkeypatch
                                                                         ) -> None:
    # A list view laid out every line after each reset, asking the model for an index (and
    # so its row count) per line, even behind another tab: about a second at a million
    # events, on every refresh. The queue asks about the lines in sight only.
    import sitmap.gui._review as review
    from sitmap.events import synthetic_events
    from sitmap.gui._state import AppState

    asked: list[int] = []
    count = review._QueueModel.rowCount

    def counted(self, parent=review.QModelIndex()) -> int:  # noqa: B008 - Qt's API
        asked.append(1)
        return count(self, parent)

    monkeypatch.setattr(review._QueueModel, "rowCount", counted)
    rows = 20_000
    state = AppState()
    state.set_data(synthetic_events(rows, seed=5), [])
    panel = review.ReviewPanel(state)
    qtbot.addWidget(panel)
    panel.resize(500, 400)
    panel.show()
    qtbot.waitExposed(panel)
    asked.clear()
    panel.reload(frozenset())
    qtbot.wait(100)
    assert panel.list.count() == rows and panel.current() == panel.queue()[0]
    assert len(asked) < 1_000, f"the model was asked {len(asked):,} times for its row count"


def test_a_fixed_row_leaves_the_queue_and_counts_as_looked_at(
    window, seeds, tmp_path: Path
) -> None:
    """A correction is a look at the row: before, a row fixed from the queue (F, E) stayed
    listed at its old risk, with its old reasons, so every fix needed an A as well, and a
    reviewed-only export left the fixed row out (audit au13e, D6)."""
    show(window, seeds)
    panel = window.review
    first, second = panel.queue()[:2]
    frame = window.state.frame
    before = frame.loc[frame["event_id"] == first].iloc[0]
    assert before["review_risk"] > 0 and before["category"] != "other"
    window.workflow.corrections.edit_event(first, category="other")
    assert first not in panel.queue() and second in panel.queue()
    row = window.state.frame.loc[window.state.frame["event_id"] == first].iloc[0]
    assert (row["corrected"], row["review_risk"], row["review_reasons"]) == (True, 0.0, "")
    out = tmp_path / "reviewed.csv"
    window.export(out, reviewed_only=True)
    with out.open(encoding="utf-8") as f:
        assert [r["event_id"] for r in csv.DictReader(f)] == [first]


def test_opening_the_review_tab_shows_its_first_line_on_the_map_and_in_the_article(
    window, seeds
) -> None:
    """Before, the queue's first line was highlighted when the tab opened while the map and
    the article panel still showed whatever was selected before, until a key was pressed
    (audit au13e, D13)."""
    show(window, seeds)
    panel = window.review
    first = panel.queue()[0]
    other = next(e for e in window.state.frame["event_id"] if e != first)
    window.table_dock.raise_()  # the event table's tab in front, the queue behind it
    window.state.select(other)
    assert window.state.selected == other and panel.current() == first
    window.review_dock.raise_()  # the user opens the Review tab
    assert window.state.selected == first
    # Opening the tab again keeps what the user moved to in the queue.
    panel.next()
    second = panel.current()
    window.table_dock.raise_()
    window.review_dock.raise_()
    assert window.state.selected == second
