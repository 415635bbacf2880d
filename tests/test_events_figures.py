"""Figures (issue 13): only people are counted - killed, injured, detained, missing,
displaced, troops, and disease cases in a column of their own - and a count goes only to a
place it belongs to. The sentences are our own; places come from a hand-made geoparser."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from sitmap.events import DTYPES, build_events, validate
from sitmap.events._rules import find_figures
from sitmap.ingest import article_from_text
from sitmap.model import Place, TimeExpr, Toponym

PLACES = {
    "Kassala": Place("gn:372753", "Kassala", 15.45, 36.4, "SD", "city", geonameid=372753),
    "Gedaref": Place("gn:378231", "Gedaref", 14.04, 35.38, "SD", "city", geonameid=378231),
    "Sudan": Place("gn:366755", "Sudan", 15.0, 30.0, "SD", "country", geonameid=366755),
    "Sudanese": Place("gn:366755", "Sudan", 15.0, 30.0, "SD", "country", geonameid=366755),
}


class FakeGeoparser:
    """Finds the names of PLACES as whole words; "Sudanese" is a demonym."""

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [
            Toponym(m.start(), m.end(), name, place, 0.9, demonym=name == "Sudanese")
            for name, place in PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text)
        ]


def no_dates(
    text: str, *, reference: dt.date | None, language: str = "en"
) -> list[TimeExpr]:
    return []


def table(text: str) -> pd.DataFrame:
    art = article_from_text("f1", text, title="T", published=dt.date(2021, 3, 31))
    return build_events([art], geoparser=FakeGeoparser(), find_dates=no_dates)


def figures(passage: str) -> dict[str, int]:
    found: dict[str, int] = {}
    for figure in find_figures(passage):
        found.setdefault(figure.column, figure.value)
    return found


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Animals, money, shares and ages are no casualties.
        ("Rangers counted 4,000 dead wild birds along the lake shore.", {}),
        ("Farmers lost 4,000 head of cattle and 180,000 chickens were killed.", {}),
        ("The fund paid $2,000 to injured workers.", {}),
        ("Officials said 80 percent were injured.", {}),
        ("A man aged 45 died in hospital.", {}),
        ("300 goats drowned and 5 people died.", {"killed": 5}),
        # Disease cases have their own column and are never deaths.
        ("Clinics confirmed 517 cholera cases, up from 271 on Friday.", {"cases": 517}),
        # Missing or abducted, displaced or evacuated people.
        ("Gunmen abducted 84 pupils from a boarding school.", {"missing": 84}),
        ("Twelve fishermen are missing after the storm.", {"missing": 12}),
        ("Rescuers evacuated 1,200 people from rooftops.", {"displaced": 1200}),
        ("About 30,000 people have fled the town.", {"displaced": 30000}),
        ("26,000 families were displaced.", {}),
        # Troops a country keeps somewhere are no deployment; troops sent are.
        ("Egypt, which has 5,100 troops in the region, condemned the coup.", {}),
        ("Egypt sent 5,100 troops to the border.", {"troops": 5100}),
    ],
)
def test_only_people_are_counted(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


def test_the_new_figure_columns_are_in_the_table() -> None:
    frame = table("Clinics in Kassala confirmed 517 cholera cases and 9 deaths.\n")
    row = frame[frame["place"] == "Kassala"].iloc[0]
    assert (row["cases"], row["killed"]) == (517, 9)
    assert pd.isna(row["missing"]) and pd.isna(row["displaced"])
    assert {DTYPES[c] for c in ("cases", "missing", "displaced")} == {"Int64"}


def test_a_table_saved_before_the_new_figures_still_validates() -> None:
    frame = table("Clinics in Kassala confirmed 517 cholera cases.\n")
    old = frame.drop(columns=["cases", "missing", "displaced"])
    back = validate(old)
    assert back["cases"].isna().all() and str(back["cases"].dtype) == "Int64"


@pytest.mark.parametrize(
    "sentence",
    [
        "Globally, 91 people have died of the fever, the agency said in Kassala.",
        "Worldwide, 40 people were killed in such attacks last year, Kassala officials said.",
        "At least 82 people were killed across two countries, including Sudan.",
    ],
)
def test_a_count_for_the_world_or_many_countries_goes_to_no_place(sentence: str) -> None:
    frame = table(f"{sentence}\n")
    assert len(frame) >= 1
    placed = frame[frame["place_basis"] != "unknown"]
    assert len(placed) >= 1
    assert placed["killed"].isna().all()
    # Issue 13: the count is kept on one row of no single place, drawn nowhere (before:
    # lost, no row held it).
    nowhere = frame[frame["place_basis"] == "unknown"]
    assert len(nowhere) == 1 and nowhere["lat"].isna().all()
    assert nowhere["killed"].iloc[0] == int(re.search(r"\d+", sentence)[0])


def test_a_count_goes_neither_to_a_demonym_nor_to_the_dateline() -> None:
    frame = table("Sudanese jets killed 12 people near a market, witnesses said.\n")
    assert frame["killed"].isna().all()
    frame = table("KASSALA, March 31 (Wire) - At least 40 people are missing after a "
                  "landslide in eastern Sudan, officials said.\n")
    counted = frame[frame["missing"].notna()]
    assert list(counted["place"]) == ["Sudan"]
    assert list(counted["missing"]) == [40]


def test_a_national_count_goes_to_the_country_and_never_to_a_town() -> None:
    frame = table("Officials in Kassala said 300 people have died nationwide in Sudan.\n")
    counted = frame[frame["killed"].notna()]
    assert list(counted["place"]) == ["Sudan"] and list(counted["killed"]) == [300]
    # No country named: the nation's count is put on no town.
    frame = table("Officials in Kassala said 300 people have died across the country.\n")
    assert frame["killed"].isna().all()
    # A town's own count stays the town's.
    frame = table("In Kassala 12 people died, officials in Sudan said.\n")
    assert list(frame[frame["killed"].notna()]["place"]) == ["Kassala"]


def test_a_count_beside_places_joined_in_a_list_is_their_total_and_goes_to_no_place() -> None:
    frame = table("Floods in Kassala and Gedaref killed 30 people, officials said.\n")
    assert len(frame) == 2
    assert frame["killed"].isna().all()
    # A town and its country are no list: the town keeps its own count.
    frame = table("Floods killed 30 people in Kassala, Sudan, officials said.\n")
    counted = frame[frame["killed"].notna()]
    assert list(counted["place"]) == ["Kassala"] and list(counted["killed"]) == [30]


def test_a_place_that_owns_the_building_takes_no_count() -> None:
    frame = table("Six people were killed outside the Sudan embassy, police said.\n")
    assert list(frame["place"]) == ["Sudan"]
    assert frame["killed"].isna().all()


def test_counts_said_to_be_there_stay_on_the_place_they_follow() -> None:
    frame = table("Sudan has seen weeks of unrest.\n\nGunmen attacked a market in Kassala "
                  "on Monday. At least 9 people were killed there, officials said.\n")
    counted = frame[frame["killed"].notna()]
    assert list(counted["place"]) == ["Kassala"] and list(counted["killed"]) == [9]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # An aside between the people and the verb.
        ("Eight people, including three children, were killed.", {"killed": 8}),
        # Two groups under one verb are summed; soldiers killed are no deployment.
        ("Three police officers and two civilians were killed.", {"killed": 5}),
        ("On Monday, at least 18 officers and 26 rioters were killed.", {"killed": 44}),
        ("Police said 3 officers and 12 protesters were injured.", {"injured": 15}),
    ],
)
def test_counts_with_an_aside_or_two_groups(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # A range is not two groups; the upper bound is read, as before.
        ("Between 10 and 12 people were killed, officials said.", {"killed": 12}),
        # A first group another verb counts, or that names no people, is not added.
        ("Rebels killed 3 soldiers and 12 civilians were wounded.",
         {"killed": 3, "injured": 12}),
        ("Rebels attacked 3 villages and 12 people were killed.", {"killed": 12}),
        ("Egypt sent 3,000 troops and 12 soldiers were killed.",
         {"troops": 3000, "killed": 12}),
        ("More than 100 people died, eight of them Americans and over 1,000 injured.",
         {"killed": 100, "injured": 1000}),
    ],
)
def test_what_is_no_second_group_is_not_summed(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # The people named once for the first verb are left out after the second.
        ("Gunmen shelled a market in Kassala, killing four civilians and wounding seven, "
         "witnesses said.", {"killed": 4, "injured": 7}),
        ("The blast killed 3 soldiers and injured nine.", {"killed": 3, "injured": 9}),
        ("Raiders killed five villagers and abducted 12.", {"killed": 5, "missing": 12}),
    ],
)
def test_a_count_whose_people_the_sentence_named_before_is_counted(
    passage: str, expected: dict[str, int]
) -> None:
    assert figures(passage) == expected


@pytest.mark.parametrize(
    "passage",
    [
        # A number after the verb that counts no people stays no count.
        "Police arrested him 3 times.",
        "The frost killed 40% of the crop.",
        "He was jailed for 10 years, officials said.",
        # Nor is part of a number that counts something else.
        "Fighting has displaced about 4,000 families from villages.",
        "The storm evacuated 1.5 tonnes of stores.",
    ],
)
def test_a_number_after_the_verb_that_counts_no_one_is_no_count(passage: str) -> None:
    assert figures(passage) == {}


def test_an_elided_count_reaches_the_table() -> None:
    frame = table("Gunmen shelled a market in Kassala, killing four civilians and wounding "
                  "seven, witnesses said.\n")
    row = frame[frame["place"] == "Kassala"].iloc[0]
    assert (row["killed"], row["injured"]) == (4, 7)


def test_a_count_goes_to_the_place_a_possessive_country_locates() -> None:
    # "Sudan's Kassala" names Kassala; Sudan only says where it is.
    frame = table("A cholera outbreak has killed 38 people in Sudan's Kassala state since "
                  "May, the health ministry said.\n")
    counted = frame[frame["killed"].notna()]
    assert list(counted["place"]) == ["Kassala"] and list(counted["killed"]) == [38]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # A death toll whose number a comma follows (before: no killed figure at all).
        ("The death toll from the storm climbed to 2,316, and more than 800 people were "
         "injured.", {"killed": 2316, "injured": 800}),
        ("The death toll in the province reached 305, the governor said.", {"killed": 305}),
        # A comma inside the number is still part of it.
        ("The death toll stood at 1,600 on Sunday.", {"killed": 1600}),
    ],
)
def test_a_death_toll_before_a_comma_is_read(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # The day of a date counts nobody (before: killed 8, the day of "August 8").
        ("The death toll in Kassala since August 8 has passed 160: 164 people have died and "
         "36 are missing.", {"killed": 164, "missing": 36}),
        ("The death toll since 8 August stood at 41.", {}),
        ("The death toll since Sept. 3 reached 12, officials said.", {}),
        # A month name does not hide a count beside it, and "may" is no month.
        ("Police detained 12 people on May 5.", {"detained": 12}),
        ("As many as 30 may have died.", {"killed": 30}),
    ],
)
def test_the_day_of_a_date_is_no_count(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


def test_a_date_day_reaches_no_row_as_a_toll() -> None:
    frame = table("Floods swept through Kassala.\n\nThe death toll in Kassala since August 8 "
                  "has risen, officials said.\n")
    assert frame["killed"].isna().all()


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # The minutes of a live-blog stamp count nobody (issue 13, sixth round: "09:25 Most
        # of the dead ..." gave killed 25 before the 875 of the sentence).
        ("09:25 Most of the dead are in the valley and in the hills north of Kassala, where "
         "police say 875 people have died.", {"killed": 875}),
        ("14:40 Many of the injured were taken to Kassala.", {}),
        # A count after a stamp is still read.
        ("10:05 Police detained 12 people in Kassala.", {"detained": 12}),
    ],
)
def test_a_clock_time_is_no_count(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected


def test_bodies_found_are_people_killed_and_other_bodies_are_no_count() -> None:
    # Issue 13, seventh round (a held-back live blog: "two more bodies had been found near
    # Karditsa"); before: no count.
    assert figures("The fire service said two more bodies had been found near Gedaref.") == {
        "killed": 2}
    assert figures("In Kassala, 220 bodies have been recovered from the rubble.") == {
        "killed": 220}
    assert figures("Two government bodies in Kassala approved the plan.") == {}
    assert figures("Three bodies of water near Kassala dried up.") == {}


def test_a_count_between_a_country_and_its_town_goes_to_the_town() -> None:
    # Issue 13, seventh round ("In Turkey two people died in Istanbul"); before: the
    # country, the place nearest the count, drawn at its centroid.
    frame = table("In Sudan two people died in Kassala on Tuesday.\n")
    counted = frame[frame["killed"].notna()]
    assert list(counted["place"]) == ["Kassala"] and list(counted["killed"]) == [2]
    # A count told before both stays with the country's town only when it follows the
    # country: "12 people died in Sudan" names no town.
    frame = table("Twelve people died in Sudan, officials in Kassala said.\n")
    assert list(frame[frame["killed"].notna()]["place"]) == ["Sudan"]
    # A town after a comma is where it was said, not where it happened.
    frame = table("In Sudan 5 people died, the ministry in Kassala said.\n")
    assert list(frame[frame["killed"].notna()]["place"]) == ["Sudan"]


@pytest.mark.parametrize(
    ("passage", "expected"),
    [
        # Tens and a unit in words: before, the unit alone was read ("Forty-four" -> 4) or
        # "one" was left out ("Twenty-one" -> nothing).
        ("Forty-four people were killed when the dam gave way.", {"killed": 44}),
        ("Twenty-one miners were injured in the blast.", {"injured": 21}),
        ("Police said they had detained sixty seven protesters.", {"detained": 67}),
        # A reading on a scale is no count: before, "magnitude 7 killed" gave killed=7.
        ("An earthquake of magnitude 7 killed 3 people in the valley.", {"killed": 3}),
        ("A category 4 cyclone killed 20 people on the coast.", {"killed": 20}),
        ("The magnitude 6 aftershock killed two people.", {"killed": 2}),
    ],
)
def test_counts_in_words_and_scale_readings(passage: str, expected: dict[str, int]) -> None:
    assert figures(passage) == expected
