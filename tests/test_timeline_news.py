"""sitmap.timeline.find_dates on forms of news copy: future cues, clauses, fiscal periods,
years without a preposition, anaphoric years, seasons and times of day.

Every sentence here is written for these tests (none is taken from an evaluation corpus).
"""

from __future__ import annotations

import datetime as dt

import pytest

from sitmap.model import TimeExpr
from sitmap.timeline import find_dates


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def dates(text: str, reference: dt.date | None) -> list[tuple[str, dt.date | None, dt.date | None]]:
    found: list[TimeExpr] = find_dates(text, reference=reference)
    for t in found:
        assert text[t.start : t.end] == t.text
    return [(t.text, t.date_start, t.date_end) for t in found]


# --- future cues and the clause they belong to ------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "shown", "day"),
    [
        ("The bonus is payable Dec. 15 to staff on the roll.", "2022-11-02", "Dec. 15",
         "2022-12-15"),
        ("The board created a new committee, effective Feb. 1.", "2022-10-26", "Feb. 1",
         "2023-02-01"),
        ("The warrants, which expire Jan. 20, can be sold.", "2022-11-02", "Jan. 20",
         "2023-01-20"),
        ("Talks with the rebels, set to resume Monday in Nairobi, were called off.",
         "2022-01-07", "Monday", "2022-01-10"),
        ("The ferry could sail as soon as Tuesday, the port said.", "2022-01-07", "Tuesday",
         "2022-01-11"),
        ("The governor has scheduled a briefing Thursday in the capital.", "2022-01-07",
         "Thursday", "2022-01-13"),
    ],
)
def test_future_cues_date_forward(text: str, reference: str, shown: str, day: str) -> None:
    assert (shown, d(day), d(day)) in dates(text, d(reference))


def test_an_initial_or_abbreviation_does_not_end_the_clause() -> None:
    # "will" is in the clause: the "T." of a name and "Gen." do not cut it off.
    text = "Mr. Adeyemi, 61, will replace Maria T. Okafor Feb. 1, the ministry said."
    assert ("Feb. 1", d("2023-02-01"), d("2023-02-01")) in dates(text, d("2022-10-26"))
    text = "Col. Reyes will hand over to Gen. Okafor Jan. 3 in Goma."
    assert ("Jan. 3", d("2023-01-03"), d("2023-01-03")) in dates(text, d("2022-12-30"))
    # A real full stop still ends it: the past sentence keeps its past date.
    text = "Aid will keep coming. Two aid workers were killed on Jan 3."
    assert dates(text, d("2022-12-30")) == [("Jan 3", d("2022-01-03"), d("2022-01-03"))]


# --- reporting periods --------------------------------------------------------------------

NOVEMBER = d("2021-11-03")
Q3_2021 = (d("2021-07-01"), d("2021-09-30"))


@pytest.mark.parametrize(
    ("text", "shown", "span"),
    [
        ("Net income fell in the third quarter, the firm said.", "third quarter", Q3_2021),
        ("Third-quarter sales of tractors rose 4%.", "Third-quarter", Q3_2021),
        ("Orders fell in the fourth quarter of 2019.", "fourth quarter of 2019",
         (d("2019-10-01"), d("2019-12-31"))),
        ("Margins in the 2020 second quarter were thin.", "2020 second quarter",
         (d("2020-04-01"), d("2020-06-30"))),
        ("Deliveries resume in next year's first quarter.", "next year's first quarter",
         (d("2022-01-01"), d("2022-03-31"))),
        ("Output will recover in the first quarter, the mill said.", "first quarter",
         (d("2022-01-01"), d("2022-03-31"))),
        ("Output recovered in the first quarter, the mill said.", "first quarter",
         (d("2021-01-01"), d("2021-03-31"))),
        ("The miner's fiscal second-quarter loss widened.", "fiscal second-quarter",
         (d("2021-04-01"), d("2021-06-30"))),
        ("Sales in the latest quarter were flat.", "the latest quarter", Q3_2021),
        ("Costs will rise in the current quarter.", "the current quarter",
         (d("2021-10-01"), d("2021-12-31"))),
        ("Exports fell 3% last quarter.", "last quarter", Q3_2021),
    ],
)
def test_quarters(text: str, shown: str, span: tuple[dt.date, dt.date]) -> None:
    assert dates(text, NOVEMBER) == [(shown, *span)]


def test_the_quarter_and_a_year_earlier_refer_to_the_period_just_told() -> None:
    text = ("The grain trader earned $4 million in the second quarter, up from $3 million a "
            "year earlier. Revenue in the quarter rose 8% from the year-ago period, and "
            "year-earlier costs were lower. Shipping costs were higher than a year ago.")
    q2, q2_before = (d("2021-04-01"), d("2021-06-30")), (d("2020-04-01"), d("2020-06-30"))
    assert dates(text, NOVEMBER) == [
        ("second quarter", *q2), ("a year earlier", *q2_before), ("the quarter", *q2),
        ("the year-ago period", *q2_before), ("year-earlier", *q2_before),
        ("a year ago", *q2_before)]


def test_a_year_earlier_without_a_period_moves_the_date_told_or_the_article_year() -> None:
    assert dates("The dam burst in 2015. A year earlier, engineers had warned of it.",
                 NOVEMBER)[1] == ("A year earlier", d("2014-01-01"), d("2014-12-31"))
    assert dates("The levee failed on 3 May 2019, two years after it was built.",
                 NOVEMBER) == [("3 May 2019", d("2019-05-03"), d("2019-05-03"))]
    # Later than nothing told is no date; earlier than nothing is before the article's year.
    assert dates("Two years later the town was rebuilt.", NOVEMBER) == []
    assert dates("A year earlier the town had flooded.", NOVEMBER) == [
        ("A year earlier", d("2020-01-01"), d("2020-12-31"))]
    # "... before doing something" counts from that doing, not from a date.
    assert dates("The dam burst on 4 June 2020. Crews waited two days before pumping.",
                 NOVEMBER) == [("4 June 2020", d("2020-06-04"), d("2020-06-04"))]


def test_that_year_and_the_following_year_follow_the_date_told_last() -> None:
    text = ("Floods hit the delta in 2011. Later that year the dykes were raised, and the "
            "following year the farms were replanted. In June 2013 the rains came back. That "
            "month the roads washed away.")
    assert dates(text, NOVEMBER) == [
        ("2011", d("2011-01-01"), d("2011-12-31")),
        ("Later that year", d("2011-01-01"), d("2011-12-31")),
        ("the following year", d("2012-01-01"), d("2012-12-31")),
        ("June 2013", d("2013-06-01"), d("2013-06-30")),
        ("That month", d("2013-06-01"), d("2013-06-30")),
    ]
    # Nothing told before: "that year" is not a date.
    assert dates("That year was hard for the growers.", NOVEMBER) == []


@pytest.mark.parametrize("text", [
    "The old quarter of the city was shelled.",
    "A quarter of the villagers fled.",
    "During the period of unrest, shops closed.",
    "The Christian quarter was quiet.",
    "Arrests rose during the same period.",
])
def test_quarters_and_periods_that_are_not_dates(text: str) -> None:
    assert dates(text, NOVEMBER) == []


# --- years without a preposition ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "years"),
    [
        ("Its 2014 annexation of the peninsula was condemned.", [2014]),
        ("The mines closed between 1985 and 1987.", [1985, 1987]),
        ("Floods struck in 2009 and 2011.", [2009, 2011]),
        ("Exports rose in fiscal 2019, the ministry said.", [2019]),
        ("Output fell in fiscal year 2020.", [2020]),
        ("A 2016 report by the agency found no trace.", [2016]),
        ("The rebels held the town until mid-2013.", [2013]),
    ],
)
def test_years_without_a_preposition(text: str, years: list[int]) -> None:
    found = dates(text, NOVEMBER)
    assert [(start.year, start.month, end.month, end.day) for _, start, end in found
            if start and end] == [(y, 1, 12, 31) for y in years]


@pytest.mark.parametrize("text", [
    "Its 2000 employees were sent home.",
    "A force of 2000 troops crossed the border.",
    "Between 2000 and 3000 protesters gathered.",
    "The 2000 km border is closed.",
    "A 1996 Dodge pickup was found burned out.",
    "The 1500-strong battalion withdrew.",
])
def test_numbers_that_only_look_like_years(text: str) -> None:
    assert dates(text, NOVEMBER) == []


# --- times of day -------------------------------------------------------------------------

FRIDAY = d("2022-01-07")


@pytest.mark.parametrize(
    ("text", "shown", "day"),
    [
        ("The blast came at 10:35 a.m. near the port.", "10:35 a.m.", "2022-01-07"),
        ("Police said the curfew starts at 22:00 GMT.", "22:00 GMT", "2022-01-07"),
        ("The convoy left at 4 a.m. Thursday, the army said.", "4 a.m. Thursday",
         "2022-01-06"),
        ("The ferry will sail at 9 p.m. (EST) Monday.", "9 p.m. (EST) Monday", "2022-01-10"),
        ("Bids close at 5 p.m. EST, Jan. 4.", "5 p.m. EST, Jan. 4", "2022-01-04"),
    ],
)
def test_times_of_day_name_their_day(text: str, shown: str, day: str) -> None:
    assert dates(text, FRIDAY) == [(shown, d(day), d(day))]


def test_a_time_of_day_belongs_to_the_day_told_before_it_in_the_paragraph() -> None:
    text = "Rebels attacked on Jan 3. At 7:15 p.m. troops entered.\nAt 9 p.m. it was calm."
    assert dates(text, FRIDAY) == [("Jan 3", d("2022-01-03"), d("2022-01-03")),
                                   ("7:15 p.m.", d("2022-01-03"), d("2022-01-03")),
                                   ("9 p.m.", FRIDAY, FRIDAY)]


@pytest.mark.parametrize("text", ["Tune in to 25 AM radio.", "It weighs 5 pmol.",
                                  "Score: 3-1 am Ende."])
def test_numbers_that_are_not_times(text: str) -> None:
    assert dates(text, FRIDAY) == []


@pytest.mark.parametrize(
    "text",
    [
        "Trains will not run for three days after tracks were washed away near the town.",
        "The road will stay shut for at least two weeks after the bridge fell.",
    ],
)
def test_a_duration_after_a_happening_is_no_date(text: str) -> None:
    # Before: "three days after" was the article's day plus three, a day ahead.
    assert dates(text, d("2018-08-16")) == []


def test_days_later_than_a_date_told_is_still_that_day() -> None:
    assert dates("Rebels left on May 3 and returned three days later.", d("2018-08-16"))[-1] == (
        "three days later", d("2018-05-06"), d("2018-05-06"))


# --- a month alone told ahead from a report ---------------------------------------------


@pytest.mark.parametrize(
    ("text", "reference", "month"),
    [
        # The au12b audit's case: a modal and "before" point ahead, not to last December.
        ("The city could not pay the contractors before December, the mayor said.",
         "2026-10-14", "2026-12-01"),
        ("Workers were told they would be paid in December.", "2026-10-14", "2026-12-01"),
        ("Officials said the bridge should reopen in February.", "2026-11-20", "2027-02-01"),
        ("The levy may not be collected until January, traders said.", "2026-10-03",
         "2027-01-01"),
        ("The ministry has called for new elections in March.", "2026-12-01", "2027-03-01"),
    ],
)
def test_a_month_ahead_seen_from_a_report_is_the_coming_one(
        text: str, reference: str, month: str) -> None:
    found = [t for t in find_dates(text, reference=d(reference)) if t.precision == "month"]
    assert [t.date_start for t in found] == [d(month)]


@pytest.mark.parametrize(
    ("text", "reference", "month"),
    [
        ("Protests began in December and continued for weeks.", "2026-10-14", "2025-12-01"),
        ("The dam failed in March, killing 40 people.", "2026-10-14", "2026-03-01"),
        ("Payments stopped before December, the union said.", "2026-10-14", "2025-12-01"),
        ("The protests, which would later spread, began in December.", "2026-10-14",
         "2025-12-01"),
    ],
)
def test_a_month_told_in_the_past_stays_behind(text: str, reference: str, month: str) -> None:
    found = [t for t in find_dates(text, reference=d(reference)) if t.precision == "month"]
    assert [t.date_start for t in found] == [d(month)]
