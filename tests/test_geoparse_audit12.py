"""The #12 audit's defects (au12b), each as a class: sentences written for these tests (own
prose), two or more variants per class, read as ``sitmap geoparse --jsonl`` reads them (the
text, with a dateline at its top parsed as context).

Each case names what a reader of the sentence would pin: for each surface, the country code
of its place and the first-level region its ``context`` names ("" for a country or region;
None where the words are no place at all).
"""

from __future__ import annotations

import pytest
from _geoparse import Reading, check

from sitmap.cli import geoparse_record
from sitmap.geoparse import Geoparser


# 1. A country, capital or large city never yields to a small namesake unless the text
#    points to it: a state named in the sentence, the dateline's state or the story's country
#    is not such a pointer.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The governor of Texas said Rome and Paris had sent messages of support after the "
         "hurricane.", {"Rome": ("IT", "Lazio"), "Paris": ("FR", "Île-de-France")}),
        ("Officials in Austin said England had sent help.", {"England": ("GB", "")}),
        ("DALLAS — Officials in Texas said Athens and Rome had sent condolences.",
         {"Athens": ("GR", "Attica"), "Rome": ("IT", "Lazio")}),
        ("Lawmakers in Ohio praised London and Berlin for the new sanctions.",
         {"London": ("GB", "England"), "Berlin": ("DE", "Berlin")}),
        ("A senator from Arkansas said Scotland and England would buy more rice.",
         {"England": ("GB", "")}),
    ],
)
def test_a_major_place_does_not_yield_to_a_state_named_nearby(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Controls: the text points to the small place.
        ("Flooding closed roads around Paris, Texas, on Monday.", {"Paris": ("US", "Texas")}),
        ("Police in Paris, Tex., arrested two men.", {"Paris": ("US", "Texas")}),
        ("ATHENS, Texas — Students came back to Athens on Monday.",
         {"Athens": ("US", "Texas")}),
    ],
)
def test_a_small_namesake_still_wins_where_the_text_points_to_it(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


# 2. An explicit "City, Country" or "City, State" wins, also inside a list.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Storms hit Springfield, Illinois, and Victoria, Canada.",
         {"Springfield": ("US", "Illinois"), "Victoria": ("CA", "British Columbia")}),
        ("Officials in Lyon, France, said Valencia, Venezuela, and Cordoba, Spain, were hit.",
         {"Valencia": ("VE", "Carabobo"), "Cordoba": ("ES", "Andalusia")}),
        ("Relief flights left Perth, Scotland, Cambridge, Massachusetts, and Hamilton, "
         "Ontario.", {"Perth": ("GB", "Scotland"), "Cambridge": ("US", "Massachusetts"),
                      "Hamilton": ("CA", "Ontario")}),
    ],
)
def test_an_explicit_qualifier_wins_inside_a_list(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


# 3. A name that is only another name of a town does not take it from a river, a landmark or
#    a region whose own name it is; the agency Xinhua is no town; "-i-" and "-e-" join a name.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("In Ohio, officials in Cleveland said barges on Lake Erie and on the Vistula were "
         "frozen in.", {"Vistula": ("PL", "")}),
        ("Officials in Khartoum said the Nile had risen by a metre in Sudan.",
         {"Nile": ("", "")}),
        ("Serbian barges moved slowly down the Danube past Belgrade.", {"Danube": ("", "")}),
    ],
)
def test_an_alternate_name_does_not_take_a_rivers_own_name(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Flights to Mazar-i-Sharif were cancelled after the attack.",
         {"Mazar-i-Sharif": ("AF", "Balkh"), "Mazar": None}),
        ("Aid convoys left Mazar-e Sharif on Monday.", {"Mazar-e Sharif": ("AF", "Balkh")}),
    ],
)
def test_a_persian_joiner_keeps_the_name_whole(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Xinhua reported that floods in Hunan had killed nine people.",
         {"Xinhua": None, "Hunan": ("CN", "")}),
        ("Officials told Xinhua that roads in Yunnan were closed.",
         {"Xinhua": None, "Yunnan": ("CN", "")}),
        # A person named so is no place: "a wife named Dora".
        ("His wife, a nurse named Dora, said the family had moved to Raleigh.",
         {"Dora": None, "Raleigh": ("US", "North Carolina")}),
        ("A farmer named Tyler told reporters in Dallas the crop had failed.",
         {"Tyler": None, "Dallas": ("US", "Texas")}),
        # A kin word, a comma and the name set off by commas.
        ("Neighbours in Raleigh described the farmer and his wife, Dora, 62.",
         {"Dora": None, "Raleigh": ("US", "North Carolina")}),
        ("Her son, Tyler, said the house in Houston had flooded.",
         {"Tyler": None, "Houston": ("US", "Texas")}),
    ],
)
def test_an_agency_or_a_named_person_is_no_place(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


# 4. People and clubs named like places are no places.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Two nurses, Tyler and Olivia, told reporters they had not been paid.",
         {"Tyler": None, "Olivia": None}),
        ("Tyler and Olivia said the clinic in Houston had closed.",
         {"Tyler": None, "Olivia": None, "Houston": ("US", "Texas")}),
        ("Alex Jordan, a spokesman for the agency, said the roads were closed.",
         {"Jordan": None}),
        ("Sam Jordan, 41, told reporters that crews in Amman were ready.",
         {"Jordan": None, "Amman": ("JO", "Amman")}),
        ("Jordan Henderson scored twice for Liverpool on Saturday.", {"Henderson": None}),
        ("Paris Hilton and Florence Pugh attended the premiere in London.",
         {"Paris": None, "Hilton": None, "London": ("GB", "England")}),
        ("Real Madrid fans gathered outside the stadium.", {"Madrid": None}),
        ("Inter Milan and Atletico Madrid fans clashed in Milan.",
         {"Madrid": None, "Milan": ("IT", "Lombardy")}),
    ],
)
def test_people_and_clubs_are_no_places(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Controls: the same names as places.
        ("Flooding hit Tyler and Longview, officials said.",
         {"Tyler": ("US", "Texas"), "Longview": ("US", "Texas")}),
        ("Voters in Jordan and Lebanon went to the polls.",
         {"Jordan": ("JO", ""), "Lebanon": ("LB", "")}),
        ("Fans travelled from Madrid to Milan for the final.",
         {"Madrid": ("ES", "Community of Madrid"), "Milan": ("IT", "Lombardy")}),
    ],
)
def test_the_same_names_stay_places_elsewhere(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


def shown(geoparser: Geoparser, text: str) -> dict[str, str]:
    """Each predicted surface as a user sees it: "name — context"."""
    record = geoparse_record({"id": "t", "text": text}, geoparser)
    return {
        str(t["text"]): f"{t['name']} — {t['context']}"
        for t in record["toponyms"]  # type: ignore[attr-defined]
    }


# 5. The District of Columbia and Washington State do not look alike; Astana's region is not
#    shown by its former name.
def test_the_capital_district_does_not_look_like_the_state(geoparser: Geoparser) -> None:
    district = shown(geoparser, "The rally in D.C. drew thousands.")["D.C."]
    state = shown(geoparser, "Wildfires spread across Washington State.")["Washington State"]
    assert district != state
    assert "Columbia" in district


@pytest.mark.parametrize("text", ["Talks resumed in Astana on Monday.",
                                  "Officials in Kazakhstan's capital, Astana, said so."])
def test_astana_is_not_shown_by_its_former_name(geoparser: Geoparser, text: str) -> None:
    assert "Nur-Sultan" not in shown(geoparser, text)["Astana"]


# 6. A Natural Earth alias that names another unit (a county holding several boroughs, an
#    entity filed under a canton's code) does not pin that unit.
@pytest.mark.parametrize(
    ("text", "surface", "wrong"),
    [
        ("Leaders of Republika Srpska threatened to hold a referendum.", "Republika Srpska",
         "Posavina"),
        ("Rescue teams reached West Yorkshire after the floods.", "West Yorkshire", "Kirklees"),
        ("Roads in South Yorkshire were closed.", "South Yorkshire", "Rotherham"),
        ("Police in Greater Manchester made two arrests.", "Greater Manchester", "Salford"),
    ],
)
def test_an_alias_of_a_larger_unit_does_not_pin_a_smaller_one(
    geoparser: Geoparser, text: str, surface: str, wrong: str
) -> None:
    assert wrong not in shown(geoparser, text).get(surface, "")


# 8. A square's name in another language is no town; a curated region is what its name means.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Police fired tear gas near Praça da Liberdade in the city centre.",
         {"Praça": None, "Liberdade": None}),
        ("Crowds gathered in Plaza de Mayo on Sunday.", {"Plaza": None, "Mayo": None}),
        # Control: the county by itself.
        ("Voters in Mayo and Galway went to the polls.", {"Mayo": ("IE", "")}),
    ],
)
def test_a_foreign_square_is_no_town(
    geoparser: Geoparser, text: str, expected: dict[str, Reading]
) -> None:
    check(geoparser, text, expected)


@pytest.mark.parametrize("text", ["Drought spread across the Sahel this year.",
                                  "Farmers in the Sahel and in Darfur lost their herds."])
def test_the_sahel_is_the_curated_region(geoparser: Geoparser, text: str) -> None:
    assert "Burkina" not in shown(geoparser, text)["Sahel"]
