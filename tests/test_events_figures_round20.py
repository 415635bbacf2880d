"""Figures, session 17 (issue 13; classes of ``tests/benchmarks/figure_class_table.py`` seen
in at least two development sets).

* A toll a sentence raises ("..., raising the toll from the landslide to 31"; "bringing the
  death toll in the capital to 19"; "raised the toll from two days of fighting to 27
  dead") is the sentence's killed figure, not the few "more" who died (bl15, fg19; bl16).
* A toll told again in a paragraph of its own right after the lede ("The toll had stood at
  nine on Thursday morning.") continues the town the lede named inside its region, not
  the country (bl15, bl16).
* Troops flown "from X to Y" are Y's, not X's (c17; with bl15's and the gold set's troops,
  the class "troops given to the sender, not where they went").

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
    "Veltra": Place("gn:9100001", "Veltra", 10.5, 20.5, "NL", "city", geonameid=9100001,
                    admin1="07"),
    "Brisk": Place("gn:9100004", "Brisk", 10.7, 20.9, "NL", "city", geonameid=9100004,
                   admin1="05"),
    "Kellen": Place("gn:9100006", "Kellen", 10.8, 20.8, "NL", "city", geonameid=9100006,
                    admin1="05"),
    "Ostmark": Place("ne1:NL-9105", "Ostmark", 10.9, 20.7, "NL", "region", admin1="05"),
    "Norland": Place("gn:9100003", "Norland", 11.0, 21.0, "NL", "country"),
}


class Finder:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return sorted((Toponym(m.start(), m.end(), name, place, 0.9)
                       for name, place in PLACES.items()
                       for m in re.finditer(rf"\b{name}\b", text)), key=lambda t: t.start)


def table(text: str) -> pd.DataFrame:
    art = article_from_text("r20", text, published=dt.date(2031, 5, 8), source="r20")
    return build_events([art], geoparser=Finder())


def counts(frame: pd.DataFrame, column: str = "killed") -> list[tuple[str, int]]:
    """The (place, count) of every row with ``column``, in table order."""
    got = frame[frame[column].notna()]
    return [(str(p), int(k)) for p, k in zip(got["place"], got[column], strict=True)]


@pytest.mark.parametrize(("sentence", "killed"), [
    ("Rescuers pulled two more bodies from the mud in Brisk on May 7, raising the toll from "
     "the landslide to 27, officials said.", 27),
    ("Four more people died in hospital in Brisk on May 7, bringing the death toll in the "
     "town to 15, the health office said.", 15),
    ("The health office raised the toll from three days of clashes in Brisk to 44 dead and "
     "130 wounded on May 7.", 44),
    ("Another body was found in Brisk on May 7, taking the toll to 12.", 12),
])
def test_a_toll_the_sentence_raises_is_its_killed_figure(sentence: str, killed: int) -> None:
    """Before: the few "more" who died (2, 4), or no toll at all (the verb before the
    toll)."""
    assert counts(table(f"{sentence}\n")) == [("Brisk", killed)]


@pytest.mark.parametrize(("sentence", "killed"), [
    ("Four people died in floods in Brisk on May 7, raising fears of more landslides.", 4),
    ("Two more people died in Brisk on May 7, and the road toll for the holiday rose.", 2),
])
def test_no_raised_toll_where_none_is_told(sentence: str, killed: int) -> None:
    assert counts(table(f"{sentence}\n")) == [("Brisk", killed)]


# The lede names the story's town inside its region; the dateline names the country.
NESTED = ("VELTRA, Norland, May 8 (Wire) - A landslide buried houses in the Ostmark town "
          "of Brisk late on Wednesday, killing at least 14 people, officials said.\n\n")


@pytest.mark.parametrize("again", [
    "The toll had stood at six on Thursday morning.",
    "The toll stood at six on Wednesday night.",
])
def test_a_toll_continuing_a_town_in_its_region_stays_on_the_town(again: str) -> None:
    """Before: the six went to Norland (several event places of one country)."""
    assert counts(table(NESTED + again + "\n")) == [("Brisk", 14), ("Brisk", 6)]


def test_two_towns_continued_still_give_the_country() -> None:
    frame = table("VELTRA, Norland, May 8 (Wire) - Floods swept through Brisk and Kellen "
                  "late on Wednesday, officials said.\n\nSix people were killed.\n")
    assert counts(frame) == [("Norland", 6)]


def test_a_town_and_a_region_it_is_not_in_still_give_the_country() -> None:
    frame = table("VELTRA, Norland, May 8 (Wire) - Floods swept through Ostmark and Veltra "
                  "late on Wednesday, officials said.\n\nSix people were killed.\n")
    assert counts(frame) == [("Norland", 6)]


@pytest.mark.parametrize("sentence", [
    "The mission said it had flown 300 troops from Veltra to Brisk on May 7.",
    "The army moved 300 soldiers from Veltra into Brisk on May 7.",
])
def test_troops_moved_from_one_place_to_another_are_the_destinations(sentence: str) -> None:
    """Before: the troops went to Veltra, where they came from."""
    assert counts(table(f"{sentence}\n"), "troops") == [("Brisk", 300)]


def test_a_national_total_raised_stays_the_nations() -> None:
    """A national total raised is no town's toll: the day's deaths stay as before."""
    frame = table("Norland reported 12 new deaths in Brisk on May 7, bringing the national "
                  "total to 900.\n")
    assert counts(frame) == [("Norland", 12)]


@pytest.mark.parametrize("again", [
    "The toll was six on Thursday morning.",
    "The district office had put the toll at six late on Wednesday.",
    "Rescuers had put the toll at six on Wednesday night.",
])
def test_an_earlier_toll_told_again_is_read(again: str) -> None:
    """An earlier toll in a paragraph of its own (bl14, bl14b, bl15, bl16, c19: "had put the
    toll at 14", "The toll was 21 a week ago"). Before: no figure."""
    assert counts(table(NESTED + again + "\n")) == [("Brisk", 14), ("Brisk", 6)]


@pytest.mark.parametrize("sentence", [
    "The toll road to Brisk was closed for 12 hours on May 7.",
    "The storm took its toll on 40 villages around Brisk on May 7.",
    "Officials in Brisk put the cost of the damage at 40 million on May 7.",
    "The toll in Brisk was heavy on May 7, and 30 houses were lost.",
])
def test_no_toll_read_from_other_words(sentence: str) -> None:
    assert counts(table(f"{sentence}\n")) == []


# The story's toll in the lede, then a town's own deaths, then the earlier toll told again.
TOLL_LEDE = ("VELTRA, May 8 (Wire) - The death toll from floods in Norland's Ostmark region "
             "rose to 31 on Thursday, officials said.\n\nIn Kellen, a bridge collapsed onto "
             "a bus, killing three people.\n\n")


@pytest.mark.parametrize("again", [
    "Earlier on Thursday the relief agency had put the toll at 22.",
    "The toll had stood at 22 on Wednesday night, the agency said.",
])
def test_an_earlier_toll_continues_the_storys_toll_not_the_last_town(again: str) -> None:
    """Before: the 22 went to Kellen, the last place named before it (c19, bl16)."""
    assert counts(table(TOLL_LEDE + again + "\n")) == [
        ("Ostmark", 31), ("Kellen", 3), ("Ostmark", 22)]


def test_more_deaths_without_a_toll_continue_the_last_town() -> None:
    assert counts(table(TOLL_LEDE + "Two more people died later.\n")) == [
        ("Ostmark", 31), ("Kellen", 3), ("Kellen", 2)]


@pytest.mark.parametrize(("sentence", "killed"), [
    ("In Brisk, firefighters found nine bodies in the mud on May 7.", 9),
    ("Rescuers recovered 12 more bodies from the river near Brisk on May 7.", 12),
    ("A doctor in Brisk said 17 bodies with stab wounds had been brought in since May 7.", 17),
    ("In Brisk, a wall fell on families sheltering in a school on May 7, killing six of "
     "them.", 6),
    ("A helicopter came down near Brisk on May 7, killing its four crew.", 4),
    ("A shell hit a temple near Brisk on May 7, killing three monks.", 3),
])
def test_bodies_found_and_the_killed_named_other_ways(sentence: str, killed: int) -> None:
    """Missed figures of two or more sets (bl13, bl14, bl15: bodies found or brought in;
    bl13, bl16: "killing four of them", "killing its three crew", monks). Before: no
    figure."""
    assert counts(table(f"{sentence}\n")) == [("Brisk", killed)]


@pytest.mark.parametrize("sentence", [
    "Two bodies, the council and the army, ran the relief effort in Brisk on May 7.",
    "Rescuers in Brisk found 40 cars buried in the mud on May 7.",
    "Divers in Brisk found 12 more boats on May 7, and their bodies were intact.",
])
def test_no_killed_figure_from_other_bodies(sentence: str) -> None:
    assert counts(table(f"{sentence}\n")) == []


def test_an_earlier_toll_told_again_is_the_storys_kind_of_happening() -> None:
    """The toll told again by an agency is the disaster's toll, not a statement or aid (c19,
    bl16: "the civil defence had put the toll at 11", "The Red Crescent had put ...")."""
    frame = table(TOLL_LEDE + "Earlier on Thursday the Red Crescent had put the toll at 22, "
                  "the civil defence said.\n")
    got = frame[frame["killed"] == 22]
    assert [(str(p), str(c)) for p, c in zip(got["place"], got["category"], strict=True)] == [
        ("Ostmark", "natural disaster")]


def test_an_earlier_toll_after_a_lede_read_as_a_rescue_keeps_its_own_kind() -> None:
    """A lede read as a rescue ("rescuers dig") lends its place, not its kind (c18)."""
    frame = table("VELTRA, May 8 (Wire) - Rescuers dug through rubble in Brisk on Thursday as "
                  "the death toll from the earthquake rose to 31, officials said.\n\nEarlier on "
                  "Thursday the toll had stood at 22.\n")
    got = frame[frame["killed"] == 22]
    assert [(str(p), str(c)) for p, c in zip(got["place"], got["category"], strict=True)] == [
        ("Brisk", "natural disaster")]


def test_a_toll_raised_for_both_happenings_is_no_single_places() -> None:
    """Found on text the rules were not written from (TBAQ: "That brought the toll for both
    bombings to 259."): the raised toll of two happenings belongs to neither place."""
    frame = table("VELTRA, May 8 (Wire) - A bomb killed 14 people in Brisk on May 7.\n\n"
                  "The death toll in the Kellen blast has risen to 12, officials said. That "
                  "brought the toll for both bombings to 26.\n")
    assert [(p, k) for p, k in counts(frame) if k == 26] == [("", 26)]


def test_a_ministrys_earlier_toll_is_the_storys_kind_too() -> None:
    """A ministry's toll told again goes to the nation as before, and is the disaster's toll,
    not a statement (bl15: "The ministry had put the toll at 14 late on Tuesday.")."""
    frame = table(TOLL_LEDE + "The interior ministry had put the toll at 22 late on "
                  "Wednesday.\n")
    got = frame[frame["killed"] == 22]
    assert [(str(p), str(c)) for p, c in zip(got["place"], got["category"], strict=True)] == [
        ("Norland", "natural disaster")]


def test_an_earlier_toll_after_a_rescue_lede_takes_the_articles_hazard() -> None:
    """The story's toll read as a rescue lends no kind; the toll told again is then the
    article's hazard's (bl15: "The ministry had put the toll at 14" was a statement)."""
    frame = table("VELTRA, Norland, May 8 (Wire) - Rescuers dug through rubble in Brisk on "
                  "Thursday as the death toll from the earthquake rose to 31, the interior "
                  "ministry said."
                  "\n\nThe ministry had put the toll at 22 late on Wednesday.\n\nThe earthquake "
                  "destroyed 300 houses in Kellen.\n")
    got = frame[frame["killed"] == 22]
    assert [(str(p), str(c)) for p, c in zip(got["place"], got["category"], strict=True)] == [
        ("Norland", "natural disaster")]
