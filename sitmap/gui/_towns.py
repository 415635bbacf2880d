"""Town names wherever the window's map goes: the page reports each move, and the biggest
towns of the gazetteer inside the view go back to it (``sitmap.setViewLabels``).

The standalone export cannot ask and keeps the fixed list of ``sitmap.mapping``'s
``labels_for``.

The gazetteer is never built here, on the window's thread: until the first run's
background job has compiled it, a view gets no towns, and :meth:`TownLabels.refresh` asks
again for the last view once the job is done.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

from sitmap.gui._mapview import MapView
from sitmap.mapping._assets import countries_in_view, regions_for
from sitmap.mapping._labels import labels_in_view
from sitmap.viewmodel import label_box

__all__ = ["TownLabels"]

# A pan or a wheel of zooms ends in several moves: ask the gazetteer once they stop.
_SETTLE_MS = 150


class TownLabels(QObject):
    """Sends the towns of each view of ``mapview`` to its page, a moment after it moved."""

    def __init__(self, mapview: MapView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._map = mapview
        self._wanted: tuple[float, float, float, float, int] | None = None
        self._last: tuple[float, float, float, float, int] | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(_SETTLE_MS)
        self._timer.timeout.connect(self._send)
        mapview.viewMoved.connect(self._on_moved)

    def _on_moved(self, report: str) -> None:
        box = label_box(report)
        if box is not None:
            self._wanted = box
            self._timer.start()

    def sent_for(self, report: str) -> bool:
        """Whether the towns of the view in ``report`` (a ``viewMoved`` report, untrusted)
        have been sent to the page and no later move waits to be answered; ``False`` for a
        report that names no view."""
        box = label_box(report)
        return box is not None and self._wanted is None and self._last == box

    def refresh(self) -> None:
        """Send the towns of the last view reported again (the gazetteer may have been
        compiled since: the first run's reading job has ended)."""
        if self._wanted is None and self._last is not None:
            self._wanted = self._last
            self._timer.start()

    def _send(self) -> None:
        if self._wanted is None:
            return
        south, west, north, east, floor = self._last = self._wanted
        self._wanted = None
        # Opens only a gazetteer already compiled: no towns (yet) rather than a build here.
        self._map.set_view_labels(
            labels_in_view(south, west, north, east, min_population=floor * 1000))
        # Region borders for every country in view, not only those with events.
        countries = countries_in_view(south, west, north, east)
        if countries:
            self._map.set_view_regions(regions_for(countries))
