"""Running the pipeline (:func:`sitmap.pipeline.load_events`) off the GUI thread, with
progress and cancel, and pre-warming the map's place names there."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from sitmap.events import ColumnsFor, empty_frame
from sitmap.pipeline import (
    Loaded,
    NameIndex,
    PlaceIndex,
    load_events,
    prepare_names,
    prepare_place_index,
)

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
    ) -> None:
        super().__init__()
        self._columns = columns
        self._paths = list(paths)
        self._cancel = cancel
        self._place_index = place_index
        self._name_index = name_index

    @Slot()
    def run(self) -> None:
        try:
            loaded = load_events(
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
            # The map's place names come from the gazetteer: read them here, off the GUI
            # thread, so building the page finds them ready (the window has imported the
            # map layer already).
            from sitmap.mapping import labels_for

            labels_for(loaded.frame)
        except Exception as exc:  # noqa: BLE001 - shown to the user instead of a dead thread
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(loaded)
        finally:
            # The thread ends with its work, also when no job is left to end it.
            thread = QThread.currentThread()
            if thread is not None:
                thread.quit()


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
    unknown layout (see :func:`sitmap.pipeline.load_events`).

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
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._ended = False
        self._thread = QThread(self)
        self._worker = _Worker(paths, self._cancel, place_index, name_index, columns)
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
        """Start reading in the background."""
        _forget_ended()
        self._thread.start()

    def cancel(self) -> None:
        """Ask the job to stop after the current file or article; if that takes longer
        than the grace time, ``finished`` comes anyway (with nothing added)."""
        self._cancel.set()
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
