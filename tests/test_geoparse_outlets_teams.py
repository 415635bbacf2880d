"""Broadcasters, sports teams and titled people named like places are not places of the story
(issue 12, second round). Sentences written for these tests; each lists every place a reader
would pin, and nothing else may come out.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a media word before the place, in one capitalised run
        ("Radio France sent a crew to Dakar.", {"Dakar"}),
        ("Sky News Australia interviewed farmers near Dubbo.", {"Dubbo"}),
        ("Voters in Accra watched TV Japan coverage of the count.", {"Accra"}),
        # a broadcaster's word after it
        ("China Central Television showed the crowds in Lhasa.", {"Lhasa"}),
        ("Japan Broadcasting Corporation filmed the ships leaving Busan.", {"Busan"}),
        # a town's name and a capitalised plural ending the run: a team
        ("The Brisbane Broncos trained in Townsville before the final.", {"Townsville"}),
        ("Fans of the Denver Broncos flew to Las Vegas.", {"Las Vegas"}),
        ("The Chicago Bears signed a tackle from Memphis.", {"Memphis"}),
        # a title, a given name, and a surname that is a country's name
        ("Rep. Jim Jordan spoke to reporters in Dayton.", {"Dayton"}),
        ("Sen. Tom Georgia voted against the bill in Lansing.", {"Lansing"}),
    ],
)
def test_outlets_teams_and_titled_people_are_not_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # plurals that belong to a place's name, its people or its offices
        ("Snow closed roads in Palm Springs and Colorado Springs.",
         {"Palm Springs", "Colorado Springs"}),
        ("Houston Police closed the freeway after the crash.", {"Houston"}),
        ("Ohio Democrats met in Columbus.", {"Ohio", "Columbus"}),
        # a possessive ends the run; a team's possessive keeps its town's stadium
        ("France's TV crews reached Bamako.", {"France", "Bamako"}),
        # a title before a country standing alone in a list stays a place
        ("The President visited Jordan and Egypt.", {"Jordan", "Egypt"}),
    ],
)
def test_places_beside_those_words_are_kept(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places
