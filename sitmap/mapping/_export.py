"""Exports of the (filtered) event table: standalone HTML map, GeoJSON, CSV and KML.

Every file is written atomically (a temporary file beside it, then renamed), so a failed
export never leaves half a file where the user expects a map.

Exports are safe to open anywhere (the issue "Hostile files can't hurt the analyst"): the
HTML map keeps all data in JSON blobs, CSV neutralises cells a spreadsheet would run as
formulas (see ``sitmap.events._io``), and KML is well-formed XML for any text, with names,
descriptions and data values that KML viewers show as text, never render as HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd

from sitmap._atomic import write_atomically
from sitmap.events import (
    CATEGORIES,
    DENSITY_THRESHOLD,
    EventGrid,
    carried_rows,
    day_bins,
    place_label,
    to_geojson,
    validate,
    write_events,
)
from sitmap.geocode import area_geometry
from sitmap.mapping._annotations import annotation_features, circle_ring, readout
from sitmap.mapping._formats import ExportRequest, export_formats, write_export
from sitmap.mapping._page import ATTRIBUTION, CATEGORY_COLORS, build_page
from sitmap.model import Annotation, Article

__all__ = [
    "EXPORT_FORMATS",
    "export_csv",
    "export_file",
    "export_geojson",
    "export_html",
    "export_kml",
]

KML_NS: Final = "http://www.opengis.net/kml/2.2"

# The zoom levels a large table's standalone map carries bins for (a view at another zoom
# uses the band at or below it): 6.4 MB for a million synthetic events over 60 days.
DENSITY_BANDS: Final = (2, 4, 6)
# The most events such a map carries as points (those of the sparsest cells at the finest
# band), and how few events make a cell sparse.
CARRIED_POINTS: Final = 5_000
_SPARSE_CELL: Final = 25

# Characters XML 1.0 forbids (C0 controls but TAB/LF/CR, lone surrogates, U+FFFE/U+FFFF):
# one of them makes the whole file unreadable, so each becomes U+FFFD.
_NOT_XML: Final = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
# What an HTML renderer would read as markup or a character reference: "<", ">", and an "&"
# that starts a reference ("&lt", "&#60", "&amp;"). A bare "&" ("Test & co") shows as itself.
_MARKUP: Final = re.compile(r"[<>]|&(?=[#A-Za-z0-9])")
_MARKUP_ESCAPES: Final = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def export_html(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    title: str = "",
    subtitle: str = "",
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None,
    view: Mapping[str, float] | None = None,
    categories: Iterable[str] | None = None,
    text: str = "",
    show_background: bool = True,
    articles: Sequence[Article] | None = None,
    generated_on: dt.date | None = None,
    scenes: Sequence[Mapping[str, Any]] | None = None,
    annotations: Sequence[Mapping[str, Any]] = (),
    density_threshold: int = DENSITY_THRESHOLD,
    tiles: Mapping[str, Any] | None = None,
    layers: Mapping[str, object] | Iterable[str] | None = None,
) -> None:
    """Write the map of ``frame`` as one self-contained HTML file that opens offline.

    A table of more than ``density_threshold`` events is carried as density bins per zoom
    band (:data:`DENSITY_BANDS`) and per day, category and background flag, computed here
    (:func:`sitmap.events.day_bins`), plus the events of sparse cells as points (at most
    :data:`CARRIED_POINTS`); the page draws the bins, filters them by date, category and
    background itself, and says that its text search covers only the points.

    The starting state is ``date_range``, ``view``, ``categories``, ``text`` and
    ``show_background`` (the window's state; see :func:`build_page`). ``articles`` are all
    articles read (for "generated on ... from N articles" and the source list; default: the
    articles in ``frame``); ``generated_on`` defaults to today (UTC) and is the only
    date-dependent byte in the file. ``scenes`` (``Scene.to_json()`` dicts, storyboard
    order) become a slideshow: caption bar, Prev/Next buttons, arrow and Page keys.
    ``annotations`` (``Annotation.to_json()`` dicts) are drawn, each in its scenes and days.
    ``tiles`` (``EmbeddedTiles.page``) draws a tile package's embedded tiles over the
    basemap, credited on the map. ``layers`` starts the heatmap, the marks sized by
    casualties and the category icons on (``{"heat": True, ...}`` or the names; default
    off); the file carries them all, and its layer control switches them. Raises
    ExportError (naming the file) if it cannot be written, SchemaError for a frame that
    does not follow the schema, ValueError for a malformed scene or annotation.
    """
    bands: list[dict[str, Any]] | None = None
    article_total: int | None = None
    if len(frame) > density_threshold:
        frame = validate(frame)
        grid = EventGrid.of(frame)
        carried = carried_rows(grid, zoom=DENSITY_BANDS[-1], sparse=_SPARSE_CELL,
                               limit=min(CARRIED_POINTS, density_threshold))
        binned = np.ones(len(frame), dtype=bool)
        binned[carried] = False
        background = ((frame["role"] != "event") | frame["demonym"]).to_numpy(dtype=bool)
        bands = [day_bins(frame, grid, np.flatnonzero(binned), zoom=z, background=background)
                 for z in DENSITY_BANDS]
        if articles is None:
            ids = frame["article_id"]
            article_total = int(ids[ids.fillna("") != ""].nunique())  # tables' rows: none
        if view is None:
            view = grid.first_view()
        frame = frame.iloc[carried]
    page = build_page(
        frame,
        density_bands=bands,
        article_total=article_total,
        title=title,
        subtitle=subtitle,
        date_range=date_range,
        view=view,
        categories=categories,
        text=text,
        show_background=show_background,
        assets="inline",
        controls=True,
        articles=articles,
        generated_on=generated_on,
        scenes=scenes,
        annotations=annotations,
        tiles=tiles,
        layers=layers,
    )
    # A lone surrogate (from an API caller's text) cannot be UTF-8: show it as U+FFFD.
    write_atomically(
        Path(path), _LONE_SURROGATE.sub("\ufffd", page).encode("utf-8"), what="the export"
    )


def export_geojson(
    frame: pd.DataFrame, path: str | os.PathLike[str], *,
    annotations: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Write ``frame`` as an RFC 7946 FeatureCollection (``[lon, lat]``, every column a
    property; a country or region row is the area's outline, its ``lat``/``lon`` properties
    the representative point). ``annotations`` follow the events as features whose property
    ``sitmap`` is ``"annotation"``, styled (see
    :func:`sitmap.mapping._annotations.annotation_features`). Raises ExportError if the file
    cannot be written, SchemaError for a bad frame, AnnotationError for a bad annotation."""
    if not annotations:
        write_events(frame, path, format="geojson")
        return
    doc = to_geojson(frame)
    doc["features"] = [*doc["features"], *annotation_features(annotations)]
    text = json.dumps(doc, ensure_ascii=False, allow_nan=False, indent=1)
    write_atomically(Path(path), _LONE_SURROGATE.sub("\ufffd", text) + "\n",
                     what="the export")


def export_csv(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``frame`` as CSV (ISO dates; reads back with ``pandas.read_csv``). Raises
    ExportError if the file cannot be written, SchemaError for a bad frame."""
    write_events(frame, path, format="csv")


def _kml_color(hex_rgb: str, alpha: str = "ff") -> str:
    # KML colours are aabbggrr.
    r, g, b = hex_rgb[1:3], hex_rgb[3:5], hex_rgb[5:7]
    return f"{alpha}{b}{g}{r}".lower()


def _style_id(category: str) -> str:
    return "cat-" + "".join(ch if ch.isalnum() else "-" for ch in category)


def _xml_text(text: str) -> str:
    """Return ``text`` with every character XML 1.0 forbids replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text)


def _inert_text(text: str) -> str:
    """Return ``text`` as a KML text node that viewers show as itself: legal in XML, and
    with markup escaped for HTML, so a viewer that renders names, descriptions and data
    values as HTML (Google Earth does) shows the characters instead of running them."""
    return _MARKUP.sub(lambda m: _MARKUP_ESCAPES[m.group()], _xml_text(text))


def _sub(parent: ET.Element, tag: str, text: str | None = None) -> ET.Element:
    node = ET.SubElement(parent, f"{{{KML_NS}}}{tag}")
    if text is not None:
        node.text = _inert_text(text)
    return node


def _description(row: pd.Series) -> str:
    start, end = row["date_start"], row["date_end"]
    if pd.isna(start):
        when = "date unknown"
    elif pd.isna(end) or end == start:
        when = start.date().isoformat()
    else:
        when = f"{start.date().isoformat()} – {end.date().isoformat()}"
    lines = [
        f"{row['category']} · {place_label(row['place'], row['place_context'])} ({row['kind']}"
        + (", approximate area)" if row["kind"] in ("region", "country") else ")"),
        f"{when} ({row['date_precision']} precision)",
        "",
        str(row["passage"]),
        "",
        f"Source: {row['sources'] or row['source']}",
        f"Title: {row['title']}",
    ]
    if row["role"] != "event":
        lines.insert(1, f"Background place ({row['role']})")
    elif row["demonym"]:
        lines.insert(1, "Background place (named by a demonym)")
    return "\n".join(lines)


def _kml_rings(geometry: Mapping[str, Any]) -> list[list[str]]:
    """The KML coordinate texts of a GeoJSON Polygon or MultiPolygon: per polygon, its outer
    ring and then its holes."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    return [[" ".join(f"{x:g},{y:g}" for x, y in ring) for ring in rings] for rings in polygons]


def _kml_area(parent: ET.Element, polygons: list[list[str]]) -> None:
    """Add the polygons (coordinate texts from :func:`_kml_rings`) to ``parent``."""
    for rings in polygons:
        polygon = _sub(parent, "Polygon")
        for n, ring in enumerate(rings):
            boundary = _sub(polygon, "outerBoundaryIs" if n == 0 else "innerBoundaryIs")
            linear = _sub(boundary, "LinearRing")
            _sub(linear, "coordinates", ring)


def _kml_annotations(doc: ET.Element, annotations: Sequence[Mapping[str, Any]]) -> None:
    """Add a Folder "Annotations" to ``doc``: one Placemark per annotation, its style inline
    (line colour and width, a light fill for areas and circles), a ``TimeSpan`` for its days
    and its kind, colour, dash, scenes and (circles, rings) centre and radius as data."""
    folder = _sub(doc, "Folder")
    _sub(folder, "name", "Annotations")
    for value in annotations:
        a = Annotation.from_json(value)
        mark = _sub(folder, "Placemark")
        mark.set("id", f"annotation-{a.id}")
        name = a.label
        if a.kind == "ring":
            assert a.radius_m is not None
            distance = readout(a.radius_m, a.unit)
            name = f"{a.label} · {distance}" if a.label else distance
        _sub(mark, "name", name)
        if a.date_start is not None or a.date_end is not None:
            span = _sub(mark, "TimeSpan")
            if a.date_start is not None:
                _sub(span, "begin", a.date_start.isoformat())
            if a.date_end is not None:
                _sub(span, "end", a.date_end.isoformat())
        style = _sub(mark, "Style")
        line = _sub(style, "LineStyle")
        _sub(line, "color", _kml_color(a.hex_colour))
        _sub(line, "width", "4")
        poly = _sub(style, "PolyStyle")
        _sub(poly, "color", _kml_color(a.hex_colour, "38"))
        _sub(poly, "fill", "1" if a.kind in ("polygon", "circle") else "0")
        label = _sub(style, "LabelStyle")
        _sub(label, "color", _kml_color(a.hex_colour))
        if a.kind == "text":
            icon = _sub(style, "IconStyle")
            _sub(icon, "scale", "0")
        extended = _sub(mark, "ExtendedData")
        data_values = {"kind": a.kind, "colour": a.colour, "dashed": str(a.dashed).lower(),
                       "scenes": ",".join(str(s) for s in a.scenes)}
        if a.radius_m is not None:
            data_values["radius_m"] = f"{a.radius_m:.1f}"
            data_values["center"] = f"{a.points[0][1]:.6f},{a.points[0][0]:.6f}"
        if a.kind == "ring":
            data_values["unit"] = a.unit
        for key, text in data_values.items():
            data = _sub(extended, "Data")
            data.set("name", key)
            _sub(data, "value", text)
        coords = " ".join(f"{lon:.6f},{lat:.6f}" for lat, lon in a.points)
        if a.kind in ("arrow", "line"):
            _sub(_sub(mark, "LineString"), "coordinates", coords)
        elif a.kind == "text":
            _sub(_sub(mark, "Point"), "coordinates", coords)
        else:
            if a.kind == "polygon":
                first = a.points[0]
                ring = f"{coords} {first[1]:.6f},{first[0]:.6f}"
            else:
                assert a.radius_m is not None
                ring = " ".join(f"{x:.6f},{y:.6f}" for x, y in
                                circle_ring(a.points[0][0], a.points[0][1], a.radius_m))
            _kml_area(mark, [[ring]])


def export_kml(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, title: str = "sitmap events",
    annotations: Sequence[Mapping[str, Any]] = (),
) -> None:
    """Write ``frame`` as KML 2.2: one Placemark per event with a ``TimeStamp`` (one day) or
    ``TimeSpan`` (inclusive days) so Google Earth's time slider works, a Style and a Folder
    per category, and the passage, date, place and source as plain-text description. A
    country or region row is a MultiGeometry: the Point at the area's representative point
    (also its ``lat``/``lon`` data values) and the area's outline as Polygons (see
    :func:`sitmap.geocode.area_geometry`). A row without coordinates (a figure of no
    single place, ``place_basis`` "unknown") has no Placemark: KML draws every Placemark
    somewhere, and this one has no place to be drawn at.

    The file is well-formed for any text (characters XML forbids become U+FFFD), and every
    text node is inert: ``<``, ``>`` and an ``&`` that starts a reference are HTML-escaped
    before XML escaping, so after XML parsing a description reads ``&lt;b&gt;``, which a
    viewer rendering HTML shows as ``<b>``.

    ``annotations`` (``Annotation.to_json()`` dicts) go in a last Folder "Annotations",
    each with its style (:func:`_kml_annotations`; circles and rings as polygons).

    Raises ExportError if the file cannot be written, SchemaError for a bad frame,
    AnnotationError (a ValueError) for a bad annotation.
    """
    frame = validate(frame)
    frame = frame[frame["lat"].notna() & frame["lon"].notna()]  # drawn nowhere: left out
    ET.register_namespace("", KML_NS)
    root = ET.Element(f"{{{KML_NS}}}kml")
    doc = _sub(root, "Document")
    _sub(doc, "name", title)
    _sub(doc, "description", ATTRIBUTION)
    for category in CATEGORIES:
        style = _sub(doc, "Style")
        style.set("id", _style_id(category))
        icon = _sub(style, "IconStyle")
        _sub(icon, "color", _kml_color(CATEGORY_COLORS[category]))
        _sub(icon, "scale", "0.9")
        label = _sub(style, "LabelStyle")
        _sub(label, "scale", "0")
        # An area (country, region) is drawn as its outline, tinted lightly like the map's.
        line = _sub(style, "LineStyle")
        _sub(line, "color", _kml_color(CATEGORY_COLORS[category]))
        _sub(line, "width", "1.5")
        poly = _sub(style, "PolyStyle")
        _sub(poly, "color", _kml_color(CATEGORY_COLORS[category], "33"))
    # Rows on one area share its geometry object: format its coordinates once (the value
    # keeps the object alive, so its id is not reused).
    outlines: dict[int, tuple[Mapping[str, Any], list[list[str]]]] = {}
    ordered = frame.sort_values(["category", "date_start", "event_id"], na_position="last")
    for category, rows in ordered.groupby("category", sort=False):
        folder = _sub(doc, "Folder")
        _sub(folder, "name", str(category))
        for _, row in rows.iterrows():
            mark = _sub(folder, "Placemark")
            mark.set("id", _xml_text(f"ev-{row['event_id']}"))
            _sub(mark, "name", place_label(str(row["place"]), str(row["place_context"])))
            start, end = row["date_start"], row["date_end"]
            if pd.notna(start):
                if pd.isna(end) or end == start:
                    stamp = _sub(mark, "TimeStamp")
                    _sub(stamp, "when", start.date().isoformat())
                else:
                    span = _sub(mark, "TimeSpan")
                    _sub(span, "begin", start.date().isoformat())
                    _sub(span, "end", end.date().isoformat())
            _sub(mark, "styleUrl", "#" + _style_id(str(category)))
            _sub(mark, "description", _description(row))
            extended = _sub(mark, "ExtendedData")
            for key in ("event_id", "article_id", "place_context", "kind", "role", "demonym",
                        "date_precision", "sources", "review_reasons"):
                data = _sub(extended, "Data")
                data.set("name", key)
                _sub(data, "value", str(row[key]))
            # The review queue's ranking travels with every export (issue 13).
            data = _sub(extended, "Data")
            data.set("name", "review_risk")
            _sub(data, "value", f"{float(row['review_risk']):.3f}")
            area = area_geometry(str(row["kind"]), str(row["country_code"]),
                                 float(row["lat"]), float(row["lon"]),
                                 place_id=str(row["place_id"]))
            if area is not None:
                for key in ("lat", "lon"):  # the area's representative point
                    data = _sub(extended, "Data")
                    data.set("name", key)
                    _sub(data, "value", f"{row[key]:.6f}")
            shapes = _sub(mark, "MultiGeometry") if area is not None else mark
            point = _sub(shapes, "Point")
            _sub(point, "coordinates", f"{row['lon']:.6f},{row['lat']:.6f}")
            if area is not None:
                if id(area) not in outlines:
                    outlines[id(area)] = (area, _kml_rings(area))
                _kml_area(shapes, outlines[id(area)][1])
    if annotations:
        _kml_annotations(doc, annotations)
    ET.indent(root, space=" ")
    body = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    write_atomically(Path(path), body + b"\n", what="the export")


EXPORT_FORMATS: Final = tuple(f.suffix for f in export_formats(window=False))
"""The suffixes ``sitmap export`` writes, from the registry (``sitmap.mapping._formats``)."""


def export_file(
    frame: pd.DataFrame,
    path: str | os.PathLike[str],
    *,
    title: str = "",
    subtitle: str = "",
    date_range: tuple[dt.date | str | None, dt.date | str | None] | None = None,
    articles: Sequence[Article] | None = None,
    scenes: Sequence[Mapping[str, Any]] | None = None,
) -> None:
    """Export ``frame`` in the format named by the suffix of ``path`` (one of
    :data:`EXPORT_FORMATS`; ``.htm`` and ``.json`` also work). ``date_range`` is the HTML
    map's starting range and ``scenes`` its slideshow; GeoJSON/KML/CSV write ``frame`` as
    given, so filter it first.

    Raises ValueError for an unknown suffix, ExportError if the file cannot be written.
    """
    write_export(
        path,
        ExportRequest(frame, title=title, subtitle=subtitle, date_range=date_range,
                      articles=articles, scenes=scenes),
    )
