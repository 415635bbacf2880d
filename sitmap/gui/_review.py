"""The Review panel: the rows most likely to be wrong, riskiest first, each with its reasons
in words (the table's ``review_risk`` and ``review_reasons``), worked through by keyboard.

Keys on the list: **A** or **Return** accepts the row (marks it reviewed; it leaves the
list), **F** fixes its place (the "choose another place" dialog), **E** edits its date and
category, **N** or **Down** goes to the next row. The panel only asks: the window turns its
signals into the project's commands, so the marks are undoable and saved with the project.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
    SignalInstance,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sitmap.events import place_label
from sitmap.gui._state import AppState, signals_blocked

__all__ = ["ReviewPanel"]

_EVENT_ID = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class _QueueModel(QAbstractListModel):
    """The queue's rows: positions into the shown table, riskiest first. A line's text is
    made only when the view asks for it (the rows in sight), so a table of a million rows
    costs two arrays here, not a million items."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self._frame = pd.DataFrame()
        self._rows = np.zeros(0, dtype=np.int64)

    def set_rows(self, frame: pd.DataFrame, rows: np.ndarray) -> None:
        """List ``frame``'s rows at the positions ``rows``, in that order."""
        self.beginResetModel()
        self._frame, self._rows = frame, rows
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's API
        return 0 if parent.isValid() else len(self._rows)

    def event_id(self, row: int) -> str:
        """The event id of queue line ``row`` (``""`` outside the queue)."""
        if not 0 <= row < len(self._rows):
            return ""
        return str(self._frame["event_id"].iat[int(self._rows[row])])

    def position(self, event_id: str) -> int:
        """The queue line of ``event_id``, -1 when it is not listed."""
        if not event_id or not len(self._rows):
            return -1
        hits = np.flatnonzero((self._frame["event_id"] == event_id).to_numpy(dtype=bool))
        if not len(hits):
            return -1
        where = np.flatnonzero(np.isin(self._rows, hits))
        return int(where[0]) if len(where) else -1

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        at = int(self._rows[index.row()])
        frame = self._frame
        if role == Qt.ItemDataRole.DisplayRole:
            return _line(frame, at)
        if role == Qt.ItemDataRole.ToolTipRole:
            return str(frame["passage"].iat[at])
        if role == _EVENT_ID:
            return str(frame["event_id"].iat[at])
        return None


@dataclass(frozen=True)
class _Line:
    """One queue line as a list item offers it (what callers of ``item(i)`` read)."""

    model: _QueueModel
    row: int

    def text(self) -> str:
        """The line's text."""
        return str(self.model.data(self.model.index(self.row), Qt.ItemDataRole.DisplayRole))

    def data(self, role: int) -> object:
        """The line's data for ``role``."""
        return self.model.data(self.model.index(self.row), role)


class _QueueList(QTableView):
    """The queue's list, one line per row: its keys become the panel's requests.

    A table view of one column with no headers or grid, so it looks like a list. Not a
    QListView: that lays out every row after each reset (it asks the model for an index per
    row, ~1 s a million rows, on every refresh, even behind another tab), where a table
    view's rows of one fixed height cost nothing until they are in sight."""

    def __init__(self, panel: ReviewPanel) -> None:
        super().__init__(panel)
        self._panel = panel
        self.queue_model = _QueueModel(self)
        self.setModel(self.queue_model)
        self.horizontalHeader().hide()
        self.horizontalHeader().setStretchLastSection(True)
        rows = self.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.setShowGrid(False)
        self.setWordWrap(False)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)  # Tab leaves the list, as it leaves a list view

    def count(self) -> int:
        """The number of queue lines."""
        return self.queue_model.rowCount()

    def item(self, row: int) -> _Line:
        """Queue line ``row`` (its ``text()`` and ``data(role)``)."""
        return _Line(self.queue_model, row)

    def currentRow(self) -> int:
        """The current line, -1 for none."""
        index = self.currentIndex()
        return index.row() if index.isValid() else -1

    def setCurrentRow(self, row: int) -> None:
        """Make line ``row`` current (and selected)."""
        self.setCurrentIndex(self.queue_model.index(row))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_A, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._panel.accept_current()
        elif key == Qt.Key.Key_F:
            self._panel.ask(self._panel.fixRequested)
        elif key == Qt.Key.Key_E:
            self._panel.ask(self._panel.editRequested)
        elif key == Qt.Key.Key_N:
            self._panel.next()
        else:
            super().keyPressEvent(event)


class ReviewPanel(QWidget):
    """The review queue over ``state``: the shown table's rows not yet reviewed, riskiest
    first. Call :meth:`reload` with the reviewed event ids whenever the table or the marks
    change.

    Signals (each with the event id of the current row, which is also selected in
    ``state`` first, so the correction dialogs act on it):
        acceptRequested: mark the row reviewed.
        fixRequested: open the dialog that chooses another place.
        editRequested: open the dialog that edits the date and category.
    """

    acceptRequested = Signal(str)
    fixRequested = Signal(str)
    editRequested = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.list = _QueueList(self)
        self.list.selectionModel().currentChanged.connect(self._on_current)
        help_text = QLabel("A accept · F fix place · E edit date/category · N next", self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.summary)
        layout.addWidget(self.list, 1)
        layout.addWidget(help_text)
        self._reviewed: frozenset[str] = frozenset()
        self.reload(frozenset())

    def queue(self) -> list[str]:
        """The event ids listed, in queue order (riskiest first). Raises nothing."""
        model = self.list.queue_model
        return [model.event_id(i) for i in range(model.rowCount())]

    def current(self) -> str:
        """The event id of the current row, ``""`` for none. Raises nothing."""
        return self.list.queue_model.event_id(self.list.currentRow())

    def reload(self, reviewed: frozenset[str]) -> None:
        """List the rows of the state's table whose ids are not in ``reviewed``, riskiest
        first (ties in table order), keeping the current row when it is still listed, else
        the one that took its place. Raises nothing."""
        frame = self._state.frame
        keep_row = max(0, self.list.currentRow())
        keep_id = self.current()
        self._reviewed = reviewed
        # Positions into the shown table: no copy of it and no object per row.
        todo = np.zeros(0, dtype=np.int64)
        order = todo
        if len(frame):
            todo = np.flatnonzero(~frame["event_id"].isin(reviewed).to_numpy(dtype=bool))
            risk = frame["review_risk"].to_numpy(dtype=float, na_value=0.0)[todo]
            order = todo[np.argsort(-risk, kind="stable")].astype(np.int64)
        with signals_blocked(self.list.selectionModel()):
            self.list.queue_model.set_rows(frame, order)
        self.summary.setText(
            f"{len(todo):,} of {len(frame):,} events to review, riskiest first"
            if len(frame) else "No events to review")
        count = self.list.count()
        if count:
            row = self.list.queue_model.position(keep_id)
            if row < 0:
                row = min(keep_row, count - 1)
            with signals_blocked(self.list.selectionModel()):
                self.list.setCurrentRow(row)

    def accept_current(self) -> None:
        """Ask to mark the current row reviewed (``acceptRequested``). Raises nothing."""
        self.ask(self.acceptRequested)

    def next(self) -> None:
        """Go to the next row (the first after the last), selecting it. Raises nothing."""
        if self.list.count():
            self.list.setCurrentRow((self.list.currentRow() + 1) % self.list.count())

    def ask(self, signal: SignalInstance) -> None:
        """Select the current row in the state and emit ``signal`` with its event id
        (nothing when the list is empty). Raises nothing."""
        event_id = self.current()
        if event_id:
            self._state.select(event_id, origin="review")
            signal.emit(event_id)

    def show_current(self) -> None:
        """Show the current line's row on the map and in the article panel (select it in
        the state), as moving to a line does. The window calls this when the panel's tab
        comes to the front: the highlighted line is the row the keys act on, so nothing
        else should be in view. Raises nothing."""
        event_id = self.current()
        if event_id and event_id != self._state.selected:
            self._state.select(event_id, origin="review")

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        event_id = self.list.queue_model.event_id(current.row())
        if event_id:
            self._state.select(event_id, origin="review")


def _line(frame: pd.DataFrame, at: int) -> str:
    """Queue line of ``frame``'s row at position ``at``: risk, toponym, place and the
    reasons in words (plain text)."""
    def cell(column: str) -> object:
        return frame[column].iat[at]

    reasons = str(cell("review_reasons")) or "no particular reason"
    place = place_label(str(cell("place")), str(cell("place_context")))
    # A figure of no single place has no name and no place; its first reason says so.
    said = f"{cell('toponym_text')} → {place}: {reasons}" if place else reasons
    return f"{float(cell('review_risk')):.2f}  {said}"  # type: ignore[arg-type]
