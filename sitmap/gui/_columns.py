"""The column-mapping dialog: which columns of an event table of unknown layout (CSV, JSON
Lines, GeoJSON properties and point, Parquet) hold latitude,
longitude and date (and, if the user likes, notes, place, category...), remembered per
header in the window's settings."""

from __future__ import annotations

import json
from collections.abc import Sequence

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from sitmap._untrusted import UntrustedDataError, loads_json
from sitmap.events import ColumnMap, header_key

__all__ = ["ColumnDialog", "ask_columns", "remembered_columns", "remember_columns"]

_NONE = "(none)"
_LABELS = {
    "lat": "Latitude",
    "lon": "Longitude",
    "date": "Date",
    "end": "End date",
    "text": "Notes (shown as the passage)",
    "place": "Place name",
    "category": "Category",
    "source": "Source",
    "title": "Title",
    "id": "Event id",
    "killed": "Killed (fatalities)",
}
_REQUIRED = ("lat", "lon", "date")
_PREFIX = "tableColumns/"


class ColumnDialog(QDialog):
    """Asks which columns of ``header`` hold what, starting from ``start`` (a remembered
    map) or from the columns' names (:meth:`ColumnMap.guesses`). OK is enabled once
    latitude, longitude and date each name a column."""

    def __init__(self, path: str, header: Sequence[str], start: ColumnMap | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Columns of an event table")
        self._header = tuple(header)
        chosen = start.to_dict() if start is not None else ColumnMap.guesses(header)
        layout = QVBoxLayout(self)
        intro = QLabel(f"{path}\nsitmap does not know this table's layout. Which columns "
                       "hold each event's position and date?", self)
        intro.setTextFormat(Qt.TextFormat.PlainText)  # a file name is never markup
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for key in ColumnMap.KEYS:
            box = QComboBox(self)
            if key not in _REQUIRED:
                box.addItem(_NONE, "")
            for column in self._header:
                box.addItem(column, column)
            wanted = chosen.get(key, "")
            at = box.findData(wanted) if wanted else (-1 if key in _REQUIRED else 0)
            box.setCurrentIndex(at)
            box.currentIndexChanged.connect(self._check)
            self.boxes[key] = box
            form.addRow(_LABELS[key] + (" *" if key in _REQUIRED else ""), box)
        layout.addLayout(form)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self._check()

    def _check(self) -> None:
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setEnabled(all(self.boxes[k].currentIndex() >= 0 for k in _REQUIRED))

    def column_map(self) -> ColumnMap | None:
        """The map chosen, or ``None`` while latitude, longitude or date is unset."""
        values = {k: str(box.currentData() or "") for k, box in self.boxes.items()}
        if not all(values[k] for k in _REQUIRED):
            return None
        return ColumnMap(**values)


def remembered_columns(settings: QSettings | None, header: Sequence[str]) -> ColumnMap | None:
    """The column map remembered for this header, ``None`` when there is none or what is
    stored is not a usable map (it is then asked for again). Raises nothing."""
    if settings is None:
        return None
    stored = settings.value(_PREFIX + header_key(header))
    if not isinstance(stored, str):
        return None
    try:
        value = loads_json(stored, what="a remembered column map", max_bytes=16_384)
    except UntrustedDataError:
        return None
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and k in ColumnMap.KEYS and isinstance(v, str)
            for k, v in value.items()):
        return None
    try:
        mapping = ColumnMap(**value)
    except TypeError:  # lat, lon or date missing
        return None
    return mapping if not mapping.missing_in(header) and all(
        getattr(mapping, k) for k in _REQUIRED) else None


def remember_columns(settings: QSettings | None, header: Sequence[str],
                     mapping: ColumnMap) -> None:
    """Remember ``mapping`` for files with this header. Raises nothing."""
    if settings is not None:
        settings.setValue(_PREFIX + header_key(header), json.dumps(mapping.to_dict()))
        settings.sync()


def ask_columns(parent: QWidget, path: str, header: Sequence[str],
                start: ColumnMap | None) -> ColumnMap | None:
    """Show the :class:`ColumnDialog` (modal); the map chosen, ``None`` when cancelled."""
    dialog = ColumnDialog(path, header, start, parent)
    try:
        return dialog.column_map() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
