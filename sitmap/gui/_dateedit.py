"""A date field that takes a whole ISO date typed or pasted, as well as arrows and calendar.

Qt's QDateEdit edits one section at a time: typing "2022-01-05" into it, with the cursor
wherever a click left it or with the text selected, leaves some other date. Here typed
digits and dashes are collected as one piece of text, shown as typed, and taken as the
date once they form one (ten characters), on Enter, Tab or when the field loses focus; text
that is no date in range puts the previous date back. Arrow keys and the calendar work as
in QDateEdit.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QFocusEvent, QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QDateEdit, QWidget

from sitmap.gui._state import signals_blocked

__all__ = ["IsoDateEdit", "parse_iso_day"]

_ISO_LENGTH = len("2022-01-05")
_TYPED = frozenset("0123456789-")


def parse_iso_day(text: str) -> QDate | None:
    """The day ``text`` names as ``yyyy-mm-dd`` (surrounding spaces allowed), ``None`` when it
    names none."""
    try:
        day = dt.date.fromisoformat(text.strip())
    except ValueError:
        return None
    if len(text.strip()) != _ISO_LENGTH:
        return None  # fromisoformat also reads "20220105", which nobody types here
    return QDate(day.year, day.month, day.day)


class IsoDateEdit(QDateEdit):
    """A ``yyyy-MM-dd`` date field with a calendar; see the module docstring for typing."""

    def __init__(self, day: QDate | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if day is not None:
            self.setDate(day)
        self.setCalendarPopup(True)
        self.setDisplayFormat("yyyy-MM-dd")
        self.setToolTip("Type a date as 2022-01-05, or use the arrow keys or the calendar")
        self._typed: str | None = None

    @property
    def typing(self) -> str | None:
        """The text typed so far and not yet taken as the date, ``None`` when none."""
        return self._typed

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        plain = not event.modifiers() & ~(
            Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.KeypadModifier
        )
        if plain and len(text) == 1 and text in _TYPED:
            self._type((self._typed or "") + text)
            event.accept()
            return
        if event.matches(QKeySequence.StandardKey.Paste):
            self._type(QGuiApplication.clipboard().text().strip())
            self.take_typed()
            event.accept()
            return
        if self._typed is not None and event.key() == Qt.Key.Key_Backspace:
            self._type(self._typed[:-1])
            event.accept()
            return
        if self._typed is not None and event.key() == Qt.Key.Key_Escape:
            self._typed = None
            self._show(self.date())
            event.accept()
            return
        self.take_typed()
        super().keyPressEvent(event)  # arrows; Enter goes on to the dialog's OK

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.take_typed()
        super().focusOutEvent(event)

    def take_typed(self) -> None:
        """Take the text typed so far as the date, or put the date back when it is none."""
        typed, self._typed = self._typed, None
        if typed is None:
            return
        day = parse_iso_day(typed)
        if day is not None and self.minimumDate() <= day <= self.maximumDate():
            self.setDate(day)
        self._show(self.date())

    def _type(self, typed: str) -> None:
        self._typed = typed
        self._set_text(typed)  # shown as typed; the date changes only once taken
        if len(typed) >= _ISO_LENGTH:
            self.take_typed()

    def _show(self, day: QDate) -> None:
        self._set_text(day.toString("yyyy-MM-dd"))
        self.setCurrentSection(QDateEdit.Section.DaySection)  # arrows step days next

    def _set_text(self, text: str) -> None:
        # Neither the spin box (textChanged) nor its section validator may rewrite the
        # text being typed into some other date.
        edit = self.lineEdit()
        validator = edit.validator()
        edit.setValidator(None)  # type: ignore[arg-type]  # None removes it (Qt docs)
        try:
            with signals_blocked(edit):
                edit.setText(text)
                edit.setCursorPosition(len(text))
        finally:
            edit.setValidator(validator)
