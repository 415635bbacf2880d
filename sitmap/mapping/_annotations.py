"""Annotations (``sitmap.model.Annotation``) as geometry for the GeoJSON and KML exports.

GeoJSON and KML have no circles: a circle or range ring becomes a polygon of
:data:`CIRCLE_POINTS` points around its centre (on the sphere), and its centre and radius
travel as properties. Styles follow the simplestyle convention (``stroke``, ``fill``...)
that GeoJSON viewers read.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any, Final

from sitmap.model import RING_UNITS, Annotation

__all__ = ["CIRCLE_POINTS", "annotation_features", "circle_ring", "readout", "style_of"]

CIRCLE_POINTS: Final = 72
_EARTH_M: Final = 6_371_008.8


def circle_ring(lat: float, lon: float, radius_m: float) -> list[tuple[float, float]]:
    """The closed ring ``[(lon, lat), ...]`` of :data:`CIRCLE_POINTS` points at ``radius_m``
    around ``lat``, ``lon`` (longitudes kept in [-180, 180], latitudes clamped to ±90)."""
    phi, lam = math.radians(lat), math.radians(lon)
    delta = radius_m / _EARTH_M
    ring = []
    for k in range(CIRCLE_POINTS):
        theta = 2 * math.pi * k / CIRCLE_POINTS
        phi2 = math.asin(max(-1.0, min(1.0, math.sin(phi) * math.cos(delta)
                                       + math.cos(phi) * math.sin(delta) * math.cos(theta))))
        lam2 = lam + math.atan2(math.sin(theta) * math.sin(delta) * math.cos(phi),
                                math.cos(delta) - math.sin(phi) * math.sin(phi2))
        lon2 = (math.degrees(lam2) + 540.0) % 360.0 - 180.0
        ring.append((round(lon2, 6), round(max(-90.0, min(90.0, math.degrees(phi2))), 6)))
    return [*ring, ring[0]]


def readout(radius_m: float, unit: str = "km") -> str:
    """The distance a range ring shows, in ``unit`` (a name of ``RING_UNITS``): ``"850 m"``,
    ``"12.5 km"``, ``"40 km"``; ``"21.6 nm"``, ``"0.5 mi"`` (as the map page writes it:
    one decimal under 10, whole numbers from 10; kilometres under 1 become metres). Raises
    KeyError for an unknown unit."""
    # Halves round up, as JavaScript's Math.round does.
    if unit == "km" and radius_m < 1000:
        return f"{math.floor(radius_m + 0.5)} m"
    value = radius_m / RING_UNITS[unit]
    return (f"{math.floor(value * 10 + 0.5) / 10:g} {unit}" if value < 10
            else f"{math.floor(value + 0.5)} {unit}")


def style_of(annotation: Annotation) -> dict[str, Any]:
    """The simplestyle properties of ``annotation``: ``stroke``, ``stroke-width``,
    ``stroke-opacity``, ``fill``, ``fill-opacity`` (0 for lines and rings)."""
    filled = annotation.kind in ("polygon", "circle")
    return {"stroke": annotation.hex_colour, "stroke-width": 4, "stroke-opacity": 0.95,
            "fill": annotation.hex_colour, "fill-opacity": 0.22 if filled else 0.0}


def _geometry(a: Annotation) -> dict[str, Any]:
    points = [[round(lon, 6), round(lat, 6)] for lat, lon in a.points]
    if a.kind in ("arrow", "line"):
        return {"type": "LineString", "coordinates": points}
    if a.kind == "polygon":
        return {"type": "Polygon", "coordinates": [[*points, points[0]]]}
    if a.kind in ("circle", "ring"):
        assert a.radius_m is not None
        ring = circle_ring(a.points[0][0], a.points[0][1], a.radius_m)
        return {"type": "Polygon", "coordinates": [[list(p) for p in ring]]}
    return {"type": "Point", "coordinates": points[0]}


def annotation_features(annotations: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """GeoJSON features (RFC 7946, ``[lon, lat]``) of ``annotations``
    (``Annotation.to_json()`` dicts, checked again here): ``id`` ``annotation:<id>``,
    properties ``sitmap`` = ``"annotation"``, ``kind``, ``label``, ``colour``, ``dashed``,
    ``scenes``, ``date_start``/``date_end``, for a circle or ring ``center`` ``[lon, lat]``
    and ``radius_m`` (a ring also its ``readout`` and ``unit``), for an arrow ``arrow`` =
    ``"end"``, and the simplestyle style. Raises AnnotationError (a ValueError) for a
    malformed one."""
    features = []
    for value in annotations:
        a = Annotation.from_json(value)
        props: dict[str, Any] = {
            "sitmap": "annotation", "kind": a.kind, "label": a.label, "colour": a.colour,
            "dashed": a.dashed, "scenes": list(a.scenes),
            "date_start": a.date_start.isoformat() if a.date_start else None,
            "date_end": a.date_end.isoformat() if a.date_end else None,
            **style_of(a),
        }
        if a.radius_m is not None:
            props["center"] = [a.points[0][1], a.points[0][0]]
            props["radius_m"] = a.radius_m
        if a.kind == "ring":
            assert a.radius_m is not None
            props["readout"] = readout(a.radius_m, a.unit)
            props["unit"] = a.unit
        if a.kind == "arrow":
            props["arrow"] = "end"
        features.append({"type": "Feature", "id": f"annotation:{a.id}",
                         "geometry": _geometry(a), "properties": props})
    return features
