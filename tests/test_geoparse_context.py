"""Resolution with the whole document (issue 12, "Context"): sentences written for these tests.

Each case names the reading a reader of the sentence would pin: the state, region or country
(ISO code and first-level code) of each name.
"""

from __future__ import annotations

import pytest
from _geoparse import readings

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A state named elsewhere in the text draws the town to it, and the town the name to
        # the state (neither one's first guess alone would: Florida's city; the country).
        (
            "Flooding closed schools in Gainesville on Monday, and crews from across Georgia "
            "were sent north to help.",
            {"Gainesville": ("US", "GA", "city"), "Georgia": ("US", "GA", "region")},
        ),
        # A name that is only another name of a city does not take a state's own name.
        (
            "A spokesman for the governor said Oklahoma would appeal the ruling.",
            {"Oklahoma": ("US", "OK", "region")},
        ),
        # An alternate name does not hijack a place's own name ("Augusta" is not Augsburg).
        (
            "Voters in Augusta went to the polls on Tuesday.",
            {"Augusta": ("US", "GA", "city")},
        ),
        # The town next to the document's other towns, across a state line.
        (
            "Shoppers from Phenix City drive across the river to Columbus on weekends.",
            {"Phenix City": ("US", "AL", "city"), "Columbus": ("US", "GA", "city")},
        ),
    ],
)
def test_the_rest_of_the_document_chooses_the_reading(
    geoparser: Geoparser, text: str, expected: dict[str, tuple[str, str, str]]
) -> None:
    assert readings(geoparser, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Large cities and countries keep their reading where nothing points elsewhere.
        (
            "Diplomats in Washington and Moscow traded accusations.",
            {"Washington": ("US", "DC", "city"), "Moscow": ("RU", "48", "city")},
        ),
        (
            "Talks in Paris and Berlin ended without a deal.",
            {"Paris": ("FR", "11", "city"), "Berlin": ("DE", "16", "city")},
        ),
        (
            "Farmers in Texas said exports to China had collapsed.",
            {"Texas": ("US", "TX", "region"), "China": ("CN", "", "country")},
        ),
    ],
)
def test_large_places_keep_their_reading(
    geoparser: Geoparser, text: str, expected: dict[str, tuple[str, str, str]]
) -> None:
    assert readings(geoparser, text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # Own prose. "National Park" was an alternate name of Northeast Greenland National
        # Park, so these went to Greenland.
        "Kaziranga National Park reopened on Monday.",
        "The fire spread into the National Park on Tuesday.",
    ],
)
def test_a_park_is_not_taken_for_greenland_by_its_generic_words(
    geoparser: Geoparser, text: str
) -> None:
    assert "GL" not in {t.place.country_code for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Other capitals say nothing for an English town named like the US capital.
        (
            "Officials in Washington and Moscow traded accusations, while envoys in London "
            "and Paris urged both sides to talk.",
            {"Washington": ("US", "DC", "city"), "London": ("GB", "ENG", "city")},
        ),
        # Local evidence still lifts the small namesake: a "City, State" pair ...
        (
            "Storms knocked out power in Moscow, Idaho, and in Berlin, Germany, on one night.",
            {"Moscow": ("US", "ID", "city"), "Berlin": ("DE", "16", "city")},
        ),
        # ... and the dateline's state.
        (
            "MOSCOW, Idaho — Students came back to Moscow on Monday.",
            {"Moscow": ("US", "ID", "city")},
        ),
    ],
)
def test_a_major_place_yields_only_to_local_evidence(
    geoparser: Geoparser, text: str, expected: dict[str, tuple[str, str, str]]
) -> None:
    got = readings(geoparser, text)
    assert {k: got.get(k) for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "county"),
    [
        ("PARIS, Tenn. — Deputies in Henry County searched the river for a hunter.", "TN"),
        ("CORYDON, Ind. — Crews in Harrison County cleared trees from the roads.", "IN"),
    ],
)
def test_the_datelines_state_picks_a_county(
    geoparser: Geoparser, text: str, county: str
) -> None:
    """A county named in many states is the one in the dateline's state, even past the first
    eight readings of its name (Henry County, Tennessee; Harrison County, Indiana is a control
    that was already right)."""
    county_name = text.split(" in ", 1)[1].split(" County")[0] + " County"
    assert readings(geoparser, text)[county_name] == ("US", county, "region")
