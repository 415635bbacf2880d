"""The corrections' dialogs and table marks: choose another place, edit an event, add an
event, and the delegate that draws corrected rows in italics with a ✎ and rows new since
the baseline on a tinted background."""

from __future__ import annotations

import datetime as dt
from typing import Protocol

import pandas as pd
from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from sitmap.events import CATEGORIES, place_label
from sitmap.geocode import fold
from sitmap.gui._dateedit import IsoDateEdit
from sitmap.gui._table import EventTable
from sitmap.model import DATE_PRECISIONS, Candidate, Place

__all__ = [
    "CORRECTED_MARK",
    "AddEventDialog",
    "CandidatesDialog",
    "EditEventDialog",
    "MarkDelegate",
    "Marks",
    "pydate",
]


class Marks(Protocol):
    """Which events the table marks (``sitmap.gui._corrections.Corrections`` is one)."""

    corrected_ids: frozenset[str]
    new_ids: frozenset[str]


CORRECTED_MARK = "✎ "
_NEW_TINT = QColor(255, 236, 160)


class MarkDelegate(QStyledItemDelegate):
    """Draws the event table's cells with the project's marks: corrected rows in italics
    with a ✎ before the first cell, rows new since the baseline on a tinted background."""

    def __init__(self, corrections: Marks, table: EventTable) -> None:
        super().__init__(table.view)
        self._corrections = corrections
        self._table = table

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        event_id = self._table.model.event_id(index.row())
        if event_id in self._corrections.corrected_ids:
            option.font.setItalic(True)
            if index.column() == 0:
                option.text = CORRECTED_MARK + option.text
        if event_id in self._corrections.new_ids:
            option.backgroundBrush = QBrush(_NEW_TINT)


class CandidatesDialog(QDialog):
    """The ranked readings of one toponym, with scores; the current one first.

    After ``exec()``, :meth:`chosen` is the picked place, :attr:`as_rule` says whether it
    is to become a rule for every toponym with this text and :attr:`in_article` whether it
    is for every mention of the text in this article.
    """

    def __init__(
        self,
        surface: str,
        candidates: list[Candidate],
        parent: QWidget,
        *,
        demonym: bool = False,
    ) -> None:
        """``surface`` is the toponym's text; ``demonym`` says it names its place by a
        demonym ("Kazakh"), so a place it reaches under another name is not "also called" it.
        """
        super().__init__(parent)
        self.setWindowTitle(f"Places for “{surface}”")
        # The geoparser lists its choice again among the alternatives: show each place once.
        unique: dict[str, Candidate] = {}
        for candidate in candidates:
            unique.setdefault(candidate.place.id, candidate)
        candidates = list(unique.values())
        self._candidates = candidates
        self.list = QListWidget(self)
        for rank, candidate in enumerate(candidates):
            place = candidate.place
            current = "  (current)" if rank == 0 else ""
            label: str = place.kind
            if place.country_code:
                label += f", {place.context or place.country_code}"
            # A place the text's name reaches as one of its other names says so: "Hamilton —
            # city, New York (also called “Paynesville”)" among the Paynesvilles.
            if not demonym and fold(place.name) != fold(surface):
                label += f" (also called “{surface}”)"
            item = QListWidgetItem(
                f"{candidate.score:.2f}  {place.name} — {label}, "
                f"{place.lat:.3f}, {place.lon:.3f}{current}"
            )
            self.list.addItem(item)
        if len(candidates) > 1:
            self.list.setCurrentRow(1)
        self.article_box = QCheckBox(f"Every mention of “{surface}” in this article", self)
        self.rule_box = QCheckBox(
            f"Every “{surface}” in all articles means this place (make it a rule)", self)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _item: self.accept())
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("Ranked by the geoparser's score:", self))
        layout.addWidget(self.list)
        layout.addWidget(self.article_box)
        layout.addWidget(self.rule_box)
        layout.addWidget(buttons)
        self.resize(520, 360)

    def chosen(self) -> Place | None:
        """The selected place, ``None`` if nothing is selected."""
        row = self.list.currentRow()
        return self._candidates[row].place if 0 <= row < len(self._candidates) else None

    @property
    def as_rule(self) -> bool:
        """Whether the choice should apply to every toponym with the same text."""
        return self.rule_box.isChecked()

    @property
    def in_article(self) -> bool:
        """Whether the choice should apply to every mention of the text in this article."""
        return self.article_box.isChecked()


def _qdate(value: object) -> QDate:
    day = pd.Timestamp(value).date() if not pd.isna(value) else dt.date.today()
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> dt.date:
    """``day`` as a ``datetime.date``."""
    return dt.date(day.year(), day.month(), day.day())


class EditEventDialog(QDialog):
    """Dates, date precision and category of one event."""

    def __init__(self, row: pd.Series, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit event at {place_label(row['place'], row['place_context'])}")
        # Date fields that take a typed ISO date, not only the arrow keys.
        self.start = IsoDateEdit(_qdate(row["date_start"]), self)
        self.end = IsoDateEdit(_qdate(row["date_end"]), self)
        self.precision = QComboBox(self)
        self.precision.addItems(list(DATE_PRECISIONS))
        self.precision.setCurrentText(str(row["date_precision"]))
        self.category = QComboBox(self)
        self.category.addItems(list(CATEGORIES))
        self.category.setCurrentText(str(row["category"]))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("From", self.start)
        form.addRow("To", self.end)
        form.addRow("Date precision", self.precision)
        form.addRow("Category", self.category)
        form.addRow(buttons)

    def values(self) -> dict[str, object]:
        """Keyword arguments for :func:`sitmap.project.edit_event`."""
        start, end = sorted((pydate(self.start.date()), pydate(self.end.date())))
        return {
            "date_start": start,
            "date_end": end,
            "precision": self.precision.currentText(),
            "category": self.category.currentText(),
        }


class AddEventDialog(QDialog):
    """A manual event: place name, passage, day and category (its spot is clicked next)."""

    def __init__(self, day: dt.date, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add an event")
        self.name = QLineEdit(self)
        self.passage = QPlainTextEdit(self)
        self.day = IsoDateEdit(QDate(day.year, day.month, day.day), self)
        self.category = QComboBox(self)
        self.category.addItems(list(CATEGORIES))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Place name", self.name)
        form.addRow("What happened", self.passage)
        form.addRow("Day", self.day)
        form.addRow("Category", self.category)
        form.addRow(QLabel("After OK, click the map where it happened.", self))
        form.addRow(buttons)
