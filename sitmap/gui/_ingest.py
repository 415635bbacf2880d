"""Running the pipeline (:func:`sitmap.pipeline.load_events`) off the GUI thread, with
progress and cancel, and pre-warming the map's place names there. A load started before
the window (:mod:`sitmap.pipeline._early`) is followed the same way."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from sitmap.events import ColumnsFor, empty_frame
from sitmap.mapping._assets import offer_window_script
from sitmap.pipeline import (
    Loaded,
    NameIndex,
    PlaceIndex,
    load_events,
    prepare_names,
    prepare_place_index,
)
from sitmap.pipeline._early import EarlyLoad, EarlyLoadLost, EarlyTables

__all__ = ["IngestJob", "wait_abandoned"]


class _Worker(QObject):
    progressed = Signal(int, int, str)
    building = Signal(str, float)
    preparing = Signal()
    parsed = Signal(int, int)
    done = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        paths: Sequence[str | Path],
        cancel: threading.Event,
        place_index: PlaceIndex,
        name_index: NameIndex,
        columns: ColumnsFor | None = None,
        early: EarlyLoad | EarlyTables | None = None,
    ) -> None:
        super().__init__()
        self._columns = columns
        self._early = early
        self._paths = list(paths)
        self._cancel = cancel
        self._place_index = place_index
        self._name_index = name_index

    def _follow(self, early: EarlyLoad | EarlyTables, *, report: bool = True) -> Loaded | None:
        """Pass on the early load's progress as this worker's signals (unless ``report``
        is false: a load already finished has nothing left to show progress of); return
        its result, or ``None`` after emitting ``failed`` for an error in its pipeline.

        Raises:
            EarlyLoadLost: its process ended without a result (the caller reads the files
                itself then).
        """
        signals = {"progressed": self.progressed, "building": self.building,
                   "preparing": self.preparing, "parsed": self.parsed}
        for kind, args in early.messages():
            if kind == "done" and len(args) == 1 and isinstance(args[0], Loaded):
                return args[0]
            if kind == "failed":
                self.failed.emit(str(args[0]) if args else "the early load failed")
                return None
            if kind == "script" and len(args) == 2:
                offer_window_script(str(args[0]), args[1])
            elif report and kind in signals:
                signals[kind].emit(*args)
        raise EarlyLoadLost("the early load sent no result")

    @Slot()
    def run(self) -> None:
        try:
            self.produce()
        finally:
            # The thread ends with its work, also when no job is left to end it; never the
            # application's own thread (when ``run`` is called there, as a test may).
            thread = QThread.currentThread()
            app = QCoreApplication.instance()
            if thread is not None and (app is None or thread is not app.thread()):
                thread.quit()

    def produce(self, *, report: bool = True, read_here: bool = True) -> bool:
        """Load (or take the early load's result) and emit ``done`` or ``failed``; the
        progress signals on the way unless ``report`` is false. When the early load ended
        without a result, the files are read here, unless ``read_here`` is false: then
        nothing is emitted and False returned (the caller reads them in the thread).
        Returns True once ``done`` or ``failed`` was emitted. Raises nothing."""
        try:
            loaded = None
            if self._early is not None:
                try:
                    loaded = self._follow(self._early, report=report)
                except EarlyLoadLost:
                    if not read_here:
                        return False
                    loaded = None  # read them here instead, as without an early load
                else:
                    if loaded is None:
                        return True  # failed: said so
            # An early read of event tables warmed the map's place names in its thread.
            warmed = loaded is not None and isinstance(self._early, EarlyTables)
            if loaded is None:
                loaded = self._load()
            if not warmed:
                # The map's place names come from the gazetteer: read them here, off the
                # GUI thread, so building the page finds them ready (the window has
                # imported the map layer already). Only the gazetteer's cities are kept
                # (once per process); the page picks its own labels for its rows, so one
                # row asks for them (the whole table took 0.15 s more at 1M rows).
                from sitmap.mapping import labels_for

                labels_for(loaded.frame.head(1))
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a dead thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(loaded)
        return True

    def _load(self) -> Loaded:
        """:func:`load_events` of the paths, here, reporting through this worker's signals.

        Raises:
            sitmap.errors.GazetteerError: the gazetteer cannot be built or opened.
        """
        return load_events(
            self._paths,
            progress=self.progressed.emit,
            cancelled=self._cancel.is_set,
            place_index=self._place_index,
            building=self.building.emit,
            parsed=self.parsed.emit,
            name_index=self._name_index,
            preparing=self.preparing.emit,
            columns=self._columns,
            # A table's text as the view model holds it: no Python string per row.
            arrow_text=True,
        )


# Threads whose job gave up waiting for them (see IngestJob.cancel), kept with their worker
# until they end: a running QThread must not be destroyed.
_abandoned: list[tuple[QThread, _Worker]] = []


def _forget_ended() -> None:
    _abandoned[:] = [(t, w) for t, w in _abandoned if not t.isFinished()]


def wait_abandoned() -> None:
    """Block until every thread left running by a cancel has ended (at application exit)."""
    for thread, _ in list(_abandoned):
        thread.wait()
    _forget_ended()


class IngestJob(QObject):
    """Runs :func:`load_events` in a QThread.

    ``place_index`` makes sure the gazetteer is compiled before the articles are geoparsed
    (:func:`prepare_place_index` by default; tests hand in a fake builder), then
    ``name_index`` sets the geoparser up (:func:`prepare_names` by default). Event tables
    among ``paths`` are read as they are; ``columns`` gives the column map of a CSV file of
    unknown layout (see :func:`sitmap.pipeline.load_events`). ``early`` is a load of the
    same ``paths`` already running in a process of its own (started before the window,
    :func:`sitmap.pipeline._early.start_early_load`): the job passes on its progress and
    result instead of reading the files again, and reads them itself only if that process
    ends without a result.

    Signals:
        progressed(int, int, str): files done, files in all, current file; files in all
            twice with ``""`` once reading is done.
        building(str, float): the gazetteer is being built (first run only): the builder's
            message and the fraction done.
        preparing(): the geoparser is being set up (on the first run, its name table is
            derived: seconds, with no progress to report).
        parsed(int, int): articles geoparsed, articles in all.
        finished(object): a :class:`Loaded` (also after a cancel: what was read so far).
        failed(str): an unexpected error stopped the job.

    A cancel is prompt: the job stops after the current file or article, and if that one
    takes longer than ``grace_ms`` (one huge article), ``finished`` comes at once with
    nothing added, and the thread is left to end on its own, its result unused.
    """

    progressed = Signal(int, int, str)
    building = Signal(str, float)
    preparing = Signal()
    parsed = Signal(int, int)
    finished = Signal(object)
    failed = Signal(str)

    def __init__(
        self,
        paths: Sequence[str | Path],
        parent: QObject | None = None,
        *,
        place_index: PlaceIndex = prepare_place_index,
        name_index: NameIndex = prepare_names,
        grace_ms: int = 1000,
        columns: ColumnsFor | None = None,
        early: EarlyLoad | EarlyTables | None = None,
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._early = early
        self._ended = False
        self._thread = QThread(self)
        self._worker = _Worker(paths, self._cancel, place_index, name_index, columns, early)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.run)
        self._worker.progressed.connect(self.progressed)
        self._worker.building.connect(self.building)
        self._worker.preparing.connect(self.preparing)
        self._worker.parsed.connect(self.parsed)
        self._worker.done.connect(self._finish)
        self._worker.failed.connect(self._fail)
        self._grace = QTimer(self)
        self._grace.setSingleShot(True)
        self._grace.setInterval(grace_ms)
        self._grace.timeout.connect(self._give_up)

    def start(self) -> None:
        """Start reading in the background. When the early load has already ended (all it
        sent is waiting in its pipe), its result is taken here and now instead: ``finished``
        (or ``failed``) is emitted before this returns, so the window shows the articles
        before the empty map has even started loading. (If it ended without a result, the
        files are read in the background after all.)"""
        _forget_ended()
        if (self._early is not None and self._early.finished()
                and self._worker.produce(report=False, read_here=False)):
            return
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop after the current file or article; if that takes longer
        than the grace time, ``finished`` comes anyway (with nothing added)."""
        self._cancel.set()
        if self._early is not None:
            self._early.cancel()
        if not self._ended and not self._grace.isActive() and self._thread.isRunning():
            self._grace.start()

    def wait(self) -> None:
        """Block until the worker thread has ended (tests, shutdown)."""
        self._thread.quit()
        self._thread.wait()

    def _finish(self, loaded: Loaded) -> None:
        if self._ended:
            return
        self._ended = True
        self._grace.stop()
        self.wait()
        self.finished.emit(loaded)

    def _fail(self, message: str) -> None:
        if self._ended:
            return
        self._ended = True
        self._grace.stop()
        self.wait()
        self.failed.emit(message)

    def _give_up(self) -> None:
        """The current step outlasted the grace time: end the job now, without its result."""
        if self._ended:
            return
        self._ended = True
        # Deleting the job (the window does, once it is finished) must not destroy the
        # running thread: it lives on, unowned, until its step ends.
        self._thread.setParent(None)
        _abandoned.append((self._thread, self._worker))
        app = QCoreApplication.instance()
        if app is not None and not app.property("sitmapWaitsAbandoned"):
            app.setProperty("sitmapWaitsAbandoned", True)
            app.aboutToQuit.connect(wait_abandoned)
        self.finished.emit(Loaded(empty_frame(), [], [], cancelled=True))
