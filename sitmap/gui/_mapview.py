"""The map: a QWebEngineView showing the Leaflet page of ``sitmap.mapping``.

The page is loaded once, and again only when what it is made of changes (online tiles, a
tile package, density or not). New data goes to the loaded page as JSON texts
(``sitmap.replaceData``), which makes the event layers again on the same basemap. Range,
filters and selection then go to the page's ``window.sitmap`` functions (no reload, so zoom
and pan stay), and clicks come back through the QWebChannel object ``bridge`` (see
docs/design.md, "The map page contract").

No data ever becomes JavaScript source: :class:`MapView` has one typed method per page
function, and each goes through :func:`page_call`, which names a function from a fixed list
and passes every argument as JSON. Nothing else in ``sitmap.gui`` runs script in the page.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections.abc import Callable, Iterable
from typing import Any, Final

from PySide6.QtCore import QEventLoop, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEngineLoadingInfo
from PySide6.QtWebEngineWidgets import QWebEngineView
from PySide6.QtWidgets import QWidget

from sitmap.errors import SitmapError
from sitmap.events import EventFilter
from sitmap.gui._state import AppState
from sitmap.gui._web import PAGE_URL, MapPage
from sitmap.mapping import asset_bytes, build_page
from sitmap.mapping._page import window_content
from sitmap.mapping._tiles import TILE_URL, TilePackage
from sitmap.viewmodel import finite, view_box

__all__ = ["MapView", "MapNotReady", "Bridge", "page_call"]

# The page's window.sitmap functions the window calls; a function name is never data.
PAGE_FUNCTIONS: Final = frozenset({
    "setView", "getView", "setRange", "setFilter", "select", "fitEvents", "highlight",
    "setPresenting", "startPick", "stopPick", "picked", "setLegendOpen", "setViewLabels",
    "setPrinting",
    "setAnnotations", "setAnnotationScene", "startDraw", "finishDraw", "cancelDraw",
    "selectAnnotation",
    "setDensity",
    "setViewRegions",
    "setLayers",
    "drawState", "markFrames",
    "replaceData",
})

# The page's optional layers (sitmap.mapping.build_page's ``layers``).
LAYER_NAMES: Final = ("heat", "sized", "icons")


def _json_argument(value: object) -> str:
    """``value`` as a JSON text that is also a safe JavaScript expression.

    Raises:
        ValueError: ``value`` holds NaN or an infinity, which JSON cannot carry.
        TypeError: ``value`` is not made of JSON types.
    """
    # ASCII only: U+2028/U+2029 were line breaks inside JavaScript strings before ES2019;
    # "</" is escaped in case the text ever lands inside an HTML <script>.
    return json.dumps(value, allow_nan=False, ensure_ascii=True).replace("</", "<\\/")


def page_call(function: str, *args: object) -> str:
    """Return the JavaScript source of the call ``sitmap.<function>(args...)``, every
    argument JSON-encoded (strings, numbers, booleans, ``None``, lists and dicts of them).

    Raises:
        ValueError: ``function`` is not one of :data:`PAGE_FUNCTIONS`, or an argument holds
            NaN or an infinity.
        TypeError: an argument is not made of JSON types.
    """
    if function not in PAGE_FUNCTIONS:
        raise ValueError(f"not a map page function: {function!r}")
    return f"sitmap.{function}({', '.join(_json_argument(a) for a in args)})"


def _tile_loader(package: TilePackage) -> Callable[[int, int, int], tuple[bytes, str] | None]:
    def load(z: int, x: int, y: int) -> tuple[bytes, str] | None:
        tile = package.tile(z, x, y)
        return None if tile is None else (tile.data, tile.mime)

    return load


def _iso_day(value: str | None, name: str) -> str | None:
    """``value`` as an ISO day, or ``None``. Raises ValueError for anything else."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError:
        raise ValueError(f"{name} is not an ISO date: {value!r}") from None


class MapNotReady(SitmapError, TimeoutError):
    """The map page did not answer in time."""


class Bridge(QObject):
    """The object the page calls as ``bridge``; each slot re-emits as a Qt signal."""

    clicked = Signal(str)
    articleRequested = Signal(str)
    viewMoved = Signal(str)
    pinMoved = Signal(str, float, float)
    ready = Signal(str)
    legendToggled = Signal(bool)
    spotPicked = Signal(float, float)
    drawn = Signal(str)
    edited = Signal(str)
    picked = Signal(str)
    layersPicked = Signal(str)

    @Slot(str)
    def annotationDrawn(self, shape_json: str) -> None:
        self.drawn.emit(shape_json)

    @Slot(str)
    def annotationEdited(self, shape_json: str) -> None:
        self.edited.emit(shape_json)

    @Slot(str)
    def annotationSelected(self, annotation_id: str) -> None:
        self.picked.emit(annotation_id)

    @Slot(str)
    def eventClicked(self, event_id: str) -> None:  # name fixed by the page
        self.clicked.emit(event_id)

    @Slot(str)
    def openArticle(self, event_id: str) -> None:
        self.articleRequested.emit(event_id)

    @Slot(str)
    def viewChanged(self, view_json: str) -> None:
        self.viewMoved.emit(view_json)

    @Slot(str, float, float)
    def pinDragged(self, event_id: str, lat: float, lon: float) -> None:
        self.pinMoved.emit(event_id, lat, lon)

    @Slot(str)
    def mapReady(self, page_url: str) -> None:
        self.ready.emit(page_url)

    @Slot(bool)
    def legendChosen(self, is_open: bool) -> None:
        self.legendToggled.emit(bool(is_open))

    @Slot(float, float)
    def mapClicked(self, lat: float, lon: float) -> None:
        self.spotPicked.emit(lat, lon)

    @Slot(str)
    def layersChosen(self, layers_json: str) -> None:
        self.layersPicked.emit(layers_json)


class MapView(QWebEngineView):
    """Shows the state's events on the map page and reports pin clicks to the state.

    Signals:
        mapReady: the page for the current data has its markers and the state's range,
            filters and selection applied.
        loadFailed(str): the page could not be loaded.
        pinDragged(str, float, float): the user dragged an event's pin to a new latitude
            and longitude (event id, lat, lon).
        articleRequested(str): "Open in article" in a popup (event id; already selected).
        legendToggled(bool): the user unfolded (True) or folded (False) the legend.
        viewMoved(str): the page's view after a move, as the page's JSON text (untrusted):
            ``{lat, lon, zoom, bounds: [south, west, north, east], labelFloor}``.
        mapClicked(float, float): the spot clicked after :meth:`start_pick` (lat, lon,
            finite numbers; the page reports it through the bridge).
        annotationDrawn(str): a shape the user finished drawing after :meth:`start_draw`,
            as the page's JSON text (untrusted: ``sitmap.model.Annotation.from_json``).
        annotationEdited(str): the selected annotation after a drag of one of its handles
            (moved, a vertex or radius changed), the whole annotation as JSON text.
        annotationSelected(str): the id of the annotation the user clicked, ``""`` for none.
        layersChanged(dict): the user switched a layer in the page's layer control; the
            layers now on, ``{"heat", "sized", "icons"}`` booleans.
    """

    mapReady = Signal()
    pinDragged = Signal(str, float, float)
    articleRequested = Signal(str)
    legendToggled = Signal(bool)
    viewMoved = Signal(str)
    loadFailed = Signal(str)
    mapClicked = Signal(float, float)
    annotationDrawn = Signal(str)
    annotationEdited = Signal(str)
    annotationSelected = Signal(str)
    layersChanged = Signal(dict)

    def __init__(self, state: AppState, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._state = state
        self._online = False
        self._tiles: TilePackage | None = None
        self._view: dict[str, float] | None = None
        self._ready = False
        self._stale = False  # the state changed while the page was loading
        # The range or filters changed while the page loaded: its first view framed events
        # they hide, so it frames again once they are applied.
        self._reframe = False
        self._generation = 0
        self._page_url = QUrl(PAGE_URL)
        # The loaded page reported ready once and can take new data (sitmap.replaceData);
        # _shell_dense: whether it was built with the density layer's script.
        self._shell = False
        self._shell_dense = False
        # The name the page's ready report gives data it was handed (None: the page's own).
        self._token: str | None = None
        self._annotations: list[dict[str, Any]] = []
        # Above the view model's threshold the page gets no events, only what each view
        # shows (bins or points, sitmap.setDensity); _density_view is the last view reported.
        self._dense = False
        self._density_view: tuple[float, tuple[float, float, float, float]] | None = None
        self._layers: dict[str, bool] = dict.fromkeys(LAYER_NAMES, False)
        # Presentation mode's larger type: a page loaded or handed new data starts without
        # it (sitmap.replaceData), so it is said again once that page is ready.
        self._presenting = False

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
        view = self._read("getView")
        return view if isinstance(view, dict) else None

    def set_online(self, allowed: bool) -> None:
        """Offer online tile layers in the page's layer control and let their requests
        through (off by default). Rebuilds the page, keeping the view."""
        if allowed == self._online:
            return
        self.guard.allow_online = self._online = allowed
        self._view = self.current_view()
        self._shell = False  # the page's layer control changes: a new page
        self.rebuild()
        self._view = None

    @property
    def layers(self) -> dict[str, bool]:
        """The optional layers on now: ``{"heat", "sized", "icons"}`` booleans."""
        return dict(self._layers)

    def set_layers(self, **layers: bool) -> None:
        """Switch the heatmap (``heat``), the marks sized by casualties (``sized``) and the
        category icons (``icons``); a name left out keeps its state. They stay as set
        across page rebuilds.

        Raises:
            ValueError: a name is not one of ``heat``, ``sized``, ``icons``.
        """
        unknown = sorted(set(layers) - set(LAYER_NAMES))
        if unknown:
            raise ValueError(f"not a map layer: {', '.join(unknown)}")
        self._layers.update({name: bool(on) for name, on in layers.items()})
        self._call("setLayers", dict(self._layers))

    def _on_layers_chosen(self, text: object) -> None:
        # The page is untrusted: only the three names, as booleans, go on.
        value = _loads(text)
        if not isinstance(value, dict):
            return
        chosen = {name: value[name] for name in LAYER_NAMES
                  if isinstance(value.get(name), bool)}
        if not chosen or chosen == {k: self._layers[k] for k in chosen}:
            return
        self._layers.update(chosen)
        self.layersChanged.emit(dict(self._layers))

    @property
    def tile_package(self) -> TilePackage | None:
        """The tile package shown over the basemap, or None."""
        return self._tiles

    def set_tiles(self, package: TilePackage | None) -> None:
        """Show ``package`` (an open :class:`~sitmap.mapping._tiles.TilePackage`) over the
        offline basemap, its tiles served through ``sitmap://tiles/`` with no network and
        its attribution credited on the map; ``None`` goes back to the basemap alone. The
        view owns the package from now on and closes the one it replaces. Rebuilds the
        page, keeping the view. Raises nothing."""
        old, self._tiles = self._tiles, package
        self._handler.set_tiles(None if package is None else _tile_loader(package))
        if old is not None and old is not package:
            old.close()
        self._view = self.current_view()
        self._shell = False  # the page's tile layer changes: a new page
        self.rebuild()
        self._view = None

    def rebuild(self) -> None:
        """Show the state (frame, range, filters) on the map; once per data change,
        everything else goes to the loaded page. A page that is loaded and ready gets the
        new data as JSON (``sitmap.replaceData``: new event layers on the same page);
        otherwise (no page yet, or one made for other online tiles, tile package or density)
        the page is built and loaded."""
        state = self._state
        self._ready = False
        self._stale = False
        self._reframe = False
        self._generation += 1
        start, end = state.date_range
        self._dense = state.model.dense
        self._density_view = None
        view = self._view
        if self._dense and view is None:
            view = state.model.data_view()
        frame = state.frame.iloc[:0] if self._dense else state.frame
        options: dict[str, Any] = dict(
            date_range=None if (start, end) == state.bounds else (start, end),
            categories=state.categories,
            text=state.text,
            show_background=state.show_background,
            sources=state.filter.sources,
            roles=state.filter.roles,
            view=view,
            online_tiles=self._online,
            articles=[] if self._dense else list(state.articles.values()),
            annotations=self._annotations,
            density=self._dense,
            tiles=None if self._tiles is None else {**self._tiles.info.to_page(),
                                                    "url": TILE_URL},
            layers=self._layers,
        )
        if self._shell and self._shell_dense == self._dense:
            self._replace(frame, options)
            return
        html = build_page(frame, **options)
        self._shell = False
        self._shell_dense = self._dense
        self._token = None
        self._handler.set_page(html)
        self._new_bridge()
        self._page_url = QUrl(f"{PAGE_URL}?v={self._generation}")
        self.load(self._page_url)

    def _replace(self, frame: Any, options: dict[str, Any]) -> None:
        """Hand the loaded page ``frame`` and the page ``options`` (as :func:`build_page`
        takes them) as JSON texts; the page reports ready with this generation's token. If
        the page does not take them (no answer ``true``), it is built and loaded instead."""
        data, config, regions = window_content(frame, **options)
        token = str(self._generation)
        self._token = token
        generation = self._generation

        def taken(answer: object) -> None:
            if answer is not True and generation == self._generation:
                self._shell = False
                self.rebuild()

        self._call("replaceData", data, config, regions, token, answer=taken)

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
        self.bridge.articleRequested.connect(self.articleRequested)
        self.bridge.legendToggled.connect(self.legendToggled)
        self.bridge.pinMoved.connect(self.pinDragged)
        self.bridge.viewMoved.connect(self.viewMoved)
        self.bridge.viewMoved.connect(self._on_view_moved)
        self.bridge.spotPicked.connect(self._on_spot_picked)
        self.bridge.drawn.connect(self.annotationDrawn)
        self.bridge.edited.connect(self.annotationEdited)
        self.bridge.picked.connect(self.annotationSelected)
        self.bridge.layersPicked.connect(self._on_layers_chosen)

    # -- the page's functions (the only way into the page) ------------------------------

    def set_view(self, lat: float, lon: float, zoom: float, *, animate: bool = False) -> None:
        """Centre the map on ``lat``, ``lon`` at ``zoom`` (smoothly with ``animate``).

        Raises:
            ValueError: a value is not a finite number (e.g. from a crafted project file).
        """
        self._call("setView", finite(lat, "latitude"), finite(lon, "longitude"),
                   finite(zoom, "zoom"), bool(animate))

    def set_range(self, start: str | None, end: str | None) -> None:
        """Show events from ISO day ``start`` to ``end`` (``None``: open end).

        Raises:
            ValueError: ``start`` or ``end`` is not an ISO date.
        """
        self._call("setRange", _iso_day(start, "start"), _iso_day(end, "end"))

    def set_filter(self, categories: Iterable[str] | None, text: str,
                   show_background: bool, *, sources: Iterable[str] | None = None,
                   roles: Iterable[str] | None = None) -> None:
        """Show the events of ``categories`` (``None``: all) whose text holds ``text``,
        background places or not, of ``sources`` and ``roles`` (``None``: all)."""
        shown = EventFilter.of(categories, text, show_background, sources=sources,
                               roles=roles).sorted()
        # Sources and roles always travel, null included, so the page clears them too.
        self._call("setFilter", {"sources": None, "roles": None, **shown.to_page()})

    def select(self, event_id: str) -> None:
        """Open event ``event_id``'s popup, moving the map to it."""
        self._call("select", str(event_id))

    def fit_events(self) -> None:
        """Frame the visible events that matter, as the first view does: places where
        something happened before countries and background places, the main group of
        them rather than every far-off mention (see the page's ``sitmap.fitEvents``). A page
        that shows density bins has no events to frame: it goes to the view that frames
        most of the table (``ViewModel.data_view``)."""
        if self._dense:
            view = self._state.model.data_view()
            if view is not None:
                self.set_view(view["lat"], view["lon"], view["zoom"])
            return
        self._call("fitEvents")

    def highlight(self, event_ids: Iterable[str]) -> None:
        """Ring the marks of ``event_ids`` (an empty list clears)."""
        self._call("highlight", [str(i) for i in event_ids])

    def set_presenting(self, on: bool) -> None:
        """Larger type in popups and tooltips for presentation mode, or back; kept over
        new data (a new page, or new data on this one, is told again once ready)."""
        self._presenting = bool(on)
        self._call("setPresenting", self._presenting)

    def set_printing(self, on: bool) -> None:
        """Draw the map for slides, pages or paper (no zoom buttons or layer switch), or
        back to the window's map."""
        self._call("setPrinting", bool(on))

    def start_pick(self) -> None:
        """Wait for one click on the map (a crosshair shows); it comes back as
        :attr:`mapClicked` (and :meth:`picked` reads it)."""
        self._call("startPick")

    def stop_pick(self) -> None:
        """Stop waiting for a click; the next one is an ordinary click again."""
        self._call("stopPick")

    def picked(self, done: Callable[[float, float], None]) -> None:
        """Ask the page for the spot clicked since :meth:`start_pick`; calls
        ``done(lat, lon)`` later if there is one (nothing otherwise), without blocking."""
        def answer(text: object) -> None:
            value = _loads(text)
            if isinstance(value, list) and len(value) == 2:
                try:
                    lat, lon = finite(value[0], "latitude"), finite(value[1], "longitude")
                except ValueError:
                    return
                done(lat, lon)

        if self._ready:
            self.page().runJavaScript(_as_json(page_call("picked")), 0, answer)

    def _on_spot_picked(self, lat: object, lon: object) -> None:
        # The page is untrusted: only a spot of two finite numbers goes on.
        try:
            la, lo = finite(lat, "latitude"), finite(lon, "longitude")
        except ValueError:
            return
        self.mapClicked.emit(la, lo)

    def _call(self, function: str, *args: object,
              answer: Callable[[object], None] | None = None) -> None:
        """Call the page function ``function`` with ``args`` if the page is ready;
        otherwise the state is applied once it is. With ``answer``, the call goes to the
        page loaded now even while it is not ready (``replaceData``), and ``answer`` gets
        what it returns (``None`` if it threw)."""
        script = page_call(function, *args)
        if answer is not None:
            self.page().runJavaScript(script, 0, answer)
        elif self._ready:
            self.page().runJavaScript(script, 0)
        else:
            self._stale = True

    def _read(self, function: str, *args: object, timeout_ms: int = 10_000) -> Any:
        """Return what the page function ``function`` returns for ``args`` (through JSON).

        Raises:
            MapNotReady: no answer within ``timeout_ms``.
        """
        return self._wait_for(_as_json(page_call(function, *args)), timeout_ms=timeout_ms)

    def evaluate(self, expression: str, *, timeout_ms: int = 10_000) -> Any:
        """Return the value of the JavaScript ``expression`` in the page through JSON
        (``None`` for undefined), waiting in a local event loop; for tests, benchmarks and
        scripting by hand only (the window itself never calls it: ``expression`` is code).

        Raises:
            MapNotReady: no answer within ``timeout_ms``.
        """
        return self._wait_for(_as_json(expression), timeout_ms=timeout_ms)

    def _wait_for(self, script: str, *, timeout_ms: int) -> Any:
        loop = QEventLoop()
        result: list[object] = []

        def done(value: object) -> None:
            result.append(value)
            loop.quit()

        timer = QTimer(loop)
        timer.setSingleShot(True)
        timer.timeout.connect(loop.quit)
        timer.start(timeout_ms)
        self.page().runJavaScript(script, 0, done)
        if not result:
            loop.exec()
        if not result:
            raise MapNotReady(f"the map page did not answer {script!r} in {timeout_ms} ms")
        return _loads(result[0])

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

    def draw_state(self) -> dict[str, Any] | None:
        """What the page has drawn of what it was last told (its JSON, untrusted):
        ``{lat, lon, zoom, moving, tilesLoading, frames}``; ``None`` while no page is
        ready or for an answer that is not an object.

        Raises:
            MapNotReady: the page did not answer in time.
        """
        if not self._ready:
            return None
        state = self._read("drawState")
        return state if isinstance(state, dict) else None

    def mark_frames(self) -> int | None:
        """A new mark: :meth:`draw_state`'s ``frames`` reaches it once the page has
        painted two animation frames since (so everything asked before is on screen);
        ``None`` while no page is ready or for an answer that is not a number.

        Raises:
            MapNotReady: the page did not answer in time.
        """
        if not self._ready:
            return None
        mark = self._read("markFrames")
        return mark if isinstance(mark, int) and not isinstance(mark, bool) else None

    def settle(self, *, ms: int = 400) -> None:
        """Keep processing events for ``ms`` so the page paints what it just drew."""
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def set_legend_open(self, is_open: bool) -> None:
        """Fold (``False``) or unfold (``True``) the page's legend, as the user chose before;
        a resize then leaves it so. Nothing happens while no page is ready."""
        self._call("setLegendOpen", bool(is_open))

    def set_density(self, layer: dict[str, object]) -> None:
        """Draw ``layer`` (``ViewModel.density_layer``: bins with counts and category
        breakdowns, or the points in view) on a page built for a table too big to send.

        Raises:
            ValueError: ``layer`` holds NaN or an infinity.
        """
        self._call("setDensity", layer)

    @property
    def dense(self) -> bool:
        """Whether the page shows density bins (or the points in view) computed here,
        rather than every event of the table."""
        return self._dense

    def set_view_labels(self, rows: list[list[object]]) -> None:
        """Name these towns (``[name, lat, lon, thousands of people]`` rows) on the page's
        basemap besides its own list, until the next call."""
        self._call("setViewLabels", rows)

    def set_annotations(self, annotations: list[dict[str, Any]]) -> None:
        """Draw these annotations (``Annotation.to_json()`` dicts) instead of the ones
        before; kept for the next page build too."""
        self._annotations = list(annotations)
        self._call("setAnnotations", self._annotations)

    def set_annotation_scene(self, scene_id: int | None) -> None:
        """Show the annotations of scene ``scene_id`` (and those of every scene) only;
        ``None``: all of them (outside a scene)."""
        self._call("setAnnotationScene", scene_id)

    def start_draw(self, kind: str, *, colour: str, dashed: bool = False) -> None:
        """Let the user draw a ``kind`` annotation (each click a point; a circle or ring
        its centre and then its edge, a text one click; Enter or a double click finishes
        a line, arrow or area, Esc cancels). It comes back as :attr:`annotationDrawn`."""
        self._call("startDraw", str(kind), {"colour": str(colour), "dashed": bool(dashed)})

    def finish_draw(self) -> None:
        """Finish the drawing under way (as Enter does)."""
        self._call("finishDraw")

    def cancel_draw(self) -> None:
        """Drop the drawing under way."""
        self._call("cancelDraw")

    def select_annotation(self, annotation_id: int | None) -> None:
        """Select annotation ``annotation_id`` (its handles show), ``None``: none."""
        self._call("selectAnnotation", annotation_id)

    def set_view_regions(self, collection: dict[str, object]) -> None:
        """Add these first-level region borders (a GeoJSON FeatureCollection of
        ``sitmap.mapping.regions_for``, one feature per country) to the page's basemap;
        countries it already has are skipped."""
        self._call("setViewRegions", collection)

    def show_event(self, event_id: str) -> None:
        """Take the map to event ``event_id``'s place and open its popup, as selecting it
        in the table does (nothing happens for an id the page does not have)."""
        self._call("select", str(event_id))

    # -- state -> page ----------------------------------------------------------------

    def _on_loading_changed(self, info: QWebEngineLoadingInfo) -> None:
        # Only the current page counts: a load cut short by a newer one is no failure.
        if (info.status() == QWebEngineLoadingInfo.LoadStatus.LoadFailedStatus
                and info.url() == self._url()):
            self.loadFailed.emit(f"the map page failed to load: {info.errorString()}")

    def _url(self) -> QUrl:
        # A new query string per page load makes WebEngine fetch the page again instead of
        # reusing it.
        return self._page_url

    def _on_page_ready(self, page_url: str) -> None:
        address, _, fragment = page_url.partition("#")
        if address != self._url().toString():
            return  # the page before, which had not connected yet: the current one follows
        if self._token is not None and fragment != f"sitmap-data={self._token}":
            return  # ready with data handed to it before: the current data follows
        self._shell = True
        self._ready = True
        if self._presenting:
            self._call("setPresenting", True)
        if self._stale:
            self._call("setAnnotations", self._annotations)
            start, end = self._state.date_range
            self._push_range(start.isoformat(), end.isoformat())
            self._push_filter()
        if self._reframe and self._view is None:
            # The first view is the frame of what is shown, not of what the range hides.
            self._call("fitEvents", {"core": True})
        self._reframe = False
        if self._state.selected:
            self._push_selection(self._state.selected, "")
        self.mapReady.emit()

    def _push_range(self, start: str, end: str) -> None:
        state = self._state
        self._reframe = self._reframe or not self._ready
        if state.date_range == state.bounds:
            # The whole span is no date filter at all (undated events stay), as in AppState.
            self.set_range(None, None)
        else:
            self.set_range(start, end)
        self._push_density()

    def _push_filter(self) -> None:
        state = self._state
        self._reframe = self._reframe or not self._ready
        f = state.filter
        self.set_filter(f.categories, f.text, f.show_background, sources=f.sources,
                        roles=f.roles)
        self._push_density()

    def _push_selection(self, event_id: str, origin: str) -> None:
        # A pin the user just clicked is already under the mouse; flying to it would move it.
        if self._dense:
            self._show_dense_selection(event_id, origin)
        elif event_id and origin != "map":
            self.select(event_id)

    # -- the density layer (a table too big to send to the page) ----------------------

    def _on_view_moved(self, report: str) -> None:
        if not self._dense:
            return
        box = view_box(report)  # the page's text is not trusted
        if box is not None:
            self._density_view = box
            self._push_density()

    def _push_density(self) -> None:
        if not self._dense or self._density_view is None or not self._ready:
            return
        zoom, bounds = self._density_view
        layer = self._state.model.density_layer(zoom, bounds)
        layer["selected"] = self._state.selected
        self.set_density(layer)

    def _show_dense_selection(self, event_id: str, origin: str) -> None:
        # The page has only the points in view: go to the event's place, close enough for
        # points, and the next layer rings it.
        row = self._state.model.row_of(event_id) if event_id else None
        if row is not None and origin != "map" and self._density_view is not None:
            lat, lon = self._state.frame[["lat", "lon"]].iloc[row].tolist()
            with contextlib.suppress(ValueError):  # no coordinates: nothing to go to
                self.set_view(lat, lon, max(self._density_view[0], 10.0))
        self._push_density()


def _as_json(expression: str) -> str:
    # Qt hands over only strings and numbers intact (arrays and objects arrive as ""), so
    # the value travels as JSON text. No eval(): the page's policy forbids it.
    return f"JSON.stringify(({expression}\n))"


def _loads(text: object) -> Any:
    """The value of a JSON answer from the page; ``None`` for no (or no valid) answer."""
    if not isinstance(text, str) or not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None
