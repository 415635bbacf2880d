"""``OfflineGeocoder``: a geopy geocoder whose data source is the compiled gazetteer."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from geopy.adapters import BaseSyncAdapter
from geopy.exc import GeocoderQueryError, GeocoderServiceError
from geopy.geocoders.base import Geocoder
from geopy.location import Location
from geopy.point import Point

from sitmap.geocode._fold import fold
from sitmap.geocode._store import Gazetteer, NameHit, open_gazetteer
from sitmap.model import Place

__all__ = ["OfflineGeocoder"]


# Words that say a name is a first-level division: "Mangistau region", "Almaty Oblast".
_REGION_WORDS = frozenset(
    {"region", "oblast", "oblysy", "province", "state", "governorate", "prefecture", "krai"}
)


def _missing(query: Any) -> bool:
    """True for a missing value as pandas and numpy write it: None, NaN, NaT, pandas.NA."""
    if query is None:
        return True
    if isinstance(query, str):
        return False
    try:
        return bool(query != query)
    except TypeError:  # pandas.NA is neither equal nor unequal to itself
        return True


class _NoNetworkAdapter(BaseSyncAdapter):
    """The HTTP adapter geopy insists on; this geocoder never fetches, so any use is a bug."""

    def get_json(self, url: str, *, timeout: float, headers: dict[str, str]) -> Any:
        raise GeocoderServiceError(f"OfflineGeocoder does not use the network (asked for {url})")

    def get_text(self, url: str, *, timeout: float, headers: dict[str, str]) -> str:
        raise GeocoderServiceError(f"OfflineGeocoder does not use the network (asked for {url})")


def _raw(place: Place, hit: NameHit | None = None) -> dict[str, Any]:
    raw: dict[str, Any] = {
        "id": place.id,
        "name": place.name,
        "lat": place.lat,
        "lon": place.lon,
        "kind": place.kind,
        "country_code": place.country_code,
        "population": place.population,
        "geonameid": place.geonameid,
        "admin1": place.admin1,
        "context": place.context,
    }
    if hit is not None:
        raw["matched"] = hit.original
        raw["name_type"] = hit.name_type
    return raw


class OfflineGeocoder(Geocoder):
    """A geopy geocoder over the offline gazetteer; it never touches the network.

    ``gazetteer`` is the data source; by default the default gazetteer is opened (and built,
    the first time) on the first query. Results are geopy :class:`~geopy.location.Location`
    objects whose ``raw`` is the gazetteer row as a dict (id, name, lat, lon, kind,
    country_code, population, geonameid, admin1, context, plus the matched name and its name_type).
    """

    def __init__(self, gazetteer: Gazetteer | None = None, **kwargs: Any) -> None:
        kwargs.setdefault("adapter_factory", _NoNetworkAdapter)
        super().__init__(**kwargs)
        self._gazetteer = gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        """The data source, opened on first use when none was handed in."""
        if self._gazetteer is None:
            self._gazetteer = open_gazetteer()
        return self._gazetteer

    def _location(self, place: Place, hit: NameHit | None = None) -> Location:
        country = self.gazetteer.country(place.country_code) if place.country_code else None
        address = place.name
        if country is not None and place.kind != "country":
            address = f"{place.name}, {country.name}"
        return Location(address, Point(place.lat, place.lon), _raw(place, hit))

    def geocode(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        country_codes: str | Collection[str] | None = None,
        kinds: Collection[str] | None = None,
        limit: int | None = None,
        **kwargs: Any,
    ) -> Location | list[Location] | None:
        """Return the place(s) ``query`` names, best first, or None when nothing matches.

        ``query`` is a place name in any script or spelling the gazetteer knows ("Aqtobe",
        "Алматы", "U.S."); "name, Country" narrows to that country when the whole string is
        not itself a name. A missing value (None, NaN, blank) gives None, so
        ``df["place"].map(geocoder.geocode)`` works on columns with gaps.
        ``country_codes`` (one ISO alpha-2 code or several) and ``kinds`` ("country",
        "region", "city", "landmark", "water") filter; ``limit`` caps the list returned
        when ``exactly_one`` is False. Other geopy keywords (``timeout``...) are accepted and
        ignored. Raises :class:`geopy.exc.GeocoderQueryError` for a query that is not text.
        """
        if _missing(query):
            return None
        if not isinstance(query, str):
            raise GeocoderQueryError(f"OfflineGeocoder takes a place name, got {query!r}")
        codes = [country_codes] if isinstance(country_codes, str) else country_codes
        wanted = max(1, limit or 50)
        hits = self._hits(fold(query), codes, kinds, wanted)
        if not hits and "," in query:
            name, _, rest = query.partition(",")
            hits = self._within(name, rest, codes, kinds, wanted)
        if not hits:
            # "Mangistau region", "Almaty Oblast": the name of a region with its kind.
            words = query.split()
            if len(words) > 1 and words[-1].lower() in _REGION_WORDS:
                wanted_kinds = ("region",) if kinds is None else [k for k in kinds if k == "region"]
                if wanted_kinds:
                    hits = self._hits(fold(" ".join(words[:-1])), codes, wanted_kinds, wanted)
        if not hits:
            return None
        locations = [self._location(hit.place, hit) for hit in hits]
        return locations[0] if exactly_one else locations

    def _hits(
        self, key: str, codes: Collection[str] | None, kinds: Collection[str] | None, wanted: int
    ) -> list[NameHit]:
        if not key:
            return []
        # Filtering by kind after the query needs headroom beyond ``wanted``.
        hits = self.gazetteer.lookup(
            key, country_codes=codes, limit=wanted if kinds is None else max(wanted, 500)
        )
        if kinds is not None:
            hits = [h for h in hits if h.place.kind in kinds]
        return hits[:wanted]

    def _within(
        self,
        name: str,
        rest: str,
        codes: Collection[str] | None,
        kinds: Collection[str] | None,
        wanted: int,
    ) -> list[NameHit]:
        """The places called ``name`` inside a country or first-level region that ``rest``
        names: "Taraz, Kazakhstan", "Springfield, Illinois", "Springfield, IL"."""
        containers: set[tuple[str, str]] = set()  # (country code, admin1 code or "")
        for part in (p.strip() for p in rest.split(",")):
            for hit in self.gazetteer.lookup(fold(part), limit=10):
                if hit.name_type == "demonym":
                    continue
                if hit.place.kind == "country":
                    containers.add((hit.place.country_code, ""))
                elif hit.place.kind == "region" and hit.place.admin1:
                    containers.add((hit.place.country_code, hit.place.admin1))
            if len(part) == 2 and part.isupper():
                # A US state's or Canadian province's postal code is its admin1 code.
                containers.update({("US", part), ("CA", part)})
        if not containers:
            return []
        wanted_codes = {c for c, _ in containers}
        if codes is not None:
            wanted_codes &= {c.upper() for c in codes}
        if not wanted_codes:
            return []
        found = self._hits(fold(name), sorted(wanted_codes), kinds, 500)
        return [
            h
            for h in found
            if (h.place.country_code, "") in containers
            or (h.place.country_code, h.place.admin1) in containers
        ][:wanted]

    def reverse(
        self,
        query: Any,
        *,
        exactly_one: bool = True,
        kinds: Collection[str] | None = ("city",),
        **kwargs: Any,
    ) -> Location | list[Location] | None:
        """Return the place nearest to ``query`` (a geopy Point, "lat, lon" or (lat, lon)).

        ``kinds`` restricts what may be returned, by default populated places; None allows
        any kind. With ``exactly_one=False`` the answer is a one-element list. Returns None
        when the gazetteer has no place of those kinds. Raises ``ValueError`` for a point
        outside the valid coordinate range.
        """
        point = Point(query)
        place = self.gazetteer.nearest(point.latitude, point.longitude, kinds=kinds)
        if place is None:
            return None
        location = self._location(place)
        return location if exactly_one else [location]
