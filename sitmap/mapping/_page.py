"""Build the Leaflet map page with folium's element tree (see docs/design.md, "The map page
contract").

folium gives the page skeleton and the map object; the events travel as one JSON blob that
``resources/web/map.js`` turns into canvas markers, so the page stays small and fast at
100,000 events. Every element id is fixed, so the same input gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, Final, Literal

import folium
import pandas as pd
from branca.element import Element, Figure
from folium.elements import JSCSSMixin
from jinja2 import Template

from sitmap.events import CATEGORIES, EventFilter
from sitmap.mapping._assets import (
    Box,
    asset_url,
    inline_assets,
    pack_features,
    regions_near,
    water_near,
)
from sitmap.mapping._labels import labels_for
from sitmap.mapping._payload import event_payload, to_script_json
from sitmap.model import ANNOTATION_COLOURS, Annotation, Article
from sitmap.vocabulary import category_colours

__all__ = ["CATEGORY_COLORS", "ATTRIBUTION", "LAYERS", "AssetMode", "build_page", "page_layers",
           "window_content"]

AssetMode = Literal["scheme", "inline"]

# From the `colour` keys of events/categories.toml.
CATEGORY_COLORS: Final[dict[str, str]] = category_colours()

ATTRIBUTION: Final = (
    "Basemap: Made with Natural Earth · Place names © GeoNames (geonames.org), CC BY 4.0"
    " · Country points: countries-states-cities database, ODbL 1.0"
)

# An e-mailed export must never reach the network, whatever text it carries: the browser
# itself refuses any request that is not inline.
_OFFLINE_POLICY: Final = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:"
)

_ONLINE_TILES: Final = (
    {
        "name": "OpenStreetMap",
        "url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
        "attribution": "© OpenStreetMap contributors",
        "maxZoom": 19,
    },
)


LAYERS: Final = ("heat", "sized", "icons")
"""The map's optional layers: the heatmap, marks sized by casualties, category icons
(``sitmap.setLayers`` on the page; docs/design.md, "Heat and size")."""


def page_layers(layers: Mapping[str, object] | Iterable[str] | None) -> dict[str, bool]:
    """Return ``{"heat", "sized", "icons"}`` as booleans for ``layers``: a mapping of those
    names to truth values, or the names of the layers that are on (``None``: all off).
    Unknown names are left out (a saved setting may come from a newer version).
    Raises nothing."""
    if layers is None:
        return dict.fromkeys(LAYERS, False)
    if isinstance(layers, Mapping):
        return {name: layers.get(name) is True for name in LAYERS}
    chosen = {str(name) for name in layers}
    return {name: name in chosen for name in LAYERS}


class _Raw(Element):
    """Text put into the page as it is.

    branca re-reads the output of every MacroElement macro as a Jinja template, so article
    text holding "{{" or "{%" would be evaluated (and 1 MB of data takes a second to lex).
    The data and configuration therefore bypass templating entirely.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs: Any) -> str:
        return self.text


class _EventLayer(JSCSSMixin):
    """The call into ``map.js``, and the links to the page's scripts and styles."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
            sitmapInit(
                {{ this._parent.get_name() }},
                JSON.parse(document.getElementById("sitmap-data").textContent),
                JSON.parse(document.getElementById("sitmap-config").textContent),
                sitmapUnpack(window.sitmapCountries),
                sitmapUnpack(JSON.parse(document.getElementById("sitmap-regions").textContent)),
                sitmapUnpack(window.sitmapWater ||
                    JSON.parse(document.getElementById("sitmap-water").textContent))
            );
        {% endmacro %}
        """
    )

    def __init__(self, *, controls: bool, slideshow: bool, scheme: bool,
                 density: bool = False) -> None:
        # The window loads every river and lake (water.js); an export carries those near
        # its events in the "sitmap-water" blob instead.
        super().__init__()  # type: ignore[no-untyped-call]  # branca is untyped
        self._name = "SitmapEvents"
        self._id = "events"
        # Per instance, never the class lists (folium's add_js_link mutates those).
        # util.js, then the Leaflet-free core, then the view on top (docs/design.md,
        # "The map page as modules"); the panels come after and use util.js too.
        self.default_js = [("sitmap_unpack", asset_url("unpack.js")),
                           ("sitmap_basemap", asset_url("basemap.js")),
                           ("sitmap_util", asset_url("util.js")),
                           ("sitmap_core", asset_url("core.js")),
                           ("sitmap_layers", asset_url("layers.js")),
                           ("sitmap_map", asset_url("map.js")),
                           ("sitmap_annotate", asset_url("annotate.js"))]
        if scheme:
            self.default_js.insert(2, ("sitmap_water", asset_url("water.js")))
        self.default_css = [("sitmap_map_css", asset_url("map.css"))]
        if density:
            self.default_js.append(("sitmap_density", asset_url("density.js")))
        if controls:
            self.default_js.append(("sitmap_standalone", asset_url("standalone.js")))
            self.default_css.append(("sitmap_standalone_css", asset_url("standalone.css")))
        if slideshow:
            self.default_js.append(("sitmap_slideshow", asset_url("slideshow.js")))
        if scheme:
            self.default_js.append(("qwebchannel", "qrc:///qtwebchannel/qwebchannel.js"))


def _iso(value: dt.date | str | None) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, str):
        return dt.date.fromisoformat(value[:10]).isoformat()
    return str(pd.Timestamp(value).date().isoformat())


# How far past its events (and its starting view) an export carries region borders, rivers
# and lakes, in degrees.
_EXPORT_MARGIN_DEG: Final = 3.0


def _export_spots(frame: pd.DataFrame, view: Mapping[str, Any] | None) -> list[tuple[float, float]]:
    """The events' places on a whole-degree grid (at most a few thousand cells) and the
    starting view's centre: what an export's neighbouring regions are measured from."""
    spots: set[tuple[float, float]] = set()
    if len(frame) and "lat" in frame and "lon" in frame:
        cells = pd.DataFrame({"lat": pd.to_numeric(frame["lat"], errors="coerce").round(),
                              "lon": pd.to_numeric(frame["lon"], errors="coerce").round()})
        cells = cells.dropna().drop_duplicates()
        spots = {(float(a), float(b)) for a, b in cells.itertuples(index=False)}
    if view is not None:
        spots.add((float(view["lat"]), float(view["lon"])))
    return sorted(spots)


def _export_box(frame: pd.DataFrame, view: Mapping[str, Any] | None) -> Box | None:
    """The box (south, west, north, east) an export's views need: its events' box and its
    starting view on a 1600x1000 screen, widened by the margin; None with neither."""
    boxes: list[Box] = []
    if len(frame) and "lat" in frame and "lon" in frame:
        lat = pd.to_numeric(frame["lat"], errors="coerce").dropna()
        lon = pd.to_numeric(frame["lon"], errors="coerce").dropna()
        if len(lat) and len(lon):
            boxes.append((float(lat.min()), float(lon.min()), float(lat.max()), float(lon.max())))
    if view is not None:
        half_lon = 800 * 360 / (256 * 2 ** int(view["zoom"]))
        half_lat = min(85.0, half_lon * 500 / 800)
        lat0, lon0 = float(view["lat"]), float(view["lon"])
        boxes.append((lat0 - half_lat, lon0 - half_lon, lat0 + half_lat, lon0 + half_lon))
    if not boxes:
        return None
    m = _EXPORT_MARGIN_DEG
    return (max(-90.0, min(b[0] for b in boxes) - m), min(b[1] for b in boxes) - m,
            min(90.0, max(b[2] for b in boxes) + m), max(b[3] for b in boxes) + m)


def _article_list(frame: pd.DataFrame, articles: Sequence[Article] | None) -> list[dict[str, str]]:
    if articles is not None:
        rows = [
            {"title": a.title, "source": a.source,
             "published": a.published.isoformat() if a.published else "", "url": a.url}
            for a in articles
        ]
    else:
        # Rows read from event tables have no article (an empty id): none to list for them.
        firsts = (frame[frame["article_id"].fillna("") != ""].drop_duplicates("article_id")
                  if "article_id" in frame else frame.iloc[:0])
        rows = [
            {"title": str(r.title), "source": str(r.source), "published": "",
             "url": str(r.url)}
            for r in firsts.itertuples(index=False)
        ]
    return sorted(rows, key=lambda r: (r["source"].casefold(), r["title"].casefold()))


def _scene(scene: Mapping[str, Any], number: int) -> dict[str, Any]:
    """One storyboard scene (``Scene.to_json()`` shape) as the slideshow reads it."""
    try:
        view = scene["view"]
        start, end = scene.get("range") or (None, None)
        return {
            "caption": str(scene.get("caption") or ""),
            "view": {"lat": float(view["lat"]), "lon": float(view["lon"]),
                     "zoom": float(view["zoom"])},
            "range": [_iso(start), _iso(end)],
            "filters": EventFilter.from_page(scene.get("filters")).known().to_page(),
            "highlighted": [str(i) for i in scene.get("highlighted") or ()],
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"scene {number}: malformed ({exc!r})") from exc


def _scene_id(scene: Mapping[str, Any]) -> int | None:
    ident = scene.get("id")
    return ident if isinstance(ident, int) and not isinstance(ident, bool) else None


def _content(
    frame: pd.DataFrame,
    *,
    title: str,
    subtitle: str,
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None,
    view: Mapping[str, float] | None,
    categories: Iterable[str] | None,
    text: str,
    show_background: bool,
    sources: Iterable[str] | None,
    roles: Iterable[str] | None,
    assets: AssetMode,
    online_tiles: bool,
    controls: bool,
    articles: Sequence[Article] | None,
    generated_on: dt.date | None,
    scenes: Sequence[Mapping[str, Any]] | None,
    labels: bool,
    annotations: Sequence[Mapping[str, Any]] | None,
    density: bool,
    density_bands: Sequence[Mapping[str, Any]] | None,
    article_total: int | None,
    tiles: Mapping[str, Any] | None,
    layers: Mapping[str, object] | Iterable[str] | None,
) -> tuple[dict[str, Any], dict[str, Any], set[str]]:
    """The page's data (:func:`event_payload`), its configuration and the countries of its
    events (ISO alpha-2), as :func:`build_page` describes its arguments.

    Raises SchemaError, ValueError or AnnotationError as :func:`build_page` does.
    """
    payload = event_payload(frame)
    start, end = date_range if date_range is not None else (None, None)
    article_rows = _article_list(frame, articles) if controls else []
    slides = [_scene(s, k) for k, s in enumerate(scenes or (), 1)] if controls else []
    config: dict[str, Any] = {
        "title": title,
        "subtitle": subtitle,
        "categories": [{"name": c, "color": CATEGORY_COLORS[c]} for c in CATEGORIES],
        "range": None if start is None and end is None else [_iso(start), _iso(end)],
        "view": None if view is None else {
            "lat": float(view["lat"]), "lon": float(view["lon"]), "zoom": int(view["zoom"])},
        "filter": EventFilter.of(categories, text, show_background, sources=sources,
                                 roles=roles).known().to_page(),
        "legend": True,
        "controls": controls,
        "panels": (["standalone"] if controls else []) + (["slideshow"] if slides else []),
        # Checked again here: the page draws only what a project file may hold.
        "annotations": [Annotation.from_json(a).to_json() for a in annotations or ()],
        "annotationColours": dict(ANNOTATION_COLOURS),
        "generated": (generated_on or dt.datetime.now(dt.UTC).date()).isoformat()
        if controls else "",
        "articles": article_rows,
        "attribution": ATTRIBUTION,
        "onlineTiles": list(_ONLINE_TILES) if online_tiles else [],
        # The window builds its page on its own thread: it never builds the gazetteer for
        # names (its background job does); an export may.
        "labels": labels_for(frame, build_index=assets != "scheme") if labels else [],
        # The window sends the towns of each view (sitmap.setViewLabels); an export cannot.
        "viewLabels": labels and assets == "scheme",
        "density": density or bool(density_bands),
        "layers": page_layers(layers),
    }
    if density_bands:
        config["densityBands"] = list(density_bands)
    if article_total is not None:
        config["articleTotal"] = int(article_total)
    if slides:
        config["scenes"] = slides
        # Which annotations each step shows (an annotation names the ids of its scenes).
        config["sceneIds"] = [_scene_id(s) for s in scenes or ()]
    if tiles is not None:
        config["tiles"] = dict(tiles)
    countries = (
        {c for c in frame["country_code"].astype(str).unique().tolist() if c}
        if len(frame) else set()
    )

    return payload, config, countries


def build_page(
    frame: pd.DataFrame,
    *,
    title: str = "",
    subtitle: str = "",
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None,
    view: Mapping[str, float] | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
    show_background: bool = True,
    sources: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    assets: AssetMode = "scheme",
    online_tiles: bool = False,
    controls: bool = False,
    articles: Sequence[Article] | None = None,
    generated_on: dt.date | None = None,
    scenes: Sequence[Mapping[str, Any]] | None = None,
    labels: bool = True,
    annotations: Sequence[Mapping[str, Any]] | None = None,
    density: bool = False,
    density_bands: Sequence[Mapping[str, Any]] | None = None,
    article_total: int | None = None,
    tiles: Mapping[str, Any] | None = None,
    layers: Mapping[str, object] | Iterable[str] | None = None,
) -> str:
    """Return the HTML of the map page for the event table ``frame``.

    The page starts with ``date_range`` (inclusive ISO days, either end open), the category
    list ``categories`` (``None``: all), the search ``text``, background places shown or not,
    the ``sources`` and ``roles`` shown (``None``: all), and ``view`` (``{"lat", "lon",
    "zoom"}``; ``None``: fit the events).

    ``assets="scheme"`` links Leaflet and sitmap's files as ``sitmap://assets/<name>`` (the Qt
    window serves them with :func:`asset_bytes`); ``"inline"`` puts every file into the page,
    so it opens from disk with no network. ``online_tiles`` offers online tile layers in the
    layer control, switched off. ``controls`` adds the standalone page's own title bar, date
    slider with histogram and play button, and the "generated on ... from N articles" note
    (``articles``: all articles read, default: those in ``frame``; ``generated_on``: default
    today). ``scenes`` (with ``controls``; dicts shaped as ``sitmap.project.Scene.to_json()``
    gives them: ``caption``, ``view``, ``range``, ``filters``, ``highlighted``) add the
    storyboard as a slideshow with a caption bar, Prev/Next buttons and keys. ``labels``
    names cities on the offline basemap (:func:`sitmap.mapping._labels.labels_for`).
    ``annotations`` (``sitmap.model.Annotation.to_json()`` dicts) are drawn over the events,
    each in its scenes and date range (``resources/web/annotate.js``).
    ``density`` adds the density layer (``sitmap.setDensity``: bins or the points in view,
    which the host computes for each view; ``frame`` then holds no rows, or only some).
    ``density_bands`` (``sitmap.events.day_bins`` of the events ``frame`` does not hold,
    coarsest zoom first) let the page compute that layer itself (the standalone export of
    a large table), with the counts, histogram and filters taking them in; ``article_total``
    is then the number of articles read (``articles`` may list only some).
    ``tiles`` shows a tile package over the basemap: ``TileInfo.to_page()`` plus ``url``
    (the window's ``sitmap://tiles/{z}/{x}/{y}``) or ``embedded`` (``{"z/x/y": data URI}``,
    :func:`sitmap.mapping._tiles.embedded_tiles`, with ``embeddedMaxZoom``); its
    attribution, plain text, is credited on the map. ``layers`` starts the optional layers
    (:func:`page_layers`: the heatmap, marks sized by casualties, category icons; default
    all off); the layer control switches them, and so does ``sitmap.setLayers``.

    Raises SchemaError if ``frame`` does not follow the event-table schema, ValueError for a
    malformed date in ``date_range``, a malformed scene or annotation (AnnotationError).
    """
    payload, config, countries = _content(
        frame, title=title, subtitle=subtitle, date_range=date_range, view=view,
        categories=categories, text=text, show_background=show_background, sources=sources,
        roles=roles, assets=assets, online_tiles=online_tiles, controls=controls,
        articles=articles, generated_on=generated_on, scenes=scenes, labels=labels,
        annotations=annotations, density=density, density_bands=density_bands,
        article_total=article_total, tiles=tiles, layers=layers)

    figure = Figure(title=html.escape(title or "sitmap"))
    figure._id = "page"
    fmap = folium.Map(
        location=[30.0, 40.0],
        zoom_start=3,
        tiles=None,
        min_zoom=2,
        max_zoom=18,
        prefer_canvas=True,
        control_scale=True,
        position="absolute",
    )
    fmap._id = "sitmap"
    # folium hands min/max zoom to its tile layer; with no tiles the map itself needs them.
    fmap.options.update(minZoom=2, maxZoom=18)
    fmap.default_js = [("leaflet", asset_url("leaflet.js"))]
    fmap.default_css = [("leaflet_css", asset_url("leaflet.css"))]
    if assets == "inline":
        policy = f'<meta http-equiv="Content-Security-Policy" content="{_OFFLINE_POLICY}">'
        figure.header.add_child(_Raw(policy), name="csp", index=0)
    figure.add_child(fmap, name="map")
    # The window adds the region borders of each view (setViewRegions) and loads all water
    # (water.js); an export carries what the box of its events and starting view needs.
    box = _export_box(frame, config["view"]) if assets == "inline" else None
    spots = _export_spots(frame, config["view"]) if box is not None else []
    blobs = "\n".join(
        f'<script type="application/json" id="{name}">{to_script_json(value)}</script>'
        for name, value in (("sitmap-data", payload), ("sitmap-config", config),
                            ("sitmap-regions", pack_features(regions_near(
                                countries, box, points=spots))),
                            ("sitmap-water", pack_features(water_near(box))))
    )
    status = '<output id="sitmap-status" data-ready="false"></output>'
    figure.html.add_child(_Raw(status + "\n" + blobs), name="sitmap-data")
    layer = _EventLayer(controls=controls, slideshow="scenes" in config, scheme=assets == "scheme",
                        density=density or bool(density_bands))
    fmap.add_child(layer, name="events")
    page = figure.render()
    if assets == "inline":
        page = inline_assets(page)
    return page


def window_content(
    frame: pd.DataFrame,
    *,
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None,
    view: Mapping[str, float] | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
    show_background: bool = True,
    sources: Iterable[str] | None = None,
    roles: Iterable[str] | None = None,
    online_tiles: bool = False,
    articles: Sequence[Article] | None = None,
    annotations: Sequence[Mapping[str, Any]] | None = None,
    density: bool = False,
    tiles: Mapping[str, Any] | None = None,
    layers: Mapping[str, object] | Iterable[str] | None = None,
) -> tuple[str, str, str]:
    """Return what the window's page, already loaded, needs to show ``frame`` instead of
    its data (the page function ``sitmap.replaceData``): the page's data, its configuration
    and its region borders, each as a JSON text, the same values
    ``build_page(frame, assets="scheme", ...)`` puts into its ``sitmap-data``,
    ``sitmap-config`` and ``sitmap-regions`` blobs for these arguments.

    Raises SchemaError if ``frame`` does not follow the event-table schema, ValueError for a
    malformed date in ``date_range`` or a malformed annotation (AnnotationError).
    """
    payload, config, countries = _content(
        frame, title="", subtitle="", date_range=date_range, view=view,
        categories=categories, text=text, show_background=show_background, sources=sources,
        roles=roles, assets="scheme", online_tiles=online_tiles, controls=False,
        articles=articles, generated_on=None, scenes=None, labels=True,
        annotations=annotations, density=density, density_bands=None, article_total=None,
        tiles=tiles, layers=layers)
    regions = pack_features(regions_near(countries, None, points=[]))
    return to_script_json(payload), to_script_json(config), to_script_json(regions)
