"""The audit au13e's open event defects (issue 13, session 14): D3 a paragraph opening with
the dateline's city, D13 reported future plans. Own sentences; places from a hand-made
geoparser, dates from the real date finder."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd

from sitmap.events import build_events
from sitmap.ingest import article_from_text
from sitmap.model import Place, Toponym
from sitmap.timeline import find_dates

PLACES = {
    "Kassala": Place("gn:372753", "Kassala", 15.45, 36.4, "SD", "city", geonameid=372753),
    "Gedaref": Place("gn:378231", "Gedaref", 14.04, 35.38, "SD", "city", geonameid=378231),
}
PUBLISHED = dt.date(2021, 3, 31)  # a Wednesday


class FakeGeoparser:
    """Finds the names of PLACES as whole words, in any case."""

    def parse(self, text: str, *, context: object) -> list[Toponym]:
        return [
            Toponym(m.start(), m.end(), m.group(), place, 0.9)
            for name, place in PLACES.items()
            for m in re.finditer(rf"\b{name}\b", text, re.IGNORECASE)
        ]


def table(text: str) -> pd.DataFrame:
    art = article_from_text("a1", text, title="T", published=PUBLISHED, source="Notes")
    return build_events([art], geoparser=FakeGeoparser(), find_dates=find_dates)


def rows_with(frame: pd.DataFrame, words: str) -> pd.DataFrame:
    return frame[frame["passage"].str.contains(words, regex=False)]


def test_a_paragraph_opening_with_the_datelines_city_is_no_dateline() -> None:
    # D3: "Kassala hospitals ..." opens its paragraph with the dateline's city; it was read
    # as the dateline (role "dateline", and a dateline takes no count: injured dropped).
    frame = table("KASSALA, March 30 (Wire) - Floods cut the road to Gedaref on Monday.\n\n"
                  "Kassala hospitals treated 40 injured people on Monday.\n")
    dateline = frame[frame["role"] == "dateline"]
    assert list(dateline["place"]) == ["Kassala"]
    body = rows_with(frame, "hospitals treated")
    assert list(body["place"]) == ["Kassala"]
    assert body.iloc[0]["role"] == "event"
    assert body.iloc[0]["injured"] == 40


def test_a_reported_plan_for_a_day_ahead_is_not_dated_as_happened() -> None:
    # D13: "would join a national strike from Friday" made a row dated on the Friday to
    # come (April 2), as if the strike had happened ("will join ... from Friday" made none,
    # a forecast).
    published = pd.Timestamp(PUBLISHED)
    for text in (
        "Truckers in Kassala said they would join a national strike from Friday.\n",
        "Ferry operators in Gedaref said the ships would leave on Thursday.\n",
        "Truckers in Kassala will join a national strike from Friday.\n",
    ):
        frame = table(text)
        assert not (frame["date_start"] > published).any(), frame[["place", "date_start"]]
    # The reported plan is a statement made on the day of the report (the gold guide's
    # "said they would hold a rally": diplomacy/statement, dated when said).
    frame = table("Truckers in Kassala said they would join a national strike from Friday.\n")
    assert list(frame["place"]) == ["Kassala"]
    assert (frame.iloc[0]["date_start"], frame.iloc[0]["date_basis"]) == (
        published, "article-date")


def test_a_pledge_and_a_past_happening_beside_a_plan_keep_their_rows() -> None:
    # The guide: aid pledged is humanitarian aid, an event (before and after the change).
    frame = table("The agency said it would send food to Kassala on Friday.\n")
    assert list(frame["place"]) == ["Kassala"]
    # What happened is still dated, when a plan for later follows it.
    frame = table("Truckers blocked the road to Gedaref on Monday and said they would "
                  "join a national strike from Friday.\n")
    assert list(frame["date_start"]) == [pd.Timestamp("2021-03-29")]


def test_a_count_does_not_continue_a_sentence_that_says_nothing_happened() -> None:
    # D11: a count opening the paragraph after "..., but no tsunami followed" was put on
    # that sentence's town, as if it continued a happening there.
    lede = "KASSALA, March 30 (Wire) - Floods swept through Kassala on Monday, killing 12.\n\n"
    count = "More than 3,000 people spent the night in schools, officials said.\n"
    frame = table(lede + "In Gedaref, the river rose overnight, but no flooding followed.\n\n"
                  + count)
    assert not (rows_with(frame, "3,000")["place"] == "Gedaref").any()
    frame = table(lede + "In Gedaref, no one was hurt when the river rose overnight.\n\n" + count)
    assert not (rows_with(frame, "3,000")["place"] == "Gedaref").any()
    # A happening there is still continued by the count after it.
    frame = table(lede + "In Gedaref, the river burst its banks overnight.\n\n" + count)
    assert list(rows_with(frame, "3,000")["place"]) == ["Gedaref"]
