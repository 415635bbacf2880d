"""The #12 audit's defects (au12c), each as a class: sentences written for these tests (own
prose), variants in several countries per class, read as ``sitmap geoparse --jsonl`` reads
them (the text, with a dateline at its top parsed as context).

Each case names what a reader of the sentence would pin: for each surface, the country code
of its place and the first-level region its ``context`` names ("" for a country, region or
feature; None where the words are no place at all).
"""

from __future__ import annotations

import pytest
from _geoparse import Reading, check

from sitmap.cli import geoparse_record
from sitmap.geocode import fold
from sitmap.geoparse import Geoparser


# 1. A first-level region keeps its name from a city in it that is only also called so:
#    another word ("Bahia" for Salvador) or a longer name of a smaller city ("Bihar" of Bihar
#    Sharif); a city whose own name it is in another spelling ("Gomel", the city Homyel) and
#    a city of millions whose longer name holds it ("New York") still win.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Floods hit Bihar and Assam after a week of rain.",
         {"Bihar": ("IN", ""), "Assam": ("IN", "")}),
        ("Relief trucks reached flooded towns across Bahia and Pernambuco.",
         {"Bahia": ("BR", ""), "Pernambuco": ("BR", "")}),
        ("Water rationing began in Ceara while farmers in Para waited for rain.",
         {"Ceara": ("BR", ""), "Para": ("BR", "")}),
        ("Monsoon storms cut power across Penang and Perlis.",
         {"Penang": ("MY", ""), "Perlis": ("MY", "")}),
        ("Teachers in Bihar went on strike on Monday.", {"Bihar": ("IN", "")}),
        # In a story of the state's towns too (Bihar Sharif is near them).
        ("PATNA, India - Floods in Bihar displaced thousands near Patna, Nalanda and "
         "Darbhanga, and schools across Bihar were shut.", {"Bihar": ("IN", "")}),
    ],
)
def test_a_region_keeps_its_name_from_a_city_only_also_called_so(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Controls: the city is what these names mean.
        ("Trains from Gomel to Minsk were cancelled.", {"Gomel": ("BY", "Gomel")}),
        ("She flew from London to New York on Monday.", {"New York": ("US", "New York")}),
        ("Police in Almaty detained six men.", {"Almaty": ("KZ", "Almaty")}),
    ],
)
def test_a_city_whose_own_name_it_is_still_wins(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


def test_the_gazetteer_ranks_a_region_before_a_city_only_also_called_so(gazetteer) -> None:  # type: ignore[no-untyped-def]
    first = {name: gazetteer.lookup(fold(name))[0].place for name in
             ("Bahia", "Bihar", "Penang", "Gomel", "New York")}
    assert {name: p.kind for name, p in first.items()} == {
        "Bahia": "region", "Bihar": "region", "Penang": "region",
        "Gomel": "city", "New York": "city",
    }


def kinds(geoparser: Geoparser, text: str) -> dict[str, str]:
    """Each predicted surface's kind ("city", "water", ...), as the CLI writes it."""
    got = geoparse_record({"id": "t", "text": text}, geoparser)
    return {t["text"]: str(t.get("kind")) for t in got["toponyms"]}  # type: ignore[attr-defined]


# 2. A name before a lower-case feature word ("the Kosi river", "the Swat valley") is the
#    feature where the gazetteer holds it, and nothing where it does not: never the town or
#    the country of that name.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Villagers along the Kosi river were moved to camps near Saharsa.",
         {"Kosi": "water", "Saharsa": "city"}),
        ("Barges on the Niger river reached Mopti on Tuesday.",
         {"Niger": "water", "Mopti": "city"}),
        ("Fishermen on the Congo river said the water was low at Mbandaka.",
         {"Congo": "water"}),
        ("Pilgrims bathed in the Jordan river near Jericho.", {"Jordan": "water"}),
        ("Boats on the Ohio river were tied up at Cincinnati.", {"Ohio": "water"}),
        ("Pollution from a tannery reached the Bahia lake.", {"Bahia": None}),
        ("The Niger river flooded Niamey, and Niger asked for aid.", {"Niger": "country"}),
    ],
)
def test_a_name_before_a_feature_word_is_the_feature_or_nothing(
    geoparser: Geoparser, text: str, expected: dict[str, str | None]
) -> None:
    got = kinds(geoparser, text)
    assert {k: got.get(k) for k in expected} == expected, got


# 3. A large city that a name chiefly means (a tenth of its size or less for every namesake),
#    coordinated with another major place, does not yield to a small namesake in a state
#    named nearby: as a national capital or a city of a million does not.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Officials from Maine said Belfast and Dublin had backed the plan.",
         {"Belfast": ("GB", "Northern Ireland"), "Dublin": ("IE", "Dublin")}),
        ("A senator from Alabama said Leeds and Paris had sent trade envoys.",
         {"Leeds": ("GB", "England"), "Paris": ("FR", "Île-de-France")}),
        ("Lawmakers in Kentucky said Glasgow and Oslo had backed the plan.",
         {"Glasgow": ("GB", "Scotland")}),
        ("Officials in Pennsylvania said Hanover and Vienna had signed the accord.",
         {"Hanover": ("DE", "Lower Saxony")}),
    ],
)
def test_a_large_city_a_name_chiefly_means_does_not_yield_beside_a_major_place(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Controls: the text points to the small namesake.
        ("Police in Belfast, Maine, closed the harbor on Sunday.", {"Belfast": ("US", "Maine")}),
        ("Fishermen from Rockland and nearby Belfast joined the protest in Maine.",
         {"Belfast": ("US", "Maine")}),
    ],
)
def test_a_small_namesake_of_a_large_city_still_wins_where_the_text_points_to_it(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


# 4. Teams and people named like towns: a town's name inside a team's name, a club in a
#    match report (a result verb and a score or a word of sport), a one-word name after a
#    country's possessive that names only small towns abroad.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The Kansas City Chiefs beat the Buffalo Bills in Orchard Park.",
         {"Kansas": None, "Kansas City": None, "Buffalo": None}),
        ("Fans of the Kansas City Royals gathered in Topeka.",
         {"Kansas": None, "Topeka": ("US", "Kansas")}),
        ("Sheffield United lost to Leeds on Saturday.", {"Leeds": None, "Sheffield": None}),
        ("Arsenal beat Everton 2-0 at home.", {"Everton": None}),
        ("Bolton drew with Wigan 1-1 in the league.", {"Bolton": None, "Wigan": None}),
        ("Celtic beat Motherwell in the cup final.", {"Motherwell": None}),
        ("Brazil's Lula met Argentina's Milei in Buenos Aires.",
         {"Lula": None, "Milei": None, "Buenos Aires": ("AR", "Autonomous City of Buenos Aires")}),
        ("Russia's Wagner group withdrew from Bakhmut. Wagner fighters later left.",
         {"Wagner": None, "Bakhmut": ("UA", "Donetsk")}),
    ],
)
def test_teams_and_people_named_like_towns_are_not_places(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Controls: no match report; a town of the possessor's own country; a large city.
        ("Rain beat against the windows in Leeds on Saturday.", {"Leeds": ("GB", "England")}),
        ("Floods hit Leeds and Sheffield on Saturday.",
         {"Leeds": ("GB", "England"), "Sheffield": ("GB", "England")}),
        ("Nigeria's Jos was calm on Sunday.", {"Jos": ("NG", "Plateau State")}),
        ("Ukraine's Kursk offensive surprised Moscow.", {"Kursk": ("RU", "Kursk")}),
        ("The Minnesota Twins lost in Chicago.", {"Minnesota": ("US", "")}),
    ],
)
def test_towns_beside_sport_and_possessives_stay_where_nothing_says_otherwise(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


# 5. "City in Region" where the region is a French department or a Philippine province
#    (their Natural Earth codes are other regions' GeoNames codes: Seine-Maritime 76 was
#    Occitanie's), and a name beside the places of one country takes that country's namesake.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Dockers in the Seine-Maritime department walked out. The strike also spread to "
         "Saint-Nazaire in Loire-Atlantique, the union said.",
         {"Saint-Nazaire": ("FR", "Pays-de-la-Loire")}),
        ("Storms in Eure flooded cellars, and the river rose at Saint-Aubin in Seine-Maritime.",
         {"Saint-Aubin": ("FR", "Normandie")}),
        ("Rain in Paris and in Dordogne; hail hit Saint-Cyr in Vaucluse.",
         {"Saint-Cyr": ("FR", "Provence-Alpes-Côte-d’Azur")}),
        ("Flooding in Cagayan and Albay; a landslide hit San Jose in Agusan del Norte.",
         {"San Jose": ("PH", "Caraga")}),
        ("Ferries between Zanzibar and Pemba were cancelled.", {"Pemba": ("TZ", "")}),
        ("Clove farmers on Pemba sold their harvest in Zanzibar and Dar es Salaam.",
         {"Pemba": ("TZ", "")}),
    ],
)
def test_the_region_after_in_and_the_countrys_namesake_decide(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


def test_a_namesake_abroad_still_wins_beside_its_own_countrys_places(geoparser: Geoparser) -> None:
    check(geoparser, "Ferries from Pemba to Nacala and Beira resumed in Mozambique.",
          {"Pemba": ("MZ", "Cabo Delgado")})


def test_a_department_shares_the_code_of_the_region_its_towns_are_in(gazetteer) -> None:  # type: ignore[no-untyped-def]
    def first(name: str, kind: str) -> str:
        return next(h.place.admin1 for h in gazetteer.lookup(fold(name)) if h.place.kind == kind)

    assert first("Seine-Maritime", "region") == first("Rouen", "city")
    assert first("Loire-Atlantique", "region") == first("Nantes", "city")
    assert first("Agusan del Norte", "region") == first("Butuan", "city")


# 6. A national capital keeps its own name from a far larger city only also called so.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chief Minister Himanta Biswa Sarma said New Delhi had promised funds.",
         {"New Delhi": "New Delhi"}),
        ("Officials in New Delhi and Islamabad traded accusations.",
         {"New Delhi": "New Delhi", "Islamabad": "Islamabad"}),
    ],
)
def test_a_capital_shows_its_own_name(
    geoparser: Geoparser, text: str, expected: dict[str, str]
) -> None:
    got = geoparse_record({"id": "t", "text": text}, geoparser)
    shown = {t["text"]: t.get("name") for t in got["toponyms"]}  # type: ignore[attr-defined]
    assert {k: shown.get(k) for k in expected} == expected, shown


# 7. The source's country weighs every ambiguous town name alike, also one whose first
#    reading is a large city abroad ("Perth"); never a country's or national capital's name.
@pytest.mark.parametrize(
    ("source", "text", "expected"),
    [
        ("GB", "Flood warnings were issued near Perth and Hamilton on Monday.",
         {"Perth": ("GB", "Scotland"), "Hamilton": ("GB", "Scotland")}),
        ("GB", "Police in Perth arrested two men on Sunday.", {"Perth": ("GB", "Scotland")}),
        ("US", "Police in Melbourne arrested two men on Sunday.",
         {"Melbourne": ("US", "Florida")}),
        # Controls: no source; a country's and a capital's name do not yield on it.
        ("", "Flood warnings were issued near Perth on Monday.",
         {"Perth": ("AU", "Western Australia")}),
        ("US", "Officials in Austin said England had sent help.", {"England": ("GB", "")}),
        ("US", "Officials said Paris had sent a message.", {"Paris": ("FR", "Île-de-France")}),
    ],
)
def test_the_source_country_weighs_every_ambiguous_town(
    geoparser: Geoparser, source: str, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected, **({"source_country": source} if source else {}))


def test_a_feature_named_once_with_its_word_is_that_feature_throughout(
    geoparser: Geoparser,
) -> None:
    """One reading per story: the bare "Kosi" of a story about "the Kosi river" is the river,
    not the town Kosi in Uttar Pradesh; "Niger" beside "the Niger river" stays the country."""
    text = ("Kosi breaches embankment. The Kosi river broke its bank near Supaul, and rain in "
            "Nepal will keep the Kosi high.")
    got = geoparse_record({"id": "t", "text": text}, geoparser)
    assert [(t["text"], t.get("kind")) for t in got["toponyms"] if t["text"] == "Kosi"] == [
        ("Kosi", "water")] * 3
    niger = "Niger asked for aid after the Niger river flooded Niamey."
    got = geoparse_record({"id": "t", "text": niger}, geoparser)
    assert [t.get("kind") for t in got["toponyms"] if t["text"] == "Niger"] == ["country", "water"]
