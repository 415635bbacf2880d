"""Names that only look like places: diseases named after places and outlets named after
them (issue 13, session 14). Sentences written for these tests before the rules; each lists
every place a reader would pin, and nothing else may come out.
"""

from __future__ import annotations

import pytest

from sitmap.geoparse import Geoparser


def _surfaces(geoparser: Geoparser, text: str) -> set[str]:
    return {t.surface for t in geoparser.parse(text)}


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # a disease named after a place, with a word of an epidemic after it
        ("A Marburg outbreak has killed nine people in Bukoba, officials said.", {"Bukoba"}),
        ("The Marburg patients were moved to an isolation ward in Kampala.", {"Kampala"}),
        ("West Nile cases were reported in Fresno and Modesto.", {"Fresno", "Modesto"}),
        ("Crimean-Congo haemorrhagic fever killed two herders near Kabul.", {"Kabul"}),
        ("Two Lassa survivors left the clinic in Owo on Friday.", {"Owo"}),
        ("Nurses in Kerala were given Nipah tests after the death.", {"Kerala"}),
        # the disease named once in full, then by the place name alone
        (
            "Uganda reported 12 cases of Marburg virus disease. Marburg kills up to 88 percent "
            "of the people it infects. Funerals of Marburg victims were limited in Mbarara.",
            {"Uganda", "Mbarara"},
        ),
        (
            "Health officials confirmed Zika virus in Cali. Zika spreads through mosquito "
            "bites, doctors in Cali said.",
            {"Cali"},
        ),
    ],
)
def test_diseases_named_after_places_are_not_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert _surfaces(geoparser, text) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the town itself: after a preposition of place, or with its country after a comma
        ("Students in Marburg, Germany, protested on Monday.", {"Marburg", "Germany"}),
        ("Police in Marburg arrested three men after a fight.", {"Marburg"}),
        ("Lyme, a town in Connecticut, flooded on Sunday.", {"Lyme", "Connecticut"}),
        # the disease in one sentence does not take the town away in another
        (
            "The Marburg virus was first found in 1967. Flooding later hit homes in Marburg.",
            {"Marburg"},
        ),
        # an outbreak in a town that gives no disease its name stays in the town
        ("The Kigali outbreak spread to Musanze.", {"Kigali", "Musanze"}),
    ],
)
def test_the_same_names_as_places_stay_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert _surfaces(geoparser, text) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # an outlet described as one in an apposition
        ("The Irrawaddy, an exile news outlet, reported fighting in Lashio.", {"Lashio"}),
        (
            "Mekong, a weekly newspaper, said the ferry to Pakse sank. Mekong also said ten "
            "were missing.",
            {"Pakse"},
        ),
        # a place's name and a word of an outlet's name after it
        ("His family told Goma Actu, a news website, that he was shot.", set()),
        ("Nepal Today reported that roads near Pokhara were shut.", {"Pokhara"}),
        ("Ghana Online reported floods in Kumasi.", {"Kumasi"}),
        ("Nairobi Live reported that roads in Mombasa were flooded.", {"Mombasa"}),
        ("Kabul 24 said a blast hit a mosque in Herat.", {"Herat"}),
        ("The footage was aired by Lagos 24.", set()),
        ("Abidjan.net reported clashes in Bouake.", {"Bouake"}),
    ],
)
def test_outlets_named_after_places_are_not_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert _surfaces(geoparser, text) == places


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("Kabul 24 hours after the blast was calm.", {"Kabul"}),
        ("Dakar, a city of three million, was calm.", {"Dakar"}),
        ("He bought the stock of Newark Live Bait, a shop.", {"Newark"}),
        ("Goma, a news hub for the region, was calm.", {"Goma"}),
        ("Rain fell on Nepal today, and roads near Pokhara were shut.", {"Nepal", "Pokhara"}),
        ("The Irrawaddy rose a metre. Villages along the Irrawaddy were flooded.",
         {"Irrawaddy"}),
    ],
)
def test_places_near_outlet_words_stay_places(
    geoparser: Geoparser, text: str, places: set[str]
) -> None:
    assert _surfaces(geoparser, text) == places
