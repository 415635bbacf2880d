"""Forecasts and background sentences make no row (issue 13, generalisation). The sentences
are our own prose; places come from a hand-made geoparser, dates from the real date finder."""

from __future__ import annotations

import pandas as pd
import pytest
from test_events_date_scope import table  # the same fake geoparser and article

LEDE = "Gunmen stormed the market in Kassala on Monday, killing four people."


def passages_at(frame: pd.DataFrame, place: str) -> list[str]:
    return list(frame.loc[frame["place"] == place, "passage"])


@pytest.mark.parametrize(
    "second",
    [
        # Forecasts: an expectation, a possibility, or the future of a day still ahead.
        "More rain is expected in Gedaref on Friday, the weather office said.",
        "Talks between the two sides could resume in Gedaref next week.",
        "Schools in Gedaref will reopen on Monday, the education office said.",
        "The river at Gedaref may rise again.",
        # Background: a coarse date that ended well before the story was filed.
        "Floods in Gedaref killed 120 people in August 2019.",
        "Last year, fighting near Gedaref killed 30 people.",
        # "since <year>, when ...": the year is the time of the clause after it.
        "The fighting was the worst in Gedaref since 2015, when militants killed 120 people.",
        # The same in the present perfect: what has lasted since then is no happening, the
        # "when" clause tells of then (before: a row with its killed figure, dated that year).
        "Gedaref has had violent elections since 2017, when more than 120 "
        "people were killed.",
        "The floods are the worst in Gedaref since 1924, when 120 people are believed to "
        "have died.",
    ],
)
def test_a_forecast_or_background_sentence_makes_no_row(second: str) -> None:
    frame = table(f"{LEDE}\n\n{second}\n")
    assert passages_at(frame, "Kassala") == [LEDE]
    assert passages_at(frame, "Gedaref") == []
    # No figure of the old or coming happening reaches the table either.
    assert set(frame["killed"].dropna()) == {4}


@pytest.mark.parametrize(
    "second",
    [
        # What happened, even beside a future clause or a possibility about the past.
        "Police fired tear gas in Gedaref and will stay in the town.",
        "An army spokesman in Gedaref said civilians may also have been injured.",
        # A warning issued is a statement made.
        "Officials in Gedaref are warning residents that more rain will come.",
        # A plan written out with its calendar day, and a state in force.
        "Talks on April 9 in Gedaref will follow.",
        "Schools in Gedaref will stay shut.",
        # A day last year, a count that still runs, a duration.
        "A bomb in Gedaref killed two people on May 26 last year.",
        "At least 40 people have died in Gedaref since January.",
        # A running total before "since <year>, when ..." is reported now.
        "Fighting has killed 300 people in Gedaref since 2015, when the war began.",
        # A date inside a relative clause describes a person, not the sentence's happening.
        "Police in Gedaref arrested Ahmed, who fled the town in 2019.",
    ],
)
def test_a_happening_next_to_the_future_or_the_past_keeps_its_row(second: str) -> None:
    frame = table(f"{LEDE}\n\n{second}\n")
    assert passages_at(frame, "Gedaref") == [second]


def test_a_placeless_sentence_that_is_a_forecast_borrows_no_place() -> None:
    frame = table(f"{LEDE} More clashes are expected on Friday, the governor said.\n")
    assert list(frame["passage"]) == [LEDE]
