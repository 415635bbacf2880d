"""A capitalised joiner ending a region's name ("Camarines Sur"), hamlets that stand alone
abroad ("a Red Cross volunteer in Blantyre"), and "X House" buildings named after a town
("Chatham House") (issue 12, session-9 trial round).
Sentences written for these tests; each lists every place a reader would pin.
"""

from __future__ import annotations

import pytest
from _geoparse import countries

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        # "Sur" (south) ends the province's name; it is no joiner there
        ("The coast guard rescued families from Pili, in Camarines Sur, by boat.",
         {"Pili": "PH", "Camarines Sur": "PH"}),
        ("Rain hit Baja California Sur and La Paz.",
         {"Baja California Sur": "MX", "La Paz": "MX"}),
        # a phrase that is only a foreign hamlet's name, in a story about other countries
        ("A Red Cross volunteer said aid reached Blantyre and Zomba in Malawi.",
         {"Blantyre": "MW", "Zomba": "MW", "Malawi": "MW"}),
        ("Adelaide Brooks leads the Red Cross team in Kathmandu, Pokhara and Nepalgunj.",
         {"Kathmandu": "NP", "Pokhara": "NP", "Nepalgunj": "NP"}),
        # a building or institution named after a town
        ("Georgia Hill, an analyst at Chatham House in London, said so.", {"London": "GB"}),
    ],
)
def test_joiner_ends_stray_hamlets_and_buildings(
    geoparser: Geoparser, text: str, pins: dict[str, str]
) -> None:
    assert countries(geoparser, text) == pins


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        # a bare joiner is no name
        ("Sur is a port in Oman.", {"Oman": "OM"}),
        # the hamlet's own country is in the story: it stays
        ("Floods reached Red Cross, North Carolina, and Albemarle on Monday.",
         {"Red Cross": "US", "North Carolina": "US", "Albemarle": "US"}),
        # too few other places to say the hamlet is stray
        ("A Red Cross truck arrived.", {"Red Cross": "US"}),
        # the town itself, beside the building named after it
        ("He lives in Chatham. Chatham House is a think tank.", {"Chatham": "GB"}),
    ],
)
def test_hamlets_of_the_story_and_bare_joiners(
    geoparser: Geoparser, text: str, pins: dict[str, str]
) -> None:
    assert countries(geoparser, text) == pins
