"""Issue 13, dates on news nobody here wrote: a happening's day is not the day it was
reported ("..., the agency said on Tuesday") when the sentence says when it happened, nor
the day a state ends ("closed until April 12"). Seen in the event table.

Sentences and places are written for these tests (invented happenings); the article is
dated Wednesday 31 March 2021 (``test_events_category_scope.PUBLISHED``)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
from test_events_category_scope import table


def _dates(text: str, place: str) -> tuple[dt.date, dt.date]:
    frame = table(text, title="Notes")
    rows = frame[frame["place"] == place]
    assert len(rows) == 1, frame[["place", "passage", "date_start"]]
    return (pd.Timestamp(rows.iloc[0]["date_start"]).date(),
            pd.Timestamp(rows.iloc[0]["date_end"]).date())


def test_the_day_it_was_reported_gives_way_to_the_day_it_happened() -> None:
    # Before: Tuesday 30 March (the expression nearest the name).
    start, end = _dates(
        "About 3,000 people crossed the border over the weekend, the refugee agency said on "
        "Tuesday, as fighting drove families out of Kassala.", "Kassala")
    assert (start, end) == (dt.date(2021, 3, 27), dt.date(2021, 3, 28))


def test_the_day_a_closure_ends_is_not_its_date() -> None:
    # Before: 12 April, the day the schools reopen.
    start, end = _dates(
        "The governor ordered schools in Kassala to stay closed until April 12, a spokesman "
        "said on Tuesday.", "Kassala")
    assert (start, end) == (dt.date(2021, 3, 30), dt.date(2021, 3, 30))


def test_a_quotations_dates_are_the_speakers_and_the_saying_is_the_happening() -> None:
    # A guard: the rule above must not reach into a quotation.
    start, _ = _dates(
        '"We were pushed out of the talks in February," the mayor of Sennar said on Tuesday.',
        "Sennar")
    assert start == dt.date(2021, 3, 30)
