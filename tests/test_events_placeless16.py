"""Issue 13, session 16 (wt-ih19): a sentence naming no place whose subject is the national
government (the government, a ministry, the president, the prime minister) and whose
paragraph or live-blog entry names no event place is a national act: it goes to the country
(``place_basis`` "national"), not to the article's main place, which is a city or region
of the story. Counted in five development sets (a prime minister's relief money in a live
blog, a president's shelter promise, a ministry's ban, a government's emergency and appeal);
the sentences below are own prose about invented happenings.

Hand-made place and date finders (no gazetteer), as in ``test_events_placeless.py``."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from sitmap.events import build_events
from sitmap.ingest import article_from_text
from sitmap.model import Place, TimeExpr, Toponym

PLACES = {
    "Veltra": Place("gn:9000001", "Veltra", 10.5, 20.5, "NL", "city", geonameid=9000001),
    "Ostrava Nova": Place("gn:9000002", "Ostrava Nova", 11.5, 21.5, "NL", "city"),
    "Norland": Place("gn:9000003", "Norland", 11.0, 21.0, "NL", "country"),
}
PUBLISHED = dt.date(2031, 5, 8)


class Finder:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [Toponym(m.start(), m.end(), name, place, 0.9)
                for name, place in PLACES.items() for m in re.finditer(rf"\b{name}\b", text)]


def find_dates(
    text: str, *, reference: dt.date | None, language: str = "en"
) -> list[TimeExpr]:
    return [TimeExpr(m.start(), m.end(), m.group(), dt.date(2031, 5, 7), dt.date(2031, 5, 7),
                     "day", "explicit") for m in re.finditer("May 7", text)]


def table(text: str) -> pd.DataFrame:
    art = article_from_text("a1", text, published=PUBLISHED, source="a1")
    return build_events([art], geoparser=Finder(), find_dates=find_dates)


def row_of(frame: pd.DataFrame, words: str) -> pd.Series:
    rows = frame[frame["passage"].str.contains(words, regex=False) & (frame["role"] == "event")]
    assert len(rows) == 1, frame[["passage", "place", "place_basis"]]
    return rows.iloc[0]


STORY = (
    "Floods in Veltra\n\n"
    "Floodwater swept through Veltra on May 7. Hundreds of homes were flooded in Veltra.\n\n"
    "The weather office of Norland had warned of the storm.\n\n"
    "The government declared a week of national emergency and appealed for foreign help.\n\n"
    "The interior ministry banned all travel on mountain roads until Sunday.\n\n"
    "President Arvo Lindqvist said the state would pay to rebuild the flooded homes.\n\n"
    "Shops were looted overnight.\n\n"
    "Rescuers pulled a family from a roof, the interior ministry said.\n\n"
    "The regional government closed the coast road for a week.\n\n"
    "Government aircraft bombed a bridge overnight.\n"
)


def test_a_national_actors_act_with_no_place_in_its_paragraph_goes_to_the_country() -> None:
    frame = table(STORY)
    for words in ("The government declared", "The interior ministry banned",
                  "President Arvo Lindqvist said"):
        row = row_of(frame, words)
        assert (row["place"], row["place_basis"]) == ("Norland", "national"), words


def test_other_subjects_and_a_ministry_only_quoted_keep_the_articles_main_place() -> None:
    frame = table(STORY)
    for words in ("Shops were looted", "Rescuers pulled a family",
                  "The regional government closed", "Government aircraft bombed"):
        row = row_of(frame, words)
        assert (row["place"], row["place_basis"]) == ("Veltra", "article"), words


def test_a_live_blog_entry_opening_with_the_prime_minister_is_national() -> None:
    text = (
        "Veltra storm live\n\n"
        "09:10 - Floodwater swept through Veltra on May 7 and cut the coast road.\n\n"
        "09:40 - The weather office of Norland had warned of the storm.\n\n"
        "10:40 - The prime minister said the government would send more troops by sea.\n\n"
        "11:05 - Shops were looted overnight.\n"
    )
    frame = table(text)
    assert (row_of(frame, "The prime minister said")[["place", "place_basis"]].tolist()
            == ["Norland", "national"])
    assert row_of(frame, "Shops were looted")["place"] == "Veltra"


def test_the_act_stays_on_the_paragraphs_event_place_when_there_is_one() -> None:
    text = (
        "Floods in Veltra\n\n"
        "Floodwater swept through Veltra on May 7. Hundreds of homes were flooded in Veltra.\n\n"
        "The weather office of Norland had warned of the storm.\n\n"
        "Floodwater cut the coast road in Veltra. "
        "The government ordered all schools in the area shut.\n"
    )
    row = row_of(table(text), "The government ordered")
    assert (row["place"], row["place_basis"]) == ("Veltra", "inherited")


def test_a_national_actor_without_a_named_country_keeps_the_main_place() -> None:
    text = (
        "Floods in Veltra\n\n"
        "Floodwater swept through Veltra on May 7. Hundreds of homes were flooded.\n\n"
        "The government declared a week of emergency and appealed for foreign help.\n"
    )
    row = row_of(table(text), "The government declared")
    assert (row["place"], row["place_basis"]) == ("Veltra", "article")


# "the city", "the capital", "the region" in a sentence naming no place: the referent is the
# story's place of that kind (session 16; counted in bl13, bl14b and bl15: schools closed "in
# the capital", vendors banned "in the city", lines cut "in the city" after troops were
# flown in from another city, lines cut "across the region"), not the last place named nor
# the article's main place of another kind.
REFERENT_PLACES = {
    "Sarvik": Place("gn:9000011", "Sarvik", 10.0, 20.0, "NL", "city", population=900_000),
    "Molde Bay": Place("gn:9000012", "Molde Bay", 12.0, 22.0, "NL", "city", population=40_000),
    "Eastmark": Place("gn:9000013", "Eastmark", 13.0, 23.0, "NL", "region"),
    "Norland": Place("gn:9000003", "Norland", 11.0, 21.0, "NL", "country"),
}


class ReferentFinder:
    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [Toponym(m.start(), m.end(), name, place, 0.9)
                for name, place in REFERENT_PLACES.items()
                for m in re.finditer(rf"\b{name}\b", text)]


def referent_table(text: str) -> pd.DataFrame:
    art = article_from_text("a2", text, published=PUBLISHED, source="a2")
    return build_events([art], geoparser=ReferentFinder(), find_dates=find_dates)


def test_the_city_is_the_storys_city_not_the_place_troops_came_from() -> None:
    text = (
        "Fighting in Sarvik\n\n"
        "Rebels attacked army posts in Sarvik on May 7. Shells hit the market in Sarvik.\n\n"
        "The army said reinforcements had been flown into Sarvik from Molde Bay. "
        "Phone lines in the city have been cut since the attack.\n"
    )
    row = row_of(referent_table(text), "Phone lines in the city")
    assert (row["place"], row["place_basis"]) == ("Sarvik", "inherited")


def test_the_capital_is_the_largest_city_of_the_story_not_the_country() -> None:
    text = (
        "Unrest in Norland\n\n"
        "Protesters clashed with police in Molde Bay on May 7. Crowds marched in Sarvik.\n\n"
        "Protests spread across Norland on Friday.\n\n"
        "Schools were closed in the capital until further notice.\n"
    )
    row = row_of(referent_table(text), "Schools were closed in the capital")
    assert (row["place"], row["place_basis"]) == ("Sarvik", "inherited")


def test_across_the_region_is_the_storys_region_before_a_state_of_emergency() -> None:
    text = (
        "Clashes in Eastmark\n\n"
        "Militias attacked villages in Eastmark on May 7. Fighting went on in Eastmark, "
        "Norland's eastern region.\n\n"
        "Internet lines were cut across the region, which has been under a state of emergency "
        "since March.\n"
    )
    row = row_of(referent_table(text), "Internet lines were cut")
    assert (row["place"], row["place_basis"]) == ("Eastmark", "inherited")


def test_a_sentence_without_such_a_referent_is_unchanged() -> None:
    text = (
        "Fighting in Sarvik\n\n"
        "Rebels attacked army posts in Sarvik on May 7. Shells hit the market in Sarvik.\n\n"
        "The army said reinforcements had been flown into Sarvik from Molde Bay. "
        "Phone lines have been cut since the attack.\n"
    )
    row = row_of(referent_table(text), "Phone lines have been cut")
    assert row["place_basis"] == "inherited"
    assert row["place"] in {"Sarvik", "Molde Bay"}


def test_a_national_actor_in_a_town_the_gazetteer_lacks_keeps_the_main_place() -> None:
    text = (
        "Floods in Veltra\n\n"
        "Floodwater swept through Veltra on May 7. Hundreds of homes were flooded in Veltra.\n\n"
        "The weather office of Norland had warned of the storm.\n\n"
        "The government opened 12 shelters and began handing out blankets in Kessel Falls.\n"
    )
    row = row_of(table(text), "The government opened")
    assert (row["place"], row["place_basis"]) == ("Veltra", "article")
