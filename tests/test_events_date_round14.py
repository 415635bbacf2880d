"""Issue 13, session 14: dates by class, from the date misses of the bl14 development set
("this year" past the article's date, "On Monday" after a relative clause with no comma,
the lede's "said on Monday that ... over the weekend", "the same day" inside a sentence).

Sentences and places are written for these tests (invented happenings); places come from
the hand-made geoparser of ``test_events_date_scope``, dates from the real date finder. The
article is dated Wednesday 31 March 2021. Each assertion names what the code before this
round gave.
"""

from __future__ import annotations

import pandas as pd
from test_events_date_scope import MONDAY, SATURDAY, SUNDAY, WEDNESDAY, days, row, table


def test_this_year_of_a_past_count_ends_on_the_articles_day() -> None:
    frame = table("That brings the number of cholera cases recorded in Kassala this year "
                  "to 310, the ministry said.\n")
    # Before: the whole of 2021, nine months past the article's day.
    assert days(frame, "Kassala") == (pd.Timestamp("2021-01-01"), WEDNESDAY)
    frame = table("Clinics in Gedaref have treated 90 people for burns so far this month.\n")
    assert days(frame, "Gedaref") == (pd.Timestamp("2021-03-01"), WEDNESDAY)


def test_this_year_of_a_plan_keeps_the_whole_year() -> None:
    frame = table("Kassala will hold a vote on the new dam this year, the governor said.\n")
    if "Kassala" in set(frame["place"]):  # a plan may be no row at all
        assert days(frame, "Kassala")[1] == pd.Timestamp("2021-12-31")


def test_a_relative_clause_with_no_comma_ends_at_the_main_verb() -> None:
    frame = table("In Sennar, two guards who had beaten a prisoner in Kassala were arrested "
                  "on Monday after a complaint.\n")
    # Before: the article's day (the clause "who had ... on Monday" ran to the sentence's
    # end, so Monday was taken for the guards' beating, not their arrest).
    assert days(frame, "Sennar") == (MONDAY, MONDAY)
    # A clause about a person with one verb still keeps its day to itself.
    frame = table("Crowds marched in Gedaref, chanting the name of a student who was shot "
                  "dead there on Tuesday.\n")
    assert days(frame, "Gedaref") == (WEDNESDAY, WEDNESDAY)


def test_the_lede_carries_the_day_of_its_happening_not_of_its_saying() -> None:
    frame = table("The army said on Tuesday that its troops had shelled rebel positions "
                  "around Kassala over the weekend.\n\n"
                  "Residents who fled Gedaref said the shells hit a school and a clinic.\n")
    # Before: Tuesday, the day the army spoke.
    assert days(frame, "Gedaref") == (SATURDAY, SUNDAY)
    assert row(frame, "Gedaref")["date_basis"] == "carried"
    assert days(frame, "Kassala") == (SATURDAY, SUNDAY)


def test_the_same_day_inside_a_sentence_takes_the_last_day_told() -> None:
    frame = table("Gunmen attacked a checkpoint in Kassala on Sunday. The road has been "
                  "closed since then.\n\n"
                  "A bomb hit a bus near Gedaref the same day, killing four people.\n")
    # Before: the article's day ("the same day" was read only at a sentence's start, and
    # the present-tense sentence between gave nothing).
    assert days(frame, "Gedaref") == (SUNDAY, SUNDAY)
    assert row(frame, "Gedaref")["date_basis"] == "carried"
    # A past happening between, dated by the article's day, still gives nothing to carry.
    frame = table("Soldiers fired into side streets in Kassala on Sunday.\n\n"
                  "Traders in Sennar counted their losses.\n\n"
                  "Men set fire to ten factories in Gedaref the same day.\n")
    assert days(frame, "Gedaref") == (WEDNESDAY, WEDNESDAY)


def test_the_date_of_a_compared_figure_is_no_date_of_the_happening() -> None:
    frame = table("Cholera cases in Kassala rose to 410, from 260 a week earlier, the ministry "
                  "said.\n")
    # Before: a week before the article's day (the day of the figure compared with).
    assert days(frame, "Kassala") == (WEDNESDAY, WEDNESDAY)
    frame = table("Deaths in Kassala fell to 12 on Monday, down from a record 31 in 2019.\n")
    assert days(frame, "Kassala") == (MONDAY, MONDAY)


def test_the_year_of_a_record_beaten_is_no_date_of_the_happening() -> None:
    frame = table("The river rose to 16 metres on Monday, above the record set in 1988, and "
                  "water covered the market in Gedaref. Flights to Sennar were suspended.\n")
    # Before: 1988 for both (the nearest expression, then carried).
    assert days(frame, "Gedaref") == (MONDAY, MONDAY)
    assert days(frame, "Sennar") == (MONDAY, MONDAY)


def test_people_taken_from_places_on_a_day_keep_the_day() -> None:
    frame = table("Boats took 40 people from 12 villages near Kassala on Monday.\n")
    assert days(frame, "Kassala") == (MONDAY, MONDAY)


def test_before_the_storm_hit_takes_the_day_the_storm_hit() -> None:
    frame = table("Cyclone Idai made landfall near Kassala on Sunday night, tearing roofs off "
                  "homes.\n\n"
                  "More than 5,000 people were evacuated from villages around Gedaref before the "
                  "storm hit, officials said.\n")
    # Before: the article's day (the lede is a disaster, the sentence a flight).
    assert days(frame, "Gedaref") == (SUNDAY, SUNDAY)
    assert row(frame, "Gedaref")["date_basis"] == "carried"


def test_when_the_storm_came_ashore_in_a_live_blog_takes_the_landfall_day() -> None:
    frame = table("Live coverage of the floods after Cyclone Idai, which made landfall in "
                  "eastern Sudan on Sunday. Thousands are still missing.\n\n"
                  "09:00 - In Gedaref, 300 homes lost their roofs when the storm came ashore, "
                  "officials said.\n\n"
                  "10:00 - In Sennar, aid trucks reached a camp for 2,000 people.\n")
    # Before: the article's day (present-tense sentences between stop the lede's day).
    assert days(frame, "Gedaref") == (SUNDAY, SUNDAY)
    # An entry that does not refer to the landfall keeps the article's day.
    assert days(frame, "Sennar") == (WEDNESDAY, WEDNESDAY)


def test_a_month_named_or_a_week_planned_keeps_its_whole_period() -> None:
    frame = table("A meeting of donors in Kassala is scheduled for this week.\n")
    if "Kassala" in set(frame["place"]):
        assert days(frame, "Kassala")[1] == pd.Timestamp("2021-04-04")
    frame = table("Gedaref hosts the national games in 2021.\n")
    assert days(frame, "Gedaref") == (pd.Timestamp("2021-01-01"), pd.Timestamp("2021-12-31"))


def test_a_period_compared_with_is_dropped_whole() -> None:
    frame = table("Thefts fell to 57 this year, down from 79 in January and February 2019, "
                  "police in Kassala said.\n")
    # Before: February 2019 (the second half of the period compared with).
    assert days(frame, "Kassala") == (pd.Timestamp("2021-01-01"), WEDNESDAY)
