"""Words that name people, outlets, clubs, diseases and currencies are not places of the story.

Sentences written for these tests (issue 12, "Names and roles of words"); each lists every
place a reader would pin, and nothing else may come out.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # outlets: the place in a newspaper's name is not where the story happens
        ("The Seattle Times said ferries to Victoria were cancelled.", {"Victoria"}),
        ("Floods in Manila were front-page news in the Kyiv Post.", {"Manila"}),
        ("According to the Times of Malta, ships left Valletta at dawn.", {"Valletta"}),
        ("A reporter for the Denver Post was detained in Istanbul.", {"Istanbul"}),
        # clubs
        ("Newcastle United lost again, and fans in Glasgow cheered.", {"Glasgow"}),
        # diseases and currencies
        ("Cases of West Nile virus were confirmed in Fresno.", {"Fresno"}),
        ("The deal was worth US$2 billion, officials in Jakarta said.", {"Jakarta"}),
        # relatives and people described as people
        ("She drove to Toledo with her son Jackson.", {"Toledo"}),
        ("Hailey, a student at the college, said the dorms in Lansing were cold.", {"Lansing"}),
        ("Chelsea, 17, and her friends walked from Boise.", {"Boise"}),
        # a surname after a title and a given name
        ("Dr. Laura Lincoln opened a clinic in Tucson.", {"Tucson"}),
        ("Mrs. Helen Bristol spoke at the vigil in Tulsa.", {"Tulsa"}),
    ],
)
def test_people_and_organisations_are_not_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the same words where they are places stay places
        ("Residents of Chelsea, a city near Boston, lost power.", {"Chelsea", "Boston"}),
        ("Paige moved to Madison last year.", {"Madison"}),
        ("The times in London were hard.", {"London"}),
    ],
)
def test_the_same_names_as_places_are_kept(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A region's English name that is also a word, in a two-name list with a region.
        ("Heavy snow closed the passes of Lombardy and Piedmont.", ["Lombardy", "Piedmont"]),
        ("Vineyards in Piedmont lost the harvest to hail.", ["Piedmont"]),
        # Without a place beside it the word stays a word.
        ("The piedmont of the range is dry, and Piedmont schools say so.", []),
    ],
)
def test_an_english_region_name_joins_a_list(
    geoparser: Geoparser, text: str, expected: list[str]
) -> None:
    assert [t.surface for t in geoparser.parse(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Chennai Super Kings beat the visitors before a full house in Mumbai.", ["Mumbai"]),
        ("The Sacramento Kings lost to the Golden State Warriors in Sacramento.", ["Sacramento"]),
        ("Kolkata Knight Riders' bowlers struggled on a slow pitch in Delhi.", ["Delhi"]),
        # The nickname must end the capitalised name: a road goes on past it.
        ("Traffic stopped on the Sacramento Kings Road in London.", ["Sacramento", "London"]),
    ],
)
def test_a_team_nickname_after_its_town_is_not_the_town(
    geoparser: Geoparser, text: str, expected: list[str]
) -> None:
    assert [t.surface for t in geoparser.parse(text)] == expected
