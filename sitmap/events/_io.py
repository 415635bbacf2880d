"""Write the event table as CSV, JSON Lines or GeoJSON (RFC 7946).

Every format carries every column. Dates are ISO 8601 days (``YYYY-MM-DD``); a missing
value (unknown date, a figure not given) is empty in CSV and ``null`` in JSON.

JSON Lines and GeoJSON are lossless: read back, they give an equal frame, whatever the text
holds. Control characters are JSON escapes, and so are the line breaks ``str.splitlines``
splits on (U+0085, U+2028, U+2029), so one row is one line for any reader. A lone surrogate,
which UTF-8 cannot carry, is written as its ``\\uXXXX`` escape (two surrogate code points in
a row read back as the one character they encode, as JSON defines).

CSV is for spreadsheets and is not lossless: a text cell that a spreadsheet would run as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, TAB or CR; OWASP's rule) gets a leading
``'``, a lone surrogate becomes U+FFFD, and a CR line break becomes LF. Numeric columns are
never touched, so a negative longitude stays a number. sitmap reads no CSV of its own back,
so nothing strips the ``'``.
"""

from __future__ import annotations

import json
import math
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Final, Literal, TextIO

import pandas as pd

from sitmap._atomic import atomic_output
from sitmap.events._schema import DTYPES, validate
from sitmap.geocode import area_geometry

__all__ = [
    "FORMULA_STARTS",
    "to_geojson",
    "write_events",
    "EventFormat",
    "FORMATS",
    "neutralise_formula",
    "records",
]

EventFormat = Literal["csv", "jsonl", "geojson"]
FORMATS: tuple[EventFormat, ...] = ("csv", "jsonl", "geojson")

# OWASP "CSV injection": a cell starting with one of these is a formula (or becomes one
# after the spreadsheet strips the TAB/CR) in Excel, LibreOffice and Google Sheets.
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_LONE_SURROGATE: Final = re.compile("[\ud800-\udfff]")
_JSON_RAW: Final = re.compile("[\ud800-\udfff\x85\u2028\u2029]")
# Where a feature's geometry goes in the indented GeoJSON text: a string no event can put
# there (a property value's quotes are escaped, and it holds no raw line break), replaced by
# the compact geometry so an outline takes one line, not one line per number.
_GEOMETRY_SLOT: Final = "\x00geometry"
_GEOMETRY_AT: Final = re.compile(r'(\n +"geometry": )"\\u0000geometry"')


def neutralise_formula(text: str) -> str:
    """Return ``text`` with a ``'`` put before it if a spreadsheet would read it as a formula
    (it starts with one of :data:`FORMULA_STARTS`), else ``text`` unchanged. Raises nothing."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _escape_json_text(text: str) -> str:
    # json.dumps(ensure_ascii=False) leaves these raw. Only JSON string contents can hold
    # them (the keys are column names), and a \uXXXX escape reads back as the same code
    # point: still lossless, but UTF-8-encodable and never a line break.
    return _JSON_RAW.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Return the rows of ``frame`` as JSON-ready dicts (ISO dates, ``None`` for missing)."""
    out = []
    for row in frame.to_dict(orient="records"):
        out.append({column: _plain(row[column], DTYPES.get(column, "")) for column in row})
    return out


def _plain(value: Any, dtype: str) -> Any:
    if value is None or value is pd.NaT or (not isinstance(value, str) and pd.isna(value)):
        return None
    if dtype.startswith("datetime64"):
        return pd.Timestamp(value).date().isoformat()
    if dtype == "Int64":
        return int(value)
    if dtype == "float64":
        return float(value) if math.isfinite(value) else None
    if dtype == "bool":
        return bool(value)
    return str(value)


def to_geojson(frame: pd.DataFrame) -> dict[str, Any]:
    """Return the event table as an RFC 7946 FeatureCollection.

    One feature per row, every column as a property (the row's ``event_id`` is also the
    feature ``id``). A row on a point (city, landmark, water) is a Point ``[lon, lat]``; a row
    on an area (country, region) is the area's outline (see
    :func:`sitmap.geocode.area_geometry`: the basemap polygon of a country, a circle for a
    region), and its ``lat``/``lon`` properties are the area's representative point. Rows on
    the same area share one geometry object (treat geometries as read-only). A row without
    coordinates has a ``null`` geometry. Raises SchemaError for a frame that does not follow
    the schema.
    """
    features = []
    for props in records(validate(frame)):
        lon, lat = props["lon"], props["lat"]
        geometry: dict[str, Any] | None = None
        if lon is not None and lat is not None:
            geometry = area_geometry(
                props["kind"] or "", props["country_code"] or "", lat, lon,
                place_id=props["place_id"] or "",
            ) or {"type": "Point", "coordinates": [lon, lat]}
        features.append(
            {"type": "Feature", "id": props["event_id"], "geometry": geometry, "properties": props}
        )
    return {"type": "FeatureCollection", "features": features}


def _geojson_text(doc: dict[str, Any]) -> str:
    """``doc`` as indented JSON with each geometry compact on its feature's line."""
    geometries = [feature["geometry"] for feature in doc["features"]]
    slotted = {**doc, "features": [{**f, "geometry": _GEOMETRY_SLOT} for f in doc["features"]]}
    text = json.dumps(slotted, ensure_ascii=False, indent=1)
    texts: dict[int, str] = {}  # rows on one area share its geometry object: encode it once
    for geometry in geometries:
        if id(geometry) not in texts:
            texts[id(geometry)] = json.dumps(geometry, separators=(",", ":"))
    compact = iter([texts[id(geometry)] for geometry in geometries])
    return _GEOMETRY_AT.sub(lambda m: m.group(1) + next(compact), text)


def _render(frame: pd.DataFrame, fmt: EventFormat) -> str:
    frame = validate(frame)
    if fmt == "csv":
        table = frame.copy()
        for column in ("date_start", "date_end"):
            table[column] = table[column].dt.strftime("%Y-%m-%d")
        for column, dtype in DTYPES.items():
            if dtype == "string":
                table[column] = table[column].map(_csv_text).astype("string")
        return str(table.to_csv(index=False, lineterminator="\n"))
    if fmt == "jsonl":
        return _escape_json_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records(frame))
        )
    if fmt == "geojson":
        return _escape_json_text(_geojson_text(to_geojson(frame)) + "\n")
    raise ValueError(f"unknown event table format {fmt!r}; use one of {', '.join(FORMATS)}")


def _csv_text(text: str) -> str:
    # A bare CR is no line end to the csv writer (lineterminator "\n"), so it was written
    # unquoted and split the row for every reader: line breaks become LF, as ingest does.
    text = neutralise_formula(_LONE_SURROGATE.sub("\ufffd", text))
    return text.replace("\r\n", "\n").replace("\r", "\n")


# Rows per piece of a streamed export: the text of one piece is in memory at a time.
STREAM_ROWS: Final = 20_000
_GEOJSON_HEAD: Final = '{\n "type": "FeatureCollection",\n "features": [\n'
_GEOJSON_TAIL: Final = "\n ]\n}\n"


def _pieces(frame: pd.DataFrame, fmt: EventFormat, rows: int) -> Iterator[str]:
    """The text of ``frame`` in ``fmt``, in pieces of ``rows`` rows; joined, the text the
    whole frame renders to (:func:`_render`)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown event table format {fmt!r}; use one of {', '.join(FORMATS)}")
    if len(frame) <= rows:
        yield _render(frame, fmt)
        return
    for at in range(0, len(frame), rows):
        text = _render(frame.iloc[at : at + rows], fmt)
        if fmt == "csv" and at:
            text = text.split("\n", 1)[1]  # the header once
        elif fmt == "geojson":
            # One FeatureCollection around all the pieces' features.
            body = text[len(_GEOJSON_HEAD) : -len(_GEOJSON_TAIL)]
            text = (_GEOJSON_HEAD if at == 0 else ",\n") + body
            if at + rows >= len(frame):
                text += _GEOJSON_TAIL
        yield text


def write_events(
    frame: pd.DataFrame, out: TextIO | str | os.PathLike[str], *, format: EventFormat = "csv"
) -> None:
    """Write ``frame`` to the stream or file ``out`` in ``format``, streamed: a piece of
    :data:`STREAM_ROWS` rows at a time, so a million rows never become one text in memory.

    JSON Lines and GeoJSON read back to an equal frame; CSV text cells that would start a
    spreadsheet formula get a leading ``'`` (see the module docstring).

    A file is written atomically (a temporary file beside it, then renamed), so a failed
    write never leaves half a table behind. Raises ExportError (naming the file) when it
    cannot be written, ValueError for an unknown format, SchemaError for a bad frame.
    """
    frame = validate(frame)
    pieces = _pieces(frame, format, STREAM_ROWS)
    if not isinstance(out, (str, os.PathLike)):
        for text in pieces:
            out.write(text)
        return
    first = next(pieces)  # a bad format or frame raises before the file is touched
    with atomic_output(Path(out), what="the event table") as handle:
        handle.write(first.encode("utf-8"))
        for text in pieces:
            handle.write(text.encode("utf-8"))
