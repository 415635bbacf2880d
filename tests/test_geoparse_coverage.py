"""Coverage and guards: natural features, historical and conflict regions, abbreviations,
regions in lists of places, and eras that look like abbreviations.

The sentences are our own; ``tests/data/places/coverage.jsonl`` holds more of them, scored
end to end with the evaluation scorer by the places regression runner.
"""

from __future__ import annotations

import pytest
from _geoparse import toponyms

from sitmap.geocode import open_gazetteer
from sitmap.geoparse import Geoparser


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser(open_gazetteer())


@pytest.mark.parametrize(
    ("text", "surface", "kind", "point"),
    [
        ("Relief flights to Darfur were suspended again.", "Darfur", "region", (13.5, 24.0)),
        ("Smoke from peat fires on Sumatra reached the coast.", "Sumatra", "region", (0, 102)),
        ("Barges waited on the Vistula for the water to fall.", "Vistula", "water", (52.5, 19.5)),
        ("Ice cover on Lake Erie was the thinnest in years.", "Lake Erie", "water", (42, -81)),
        ("The line runs east over the Ural Mountains.", "Ural Mountains", "region", (60, 60)),
        ("Sand from the Sahara coated cars far to the north.", "Sahara", "region", (23, 13)),
        ("Trekkers returned from the Himalayas early.", "Himalayas", "region", (28, 84)),
        ("A dispute over the Cauvery flared up again.", "Cauvery", "water", (12, 77.6)),
    ],
)
def test_natural_features_and_named_areas(
    geoparser: Geoparser, text: str, surface: str, kind: str, point: tuple[float, float]
) -> None:
    """Islands, rivers, lakes, ranges, deserts and conflict regions are found as such, with a
    point within about a degree of the curated one."""
    places = toponyms(geoparser, text)
    assert surface in places, places
    place = places[surface].place
    assert place.kind == kind
    assert abs(place.lat - point[0]) <= 1.5 and abs(place.lon - point[1]) <= 1.5


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        ("Heavy rain flooded towns across NSW overnight.", "NSW", "AU"),
        ("Crews from BC flew east to help.", "BC", "CA"),
        ("Fighting in eastern DRC forced thousands from their homes.", "DRC", "CD"),
        ("The DPRK tested another missile on Friday.", "DPRK", "KP"),
        ("Envoys from the PRC and the ROK met in Geneva.", "PRC", "CN"),
        ("Envoys from the PRC and the ROK met in Geneva.", "ROK", "KR"),
        ("Pilgrims flew on to KSA after the stopover.", "KSA", "SA"),
    ],
)
def test_abbreviations(geoparser: Geoparser, text: str, surface: str, country: str) -> None:
    """Acronyms stored as abbreviations are places, not dropped as codes or words."""
    places = toponyms(geoparser, text)
    assert surface in places, places
    assert places[surface].place.country_code == country


def test_eu_is_the_union(geoparser: Geoparser) -> None:
    places = toponyms(geoparser, "Ministers said the EU would answer within a week.")
    assert places["EU"].place.name == "European Union"


@pytest.mark.parametrize(
    "text",
    [
        "The coins date from 300 BC and the wall from 44 B.C. or so.",
        "Farming reached the valley in the 5th century BC, long before the town.",
    ],
)
def test_eras_are_not_british_columbia(geoparser: Geoparser, text: str) -> None:
    assert not any(t.place.country_code == "CA" for t in toponyms(geoparser, text).values())


@pytest.mark.parametrize(
    ("text", "states"),
    [
        (
            "Drought emergencies were declared in Arizona, California, Colorado and Montana.",
            ["Arizona", "California", "Colorado", "Montana"],
        ),
        ("Snow closed passes in Nevada, Utah, Colorado and Wyoming.", ["Colorado"]),
        ("Crews came from Idaho, Montana, and Oregon.", ["Montana"]),
    ],
)
def test_us_states_in_lists(geoparser: Geoparser, text: str, states: list[str]) -> None:
    """A state whose name is also an English word stays a place inside a list of places."""
    places = toponyms(geoparser, text)
    for state in states:
        assert state in places, (state, places)
        assert places[state].place.kind == "region"
        assert places[state].place.country_code == "US"


@pytest.mark.parametrize(
    "text",
    [
        # The list's other names are no places: a word stays a word.
        "The vote for Mayor, City Council and School Board is in May.",
        "It attracts Western and Asian investors alike.",
    ],
)
def test_a_list_of_non_places_frees_no_word(geoparser: Geoparser, text: str) -> None:
    assert not any(t.place.kind == "region" for t in toponyms(geoparser, text).values())
