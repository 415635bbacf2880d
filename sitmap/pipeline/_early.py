"""Reading the files named at start-up in a process of their own, started before the window.

``sitmap open`` (no arguments: the bundled seeds) knows what it will read before it has
imported Qt. :func:`start_early_load` forks a child process at that point, once the pipeline's
modules are imported and before Qt WebEngine is: the child runs :func:`load_events` on the
second core while the parent imports Qt, builds the window and draws the empty map, and
sends its progress and its :class:`Loaded` back through a pipe. The window then takes it
(:func:`take_early_load`) instead of reading the same paths again in its worker thread.

Only on Linux (``fork`` without a new interpreter), and only while the process has a single
thread and no Qt loaded: elsewhere, or when the fork fails, nothing is started and the
window reads the files itself, as before. The pipe is anonymous and inherited only by the
child; what comes through it is unpickled with the classes of pandas, NumPy, pyarrow and
sitmap only (:class:`_Unpickler`), never anything a file could name.

Event tables (``sitmap open archive.parquet``) are read early too, but in a thread of this
process (:func:`start_early_tables`), not a child: Parquet's decoding and Arrow's compute
kernels release the GIL, so the reading runs on the other core while Qt loads, and its
frame is the very object the reader validated (nothing crosses a pipe to be checked again).
It is the same :func:`load_events` call with the same column maps as the window's own
File > Open, so the result, its Problems lines included, is the same.
"""

from __future__ import annotations

import atexit
import contextlib
import gc
import io
import os
import pickle
import queue
import select
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from sitmap.events import ColumnMap, mapping_header
from sitmap.pipeline._load import (
    Loaded,
    load_events,
    prepare_names,
    prepare_place_index,
    split_inputs,
)

__all__ = ["EarlyLoad", "EarlyLoadLost", "EarlyTables", "start_early_load",
           "start_early_tables", "take_early_load"]


class EarlyLoadLost(Exception):
    """The early load's process ended without sending its result (killed, crashed)."""


# What the child's messages may be made of: a Loaded (a pandas frame with NumPy and Arrow
# columns, sitmap's articles), plain values and the standard library's value types. The
# writer is a fork of this process running this code, so this is a second line only: the
# modules of pandas, NumPy and pyarrow (their reconstructors), sitmap's data classes, and
# of the builtins the value types alone (no eval, exec, getattr, open, __import__).
_ALLOWED_MODULES = ("pandas", "numpy", "pyarrow", "datetime", "collections", "copyreg",
                    "_codecs", "zoneinfo", "pytz", "dateutil")
_ALLOWED_NAMES = {
    "builtins": frozenset({"slice", "set", "frozenset", "complex", "bytearray", "range",
                           "tuple", "list", "dict", "int", "float", "str", "bytes", "bool",
                           "object"}),
    "sitmap.model": None,
    "sitmap.pipeline._load": frozenset({"Loaded"}),
}


class _Unpickler(pickle.Unpickler):
    """Unpickles only what :data:`_ALLOWED_MODULES` and :data:`_ALLOWED_NAMES` allow;
    anything else raises :class:`pickle.UnpicklingError`."""

    def find_class(self, module: str, name: str) -> Any:
        if module in _ALLOWED_NAMES:
            names = _ALLOWED_NAMES[module]
            allowed = names is None or name in names
        else:
            allowed = module.split(".", 1)[0] in _ALLOWED_MODULES
        if not allowed:
            raise pickle.UnpicklingError(f"not allowed in an early load: {module}.{name}")
        return super().find_class(module, name)


class EarlyLoad:
    """A :func:`load_events` of ``paths`` running in a child process (see the module's
    docstring). Read its messages once with :meth:`messages`; :meth:`cancel` asks it to stop
    as a cancel of the window's own job would; :meth:`close` ends it and reaps it."""

    def __init__(self, paths: Sequence[str | Path], pid: int, results: int,
                 cancel: int) -> None:
        self.paths: tuple[str, ...] = tuple(str(p) for p in paths)
        self._pid = pid
        self._results: io.BufferedReader | None = os.fdopen(results, "rb")
        self._cancel: int | None = cancel
        self._lock = threading.Lock()
        self._reaped = False

    def messages(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """Yield the child's messages as they come: ``("script", (name, content))`` (see
        :func:`start_early_load`), ``("progressed", (done, total, path))``,
        ``("building", (message, fraction))``, ``("preparing", ())``, ``("parsed", (done,
        total))``, then one last ``("done", (loaded,))`` or ``("failed", (message,))``
        (an exception in the pipeline, as ``"TypeName: text"``). The process is reaped once
        the last message is read.

        Raises:
            EarlyLoadLost: the process ended (or its pipe broke) before the last message.
        """
        results = self._results
        if results is None:
            raise EarlyLoadLost("the early load was closed")
        try:
            while True:
                try:
                    kind, args = _Unpickler(results).load()
                except (EOFError, OSError, pickle.UnpicklingError, ValueError,
                        AttributeError, ImportError, IndexError, TypeError) as exc:
                    raise EarlyLoadLost(f"the early load ended without its result: {exc}"
                                        ) from exc
                if kind in ("done", "failed"):
                    self._reap()  # it exits once the last message is out
                    yield str(kind), tuple(args)
                    return
                yield str(kind), tuple(args)
        finally:
            self.close()

    def finished(self) -> bool:
        """Whether the child has ended: everything it sent is then in the pipe, and
        :meth:`messages` reads it without waiting. Raises nothing."""
        with self._lock:
            if self._reaped:
                return True
            try:
                ended = os.waitpid(self._pid, os.WNOHANG)[0] != 0
            except ChildProcessError:
                ended = True
            if ended:
                self._reaped = True
            return ended

    def _reap(self) -> None:
        """Wait for the child, which has sent its last message and is exiting."""
        with self._lock:
            if not self._reaped:
                self._reaped = True
                with contextlib.suppress(ChildProcessError):
                    os.waitpid(self._pid, 0)

    def cancel(self) -> None:
        """Ask the child to stop after the file or article it is at (it then sends what it
        has, marked cancelled). Raises nothing."""
        with self._lock:
            if self._cancel is None:
                return
            with contextlib.suppress(OSError):  # the child has ended: nothing to stop
                os.write(self._cancel, b"x")

    def close(self) -> None:
        """Stop the child if it still runs (asked first; killed if it has not ended
        within two seconds), close the pipes and reap it. Raises nothing; idempotent."""
        with self._lock:
            if self._cancel is not None:
                with contextlib.suppress(OSError):
                    os.write(self._cancel, b"x")
                os.close(self._cancel)
                self._cancel = None
            if self._results is not None:
                self._results.close()  # a child still writing gets EPIPE and ends
                self._results = None
            if self._reaped:
                return
            self._reaped = True
            try:
                # Asked to stop, it ends after its current file or article (a gazetteer
                # build stops cleanly); one that does not within the grace is killed.
                deadline = time.monotonic() + _CLOSE_GRACE_S
                while os.waitpid(self._pid, os.WNOHANG)[0] == 0:
                    if time.monotonic() > deadline:
                        os.kill(self._pid, signal.SIGKILL)
                        os.waitpid(self._pid, 0)
                        break
                    time.sleep(0.01)
            except (ChildProcessError, ProcessLookupError):
                pass  # reaped already (or never ours): nothing to wait for


class EarlyTables:
    """A :func:`load_events` of event tables (``paths``, nothing else) running in a thread
    of this process, with ``maps``, the column map of each table of unknown layout (as
    :meth:`sitmap.gui.MainWindow.open_paths` would read it). The same interface as
    :class:`EarlyLoad`: read its messages once with :meth:`messages`, :meth:`cancel`,
    :meth:`close`. ``prepare(frame)`` (when given) runs in the thread after a read that
    went well, before ``done`` is sent (the window warms the map's place names there);
    its failure is ignored."""

    def __init__(self, paths: Sequence[str | Path], maps: Mapping[str, ColumnMap], *,
                 prepare: Callable[[Any], object] | None = None) -> None:
        self.paths: tuple[str, ...] = tuple(str(p) for p in paths)
        self.maps: dict[str, ColumnMap] = dict(maps)
        self._prepare = prepare
        self._queue: queue.SimpleQueue[tuple[str, tuple[Any, ...]]] = queue.SimpleQueue()
        self._cancelled = threading.Event()
        self._closed = False
        self._thread = threading.Thread(target=self._run, name="sitmap-early-tables",
                                        daemon=True)

    def start(self) -> None:
        """Start the thread. Raises RuntimeError when it cannot be started."""
        self._thread.start()

    def _run(self) -> None:
        """The thread: read, send progress and one last ``done`` or ``failed``."""
        try:
            loaded = load_events(
                self.paths,
                progress=lambda done, total, path: self._queue.put(
                    ("progressed", (done, total, path))),
                cancelled=self._cancelled.is_set,
                columns=lambda path, _header: self.maps.get(path),
                # As the window's own job reads a table: its text as the view model holds it.
                arrow_text=True,
            )
        except Exception as exc:  # noqa: BLE001 - the window shows it, as its own job's
            self._queue.put(("failed", (f"{type(exc).__name__}: {exc}",)))
            return
        if self._prepare is not None and not self._cancelled.is_set():
            with contextlib.suppress(Exception):
                self._prepare(loaded.frame)
        self._queue.put(("done", (loaded,)))

    def messages(self) -> Iterator[tuple[str, tuple[Any, ...]]]:
        """Yield the thread's messages as they come: ``("progressed", (done, total,
        path))``, then one last ``("done", (loaded,))`` or ``("failed", (message,))``.

        Raises:
            EarlyLoadLost: the read was closed before its last message.
        """
        if self._closed:
            raise EarlyLoadLost("the early read was closed")
        while True:
            try:
                kind, args = self._queue.get(timeout=0.5)
            except queue.Empty:
                if self._closed:
                    raise EarlyLoadLost("the early read was closed") from None
                if not self._thread.is_alive() and self._queue.empty():
                    raise EarlyLoadLost("the early read ended without its result") from None
                continue
            yield kind, args
            if kind in ("done", "failed"):
                return

    def finished(self) -> bool:
        """Whether the thread has ended: all it sent is then waiting. Raises nothing."""
        return not self._thread.is_alive()

    def cancel(self) -> None:
        """Ask the read to stop before its next table (it then sends what it has, marked
        cancelled). Raises nothing."""
        self._cancelled.set()

    def close(self) -> None:
        """Ask the read to stop and forget it (a table being read is finished by the
        thread, whose result is then unused; the thread is a daemon, so it does not keep
        the process alive). Raises nothing; idempotent."""
        self._cancelled.set()
        self._closed = True

    def join(self, timeout: float) -> None:
        """Wait up to ``timeout`` seconds for the thread to end. Raises nothing."""
        if self._thread.is_alive():
            self._thread.join(timeout)


_pending: list[EarlyLoad | EarlyTables] = []
_CLOSE_GRACE_S = 2.0
_PIPE_BYTES = 1 << 20  # Linux's default limit for an unprivileged process


def _fork_is_safe() -> bool:
    """Whether forking now leaves the child a usable copy: Linux, one thread, no Qt."""
    return (sys.platform.startswith("linux") and hasattr(os, "fork")
            and threading.active_count() == 1 and "PySide6.QtCore" not in sys.modules)


def start_early_load(
    paths: Sequence[str | Path],
    *,
    scripts: Callable[[], Mapping[str, bytes]] | None = None,
) -> EarlyLoad | None:
    """Start :func:`load_events` of ``paths`` in a forked child process, with the window's
    defaults: the gazetteer built when missing, the geoparser's names prepared. ``scripts``
    (the window's derived page scripts, by name) is called in the child first, and what it
    returns is sent as ``("script", (name, content))`` messages (none if it fails). Returns the
    running load, also kept for :func:`take_early_load`; ``None`` (and nothing started)
    when a path is an event table (:func:`split_inputs`: a table may need a column map, and
    a big one is better read where it is shown than sent through a pipe), or where a fork
    is not safe (not Linux, a second thread running, Qt loaded) or fails. Raises nothing."""
    if not paths or split_inputs(paths)[0] or not _fork_is_safe():
        return None
    try:
        results_r, results_w = os.pipe()
        cancel_r, cancel_w = os.pipe()
    except OSError:
        return None
    # Room for a whole small result (the seeds' is ~90 kB), so the child can send it and
    # end before the window reads it (EarlyLoad.finished); a bigger one waits for the
    # reader as before.
    with contextlib.suppress(OSError, AttributeError):
        import fcntl  # Unix only: here past the Linux check

        fcntl.fcntl(results_w, fcntl.F_SETPIPE_SZ, _PIPE_BYTES)
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()  # or the child's exit would write the parent's buffer again
        except (OSError, ValueError):
            pass
    try:
        pid = os.fork()
    except OSError:
        for fd in (results_r, results_w, cancel_r, cancel_w):
            os.close(fd)
        return None
    if pid == 0:  # pragma: no cover - the child; its result is what the tests read
        os.close(results_r)
        os.close(cancel_w)
        _child([str(p) for p in paths], results_w, cancel_r, scripts)
    os.close(results_w)
    os.close(cancel_r)
    early = EarlyLoad(paths, pid, results_r, cancel_w)
    if not _pending:
        atexit.register(_close_pending)
    _pending.append(early)
    return early


def start_early_tables(
    paths: Sequence[str | Path],
    *,
    columns: ColumnMap | None = None,
    prepare: Callable[[Any], object] | None = None,
) -> EarlyTables | None:
    """Start :func:`load_events` of the event tables ``paths`` in a thread (see the
    module's docstring), each read with the column map the window's File > Open would use
    without asking anyone: none for a layout sitmap knows, ``columns`` (``--columns``) for
    one of unknown layout when it fits its header. Returns the running read, also kept
    for :func:`take_early_load`; ``None`` (and nothing started) when ``paths`` is empty,
    holds anything but event tables, or holds a table of unknown layout that ``columns``
    does not fit (the window asks for, or remembers, its map), or when the thread cannot
    start. ``prepare`` as for :class:`EarlyTables`. Raises nothing."""
    if not paths:
        return None
    tables, others = split_inputs(paths)
    if others:
        return None
    maps: dict[str, ColumnMap] = {}
    for path in tables:
        header = mapping_header(path)
        if header is None:
            continue  # a layout sitmap knows, or a file whose reading says what is wrong
        if columns is None or columns.missing_in(header):
            return None
        maps[str(path)] = columns
    early = EarlyTables(paths, maps, prepare=prepare)
    try:
        early.start()
    except RuntimeError:
        return None
    if not _pending:
        atexit.register(_close_pending)
    _pending.append(early)
    return early


def take_early_load(
    paths: Sequence[str | Path],
    *,
    maps: Mapping[str, ColumnMap] | None = None,
    articles: bool = True,
) -> EarlyLoad | EarlyTables | None:
    """The early load of exactly ``paths`` (same paths, same order), handed over once and
    forgotten here; ``None`` when there is none, or none read as the caller would read
    them: ``maps`` is the column map of each table of unknown layout the caller would use
    (an :class:`EarlyTables` read with other maps is not handed over; an
    :class:`EarlyLoad`, which reads no table, only when there are none), and ``articles``
    whether the caller reads articles with the default gazetteer and name table (an
    :class:`EarlyLoad` is handed over only then). What is not handed over stays, for a
    later call or the end of the process. Raises nothing."""
    wanted = tuple(str(p) for p in paths)
    given = dict(maps or {})
    for early in _pending:
        usable = (early.maps == given if isinstance(early, EarlyTables)
                  else articles and not given)
        if early.paths == wanted and usable:
            _pending.remove(early)
            return early
    return None


def _close_pending() -> None:
    """At exit: end the early loads nobody took (a table's reading thread gets the grace
    a child process gets to stop, so the interpreter does not go down under it)."""
    while _pending:
        early = _pending.pop()
        early.close()
        if isinstance(early, EarlyTables):
            early.join(_CLOSE_GRACE_S)


def _child(paths: list[str], results: int, cancel: int,
           scripts: Callable[[], Mapping[str, bytes]] | None) -> None:  # pragma: no cover
    """The child's whole life: load ``paths``, send progress and the result, exit. Never
    returns (``os._exit``: no atexit handler, no buffer of the parent's flushed twice)."""
    status = 0
    try:
        # The modules imported so far live as long as the process: not scanned again.
        gc.freeze()
        gc.enable()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the window's to handle
        with os.fdopen(results, "wb") as out:

            def send(kind: str, *args: object) -> None:
                pickle.dump((kind, args), out, protocol=pickle.HIGHEST_PROTOCOL)
                out.flush()

            def cancelled() -> bool:
                # A byte from the parent, or its end of the pipe closed: stop.
                return bool(select.select([cancel], [], [], 0)[0])

            made: Mapping[str, bytes] = {}
            if scripts is not None:
                try:
                    made = scripts()
                except Exception:  # noqa: BLE001 - the window makes them itself then
                    made = {}
            for name, content in made.items():
                send("script", name, content)
            try:
                loaded: Loaded = load_events(
                    paths,
                    progress=lambda done, total, path: send("progressed", done, total, path),
                    cancelled=cancelled,
                    place_index=prepare_place_index,
                    building=lambda message, fraction: send("building", message, fraction),
                    parsed=lambda done, total: send("parsed", done, total),
                    name_index=prepare_names,
                    preparing=lambda: send("preparing"),
                )
            except Exception as exc:  # noqa: BLE001 - the window shows it, as its own job's
                send("failed", f"{type(exc).__name__}: {exc}")
            else:
                # Not vouched for across the pipe: the window validates what it unpickles.
                loaded.checked = None
                send("done", loaded)
    except BaseException:  # noqa: BLE001 - the parent is gone or the pipe broke
        status = 1
    finally:
        os._exit(status)
