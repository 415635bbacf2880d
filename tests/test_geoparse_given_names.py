"""Given names that are also places, newspapers named with a place and a time of issue, and
rivers and volcanoes named like towns (issue 12, session-9 trial round). Sentences written for
these tests; each lists every place a reader would pin, and nothing else may come out.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a given name that is a place, then a surname, then the person described or quoted
        ("Georgia Hill, a researcher, flew to Almaty on Monday.", {"Almaty"}),
        ('"The wind was loud," said Lincoln Banda, a volunteer in Blantyre.', {"Blantyre"}),
        # a town's name after a given name, then the person described or quoted
        ("The river rose fast. Jordan Paris, a local rancher, drove to Sherman.", {"Sherman"}),
        ("The storm passed. Florence Paris, who runs a bakery, stayed in Lyon.", {"Lyon"}),
        # a given name close to a country's name, after a title or before a surname
        ("Prime Minister Giorgia Meloni flew to Hiroshima.", {"Hiroshima"}),
        ("Giorgia Meloni said Rome would help.", {"Rome"}),
        # a surname after a given name and a particle; a paper's name with its time of issue
        ("Interior Minister Eduardo del Castillo flew to Cochabamba.", {"Cochabamba"}),
        ("A reporter for the Sydney Morning Herald flew to Suva.", {"Suva"}),
        # a river or a volcano named like a town elsewhere
        ("In Cesena the Savio river swept away cars.", {"Cesena"}),
        # (Mayon is in the gazetteer's volcanoes since session 15: the volcano, not a town;
        # test_geoparse_named_features.py checks that it is the landmark.)
        ("Mud from Mayon volcano reached Legazpi.", {"Mayon", "Legazpi"}),
    ],
)
def test_people_rivers_and_volcanoes_named_like_towns_are_not_pinned(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Officials in Austin, Texas said the dam held.", {"Austin", "Texas"}),
        ("She moved to Victoria Falls, a town on the Zambezi.", {"Victoria Falls", "Zambezi"}),
        ("Lincoln Police said the suspect fled to Omaha.", {"Lincoln", "Omaha"}),
        ("Georgia, a country of four million, voted on Sunday.", {"Georgia"}),
        ("Troops entered Kazahkstan on Monday.", {"Kazahkstan"}),
        ("The Jordan river and the Indus river rose.", {"Jordan", "Indus"}),
        ("Santa Barbara, a coastal city, ordered people out.", {"Santa Barbara"}),
        ("The Tarrant County Medical Examiner named the driver.", {"Tarrant County"}),
        ("They flew from Sydney to Rio de Janeiro on Sunday.", {"Sydney", "Rio de Janeiro"}),
    ],
)
def test_places_beside_those_patterns_are_kept(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert {t.surface for t in geoparser.parse(text)} == places
