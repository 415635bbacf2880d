"""sitmap's window (PySide6): the only package that imports Qt.

``run`` starts the application; the widgets take an :class:`AppState` and stay thin.
"""

from __future__ import annotations

from sitmap.gui._app import prepare_qt, run

__all__ = ["prepare_qt", "run"]
