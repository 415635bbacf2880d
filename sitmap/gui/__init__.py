"""sitmap's window (PySide6): the only package that imports Qt.

``run`` starts the application (``sitmap open``). The widgets are thin: each takes the
:class:`AppState`, listens to its signals and turns user input into one call on it.
Call :func:`prepare_qt` before creating a QApplication yourself (tests, scripts).

Only ``prepare_qt`` and ``run`` load with the package; the other names import pandas,
folium and the pipeline (most of a second), so they load on first use: ``sitmap`` commands
that never open the window do without, and ``run`` imports them before PySide6.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sitmap._gc import small_arrow_pages as _small_arrow_pages
from sitmap._lazy import lazy_names as _lazy_names
from sitmap.gui._app import offscreen_renderer, prepare_qt, run

# Before pandas or pyarrow load: the window's first open of a large table would otherwise
# zero huge pages for a second or more (sitmap._gc.small_arrow_pages).
_small_arrow_pages()

if TYPE_CHECKING:
    from sitmap.gui._mapview import MapNotReady, MapView
    from sitmap.gui._state import AppState
    from sitmap.gui._window import MainWindow
    from sitmap.pipeline import Loaded, load_events

__all__ = [
    "AppState",
    "Loaded",
    "MainWindow",
    "MapNotReady",
    "MapView",
    "load_events",
    "offscreen_renderer",
    "prepare_qt",
    "run",
]

_LAZY = {
    "AppState": "sitmap.gui._state",
    "Loaded": "sitmap.pipeline",
    "load_events": "sitmap.pipeline",
    "MapNotReady": "sitmap.gui._mapview",
    "MapView": "sitmap.gui._mapview",
    "MainWindow": "sitmap.gui._window",
}

__getattr__ = _lazy_names(__name__, _LAZY)
