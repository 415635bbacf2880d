"""Presentation mode and the storyboard: scenes saved from the window and shown in order.

F11 (View > Present) shows the map full screen with a caption bar and larger type, the
menus, docks and table hidden. Right/PageDown and Left/PageUp step through the storyboard's
scenes, each a smooth move of the map and of the time slider; Esc leaves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QBoxLayout,
    QDockWidget,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sitmap.events import EventFilter
from sitmap.project import AddScene, MoveScene, RemoveScene, SavedView, Scene, SetBaseline

if TYPE_CHECKING:
    from sitmap.gui._workflow import Workflow

__all__ = ["Presenter", "StoryboardPanel"]

_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_Space)
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
    """Scenes, the Storyboard dock and presentation mode of a :class:`Workflow`."""

    def __init__(self, workflow: Workflow) -> None:
        super().__init__(workflow)
        self.workflow = workflow
        window = workflow.window
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

        self.caption = QLabel(window)
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
        central = window.centralWidget()
        column = central.layout() if central is not None else None
        if isinstance(column, QBoxLayout):
            column.insertWidget(0, self.caption)

        self.storyboard = StoryboardPanel(self, window)
        self.storyboard_dock = QDockWidget("Storyboard", window)
        self.storyboard_dock.setObjectName("dock-storyboard")
        self.storyboard_dock.setWidget(self.storyboard)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.storyboard_dock)
        window.tabifyDockWidget(window.article_dock, self.storyboard_dock)
        window.article_dock.raise_()

        view = workflow.menu("&View")
        self.present_action = workflow.make_action("&Present", self.toggle, "F11")
        add = workflow.make_action("&Add Scene…", self.add_scene, "Ctrl+Shift+A")
        workflow.prepend(view, [self.present_action, add, None])
        view.addAction(self.storyboard_dock.toggleViewAction())
        workflow.refreshed.append(lambda: self.storyboard.reload(self.scenes()))

    # -- scenes -----------------------------------------------------------------------

    def scenes(self) -> list[Scene]:
        """The storyboard, in order."""
        return self.workflow.project.scenes()

    def current_scene(self, caption: str) -> Scene | None:
        """A scene of what the window shows now, ``None`` while the map is not ready."""
        state = self.workflow.window.state
        view = self.workflow.window.map.current_view()
        if view is None:
            return None
        start, end = state.date_range
        whole = (start, end) == state.bounds
        return Scene(
            caption,
            SavedView(lat=view["lat"], lon=view["lon"], zoom=view["zoom"]),
            None if whole else start,
            None if whole else end,
            self.filters(),
            (state.selected,) if state.selected else (),
        )

    def filters(self) -> dict[str, Any]:
        """The state's filters in the map page's ``setFilter`` shape."""
        state = self.workflow.window.state
        shown = EventFilter.of(state.categories, state.text, state.show_background)
        return shown.sorted().to_page()

    def add_scene(self, caption: str | None = None) -> Scene | None:
        """Save the current view as a scene at the end of the storyboard (asking for a
        caption when none is given). Returns it, ``None`` if cancelled or the map is not
        ready."""
        if caption is None:
            caption = self.workflow.prompts.text("Add scene", "Caption:")
            if caption is None:
                return None
        scene = self.current_scene(caption)
        if scene is None:
            self.workflow.window.statusBar().showMessage("The map is not ready yet", 4000)
            return None
        command = AddScene(scene)
        self.workflow.push(command)
        self.storyboard.list.setCurrentRow(self.storyboard.list.count() - 1)
        return command.scene

    def show_scene(self, index: int) -> bool:
        """Go to scene ``index``: filters, date range (the slider follows), a smooth move
        of the map, the caption. Returns ``False`` when there is no such scene."""
        scenes = self.scenes()
        if not 0 <= index < len(scenes):
            return False
        scene = scenes[index]
        self.index = index
        window = self.workflow.window
        state = window.state
        filters = EventFilter.from_page(scene.filters)
        state.set_categories(filters.categories)
        state.set_text(filters.text)
        state.set_show_background(filters.show_background)
        first, last = state.bounds
        state.set_range(scene.date_start or first, scene.date_end or last)
        if scene.highlighted and state.row_of(scene.highlighted[0]) is not None:
            # Marked in the table only: the map is about to move to the scene's own view.
            state.select(scene.highlighted[0], origin="map")
        v = scene.view
        window.map.set_view(v.lat, v.lon, v.zoom, animate=True)
        self._settle.start()
        self.caption.setText(f"{scene.caption}    ({index + 1}/{len(scenes)})")
        self.storyboard.list.setCurrentRow(index)
        return True

    def _snap_to_scene(self) -> None:
        scenes = self.scenes()
        if 0 <= self.index < len(scenes):
            v = scenes[self.index].view
            self.workflow.window.map.set_view(v.lat, v.lon, v.zoom)

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
        window = self.workflow.window
        self.presenting = True
        self._was_maximized = window.isMaximized()
        chrome: list[QWidget] = [window.menuBar(), window.statusBar()]
        chrome += [d for d in window.findChildren(QDockWidget) if d.isVisible()]
        self._hidden = [w for w in chrome if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
        self.caption.setText("")
        self.caption.show()
        window.map.set_presenting(True)
        for target in self._key_targets():
            target.installEventFilter(self)
        window.showFullScreen()
        window.map.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.show_scene(max(self.index, 0)):
            self.caption.setText("No scenes yet: add some with View > Add Scene")

    def leave(self) -> None:
        """Back to the window as it was before presenting."""
        if not self.presenting:
            return
        window = self.workflow.window
        self.presenting = False
        for target in self._key_targets():
            target.removeEventFilter(self)
        self.caption.hide()
        window.map.set_presenting(False)
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
        mapview = self.workflow.window.map
        proxy = mapview.focusProxy()
        return [self.workflow.window, mapview, *([proxy] if proxy is not None else [])]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802
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
        project."""
        state = self.workflow.window.state
        start, end = state.date_range
        whole = (start, end) == state.bounds
        return {
            "range": None if whole else [start.isoformat(), end.isoformat()],
            "filters": self.filters(),
            "view": self.workflow.window.map.current_view(),
            "scene": self.index,
        }

    def apply_settings(self, settings: dict[str, Any] | None) -> None:
        """Show what :meth:`view_settings` stored; ``None`` (a new project) resets the
        storyboard position."""
        self.index = -1
        if not settings:
            return
        state = self.workflow.window.state
        filters = EventFilter.from_page(settings.get("filters"))
        state.set_categories(filters.categories)
        state.set_text(filters.text)
        state.set_show_background(filters.show_background)
        if settings.get("range"):
            state.set_range(*settings["range"])
        if settings.get("view"):
            self.workflow.restore_view_when_ready(settings["view"])
        self.index = int(settings.get("scene", -1))

