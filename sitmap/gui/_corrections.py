"""Corrections in the window: choose another place, not a place, edit an event, rules.

Each edit becomes one ``sitmap.project`` correction or rule pushed on the workflow's undo
stack; dragging a pin on the map is a move-pin correction too. Corrected rows show in the
table in italics with a ✎, rows new since the baseline with a tinted background and a ring
on the map.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import numpy as np
import pandas as pd
from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QWidget

from sitmap.errors import SitmapError
from sitmap.gui._collab import Editor, StatusSink
from sitmap.gui._correction_dialogs import (
    AddEventDialog,
    CandidatesDialog,
    EditEventDialog,
    MarkDelegate,
    pydate,
)
from sitmap.gui._mapview import MapView
from sitmap.gui._rules_panel import RulesPanel
from sitmap.gui._state import AppState
from sitmap.gui._table import EventTable
from sitmap.model import Place
from sitmap.project import (
    AddCorrection,
    AddRule,
    Correction,
    CorrectionError,
    Macro,
    SetBaseline,
    Target,
    add_event,
    add_place,
    choose_place,
    edit_event,
    mentions_in_article,
    move_pin,
    not_a_place,
    promote_to_rule,
)

__all__ = ["Corrections", "MapPicker"]


class MapPicker(QObject):
    """Waits for one click on the map page and hands its latitude and longitude on.

    The page reports no clicks on empty map, so the page's ``sitmap.startPick`` puts a
    one-time handler on its map, and the spot it catches comes back through the bridge
    (:attr:`MapView.mapClicked`) without blocking the window.
    """

    def __init__(self, mapview: MapView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._map = mapview
        self._done: Callable[[float, float], None] | None = None
        mapview.mapClicked.connect(self._on_picked)

    @property
    def waiting(self) -> bool:
        """Whether a click is awaited."""
        return self._done is not None

    def pick(self, done: Callable[[float, float], None]) -> None:
        """Call ``done(lat, lon)`` after the next click on the map (a crosshair shows)."""
        self._done = done
        self._map.start_pick()

    def cancel(self) -> None:
        """Stop waiting; the next click is an ordinary one again."""
        self._done = None
        self._map.stop_pick()

    def _on_picked(self, lat: float, lon: float) -> None:
        done = self._done
        if done is None:
            return
        self.cancel()
        # Out of the page's callback first: the edit reads the map view, which needs the
        # page to answer, and it cannot while this callback runs.
        QTimer.singleShot(0, self, lambda: done(lat, lon))


class Corrections:
    """The Correct menu's actions, the Rules panel and the table marks over an
    :class:`Editor` (the workflow).

    ``state`` is what the window shows, ``mapview`` the map page (pins dragged, spots
    picked, "new since" rings), ``table`` the event table (marks), ``status`` the status
    bar and ``parent`` the dialogs' parent. The window docks :attr:`rules` and puts
    :meth:`actions` in its Correct menu.
    """

    def __init__(self, workflow: Editor, *, state: AppState, mapview: MapView,
                 table: EventTable, status: StatusSink, parent: QWidget) -> None:
        self.workflow = workflow
        self._state = state
        self._map = mapview
        self._table = table
        self._status = status
        self._parent = parent
        self.corrected_ids: frozenset[str] = frozenset()
        self.new_ids: frozenset[str] = frozenset()

        self.rules = RulesPanel(workflow, parent)
        self.picker = MapPicker(mapview, parent)
        mapview.pinDragged.connect(self._on_pin_dragged)
        # A rebuilt page has no rings: "new since" goes back on each time it is ready.
        mapview.mapReady.connect(self._push_new_since)
        self.delegate = MarkDelegate(self, table)
        table.view.setItemDelegate(self.delegate)
        workflow.refreshed.append(self._on_refresh)

    def _action(self, text: str, slot: Callable[[], object],
                shortcut: str | None = None) -> QAction:
        action = QAction(text, self._parent)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def actions(self) -> list[QAction | None]:
        """The Correct menu's items, in order (``None``: a separator); new actions each
        call, their texts the menu's."""
        return [
            self._action("Choose Another &Place…", self.ask_choose_place, "Ctrl+K"),
            self._action("&Not a Place", self.ask_not_a_place, "Ctrl+Shift+K"),
            self._action("Not a Place, Every &Mention in This Article",
                         lambda: self.ask_not_a_place(in_article=True)),
            self._action("&Ignore This Name Everywhere",
                         lambda: self.ask_not_a_place(as_rule=True)),
            self._action("&Edit Date and Category…", self.ask_edit_event, "Ctrl+Shift+E"),
            self._action("&Move Pin (Click the Map)", self.ask_move_pin),
            self._action("Place by &Hand (Name, Click the Map)…", self.ask_add_place),
            self._action("Add E&vent (Click the Map)…", self.ask_add_event),
            None,
            self._action("Mark &Baseline (New Since Now)", self.mark_baseline),
            self._action("&Clear Baseline", self.clear_baseline),
        ]

    # -- marks ------------------------------------------------------------------------

    def _on_refresh(self) -> None:
        frame = self._state.frame
        corrected = frame["corrected"].to_numpy(dtype=bool) if len(frame) else np.zeros(0, bool)
        # Only the corrected rows' ids become Python strings (the view keeps ids in Arrow).
        self.corrected_ids = frozenset(frame["event_id"].array[corrected].tolist())
        project = self.workflow.project
        self.new_ids = (
            frozenset(project.new_since()["event_id"]) if project.baseline else frozenset()
        )
        self.rules.reload()
        self._table.view.viewport().update()
        self._push_new_since()

    def _push_new_since(self) -> None:
        self._map.highlight(sorted(self.new_ids))

    def _on_pin_dragged(self, event_id: str, lat: float, lon: float) -> None:
        # Out of the page's call first: the edit reads the map view, which needs the page
        # to answer.
        QTimer.singleShot(0, self.picker, lambda: self._apply(
            lambda: self.move_pin(event_id, lat=lat, lon=lon)))

    # -- edits (API: used by the menu items and by scripts/tests) ----------------------

    def _target(self, event_id: str) -> Target:
        reason = self.workflow.not_correctable(event_id)
        if reason:
            raise CorrectionError(reason)
        return Target.of_event(self.workflow.frame(), event_id)

    def choose_place(self, event_id: str, place: Place, *, as_rule: bool = False,
                     in_article: bool = False) -> None:
        """Resolve event ``event_id``'s toponym to ``place`` and show it there on the map;
        with ``in_article``, every mention of the same text in its article (one undoable
        step); with ``as_rule``, every toponym with the same text, now and in articles
        added later.

        Raises:
            sitmap.project.CorrectionError: no such event, or its text is unknown (rule).
        """
        correction = choose_place(self._target(event_id), place)
        if as_rule:
            self.workflow.push(AddRule(promote_to_rule(correction, self.workflow.frame())))
        elif in_article:
            self._push_in_article(event_id, lambda target: choose_place(target, place),
                                  f"place → {place.name}")
        else:
            self.workflow.push(AddCorrection(correction))
        self._show_when_ready(event_id)

    def not_a_place(self, event_id: str, *, as_rule: bool = False,
                    in_article: bool = False) -> None:
        """Drop event ``event_id``'s toponym; with ``in_article``, every mention of the same
        text in its article (one undoable step); with ``as_rule``, its text everywhere.

        Raises:
            sitmap.project.CorrectionError: no such event.
        """
        correction = not_a_place(self._target(event_id))
        if as_rule:
            self.workflow.push(AddRule(promote_to_rule(correction, self.workflow.frame())))
        elif in_article:
            self._push_in_article(event_id, not_a_place, "not a place")
        else:
            self.workflow.push(AddCorrection(correction))

    def _push_in_article(self, event_id: str, make: Callable[[Target], Correction],
                         what: str) -> None:
        """One correction per mention of the event's text in its article, as one step."""
        targets = mentions_in_article(self.workflow.frame(), event_id)
        if len(targets) == 1:
            self.workflow.push(AddCorrection(make(targets[0])))
            return
        label = (f"Correct {len(targets)} mentions of “{targets[0].surface.strip()}” in "
                 f"this article: {what}")
        self.workflow.push(Macro(label, [AddCorrection(make(t)) for t in targets]))

    def _show_when_ready(self, event_id: str) -> None:
        """Take the map to the event once the page shows the corrected table (after the
        analyst's view is put back, which would otherwise leave the new place off-screen)."""
        mapview = self._map
        if mapview.is_ready:
            mapview.show_event(event_id)
            return

        def show() -> None:
            mapview.mapReady.disconnect(show)
            mapview.show_event(event_id)

        mapview.mapReady.connect(show)

    def edit_event(
        self,
        event_id: str,
        *,
        date_start: dt.date | None = None,
        date_end: dt.date | None = None,
        precision: str | None = None,
        category: str | None = None,
    ) -> None:
        """Change an event's dates, precision and/or category (``None`` keeps it).

        Raises:
            sitmap.project.CorrectionError: no such event or a value out of the schema.
        """
        self.workflow.push(AddCorrection(edit_event(
            self._target(event_id), date_start=date_start, date_end=date_end,
            precision=precision, category=category,
        )))

    def move_pin(self, event_id: str, *, lat: float, lon: float) -> None:
        """Put event ``event_id``'s pin at ``lat``, ``lon`` (its place name stays).

        Raises:
            sitmap.project.CorrectionError: no such event or coordinates out of range.
        """
        self.workflow.push(AddCorrection(move_pin(self._target(event_id), lat=lat, lon=lon)))

    def add_place(self, event_id: str, *, name: str, lat: float, lon: float) -> None:
        """Resolve event ``event_id``'s toponym to a place given by hand, and show it there
        on the map (its confidence becomes 1.0).

        Raises:
            sitmap.project.CorrectionError: no such event or coordinates out of range.
        """
        self.workflow.push(AddCorrection(
            add_place(self._target(event_id), name=name, lat=lat, lon=lon)
        ))
        self._show_when_ready(event_id)

    def mark_baseline(self) -> None:
        """Events added or changed from now on are highlighted as new."""
        self.workflow.push(SetBaseline())

    def clear_baseline(self) -> None:
        """Nothing is highlighted as new any more."""
        self.workflow.push(SetBaseline(clear=True))

    # -- menu items -------------------------------------------------------------------

    def _selected_row(self) -> pd.Series | None:
        state = self._state
        row = state.row_of(state.selected) if state.selected else None
        if row is None:
            self._status.showMessage("Select an event first", 4000)
            return None
        reason = self.workflow.not_correctable(str(state.selected))
        if reason:
            self.workflow.prompts.error("Cannot make this correction", reason)
            return None
        return state.frame.iloc[row]

    def ask_choose_place(self) -> None:
        """Show the ranked candidates of the selected event's toponym and apply the choice."""
        row = self._selected_row()
        if row is None:
            return
        try:
            candidates = self.workflow.project.candidates(str(row["event_id"]))
        except SitmapError as exc:
            self.workflow.prompts.error("No candidates", str(exc))
            return
        if not candidates:
            self.workflow.prompts.error(
                "No candidates", f"“{row['toponym_text']}” has no other readings to offer."
            )
            return
        dialog = CandidatesDialog(
            str(row["toponym_text"]),
            candidates,
            self._parent,
            demonym=str(row.get("demonym", False)) == "True",
        )
        place = dialog.chosen() if dialog.exec() == QDialog.DialogCode.Accepted else None
        if place is not None:
            self._apply(lambda: self.choose_place(str(row["event_id"]), place,
                                                  as_rule=dialog.as_rule,
                                                  in_article=dialog.in_article))

    def ask_not_a_place(self, *, as_rule: bool = False, in_article: bool = False) -> None:
        """Mark the selected event's toponym as not a place (or every mention of its text in
        its article, or its text everywhere)."""
        row = self._selected_row()
        if row is not None:
            self._apply(lambda: self.not_a_place(str(row["event_id"]), as_rule=as_rule,
                                                 in_article=in_article))

    def ask_edit_event(self) -> None:
        """Edit the selected event's dates, precision and category in a dialog."""
        row = self._selected_row()
        if row is None:
            return
        dialog = EditEventDialog(row, self._parent)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._apply(lambda: self.edit_event(str(row["event_id"]), **dialog.values()))  # type: ignore[arg-type]

    def _after_click(self, message: str, edit: Callable[[float, float], None]) -> None:
        bar = self._status
        bar.showMessage(message, 15_000)

        def picked(lat: float, lon: float) -> None:
            # The pick is over: its instruction goes (unless something newer replaced it).
            if bar.currentMessage() == message:
                bar.clearMessage()
            self._apply(lambda: edit(lat, lon))

        self.picker.pick(picked)

    def ask_move_pin(self) -> None:
        """Move the selected event's pin to the next spot clicked on the map."""
        row = self._selected_row()
        if row is not None:
            event_id = str(row["event_id"])
            self._after_click(f"Click the map where {row['place']} should be",
                              lambda lat, lon: self.move_pin(event_id, lat=lat, lon=lon))

    def ask_add_place(self) -> None:
        """Give the selected event's place a name and a spot clicked on the map."""
        row = self._selected_row()
        if row is None:
            return
        name = self.workflow.prompts.text("Place by hand", "Place name:",
                                          str(row["toponym_text"]))
        if name:
            event_id = str(row["event_id"])
            self._after_click(f"Click the map where {name} is",
                              lambda lat, lon: self.add_place(event_id, name=name, lat=lat,
                                                              lon=lon))

    def ask_add_event(self) -> None:
        """Add a manual event: a dialog, then a click on the map for its spot."""
        dialog = AddEventDialog(self._state.date_range[0], self._parent)
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.name.text().strip():
            return
        name, passage = dialog.name.text().strip(), dialog.passage.toPlainText().strip()
        day, category = pydate(dialog.day.date()), dialog.category.currentText()
        self._after_click(f"Click the map where {name} is", lambda lat, lon: self.add_event(
            name=name, passage=passage, day=day, category=category, lat=lat, lon=lon))

    def add_event(self, *, name: str, passage: str, day: dt.date | None, category: str,
                  lat: float, lon: float) -> None:
        """Add a manual event at ``lat``, ``lon``.

        Raises:
            sitmap.project.CorrectionError: coordinates out of range or a bad category.
        """
        self.workflow.push(AddCorrection(add_event(
            name=name, lat=lat, lon=lon, passage=passage or name, date_start=day,
            category=category,
        )))

    def _apply(self, edit: Callable[[], None]) -> None:
        try:
            edit()
        except SitmapError as exc:
            self.workflow.prompts.error("Cannot make this correction", str(exc))
