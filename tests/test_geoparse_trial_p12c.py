"""Rules from the session-10 trial round on unseen crisis news (issue 12, ``trial_p12c.jsonl``):
a small town standing alone far abroad ("Cité" of Cité Soleil read as a Cypriot village's
alias, "El Niño" as a Mexican town), an agreement named after a town ("the Dayton peace
agreement"), a curated range after "the" ("the Andes", not the town of Los Andes), and a verb
only a person does after a given name and a town's name ("Florence Welch sang").
Sentences written for these tests (own prose); each lists every place a reader would pin.
"""

from __future__ import annotations

import pytest
from _geoparse import countries

from sitmap.geoparse import Geoparser


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        # the first word of a name the gazetteer lacks, matched as an alias of a town far
        # away in a country the story never names
        ("Police fired tear gas in Cité Soleil and Delmas, and flights from Port-au-Prince "
         "to Miami and Santo Domingo stopped.",
         {"Delmas": "HT", "Port-au-Prince": "HT", "Miami": "US", "Santo Domingo": "DO"}),
        # a weather pattern that is also a small town's name on another continent
        ("Rain flooded Beledweyne, Baidoa and Jowhar in Somalia, and forecasters blamed "
         "El Niño.",
         {"Beledweyne": "SO", "Baidoa": "SO", "Jowhar": "SO", "Somalia": "SO"}),
        # a city no source holds (El Alto, Bolivia) is no Peruvian village 2,000 km away
        ("Miners marched from Oruro and Potosí to La Paz, and traders in El Alto, "
         "Cochabamba and Sucre closed their stalls.",
         {"Oruro": "BO", "Potosí": "BO", "La Paz": "BO", "Cochabamba": "BO", "Sucre": "BO"}),
        # an agreement named after the town where it was signed
        ("Under the Dayton peace agreement, Bosnia has a three-member presidency in "
         "Sarajevo, and Mostar and Tuzla elect their own councils.",
         {"Bosnia": "BA", "Sarajevo": "BA", "Mostar": "BA", "Tuzla": "BA"}),
        # a given name and a town's name before a verb only a person does
        ("Florence Welch sang in Rome and Milan.", {"Rome": "IT", "Milan": "IT"}),
    ],
)
def test_stray_towns_agreements_and_people_are_not_pinned(
    geoparser: Geoparser, text: str, pins: dict[str, str]
) -> None:
    assert countries(geoparser, text) == pins


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        # "the Andes" beside towns near Los Andes is the range, not the town
        ("Fires burned homes in Quilpué, Limache and Villa Alemana, and smoke drifted over "
         "the Andes.",
         {"Quilpué": "CL", "Limache": "CL", "Villa Alemana": "CL", "Andes": ""}),
        ("Volunteers from Los Andes and Quillota drove into the Andes to reach trapped "
         "hikers.",
         {"Los Andes": "CL", "Quillota": "CL", "Andes": ""}),
    ],
)
def test_a_curated_range_after_the_is_the_range(
    geoparser: Geoparser, text: str, pins: dict[str, str]
) -> None:
    assert countries(geoparser, text) == pins
    andes = [t for t in geoparser.parse(text) if t.surface == "Andes"]
    assert [t.place.kind for t in andes] == ["region"]


@pytest.mark.parametrize(
    ("text", "pins"),
    [
        # a small town abroad near the story's other places stays (only far ones go)
        ("Families fled Port-au-Prince, Léogâne and Cap-Haïtien for Jimaní, across the "
         "border.",
         {"Port-au-Prince": "HT", "Léogâne": "HT", "Cap-Haïtien": "HT", "Jimaní": "DO"}),
        # a small town abroad far from one other place named three times stays: one name
        # repeated is too little to outvote it
        ("A swimmer from Jeannette won gold in Brazil on Sunday. Crowds in Brazil cheered, "
         "and Brazil's sports minister handed out the medals.",
         {"Jeannette": "US", "Brazil": "BR"}),
        # the town itself, not an agreement
        ("Leaders met in Dayton, Ohio, near Cincinnati and Columbus.",
         {"Dayton": "US", "Ohio": "US", "Cincinnati": "US", "Columbus": "US"}),
        # a town before the verb, with no given name before it
        ("Residents of Florence sang in the streets of Arezzo and Siena.",
         {"Florence": "IT", "Arezzo": "IT", "Siena": "IT"}),
        # the town of Los Andes by its full name
        ("The town of Los Andes lies near the border.", {"Los Andes": "CL"}),
    ],
)
def test_places_the_new_rules_leave(
    geoparser: Geoparser, text: str, pins: dict[str, str]
) -> None:
    assert countries(geoparser, text) == pins
