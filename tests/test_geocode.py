"""The offline gazetteer and the geopy geocoder over it, on the real bundled sources."""

from __future__ import annotations

import geopy.geocoders.base
import pandas as pd
import pytest
from geopy.exc import GeocoderQueryError
from geopy.location import Location

import sitmap.geocode as geocode
from sitmap.geocode import Gazetteer, OfflineGeocoder, fold


@pytest.fixture(scope="module")
def geocoder(gazetteer: Gazetteer) -> OfflineGeocoder:
    return OfflineGeocoder(gazetteer)


def ids(gazetteer: Gazetteer, name: str) -> list[str]:
    return [hit.place.id for hit in gazetteer.lookup(fold(name))]


def test_public_names_are_pinned() -> None:
    assert set(geocode.__all__) >= {
        "fold",
        "NameHit",
        "Gazetteer",
        "open_gazetteer",
        "OfflineGeocoder",
    }
    assert issubclass(OfflineGeocoder, geopy.geocoders.base.Geocoder)


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("Алматы", "almaty"),
        ("Almaty’s", "almaty's"),
        ("Nur–Sultan", "nur sultan"),
        ("  Kok   Tobe ", "kok tobe"),
        ("Qarağandı", "qaragandi"),
        ("U.S.", "u.s."),
    ],
)
def test_fold(raw: str, key: str) -> None:
    assert fold(raw) == key


@pytest.mark.parametrize(
    "names",
    [
        ("Aqtobe", "Aktobe", "Aktyubinsk"),
        ("Nur-Sultan", "Astana", "Akmola", "Nur Sultan"),
        ("Qaraghandy", "Karaganda"),
        ("Almaty", "Алматы", "Alma-Ata"),
    ],
)
def test_spellings_and_former_names_reach_the_same_city(
    geocoder: OfflineGeocoder, names: tuple[str, ...]
) -> None:
    found = {geocoder.geocode(name, kinds=["city"]).raw["id"] for name in names}
    assert len(found) == 1
    assert geocoder.geocode(names[0], kinds=["city"]).raw["country_code"] == "KZ"


@pytest.mark.parametrize(
    ("names", "iso"),
    [
        (("Mangistau", "Mangystau", "Mangghystau"), "KZ-MAN"),
        (("Aqmola", "Akmola"), "KZ-AKM"),
        (("Zhetysu", "Zhetysu Region", "Жетысуская область"), "KZ-33"),
    ],
)
def test_region_spellings(
    gazetteer: Gazetteer, geocoder: OfflineGeocoder, names: tuple[str, ...], iso: str
) -> None:
    found = {geocoder.geocode(name, kinds=["region"]).raw["id"] for name in names}
    assert len(found) == 1
    place = gazetteer.get(found.pop())
    assert place is not None and place.kind == "region" and place.country_code == "KZ"
    assert place.admin1  # links the region to its cities


def test_georgia_is_the_country_first_and_the_us_state_too(gazetteer: Gazetteer) -> None:
    hits = gazetteer.lookup(fold("Georgia"))
    assert (hits[0].place.kind, hits[0].place.country_code) == ("country", "GE")
    assert ("region", "US") in {(h.place.kind, h.place.country_code) for h in hits}


@pytest.mark.parametrize(
    ("name", "code", "name_type"),
    [
        ("Kazakhstan", "KZ", "name"),
        ("Kazakh", "KZ", "demonym"),
        ("U.S.", "US", "abbreviation"),
        ("Kyrgyz Republic", "KG", "alternate"),
        ("Britain", "GB", "alternate"),
        ("Russian", "RU", "demonym"),
    ],
)
def test_country_names(gazetteer: Gazetteer, name: str, code: str, name_type: str) -> None:
    best = gazetteer.lookup(fold(name))[0]
    assert (best.place.kind, best.place.country_code, best.name_type) == (
        "country",
        code,
        name_type,
    )
    assert gazetteer.country(code.lower()) == best.place


@pytest.mark.parametrize(
    ("name", "kind"),
    [("Caspian Sea", "water"), ("Kok Tobe", "landmark"), ("Central Asia", "region")],
)
def test_curated_water_and_landmarks(geocoder: OfflineGeocoder, name: str, kind: str) -> None:
    location = geocoder.geocode(name)
    assert location.raw["kind"] == kind and location.raw["name"] == name


def test_traps_in_geonames_alternate_names_are_dropped(gazetteer: Gazetteer) -> None:
    assert all(h.place.kind == "country" for h in gazetteer.lookup(fold("Ukraine")))
    almaty = gazetteer.lookup(fold("Almaty"))[0].place
    assert almaty not in [h.place for h in gazetteer.lookup(fold("ALA"))]  # its airport code
    assert gazetteer.lookup("a la mu tu") == []


def test_country_filter(gazetteer: Gazetteer) -> None:
    hits = gazetteer.lookup(fold("Georgia"), country_codes=["us"])
    assert hits and {h.place.country_code for h in hits} == {"US"}


def test_geocode_returns_locations_best_first(geocoder: OfflineGeocoder) -> None:
    locations = geocoder.geocode("Georgia", exactly_one=False)
    assert isinstance(locations, list) and all(isinstance(x, Location) for x in locations)
    assert locations[0].raw["kind"] == "country"
    assert geocoder.geocode("Georgia", country_codes="US").raw["kind"] == "region"
    assert geocoder.geocode("Taraz, Kazakhstan").raw["country_code"] == "KZ"
    assert geocoder.geocode("Nowhereville Xyzzy") is None


def test_reverse_finds_the_nearest_city(geocoder: OfflineGeocoder) -> None:
    location = geocoder.reverse((43.25, 76.92))
    assert location.raw["id"] == geocoder.geocode("Almaty").raw["id"]
    assert geocoder.reverse("43.25, 76.92", exactly_one=False)[0].raw["name"] == "Almaty"


def test_geocoder_maps_over_a_dataframe_column(geocoder: OfflineGeocoder) -> None:
    df = pd.DataFrame({"place": ["Aktobe", "Алматы", None, "Nowhereville Xyzzy", "Caspian Sea"]})
    located = df["place"].map(geocoder.geocode)
    names = [loc.raw["name"] if loc is not None else None for loc in located]
    assert names == ["Aktobe", "Almaty", None, None, "Caspian Sea"]


def test_geocoder_maps_over_a_pandas_string_column(geocoder: OfflineGeocoder) -> None:
    located = pd.Series(["Astana", None, "Taraz"], dtype="string").map(geocoder.geocode)
    assert [loc.raw["name"] if loc is not None else None for loc in located] == [
        "Astana",
        None,
        "Taraz",
    ]


@pytest.mark.parametrize(
    ("query", "kind", "country", "admin1"),
    [
        ("Mangistau region", "region", "KZ", None),
        ("Almaty Oblast", "region", "KZ", None),
        ("Aqmola Region", "region", "KZ", None),
        ("Springfield, Illinois", "city", "US", "IL"),
        ("Springfield, IL", "city", "US", "IL"),
        ("Springfield, Missouri", "city", "US", "MO"),
        ("Taraz, Kazakhstan", "city", "KZ", None),
    ],
)
def test_geocode_reads_region_words_and_containers(
    geocoder: OfflineGeocoder, query: str, kind: str, country: str, admin1: str | None
) -> None:
    location = geocoder.geocode(query)
    assert location is not None, query
    assert (location.raw["kind"], location.raw["country_code"]) == (kind, country)
    if admin1 is not None:
        assert location.raw["admin1"] == admin1


def test_iter_keys_lists_each_key_once(gazetteer: Gazetteer) -> None:
    names_only = list(gazetteer.iter_keys(name_types=["name", "alternate"]))
    assert len(names_only) == len(set(names_only))
    assert {"almaty", "aqtobe", "kazakhstan"} <= set(names_only)
    assert "kazakh" not in names_only
    assert "kazakh" in set(gazetteer.iter_keys())


def test_geocode_filters_and_limits(geocoder: OfflineGeocoder) -> None:
    many = geocoder.geocode("Washington", exactly_one=False)
    assert len(many) > 3
    assert len(geocoder.geocode("Washington", exactly_one=False, limit=3)) == 3
    kinds = {
        x.raw["kind"] for x in geocoder.geocode("Washington", exactly_one=False, kinds=["region"])
    }
    assert kinds == {"region"}
    assert geocoder.geocode("Almaty", country_codes=["RU"]) is None
    with pytest.raises(GeocoderQueryError):
        geocoder.geocode({"city": "Almaty"})


def test_lookup_many_gives_each_key_what_lookup_gives(gazetteer: Gazetteer) -> None:
    # Names with many readings, some tied on kind and population, plus one naming nothing
    # and one key twice: one query must rank exactly as the single lookups do.
    names = ["Springfield", "Georgia", "Almaty", "San Jose", "Victoria", "Alma-Ata", "Georgia"]
    keys = [fold(n) for n in names] + ["no such place anywhere"]
    for limit in (3, 20, 200):
        many = gazetteer.lookup_many(keys, limit=limit)
        single = {key: gazetteer.lookup(key, limit=limit) for key in keys}
        assert many == {key: hits for key, hits in single.items() if hits}
        assert len(many[fold("Springfield")]) == min(limit, len(single[fold("Springfield")]))


def test_lookup_many_builds_a_place_named_by_two_keys_once(gazetteer: Gazetteer) -> None:
    # Issue 14: a first pass builds each gazetteer row it reads into a Place; Almaty under
    # its name and its former name is one place, built once per batch (a Place is frozen,
    # so the hits share it), and equal to what a single lookup builds.
    many = gazetteer.lookup_many([fold("Almaty"), fold("Alma-Ata")], limit=20)
    by_id = {}
    for hits in many.values():
        for hit in hits:
            by_id.setdefault(hit.place.id, []).append(hit.place)
    shared = [places for places in by_id.values() if len(places) > 1]
    assert shared, "some place is named by both keys"
    for places in shared:
        assert all(p is places[0] for p in places)
        assert places[0] == next(
            h.place for h in gazetteer.lookup(fold("Almaty"), limit=20)
            if h.place.id == places[0].id
        )



def test_lookups_read_the_names_in_stored_order_without_a_sort(gazetteer: Gazetteer) -> None:
    # Issue 14: the build stores each key's names in lookup order, so a new process's
    # lookups read one run of rows per key; a sort in the query plan (SQLite's "TEMP
    # B-TREE") is the cost this removed. The SQL is read from the connection as SQLite runs
    # it, on a new Gazetteer over the same file so that no memoised lookup skips its query.
    seen: list[str] = []
    with Gazetteer(gazetteer.path) as fresh:
        db = fresh._db
        db.set_trace_callback(seen.append)
        fresh.lookup_many([fold("Springfield"), fold("Georgia")], limit=20)
        fresh.lookup(fold("Victoria"), limit=20)
        fresh.lookup(fold("Victoria"), country_codes=["CA", "AU"], limit=5)
        db.set_trace_callback(None)
        plans = [
            " | ".join(row[3] for row in db.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in seen
            if "FROM name" in sql
        ]
    assert len(plans) == 3
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
