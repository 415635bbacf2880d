"""Issue 13, seventh round: dates by class, from the rows still wrong on the held-back
articles of rounds g13d and g13e ("overnight", "Hours earlier, ...", "a day after a vote").

Sentences and places are written for these tests (invented happenings); places come from
the hand-made geoparser of ``test_events_date_scope``, dates from the real date finder. The
article is dated Wednesday 31 March 2021. Each assertion names what the code before this
round gave.
"""

from __future__ import annotations

from test_events_date_scope import MONDAY, SUNDAY, TUESDAY, WEDNESDAY, days, row, table


def test_overnight_is_the_night_before_the_articles_day() -> None:
    frame = table("Police fired tear gas at protesters in Kassala on Sunday.\n\n"
                  "Rain flooded a camp in Gedaref overnight, forcing families to move into a "
                  "school.\n\n"
                  "An overnight curfew was imposed in Sennar on Monday.\n")
    # Before: Sunday, carried from the sentence before (a happening three days earlier).
    assert days(frame, "Gedaref") == (TUESDAY, WEDNESDAY)
    assert row(frame, "Gedaref")["date_text"] == "overnight"
    assert days(frame, "Kassala") == (SUNDAY, SUNDAY)
    # "An overnight curfew" names no night: the curfew keeps its Monday.
    assert days(frame, "Sennar") == (MONDAY, MONDAY)


def test_overnight_is_the_night_before_the_day_the_sentence_tells_from() -> None:
    frame = table("Police fired rubber bullets in Sennar overnight, and one man was killed, "
                  "the ministry said on Monday.\n")
    # Before: Monday alone (the night of Sunday was left out).
    assert days(frame, "Sennar") == (SUNDAY, MONDAY)


def test_overnight_after_a_day_in_another_clause_keeps_that_day() -> None:
    frame = table("Police fired rubber bullets in Sennar overnight, the ministry said on "
                  "Monday.\n\n"
                  "In Gedaref, where a student was shot on Sunday, crowds burned tyres "
                  "overnight.\n")
    # Before: Monday alone. A day told in another clause is kept (its night is unknown).
    assert days(frame, "Sennar") == (SUNDAY, MONDAY)
    assert days(frame, "Gedaref") == (SUNDAY, SUNDAY)


def test_hours_earlier_takes_the_day_of_the_sentence_before_across_a_paragraph() -> None:
    frame = table("Soldiers fired into side streets in Kassala on Sunday.\n\n"
                  "Hours earlier, men set fire to ten factories in Gedaref.\n")
    # Before: the article's date (nothing to carry inside the new paragraph).
    assert days(frame, "Gedaref") == (SUNDAY, SUNDAY)
    assert row(frame, "Gedaref")["date_basis"] == "carried"
    # A sentence before it that the article's date dates gives nothing to carry.
    frame = table("Soldiers fired into side streets in Kassala on Sunday.\n\n"
                  "Traders in Sennar counted their losses.\n\n"
                  "Hours earlier, men set fire to ten factories in Gedaref.\n")
    assert days(frame, "Gedaref") == (WEDNESDAY, WEDNESDAY)


def test_a_day_after_a_happening_is_no_day_of_its_own() -> None:
    frame = table("The crisis began on Monday evening, a day after a parliamentary "
                  "election, when crowds gathered in Gedaref.\n")
    # Before: Tuesday (the finder counts "day after" from Monday).
    assert days(frame, "Gedaref") == (MONDAY, MONDAY)
    # A day after a date is still that day.
    frame = table("Troops reached Gedaref on Tuesday, the day after the curfew in Sennar "
                  "began.\n")
    assert days(frame, "Gedaref") == (TUESDAY, TUESDAY)


def test_a_running_state_joined_to_an_old_years_toll_is_background() -> None:
    text = ("Police fired tear gas at protesters in Kassala on Sunday.\n\n"
            "Sudan has had six presidents since 2016, and protests in 2019 after another "
            "coup left two young men dead in Gedaref.\n")
    frame = table(text)
    # Before: rows at Sudan and Gedaref, Gedaref with killed 2 (the toll of 2019 put on the
    # map as if it were this story's).
    assert "Gedaref" not in set(frame["place"])
    assert (frame["killed"].isna()).all()
    # The same state joined to a happening of this week is no background.
    frame = table("Sudan has had six presidents since 2016, and protesters marched in "
                  "Gedaref on Monday.\n")
    assert days(frame, "Gedaref") == (MONDAY, MONDAY)
