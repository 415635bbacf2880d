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
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

import pandas as pd

from sitmap._atomic import write_atomically
from sitmap.events import CATEGORIES, place_label, validate, write_events
from sitmap.geocode import area_geometry
from sitmap.mapping._formats import ExportRequest, export_formats, write_export
from sitmap.mapping._page import ATTRIBUTION, CATEGORY_COLORS, build_page
from sitmap.model import Article

__all__ = [
    "EXPORT_FORMATS",
    "export_csv",
    "export_file",
    "export_geojson",
    "export_html",
    "export_kml",
]

KML_NS: Final = "http://www.opengis.net/kml/2.2"

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
    tiles: Mapping[str, Any] | None = None,
) -> None:
    """Write the map of ``frame`` as one self-contained HTML file that opens offline.

    The starting state is ``date_range``, ``view``, ``categories``, ``text`` and
    ``show_background`` (the window's state; see :func:`build_page`). ``articles`` are all
    articles read (for "generated on ... from N articles" and the source list; default: the
    articles in ``frame``); ``generated_on`` defaults to today (UTC) and is the only
    date-dependent byte in the file. ``scenes`` (``Scene.to_json()`` dicts, storyboard
    order) become a slideshow: caption bar, Prev/Next buttons, arrow and Page keys.
    ``tiles`` (``EmbeddedTiles.page``) draws a tile package's embedded tiles over the
    basemap, credited on the map. Raises ExportError (naming the file) if it cannot be
    written, SchemaError for a frame that does not follow the schema, ValueError for a
    malformed scene.
    """
    page = build_page(
        frame,
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
        tiles=tiles,
    )
    # A lone surrogate (from an API caller's text) cannot be UTF-8: show it as U+FFFD.
    write_atomically(
        Path(path), _LONE_SURROGATE.sub("\ufffd", page).encode("utf-8"), what="the export"
    )


def export_geojson(frame: pd.DataFrame, path: str | os.PathLike[str]) -> None:
    """Write ``frame`` as an RFC 7946 FeatureCollection (``[lon, lat]``, every column a
    property; a country or region row is the area's outline, its ``lat``/``lon`` properties
    the representative point). Raises ExportError if the file cannot be written, SchemaError
    for a bad frame."""
    write_events(frame, path, format="geojson")


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


def export_kml(
    frame: pd.DataFrame, path: str | os.PathLike[str], *, title: str = "sitmap events"
) -> None:
    """Write ``frame`` as KML 2.2: one Placemark per event with a ``TimeStamp`` (one day) or
    ``TimeSpan`` (inclusive days) so Google Earth's time slider works, a Style and a Folder
    per category, and the passage, date, place and source as plain-text description. A
    country or region row is a MultiGeometry: the Point at the area's representative point
    (also its ``lat``/``lon`` data values) and the area's outline as Polygons (see
    :func:`sitmap.geocode.area_geometry`).

    The file is well-formed for any text (characters XML forbids become U+FFFD), and every
    text node is inert: ``<``, ``>`` and an ``&`` that starts a reference are HTML-escaped
    before XML escaping, so after XML parsing a description reads ``&lt;b&gt;``, which a
    viewer rendering HTML shows as ``<b>``.

    Raises ExportError if the file cannot be written, SchemaError for a bad frame.
    """
    frame = validate(frame)
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
                        "date_precision", "sources"):
                data = _sub(extended, "Data")
                data.set("name", key)
                _sub(data, "value", str(row[key]))
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
