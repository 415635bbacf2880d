"""Drawing on the map: the Draw toolbar and the controller behind it.

The page draws the shapes and lets the user click them out (``resources/web/annotate.js``);
what comes back through the bridge is untrusted JSON, read with
:meth:`sitmap.model.Annotation.from_json`, and each drawing or edit becomes one undoable
project command (``AddAnnotation``, ``UpdateAnnotation``, ``RemoveAnnotation``). After every
step (undo and redo included) the map gets the project's list again.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import QDate, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QKeySequence, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolBar,
    QWidget,
)

from sitmap.errors import ProjectError
from sitmap.gui._collab import Editor, StatusSink
from sitmap.gui._mapview import MapView
from sitmap.gui._state import AppState
from sitmap.model import ANNOTATION_COLOURS, RING_UNITS, Annotation, AnnotationError
from sitmap.project import AddAnnotation, RemoveAnnotation, Scene, UpdateAnnotation

__all__ = ["Annotator", "Scope", "ask_scope"]

# Toolbar order: kind, button text, tooltip.
_TOOLS = (
    ("arrow", "Arrow", "Draw an arrow: click its points, the head at the last; Enter ends"),
    ("line", "Line", "Draw a route or front line: click its points; Enter ends"),
    ("polygon", "Area", "Draw a shaded area: click its corners; Enter ends"),
    ("circle", "Circle", "Draw a shaded circle: click its centre, then its edge"),
    ("text", "Text", "Put a text label: click where it goes"),
    ("ring", "Range ring", "Draw a range ring: click its centre, then a point at the range"),
)
# The Draw menu's names of the ring readout units, in the order of RING_UNITS.
_UNIT_NAMES: Final[dict[str, str]] = {"km": "Kilometres", "nm": "Nautical miles",
                                      "mi": "Statute miles"}
assert list(_UNIT_NAMES) == list(RING_UNITS)

Scope = tuple[tuple[int, ...], dt.date | None, dt.date | None]
"""The scenes an annotation belongs to (empty: every scene) and its first and last day."""

AskScope = Callable[[Annotation, Sequence[Scene]], "Scope | None"]


def _swatch(hex_colour: str) -> QIcon:
    pixmap = QPixmap(16, 16)
    pixmap.fill(QColor(hex_colour))
    return QIcon(pixmap)


class _ScopeDialog(QDialog):
    """Which scenes an annotation belongs to, and the days it is shown for."""

    def __init__(self, annotation: Annotation, scenes: Sequence[Scene],
                 parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Scenes and dates")
        form = QFormLayout(self)
        self.scenes = QListWidget(self)
        for scene in scenes:
            item = QListWidgetItem(scene.caption or f"Scene {scene.id}")
            item.setData(Qt.ItemDataRole.UserRole, scene.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if scene.id in annotation.scenes
                               else Qt.CheckState.Unchecked)
            self.scenes.addItem(item)
        form.addRow("Only in these scenes\n(none ticked: every scene)", self.scenes)
        self.limits: list[tuple[QCheckBox, QDateEdit]] = []
        for text, day in (("Shown from", annotation.date_start),
                          ("Shown until", annotation.date_end)):
            box = QCheckBox(text, self)
            edit = QDateEdit(self)
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            box.setChecked(day is not None)
            edit.setEnabled(day is not None)
            if day is not None:
                edit.setDate(QDate(day.year, day.month, day.day))
            box.toggled.connect(edit.setEnabled)
            form.addRow(box, edit)
            self.limits.append((box, edit))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def scope(self) -> Scope:
        chosen = tuple(
            int(self.scenes.item(k).data(Qt.ItemDataRole.UserRole))
            for k in range(self.scenes.count())
            if self.scenes.item(k).checkState() == Qt.CheckState.Checked)
        days = [edit.date().toPython() if box.isChecked() else None
                for box, edit in self.limits]
        return chosen, days[0], days[1]  # type: ignore[return-value]


def ask_scope(parent: QWidget) -> AskScope:
    """The Scenes and dates dialog over ``parent``: returns the chosen :data:`Scope`,
    ``None`` when cancelled."""
    def ask(annotation: Annotation, scenes: Sequence[Scene]) -> Scope | None:
        dialog = _ScopeDialog(annotation, scenes, parent)
        return dialog.scope() if dialog.exec() == QDialog.DialogCode.Accepted else None
    return ask


class Annotator(QObject):
    """The Draw toolbar over an :class:`Editor` and the map page.

    A tool button starts a drawing of its kind in the chosen colour (dashed or not); the
    finished shape asks for a label and becomes ``AddAnnotation``. A click on an annotation
    selects it: its handles move it or its vertices (``UpdateAnnotation``), and Label…,
    Restyle, Scenes and dates… and Delete act on it. ``current_scene`` tells the scene shown
    last (for "this scene only"), ``ask`` asks for the scope (tests hand in canned answers).
    """

    def __init__(self, editor: Editor, *, state: AppState, mapview: MapView,
                 status: StatusSink, host: QWidget,
                 current_scene: Callable[[], int | None],
                 ask: AskScope | None = None) -> None:
        super().__init__(host)
        self._editor = editor
        self._state = state
        self._map = mapview
        self._status = status
        self._current_scene = current_scene
        self.ask_scope: AskScope = ask if ask is not None else ask_scope(host)
        """Asks for the scenes and days of an annotation (tests hand in canned answers)."""
        self.selected: int | None = None
        self.colour = "red"
        self.unit = "km"

        self.toolbar = QToolBar("Draw", host)
        self.toolbar.setObjectName("draw-toolbar")
        self.tools: dict[str, QAction] = {}
        group = QActionGroup(self)
        group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
        for kind, text, tip in _TOOLS:
            action = QAction(text, host)
            action.setToolTip(tip)
            action.setCheckable(True)
            action.triggered.connect(lambda checked, k=kind: self.draw(k) if checked
                                     else self._map.cancel_draw())
            group.addAction(action)
            self.toolbar.addAction(action)
            self.tools[kind] = action
        self._group = group
        self.toolbar.addSeparator()
        self.colours: dict[str, QAction] = {}
        palette = QActionGroup(self)
        for name, hex_colour in ANNOTATION_COLOURS.items():
            action = QAction(_swatch(hex_colour), name.capitalize(), host)
            action.setToolTip(f"Draw in {name}; with an annotation selected, restyle it")
            action.setCheckable(True)
            action.setChecked(name == self.colour)
            action.triggered.connect(lambda _c=False, n=name: self.set_colour(n))
            palette.addAction(action)
            self.toolbar.addAction(action)
            self.colours[name] = action
        # The unit of a range ring's distance readout (sitmap.model.RING_UNITS): the Draw
        # menu's "Ring distance" submenu, kept by each ring.
        self.units: dict[str, QAction] = {}
        unit_group = QActionGroup(self)
        for name, text in _UNIT_NAMES.items():
            action = QAction(text, host)
            action.setToolTip(f"Range rings show their distance in {text.lower()}; with a "
                              "ring selected, change its readout")
            action.setCheckable(True)
            action.setChecked(name == self.unit)
            action.triggered.connect(lambda _c=False, n=name: self.set_unit(n))
            unit_group.addAction(action)
            self.units[name] = action
        self.dashed = self._toggle("Dashed", "Dashed lines (a planned route, a former front)")
        self.dashed.triggered.connect(lambda _c=False: self._restyle())
        self.scene_only = self._toggle(
            "This scene only", "New annotations belong to the scene shown last only")
        self.dates_only = self._toggle(
            "These dates only", "New annotations show only while the time slider's range "
            "overlaps the range it has now")
        self.toolbar.addSeparator()
        self.label_action = self._button("Label…", self.relabel, "Change the selected label")
        self.scope_action = self._button("Scenes and dates…", self.rescope,
                                         "Choose the scenes and days the selected one shows in")
        self.delete_action = self._button("Delete", self.delete, "Delete the selected annotation")
        self.delete_action.setShortcut(QKeySequence(Qt.Key.Key_Delete))
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        mapview.addAction(self.delete_action)
        self._enable_edits()

        mapview.annotationDrawn.connect(self._on_drawn)
        mapview.annotationEdited.connect(self._on_edited)
        mapview.annotationSelected.connect(self._on_selected)
        editor.refreshed.append(self.reload)

    def menu_items(self) -> list[QAction | QMenu | None]:
        """The Draw menu, in order (``None``: a separator): the same actions as the
        toolbar, the colours in a submenu."""
        colours = QMenu("&Colour", self.toolbar.parentWidget())
        for action in self.colours.values():
            colours.addAction(action)
        units = QMenu("Ring &distance in", self.toolbar.parentWidget())
        for action in self.units.values():
            units.addAction(action)
        return [*self.tools.values(), None, colours, units, self.dashed, self.scene_only,
                self.dates_only, None, self.label_action, self.scope_action,
                self.delete_action]

    def _toggle(self, text: str, tip: str) -> QAction:
        action = QAction(text, self.toolbar)
        action.setToolTip(tip)
        action.setCheckable(True)
        self.toolbar.addAction(action)
        return action

    def _button(self, text: str, slot: Callable[[], object], tip: str) -> QAction:
        action = QAction(text, self.toolbar)
        action.setToolTip(tip)
        action.triggered.connect(lambda _c=False: slot())
        self.toolbar.addAction(action)
        return action

    def _enable_edits(self) -> None:
        for action in (self.label_action, self.scope_action, self.delete_action):
            action.setEnabled(self.selected is not None)

    # -- drawing ----------------------------------------------------------------------

    def draw(self, kind: str) -> None:
        """Start drawing a ``kind`` annotation in the chosen colour and dash."""
        self.tools[kind].setChecked(True)
        self._map.start_draw(kind, colour=self.colour, dashed=self.dashed.isChecked())
        self._status.showMessage(
            dict((k, tip) for k, _t, tip in _TOOLS)[kind] + "; Esc cancels", 0)

    def set_colour(self, name: str) -> None:
        """Draw in ``name`` from now on; restyle the selected annotation too."""
        self.colour = name
        self.colours[name].setChecked(True)
        self._restyle()

    def set_unit(self, name: str) -> None:
        """Write new range rings' distance in ``name`` (a key of ``RING_UNITS``) from now
        on; a selected ring changes its readout too (one undoable step). Raises KeyError
        for an unknown unit."""
        self.units[name].setChecked(True)
        self.unit = name
        old = self._current()
        if old is not None and old.kind == "ring" and old.unit != name:
            self._update(dataclasses.replace(old, unit=name))

    def _on_drawn(self, text: str) -> None:
        for action in self.tools.values():
            action.setChecked(False)
        self._status.clearMessage()
        try:
            shape = Annotation.from_json(json.loads(text))
        except (ValueError, TypeError) as exc:
            self._status.showMessage(f"Not drawn: {exc}", 8000)
            return
        label = self._editor.prompts.text(
            "Label", "Label (leave empty for none):" if shape.kind != "text" else "Text:")
        if label is None or (shape.kind == "text" and not label.strip()):
            return
        scenes: tuple[int, ...] = ()
        if self.scene_only.isChecked() and self._current_scene() is not None:
            scenes = (self._current_scene(),)  # type: ignore[assignment]
        start, end = (self._state.date_range if self.dates_only.isChecked()
                      else (None, None))
        try:
            annotation = dataclasses.replace(shape, id=None, label=label.strip(),
                                             scenes=scenes, date_start=start, date_end=end,
                                             unit=self.unit if shape.kind == "ring" else "km")
        except AnnotationError as exc:
            self._editor.prompts.error("Not drawn", str(exc))
            return
        self._editor.push(AddAnnotation(annotation))

    # -- editing the selected one -----------------------------------------------------

    def _on_selected(self, text: str) -> None:
        self.selected = int(text) if text.isdigit() else None
        self._enable_edits()

    def _current(self) -> Annotation | None:
        if self.selected is None:
            return None
        try:
            return self._editor.project.annotation(self.selected)
        except ProjectError:
            return None

    def _update(self, annotation: Annotation) -> None:
        self._editor.push(UpdateAnnotation(annotation))

    def _on_edited(self, text: str) -> None:
        old = self._current()
        try:
            new = Annotation.from_json(json.loads(text))
        except (ValueError, TypeError) as exc:
            self._status.showMessage(f"Not changed: {exc}", 8000)
            self.reload()  # the handles go back where the stored shape has them
            return
        if old is None or new.id != old.id:
            return
        # Only the shape comes from the page; label, style and scope stay the project's.
        self._update(dataclasses.replace(old, points=new.points, radius_m=new.radius_m))

    def _restyle(self) -> None:
        old = self._current()
        if old is not None:
            self._update(dataclasses.replace(old, colour=self.colour,
                                             dashed=self.dashed.isChecked()))

    def relabel(self) -> None:
        """Ask for a new label of the selected annotation."""
        old = self._current()
        if old is None:
            return
        label = self._editor.prompts.text("Label", "Label:", old.label)
        if label is None:
            return
        try:
            self._update(dataclasses.replace(old, label=label.strip()))
        except AnnotationError as exc:
            self._editor.prompts.error("Not changed", str(exc))

    def rescope(self) -> None:
        """Ask which scenes and days the selected annotation shows in."""
        old = self._current()
        if old is None:
            return
        answer = self.ask_scope(old, self._editor.project.scenes())
        if answer is None:
            return
        scenes, start, end = answer
        try:
            self._update(dataclasses.replace(old, scenes=scenes, date_start=start,
                                             date_end=end))
        except AnnotationError as exc:
            self._editor.prompts.error("Not changed", str(exc))

    def delete(self) -> None:
        """Delete the selected annotation (undoable)."""
        if self._current() is not None:
            assert self.selected is not None
            self._editor.push(RemoveAnnotation(self.selected))
            self.selected = None
            self._enable_edits()

    def reload(self) -> None:
        """Send the project's annotations to the map (after every step and on open)."""
        annotations = self._editor.project.annotations()
        if self.selected is not None and self.selected not in {a.id for a in annotations}:
            self.selected = None
            self._enable_edits()
        self._map.set_annotations([a.to_json() for a in annotations])
        if self.selected is not None:
            self._map.select_annotation(self.selected)
