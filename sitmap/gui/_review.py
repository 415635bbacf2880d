"""The Review panel: the rows most likely to be wrong, riskiest first, each with its reasons
in words (the table's ``review_risk`` and ``review_reasons``), worked through by keyboard.

Keys on the list: **A** or **Return** accepts the row (marks it reviewed; it leaves the
list), **F** fixes its place (the "choose another place" dialog), **E** edits its date and
category, **N** or **Down** goes to the next row. The panel only asks: the window turns its
signals into the project's commands, so the marks are undoable and saved with the project.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from PySide6.QtCore import Qt, Signal, SignalInstance
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from sitmap.events import place_label
from sitmap.gui._state import AppState, signals_blocked

__all__ = ["ReviewPanel"]

_EVENT_ID = Qt.ItemDataRole.UserRole


class _QueueList(QListWidget):
    """The queue's list: its keys become the panel's requests."""

    def __init__(self, panel: ReviewPanel) -> None:
        super().__init__(panel)
        self._panel = panel

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
        self.list.currentItemChanged.connect(self._on_current)
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
        return [str(self.list.item(i).data(_EVENT_ID)) for i in range(self.list.count())]

    def current(self) -> str:
        """The event id of the current row, ``""`` for none. Raises nothing."""
        item = self.list.currentItem()
        return "" if item is None else str(item.data(_EVENT_ID))

    def reload(self, reviewed: frozenset[str]) -> None:
        """List the rows of the state's table whose ids are not in ``reviewed``, riskiest
        first (ties in table order), keeping the current row when it is still listed, else
        the one that took its place. Raises nothing."""
        frame = self._state.frame
        keep_row = max(0, self.list.currentRow())
        keep_id = self.current()
        self._reviewed = reviewed
        todo = frame.loc[~frame["event_id"].isin(reviewed)] if len(frame) else frame
        order = np.argsort(-todo["review_risk"].to_numpy(dtype=float, na_value=0.0),
                           kind="stable") if len(todo) else np.zeros(0, dtype=int)
        with signals_blocked(self.list):
            self.list.clear()
            for i in order:
                row = todo.iloc[int(i)]
                self.list.addItem(_item(row))
        self.summary.setText(
            f"{len(todo)} of {len(frame)} events to review, riskiest first"
            if len(frame) else "No events to review")
        ids = self.queue()
        if ids:
            row = ids.index(keep_id) if keep_id in ids else min(keep_row, len(ids) - 1)
            with signals_blocked(self.list):
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

    def _on_current(self, item: QListWidgetItem | None, _previous: object) -> None:
        if item is not None:
            self._state.select(str(item.data(_EVENT_ID)), origin="review")


def _item(row: pd.Series) -> QListWidgetItem:
    """One queue line: risk, toponym, place and the reasons in words (plain text)."""
    reasons = str(row["review_reasons"]) or "no particular reason"
    place = place_label(str(row["place"]), str(row["place_context"]))
    # A figure of no single place has no name and no place; its first reason says so.
    said = f"{row['toponym_text']} → {place}: {reasons}" if place else reasons
    item = QListWidgetItem(f"{float(row['review_risk']):.2f}  {said}")
    item.setData(_EVENT_ID, str(row["event_id"]))
    item.setToolTip(str(row["passage"]))
    return item
