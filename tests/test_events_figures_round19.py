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
