"""Figures, session 16 (issue 13; classes of ``tests/benchmarks/figure_misses.py`` seen in at
least two development sets).

* A past disaster's toll told with the disaster's date in a clause about it ("Storm X, which
  struck the coast in August 2019, killed 27 people"; "A 2017 outbreak ... killed 14 people
  before it was declared over in March of that year") is background: no row, no figure.
  The same clause dated this week, or a running total in the present perfect, stays.
* Troops sent "to the region", "to the state" (the story's place named again by its kind)
  go to the story's place even when a national ministry says so, not to the country.

Every sentence is written for these tests; places are invented (hand-made finders), dates
are read by sitmap's own date finder."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from sitmap.events import build_events
from sitmap.ingest import article_from_text
from sitmap.model import Place, Toponym

PLACES = {
    "Veltra": Place("gn:9000001", "Veltra", 10.5, 20.5, "NL", "city", geonameid=9000001),
    "Brisk": Place("gn:9000004", "Brisk", 10.7, 20.9, "NL", "city", geonameid=9000004),
    "Ostmark": Place("gn:9000005", "Ostmark", 10.9, 20.7, "NL", "region"),
    "Norland": Place("gn:9000003", "Norland", 11.0, 21.0, "NL", "country"),
}


class Finder:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [Toponym(m.start(), m.end(), name, place, 0.9)
                for name, place in PLACES.items()
                for m in re.finditer(rf"\b{name}\b", text)]


def table(text: str) -> pd.DataFrame:
    art = article_from_text("r19", text, published=dt.date(2031, 5, 8), source="r19")
    return build_events([art], geoparser=Finder())


LEDE = "VELTRA, May 8 (Wire) - Floods swept through villages near Brisk on Thursday, " \
       "killing three people, officials said.\n\n"


def figures(frame: pd.DataFrame) -> list[tuple[str, int]]:
    """The (place, killed) of every row with a toll, in table order."""
    got = frame[frame["killed"].notna()]
    return [(str(p), int(k)) for p, k in zip(got["place"], got["killed"], strict=True)]


@pytest.mark.parametrize("past", [
    "Storm Ilse, which struck the same valley in August 2019, killed 27 people.",
    "Cyclone Ama, which hit Brisk in March 2024, killed 27 people and left 900 homeless.",
    "The 2019 flood, which swept the same valley, killed 27 people.",
    "A 2017 outbreak near Brisk killed 27 people before it was declared over in March of "
    "that year.",
    "An earlier epidemic in 2015 killed 27 people in Ostmark before it ended in June of "
    "that year.",
])
def test_a_past_disasters_toll_is_no_figure(past: str) -> None:
    """Before: the 27 were a row of the story (at Brisk or at the inherited place)."""
    assert figures(table(LEDE + past + "\n")) == [("Brisk", 3)]


@pytest.mark.parametrize("now", [
    "The storm, which reached Brisk on Wednesday, killed 27 people.",
    "The floods, which began on Sunday, have killed 27 people in Brisk.",
    "The fighting, which began in 2014, has killed 27 people in Brisk this year.",
])
def test_the_storys_own_toll_told_with_a_clause_stays(now: str) -> None:
    assert figures(table(LEDE + now + "\n")) == [("Brisk", 3), ("Brisk", 27)]


# The story's region, a town in it, and the country named (so a ministry's count can be
# the nation's).
TROOPS_LEDE = ("VELTRA, May 8 (Wire) - Floods swept through Ostmark on Thursday, killing "
               "three people, Norland's disaster agency said.\n\nIn Brisk, the floods "
               "destroyed 40 houses overnight.\n\n")


@pytest.mark.parametrize(("sent", "place"), [
    ("The defence ministry said it had sent 1,300 soldiers and 40 boats to the region.",
     "Ostmark"),
    ("The defence ministry said it had deployed 1,300 troops to the province on Friday.",
     "Ostmark"),
    ("The government said it had flown 1,300 soldiers to the state.", "Ostmark"),
    ("It sent 1,300 soldiers to help with the search, the defence ministry said.", "Brisk"),
    ("The government said it had deployed 1,300 troops to assist the rescue teams.",
     "Brisk"),
])
def test_troops_sent_to_the_storys_place(sent: str, place: str) -> None:
    """Troops sent to the story's place named by its kind (the region), or sent to help
    there (the place of the happening they help with). Before: the troops were Norland's
    (a ministry as the source makes a count national)."""
    frame = table(f"{TROOPS_LEDE}{sent}\n")
    got = frame[frame["troops"].notna()]
    assert [(str(p), str(b), int(t), str(c)) for p, b, t, c in zip(
        got["place"], got["place_basis"], got["troops"], got["category"], strict=True)] == [
        (place, "inherited", 1300, "military deployment")]


def test_troops_a_ministry_counts_for_the_country_stay_national() -> None:
    frame = table(f"{TROOPS_LEDE}The defence ministry said it had put 1,300 soldiers on "
                  "alert across the country.\n")
    got = frame[frame["troops"].notna()]
    assert [(str(p), int(t)) for p, t in zip(got["place"], got["troops"], strict=True)] == [
        ("Norland", 1300)]


@pytest.mark.parametrize(("sentence", "town"), [
    ("Armed men attacked villages around Brisk in the north of Norland on May 7, burning "
     "houses and killing at least 19 civilians, officials said.", "Brisk"),
    ("A dam burst above the town of Brisk in Norland's Ostmark region on May 7, sweeping "
     "away homes and killing at least 19 people.", "Brisk"),
])
def test_a_count_after_a_town_and_the_region_that_locates_it_is_the_towns(
        sentence: str, town: str) -> None:
    """Before: the 19 went to the region or the country named right before the count."""
    frame = table(f"{sentence}\n")
    assert figures(frame) == [(town, 19)]


@pytest.mark.parametrize("sentence", [
    "Floods reached Brisk on May 7 and killed 19 people in Ostmark.",
    "Floods reached Brisk on May 7 and went on into Ostmark, killing 19 people.",
])
def test_a_count_told_for_the_region_itself_stays_the_regions(sentence: str) -> None:
    assert figures(table(f"{sentence}\n")) == [("Ostmark", 19)]


@pytest.mark.parametrize(("sentence", "killed"), [
    ("The death toll from the magnitude 6.4 earthquake that struck Ostmark before dawn on "
     "Tuesday rose to 58 on Thursday, officials said.", 58),
    ("The number of people killed by a 5.9-magnitude quake near Brisk on Tuesday has risen "
     "to 17, the governor said.", 17),
])
def test_a_toll_told_after_the_quakes_magnitude(sentence: str, killed: int) -> None:
    """Before: no toll (the magnitude's digits stopped the search for the verb)."""
    assert [k for _, k in figures(table(f"{sentence}\n"))] == [killed]


def test_a_magnitude_is_no_toll() -> None:
    frame = table("A magnitude 6.1 aftershock struck Brisk on May 7, and a 5.2-magnitude "
                  "tremor hit Ostmark, where the toll had risen to nine.\n")
    assert figures(frame) == [("Ostmark", 9)]


# People taken off roofs, put up in shelters, told to leave: displaced (evacuated), as the
# gold guide has them (c16, c17, bl12, bl13, bl15).
@pytest.mark.parametrize(("sentence", "displaced"), [
    ("Soldiers in boats took about 850 residents off the roofs of their houses in Brisk on "
     "May 7.", 850),
    ("A navy helicopter lifted 64 people from rooftops in Brisk on May 7.", 64),
    ("Firefighters plucked 31 villagers off balconies in Brisk on May 7.", 31),
    ("In Brisk, about 2,600 people spent Wednesday in schools and a mosque after the river "
     "rose on May 7.", 2600),
    ("About 700 people were put up overnight in two gyms in Brisk on May 7.", 700),
    ("In Brisk, 4,100 people are sleeping in nine sites since May 7, the council said.", 4100),
    ("The governor ordered some 9,000 residents of Brisk, further down the valley, to leave "
     "their homes on May 7.", 9000),
    ("Police told about 1,200 people living by the river in Brisk to evacuate at once on "
     "May 7.", 1200),
])
def test_people_taken_off_roofs_or_sheltered_or_told_to_leave(sentence: str,
                                                              displaced: int) -> None:
    """Before: no figure."""
    got = table(f"{sentence}\n")
    got = got[got["displaced"].notna()]
    assert [(str(p), int(d)) for p, d in zip(got["place"], got["displaced"], strict=True)] == [
        ("Brisk", displaced)]


@pytest.mark.parametrize("sentence", [
    "Workers took 40 tonnes of rubble off the roofs in Brisk on May 7.",
    "About 300 people spent Wednesday in meetings in Brisk on May 7.",
    "The council ordered 12 officials in Brisk to leave the talks on May 7.",
    "Police ordered 60 protesters in Brisk to disperse on May 7.",
    "Students spent May 7 in class in Brisk, and 200 people slept in their own beds.",
    "About 400 pupils spent the day in school in Brisk on May 7.",
    "The company told 300 workers in Brisk to leave their posts on May 7.",
])
def test_no_displaced_figure_for_other_words(sentence: str) -> None:
    got = table(f"{sentence}\n")
    assert got["displaced"].isna().all()


@pytest.mark.parametrize(("sentence", "column", "value"), [
    ("Two hundred people were killed in Brisk on May 7.", "killed", 200),
    ("Police in Brisk detained three hundred protesters on May 7.", "detained", 300),
    ("In Brisk, rescuers took two to three hundred people off rooftops on May 7.",
     "displaced", 300),
])
def test_a_number_word_and_hundred_is_one_count(sentence: str, column: str,
                                                value: int) -> None:
    """Before: "Two hundred people" was 2 (the number word alone). Written after the fresh
    articles' second scoring showed "two to three hundred people" read as 3 (the issue's own
    example of a range read wrong)."""
    got = table(f"{sentence}\n")
    assert got[column].dropna().astype(int).tolist() == [value]


def titled(title: str, body: str) -> pd.DataFrame:
    """The table of an article whose text repeats its title as its first line, as wire
    copy pasted with its headline is."""
    art = article_from_text("r19h", f"{title}\n\n{body}\n", title=title,
                            published=dt.date(2031, 5, 8), source="r19")
    return build_events([art], geoparser=Finder())


def test_a_headlines_count_told_again_in_the_story_is_the_storys() -> None:
    """Before: the headline made a second row with the lede's 14 dead (c17, c18: the gold
    has no event on a headline); the map drew 28."""
    frame = titled("Attack on army base near Brisk kills 14",
                   "VELTRA, May 8 (Wire) - Gunmen attacked an army base near Brisk on May 7, "
                   "killing at least 14 soldiers, officials said.")
    assert figures(frame) == [("Brisk", 14)]
    head = frame["passage"].str.startswith("Attack on army base")
    assert head.any() and frame.loc[head, "killed"].isna().all()


def test_a_headlines_count_the_story_does_not_tell_stays() -> None:
    frame = titled("Attack on army base near Brisk kills 14",
                   "VELTRA, May 8 (Wire) - Gunmen attacked an army base near Brisk on May 7, "
                   "officials said.")
    assert figures(frame) == [("Brisk", 14)]
