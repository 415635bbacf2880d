"""The time bar under the map: a per-day histogram with two handles, a play button that steps
the range through time (at a chosen speed, by a day or a week, sliding or growing; Space
plays and pauses), and editable start and end dates."""

from __future__ import annotations

import datetime as dt

import numpy as np
from PySide6.QtCore import QDate, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QColor,
    QFont,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
)
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QMenu,
    QStyle,
    QToolButton,
    QWidget,
)

from sitmap.gui._state import AppState, signals_blocked
from sitmap.viewmodel import (
    PLAY_SPEEDS,
    PLAY_STEPS,
    play_interval_ms,
    play_next,
    play_start,
    tick_labels,
)

__all__ = ["HistogramSlider", "TimeBar"]

_BAR_IN = QColor("#3b6ea8")
_BAR_OUT = QColor("#c5ccd6")
_SPAN = QColor(59, 110, 168, 28)
_HANDLE = QColor("#1f3f66")
_HANDLE_GRAB_PX = 8
_MIN_BAR_PX = 3.0


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


class HistogramSlider(QWidget):
    """Bars of events per day (by first day); drag a handle to move one end of the range,
    drag between them to move the whole window; arrow keys shift it. Double-click zooms the
    histogram to the chosen days (and back), for data spread over years."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._counts = np.zeros(1, dtype=np.int64)
        self._view = (0, 0)  # first and last day offset drawn (inclusive)
        self._drag: str | None = None
        self._drag_anchor = (0, 0, 0)
        self.setMinimumHeight(56)
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setToolTip(
            "Drag the handles to choose the days shown, drag between them to move; "
            "double-click to zoom to the chosen days (again to see all)"
        )
        state.dataChanged.connect(self._reset)
        state.filterChanged.connect(self._recount)
        state.rangeChanged.connect(self.update)
        self._reset()

    def sizeHint(self) -> QSize:
        return QSize(600, 64)

    @property
    def counts(self) -> np.ndarray:
        """Events per day from the first day of the data (filters applied, range not)."""
        return self._counts

    @property
    def view(self) -> tuple[dt.date, dt.date]:
        """First and last day the histogram draws."""
        first = self._state.bounds[0]
        return first + dt.timedelta(days=self._view[0]), first + dt.timedelta(days=self._view[1])

    def zoom_to_range(self) -> None:
        """Draw only the chosen days and a margin around them."""
        lo, hi = self._range_offsets()
        pad = max(1, (hi - lo + 1) // 6)
        self._view = (max(0, lo - pad), min(len(self._counts) - 1, hi + pad))
        self.update()

    def show_all(self) -> None:
        """Draw the data's whole span."""
        self._view = (0, len(self._counts) - 1)
        self.update()

    def _reset(self) -> None:
        self._recount()
        self.show_all()

    def _recount(self) -> None:
        first, last = self._state.bounds
        days = (last - first).days + 1
        starts = self._state.frame["date_start"][self._state.filtered].dropna()
        offsets = ((starts - np.datetime64(first)).dt.days).to_numpy(dtype=np.int64)
        self._counts = np.bincount(offsets[(offsets >= 0) & (offsets < days)], minlength=days)
        self.update()

    # -- geometry ---------------------------------------------------------------------

    def _plot(self) -> QRectF:
        return QRectF(self.rect()).adjusted(6, 4, -6, -16)

    def _days_shown(self) -> int:
        return self._view[1] - self._view[0] + 1

    def _day_x(self, offset: float) -> float:
        plot = self._plot()
        return plot.left() + plot.width() * (offset - self._view[0]) / self._days_shown()

    def _offset_at(self, x: float) -> int:
        plot = self._plot()
        raw = int((x - plot.left()) / max(plot.width(), 1.0) * self._days_shown())
        return self._view[0] + max(0, min(self._days_shown() - 1, raw))

    def _range_offsets(self) -> tuple[int, int]:
        first = self._state.bounds[0]
        start, end = self._state.date_range
        return (start - first).days, (end - first).days

    # -- painting ---------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        plot = self._plot()
        painter.fillRect(self.rect(), self.palette().base())
        lo, hi = self._range_offsets()
        x0 = max(plot.left(), self._day_x(lo))
        x1 = min(plot.right(), self._day_x(hi + 1))
        painter.fillRect(QRectF(x0, plot.top(), max(0.0, x1 - x0), plot.height()), _SPAN)

        # Over a long span a day is narrower than a pixel: sum days into bars wide enough
        # to see, keeping their colour by whether they touch the chosen range.
        v0, v1 = self._view
        days = self._days_shown()
        per_bar = max(1, int(np.ceil(_MIN_BAR_PX * days / max(plot.width(), 1.0))))
        bars = np.add.reduceat(self._counts[v0 : v1 + 1], np.arange(0, days, per_bar))
        peak = max(int(bars.max()), 1)
        gap = 1.0 if plot.width() * per_bar / days > 4 else 0.0
        for i, count in enumerate(bars):
            if not count:
                continue
            a, b = v0 + i * per_bar, min(v1 + 1, v0 + (i + 1) * per_bar)
            h = max(2.0, plot.height() * count / peak)
            color = _BAR_IN if a <= hi and b - 1 >= lo else _BAR_OUT
            left = self._day_x(a) + gap / 2
            painter.fillRect(QRectF(left, plot.bottom() - h, self._day_x(b) - left - gap / 2, h),
                             color)

        painter.setPen(QPen(self.palette().mid().color(), 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        self._paint_labels(painter, plot)
        for x, inside in ((x0, lo >= v0), (x1, hi <= v1)):
            style = Qt.PenStyle.SolidLine if inside else Qt.PenStyle.DotLine
            painter.setPen(QPen(_HANDLE, 2, style))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            if inside:
                painter.setBrush(_HANDLE)
                painter.drawRoundedRect(QRectF(x - 4, plot.center().y() - 9, 8, 18), 2, 2)
        painter.end()

    def _paint_labels(self, painter: QPainter, plot: QRectF) -> None:
        first = self._state.bounds[0]
        v0, v1 = self._view
        days = self._days_shown()
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() - 1.5))
        painter.setFont(font)
        painter.setPen(self.palette().text().color())
        for offset, label in tick_labels(first, v0, v1, days, plot.width()):
            painter.drawText(QPointF(self._day_x(offset) + 2, self.height() - 3), label)

    # -- input ------------------------------------------------------------------------

    def mousePressEvent(self, event: QMouseEvent) -> None:
        x = event.position().x()
        lo, hi = self._range_offsets()
        near_lo = abs(x - self._day_x(lo)) <= _HANDLE_GRAB_PX
        near_hi = abs(x - self._day_x(hi + 1)) <= _HANDLE_GRAB_PX
        day = self._offset_at(x)
        if near_hi and (not near_lo or day > lo):
            self._drag = "end"
        elif near_lo:
            self._drag = "start"
        elif lo <= day <= hi:
            self._drag = "window"
        else:
            self._drag = "start" if day < lo else "end"
            self._move_to(x)
        self._drag_anchor = (day, lo, hi)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag:
            self._move_to(event.position().x())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._drag = None

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        if self._view == (0, len(self._counts) - 1):
            self.zoom_to_range()
        else:
            self.show_all()

    def _move_to(self, x: float) -> None:
        lo, hi = self._range_offsets()
        half_day = self._plot().width() / self._days_shown() / 2
        if self._drag == "start":
            lo = min(self._offset_at(x + half_day), hi)
        elif self._drag == "end":
            hi = max(self._offset_at(x - half_day), lo)
        elif self._drag == "window":
            grabbed, lo0, hi0 = self._drag_anchor
            v0, v1 = self._view
            shift = max(v0 - lo0, min(v1 - hi0, self._offset_at(x) - grabbed))
            lo, hi = lo0 + shift, hi0 + shift
        self._set_offsets(lo, hi)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        step = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1}.get(Qt.Key(event.key()))
        if step is None:
            super().keyPressEvent(event)
            return
        lo, hi = self._range_offsets()
        if lo + step >= 0 and hi + step < len(self._counts):
            self._set_offsets(lo + step, hi + step)

    def _set_offsets(self, lo: int, hi: int) -> None:
        first = self._state.bounds[0]
        self._state.set_range(first + dt.timedelta(days=lo), first + dt.timedelta(days=hi))


class TimeBar(QWidget):
    """Play button with its speed, step and "cumulative" choices, start date, histogram
    slider, end date. Space (anywhere in the window but a text field) plays and pauses."""

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self.play_button = QToolButton(self)
        self.play_button.setCheckable(True)
        self.play_button.setToolTip("Play: step the shown days through time (Space)")
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        # Speed, step and cumulative mode in one small menu button ("1× · day"), so the bar
        # stays narrow enough for a small window.
        self.options_button = QToolButton(self)
        self.options_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.options_button.setToolTip("Playback speed, step (a day or a week) and "
                                       "cumulative mode (the shown days grow)")
        menu = QMenu(self.options_button)
        self.speed_actions: dict[float, QAction] = {}
        self.step_actions: dict[str, QAction] = {}
        for title, choices, chosen, store in (
            ("Speed", [(f"{v:g}×", v) for v in PLAY_SPEEDS], 1.0, self.speed_actions),
            ("Step", [(f"By {k}", k) for k in PLAY_STEPS], "day", self.step_actions),
        ):
            menu.addSection(title)
            group = QActionGroup(menu)
            for text, value in choices:
                action = menu.addAction(text)
                action.setCheckable(True)
                action.setChecked(value == chosen)
                action.setData(value)
                group.addAction(action)
                store[value] = action  # type: ignore[index]
            group.triggered.connect(lambda _a: self._options_changed())
        menu.addSeparator()
        self.cumulative_action = menu.addAction("Cumulative: the shown days grow")
        self.cumulative_action.setCheckable(True)
        self.cumulative_action.toggled.connect(lambda _on: self._options_changed())
        self.options_button.setMenu(menu)
        # Space plays and pauses (a text field keeps its spaces: it takes the key first).
        self.play_action = QAction("Play / Pause", self)
        self.play_action.setShortcut(QKeySequence(Qt.Key.Key_Space))
        self.play_action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.play_action.triggered.connect(self.toggle_play)
        self.addAction(self.play_action)
        self.start_edit = QDateEdit(self)
        self.end_edit = QDateEdit(self)
        for edit, tip in ((self.start_edit, "First day shown"), (self.end_edit, "Last day shown")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setToolTip(tip)
        self.slider = HistogramSlider(state, self)
        self.reset_button = QToolButton(self)
        self.reset_button.setText("All dates")
        self.reset_button.setToolTip("Show every day of the data")

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 4, 2)
        layout.addWidget(self.play_button)
        layout.addWidget(self.options_button)
        layout.addWidget(self.start_edit)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.end_edit)
        layout.addWidget(self.reset_button)

        self._timer = QTimer(self)
        self._timer.setInterval(play_interval_ms(1.0))
        self._timer.timeout.connect(self.step_once)
        self._options_changed()
        self.play_button.toggled.connect(self._play)
        self.start_edit.dateChanged.connect(self._on_edit)
        self.end_edit.dateChanged.connect(self._on_edit)
        self.reset_button.clicked.connect(self._show_all)
        state.dataChanged.connect(self._sync)
        state.rangeChanged.connect(self._sync)
        self._sync()

    @property
    def speed(self) -> float:
        """The chosen speed, one of :data:`sitmap.viewmodel.PLAY_SPEEDS`."""
        return next(v for v, a in self.speed_actions.items() if a.isChecked())

    @property
    def step(self) -> str:
        """The chosen step: ``"day"`` or ``"week"``."""
        return next(k for k, a in self.step_actions.items() if a.isChecked())

    @property
    def step_days(self) -> int:
        """Days one step moves (or grows) the range by: 1 or 7."""
        return PLAY_STEPS[self.step]

    @property
    def cumulative(self) -> bool:
        """Whether a step grows the shown days (their first day kept) instead of sliding."""
        return self.cumulative_action.isChecked()

    def _options_changed(self) -> None:
        self._timer.setInterval(play_interval_ms(self.speed))
        grow = " · grow" if self.cumulative else ""
        self.options_button.setText(f"{self.speed:g}× · {self.step}{grow}")

    @property
    def interval_ms(self) -> int:
        """Milliseconds between two steps at the chosen speed."""
        return self._timer.interval()

    @property
    def playing(self) -> bool:
        """Whether playback runs."""
        return self.play_button.isChecked()

    def toggle_play(self) -> None:
        """Play, or pause when playing (the Space key)."""
        self.play_button.toggle()

    def _show_all(self) -> None:
        self.slider.show_all()
        self._state.set_range(*self._state.bounds)

    def _sync(self) -> None:
        first, last = self._state.bounds
        start, end = self._state.date_range
        for edit, day in ((self.start_edit, start), (self.end_edit, end)):
            with signals_blocked(edit):
                edit.setDateRange(_qdate(first), _qdate(last))
                edit.setDate(_qdate(day))

    def _on_edit(self) -> None:
        self._state.set_range(_pydate(self.start_edit.date()), _pydate(self.end_edit.date()))

    def _play(self, playing: bool) -> None:
        pixmap = QStyle.StandardPixmap
        icon = pixmap.SP_MediaPause if playing else pixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        if not playing:
            self._timer.stop()
            return
        # From the whole span (or the end), play step by step from the first day.
        start = play_start(self._state.date_range, self._state.bounds, step_days=self.step_days)
        if start != self._state.date_range:
            self._state.set_range(*start)
        self._timer.start()

    def step_once(self) -> bool:
        """Move (or with "Cumulative" grow) the shown days by one step; at the data's last
        day stop playing instead. Returns whether the range moved."""
        after = play_next(self._state.date_range, self._state.bounds,
                          step_days=self.step_days, cumulative=self.cumulative)
        if after is None:
            self.play_button.setChecked(False)
            return False
        self._state.set_range(*after)
        return True
