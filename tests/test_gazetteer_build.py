"""Building the gazetteer: rebuilds, atomicity, progress and the user's places file.

These tests compile tiny hand-made sources, so they run in milliseconds and can change files.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
from pathlib import Path

import pytest

from sitmap._paths import gazetteer_dir
from sitmap.errors import GazetteerError
from sitmap.geocode import (
    GazetteerSources,
    OfflineGeocoder,
    area_radius_km,
    fold,
    open_gazetteer,
)

CITIES = {
    "1526384": {
        "geonameid": 1526384,
        "name": "Almaty",
        "latitude": 43.25,
        "longitude": 76.91667,
        "countrycode": "KZ",
        "population": 2000900,
        "admin1code": "02",
        "alternatenames": ["ALA", "Alma-Ata", "a la mu tu", "Алматы", "阿拉木圖"],
    },
    "1": {
        "geonameid": 1,
        "name": "Villa",
        "latitude": 40.0,
        "longitude": -4.0,
        "countrycode": "ES",
        "population": 90,
        "admin1code": "",
        "alternatenames": ["Ukraine", "Villa"],
    },
}


@pytest.fixture
def sources(tmp_path: Path) -> GazetteerSources:
    src = tmp_path / "src"
    src.mkdir()
    (src / "cities.json").write_text(json.dumps(CITIES), encoding="utf-8")
    for name in ("countries.tsv", "country_names.tsv", "landmarks.tsv", "former_names.tsv"):
        shutil.copy(gazetteer_dir() / name, src / name)
    regions = (gazetteer_dir() / "regions.tsv").read_text(encoding="utf-8").splitlines()
    (src / "regions.tsv").write_text(
        "\n".join([regions[0]] + [r for r in regions if "\tKZ\t" in r]) + "\n", encoding="utf-8"
    )
    return GazetteerSources(
        cities=src / "cities.json",
        countries=src / "countries.tsv",
        country_names=src / "country_names.tsv",
        regions=src / "regions.tsv",
        landmarks=src / "landmarks.tsv",
        former_names=src / "former_names.tsv",
        user_places=src / "places.csv",
    )


def names(gaz: object, key: str) -> list[str]:
    return [h.place.name for h in gaz.lookup(key)]  # type: ignore[attr-defined]


# URI-special characters: the compiled file is opened read-only through an SQLite URI.
CACHE = "cache #1?%20"


def test_first_open_builds_with_progress_then_reuses_the_file(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    reports: list[tuple[str, float]] = []
    with open_gazetteer(
        cache_dir=tmp_path / CACHE, sources=sources, progress=lambda m, f: reports.append((m, f))
    ) as gaz:
        assert gaz.lookup("alma ata")[0].place.id == "gn:1526384"
        built = gaz.path
    fractions = [f for _, f in reports]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0 and len(fractions) >= 3
    assert all(isinstance(m, str) and m for m, _ in reports)
    reports.clear()
    with open_gazetteer(
        cache_dir=tmp_path / CACHE, sources=sources, progress=lambda m, f: reports.append((m, f))
    ) as gaz:
        assert gaz.path == built
    assert reports == []
    assert sorted(p.name for p in (tmp_path / CACHE).iterdir()) == [built.name]


def test_a_changed_source_triggers_a_rebuild_and_the_old_file_goes(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        old = gaz.path
        assert names(gaz, "semey") == []
    cities = dict(CITIES)
    cities["1519422"] = {
        "geonameid": 1519422,
        "name": "Semey",
        "latitude": 50.42,
        "longitude": 80.25,
        "countrycode": "KZ",
        "population": 292780,
        "admin1code": "12510143",
        "alternatenames": ["Semipalatinsk"],
    }
    sources.cities.write_text(json.dumps(cities), encoding="utf-8")
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        assert gaz.path != old and not old.exists()
        assert names(gaz, "semipalatinsk") == ["Semey"]


def test_build_drops_geonames_traps(sources: GazetteerSources, tmp_path: Path) -> None:
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        assert names(gaz, "ala") == ["Aland Islands"]  # the ISO code, not Almaty's airport
        assert names(gaz, "a la mu tu") == []
        assert names(gaz, "ukraine") == ["Ukraine"]
        assert names(gaz, "villa") == ["Villa"]
        assert names(gaz, fold("阿拉木圖")) == []  # only Latin and Cyrillic names are kept
        assert names(gaz, fold("Алматы"))[0] == "Almaty"
        former = {h.name_type for h in gaz.lookup("alma ata") if h.place.kind == "city"}
        assert former == {"former"}


def test_user_places_load_and_a_bad_row_is_named_by_file_and_line(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    assert sources.user_places is not None
    sources.user_places.write_text(
        "name,lat,lon,country_code,kind,alternate_names\n"
        "Zhanaozen Square,43.3412,52.8619,KZ,landmark,Zhanaozen central square|Жанаозен алаңы\n"
        "Broken Place,95.0,10.0,KZ,landmark,\n"
        "Nameless,,,KZ,landmark,\n"
        "Field Camp,44.1,52.0,,,\n",
        encoding="utf-8",
    )
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        square = gaz.lookup(fold("Жанаозен алаңы"))[0].place
        assert (square.id, square.kind, square.country_code) == (
            "user:zhanaozen-square",
            "landmark",
            "KZ",
        )
        assert names(gaz, "field camp") == ["Field Camp"]
        assert names(gaz, "broken place") == []
        assert [p.split(": ", 1)[0] for p in gaz.problems] == [
            f"{sources.user_places}:3",
            f"{sources.user_places}:4",
        ]
        assert "out of range" in gaz.problems[0]
    # The problems are remembered when the unchanged file is opened again.
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        assert len(gaz.problems) == 2


def test_a_user_file_without_the_header_is_one_problem(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    assert sources.user_places is not None
    sources.user_places.write_text("Somewhere,1.0,2.0\n", encoding="utf-8")
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        assert len(gaz.problems) == 1
        assert gaz.problems[0].startswith(f"{sources.user_places}:1: header must start with")


def test_a_failed_build_leaves_no_file_behind(sources: GazetteerSources, tmp_path: Path) -> None:
    sources.cities.write_text('{"1": {"geonameid": 1, "name": ', encoding="utf-8")
    with pytest.raises(GazetteerError, match=str(sources.cities)):
        open_gazetteer(cache_dir=tmp_path / "cache", sources=sources)
    assert list((tmp_path / "cache").iterdir()) == []


def test_a_missing_source_is_a_clear_error(sources: GazetteerSources, tmp_path: Path) -> None:
    sources.regions.unlink()
    with pytest.raises(GazetteerError, match=r"regions\.tsv: cannot read"):
        open_gazetteer(cache_dir=tmp_path, sources=sources)


def test_a_corrupt_compiled_file_is_a_clear_error(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        path = gaz.path
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(GazetteerError, match="cannot open the compiled gazetteer"):
        open_gazetteer(cache_dir=tmp_path, sources=sources)
    with open_gazetteer(cache_dir=tmp_path, sources=sources, rebuild=True) as gaz:
        assert names(gaz, "almaty")[0] == "Almaty"


def test_user_places_path_follows_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from sitmap.geocode import default_sources, user_places_path

    monkeypatch.setenv("SITMAP_USER_PLACES", str(tmp_path / "mine.csv"))
    assert user_places_path() == tmp_path / "mine.csv"
    assert default_sources().user_places == tmp_path / "mine.csv"
    monkeypatch.delenv("SITMAP_USER_PLACES")
    assert user_places_path().name == "places.csv"


def test_geocoder_with_a_handed_in_gazetteer_never_uses_the_network(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    from geopy.exc import GeocoderServiceError

    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        geocoder = OfflineGeocoder(gaz)
        assert geocoder.geocode("Alma-Ata").address == "Almaty, Kazakhstan"
        with pytest.raises(GeocoderServiceError):
            geocoder.adapter.get_json("https://example.org", timeout=1, headers={})
    assert os.environ.get("SITMAP_USER_PLACES", "").endswith("no-user-places.csv")


def test_cities_cut_by_read_chunks_are_all_read(
    sources: GazetteerSources, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sitmap.geocode._build as builder

    cities = {
        str(n): {
            "geonameid": n,
            "name": f"Town {n}",
            "latitude": 40.0 + n / 100,
            "longitude": 60.0,
            "countrycode": "KZ",
            "population": n,
            "admin1code": "",
            "alternatenames": [f"Stadt {n}"],
        }
        for n in range(1, 60)
    }
    sources.cities.write_text(json.dumps(cities, indent=1), encoding="utf-8")
    monkeypatch.setattr(builder, "_CHUNK", 37)  # shorter than one city
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        found = [gaz.lookup(fold(f"Stadt {n}")) for n in range(1, 60)]
    assert [hits[0].place.name for hits in found] == [f"Town {n}" for n in range(1, 60)]


def test_nearest_looks_across_the_antimeridian_and_far_away(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    cities = {
        str(n): {
            "geonameid": n,
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "countrycode": "FJ",
            "population": 1000,
            "admin1code": "",
            "alternatenames": [],
        }
        for n, (name, lat, lon) in enumerate(
            [("West Side", 0.0, 179.9), ("East Side", 0.0, -179.95), ("Far Town", 60.0, 10.0)],
            start=1,
        )
    }
    sources.cities.write_text(json.dumps(cities), encoding="utf-8")
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        assert gaz.nearest(0.0, 179.99, kinds=["city"]).name == "East Side"
        assert gaz.nearest(0.0, -179.8, kinds=["city"]).name == "East Side"
        assert gaz.nearest(0.0, 179.7, kinds=["city"]).name == "West Side"
        assert gaz.nearest(70.0, 0.0, kinds=["city"]).name == "Far Town"
        assert gaz.nearest(0.0, -160.0, kinds=["water"]).name == "Pacific Ocean"
        assert gaz.nearest(0.0, 0.0, kinds=["country"]).kind == "country"
        assert gaz.nearest(0.0, 0.0, kinds=["nothing"]) is None


def test_two_source_sets_share_a_cache_without_evicting_each_other(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    other = dataclasses.replace(sources, user_places=tmp_path / "elsewhere.csv")
    with open_gazetteer(cache_dir=tmp_path / "cache", sources=sources) as first:
        pass
    with open_gazetteer(cache_dir=tmp_path / "cache", sources=other) as second:
        assert second.path != first.path
    assert first.path.exists() and second.path.exists()


def test_curated_features_and_abbreviations_are_compiled(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    """features.tsv adds curated places; abbreviations.tsv types its names "abbreviation"
    (the only type an all-capitals span may match)."""
    src = sources.countries.parent
    (src / "features.tsv").write_text(
        "# curated\nslug\tname\tkind\tlat\tlon\tcountry_code\talternate_names\n"
        "lake-x\tLake Zaysan\twater\t48.0\t84.0\tKZ\tZaysan\n",
        encoding="utf-8",
    )
    (src / "abbreviations.tsv").write_text("place_id\tname\nlm:lake-x\tLZ\n", encoding="utf-8")
    sources = dataclasses.replace(
        sources, features=src / "features.tsv", abbreviations=src / "abbreviations.tsv"
    )
    with open_gazetteer(cache_dir=tmp_path / "cache", sources=sources) as gaz:
        assert names(gaz, fold("Zaysan")) == ["Lake Zaysan"]
        (hit,) = gaz.lookup(fold("LZ"))
        place = hit.place
        assert (place.id, place.kind, hit.name_type) == ("lm:lake-x", "water", "abbreviation")


def test_curated_demonyms_are_typed_demonym(sources: GazetteerSources, tmp_path: Path) -> None:
    """demonyms.tsv gives a region a name of type "demonym" (flagged in the output)."""
    src = sources.countries.parent
    (src / "features.tsv").write_text(
        "slug\tname\tkind\tlat\tlon\tcountry_code\talternate_names\n"
        "steppe-x\tZaysan Steppe\tregion\t48.0\t84.0\tKZ\t\n",
        encoding="utf-8",
    )
    (src / "demonyms.tsv").write_text(
        "# curated\nplace_id\tname\tplace\nlm:steppe-x\tZaysani\tZaysan Steppe\n",
        encoding="utf-8",
    )
    sources = dataclasses.replace(
        sources, features=src / "features.tsv", demonyms=src / "demonyms.tsv"
    )
    with open_gazetteer(cache_dir=tmp_path / "cache", sources=sources) as gaz:
        (hit,) = gaz.lookup(fold("Zaysani"))
        assert (hit.place.id, hit.place.name, hit.name_type) == (
            "lm:steppe-x", "Zaysan Steppe", "demonym")


def test_a_curated_slug_used_twice_is_named_by_file_and_line(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    src = sources.countries.parent
    (src / "features.tsv").write_text(
        "slug\tname\tkind\tlat\tlon\tcountry_code\talternate_names\n"
        "caspian-sea\tCaspian\twater\t41.7\t50.7\t\t\n",
        encoding="utf-8",
    )
    sources = dataclasses.replace(sources, features=src / "features.tsv")
    with pytest.raises(GazetteerError, match=r"features\.tsv:2: slug 'caspian-sea' is used twice"):
        open_gazetteer(cache_dir=tmp_path / "cache", sources=sources)


def test_admin2_units_load_by_their_full_name_and_a_bad_row_names_file_and_line(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    admin2 = tmp_path / "src" / "admin2.tsv"
    header = "id\tname\tcountry_code\tadmin1\tlat\tlon\talternate_names\n"
    admin2.write_text(
        header + "us2:21125\tLaurel County\tUS\tKY\t37.1094\t-84.1184\t\n"
        "us2:55109\tSt. Croix County\tUS\tWI\t45.034\t-92.4531\tSaint Croix County\n",
        encoding="utf-8",
    )
    with_admin2 = dataclasses.replace(sources, admin2=admin2)
    with open_gazetteer(cache_dir=tmp_path / "a", sources=with_admin2) as gaz:
        (laurel,) = gaz.lookup(fold("Laurel County"))
        assert (laurel.place.kind, laurel.place.admin1, laurel.place.population) == (
            "region", "KY", 0
        )
        assert names(gaz, fold("Saint Croix County")) == ["St. Croix County"]
        assert names(gaz, fold("Laurel")) == []  # only with its unit word
    admin2.write_text(header + "us2:1\tBad County\tUS\tKY\tnorth\t-84.1\t\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"admin2\.tsv:2: malformed row"):
        open_gazetteer(cache_dir=tmp_path / "b", sources=with_admin2)


def test_units_outside_the_us_name_their_region_and_never_stand_for_it(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    # gazetteer/admin2_world.tsv's rows share their region's admin-1 code ("02", Almaty
    # city's); the city's context must still be the region, and the unit names the region.
    world = tmp_path / "src" / "admin2_world.tsv"
    world.write_text(
        "id\tname\tcountry_code\tadmin1\tlat\tlon\talternate_names\tradius_km\n"
        "a2:KZ:1\tKarasay District\tKZ\t02\t43.2\t76.95\t\t10.0\n",
        encoding="utf-8",
    )
    with_world = dataclasses.replace(sources, admin2_world=world)
    with open_gazetteer(cache_dir=tmp_path / "a", sources=with_world) as gaz:
        (unit,) = gaz.lookup(fold("Karasay District"))
        assert (unit.place.kind, unit.place.admin1, unit.place.context) == (
            "region", "02", "Almaty, Kazakhstan"
        )
        assert gaz.lookup("almaty")[0].place.context == "Almaty, Kazakhstan"
        assert names(gaz, fold("Karasay")) == []  # only with its unit word
    world.write_text(world.read_text(encoding="utf-8").replace("43.2", "north"), encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"admin2_world\.tsv:2: malformed row"):
        open_gazetteer(cache_dir=tmp_path / "b", sources=with_world)


def test_the_m49_macro_regions_compile_with_their_english_aliases_and_sizes(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    # "West Africa" is M49's Western Africa, placed among its members (not at Africa's point
    # in the Central African Republic) and drawn at its size, not as a 90 km circle.
    sources = dataclasses.replace(sources, macroregions=gazetteer_dir() / "macroregions.tsv")
    with open_gazetteer(cache_dir=tmp_path / "cache", sources=sources) as gaz:
        (hit,) = gaz.lookup(fold("West Africa"))
        assert (hit.place.name, hit.place.kind, hit.name_type) == (
            "Western Africa", "region", "alternate")
        assert 5 < hit.place.lat < 20 and -17 < hit.place.lon < 10
        assert area_radius_km(hit.place.id) > 1000
        assert names(gaz, fold("Northern Europe")) == ["Northern Europe"]


def test_admin1_links_give_a_city_the_region_it_lies_in(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    # Almaty's GeoNames code "02" is replaced by the table's code for the region holding it.
    regions = sources.regions.read_text(encoding="utf-8").splitlines()
    header = regions[0].split("\t")
    row = dict(zip(header, regions[1].split("\t"), strict=True))
    links = tmp_path / "src" / "admin1_links.tsv"
    links.write_text(f"geonameid\tadmin1\n1526384\t{row['admin1']}\n", encoding="utf-8")
    with open_gazetteer(sources=dataclasses.replace(sources, admin1_links=links),
                        cache_dir=tmp_path / "c") as gaz:
        almaty = gaz.get("gn:1526384")
        assert almaty is not None
        assert (almaty.admin1, almaty.context) == (row["admin1"], f"{row['name']}, Kazakhstan")
    links.write_text("geonameid\tadmin1\n1526384\n", encoding="utf-8")
    with pytest.raises(GazetteerError, match=r"admin1_links.tsv:2: expected 2"):
        open_gazetteer(sources=dataclasses.replace(sources, admin1_links=links),
                       cache_dir=tmp_path / "d")


@pytest.mark.parametrize(
    ("geonameid", "context"),
    [
        (1584071, "Lâm Đồng, Vietnam"),  # Da Lat (GeoNames' 2025 code named Tuyên Quang)
        (1581130, "Hanoi, Vietnam"),  # Hanoi (it was An Giang)
        (2553604, "Grand Casablanca, Morocco"),  # Casablanca (the 2015 code named none)
        (1053384, "Toamasina, Madagascar"),  # Toamasina
        (1668399, "Taichung City, Taiwan"),  # Taichung (GeoNames files it under "Taiwan")
        (2965140, "Cork, Ireland"),  # Cork (GeoNames' code is the province of Munster)
        (1269843, "Telangana, India"),  # Hyderabad (Telangana's code met no region)
    ],
)
def test_cities_of_renumbered_regions_show_their_region(
    geonameid: int, context: str
) -> None:
    with open_gazetteer() as gaz:
        place = gaz.get(f"gn:{geonameid}")
        assert place is not None and place.context == context


def test_towns_of_arabic_speaking_countries_are_also_named_without_the_article(
    sources: GazetteerSources, tmp_path: Path
) -> None:
    """English news drops the article GeoNames writes ("Atarib" for "Al Atārib"); the bare
    form is an alternate name, taken from the town's own name only (not from its alternates,
    where Damascus's "Ash Sham" would make "Sham" of "Ahrar al-Sham" a place), never shorter
    than four letters ("Al Bab" keeps only its whole name), and only where Arabic is spoken."""
    town = {"latitude": 36.1, "longitude": 36.8, "population": 0, "admin1code": "09"}
    cities = dict(CITIES)
    cities["174030"] = {**town, "geonameid": 174030, "name": "Al Atārib", "countrycode": "SY",
                        "alternatenames": ["Atareb"]}
    cities["170654"] = {**town, "geonameid": 170654, "name": "Damascus", "countrycode": "SY",
                        "population": 1569394, "alternatenames": ["Ash Sham", "Dimashq"]}
    cities["174448"] = {**town, "geonameid": 174448, "name": "Al Bāb", "countrycode": "SY",
                        "alternatenames": []}
    cities["2"] = {**town, "geonameid": 2, "name": "El Paso", "countrycode": "US",
                   "alternatenames": []}
    cities["3"] = {**town, "geonameid": 3, "name": "Ar-Rastan", "countrycode": "SY",
                   "alternatenames": []}
    sources.cities.write_text(json.dumps(cities), encoding="utf-8")
    with open_gazetteer(cache_dir=tmp_path, sources=sources) as gaz:
        hits = gaz.lookup("atarib")
        assert [(h.place.name, h.name_type, h.original) for h in hits] == [
            ("Al Atārib", "alternate", "Atārib")
        ]
        assert names(gaz, "rastan") == ["Ar-Rastan"]
        assert names(gaz, "sham") == []
        assert names(gaz, "bab") == []
        assert names(gaz, "paso") == []
