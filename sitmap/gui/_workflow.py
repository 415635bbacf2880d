"""The analyst's workflow in the window: the open project, its undo stack, File > New/Open/
Save/Save As/Open Recent, autosave and recovery.

The :class:`Workflow` owns the :class:`sitmap.project.Project`; every edit is one
``sitmap.project`` command wrapped in one :class:`QUndoCommand`, and after each the state is
redrawn from ``project.events()`` (the corrected table). Corrections live in
``_corrections.py``, presentation mode and the storyboard in ``_present.py``.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import pandas as pd
import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QUndoCommand, QUndoStack
from PySide6.QtWidgets import (
    QFileDialog,
    QInputDialog,
    QLabel,
    QMenu,
    QMessageBox,
    QWidget,
)

from sitmap._paths import cache_dir
from sitmap.errors import ProjectError, SitmapError
from sitmap.gui._collab import StatusSink
from sitmap.gui._corrections import Corrections
from sitmap.gui._mapview import MapView
from sitmap.gui._present import Presenter
from sitmap.gui._state import AppState
from sitmap.mapping._tiles import (
    TILES_SETTING,
    open_tile_package,
    saved_tiles_path,
    tiles_setting,
)
from sitmap.pipeline import Loaded
from sitmap.project import (
    AUTOSAVE_SUFFIX,
    AddArticles,
    AddEvents,
    Command,
    Project,
    RecentProjects,
)
from sitmap.viewmodel import View, arrow_text, concat_tables, kept_range

__all__ = ["PROJECT_SUFFIX", "AutosaveDebounce", "BatchPrompts", "Prompts", "Workflow",
           "ask_plain"]

PROJECT_SUFFIX = ".sitmap"
_PROJECT_FILTER = "sitmap projects (*.sitmap);;All files (*)"
_AUTOSAVE_MINUTES = 3
# The most rows from event tables (read without articles) a project keeps. Saving writes
# each row into the file and opening replays the corrections over all of them: past this an
# archive stays in its own file (a Parquet dataset opens in about a second) and is shown,
# not saved.
SAVED_TABLE_ROWS = 100_000
# Every confirmed edit is on disk (in the autosave) this long after it, if no other follows,
# and at most _AUTOSAVE_MAX_WAIT_MS after the first edit not yet autosaved, however steadily
# edits follow it (so it is durable within 2 s, the write included).
_AUTOSAVE_AFTER_EDIT_MS = 1000
_AUTOSAVE_MAX_WAIT_MS = 1500


class AutosaveDebounce:
    """When the autosave after an edit is due: ``quiet_ms`` after the last edit, or
    ``max_wait_ms`` after the first edit not yet saved, whichever comes first.

    Pure arithmetic on the times handed in (milliseconds of a monotonic clock), so tests
    can drive it with a fake clock."""

    def __init__(self, quiet_ms: int = _AUTOSAVE_AFTER_EDIT_MS,
                 max_wait_ms: int = _AUTOSAVE_MAX_WAIT_MS) -> None:
        self.quiet_ms = quiet_ms
        self.max_wait_ms = max_wait_ms
        self.first_unsaved: float | None = None

    def edited(self, now_ms: float) -> int:
        """Note an edit at ``now_ms``; return how many milliseconds from now the autosave
        is due (never negative)."""
        if self.first_unsaved is None:
            self.first_unsaved = now_ms
        due = min(now_ms + self.quiet_ms, self.first_unsaved + self.max_wait_ms)
        return max(0, int(due - now_ms))

    def saved(self) -> None:
        """The autosave was written (or tried): the next edit starts a new wait."""
        self.first_unsaved = None


_Button = QMessageBox.StandardButton


def plain_box(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: _Button = _Button.Ok,
) -> QMessageBox:
    """A message box that shows ``text`` as the characters it is made of.

    Messages carry file names and text read from files (a trigger's name, a path): with
    Qt's default AutoText, markup in them would render, and a link would open in the
    browser. Here the text is PlainText and no link is ever opened. Returns the box, not
    yet shown."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    for label in box.findChildren(QLabel):
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setOpenExternalLinks(False)
    return box


def ask_plain(
    parent: QWidget | None,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: _Button = _Button.Ok,
) -> _Button:
    """Show :func:`plain_box` modally; return the button chosen (Escape gives the box's
    escape button, as QMessageBox.question/warning do)."""
    box = plain_box(parent, icon, title, text, buttons)
    return _Button(box.exec())


class Prompts:
    """The questions the workflow asks the user, as modal dialogs.

    Tests hand in a subclass with canned answers, so no dialog ever blocks a test run.
    """

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent

    def error(self, title: str, message: str) -> None:
        """Show an error message."""
        ask_plain(self.parent, QMessageBox.Icon.Warning, title, message)

    def open_path(self) -> Path | None:
        """Ask for a project to open; ``None`` when cancelled."""
        name, _ = QFileDialog.getOpenFileName(self.parent, "Open project", "", _PROJECT_FILTER)
        return Path(name) if name else None

    def save_path(self, suggestion: str) -> Path | None:
        """Ask where to save the project; ``None`` when cancelled."""
        name, _ = QFileDialog.getSaveFileName(
            self.parent, "Save project as", suggestion, _PROJECT_FILTER
        )
        return Path(name) if name else None

    def recover(self, autosave: Path, project: Path | None = None) -> bool:
        """Whether to open the newer autosave ``autosave`` instead of the saved file
        ``project`` (default: the name ``autosave`` is beside)."""
        answer = ask_plain(
            self.parent, QMessageBox.Icon.Question, "Recover unsaved work?",
            self.recovery_text(autosave, project), _Button.Yes | _Button.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    @staticmethod
    def recovery_text(autosave: Path, project: Path | None = None) -> str:
        """The question :meth:`recover` asks: when the autosave and the project file
        ``project`` (default: the name ``autosave`` is beside; give it for an autosave in
        the cache folder) were written, and in which project format each."""
        name = autosave.name
        if project is None:
            project = autosave.with_name(name[: -len(AUTOSAVE_SUFFIX)]) if name.endswith(
                AUTOSAVE_SUFFIX) else autosave
        info = Project.recovery_info(project)
        detail = info.describe() if info is not None else f"{autosave} holds unsaved work."
        return (f"{detail} It holds work that was not saved (sitmap was closed or stopped "
                "before saving it). Recover it? Choosing No deletes the autosave.")

    def save_changes(self, name: str) -> bool | None:
        """Whether to save ``name`` before it is closed: ``True`` save, ``False`` discard,
        ``None`` cancel (keep it open)."""
        answer = ask_plain(
            self.parent,
            QMessageBox.Icon.Question,
            "Save changes?",
            f"{name} has changes that are not saved. Save them?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Cancel:
            return None
        return answer == QMessageBox.StandardButton.Save

    def text(self, title: str, label: str, default: str = "") -> str | None:
        """A line of text from the user (a scene caption), ``None`` when cancelled."""
        text, ok = QInputDialog.getText(self.parent, title, label, text=default)
        return text if ok else None


class BatchPrompts(Prompts):
    """Answers for a run without a user (``sitmap open --screenshot``): errors go to stderr,
    a newer autosave is shown, nothing is saved or asked."""

    def error(self, title: str, message: str) -> None:
        print(f"sitmap: {message}", file=sys.stderr)

    def open_path(self) -> Path | None:
        return None

    def save_path(self, suggestion: str) -> Path | None:
        return None

    def recover(self, autosave: Path, project: Path | None = None) -> bool:
        return True

    def save_changes(self, name: str) -> bool | None:
        return False

    def text(self, title: str, label: str, default: str = "") -> str | None:
        return None


class _Undoable(QUndoCommand):
    """One project command on the Qt undo stack; the view is redrawn after each step."""

    def __init__(self, workflow: Workflow, command: Command, *, done: bool = False,
                 shown: pd.DataFrame | None = None, checked: bool = False) -> None:
        super().__init__(command.text)
        self._workflow = workflow
        self._command = command
        # The first redo (the push) finds the command already applied by Workflow.push,
        # and may be handed the table it makes (``shown``); later ones make it again.
        self._done = done
        self._shown = shown
        self._checked = checked  # ``shown`` is a validated frame as a reader returned it

    def redo(self) -> None:
        shown, self._shown = self._shown, None
        checked, self._checked = self._checked, False
        if self._done:
            self._done = False
        else:
            shown = None
            checked = False
            self._command.redo(self._workflow.project)
        self._workflow.refresh(shown=shown, checked=checked)

    def undo(self) -> None:
        self._command.undo(self._workflow.project)
        self._workflow.refresh()


class Workflow(QObject):
    """The project behind the window: file menu items, undo/redo, autosave.

    ``state`` is what the window shows, ``mapview`` the map page, ``host`` the top-level
    widget (its title names the project; closing it asks to save), ``status`` the status
    bar, ``show_problems`` lists what went wrong with a file. ``recent`` is the Open Recent
    store, ``autosave_minutes`` the autosave period (0: off), ``untitled_autosave`` where an
    untitled project autosaves (default: in sitmap's cache folder), ``prompts`` the dialogs
    (tests pass canned answers). The window puts :meth:`file_actions` and
    :meth:`edit_actions` in its menus and hands in the :class:`Corrections` and
    :class:`Presenter` built over this workflow with :meth:`attach`.
    """

    corrections: Corrections
    presenter: Presenter

    def __init__(
        self,
        state: AppState,
        mapview: MapView,
        *,
        host: QWidget,
        status: StatusSink,
        show_problems: Callable[[Sequence[str]], None],
        recent: RecentProjects | None = None,
        autosave_minutes: float = _AUTOSAVE_MINUTES,
        untitled_autosave: Path | None = None,
        prompts: Prompts | None = None,
    ) -> None:
        super().__init__(host)
        self._state = state
        self._map = mapview
        self._host = host
        self._status = status
        self._show_problems = show_problems
        # Rows read from event tables past what a project keeps: shown, never saved.
        self._unsaved: pd.DataFrame | None = None
        self._told_fallback: Path | None = None
        self.project = Project.new()
        self.recent = recent if recent is not None else RecentProjects()
        self.prompts = prompts if prompts is not None else Prompts(host)
        self.untitled_autosave = untitled_autosave or cache_dir() / "untitled.sitmap.autosave"
        self.undo_stack = QUndoStack(self)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        # Views that draw project facts (corrections, "new since") redraw on this.
        self.refreshed: list[Callable[[], None]] = []

        self.autosave_timer = QTimer(self)
        self.autosave_timer.timeout.connect(self.autosave)
        # One more autosave shortly after each edit (undo/redo included), so a crash loses
        # no confirmed edit; a burst of edits makes one write, and steady edits one write
        # every 1.5 s at most (AutosaveDebounce).
        self.edit_autosave_timer = QTimer(self)
        self.edit_autosave_timer.setSingleShot(True)
        self.edit_autosave_timer.setInterval(_AUTOSAVE_AFTER_EDIT_MS)
        self.edit_autosave_timer.timeout.connect(self._autosave_after_edit)
        self.debounce = AutosaveDebounce()
        self.clock_ms: Callable[[], float] = lambda: time.monotonic() * 1000.0
        """The monotonic clock (milliseconds) the debounce reads; tests hand in a fake."""
        self.undo_stack.indexChanged.connect(self._on_edit)
        self.set_autosave_minutes(autosave_minutes)

        self._build_actions()
        for signal in (state.dataChanged, state.rangeChanged, state.filterChanged):
            signal.connect(self._update_title)
        host.installEventFilter(self)

    def attach(self, corrections: Corrections, presenter: Presenter) -> None:
        """Take the controllers built over this workflow (the presenter keeps the view
        settings saved with the project)."""
        self.corrections = corrections
        self.presenter = presenter

    # -- menus ------------------------------------------------------------------------

    def make_action(self, text: str, slot: Callable[[], object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None) -> QAction:
        action = QAction(text, self._host)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(lambda _checked=False: slot())
        return action

    def _build_actions(self) -> None:
        self.recent_menu = QMenu("Open &Recent Project", self._host)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        keys = QKeySequence.StandardKey
        self.save_action = self.make_action("&Save Project", self.save, keys.Save)
        self._file_actions: list[QAction | QMenu | None] = [
            self.make_action("&New Project", self.new_project, keys.New),
            self.make_action("Open &Project…", self.ask_open, "Ctrl+Shift+P"),
            self.recent_menu,
            self.save_action,
            self.make_action("Save Project &As…", self.ask_save_as, keys.SaveAs),
            self.make_action("Recover &Unsaved Work…", self.recover_untitled),
            None,
        ]
        self.undo_action = self.undo_stack.createUndoAction(self._host, "&Undo")
        self.undo_action.setShortcut(keys.Undo)
        self.redo_action = self.undo_stack.createRedoAction(self._host, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])

    def file_actions(self) -> list[QAction | QMenu | None]:
        """The File menu's project items, in order (``None``: a separator)."""
        return list(self._file_actions)

    def edit_actions(self) -> list[QAction | QMenu | None]:
        """Undo and Redo, then a separator, for the top of the Edit menu."""
        return [self.undo_action, self.redo_action, None]

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.recent.paths()
        for path in paths:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_project(p))
        if not paths:
            self.recent_menu.addAction("(none)").setEnabled(False)

    # -- the project and the view -----------------------------------------------------

    def push(self, command: Command) -> None:
        """Apply ``command`` to the project as one undoable step and redraw. A command the
        project refuses (a log already at its ``MAX_ROWS``) changes nothing: its message is
        shown and nothing goes on the undo stack."""
        self._push(command)

    def _push(self, command: Command, *, shown: pd.DataFrame | None = None,
              checked: bool = False) -> bool:
        """:meth:`push`, with ``shown`` the table the step makes when the caller has it
        already and ``checked`` whether that is a validated frame as a reader returned it
        (see :meth:`refresh`); returns whether the command was applied."""
        try:
            command.redo(self.project)
        except ProjectError as exc:
            self.prompts.error("Not done", str(exc))
            return False
        self.undo_stack.push(_Undoable(self, command, done=True, shown=shown,
                                       checked=checked))
        return True

    def refresh(self, *, keep_view: bool = True, shown: pd.DataFrame | None = None,
                checked: bool = False) -> None:
        """Show the project's corrected table (and the rows shown but not saved); with
        ``keep_view``, keep the date range, selection and map view where they still make
        sense. ``shown`` is that table when the caller has it already (the rows of a table
        just read into a project with no events, no correction and no rule: the project's
        table is their first rows as they are): shown as it is, not made again from the
        project's rows and the unsaved ones (a copy of every row at a million). With
        ``checked``, ``shown`` is a frame an event table's reader validated, unchanged: the
        view does not validate it again."""
        state = self._state
        frame = shown if shown is not None else self.project.events()
        if shown is None and self._unsaved is not None:
            # The unsaved rows keep their unique texts in Arrow (arrow_text below).
            frame = concat_tables([frame, self._unsaved])
        if keep_view and state.model.shows(frame):
            # Scenes, rules that match nothing, the baseline: the map page stays as it is.
            for redraw in self.refreshed:
                redraw()
            return
        old_bounds, old_range = state.bounds, state.date_range
        selected = state.selected
        # An empty map has no view worth keeping: the first events get framed (and the
        # page is not asked for its view while they wait).
        view = self._map.current_view() if keep_view and len(state.frame) else None
        state.set_data(frame, self.project.articles(),
                       checked=checked and shown is not None and frame is shown)
        kept = kept_range(old_bounds, old_range, bool(len(state.frame))) if keep_view else None
        if kept is not None:
            state.set_range(*kept)
        if keep_view and selected:
            state.select(selected)
        if view is not None:
            self.restore_view_when_ready(view)
        for redraw in self.refreshed:
            redraw()

    def restore_view_when_ready(self, view: Mapping[str, float]) -> None:
        """Put the map at ``view`` (``{lat, lon, zoom}``) once its page is ready; a view
        that is not three finite numbers (a damaged or crafted project) is left out, with a
        note in the status bar."""
        # A correction rebuilds the page, which would frame all events: put the analyst's
        # map back where it was.
        mapview = self._map

        def restore() -> None:
            mapview.mapReady.disconnect(restore)
            try:
                checked = View.from_page(view)
            except ValueError:
                self._status.showMessage(
                    "The saved map view is not valid; the map shows all events instead", 8000)
            else:
                mapview.set_view(checked.lat, checked.lon, checked.zoom)

        mapview.mapReady.connect(restore)

    def add_loaded(self, loaded: Loaded) -> list[str]:
        """Show what the window read, as one undoable step: articles and their events join
        the project; so do the rows of event tables read alone, up to
        ``SAVED_TABLE_ROWS`` in a project. Rows past that are shown until another project
        replaces this one, but not saved. A frame that came from no file (a synthetic one:
        ``table_events`` 0) is only shown.

        Returns the lines the Problems panel adds to ``loaded.errors`` (the caller shows
        them, and counts them with the errors): one saying how many rows are not saved, or
        none. Raises nothing of its own."""
        if loaded.articles:
            self.push(AddArticles(loaded.articles, loaded.frame))
            return []
        if not loaded.table_events:
            self._state.set_data(loaded.frame, [])
            return []
        notes: list[str] = []
        project = self.project
        held = len(project.base_events())
        room = max(0, SAVED_TABLE_ROWS - held)
        read = frame = loaded.frame
        # Into a project with no events, no correction and no rule (a new one), the project's
        # table is the first rows read, as they are: the rows read are shown as they came,
        # and the view's own Arrow text keeps the unsaved ones (no conversion, no copy).
        as_read = (not held and self._unsaved is None and not project.corrections()
                   and not any(rule.enabled for rule in project.rules()))
        unsaved = len(frame) - room
        if unsaved > 0:
            if not as_read:
                # Held in the view's storage (no Python object per row), as the view holds
                # them.
                rest = arrow_text(frame.iloc[room:])
                self._unsaved = rest if self._unsaved is None else concat_tables(
                    [self._unsaved, rest])
            notes.append(
                f"{unsaved:,} of the {len(frame):,} events read from event tables are "
                f"shown but not saved with the project (a project keeps at most "
                f"{SAVED_TABLE_ROWS:,} events from tables): open the table file again with "
                "it")
            # The rows kept in arrays of their own: a slice would keep every row read alive
            # for as long as the project and the undo step hold it (the unsaved rows' texts:
            # about 640 MB at a million events).
            frame = frame.iloc[:room].copy()
        if not len(frame):
            self.refresh()
            return notes
        # The reader's own validated frame, the very object (not a copy or a slice), is
        # not validated again by the view (Loaded.checked).
        checked = as_read and loaded.checked is not None and loaded.checked is read
        done = self._push(AddEvents(frame), shown=read if as_read else None,
                          checked=checked)
        if as_read and unsaved > 0:
            # The view's table is the rows read (or, if the project refused them, still
            # the one before): the rows past ``room`` are held as the view holds them.
            shown = self._state.frame
            self._unsaved = (shown.iloc[room:] if done
                             else arrow_text(read.iloc[room:]))
        return notes

    @property
    def name(self) -> str:
        """The project's file name, "Untitled" before its first save."""
        return self.project.path.name if self.project.path else "Untitled"

    def _on_clean_changed(self, _clean: bool) -> None:
        # The stack says "clean" once more while the window is being destroyed.
        if shiboken6.isValid(self._host):
            self._update_title()

    def _update_title(self) -> None:
        base = self._host.windowTitle().split(" · ", 1)[-1]
        star = "*" if self.project.modified else ""
        self._host.setWindowTitle(f"{self.name}{star} · {base}")

    def _replace_project(self, project: Project) -> None:
        old = self.project
        self.project = project
        self._unsaved = None  # rows shown but not saved belong to the project replaced
        self.undo_stack.clear()
        old.close()
        self.refresh(keep_view=False)
        self.presenter.apply_settings(project.setting("view"))
        self._apply_saved_tiles()
        self._update_title()

    # -- tile packages ----------------------------------------------------------------

    def _apply_saved_tiles(self) -> None:
        """Show the tile package the project remembers (or none). One that no longer opens
        is a line under Problems; the map falls back to the basemap alone."""
        path = saved_tiles_path(self.project.setting(TILES_SETTING))
        if path is None:
            if self._map.tile_package is not None:
                self._map.set_tiles(None)
            return
        try:
            package = open_tile_package(path)
        except SitmapError as exc:
            self._map.set_tiles(None)
            self._show_problems([f"{exc} (the project's tile package; the built-in basemap "
                                 "is shown)"])
            return
        self._map.set_tiles(package)

    def open_tiles(self, path: str | Path) -> bool:
        """View > Map Tiles > Open Tile Package…: check the MBTiles or PMTiles file at
        ``path`` and show it over the basemap, remembered with the project. A package that
        is refused is a message naming the file, and the map stays as it was. Returns
        whether it is shown."""
        try:
            package = open_tile_package(path)
        except SitmapError as exc:
            self.prompts.error("Cannot use the tile package", str(exc))
            return False
        self._map.set_tiles(package)
        try:
            self.project.set_setting(TILES_SETTING, tiles_setting(path))
        except (ProjectError, TypeError) as exc:
            self._status.showMessage(f"The tile package is shown but not remembered: {exc}",
                                     10_000)
        else:
            self._update_title()
        credit = package.info.attribution
        self._status.showMessage(
            f"Tile package {package.info.name}" + (f" ({credit})" if credit else ""), 8000)
        return True

    def clear_tiles(self) -> None:
        """View > Map Tiles > Built-in Basemap Only: no tile package, for this project too."""
        self._map.set_tiles(None)
        if self.project.setting(TILES_SETTING) is not None:
            self.project.set_setting(TILES_SETTING, None)
            self._update_title()

    # -- file menu --------------------------------------------------------------------

    def _may_discard(self) -> bool:
        """Ask to save a modified project with a file; ``False`` means stay."""
        if not self.project.modified:
            return True
        if self.project.path is None:
            # Untitled work is kept in the untitled autosave rather than asked about.
            self.autosave()
            return True
        answer = self.prompts.save_changes(self.name)
        if answer is None:
            return False
        return self.save() if answer else True

    def new_project(self) -> None:
        """Start an empty, untitled project (after offering to save the current one)."""
        if self._may_discard():
            self._replace_project(Project.new())

    def ask_open(self) -> None:
        """File > Open Project…: choose a file and open it."""
        path = self.prompts.open_path()
        if path is not None:
            self.open_project(path)

    def open_project(self, path: str | Path) -> bool:
        """Open the project at ``path``, offering its autosave when that is newer.

        A file that does not open (missing, damaged, newer format) is reported in a message
        box naming it and left as it is; the current project stays. Work recovered for a
        file that does not open comes up untitled (to be saved under another name). What
        was dropped while reading (invalid settings or scenes) is listed under Problems.
        Returns whether the project was opened.
        """
        path = Path(path)
        if not self._may_discard():
            return False
        try:
            autosave = Project.recovery_for(path)
            # An autosave in the cache folder does not say which file it is of: name it.
            elsewhere = autosave is not None and autosave != Project.recovery_path(path)
            if autosave is not None and (self.prompts.recover(autosave, path) if elsewhere
                                         else self.prompts.recover(autosave)):
                project = Project.recover(path)
            else:
                if autosave is not None:
                    Project.discard_recovery(path)
                project = Project.open(path)
        except SitmapError as exc:
            self.recent.remove(path)
            self.prompts.error("Cannot open the project", str(exc))
            return False
        if project.path is not None:
            self.recent.add(path)
        self._replace_project(project)
        self._status.showMessage(f"Opened {path}", 5000)
        if project.notices:
            self._show_problems(project.notices)
            self._status.showMessage(
                f"Opened {path}; {len(project.notices)} problems", 10_000)
        if project.path is None:
            self.prompts.error("Recovered work not put in place", "\n".join(project.notices))
        return True

    def save(self) -> bool:
        """File > Save: write the project (asking for a name the first time). Returns
        whether it was written."""
        if self.project.path is None:
            return self.ask_save_as()
        return self.save_as(self.project.path)

    def ask_save_as(self) -> bool:
        """File > Save As…: choose a file name and save there."""
        path = self.prompts.save_path(str(self.project.path or "briefing.sitmap"))
        if path is None:
            return False
        if not path.suffix:
            path = path.with_suffix(PROJECT_SUFFIX)
        return self.save_as(path)

    def save_as(self, path: str | Path) -> bool:
        """Write the project, with the current view settings, atomically to ``path``.
        Errors go to a message box; returns whether it was written."""
        was_untitled = self.project.path is None
        try:
            self.project.set_setting("view", self.presenter.view_settings())
        except SitmapError as exc:
            # The rest of the project is still saved; only the view is not kept.
            self.prompts.error("The view is not saved with the project", str(exc))
        try:
            written = self.project.save(path)
        except SitmapError as exc:
            self.prompts.error("Cannot save the project", str(exc))
            return False
        if was_untitled:
            self.untitled_autosave.unlink(missing_ok=True)
        self.recent.add(written)
        self.undo_stack.setClean()
        self._update_title()
        self._status.showMessage(f"Saved {written}", 5000)
        return True

    # -- autosave ---------------------------------------------------------------------

    def set_autosave_minutes(self, minutes: float) -> None:
        """Autosave every ``minutes`` while there are unsaved changes, and about a second
        after each edit; 0 turns both off."""
        self.autosave_timer.stop()
        self.edit_autosave_timer.stop()
        self.debounce.saved()
        self._autosave_on = minutes > 0
        if minutes > 0:
            self.autosave_timer.start(int(minutes * 60_000))

    def _on_edit(self, _index: int) -> None:
        if self._autosave_on:
            self.edit_autosave_timer.start(self.debounce.edited(self.clock_ms()))

    def _autosave_after_edit(self) -> None:
        self.debounce.saved()
        self.autosave()

    def autosave(self) -> Path | None:
        """Write the recovery copy if the project has unsaved changes; return its path
        (``None`` when there was nothing to save or writing failed, said in the status
        bar)."""
        project = self.project
        if not project.modified or (project.path is None and not _work_in(project)):
            return None
        try:
            path = project.autosave(None if project.path else self.untitled_autosave)
        except SitmapError as exc:
            self._status.showMessage(f"Autosave failed: {exc}", 10_000)
            return None
        stamp = dt.datetime.now().strftime("%H:%M")
        if project.path is not None and path != Project.recovery_path(project.path):
            where = f"Autosaved at {stamp} to {path}"
            if self._told_fallback != path:
                self._told_fallback = path
                self._show_problems([
                    f"{Project.recovery_path(project.path)}: cannot be written; sitmap "
                    f"autosaves this project to {path} instead (offered back on the next "
                    "open)"])
            self._status.showMessage(where, 10_000)
            return path
        self._status.showMessage(f"Autosaved at {stamp}", 4000)
        return path

    def recover_untitled(self) -> bool:
        """Offer the untitled autosave, if there is one; returns whether it was opened."""
        autosave = self.untitled_autosave
        if not autosave.exists():
            self._status.showMessage("There is no unsaved work to recover", 5000)
            return False
        if not self.prompts.recover(autosave) or not self._may_discard():
            return False
        try:
            project = Project.open(autosave)
        except SitmapError as exc:
            self.prompts.error("Cannot recover", str(exc))
            return False
        project.path = None
        project.modified = True
        self._replace_project(project)
        return True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (watched is self._host and event.type() == QEvent.Type.Close
                and not self._may_discard()):
            event.ignore()
            return True
        return super().eventFilter(watched, event)

    def frame(self) -> pd.DataFrame:
        """The table shown (the project's corrected events, or a synthetic one)."""
        return self._state.frame

    def not_correctable(self, event_id: str) -> str:
        """Why ``event_id`` cannot be corrected, ``""`` when it can: a row shown but not
        saved with the project (read from event tables past ``SAVED_TABLE_ROWS``) has no
        saved row for a correction to apply to. Raises nothing."""
        unsaved = self._unsaved
        if unsaved is None or not len(unsaved) or not (unsaved["event_id"] == event_id).any():
            return ""
        return ("This event is shown but not saved with the project (a project keeps at "
                f"most {SAVED_TABLE_ROWS:,} events from event tables), so it cannot be "
                "corrected. To correct it, open its table in a new project on its own, or "
                "in parts.")


def _work_in(project: Project) -> bool:
    """Whether an untitled project holds work that exists nowhere else: corrections, rules,
    scenes, or articles whose files are gone. Articles read from files on disk are not: the
    seeds viewed and closed are not "unsaved work" to offer back at the next start."""
    if project.corrections() or project.rules() or project.scenes():
        return True
    return any(not a.path or not Path(a.path).is_file() for a in project.articles())
