"""The outline an export gives an area: a country's basemap polygon, strongly simplified, or a
circle around a region's point.

A country, region or continent is one representative point in the gazetteer (``Place.lat/lon``,
GeoNames' point where a source has it) but an area to the reader. Exports (GeoJSON, KML) draw
it as an area: a country as its offline-basemap outline (Natural Earth 1:50m,
``resources/basemap/countries.geojson``), a region, county or continent - for which the
basemap has no shape - as a circle of the area's own size, the circle the map page draws:
:func:`area_radius_km`, the radius of a disc of the area's land area, derived with its point
(``gazetteer/points.tsv``, ``admin2.tsv``, ``admin2_world.tsv`` and ``macroregions.tsv``,
column ``radius_km``; a continent or UN M49 macro-region from its member countries' areas;
a second-level unit outside the US estimated from its towns' spread). An area of unknown
size (a curated feature, a macro-region outside M49, a user's place) gets
:data:`REGION_RADIUS_KM`.

An export repeats the outline in every row on the area (GeoJSON and KML have no shared
geometry), so an outline is kept small: at most :data:`MAX_PARTS` polygons (the largest; one
under :data:`MIN_PART_SHARE` of the largest one's area is left out), each simplified
(Douglas-Peucker) to at most :data:`MAX_VERTICES` vertices for the largest and 6 for the
others, fewer where no dropped vertex lies more than 1 % of the polygon's extent off the
outline; coordinates rounded to whole degrees, 0.1 or 0.01 degree, the coarsest step whose
shift stays within a quarter of the simplification's own error (Russia's outline is in whole
degrees, France's mainland in tenths); a region's circle to 0.01 degree (about 1 km). That
is about 300 bytes of compact JSON for Russia and under 700 for any country. Rings that
cross the antimeridian are split there, so every longitude stays within [-180, 180], and
exterior rings run counterclockwise, as RFC 7946 asks.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any, Final

from sitmap._paths import gazetteer_dir, resources_dir

__all__ = [
    "AREA_KINDS",
    "MAX_PARTS",
    "MAX_VERTICES",
    "MIN_PART_SHARE",
    "REGION_RADIUS_KM",
    "area_geometry",
    "area_radii_km",
    "area_radius_km",
]

AREA_KINDS: Final = ("country", "region")
"""Place kinds drawn as areas (the others are points)."""
REGION_RADIUS_KM: Final = 90.0
"""Radius of the circle of an area of unknown size: the map page's (``AREA_RADIUS_M.region``
in map.js)."""
MAX_RADIUS_KM: Final = 5000.0
"""No size above this is believed (the largest derived one, Asia's, is about 3,150 km)."""
_SIZE_FILES: Final = ("points.tsv", "admin2.tsv", "admin2_world.tsv", "macroregions.tsv")
MAX_PARTS: Final = 3
MAX_VERTICES: Final = 24
MIN_PART_SHARE: Final = 0.01
"""A polygon under this share of the country's largest polygon's area is not drawn."""
_MINOR_VERTICES: Final = 6  # each polygon but the largest
_TOLERANCE_SHARE: Final = 0.01  # simplification stops within 1 % of the ring's extent
_CIRCLE_VERTICES: Final = 24
_EARTH_KM: Final = 6371.0

Ring = list[tuple[float, float]]  # (lon, lat)


def _ring_area(ring: Ring) -> float:
    """Planar area of a ring in square degrees (shoelace), unsigned."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1],
                                                                   strict=True))) / 2


def _offset(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
    """Distance in degrees of ``p`` from the segment's line through ``a`` and ``b``."""
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    norm = math.hypot(dx, dy)
    if norm == 0:
        return math.hypot(x - x1, y - y1)
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm


def _simplify(ring: Ring, budget: int, tolerance: float) -> tuple[Ring, float]:
    """Keep the most telling vertices of a closed ring: Douglas-Peucker run by largest offset
    first, until ``budget`` vertices are kept (plus the closing one) or no dropped vertex lies
    more than ``tolerance`` degrees off the kept outline. Returns the ring and that largest
    remaining offset in degrees (0.0 when every vertex is kept)."""
    points = ring[:-1] if ring[0] == ring[-1] else ring
    if len(points) <= budget:
        return [*points, points[0]], 0.0
    # Split the ring at its two most distant vertices (first and the one furthest from it).
    far = max(range(len(points)), key=lambda i: math.dist(points[0], points[i]))
    keep = {0, far}
    spans = [(0, far), (far, len(points))]
    closed = [*points, points[0]]
    while True:
        best, at, span = 0.0, -1, -1
        for s, (first, last) in enumerate(spans):
            for i in range(first + 1, last):
                d = _offset(closed[i], closed[first], closed[last])
                if d > best:
                    best, at, span = d, i, s
        if at < 0 or best <= tolerance or len(keep) >= budget:
            break
        first, last = spans.pop(span)
        spans += [(first, at), (at, last)]
        keep.add(at)
    kept = [points[i] for i in sorted(keep)]
    return [*kept, kept[0]], best


def _clip(ring: Ring, *, keep_west: bool) -> Ring:
    """The part of a ring west (or east) of longitude 180 (Sutherland-Hodgman, one edge)."""
    def inside(p: tuple[float, float]) -> bool:
        return p[0] <= 180 if keep_west else p[0] >= 180

    out: Ring = []
    for a, b in zip(ring, ring[1:], strict=False):
        if inside(a):
            out.append(a)
        if inside(a) != inside(b):
            t = (180 - a[0]) / (b[0] - a[0])
            out.append((180.0, a[1] + t * (b[1] - a[1])))
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _wrapped(ring: Ring) -> list[Ring]:
    """The ring with longitudes in [-180, 180]: shifted whole, or split at the antimeridian
    (the basemap and a circle keep longitudes continuous, 190 rather than -170)."""
    lons = [x for x, _ in ring]
    if min(lons) >= -180 and max(lons) <= 180:
        return [ring]
    if min(lons) < -180:
        ring = [(x + 360, y) for x, y in ring]  # now it crosses +180 instead
    if min(x for x, _ in ring) >= 180:
        return [[(x - 360, y) for x, y in ring]]
    west, east = _clip(ring, keep_west=True), _clip(ring, keep_west=False)
    return [r for r in (west, [(x - 360, y) for x, y in east]) if len(r) >= 4]


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False))


def _geometry(polygons: list[list[list[float]]]) -> dict[str, Any] | None:
    """A Polygon for one outer ring, a MultiPolygon for several, ``None`` for none; each
    ring counterclockwise, as RFC 7946 asks of an exterior ring."""
    polygons = [ring if _signed_area(ring) >= 0 else ring[::-1] for ring in polygons]
    if not polygons:
        return None
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": [polygons[0]]}
    return {"type": "MultiPolygon", "coordinates": [[ring] for ring in polygons]}


def _rounded(ring: Ring, error: float) -> list[list[float]]:
    """The ring's vertices rounded, repeats dropped: to the coarsest of 1, 0.1 and 0.01
    degree whose largest shift of a vertex (half a step on each axis) is at most a quarter of
    the simplification's ``error`` (0.01, about 1 km, at the finest), so rounding stays well
    inside the error the outline already has."""
    digits = next((d for d in (0, 1) if 10.0**-d / math.sqrt(2) <= error / 4), 2)
    out: list[list[float]] = []
    for x, y in ring:
        # Whole degrees are written as integers ("131", not "131.0").
        p: list[float] = [round(x), round(y)] if digits == 0 else [round(x, digits),
                                                                     round(y, digits)]
        if not out or p != out[-1]:
            out.append(p)
    return out


@functools.cache
def _country_outlines() -> dict[str, list[Ring]]:
    """ISO alpha-2 -> the outer rings of the country's polygons in the offline basemap."""
    path = resources_dir() / "basemap" / "countries.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    out: dict[str, list[Ring]] = {}
    for feature in data["features"]:
        cc = feature["properties"].get("cc")
        geometry = feature["geometry"]
        if not cc or geometry["type"] not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else (
            geometry["coordinates"])
        out.setdefault(cc, []).extend([(float(x), float(y)) for x, y in p[0]] for p in polygons)
    return out


def _span(ring: Ring) -> float:
    """The ring's larger extent, longitude or latitude, in degrees."""
    xs, ys = [x for x, _ in ring], [y for _, y in ring]
    return max(max(xs) - min(xs), max(ys) - min(ys))


@functools.cache
def _country_geometry(cc: str) -> dict[str, Any] | None:
    rings = sorted(_country_outlines().get(cc, []), key=_ring_area, reverse=True)[:MAX_PARTS]
    # A polygon under MIN_PART_SHARE of the largest one's area is left out: at the scale the
    # simplified outline is drawn (its error is several times such a polygon's size) it is a
    # speck, and each row on the country repeats it.
    rings = [r for r in rings if _ring_area(r) >= MIN_PART_SHARE * _ring_area(rings[0])]
    parts = []
    for n, ring in enumerate(rings):
        simple, error = _simplify(ring, MAX_VERTICES if n == 0 else _MINOR_VERTICES,
                                  _TOLERANCE_SHARE * _span(ring))
        parts += [_rounded(part, error) for part in _wrapped(simple)]
    return _geometry([part for part in parts if len(part) >= 4])


def _read_sizes(path: Path, wanted: Collection[str] | None = None) -> dict[str, float]:
    """Place id -> ``radius_km`` of one derived table; rows without a usable size (missing,
    not a number, not in (0, :data:`MAX_RADIUS_KM`]) are left out, as is a table without the
    column or one that cannot be read: those areas keep the default circle. With
    ``wanted``, the sizes of those ids: the other rows may be skipped unread."""
    out: dict[str, float] = {}
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines()
                 if line and not line.startswith("#")]
    except (OSError, UnicodeDecodeError):
        return out
    if not lines:
        return out
    header = lines[0].split("\t")
    if "radius_km" not in header:
        return out
    key = header.index("place_id") if "place_id" in header else 0
    prefix = "lm:" if header[0] == "slug" else ""  # macroregions.tsv: a curated file's ids
    at = header.index("radius_km")
    # A row whose id (its first field, the whole line without a tab) is not wanted is passed
    # over before it is split: a review wants a few hundred of some 18,000 sizes.
    keep = wanted if key == 0 and not prefix else None
    for line in lines[1:]:
        if keep is not None:
            tab = line.find("\t")
            if (line[:tab] if tab >= 0 else line) not in keep:
                continue
        cols = line.split("\t")
        try:
            size = float(cols[at])
        except (IndexError, ValueError):
            continue
        if math.isfinite(size) and 0 < size <= MAX_RADIUS_KM:
            out[prefix + cols[key]] = size
    return out


@functools.cache
def _sizes() -> dict[str, float]:
    """Place id -> radius in km of every area whose size the bundled tables give."""
    out: dict[str, float] = {}
    for name in _SIZE_FILES:
        out.update(_read_sizes(gazetteer_dir() / name))
    return out


# Place id -> its size (None: no table gives one) of the ids area_radii_km looked up while
# the tables had not been read whole.
_LOOKED_UP: Final[dict[str, float | None]] = {}


def area_radii_km(place_ids: Iterable[str]) -> dict[str, float]:
    """:func:`area_radius_km` of each of ``place_ids``, by id. Until something needs every
    size, only the rows of the ids asked for are read (and kept): a table's review asks for
    the few hundred areas far from their article's other places, and reading all 18,000
    sizes was most of its first call. Raises nothing."""
    ids = set(place_ids)
    if _sizes.cache_info().currsize:
        sizes = _sizes()
        return {pid: sizes.get(pid, REGION_RADIUS_KM) for pid in ids}
    new = ids - _LOOKED_UP.keys()
    if new:
        found: dict[str, float] = {}
        for name in _SIZE_FILES:
            found.update(_read_sizes(gazetteer_dir() / name, new))
        for pid in new:
            _LOOKED_UP[pid] = found.get(pid)
    out: dict[str, float] = {}
    for pid in ids:
        size = _LOOKED_UP[pid]
        out[pid] = REGION_RADIUS_KM if size is None else size
    return out


def area_radius_km(place_id: str) -> float:
    """The radius in km of the circle an area is drawn as: the radius of a disc of the area's
    land area where the gazetteer's derived tables give it (Henry County, Alabama about 22,
    Bavaria about 150, Europe about 2,700), else :data:`REGION_RADIUS_KM`. Raises nothing; a
    missing or unreadable table gives the default."""
    return _sizes().get(place_id, REGION_RADIUS_KM)


@functools.lru_cache(maxsize=4096)
def _circle(lat: float, lon: float, radius_km: float) -> dict[str, Any] | None:
    """A polygon approximating the circle of ``radius_km`` around the point (on the sphere)."""
    d = radius_km / _EARTH_KM
    phi, lam = math.radians(lat), math.radians(lon)
    ring: Ring = []
    for k in range(_CIRCLE_VERTICES):
        bearing = 2 * math.pi * k / _CIRCLE_VERTICES
        phi2 = math.asin(math.sin(phi) * math.cos(d)
                         + math.cos(phi) * math.sin(d) * math.cos(bearing))
        lam2 = lam + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(phi),
                                math.cos(d) - math.sin(phi) * math.sin(phi2))
        ring.append((math.degrees(lam2), math.degrees(phi2)))
    ring.append(ring[0])
    parts = [[[round(x, 2), round(y, 2)] for x, y in part] for part in _wrapped(ring)]
    return _geometry(parts)


def area_geometry(kind: str, country_code: str, lat: float, lon: float, *,
                  place_id: str = "") -> dict[str, Any] | None:
    """The GeoJSON geometry (RFC 7946, ``[lon, lat]``) an export draws for a place.

    A ``country`` gets its basemap outline (Polygon or MultiPolygon) when the basemap has
    ``country_code``, else the circle; a ``region`` the circle of its size around (``lat``,
    ``lon``): :func:`area_radius_km` of ``place_id`` (:data:`REGION_RADIUS_KM` when the
    size is unknown or no id is given). Returns ``None`` for a kind that is a point (city, landmark,
    water). Places on one area get the same geometry object: treat it as read-only. Raises
    nothing for a valid point; the basemap is bundled, and an unreadable one raises OSError
    or ValueError.
    """
    if kind not in AREA_KINDS:
        return None
    if kind == "country":
        outline = _country_geometry(country_code)
        if outline is not None:
            return outline
    return _circle(lat, lon, area_radius_km(place_id))
