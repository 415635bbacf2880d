"""The event table: one row per visible event, sortable, with a text and a category filter.

The model lists only the rows the state shows, in the user's sort order, both computed with
numpy over whole columns. (A QSortFilterProxyModel would call back into Python once per row
to filter and once per comparison to sort: seconds at 100,000 events.)
"""

from __future__ import annotations

import html
import re

import numpy as np
import pandas as pd
from PySide6.QtCore import (
    QAbstractTableModel,
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from sitmap.events import CATEGORIES, ROLES, event_sources, place_label
from sitmap.gui._state import AppState, signals_blocked
from sitmap.viewmodel import TextCells
from sitmap.viewmodel import date_labels as _date_labels

__all__ = ["EventTableModel", "EventTable", "COLUMN_TITLES"]

# (title, frame column that sorts it)
_COLUMNS: tuple[tuple[str, str], ...] = (
    ("Date", "date_start"),
    ("Place", "place"),
    ("Precision", "kind"),
    ("Role", "role"),
    ("Category", "category"),
    ("Passage", "passage"),
    ("Source", "source"),
    ("Confidence", "confidence"),
)
COLUMN_TITLES: tuple[str, ...] = tuple(title for title, _ in _COLUMNS)
# What a column's figure means, shown over its header.
_HEADER_TIPS: dict[str, str] = {
    "confidence": "The chance that the row is right (place, date, category and figures), "
                  "calibrated on an annotated event set; 1.00: set by an analyst. "
                  "The Review panel lists the least confident rows first.",
}
# The place cell of a row that has none (place_basis "unknown": not on the map).
PLACE_UNKNOWN = "place unknown"
_ALL_CATEGORIES = "All categories"
_ALL_SOURCES = "All sources"
_NO_SOURCE = "(no source named)"
_ALL_ROLES = "All roles"
_LABEL_BLOCK = 256  # table rows whose dates are put into words together
_SPACES = re.compile(r"\s+")
_DAY_NS = 86_400_000_000_000
_UNDATED = pd.Timestamp.max.value  # the sort key of a row without a date


def _stable_order(key: np.ndarray) -> np.ndarray:
    """``np.argsort(key, kind="stable")``. A date key of whole days (undated rows at
    ``Timestamp.max``) spanning fewer than 65,535 days is sorted as 16-bit day numbers,
    which numpy sorts by radix: the same order, about half the time at 5M rows."""
    if key.dtype == np.dtype("datetime64[ns]") and len(key):
        ns = key.view(np.int64)
        undated = ns == _UNDATED
        dated = ns[~undated]
        if len(dated):
            first = int(dated.min())
            if (int(dated.max()) - first) // _DAY_NS < 65_535 and not (
                    (dated - first) % _DAY_NS).any():
                days = np.full(len(ns), 65_535, dtype=np.uint16)
                days[~undated] = (dated - first) // _DAY_NS
                return np.argsort(days, kind="stable")
    return np.argsort(key, kind="stable")

_Index = QModelIndex | QPersistentModelIndex


def _text_rank(values: pd.Series) -> np.ndarray:
    """Per row, the rank of its text among the column's distinct texts compared
    ``casefold()``-ed (texts equal once folded share a rank): sorting rows by it gives the
    order that sorting their folded texts gives. Integers, not a folded ``str`` per row, so
    the key a sorted column keeps is 8 bytes a row (a million passages folded were about
    100 MB). Raises nothing for a column of text."""
    codes, uniques = pd.factorize(values)
    folded = np.array([str(u).casefold() for u in uniques], dtype=object)
    _, rank = np.unique(folded, return_inverse=True)
    key: np.ndarray = np.asarray(rank, dtype=np.int64)[codes]
    return key


class EventTableModel(QAbstractTableModel):
    """Rows are the state's visible events; :meth:`event_id` maps a row back to its event.

    Cell text is plain text (Qt does not interpret it), so markup in a passage shows as typed.
    """

    def __init__(self, state: AppState) -> None:
        super().__init__(state)
        self._state = state
        self._sort_column = 0
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._cells: list[TextCells | np.ndarray] = []
        self._ids = TextCells(pd.Series([], dtype="string"))
        self._rows = np.zeros(0, dtype=np.int64)
        self._rank = np.zeros(0, dtype=np.int64)
        state.dataChanged.connect(self._reload)
        state.rangeChanged.connect(self._refilter)
        state.filterChanged.connect(self._refilter)
        self._reload()

    def _reload(self) -> None:
        frame = self._state.frame
        # Dates, places, passages and confidences are put into words per cell shown
        # (_text), not for every row: no Python object per row (19 s at a million rows).
        # Text cells are read one at a time from the frame's columns, whatever their
        # storage (the view model keeps unique texts in Arrow): nothing per row here.
        self._dates = frame.loc[:, ["date_start", "date_end", "date_precision"]]
        self._date_text: dict[int, str] = {}
        self._cells = [
            np.zeros(0),  # the date: _date_label
            TextCells(frame["place"]),
            TextCells(frame["kind"]),
            TextCells(frame["role"]),
            TextCells(frame["category"]),
            TextCells(frame["passage"]),
            TextCells(frame["source"]),
            frame["confidence"].to_numpy(dtype=float),
        ]
        self._contexts = TextCells(frame["place_context"])
        self._ids = TextCells(frame["event_id"])
        self._sort_keys: dict[int, np.ndarray] = {}  # made when a column is first sorted
        self._resort()

    def _sort_key(self, column: int) -> np.ndarray:
        if column not in self._sort_keys:
            name = _COLUMNS[column][1]
            values = self._state.frame[name]
            if name == "date_start":
                # Undated rows sort last, whatever the direction of the other rows.
                key = values.fillna(pd.Timestamp.max).to_numpy(dtype="datetime64[ns]")
            elif name == "confidence":
                key = values.to_numpy(dtype=float)
            else:
                key = _text_rank(values)
            self._sort_keys[column] = key
        return self._sort_keys[column]

    def _resort(self) -> None:
        if len(self._ids):
            order = _stable_order(self._sort_key(self._sort_column))
            if self._sort_order == Qt.SortOrder.DescendingOrder:
                order = order[::-1]
        else:
            order = np.zeros(0, dtype=np.int64)
        self._rank = order
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        visible = self._state.visible
        self._rows = self._rank[visible[self._rank]] if len(self._rank) else self._rank
        self.endResetModel()

    # -- Qt model API -----------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(_COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid():
            return None
        source = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(index.column(), source)
        if role == Qt.ItemDataRole.ToolTipRole and _COLUMNS[index.column()][1] == "passage":
            # Tooltips are rich text when they look like it: escape, or markup would render.
            return f"<p>{html.escape(self._text(index.column(), source))}</p>"
        if role == Qt.ItemDataRole.TextAlignmentRole and _COLUMNS[index.column()][1] == (
            "confidence"
        ):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def _text(self, column: int, source: int) -> str:
        name = _COLUMNS[column][1]
        if name == "date_start":
            if source not in self._date_text:
                self._label_dates_near(source)
            return self._date_text.get(source) or str(
                _date_labels(self._dates.iloc[[source]])[0])
        value = self._cells[column][source]
        if name == "place":
            if not value:  # a figure of no single place: kept in the table, drawn nowhere
                return PLACE_UNKNOWN
            # The name and its context: three Manchesters are told apart in the table.
            return place_label(str(value), str(self._contexts[source]))
        if name == "passage":
            return _SPACES.sub(" ", str(value))
        if name == "confidence":
            return f"{value:.2f}"
        return str(value)

    def _label_dates_near(self, source: int) -> None:
        # One vectorised call for the rows shown around this one (the view asks for the
        # cells of a screenful in a row), not one per row.
        hits = np.flatnonzero(self._rows == source)
        at = int(hits[0]) if len(hits) else 0
        block = self._rows[at - at % _LABEL_BLOCK : at - at % _LABEL_BLOCK + _LABEL_BLOCK]
        labels = _date_labels(self._dates.iloc[block])
        self._date_text.update(zip(block.tolist(), labels.tolist(), strict=True))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _COLUMNS[section][0]
        if role == Qt.ItemDataRole.ToolTipRole:
            return _HEADER_TIPS.get(_COLUMNS[section][1])
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        self._resort()

    # -- lookups ----------------------------------------------------------------------

    def event_id(self, row: int) -> str:
        """The event shown in ``row``."""
        return self._ids[int(self._rows[row])]

    def row_of(self, event_id: str) -> int | None:
        """The row showing ``event_id``, ``None`` if it is filtered out or unknown."""
        source = self._state.row_of(event_id)
        if source is None:
            return None
        hits = np.flatnonzero(self._rows == source)
        return int(hits[0]) if len(hits) else None


class EventTable(QWidget):
    """The table with its filter line and category chooser."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.model = EventTableModel(state)

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter events by place, passage, title or source")
        self.filter_edit.setClearButtonEnabled(True)
        self.category_box = QComboBox(self)
        self.category_box.addItems([_ALL_CATEGORIES, *CATEGORIES])
        # By source (every source of the data; a merged event counts for each) and by role.
        self.source_box = QComboBox(self)
        self.source_box.setToolTip("Show only the events one source reported")
        self.source_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.source_box.setMinimumContentsLength(12)
        self.role_box = QComboBox(self)
        self.role_box.setToolTip("Show only the places of one role (event, dateline, mention)")
        self.role_box.addItem(_ALL_ROLES, None)
        for role in ROLES:
            self.role_box.addItem(role, role)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setVisible(False)
        self.view.verticalHeader().setDefaultSectionSize(22)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        for column, width in enumerate((130, 130, 70, 70, 150, 540, 190, 80)):
            self.view.setColumnWidth(column, width)

        top = QHBoxLayout()
        top.setContentsMargins(0, 0, 0, 0)
        top.addWidget(self.filter_edit, 3)
        top.addWidget(self.category_box, 1)
        top.addWidget(self.source_box, 1)
        top.addWidget(self.role_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.view)

        # Typing filters after a short pause, not on every key (a filter scans every row).
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(200)
        self._debounce.timeout.connect(lambda: state.set_text(self.filter_edit.text()))
        self.filter_edit.textChanged.connect(self._debounce.start)
        self.category_box.currentTextChanged.connect(self._on_category)
        self.source_box.currentIndexChanged.connect(self._on_source)
        self.role_box.currentIndexChanged.connect(self._on_role)
        state.dataChanged.connect(self._fill_sources)
        self._fill_sources()
        selection = self.view.selectionModel()
        selection.currentRowChanged.connect(self._on_current_row)
        # The state's event is the one selection; a highlight that drifts from it (Qt
        # selecting the row under a press after the rows moved) is put back on it.
        selection.selectionChanged.connect(self._keep_highlight_on_state)
        self.model.modelReset.connect(lambda: self._show_selection(state.selected))
        state.selectionChanged.connect(
            lambda eid, origin: self._show_selection(eid, scroll=origin != "table")
        )
        state.filterChanged.connect(self._sync_controls)

    def _on_category(self, text: str) -> None:
        self._state.set_categories(None if text == _ALL_CATEGORIES else [text])

    def _on_source(self, index: int) -> None:
        source = self.source_box.itemData(index)
        self._state.set_sources(None if source is None else [source])

    def _on_role(self, index: int) -> None:
        role = self.role_box.itemData(index)
        self._state.set_roles(None if role is None else [role])

    def _fill_sources(self) -> None:
        """List the sources of the data (the one chosen kept when it is still there)."""
        with signals_blocked(self.source_box):
            self.source_box.clear()
            self.source_box.addItem(_ALL_SOURCES, None)
            for source in event_sources(self._state.frame):
                self.source_box.addItem(source or _NO_SOURCE, source)
        self._sync_controls()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self._state.select(self.model.event_id(current.row()), origin="table")

    def highlighted_event(self) -> str:
        """The event of the highlighted row, ``""`` when no row is highlighted."""
        rows = self.view.selectionModel().selectedRows()
        return self.model.event_id(rows[0].row()) if rows else ""

    def _keep_highlight_on_state(self) -> None:
        if self.highlighted_event() != self._state.selected:
            self._show_selection(self._state.selected, scroll=False)

    def _show_selection(self, event_id: str, *, scroll: bool = True) -> None:
        # A click in the table selects a row the user can see: scrolling it away while the
        # mouse is still down would put another row under the press, and Qt selects the row
        # under the press once the current row is set.
        selection = self.view.selectionModel()
        row = self.model.row_of(event_id) if event_id else None
        with signals_blocked(selection):
            if row is None:
                selection.clearSelection()
                selection.setCurrentIndex(QModelIndex(), QItemSelectionModel.SelectionFlag.Clear)
            else:
                index = self.model.index(row, 0)
                selection.setCurrentIndex(
                    index,
                    QItemSelectionModel.SelectionFlag.ClearAndSelect
                    | QItemSelectionModel.SelectionFlag.Rows,
                )
                if scroll:
                    self.view.scrollTo(index, QAbstractItemView.ScrollHint.PositionAtCenter)
        self.view.viewport().update()

    def _sync_controls(self) -> None:
        cats = self._state.categories
        label = _ALL_CATEGORIES if cats is None or len(cats) != 1 else next(iter(cats))
        with signals_blocked(self.category_box):
            self.category_box.setCurrentText(label)
        f = self._state.filter
        for box, chosen in ((self.source_box, f.sources), (self.role_box, f.roles)):
            at = box.findData(chosen[0]) if chosen is not None and len(chosen) == 1 else 0
            with signals_blocked(box):
                box.setCurrentIndex(max(at, 0))
        if self.filter_edit.text() != self._state.text and not self._debounce.isActive():
            with signals_blocked(self.filter_edit):
                self.filter_edit.setText(self._state.text)

    def focus_filter(self) -> None:
        """Put the cursor in the filter line, its text selected (Find)."""
        self.filter_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.filter_edit.selectAll()
