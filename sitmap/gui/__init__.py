"""sitmap's window (PySide6): the only package that imports Qt.

``run`` starts the application (``sitmap open``). The widgets are thin: each takes the
:class:`AppState`, listens to its signals and turns user input into one call on it.
Call :func:`prepare_qt` before creating a QApplication yourself (tests, scripts).
"""

from __future__ import annotations

from sitmap.gui._app import prepare_qt, run
from sitmap.gui._ingest import Loaded, load_events
from sitmap.gui._mapview import MapNotReady, MapView
from sitmap.gui._state import AppState
from sitmap.gui._window import MainWindow

__all__ = [
    "AppState",
    "Loaded",
    "MainWindow",
    "MapNotReady",
    "MapView",
    "load_events",
    "prepare_qt",
    "run",
]
