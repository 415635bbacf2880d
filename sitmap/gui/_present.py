"""Presentation mode and the storyboard: scenes saved from the window and shown in order.

F11 (View > Present) shows the map full screen with a caption bar and larger type, the
menus, docks and table hidden. Right/PageDown and Left/PageUp step through the storyboard's
scenes, each a smooth move of the map and of the time slider; Space plays and pauses the
time bar; Esc leaves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QFont, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sitmap.errors import SitmapError
from sitmap.gui._collab import Editor, StatusSink
from sitmap.gui._mapview import MapView
from sitmap.gui._state import AppState
from sitmap.project import (
    AddScene,
    Macro,
    MoveScene,
    RemoveScene,
    Scene,
    SetBaseline,
    auto_storyboard,
)
from sitmap.viewmodel import Filter, current_scene, read_settings, view_settings

__all__ = ["Presenter", "StoryboardPanel"]

# Space is not a step: it plays and pauses the time bar (its shortcut), as outside
# presentation.
_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_PageDown)
_PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_PageUp)
_LEAVE = (Qt.Key.Key_Escape, Qt.Key.Key_F11)

# Larger type on the page while presenting; a class on <body> turns it on and off.

class StoryboardPanel(QWidget):
    """The ordered scenes, with Add, Up, Down, Delete and "new since this scene"."""

    def __init__(self, presenter: Presenter, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._presenter = presenter
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(lambda _item: presenter.show_scene(self.list.currentRow()))
        # Two rows of buttons, so the dock stays narrow enough for small windows.
        buttons = QGridLayout()
        for number, (text, slot, tip) in enumerate((
            ("Add", presenter.add_scene, "Save the current map view, dates and filters"),
            ("Up", lambda: self._move(-1), "Show this scene earlier"),
            ("Down", lambda: self._move(1), "Show this scene later"),
            ("Delete", self._delete, "Remove this scene from the storyboard"),
            ("New since", self._baseline, "Highlight events added or changed after this scene"),
            ("Auto", presenter.add_auto_storyboard,
             "Add an overview and a scene per day with events (per week past 12 days)"),
        )):
            button = QPushButton(text, self)
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            buttons.addWidget(button, number // 3, number % 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)
        layout.addLayout(buttons)

    def reload(self, scenes: list[Scene]) -> None:
        """List ``scenes`` in storyboard order, keeping the current row."""
        row = self.list.currentRow()
        self.list.clear()
        for number, scene in enumerate(scenes, 1):
            start = scene.date_start.isoformat() if scene.date_start else "…"
            end = scene.date_end.isoformat() if scene.date_end else "…"
            self.list.addItem(f"{number}. {scene.caption or '(no caption)'}   [{start} – {end}]")
        if scenes:
            self.list.setCurrentRow(min(max(row, 0), len(scenes) - 1))

    def _selected(self) -> Scene | None:
        scenes = self._presenter.scenes()
        row = self.list.currentRow()
        return scenes[row] if 0 <= row < len(scenes) else None

    def _move(self, step: int) -> None:
        scene = self._selected()
        row = self.list.currentRow()
        if scene is not None and scene.id is not None and 0 <= row + step < self.list.count():
            self._presenter.workflow.push(MoveScene(scene.id, row + step))
            self.list.setCurrentRow(row + step)

    def _delete(self) -> None:
        scene = self._selected()
        if scene is not None and scene.id is not None:
            self._presenter.workflow.push(RemoveScene(scene.id))

    def _baseline(self) -> None:
        scene = self._selected()
        if scene is not None and scene.id is not None:
            self._presenter.workflow.push(SetBaseline(scene_id=scene.id))


class Presenter(QObject):
    """Scenes, the Storyboard panel and presentation mode over an :class:`Editor`.

    ``state`` is what the window shows, ``mapview`` the map page, ``status`` the status
    bar, ``host`` the top-level widget shown full screen and ``chrome`` what presenting
    hides (menus, docks, status bar). The window places :attr:`caption` above the map,
    docks :attr:`storyboard` and puts :meth:`actions` in its View menu.
    """

    def __init__(self, workflow: Editor, *, state: AppState, mapview: MapView,
                 status: StatusSink, host: QWidget,
                 chrome: Callable[[], list[QWidget]]) -> None:
        super().__init__(host)
        self.workflow = workflow
        self._state = state
        self._map = mapview
        self._status = status
        self._host = host
        self._chrome = chrome
        self.presenting = False
        self.index = -1
        self._hidden: list[QWidget] = []
        self._was_maximized = False
        # Leaflet drops an animated move that arrives while it is busy redrawing (seen right
        # after a date-range change): once the animation is over, the scene's view is set
        # again without animation, which changes nothing when the move went through.
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(700)
        self._settle.timeout.connect(self._snap_to_scene)

        self.caption = QLabel(host)
        self.caption.setObjectName("present-caption")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)  # captions are the user's text
        font = QFont(self.caption.font())
        font.setPointSize(22)
        self.caption.setFont(font)
        self.caption.setStyleSheet(
            "#present-caption{background:#1d2733;color:white;padding:10px 18px}"
        )
        self.caption.hide()

        self.storyboard = StoryboardPanel(self, host)
        self.present_action = self._action("&Present", self.toggle, "F11")
        self.add_action = self._action("&Add Scene…", self.add_scene, "Ctrl+Shift+A")
        workflow.refreshed.append(lambda: self.storyboard.reload(self.scenes()))

    def _action(self, text: str, slot: Callable[[], object], shortcut: str) -> QAction:
        action = QAction(text, self._host)
        action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def actions(self) -> list[QAction | None]:
        """The View menu's presentation items, in order (``None``: a separator)."""
        return [self.present_action, self.add_action, None]

    # -- scenes -----------------------------------------------------------------------

    def scenes(self) -> list[Scene]:
        """The storyboard, in order."""
        return self.workflow.project.scenes()

    def current_scene(self, caption: str) -> Scene | None:
        """A scene of what the window shows now, ``None`` while the map is not ready."""
        return current_scene(self._state.model, caption, self._map.current_view())

    def filters(self) -> dict[str, Any]:
        """The state's filters in the map page's ``setFilter`` shape."""
        return self._state.filter.to_page()

    def add_scene(self, caption: str | None = None) -> Scene | None:
        """Save the current view as a scene at the end of the storyboard (asking for a
        caption when none is given). Returns it, ``None`` if cancelled or the map is not
        ready."""
        if caption is None:
            caption = self.workflow.prompts.text("Add scene", "Caption:")
            if caption is None:
                return None
        try:
            scene = self.current_scene(caption)
            if scene is not None:
                self.workflow.project.check_scene(scene)
        except SitmapError as exc:
            self.workflow.prompts.error("Cannot add the scene", str(exc))
            return None
        if scene is None:
            self._status.showMessage("The map is not ready yet", 4000)
            return None
        command = AddScene(scene)
        self.workflow.push(command)
        self.storyboard.list.setCurrentRow(self.storyboard.list.count() - 1)
        return command.scene

    def add_auto_storyboard(self) -> list[Scene]:
        """Add the auto-storyboard of the events (``sitmap.project.auto_storyboard``: an
        overview, then a scene per day with events, per week past twelve days) at the end
        of the storyboard, as one undoable step. Returns the scenes added, ``[]`` when no
        event has a place."""
        scenes = auto_storyboard(self._state.frame)
        if not scenes:
            self._status.showMessage("No event with a place: nothing to put in scenes", 6000)
            return []
        commands = [AddScene(scene) for scene in scenes]
        self.workflow.push(Macro(f"Auto-storyboard ({len(scenes)} scenes)", commands))
        self._status.showMessage(f"Added {len(scenes)} scenes: an overview and "
                                 f"{len(scenes) - 1} by date", 6000)
        return [command.scene for command in commands]

    def show_scene(self, index: int) -> bool:
        """Go to scene ``index``: filters, date range (the slider follows), a smooth move
        of the map, the caption. Returns ``False`` when there is no such scene."""
        scenes = self.scenes()
        if not 0 <= index < len(scenes):
            return False
        scene = scenes[index]
        self.index = index
        state = self._state
        state.set_filter(Filter.from_page(scene.filters))
        # The scene's own annotations (and those of every scene) only.
        self._map.set_annotation_scene(scene.id)
        first, last = state.bounds
        state.set_range(scene.date_start or first, scene.date_end or last)
        if scene.highlighted and state.row_of(scene.highlighted[0]) is not None:
            # Marked in the table only: the map is about to move to the scene's own view.
            state.select(scene.highlighted[0], origin="map")
        v = scene.view
        self._map.set_view(v.lat, v.lon, v.zoom, animate=True)
        self._settle.start()
        self.caption.setText(f"{scene.caption}    ({index + 1}/{len(scenes)})")
        self.storyboard.list.setCurrentRow(index)
        return True

    def current_scene_id(self) -> int | None:
        """The id of the scene shown last (``None`` before any), for "draw for this scene
        only"."""
        scenes = self.scenes()
        return scenes[self.index].id if 0 <= self.index < len(scenes) else None

    def _snap_to_scene(self) -> None:
        scenes = self.scenes()
        if 0 <= self.index < len(scenes):
            v = scenes[self.index].view
            self._map.set_view(v.lat, v.lon, v.zoom)

    def step(self, by: int) -> bool:
        """Show the next (``by=1``) or previous (``by=-1``) scene; ``False`` at either end."""
        return self.show_scene(self.index + by)

    # -- presentation mode ------------------------------------------------------------

    def toggle(self) -> None:
        """Enter or leave presentation mode."""
        if self.presenting:
            self.leave()
        else:
            self.enter()

    def enter(self) -> None:
        """Full screen map, caption bar, larger type; menus, docks, table and status bar
        hidden; the first scene (or the current one) shown."""
        if self.presenting:
            return
        window = self._host
        self.presenting = True
        self._was_maximized = window.isMaximized()
        self._hidden = [w for w in self._chrome() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.caption.setText("")
        self.caption.show()
        self._map.set_presenting(True)
        for target in self._key_targets():
            target.installEventFilter(self)
        window.showFullScreen()
        self._map.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.show_scene(max(self.index, 0)):
            self.caption.setText("No scenes yet: add some with View > Add Scene")

    def leave(self) -> None:
        """Back to the window as it was before presenting."""
        if not self.presenting:
            return
        window = self._host
        self.presenting = False
        for target in self._key_targets():
            target.removeEventFilter(self)
        self.caption.hide()
        self._map.set_presenting(False)
        self._map.set_annotation_scene(None)
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        if self._was_maximized:
            window.showMaximized()
        else:
            window.showNormal()

    def _key_targets(self) -> list[QWidget]:
        # The keys must reach us before the web page, whose Leaflet map would pan with the
        # arrow keys; the page's keyboard input arrives at the view's focus proxy.
        mapview = self._map
        proxy = mapview.focusProxy()
        return [self._host, mapview, *([proxy] if proxy is not None else [])]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self.presenting and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in _NEXT:
                self.step(1)
                return True
            if key in _PREVIOUS:
                self.step(-1)
                return True
            if key in _LEAVE:
                self.leave()
                return True
        return super().eventFilter(watched, event)

    # -- settings kept with the project -----------------------------------------------

    def view_settings(self) -> dict[str, Any]:
        """What the window shows (range, filters, map view, scene), to keep in the
        project (the format: :func:`sitmap.viewmodel.view_settings`)."""
        return view_settings(self._state.model, self._map.current_view(), self.index)

    def apply_settings(self, settings: dict[str, Any] | None) -> None:
        """Show what :meth:`view_settings` stored; ``None`` (a new project) resets the
        storyboard position."""
        self.index = -1
        saved = read_settings(settings)
        if saved is None:
            return
        self._state.set_filter(saved.filter)
        if saved.range:
            self._state.set_range(*saved.range)
        if saved.view:
            self.workflow.restore_view_when_ready(saved.view)
        self.index = saved.scene
