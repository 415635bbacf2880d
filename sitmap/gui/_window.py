"""The main window: map in the middle, time bar under it, article and legend on the right,
event table at the bottom, menus, status bar, drag-and-drop, remembered layout."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSettings, Qt
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPageLayout,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QListWidget,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from sitmap import __version__
from sitmap._about import ABOUT
from sitmap._atomic import write_atomically
from sitmap.errors import ExportError, SitmapError
from sitmap.events import ColumnMap, mapping_header
from sitmap.gui._annotate import Annotator
from sitmap.gui._article import ArticlePanel
from sitmap.gui._columns import ask_columns, remember_columns, remembered_columns
from sitmap.gui._corrections import Corrections
from sitmap.gui._ingest import IngestJob
from sitmap.gui._mapview import MapView
from sitmap.gui._present import Presenter
from sitmap.gui._review import ReviewPanel
from sitmap.gui._slides import SceneRenderer, paint_map_page
from sitmap.gui._state import AppState
from sitmap.gui._table import EventTable
from sitmap.gui._timeline import TimeBar
from sitmap.gui._towns import TownLabels
from sitmap.gui._workflow import Prompts, Workflow, ask_plain
from sitmap.mapping import ATTRIBUTION, CATEGORY_COLORS
from sitmap.mapping._formats import ExportRequest, dialog_filters, format_for, write_export
from sitmap.mapping._tiles import DEFAULT_EMBED_MAX_BYTES, embed_for_export
from sitmap.pipeline import (
    Loaded,
    NameIndex,
    PlaceIndex,
    prepare_names,
    prepare_place_index,
)
from sitmap.pipeline._early import take_early_load
from sitmap.project import MarkReviewed, RecentProjects, Review, Target, auto_storyboard

__all__ = ["MainWindow"]

_ARTICLE_FILTER = ("Articles and event tables (*.txt *.md *.markdown *.html *.htm *.csv *.jsonl "
                   "*.ndjson *.geojson *.parquet);;Articles (*.txt *.md *.markdown *.html "
                   "*.htm);;Event tables (*.csv *.jsonl *.ndjson *.geojson *.parquet);;"
                   "All files (*)")
AskColumns = Callable[[QWidget, str, Sequence[str], ColumnMap | None], ColumnMap | None]
"""Asks which columns of an event table of unknown layout hold what: (parent, file, header,
the map to start from) -> the map chosen, ``None`` when the user cancels."""


class MainWindow(QMainWindow):
    """sitmap's window over an :class:`AppState`.

    ``settings`` stores the window layout between runs (``None``: nothing is remembered,
    as for scripted screenshots; tests pass their own ini file). The window assembles the
    panels, docks and menus; its collaborators can be handed in (tests pass fakes):
    ``prompts`` makes the dialogs given the window as their parent, ``recent``,
    ``untitled_autosave`` and ``autosave_minutes`` go to the :class:`Workflow`,
    ``place_index`` and ``name_index`` prepare the gazetteer and the geoparser's names,
    ``ask_columns`` asks for the columns of an event table of unknown layout.
    """

    def __init__(
        self,
        state: AppState | None = None,
        *,
        settings: QSettings | None = None,
        prompts: Callable[[QWidget], Prompts] | None = None,
        recent: RecentProjects | None = None,
        untitled_autosave: Path | None = None,
        autosave_minutes: float | None = None,
        place_index: PlaceIndex = prepare_place_index,
        name_index: NameIndex = prepare_names,
        ask_columns: AskColumns = ask_columns,
    ) -> None:
        super().__init__()
        self.ask_columns = ask_columns
        self.state = state if state is not None else AppState(self)
        self._settings = settings
        self._job: IngestJob | None = None
        self._progress: QProgressDialog | None = None
        self._replaced: list[IngestJob] = []  # cancelled by a newer open, still stopping
        self._latest_progress: tuple[str, int, int] | None = None
        self._applying_progress = False
        # Compiles the gazetteer on the first run, with progress (tests hand in a fake).
        self.place_index: PlaceIndex = place_index
        # Then sets the geoparser up: the first run's name table is a step of its own.
        self.name_index: NameIndex = name_index
        self.setWindowTitle("sitmap")
        self.setAcceptDrops(True)
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks)

        self.map = MapView(self.state, parent=self)
        # Drops on the map go to the window (open the files) rather than to the web page.
        self.map.setAcceptDrops(False)
        self.time_bar = TimeBar(self.state, self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.map, 1)
        column.addWidget(self.time_bar)
        self.setCentralWidget(central)

        self.article = ArticlePanel(self.state, self)
        self.article_dock = self._dock(
            "Article", self.article, Qt.DockWidgetArea.RightDockWidgetArea
        )

        self.table = EventTable(self.state, self)
        self.table_dock = self._dock("Events", self.table, Qt.DockWidgetArea.BottomDockWidgetArea)

        self.problems = QListWidget(self)
        self.problems.setWordWrap(True)
        self.problems_dock = self._dock(
            "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.tabifyDockWidget(self.table_dock, self.problems_dock)
        self.problems_dock.hide()
        self.table_dock.raise_()

        self.counts = QLabel(self)
        self.statusBar().addPermanentWidget(self.counts)
        self._build_menus()

        self.state.dataChanged.connect(self._update_counts)
        self.state.rangeChanged.connect(self._update_counts)
        self.state.filterChanged.connect(self._update_counts)
        self.map.loadFailed.connect(lambda why: self.statusBar().showMessage(why))
        self.map.articleRequested.connect(lambda _event_id: self.show_article())
        # The legend's fold is the user's: kept when the page is rebuilt and between runs.
        self._legend_open: bool | None = None
        if settings is not None and settings.contains(_LEGEND_KEY):
            self._legend_open = settings.value(_LEGEND_KEY, type=bool)  # type: ignore[assignment]
        self.map.legendToggled.connect(self._keep_legend_fold)
        self.map.mapReady.connect(self._restore_legend_fold)
        self.map.mapReady.connect(self._warm_town_names)
        self._towns_warmed = False
        self.towns = TownLabels(self.map, self)
        self._update_counts()
        self.resize(1400, 900)
        self.resizeDocks([self.article_dock], [360], Qt.Orientation.Horizontal)
        self.resizeDocks([self.table_dock], [190], Qt.Orientation.Vertical)
        # The project behind the window: file menu, undo stack, corrections, scenes.
        options: dict[str, object] = {"recent": recent, "untitled_autosave": untitled_autosave}
        if autosave_minutes is not None:
            options["autosave_minutes"] = autosave_minutes
        self.workflow = Workflow(
            self.state, self.map, host=self, status=self.statusBar(),
            show_problems=self.show_problems,
            prompts=prompts(self) if prompts is not None else None,
            **options,  # type: ignore[arg-type]
        )
        self._build_controllers()
        self._restore_layout()

    def _build_controllers(self) -> None:
        """The corrections and the presenter over the workflow; their panels docked, their
        actions in the menus."""
        flow = self.workflow
        bar = self.statusBar()
        corrections = Corrections(flow, state=self.state, mapview=self.map, table=self.table,
                                  status=bar, parent=self)
        presenter = Presenter(flow, state=self.state, mapview=self.map, status=bar, host=self,
                              chrome=self._chrome)
        flow.attach(corrections, presenter)
        self.annotator = Annotator(flow, state=self.state, mapview=self.map, status=bar,
                                   host=self, current_scene=presenter.current_scene_id)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.annotator.toolbar)
        # Hidden until asked for (View > Draw Toolbar; the window keeps the choice): the
        # map keeps its height, and the Draw menu has every tool anyway.
        self.annotator.toolbar.hide()
        draw_menu = QMenu("&Draw", self.menuBar())
        self.menuBar().insertMenu(self._menus["&Help"].menuAction(), draw_menu)
        self._menus["&Draw"] = draw_menu
        for item in self.annotator.menu_items():
            if item is None:
                draw_menu.addSeparator()
            elif isinstance(item, QMenu):
                draw_menu.addMenu(item)
            else:
                draw_menu.addAction(item)
        self._prepend(self._menus["&File"], flow.file_actions())
        self._prepend(self._menus["&Edit"], flow.edit_actions())

        self.rules_dock = self._dock("Rules", corrections.rules,
                                     Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.article_dock, self.rules_dock)
        self.article_dock.raise_()
        correct = QMenu("&Correct", self.menuBar())
        self.menuBar().insertMenu(self._menus["&Help"].menuAction(), correct)
        self._menus["&Correct"] = correct
        for action in corrections.actions():
            if action is None:
                correct.addSeparator()
            else:
                correct.addAction(action)
        correct.addSeparator()
        correct.addAction(self.rules_dock.toggleViewAction())
        self._build_review(corrections)

        central = self.centralWidget()
        column = central.layout() if central is not None else None
        if isinstance(column, QBoxLayout):
            column.insertWidget(0, presenter.caption)
        self.storyboard_dock = self._dock("Storyboard", presenter.storyboard,
                                          Qt.DockWidgetArea.RightDockWidgetArea)
        self.tabifyDockWidget(self.article_dock, self.storyboard_dock)
        self.article_dock.raise_()
        view = self._menus["&View"]
        self._prepend(view, list(presenter.actions()))
        view.addAction(self.storyboard_dock.toggleViewAction())
        draw = self.annotator.toolbar.toggleViewAction()
        draw.setText("&Draw Toolbar")
        view.addAction(draw)

    def _build_review(self, corrections: Corrections) -> None:
        """The Review panel, tabbed with the event table: its accept becomes an undoable
        review mark, its fix and edit the Correct menu's dialogs."""
        flow = self.workflow
        self.review = ReviewPanel(self.state, self)
        self.review_dock = self._dock("Review", self.review,
                                      Qt.DockWidgetArea.BottomDockWidgetArea)
        self.tabifyDockWidget(self.table_dock, self.review_dock)
        self.table_dock.raise_()

        def accept(event_id: str) -> None:
            frame = self.state.frame
            flow.push(MarkReviewed(Review(Target.of_event(frame, event_id)), label=str(
                frame.loc[frame["event_id"] == event_id, "toponym_text"].iloc[0])))

        def reload() -> None:
            frame = self.state.frame
            reviewed = flow.project.reviewed(frame) if len(frame) else None
            self.review.reload(frozenset(frame.loc[reviewed, "event_id"])
                               if reviewed is not None else frozenset())

        self.review.acceptRequested.connect(accept)
        self.review.fixRequested.connect(lambda _eid: corrections.ask_choose_place())
        self.review.editRequested.connect(lambda _eid: corrections.ask_edit_event())
        flow.refreshed.append(reload)
        # A tab brought to the front is "visible" (its dock stays shown behind the other).
        self.review_dock.visibilityChanged.connect(
            lambda visible: self.review.show_current() if visible else None)
        self._menus["&Correct"].addAction(self.review_dock.toggleViewAction())

    def _chrome(self) -> list[QWidget]:
        """What presenting hides: the menu bar, the status bar, the toolbars and the visible
        docks."""
        chrome: list[QWidget] = [self.menuBar(), self.statusBar()]
        chrome += [b for b in self.findChildren(QToolBar) if b.isVisible()]
        return chrome + [d for d in self.findChildren(QDockWidget) if d.isVisible()]

    @staticmethod
    def _prepend(menu: QMenu, items: Sequence[QAction | QMenu | None]) -> None:
        """Put ``items`` (``None``: a separator) at the top of ``menu``, in order."""
        actions = menu.actions()
        first = actions[0] if actions else None
        for item in items:
            if isinstance(item, QMenu):
                item = item.menuAction()
            elif item is None:
                item = QAction(menu)
                item.setSeparator(True)
            if first is None:
                menu.addAction(item)
            else:
                menu.insertAction(first, item)

    def menu(self, title: str) -> QMenu:
        """The window's menu called ``title`` ("&File", "&Edit", "&View", "&Correct",
        "&Draw", "&Help").

        Raises:
            KeyError: there is no such menu.
        """
        return self._menus[title]

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock-{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    # -- menus ------------------------------------------------------------------------

    def _action(self, text: str, slot: Callable[..., object],
                shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
                *, checkable: bool = False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        return action

    def _build_menus(self) -> None:
        self._menus: dict[str, QMenu] = {}
        menu = self._menus["&File"] = self.menuBar().addMenu("&File")
        menu.addAction(self._action("&Open…", self._ask_open_files, QKeySequence.StandardKey.Open))
        menu.addAction(self._action("Open &Folder…", self._ask_open_folder, "Ctrl+Shift+O"))
        menu.addAction(self._action("&Export…", self._ask_export, "Ctrl+E"))
        menu.addAction(self._action("Export &Reviewed Events Only…",
                                    lambda: self._ask_export(reviewed_only=True)))
        briefing = menu.addMenu("Export &Briefing")
        for label, suffix in dialog_filters(briefing=True).items():
            name = label.split(" (", 1)[0]
            briefing.addAction(self._action(
                f"{name}…", lambda _checked=False, f=label, x=suffix: self._ask_briefing(f, x)))
        menu.addAction(self._action("&Print…", self._ask_print, QKeySequence.StandardKey.Print))
        menu.addSeparator()
        # Not StandardKey.Quit: that is empty on Windows and on some Linux platform themes.
        self.quit_action = self._action("&Quit", self.close, "Ctrl+Q")
        menu.addAction(self.quit_action)

        menu = self._menus["&Edit"] = self.menuBar().addMenu("&Edit")
        find = self._action("&Find…", self.table.focus_filter, QKeySequence.StandardKey.Find)
        menu.addAction(find)

        menu = self._menus["&View"] = self.menuBar().addMenu("&View")
        menu.addAction(self._action("&Zoom to Events", self.map.fit_events, "Ctrl+0"))
        background = self._action(
            "Show &Background Places", self.state.set_show_background, checkable=True
        )
        background.setChecked(self.state.show_background)
        menu.addAction(background)
        menu.addSeparator()
        # The map's optional layers; the page's layer control switches them too.
        self.layer_actions: dict[str, QAction] = {}
        for name, text, tip in (
            ("heat", "&Heatmap", "Event density as a heatmap under the marks"),
            ("sized", "Size Marks by &Casualties",
             "A mark's area grows with its killed + injured"),
            ("icons", "Category &Icons", "A shape per category instead of plain dots"),
        ):
            action = self._action(text, lambda on, n=name: self.map.set_layers(**{n: on}),
                                  checkable=True)
            action.setToolTip(tip)
            action.setChecked(self.map.layers[name])
            self.layer_actions[name] = action
            menu.addAction(action)
        self.map.layersChanged.connect(self._show_layers)
        menu.addSeparator()
        self.online_action = self._action("Allow &Online Map Tiles", self._set_online,
                                          checkable=True)
        self.online_action.setToolTip("Off: no request leaves this machine")
        menu.addAction(self.online_action)
        tiles = menu.addMenu("Map &Tiles")
        tiles.addAction(self._action("&Open Tile Package…", self._ask_tiles))
        tiles.addAction(self._action("&Built-in Basemap Only",
                                     lambda: self.workflow.clear_tiles()))
        menu.addSeparator()
        for dock in (self.article_dock, self.table_dock, self.problems_dock):
            menu.addAction(dock.toggleViewAction())

        menu = self._menus["&Help"] = self.menuBar().addMenu("&Help")
        menu.addAction(self._action("&About sitmap", self._about))

    def _show_layers(self, layers: dict[str, bool]) -> None:
        """Tick the View menu's layer items as the page's layer control set them."""
        for name, action in self.layer_actions.items():
            if action.isChecked() != layers.get(name, False):
                action.blockSignals(True)
                action.setChecked(layers.get(name, False))
                action.blockSignals(False)

    def _ask_tiles(self) -> None:
        """Choose an MBTiles or PMTiles file and show it over the basemap (the workflow
        checks it and remembers it with the project)."""
        target, _chosen = QFileDialog.getOpenFileName(
            self, "Open Tile Package", "",
            "Tile packages (*.mbtiles *.pmtiles);;All files (*)")
        if target:
            self.workflow.open_tiles(target)

    def _set_online(self, allowed: bool) -> None:
        self.map.set_online(allowed)
        self.statusBar().showMessage(
            "Online tiles allowed: the map may now contact tile servers"
            if allowed
            else "Offline: no request leaves this machine",
            5000,
        )

    def _about(self) -> None:
        box = QMessageBox(self)
        box.setWindowTitle("About sitmap")
        box.setTextFormat(Qt.TextFormat.PlainText)
        box.setText(ABOUT.format(version=__version__))
        box.setIcon(QMessageBox.Icon.Information)
        box.exec()

    # -- opening ----------------------------------------------------------------------

    def _ask_open_files(self) -> None:
        files, _ = QFileDialog.getOpenFileNames(self, "Open articles or event tables", "",
                                                _ARTICLE_FILTER)
        if files:
            self.open_paths(files)

    def _ask_open_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open a folder of articles or a Parquet event dataset")
        if folder:
            self.open_paths([folder])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_paths(paths)

    def _column_maps(self, paths: Sequence[str | Path],
                     given: ColumnMap | None) -> dict[str, ColumnMap]:
        """For each event table of unknown layout among ``paths`` (a CSV, JSON Lines,
        GeoJSON or Parquet table without sitmap's columns, :func:`mapping_header`), the
        column map to read it with: ``given`` (``--columns``) when it fits the header, else
        the one remembered for the header, else the user's choice in the column dialog
        (then remembered). A file the user cancels has none (its problem line says so)."""
        maps: dict[str, ColumnMap] = {}
        for path in paths:
            header = mapping_header(path)
            if header is None:
                continue  # a layout sitmap knows, no table, or reading it says what is wrong
            mapping = given if given is not None and not given.missing_in(header) else None
            mapping = mapping or remembered_columns(self._settings, header)
            if mapping is None:
                mapping = self.ask_columns(self, str(path), header, given)
                if mapping is None:
                    continue
                remember_columns(self._settings, header, mapping)
            maps[str(path)] = mapping
        return maps

    def open_paths(self, paths: Sequence[str | Path], *,
                   columns: ColumnMap | None = None) -> IngestJob:
        """Read articles and event tables from files and folders in the background, with
        a progress dialog and cancel; show them when done. An event table of unknown
        layout is read with ``columns`` when they fit it, else with the columns remembered
        for its header, else the user is asked (:class:`sitmap.gui._columns.ColumnDialog`)
        before anything is read. The articles of a load started before the window on the
        same ``paths`` (``start_application(preload=...)``, as ``sitmap open`` does) are
        taken from it instead of being read again, when the window reads with the default
        gazetteer and name table and no CSV table needs a column map; so are the event
        tables read since start-up (``sitmap open archive.parquet``) when they were read
        with the column maps found here. Returns the running job."""
        maps = self._column_maps(paths, columns)
        early = take_early_load(
            paths, maps=maps,
            articles=self.place_index is prepare_place_index
            and self.name_index is prepare_names)
        if self._job is not None:
            # The newer job replaces the old one, and its dialog with it.
            self._job.cancel()
            self._job.progressed.disconnect(self._on_progress)
            self._job.building.disconnect(self._on_building)
            self._job.preparing.disconnect(self._on_preparing)
            self._job.parsed.disconnect(self._on_parsed)
            self._replaced.append(self._job)
            self._close_progress()
        job = IngestJob(paths, self, place_index=self.place_index, name_index=self.name_index,
                        columns=lambda path, _header: maps.get(path), early=early)
        progress = QProgressDialog(f"Looking for articles…{_NO_PROGRESS}", "Cancel", 0, 0, self)
        # The label shows file names ("Reading <name>…"): plain text, never markup.
        label = QLabel(progress)
        label.setTextFormat(Qt.TextFormat.PlainText)
        progress.setLabel(label)
        progress.setLabelText(f"Looking for articles…{_NO_PROGRESS}")
        progress.setWindowTitle("Opening")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(400)
        # A step's bar may reach its end before the next step starts: the dialog stays up
        # until the job is done (_close_progress), not until one bar is full.
        progress.setAutoReset(False)
        progress.setAutoClose(False)
        progress.canceled.connect(job.cancel)
        # The dialog holds the keyboard while it shows (window-modal): Ctrl+Q must quit
        # from it too (closing cancels the job).
        progress.addAction(self.quit_action)
        job.progressed.connect(self._on_progress)
        job.building.connect(self._on_building)
        job.preparing.connect(self._on_preparing)
        job.parsed.connect(self._on_parsed)
        job.finished.connect(lambda loaded: self._on_loaded(job, loaded))
        job.failed.connect(lambda message: self._on_failed(job, message))
        self._job, self._progress = job, progress
        job.start()
        return job

    def _on_progress(self, done: int, total: int, path: str) -> None:
        if path:
            self._show_progress(f"Reading {Path(path).name} ({done + 1} of {total})…",
                                done, total)
        else:
            self._on_parsed(0, total)

    def _on_building(self, _message: str, fraction: float) -> None:
        percent = max(0, min(100, int(fraction * 100)))
        self._show_progress(f"Building the place index (first run only)… {percent}%",
                            percent, 100)

    def _on_preparing(self) -> None:
        # Deriving the name table (first run) reports nothing: a busy bar, and a label
        # that says so.
        self._show_progress(f"Getting the place names ready for matching…{_NO_PROGRESS}",
                            0, 0)

    def _on_parsed(self, done: int, total: int) -> None:
        if done < total:
            label = f"Finding places and dates: {done} of {_articles(total)} done…"
        else:
            label = (f"Finding places and dates: all {_articles(total)} done; "
                     f"putting the events on the map…{_NO_PROGRESS}")
        self._show_progress(label, done, max(total, 1))

    def _show_progress(self, label: str, value: int, maximum: int) -> None:
        """Show the latest step in the dialog: its label and its bar always together.

        ``QProgressDialog.setValue`` handles pending events while the dialog is modal, so
        newer progress can arrive inside it; that one is only noted, and applied here once
        the call returns, so an older label never lands over a newer bar.
        """
        self._latest_progress = (label, value, maximum)
        if self._applying_progress:
            return
        self._applying_progress = True
        try:
            shown = None
            while self._progress is not None and self._latest_progress != shown:
                shown = self._latest_progress
                text, at, top = shown
                self._progress.setLabelText(text)
                self._progress.setMaximum(top)
                self._progress.setValue(at)  # may deliver newer progress (see above)
        finally:
            self._applying_progress = False

    def _close_progress(self) -> None:
        if self._progress is not None:
            self._progress.reset()  # hides it and stops its show-after-400-ms timer
            self._progress.hide()
            self._progress.deleteLater()
            self._progress = None

    def _end_job(self, job: IngestJob) -> bool:
        if job is not self._job:
            # A newer job replaced this one: what it read is not shown.
            if job in self._replaced:
                self._replaced.remove(job)
            job.deleteLater()
            return False
        self._close_progress()
        self._job = None
        job.deleteLater()
        # The first run's job has compiled the gazetteer: the view's towns can come now.
        self.towns.refresh()
        return True

    def _on_loaded(self, job: IngestJob, loaded: Loaded) -> None:
        if self._end_job(job):
            self.show_loaded(loaded)

    def _on_failed(self, job: IngestJob, message: str) -> None:
        if self._end_job(job):
            self.show_problems([f"Opening failed: {message}"])

    def show_loaded(self, loaded: Loaded) -> None:
        """Show what loading produced: events on every view, problems in their list (the
        status bar counts every line the list shows: the notices, lines that say how a
        table was read, apart from the problems)."""
        self.show_problems(loaded.errors)
        if loaded.cancelled and not loaded.articles:
            self.statusBar().showMessage("Opening cancelled: no articles added", 8000)
            return
        lines = [*loaded.errors, *self.workflow.add_loaded(loaded)]
        if len(lines) > len(loaded.errors):
            self.show_problems(lines)
        if loaded.articles:
            self.article_dock.show()
        elif loaded.table_events and not self.state.articles:
            # Events from a table have no article to read: their notes are the passage in
            # the popup and the table. An empty Article panel would only mislead.
            self.article_dock.hide()
        count = f"{len(loaded.articles):,} article{'s' if len(loaded.articles) != 1 else ''}"
        if loaded.table_events:
            events = f"{loaded.table_events:,} event{'s' if loaded.table_events != 1 else ''}"
            count = (f"{count} and {events} from event tables" if loaded.articles
                     else f"{events} from event tables")
        said = set(loaded.notices)
        notices = sum(1 for line in lines if line in said)
        counted = _problems(len(lines) - notices) + (
            f", {notices} notice{'s' if notices != 1 else ''}" if notices else "")
        if loaded.cancelled:
            message = (f"Opening cancelled: added the {count} read and mapped before it "
                       f"stopped, the rest left out; {counted}")
        else:
            message = f"Read {count}, {counted}"
        self.statusBar().showMessage(message, 8000)

    def _keep_legend_fold(self, is_open: bool) -> None:
        self._legend_open = is_open
        if self._settings is not None:
            self._settings.setValue(_LEGEND_KEY, is_open)
            self._settings.sync()

    def _warm_town_names(self) -> None:
        """Once the first page is ready, read the gazetteer's town list for the map's names in
        a background thread (``labels_for`` keeps it for the process), so the first file the
        user opens does not wait for it (about 0.05 s of a 10k table's first open). A
        gazetteer not compiled yet is left alone (``build_index=False``)."""
        if self._towns_warmed:
            return
        self._towns_warmed = True

        def warm() -> None:
            import pandas as pd

            from sitmap.mapping import labels_for

            labels_for(pd.DataFrame({"lat": [0.0], "lon": [0.0]}), build_index=False)

        threading.Thread(target=warm, name="sitmap-warm-towns", daemon=True).start()

    def _restore_legend_fold(self) -> None:
        if self._legend_open is not None:
            self.map.set_legend_open(self._legend_open)

    def show_article(self) -> None:
        """Bring the Article panel forward (its tab may be behind the Rules tab, or it may
        have been closed)."""
        self.article_dock.show()
        self.article_dock.raise_()

    def show_problems(self, messages: Sequence[str]) -> None:
        """List problems with individual files; the list shows only when there are some."""
        self.problems.clear()
        self.problems.addItems(list(messages))
        self.problems_dock.setVisible(bool(messages))
        if messages:
            self.problems_dock.raise_()

    # -- export -----------------------------------------------------------------------

    def _ask_export(self, *, reviewed_only: bool = False) -> None:
        filters = dialog_filters()
        target, chosen = QFileDialog.getSaveFileName(
            self, "Export Reviewed Events" if reviewed_only else "Export",
            "sitmap-export.html", ";;".join(filters)
        )
        if not target:
            return
        path = Path(target)
        if not path.suffix:
            path = path.with_suffix(filters.get(chosen, ".html"))
        try:
            self.export(path, reviewed_only=reviewed_only)
        except (SitmapError, OSError) as exc:
            ask_plain(self, QMessageBox.Icon.Warning, "Export failed", str(exc))
        else:
            self.statusBar().showMessage(f"Exported {path}", 8000)

    def _ask_briefing(self, dialog_filter: str, suffix: str) -> None:
        """Ask where to write the storyboard as slides or pages (``suffix``), and write it."""
        target, _chosen = QFileDialog.getSaveFileName(
            self, "Export Briefing", f"briefing{suffix}", dialog_filter)
        if not target:
            return
        path = Path(target)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        self.statusBar().showMessage(f"Drawing the scenes for {path.name}…")
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.export(path)
        except (SitmapError, OSError) as exc:
            QApplication.restoreOverrideCursor()
            ask_plain(self, QMessageBox.Icon.Warning, "Export failed", str(exc))
        else:
            QApplication.restoreOverrideCursor()
            self.statusBar().showMessage(f"Exported {path}", 8000)

    def export(self, path: Path, *, reviewed_only: bool = False) -> None:
        """Export to ``path``, the format following its suffix (the registry in
        ``sitmap.mapping._formats``): ``.html`` a standalone map of all events starting with
        the current range and filters, the storyboard as its slideshow; ``.geojson`` /
        ``.kml`` / ``.csv`` the visible events; ``.png`` a picture of the map view;
        ``.pptx`` / ``.pdf`` the storyboard as slides or pages (the auto-storyboard when it
        has no scenes), each scene drawn offscreen. With ``reviewed_only`` the files leave
        out the rows not marked reviewed (the picture is of the map as shown).

        Raises:
            sitmap.errors.ExportError: unknown suffix or the file cannot be written.
        """
        state = self.state
        annotations = [a.to_json() for a in self.workflow.project.annotations()]
        request = ExportRequest(state.frame, shown=state.frame[state.visible],
                                annotations=annotations)
        fmt = format_for(path, window=True)
        if fmt.whole_map:
            start, end = state.date_range
            request = ExportRequest(
                state.frame,
                title="sitmap",
                date_range=None if (start, end) == state.bounds else (start, end),
                categories=state.categories,
                text=state.text,
                show_background=state.show_background,
                view=self.map.current_view(),
                articles=list(state.articles.values()),
                scenes=[scene.to_json() for scene in self.workflow.project.scenes()],
                annotations=annotations,
                layers=self.map.layers,
            )
        package = self.map.tile_package
        if fmt.whole_map and package is not None:
            # The tile package shown goes along: embedded in a standalone map (the view's
            # tiles, default zooms and cap), under the maps of slides and pages; credited.
            request = dataclasses.replace(
                request, attribution=package.info.attribution or package.info.name,
                tile_package=package)
            if not fmt.briefing:
                points = zip(state.frame["lat"].tolist(), state.frame["lon"].tolist(),
                             strict=True)
                embedded = embed_for_export(package, view=request.view, points=points)
                request = dataclasses.replace(request, tiles=embedded.page)
                self.statusBar().showMessage(
                    embedded.describe(package.info.path, DEFAULT_EMBED_MAX_BYTES), 10_000)
        if reviewed_only:
            marked = self.workflow.project.reviewed(state.frame)
            request = dataclasses.replace(
                request, reviewed=frozenset(state.frame.loc[marked, "event_id"]))
        if fmt.briefing:
            scenes = request.scenes or [
                s.to_json() for s in auto_storyboard(request.only_reviewed().frame)]
            saved = self.workflow.project.path
            title = Path(saved).stem if saved is not None else ""
            request = dataclasses.replace(request, scenes=scenes, title=title,
                                          renderer=SceneRenderer())
        write_export(path, request, render=self.save_map_picture)

    def _ask_print(self) -> None:
        """Qt's print dialog, then the map as shown with its caption and legend on paper."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            self.print_map(printer)
        except SitmapError as exc:
            ask_plain(self, QMessageBox.Icon.Warning, "Printing failed", str(exc))
        else:
            self.statusBar().showMessage("Sent the map to the printer", 8000)

    def print_map(self, printer: QPrinter) -> None:
        """Print one page on ``printer``: the map as shown, the caption (the scene shown,
        or the project's name with the counts and dates of what is shown) and a legend of
        the categories shown, with the data credits.

        Raises:
            sitmap.errors.ExportError: the printer could not start.
        """
        state = self.state
        presenter = self.workflow.presenter
        scenes = presenter.scenes()
        if 0 <= presenter.index < len(scenes):
            caption = scenes[presenter.index].caption
        else:
            start, end = state.date_range
            dates = ("all dates" if (start, end) == state.bounds
                     else f"{start:%d %b %Y} – {end:%d %b %Y}")
            saved = self.workflow.project.path
            name = Path(saved).stem if saved is not None else "Situation map"
            caption = (f"{name}: {state.visible_count():,} of {len(state.frame):,} events · "
                       f"{dates}")
        shown = set(state.frame.loc[state.visible, "category"].astype(str))
        legend = [(name, colour) for name, colour in CATEGORY_COLORS.items() if name in shown]
        # The map as shown, without its buttons, legend and credits (the page has them).
        self.map.set_printing(True)
        try:
            self.map.current_view()  # waits until the page has done it
            self.map.settle()
            picture = self.map.grab().toImage()
        finally:
            self.map.set_printing(False)
        package = self.map.tile_package
        extra = (package.info.attribution or package.info.name) if package is not None else ""
        paint_map_page(printer, picture=picture, caption=caption, legend=legend,
                       credits=" · ".join(c for c in (ATTRIBUTION, extra) if c))

    def save_map_picture(self, path: Path, *, whole_window: bool = False) -> None:
        """Save a PNG of the map view (or the whole window), written atomically.

        Raises:
            sitmap.errors.ExportError: the picture cannot be written.
        """
        picture = (self if whole_window else self.map).grab()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not picture.save(buffer, "PNG"):
            raise ExportError(f"{path}: Qt could not encode the picture")
        buffer.close()
        write_atomically(path, bytes(data.data()), what="the picture")

    # -- status and layout ------------------------------------------------------------

    def _update_counts(self) -> None:
        state = self.state
        articles = state.visible_article_count()
        start, end = state.date_range
        # The whole span is no date filter (events dated outside it, and undated ones, show).
        dates = (
            "all dates" if (start, end) == state.bounds else f"{start:%d %b %Y} – {end:%d %b %Y}"
        )
        # Events from an event table (ACLED, a batch's Parquet) come with no article read:
        # there is no article count to give ("50000 of 0 articles" would be nonsense).
        read = f"{articles} of {len(state.articles)} articles · " if state.articles else ""
        # Figures of no single place are shown in the table but drawn nowhere: say so.
        nowhere = state.unplaced_count()
        off_map = f" ({nowhere:,} not on the map)" if nowhere else ""
        self.counts.setText(
            f"{state.visible_count():,} of {len(state.frame):,} events{off_map} · {read}{dates}"
        )
        titles = len(state.articles)
        self.setWindowTitle(f"sitmap — {titles} article{'s' if titles != 1 else ''}")

    def _restore_layout(self) -> None:
        if self._settings is None:
            return
        geometry = self._settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        layout = self._settings.value("window/state")
        if layout is not None:
            self.restoreState(layout)
        self.problems_dock.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        for job in [*self._replaced, *([self._job] if self._job is not None else [])]:
            job.cancel()
            job.wait()
        if self._settings is not None:
            self._settings.setValue("window/geometry", self.saveGeometry())
            self._settings.setValue("window/state", self.saveState())
            self._settings.sync()
        super().closeEvent(event)


_LEGEND_KEY = "map/legendOpen"
_NO_PROGRESS = " (this step has no progress to show)"


def _articles(count: int) -> str:
    """"1 article", "3 articles"."""
    return f"{count} article{'s' if count != 1 else ''}"


def _problems(count: int) -> str:
    """"0 problems", "1 problem", "2 problems"."""
    return f"{count} problem{'s' if count != 1 else ''}"
