"""Issue 12, round 3: no mention overlaps another, a place before a title stays a place, and a
seat of government named as the government acting is not a place mention.

Sentences written for these tests; each lists every place span a reader would pin.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    "text",
    [
        "Voters across British Columbia go to the polls in May.",
        "The ferry to British Columbia was cancelled, officials in Seattle said.",
        "Crews from the District of Columbia flew to Ottawa.",
    ],
)
def test_no_mention_overlaps_another(geoparser: Geoparser, text: str) -> None:
    found = sorted((t.start, t.end) for t in geoparser.parse(text))
    assert all(
        a_end <= b_start for (_, a_end), (b_start, _) in zip(found, found[1:], strict=False)
    ), found
    assert not any(t.surface == "Columbia" for t in geoparser.parse(text))


def test_a_misspelt_country_alone_is_still_found(geoparser: Geoparser) -> None:
    # The overlap check must not switch typo tolerance off for words no mention covers.
    found = geoparser.parse("Aid convoys reached Kazahkstan on Monday.")
    assert [(t.surface, t.place.country_code) for t in found] == [("Kazahkstan", "KZ")]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Former Ohio Gov. John Kasich spoke to students in Columbus.", {"Ohio", "Columbus"}),
        ("Nevada Gov. Joe Lombardo signed the bill in Reno.", {"Nevada", "Reno"}),
        ("The board met after Oregon Sen. Ron Wyden visited Salem.", {"Oregon", "Salem"}),
        ("US President-elect Donald Trump will fly to Tokyo.", {"US", "Tokyo"}),
    ],
)
def test_a_place_before_a_title_is_a_place(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


def test_a_state_before_a_governor_is_the_state(geoparser: Geoparser) -> None:
    found = geoparser.parse("New York Gov. Kathy Hochul toured the flooded streets of Buffalo.")
    assert [(t.surface, t.place.kind) for t in found] == [
        ("New York", "region"),
        ("Buffalo", "city"),
    ]


def test_the_person_after_the_title_is_still_no_place(geoparser: Geoparser) -> None:
    # "Gov. Mary Fallin": the surname after the title stays out, the state before it stays in.
    found = geoparser.parse("Oklahoma Gov. Mary Fallin toured Moore on Monday.")
    assert [t.surface for t in found] == ["Oklahoma", "Moore"]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("The White House condemned the strike on Kharkiv.", {"Kharkiv"}),
        ("Talks in Geneva stalled, the Kremlin said on Friday.", {"Geneva"}),
        ("The plan was rejected by the White House late on Thursday.", set()),
        ("A Kremlin spokesman denied that troops had left Minsk.", {"Minsk"}),
        ("The Kremlin's reply reached Kyiv within hours.", {"Kyiv"}),
        # the same buildings as places
        ("The champions were honoured at the White House on Monday.", {"White House"}),
        ("Tourists queued outside the Kremlin in the snow.", {"Kremlin"}),
        ("The fire broke out five miles from the White House.", {"White House"}),
    ],
)
def test_a_seat_of_government_acting_is_no_place(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("He carried Ohio and Iowa - as well as Michigan, where turnout was high.",
         {"Ohio", "Iowa", "Michigan"}),
        ("The striker scored twice in the final for Wales.", {"Wales"}),
        ("The new law mirrors one passed last year by Colorado; others may follow.", {"Colorado"}),
    ],
)
def test_a_region_closing_a_clause_is_a_place(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    # Their names are also English words; capitalised inside a sentence and ending a clause,
    # they are the regions.
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("BOWLING GREEN, Ky (WBKO) -- Firefighters battled a barn fire overnight.", "Ky"),
        ("LOUISVILLE, KY--(Marketwire) - The company sold its office building.", "KY"),
    ],
)
def test_a_datelines_state_needs_no_period(
    geoparser: Geoparser, text: str, state: str
) -> None:
    found = geoparser.parse(text)
    assert [(t.surface, t.place.name) for t in found][1:] == [(state, "Kentucky")]


def test_a_state_abbreviation_inside_a_sentence_still_needs_its_period(
    geoparser: Geoparser,
) -> None:
    assert [t.surface for t in geoparser.parse("Crews from Paris, Ky arrived late.")] == [
        "Paris"
    ]


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Saskatoon, Regina and Winnipeg each earned top marks.",
         {"Saskatoon", "Regina", "Winnipeg"}),
        ("Phoenix, Tucson and Mesa saw record heat on Sunday.", {"Phoenix", "Tucson", "Mesa"}),
        # an opening word in a list of words stays a word
        ("Reading, Writing and Arithmetic were taught in Leeds.", {"Leeds"}),
    ],
)
def test_a_word_named_city_opening_a_list_of_places_is_a_place(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places
