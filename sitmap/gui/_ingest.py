"""Reading articles and building their events, off the GUI thread, with progress and cancel."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal, Slot

from sitmap.errors import unprocessed
from sitmap.events import build_events, empty_frame
from sitmap.geoparse import Geoparser
from sitmap.ingest import load
from sitmap.model import Article

__all__ = [
    "Loaded",
    "load_events",
    "IngestJob",
    "NameIndex",
    "PlaceIndex",
    "prepare_names",
    "prepare_place_index",
]

Progress = Callable[[int, int, str], None]
BuildProgress = Callable[[str, float], None]
PlaceIndex = Callable[[BuildProgress], None]
"""Makes sure the compiled gazetteer is there, building it when it is not and reporting
``progress(message, fraction)`` while it builds (see :func:`prepare_place_index`)."""


NameIndex = Callable[[Geoparser], None]
"""Sets the geoparser up before the articles are geoparsed; on the first run this derives
the gazetteer's table of matchable names, a step of seconds with no progress to report
(see :func:`prepare_names`)."""


class _Stopped(Exception):
    """Raised from a build-progress callback to stop the build (the user cancelled)."""


def prepare_place_index(progress: BuildProgress) -> None:
    """Open the compiled gazetteer once, building it first when it is missing (the first
    run) and calling ``progress(message, fraction)`` during the build only.

    Raises:
        sitmap.errors.GazetteerError: a bundled source is missing or the cache cannot be
            written.
    """
    from sitmap.geocode import open_gazetteer

    open_gazetteer(progress=progress).close()


def prepare_names(geoparser: Geoparser) -> None:
    """Set ``geoparser`` up now, deriving the gazetteer's name table on its first use.

    Raises:
        sitmap.errors.GazetteerError: the gazetteer or its name table cannot be opened.
    """
    geoparser.prepare()


@dataclass(slots=True)
class Loaded:
    """What loading produced: the event table, its articles, and one message per bad input
    (each names the file and says what is wrong)."""

    frame: pd.DataFrame
    articles: list[Article]
    errors: list[str] = field(default_factory=list)
    cancelled: bool = False


def load_events(
    paths: Sequence[str | Path],
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
    place_index: PlaceIndex | None = None,
    building: BuildProgress | None = None,
    parsed: Callable[[int, int], None] | None = None,
    name_index: NameIndex | None = None,
    preparing: Callable[[], None] | None = None,
) -> Loaded:
    """Read articles from files and folders and build their event table.

    Never raises for a bad input file: its error is in :attr:`Loaded.errors`, as is a line
    for each entry passed over (a FIFO, a ``.docx``) and each article that could not be
    processed.
    ``progress(done, total, path)`` is called per file; ``done == total`` with path ``""``
    announces the geoparsing step, and ``parsed(done, total)`` follows each article
    geoparsed. Between reading and geoparsing, ``place_index`` (when given) makes sure the
    gazetteer is compiled, reporting a first-run build through ``building(message,
    fraction)``. Then ``name_index`` (when given) sets the geoparser up, announced by
    ``preparing()``: the first run's name table is its own step, not part of the first
    article's. ``cancelled()`` is asked before each file, during a build, and before each
    article's geoparsing; once true, the result holds the articles done so far (and only
    their events), with :attr:`Loaded.cancelled` set.

    Raises:
        sitmap.errors.GazetteerError: the gazetteer cannot be built or opened.
    """
    result = load(paths, progress=progress, cancelled=cancelled)
    # What was passed over (files of other types, folders named like articles) is said
    # too: the Problems list is the window's stderr.
    errors = [str(e) for e in result.errors] + result.notices
    if place_index is not None and not (cancelled is not None and cancelled()):

        def report(message: str, fraction: float) -> None:
            if cancelled is not None and cancelled():
                raise _Stopped  # the builder removes its half-written file
            if building is not None:
                building(message, fraction)

        try:
            place_index(report)
        except _Stopped:
            return Loaded(empty_frame(), [], errors, cancelled=True)
    geoparser: Geoparser | None = None
    if name_index is not None and not (cancelled is not None and cancelled()):
        if preparing is not None:
            preparing()
        geoparser = Geoparser()
        name_index(geoparser)
    total = len(result.articles)
    if progress is not None:
        progress(total, total, "")
    done: list[Article] = []

    def handed_over() -> Iterator[Article]:
        # build_events asks for the next article only once the one before is done (and
        # asks cancelled() before starting the one it took), so `done` lists those done.
        for article in result.articles:
            yield article
            done.append(article)
            if parsed is not None:
                parsed(len(done), total)

    left_out: set[str] = set()

    def failed(article: Article, exc: Exception) -> None:
        left_out.add(article.id)
        errors.append(str(unprocessed(article.path or article.id, exc)))

    frame = build_events(handed_over(), cancelled=cancelled, failed=failed, geoparser=geoparser)
    stop = cancelled is not None and cancelled()
    # The map's place names come from the gazetteer: read them here, off the GUI thread,
    # so building the page finds them ready (the window has imported the map layer already).
    from sitmap.mapping import labels_for

    labels_for(frame)
    articles = [a for a in done if a.id not in left_out]
    return Loaded(frame, articles, errors, cancelled=stop)


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
    ) -> None:
        super().__init__()
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
            )
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
    ``name_index`` sets the geoparser up (:func:`prepare_names` by default).

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
    ) -> None:
        super().__init__(parent)
        self._cancel = threading.Event()
        self._ended = False
        self._thread = QThread(self)
        self._worker = _Worker(paths, self._cancel, place_index, name_index)
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
