"""Open the compiled gazetteer (building it first when needed) and query it."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, fields
from pathlib import Path

from sitmap._paths import cache_dir as default_cache_dir
from sitmap.errors import GazetteerError
from sitmap.geocode._build import NAME_TYPES, build
from sitmap.geocode._fold import fold, name_relation
from sitmap.geocode._sources import GazetteerSources, default_sources
from sitmap.model import Place

__all__ = ["NameHit", "Gazetteer", "open_gazetteer"]

_PLACE_COLUMNS = (
    "p.id, p.name, p.lat, p.lon, p.country_code, p.kind, p.population, p.geonameid, p.admin1,"
    " p.context"
)
#: A region ranks below a city of at least this many people with the same name in the same
#: country: "Almaty" or "Karaganda" in a text means the city far more often than the region.
CITY_OVER_REGION_POPULATION = 50_000
#: ... and when the name is only part of the city's longer name, one of this many people
#: ("New York" City), as the geoparser's priors weigh a city against an unpopulated region.
CITY_OVER_REGION_PART_POPULATION = 1_000_000
_CACHE_SIZE = 4096
# SQLite's default limit on bound parameters is 32766; stay well below it.
_BATCH = 900
#: SQLite reads the compiled file through a memory map of up to this many bytes rather than
#: a read call (and a copy) per page: a new process's lookups, every page cold, cost about a
#: fifth less. Only for this file, which sitmap itself wrote (atomically, in its own cache
#: folder); files a user hands in keep ``mmap_size = 0`` (``sitmap._untrusted``).
MMAP_BYTES = 256 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class NameHit:
    """One place a lookup key names: ``original`` is the gazetteer's spelling of the name,
    ``name_type`` one of "name", "alternate", "abbreviation", "former", "demonym", "code"."""

    place: Place
    original: str
    name_type: str


# A Place and a NameHit from a row, each field set through its slot: a frozen dataclass's
# __init__ sets every field through object.__setattr__, which made these constructors a
# first pass's largest cost after SQL itself (about 10,000 places and 11,000 hits over the
# dev texts). The field names are checked against the classes when this module loads, so a
# field added to either fails here rather than being left unset.
_PLACE_FIELDS = (
    "id", "name", "lat", "lon", "country_code", "kind", "population", "geonameid", "admin1",
    "context",
)
_HIT_FIELDS = ("place", "original", "name_type")
if tuple(f.name for f in fields(Place)) != _PLACE_FIELDS or tuple(
    f.name for f in fields(NameHit)
) != _HIT_FIELDS or hasattr(NameHit, "__post_init__"):
    raise ImportError("sitmap.geocode._store: Place's or NameHit's fields changed")
(
    _SET_ID, _SET_NAME, _SET_LAT, _SET_LON, _SET_COUNTRY, _SET_KIND, _SET_POPULATION,
    _SET_GEONAMEID, _SET_ADMIN1, _SET_CONTEXT,
) = (Place.__dict__[name].__set__ for name in _PLACE_FIELDS)
_SET_HIT_PLACE, _SET_ORIGINAL, _SET_NAME_TYPE = (
    NameHit.__dict__[name].__set__ for name in _HIT_FIELDS
)
_NEW_OBJECT = object.__new__
_CHECK_PLACE = Place.__post_init__


def _place(row: tuple) -> Place:  # type: ignore[type-arg]
    """``Place(*row[:10])``: the fields its __init__ would set, then its own checks
    (``__post_init__``), which raise as it would."""
    place = _NEW_OBJECT(Place)
    _SET_ID(place, row[0])
    _SET_NAME(place, row[1])
    _SET_LAT(place, row[2])
    _SET_LON(place, row[3])
    _SET_COUNTRY(place, row[4])
    _SET_KIND(place, row[5])
    _SET_POPULATION(place, row[6])
    _SET_GEONAMEID(place, row[7])
    _SET_ADMIN1(place, row[8])
    _SET_CONTEXT(place, row[9])
    _CHECK_PLACE(place)
    return place


def _hit(place: Place, original: str, name_type: str) -> NameHit:
    """``NameHit(place, original, name_type)``, its fields set through their slots."""
    hit = _NEW_OBJECT(NameHit)
    _SET_HIT_PLACE(hit, place)
    _SET_ORIGINAL(hit, original)
    _SET_NAME_TYPE(hit, name_type)
    return hit


def _ranked(hits: list[NameHit]) -> list[NameHit]:
    """Countries, then regions, water and landmarks, then cities by population; but a region
    follows a big enough same-named city of its own country: one whose own name this is in
    some spelling ("Gomel" is the city Homyel), or a city of a million or more whose longer
    name it begins or ends ("New York" City, "Rostov"-on-Don); not a smaller one ("Bihar" of
    Bihār Sharīf, "Oklahoma" of Oklahoma City) nor one only also called by another word
    ("Bahia" for Salvador; see ``name_relation``). ``hits`` come in the stored lookup order
    (kind rank, population descending), which is the answer unless a region has to move (a
    new list either way)."""
    regions = {hit.place.country_code for hit in hits if hit.place.kind == "region"}
    if not regions:
        return list(hits)  # no region to move (most keys): the stored order is the answer
    big_city: dict[str, int] = {}
    for hit in hits:
        p = hit.place
        if (
            p.kind != "city"
            or p.population < CITY_OVER_REGION_POPULATION
            or p.country_code not in regions
        ):
            continue
        if hit.name_type != "name":
            relation = name_relation(fold(hit.original), p.name)
            if relation == "other" or (
                relation == "part" and p.population < CITY_OVER_REGION_PART_POPULATION
            ):
                continue
        big_city[p.country_code] = max(big_city.get(p.country_code, 0), p.population)
    if not big_city:
        return list(hits)  # the sort below would keep this order (it is stable)
    order = {"country": 0, "region": 1, "water": 2, "landmark": 2, "city": 3}

    def key(hit: NameHit) -> tuple[int, int, int]:
        p = hit.place
        if p.kind == "region" and p.country_code in big_city:
            return (3, -big_city[p.country_code], 1)
        return (order[p.kind], -p.population, 0)

    return sorted(hits, key=key)


class Gazetteer:
    """A read-only view of one compiled gazetteer file. Safe to share between threads."""

    def __init__(self, path: Path) -> None:
        """Open the compiled file at ``path``; raise :class:`GazetteerError` if it is unusable."""
        self.path = path
        try:
            self._db = sqlite3.connect(
                f"{path.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False
            )
            self._db.execute(f"PRAGMA mmap_size = {MMAP_BYTES:d}")
            row = self._db.execute("SELECT value FROM meta WHERE key='problems'").fetchone()
        except sqlite3.Error as exc:
            raise GazetteerError(
                f"{path}: cannot open the compiled gazetteer ({exc}); delete it to rebuild"
            ) from exc
        #: Problems found in the user's places file when this gazetteer was built, one
        #: ``"<file>:<line>: <reason>"`` each. Those rows were skipped.
        self.problems: tuple[str, ...] = tuple(json.loads(row[0])) if row else ()
        self._lock = threading.Lock()
        self._cache_lock = threading.Lock()
        self._countries: dict[str, Place] | None = None
        self._cache: dict[tuple[str, tuple[str, ...] | None, int], tuple[NameHit, ...]] = {}

    def _query(self, sql: str, params: Collection[object] = ()) -> list[tuple]:  # type: ignore[type-arg]
        try:
            with self._lock:
                return self._db.execute(sql, tuple(params)).fetchall()
        except sqlite3.Error as exc:
            raise GazetteerError(f"{self.path}: gazetteer query failed ({exc})") from exc

    def lookup(
        self, key: str, *, country_codes: Collection[str] | None = None, limit: int = 50
    ) -> list[NameHit]:
        """Return the places named by the folded ``key``, best first (at most ``limit``).

        ``key`` must already be folded with :func:`sitmap.geocode.fold`. ``country_codes``
        keeps only places in those ISO 3166-1 alpha-2 countries. The order is: countries,
        then regions, water and landmarks, then cities by population, except that a region
        follows a city of 50,000 or more people in the same country whose own name (in some
        spelling) it is, or of a million or more whose longer name holds it ("New York").
        """
        codes = None if country_codes is None else tuple(sorted(c.upper() for c in country_codes))
        cache_key = (key, codes, limit)
        with self._cache_lock:
            cached = self._cache.get(cache_key)
        if cached is not None:
            return list(cached)
        sql = (
            f"SELECT {_PLACE_COLUMNS}, n.original, n.name_type FROM name n "
            "JOIN place p ON p.rowid = n.place WHERE n.key = ?"
        )
        params: list[object] = [key]
        if codes is not None:
            sql += f" AND p.country_code IN ({','.join('?' * len(codes))})"
            params += codes
        sql += " ORDER BY n.ord LIMIT ?"  # the build's order: rank, population, name row
        params.append(limit)
        hits = _ranked([_hit(_place(r), r[10], r[11]) for r in self._query(sql, params)])
        with self._cache_lock:
            if len(self._cache) >= _CACHE_SIZE:
                # Texts repeat their place names; a bounded memo keeps the recent ones.
                self._cache.pop(next(iter(self._cache)))
            self._cache[cache_key] = tuple(hits)
        return hits

    def lookup_many(self, keys: Collection[str], *, limit: int = 50) -> dict[str, list[NameHit]]:
        """Return the places named by each of the folded ``keys`` that names any, in one query.

        Each list is what :meth:`lookup` (without ``country_codes``) returns for its key, in
        the same order; keys that name nothing are left out. Not memoised: callers that look
        up a text's names at once keep their own memo.
        """
        keys = list(keys)
        found: dict[str, list[NameHit]] = {}
        places: dict[str, Place] = {}
        for i in range(0, len(keys), _BATCH):
            batch = keys[i : i + _BATCH]
            # Each key's first ``limit`` rows in lookup()'s order, which the build stored as
            # ``ord`` (the table's key is (key, ord): a run of rows, no sort).
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS}, n.original, n.name_type, n.key "
                "FROM name n JOIN place p ON p.rowid = n.place "
                f"WHERE n.key IN ({','.join('?' * len(batch))}) AND n.ord < ? "
                "ORDER BY n.key, n.ord",
                [*batch, limit],
            )
            for r in rows:
                hits = found.get(r[12])
                if hits is None:
                    hits = found[r[12]] = []
                # A place named by several keys of the batch ("st louis", "saint louis") is
                # built once: a Place is frozen, so its hits may share it.
                place = places.get(r[0])
                if place is None:
                    place = places[r[0]] = _place(r)
                hits.append(_hit(place, r[10], r[11]))
        return {key: _ranked(hits) for key, hits in found.items()}

    def get(self, place_id: str) -> Place | None:
        """Return the place with this id ("gn:1526384", "ne1:KAZ-3236", ...), or None."""
        rows = self._query(f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.id = ?", [place_id])
        return _place(rows[0]) if rows else None

    def country(self, code: str) -> Place | None:
        """Return the country with this ISO 3166-1 alpha-2 code (any case), or None."""
        if self._countries is None:
            rows = self._query(
                f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.rank = 0 AND p.kind = 'country'"
            )
            self._countries = {r[4]: _place(r) for r in rows}
        return self._countries.get(code.upper())

    def cities(self, *, min_population: int) -> list[tuple[str, float, float, int]]:
        """``(name, lat, lon, population)`` of every city of at least ``min_population``
        people, most populous first (map labels are drawn from these)."""
        rows = self._query(
            "SELECT name, lat, lon, population FROM place WHERE kind = 'city' "
            "AND population >= ? ORDER BY population DESC, name",
            (min_population,),
        )
        return [(str(r[0]), float(r[1]), float(r[2]), int(r[3])) for r in rows]

    def cities_in(
        self,
        south: float,
        west: float,
        north: float,
        east: float,
        *,
        min_population: int = 0,
        limit: int = 150,
    ) -> list[tuple[str, float, float, int]]:
        """``(name, lat, lon, population)`` of the ``limit`` most populous cities of at least
        ``min_population`` people inside the box, most populous first (the window's town
        names for the map view). ``west``/``east`` may lie beyond ±180 (a map panned over
        the date line); a box 360° wide or more takes every longitude.

        Raises:
            ValueError: a bound is not a finite number, or ``south`` > ``north``.
            GazetteerError: the query failed.
        """
        bounds = (south, west, north, east)
        if not all(math.isfinite(v) for v in bounds) or south > north:
            raise ValueError(f"not a box: {bounds!r}")
        sql = "WHERE kind = 'city' AND population >= ? AND lat BETWEEN ? AND ?"
        params: list[object] = [max(0, int(min_population)), south, north]
        if east - west < 360:
            low, high = (west + 180) % 360 - 180, (east + 180) % 360 - 180
            joint = "AND" if low <= high else "OR"
            sql += f" AND (lon >= ? {joint} lon <= ?)"
            params += [low, high]
        # A tall box holds much of the table: a plain scan beats thousands of index hops.
        table = "place" if north - south <= 3 else "place NOT INDEXED"
        rows = self._query(
            f"SELECT name, lat, lon, population FROM {table} {sql} "
            "ORDER BY population DESC, name LIMIT ?",
            [*params, max(0, int(limit))],
        )
        return [(str(r[0]), float(r[1]), float(r[2]), int(r[3])) for r in rows]

    def nearest(
        self, lat: float, lon: float, *, kinds: Collection[str] | None = None
    ) -> Place | None:
        """Return the place nearest to (lat, lon) by great-circle distance, or None if the
        gazetteer has no place of the given ``kinds`` (default: any kind)."""
        kind_sql = ""
        kind_params: list[object] = []
        if kinds is not None:
            kind_sql = f" AND p.kind IN ({','.join('?' * len(kinds))})"
            kind_params = list(kinds)
        radius = 0.25
        while True:
            # Widen a lat/lon box until its inscribed circle holds the best candidate.
            lon_span = radius / max(math.cos(math.radians(min(abs(lat) + radius, 89.9))), 1e-3)
            sql = f"SELECT {_PLACE_COLUMNS} FROM place p WHERE p.lat BETWEEN ? AND ?"
            params: list[object] = [lat - radius, lat + radius]
            low, high = lon - lon_span, lon + lon_span
            if lon_span >= 180:
                pass
            elif low < -180 or high > 180:  # the box crosses the antimeridian
                sql += " AND (p.lon >= ? OR p.lon <= ?)"
                params += [low + 360 if low < -180 else low, high - 360 if high > 180 else high]
            else:
                sql += " AND p.lon BETWEEN ? AND ?"
                params += [low, high]
            rows = self._query(sql + kind_sql, params + kind_params)
            if rows:
                best = min(rows, key=lambda r: _distance_km(lat, lon, r[2], r[3]))
                if radius >= 180 or _distance_km(lat, lon, best[2], best[3]) <= radius * 111.0:
                    return _place(best)
            elif radius >= 180:
                return None
            radius *= 4

    def iter_keys(self, *, name_types: Collection[str] | None = None) -> Iterator[str]:
        """Yield every distinct folded key once, in sorted order.

        ``name_types`` keeps only keys that have a name of one of those types (see
        :class:`NameHit`); by default all keys, including ISO codes such as "in" and "us".
        """
        if name_types is None:
            rows = self._query("SELECT DISTINCT key FROM name ORDER BY key")
        else:
            unknown = set(name_types) - set(NAME_TYPES)
            if unknown:
                raise ValueError(f"unknown name types {sorted(unknown)}; known: {NAME_TYPES}")
            marks = ",".join("?" * len(name_types))
            rows = self._query(
                f"SELECT DISTINCT key FROM name WHERE name_type IN ({marks}) ORDER BY key",
                list(name_types),
            )
        for (key,) in rows:
            yield key

    def close(self) -> None:
        """Close the underlying file; the gazetteer cannot be queried afterwards."""
        self._db.close()

    def __enter__(self) -> Gazetteer:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 12742.0 * math.asin(min(1.0, math.sqrt(a)))


def open_gazetteer(
    *,
    cache_dir: Path | None = None,
    progress: Callable[[str, float], None] | None = None,
    rebuild: bool = False,
    sources: GazetteerSources | None = None,
    build_missing: bool = True,
) -> Gazetteer:
    """Open the compiled gazetteer, building it first if it is missing or its sources changed.

    ``cache_dir`` defaults to :func:`sitmap._paths.cache_dir` (``SITMAP_CACHE_DIR``);
    ``sources`` to the bundled files plus the user's places file. ``progress(message,
    fraction)`` is called during a build only. ``rebuild=True`` builds even when the cached
    file is current. After a build, older compiled files of the same sources (same paths) in
    ``cache_dir`` are removed; other checkouts' and environments' files are left alone.
    Problems in the user's places file do not stop the build; they are listed in
    :attr:`Gazetteer.problems`. With ``build_missing=False`` nothing is ever built: only a
    current compiled file is opened (the window's own thread asks so, and waits for the
    background build). Raises :class:`GazetteerError` when a bundled source is missing or
    malformed or the cache cannot be written, and with ``build_missing=False`` when there is
    no current compiled file yet.
    """
    sources = sources or default_sources()
    folder = cache_dir or default_cache_dir()
    identity = sources.identity()
    path = folder / f"gazetteer-{identity}-{sources.fingerprint()}.sqlite"
    if path.exists() and not rebuild:
        return Gazetteer(path)
    if not build_missing:
        raise GazetteerError(f"{path}: the place index is not built yet")
    build(sources, path, progress=progress)
    for stale in folder.glob(f"gazetteer-{identity}-*.sqlite"):
        if stale != path:
            stale.unlink(missing_ok=True)
    return Gazetteer(path)
