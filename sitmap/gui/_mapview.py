"""The map: a QWebEngineView showing the Leaflet page of ``sitmap.mapping``.

The page is built once per data change. Range, filters and selection then go to the page's
``window.sitmap`` functions with ``runJavaScript`` (no reload, so zoom and pan stay), and
clicks come back through the QWebChannel object ``bridge`` (see docs/design.md, "The map page
contract").
"""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineLoadingInfo
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from sitmap.errors import SitmapError
from sitmap.gui._state import AppState
from sitmap.gui._web import PAGE_URL, MapPage
from sitmap.mapping import asset_bytes, build_page

__all__ = ["MapView", "MapNotReady", "Bridge"]


class MapNotReady(SitmapError, TimeoutError):
    """The map page did not answer in time."""


class Bridge(QObject):
    """The object the page calls as ``bridge``; each slot re-emits as a Qt signal."""

    clicked = Signal(str)
    articleRequested = Signal(str)
    viewMoved = Signal(str)
    pinMoved = Signal(str, float, float)
    ready = Signal(str)

    @Slot(str)
    def eventClicked(self, event_id: str) -> None:  # noqa: N802 (name fixed by the page)
        self.clicked.emit(event_id)

    @Slot(str)
    def openArticle(self, event_id: str) -> None:  # noqa: N802
        self.articleRequested.emit(event_id)

    @Slot(str)
    def viewChanged(self, view_json: str) -> None:  # noqa: N802
        self.viewMoved.emit(view_json)

    @Slot(str, float, float)
    def pinDragged(self, event_id: str, lat: float, lon: float) -> None:  # noqa: N802
        self.pinMoved.emit(event_id, lat, lon)

    @Slot(str)
    def mapReady(self, page_url: str) -> None:  # noqa: N802
        self.ready.emit(page_url)


class MapView(QWebEngineView):
    """Shows the state's events on the map page and reports pin clicks to the state.

    Signals:
        mapReady: the page for the current data has its markers and the state's range,
            filters and selection applied.
        loadFailed(str): the page could not be loaded.
        pinDragged(str, float, float): the user dragged an event's pin to a new latitude
            and longitude (event id, lat, lon).
        viewMoved(str): the page's view after a move, as the page's JSON text (untrusted):
            ``{lat, lon, zoom, bounds: [south, west, north, east], labelFloor}``.
    """

    mapReady = Signal()
    pinDragged = Signal(str, float, float)
    viewMoved = Signal(str)
    loadFailed = Signal(str)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._online = False
        self._view: dict[str, float] | None = None
        self._ready = False
        self._stale = False  # the state changed while the page was loading
        self._generation = 0

        page = MapPage(asset_bytes, self)
        self.guard = page.guard
        self._handler = page.handler
        self.setPage(page)

        self.bridge = Bridge(self)
        page.loadingChanged.connect(self._on_loading_changed)
        state.dataChanged.connect(self.rebuild)
        state.rangeChanged.connect(self._push_range)
        state.filterChanged.connect(self._push_filter)
        state.selectionChanged.connect(self._push_selection)
        # Show the (empty) map at once: the web engine starts while the articles are read.
        self.rebuild()

    @property
    def is_ready(self) -> bool:
        """Whether the page for the current data is up and showing its markers."""
        return self._ready

    def current_view(self) -> dict[str, float] | None:
        """``{"lat", "lon", "zoom"}`` of the map, ``None`` while no page is ready."""
        if not self._ready:
            return None
        view = self.evaluate("sitmap.getView()")
        return view if isinstance(view, dict) else None

    def set_online(self, allowed: bool) -> None:
        """Offer online tile layers in the page's layer control and let their requests
        through (off by default). Rebuilds the page, keeping the view."""
        if allowed == self._online:
            return
        self.guard.allow_online = self._online = allowed
        self._view = self.current_view()
        self.rebuild()
        self._view = None

    def rebuild(self) -> None:
        """Build the page for the state (frame, range, filters) and load it; once per data
        change, everything else goes to the loaded page."""
        state = self._state
        self._ready = False
        self._stale = False
        self._generation += 1
        start, end = state.date_range
        html = build_page(
            state.frame,
            date_range=None if (start, end) == state.bounds else (start, end),
            categories=state.categories,
            text=state.text,
            show_background=state.show_background,
            view=self._view,
            online_tiles=self._online,
            articles=list(state.articles.values()),
        )
        self._handler.set_page(html)
        self._new_bridge()
        self.load(self._url())

    def _new_bridge(self) -> None:
        # A fresh channel and bridge per page: a call still on its way from the previous
        # page (its mapReady, a click) reaches the old bridge, which nobody listens to.
        old = self.page().webChannel()
        self.bridge.deleteLater()
        self.bridge = Bridge(self)
        channel = QWebChannel(self.page())
        channel.registerObject("bridge", self.bridge)
        self.page().setWebChannel(channel)
        if old is not None:
            old.deleteLater()
        state = self._state
        self.bridge.ready.connect(self._on_page_ready)
        self.bridge.clicked.connect(lambda eid: state.select(eid, origin="map"))
        self.bridge.articleRequested.connect(lambda eid: state.select(eid, origin="map"))
        self.bridge.pinMoved.connect(self.pinDragged)
        self.bridge.viewMoved.connect(self.viewMoved)

    def run_js(self, script: str) -> None:
        """Run ``script`` in the page if it is ready; otherwise the state is applied later."""
        if self._ready:
            self.page().runJavaScript(script, 0)
        else:
            self._stale = True

    def evaluate(self, script: str, *, timeout_ms: int = 10_000) -> Any:
        """Run ``script`` in the page and return the value of its last expression through
        JSON (``None`` for undefined), waiting in a local event loop; for scripting, tests
        and benchmarks.

        Raises:
            MapNotReady: no answer within ``timeout_ms``.
        """
        loop = QEventLoop()
        result: list[object] = []

        def done(value: object) -> None:
            result.append(value)
            loop.quit()

        timer = QTimer(loop)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        # Qt hands over only strings and numbers intact (arrays and objects arrive as ""),
        # so the value travels as JSON text.
        wrapped = f"JSON.stringify(eval({json.dumps(script)}))"
        self.page().runJavaScript(wrapped, 0, done)
        if not result:
            loop.exec()
        if not result:
            raise MapNotReady(f"the map page did not answer {script!r} in {timeout_ms} ms")
        text = result[0]
        return json.loads(text) if isinstance(text, str) and text else None

    def wait_ready(self, *, timeout_ms: int = 30_000) -> None:
        """Block (in a local event loop) until :attr:`is_ready`.

        Raises:
            MapNotReady: the page did not become ready in time or failed to load.
        """
        if self._ready:
            return
        loop = QEventLoop()
        failures: list[str] = []

        def failed(why: str) -> None:
            failures.append(why)
            loop.quit()

        self.mapReady.connect(loop.quit)
        self.loadFailed.connect(failed)
        timer = QTimer(loop)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        loop.exec()
        self.mapReady.disconnect(loop.quit)
        self.loadFailed.disconnect(failed)
        if failures:
            raise MapNotReady(failures[0])
        if not self._ready:
            raise MapNotReady(f"the map was not ready after {timeout_ms} ms")

    def settle(self, *, ms: int = 400) -> None:
        """Keep processing events for ``ms`` so the page paints what it just drew."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def fit_events(self) -> None:
        """Frame the visible events that matter, as the first view does: places where
        something happened before countries and background places, the main group of
        them rather than every far-off mention (see the page's ``sitmap.fitEvents``)."""
        self.run_js("sitmap.fitEvents()")

    def set_view_labels(self, rows: list[list[object]]) -> None:
        """Name these towns (``[name, lat, lon, thousands of people]`` rows) on the page's
        basemap besides its own list, until the next call."""
        self.run_js(f"sitmap.setViewLabels && sitmap.setViewLabels({json.dumps(rows)})")

    def show_event(self, event_id: str) -> None:
        """Take the map to event ``event_id``'s place and open its popup, as selecting it
        in the table does (nothing happens for an id the page does not have)."""
        self.run_js(f"sitmap.select({json.dumps(event_id)})")

    # -- state -> page ----------------------------------------------------------------

    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        # Only the current page counts: a load cut short by a newer one is no failure.
        if (info.status() == QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus
                and info.url() == self._url()):
            self.loadFailed.emit(f"the map page failed to load: {info.errorString()}")

    def _url(self) -> QUrl:
        # A new query string makes WebEngine fetch the page again instead of reusing it.
        return QUrl(f"{PAGE_URL}?v={self._generation}")

    def _on_page_ready(self, page_url: str) -> None:
        if page_url.split("#", 1)[0] != self._url().toString():
            return  # the page before, which had not connected yet: the current one follows
        self._ready = True
        if self._stale:
            start, end = self._state.date_range
            self._push_range(start.isoformat(), end.isoformat())
            self._push_filter()
        if self._state.selected:
            self._push_selection(self._state.selected, "")
        self.mapReady.emit()

    def _push_range(self, start: str, end: str) -> None:
        state = self._state
        if state.date_range == state.bounds:
            # The whole span is no date filter at all (undated events stay), as in AppState.
            self.run_js("sitmap.setRange(null, null)")
        else:
            self.run_js(f"sitmap.setRange({json.dumps(start)}, {json.dumps(end)})")

    def _push_filter(self) -> None:
        state = self._state
        cats = None if state.categories is None else sorted(state.categories)
        spec = {"categories": cats, "text": state.text, "showBackground": state.show_background}
        self.run_js(f"sitmap.setFilter({json.dumps(spec)})")

    def _push_selection(self, event_id: str, origin: str) -> None:
        # A pin the user just clicked is already under the mouse; flying to it would move it.
        if event_id and origin != "map":
            self.run_js(f"sitmap.select({json.dumps(event_id)})")
