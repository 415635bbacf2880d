"""sitmap.timeline.find_dates: each expression form on small texts, and the seeds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from sitmap.ingest import read_file
from sitmap.model import TimeExpr
from sitmap.timeline import find_dates

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
FRIDAY = dt.date(2022, 1, 7)  # seed 000's date, a Friday


def d(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def only(text: str, reference: dt.date | None = FRIDAY) -> TimeExpr:
    found = find_dates(text, reference=reference)
    assert len(found) == 1, found
    assert text[found[0].start : found[0].end] == found[0].text
    return found[0]


def reading(text: str, reference: dt.date | None = FRIDAY) -> tuple[object, ...]:
    t = only(text, reference)
    return t.text, t.date_start, t.date_end, t.precision, t.basis


# --- explicit ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Tbilisi, Jan 7, 2022", ("Jan 7, 2022", d("2022-01-07"), d("2022-01-07"))),
        ("It began on January 6.", ("January 6", d("2022-01-06"), d("2022-01-06"))),
        ("talks on Jan 9-10 in Geneva", ("Jan 9-10", d("2022-01-09"), d("2022-01-10"))),
        ("held on 7 January 2022 in Almaty", ("7 January 2022", d("2022-01-07"), d("2022-01-07"))),
        ("signed on 2021-03-07.", ("2021-03-07", d("2021-03-07"), d("2021-03-07"))),
        ("a parade was held on May 9", ("May 9", d("2021-05-09"), d("2021-05-09"))),
        ("on Sept. 23 and", ("Sept. 23", d("2021-09-23"), d("2021-09-23"))),
        ("from 14-15 January", ("14-15 January", d("2022-01-14"), d("2022-01-15"))),
        ("from Dec 30 to Jan 2", ("Dec 30 to Jan 2", d("2021-12-30"), d("2022-01-02"))),
        ("on Thursday, Jan 6, troops", ("Thursday, Jan 6", d("2022-01-06"), d("2022-01-06"))),
    ],
)
def test_explicit_days(text: str, expected: tuple[object, ...]) -> None:
    assert reading(text) == (*expected, "day", "explicit")


def test_month_and_year_precision() -> None:
    assert reading("In Apr 2021, Belarus said") == (
        "Apr 2021", d("2021-04-01"), d("2021-04-30"), "month", "explicit")
    assert reading("Kazakhstan's former leader, in 2016 the land law") == (
        "2016", d("2016-01-01"), d("2016-12-31"), "year", "explicit")
    assert reading("protests that began in December") == (
        "December", d("2021-12-01"), d("2021-12-31"), "month", "explicit")
    assert reading("visited in mid-January") == (
        "mid-January", d("2022-01-01"), d("2022-01-31"), "month", "explicit")
    assert reading("ruled since the 1990s") == (
        "the 1990s", d("1990-01-01"), d("1999-12-31"), "year", "explicit")


def test_yearless_date_takes_the_nearest_year() -> None:
    monday = dt.date(2022, 1, 3)
    assert only("fighting on Dec 30 near", monday).date_start == d("2021-12-30")
    assert only("talks on Jan 9", monday).date_start == d("2022-01-09")
    assert only("on Jan 2 again", dt.date(2021, 12, 29)).date_start == d("2022-01-02")


def test_yearless_date_is_past_unless_soon_or_told_as_future() -> None:
    september = dt.date(2022, 9, 30)
    assert only("Kherson was captured on March 3.", september).date_start == d("2022-03-03")
    assert only("Elections will be held on March 3.", september).date_start == d("2023-03-03")
    assert only("Talks on Oct 12 in Geneva.", september).date_start == d("2022-10-12")
    assert only("Talks on Dec 12 in Geneva.", september).date_start == d("2021-12-12")


def test_yearless_date_follows_a_year_written_earlier_in_the_paragraph() -> None:
    text = "In Apr 2021, officials said they foiled plans for the May 9 parade."
    found = find_dates(text, reference=FRIDAY)
    assert [(t.text, t.date_start) for t in found] == [
        ("Apr 2021", d("2021-04-01")), ("May 9", d("2021-05-09"))]
    other_paragraph = "In Apr 2021, officials spoke.\nThe parade will go ahead on May 9."
    assert find_dates(other_paragraph, reference=FRIDAY)[1].date_start == d("2022-05-09")
    june = dt.date(2023, 6, 1)
    near = "In Apr 2021, officials spoke of May 9."
    assert find_dates(near, reference=june)[1].date_start == d("2021-05-09")
    far = "In Apr 2021, officials spoke. " + "Nothing else was said then. " * 10 + "May 9 came."
    assert find_dates(far, reference=june)[1].date_start == d("2023-05-09")


# --- relative to the article date --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown", "start", "end", "precision"),
    [
        ("gunfire on Thursday night", "Thursday night", "2022-01-06", "2022-01-06", "day"),
        ("On Wednesday demonstrators", "Wednesday", "2022-01-05", "2022-01-05", "day"),
        ("trains run again on Friday.", "Friday", "2022-01-07", "2022-01-07", "day"),
        ("the talks will resume on Monday", "Monday", "2022-01-10", "2022-01-10", "day"),
        ("last Friday the bank", "last Friday", "2021-12-31", "2021-12-31", "day"),
        ("Overnight from Thursday to Friday, CSTO troops",
         "Overnight from Thursday to Friday", "2022-01-06", "2022-01-07", "day"),
        ("Thursday night into Friday", "Thursday night into Friday", "2022-01-06",
         "2022-01-07", "day"),
        ("The mayor resigned yesterday.", "yesterday", "2022-01-06", "2022-01-06", "day"),
        ("Today the airport", "Today", "2022-01-07", "2022-01-07", "day"),
        ("will reopen this evening", "this evening", "2022-01-07", "2022-01-07", "day"),
        ("troops arrived this week", "this week", "2022-01-03", "2022-01-09", "week"),
        ("talks last week", "last week", "2021-12-27", "2022-01-02", "week"),
        ("talks in the coming week", "the coming week", "2022-01-10", "2022-01-16", "week"),
        ("earlier this week, protests", "earlier this week", "2022-01-03", "2022-01-06", "week"),
        ("prices rose last month", "last month", "2021-12-01", "2021-12-31", "month"),
        ("Earlier this month, gas", "Earlier this month", "2022-01-01", "2022-01-06", "month"),
        ("as happened last year", "last year", "2021-01-01", "2021-12-31", "year"),
        ("seized two days ago", "two days ago", "2022-01-05", "2022-01-05", "day"),
        ("over the past 3 days", "the past 3 days", "2022-01-05", "2022-01-07", "day"),
        ("Over the weekend, crowds", "the weekend", "2022-01-01", "2022-01-02", "week"),
        ("seized a few days ago", "a few days ago", "2022-01-03", "2022-01-05", "week"),
        ("in the past 24 hours, 40", "the past 24 hours", "2022-01-06", "2022-01-07", "day"),
        ("over the last 48 hours", "the last 48 hours", "2022-01-05", "2022-01-07", "day"),
        ("the previous night, police", "the previous night", "2022-01-06", "2022-01-06", "day"),
    ],
)
def test_relative_forms(text: str, shown: str, start: str, end: str, precision: str) -> None:
    assert reading(text) == (shown, d(start), d(end), precision, "relative")


def test_the_day_before_counts_from_the_last_date_mentioned() -> None:
    text = "Buildings were stormed on Jan 5. The day before, protesters had gathered."
    found = find_dates(text, reference=FRIDAY)
    assert [(t.text, t.date_start) for t in found] == [
        ("Jan 5", d("2022-01-05")), ("The day before", d("2022-01-04"))]
    later = find_dates("Clashes began on Jan 2 and, three days later, troops came.",
                       reference=FRIDAY)
    assert [t.date_start for t in later] == [d("2022-01-02"), d("2022-01-05")]
    night = find_dates("Buildings were stormed on Jan 5. The night before, crowds gathered.",
                       reference=FRIDAY)
    assert [(t.text, t.date_start) for t in night][1] == ("The night before", d("2022-01-04"))
    week = find_dates("Clashes on Jan 5. A week earlier, prices rose.", reference=FRIDAY)
    assert [(t.text, t.date_start) for t in week][1] == ("A week earlier", d("2021-12-29"))


def test_without_a_reference_relative_dates_stay_unknown_never_today() -> None:
    found = find_dates("On Thursday night, and yesterday, and last week; on Jan 9 too.",
                       reference=None)
    assert [(t.text, t.date_start, t.date_end, t.precision, t.basis) for t in found] == [
        ("Thursday night", None, None, "day", "relative"),
        ("yesterday", None, None, "day", "relative"),
        ("last week", None, None, "week", "relative"),
        ("Jan 9", None, None, "day", "relative"),
    ]
    assert only("signed on 7 January 2022", None).date_start == d("2022-01-07")


def test_reference_changes_the_resolution() -> None:
    text = "Protesters stormed buildings on Wednesday."
    assert only(text, dt.date(2022, 1, 7)).date_start == d("2022-01-05")
    assert only(text, dt.date(2023, 3, 15)).date_start == d("2023-03-15")


# --- things that are not dates -----------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Theresa May said the situation may be worse.",
        "3,811 rioters had been arrested and 26 killed.",
        "U.S. sends F-16s to Poland",
        "a 1,700 km border with Xinjiang",
        "the convoy left at 10:30 and arrived by 14:00",
        "Jan and her brother left",
        "They march on Almaty; protests happen on Fridays.",
        "a force of 2000 troops",
        "Protests are held every Friday.",
        "COVID-19 January figures",
        "Form Jan 0 was filed, not Feb 30.",
    ],
)
def test_not_dates(text: str) -> None:
    assert find_dates(text, reference=FRIDAY) == []


def test_weekday_of_a_month_is_a_calendar_rule_not_a_date() -> None:
    found = find_dates("Thanksgiving falls on the last Thursday in November.", reference=FRIDAY)
    assert [t.text for t in found] == ["November"]


def test_a_date_never_spans_a_line_break() -> None:
    found = find_dates("index=2\nJanuary 6---https://example.org", reference=FRIDAY)
    assert [(t.text, t.date_start) for t in found] == [("January 6", d("2022-01-06"))]


# --- seeds -------------------------------------------------------------------------------


def test_seed_000_dates() -> None:
    article = read_file(SEEDS / "000_94b04064989387af.txt")
    found = find_dates(article.text, reference=dt.date(2022, 1, 7))

    def at(phrase: str, shown: str) -> TimeExpr:
        where = article.text.index(phrase)
        return next(t for t in found if where <= t.start < where + len(phrase)
                    and t.text == shown)

    thursday = at("heard on Thursday night in Kazakhstan’s largest city, Almaty", "Thursday night")
    assert (thursday.date_start, thursday.date_end) == (d("2022-01-06"), d("2022-01-06"))
    geneva = at("talks with Russia in Geneva on Jan 9", "Jan 9")
    assert (geneva.date_start, geneva.date_end, geneva.basis) == (
        d("2022-01-09"), d("2022-01-09"), "explicit")
    both = at("pre-scheduled talks on Jan 9-10", "Jan 9-10")
    assert (both.date_start, both.date_end, both.precision) == (
        d("2022-01-09"), d("2022-01-10"), "day")
    overnight = at("Overnight from Thursday to Friday", "Overnight from Thursday to Friday")
    assert (overnight.date_start, overnight.date_end) == (d("2022-01-06"), d("2022-01-07"))
    assert not any(t.text in ("3,811", "F-16s", "1,000") for t in found)


def test_seed_004_weekdays() -> None:
    article = read_file(SEEDS / "004_5df01bedd44c567b.txt")
    found = find_dates(article.text, reference=dt.date(2022, 1, 7))
    by_text = {t.text: t.date_start for t in found}
    assert by_text["Wednesday"] == d("2022-01-05")
    assert by_text["Thursday"] == d("2022-01-06")
    assert by_text["this week"] == d("2022-01-03")
    assert by_text["next week"] == d("2022-01-10")


def test_public_names_are_pinned() -> None:
    import sitmap.timeline

    assert sitmap.timeline.__all__ == ["find_dates"]


# Phrases for every form of the rules that skip texts lacking their ``needs`` words.
_NEEDS_PHRASES = [
    "today", "Today", "tonight", "Tonight", "yesterday", "Yesterday", "tomorrow", "Tomorrow",
    "last night", "Last  night", "this morning", "This afternoon", "this\nevening",
    "the day before yesterday", "The day after tomorrow", "Overnight from Thursday to Friday",
    "overnight between Monday and Tuesday", "night of Sunday into Monday",
    "Thursday night into Friday", "Friday night to Saturday", "over the weekend",
    "two days ago", "3 weeks  ago", "a month ago", "ten years ago", "a few days ago",
    "Several weeks ago", "the third quarter", "Fourth-quarter", "the first half of 2020",
    "the latest period", "the year-ago quarter", "year-earlier", "later that year",
    "the following month", "two years later", "a year earlier",
]


def test_a_text_without_a_rules_needed_words_cannot_match_it() -> None:
    # find_dates does not scan a text for a rule when none of the rule's ``needs`` is in it,
    # which is only right if every match of the rule contains one of them.
    from sitmap.timeline._lang.en import RULES

    with_needs = [rule for rule in RULES if rule.needs]
    assert {rule.name for rule in with_needs} >= {"ago", "overnight", "the weekend"}
    for rule in with_needs:
        matches = [m.group() for p in _NEEDS_PHRASES for m in rule.pattern.finditer(p)]
        assert matches, rule.name
        assert all(any(word in m for word in rule.needs) for m in matches), rule.name
    assert [t.text for t in find_dates("It happened two days ago.", reference=FRIDAY)] == [
        "two days ago"
    ]
    assert find_dates("It happened two days a go.", reference=FRIDAY) == []


def test_yearless_date_told_in_the_past_stays_in_the_past_at_the_year_end() -> None:
    december = dt.date(2022, 12, 30)
    assert only("Troops were killed on Jan 3.", december).date_start == d("2022-01-03")
    assert only("On Jan 3, protesters stormed the airport.", december).date_start == d(
        "2022-01-03")
    # No past tense, or a verb that moves it forward: the coming one, as before.
    assert only("Talks on Jan 3 in Geneva.", december).date_start == d("2023-01-03")
    assert only("The vote was postponed to Jan 3.", december).date_start == d("2023-01-03")
    assert only("Elections will be held on Jan 3.", december).date_start == d("2023-01-03")


@pytest.mark.parametrize("text", ["from 30 December to 2 January", "from Dec 30 to Jan 2",
                                  "from 30th of December to 2nd of January"])
def test_a_range_over_the_new_year_reads_alike_day_first_or_month_first(text: str) -> None:
    found = only(text)
    assert (found.date_start, found.date_end, found.precision) == (
        d("2021-12-30"), d("2022-01-02"), "day")


def test_the_future_seen_from_a_past_report_and_dates_that_run_forward() -> None:
    december = dt.date(2022, 12, 30)
    # Reported speech about what is to come: the coming one, past tense or not.
    assert only("Officials said the curfew would be lifted on Jan 3.", december).date_start == (
        d("2023-01-03"))
    assert only("The opposition called for a rally on Jan 3.", december).date_start == (
        d("2023-01-03"))
    # A weekday is not moved by these words, nor by a past conditional.
    friday = dt.date(2022, 1, 7)
    assert only("The deadline was Thursday.", friday).date_start == d("2022-01-06")
    assert only("He would have liked it presented Monday.", friday).date_start == d(
        "2022-01-03")
    # A later date in the same sentence follows an earlier one rather than the article's.
    found = find_dates("Clashes erupted on Dec 20 and lasted until Jan 2.",
                       reference=dt.date(2022, 12, 24))
    assert [f.date_start for f in found] == [d("2022-12-20"), d("2023-01-02")]


# --- the language seam -------------------------------------------------------------------


def test_language_tags_pick_the_english_rules_and_unknown_languages_fall_back_to_them() -> None:
    text = "Troops were deployed on Jan 6 and talks follow next week."
    english = find_dates(text, reference=FRIDAY)
    assert [t.text for t in english] == ["Jan 6", "next week"]
    for tag in ("en", "EN", "en-GB", "en_US", "fr", "", "xx-Latn"):
        assert find_dates(text, reference=FRIDAY, language=tag) == english, tag


def test_another_language_is_one_rule_set_module(monkeypatch: pytest.MonkeyPatch) -> None:
    import re
    import types

    from sitmap.timeline import _lang
    from sitmap.timeline._rules import DateRule, Resolved

    def _jour(hit: object, ctx: object) -> Resolved:
        return Resolved(d("2022-01-06"), d("2022-01-06"), "day", "explicit")

    toy = types.SimpleNamespace(
        LANGUAGE="xx",
        RULES=(DateRule("jour", re.compile(r"jeudi\b"), _jour),),
        START_TOKENS={"month": re.compile("(?!)"), "number": re.compile(r"\d+")},
        fold_case=str.lower,  # the toy's rule reads lower case: "JEUDI" is found as well
    )
    monkeypatch.setitem(_lang._RULE_SETS, "xx", toy)
    text = "Jan 6: jeudi"
    assert [(t.text, t.date_start) for t in find_dates(text, reference=FRIDAY, language="xx")
            ] == [("jeudi", d("2022-01-06"))]
    assert [t.text for t in find_dates(text, reference=FRIDAY, language="xx-YY")] == ["jeudi"]
    assert [t.text for t in find_dates(text, reference=FRIDAY)] == ["Jan 6"]
    # The rule set's case folding is the finder's only view of case; the text reported is
    # the original's.
    assert [t.text for t in find_dates("JEUDI", reference=FRIDAY, language="xx")] == ["JEUDI"]


@pytest.mark.parametrize(("text", "found"), [
    ("THURSDAY, JANUARY 6\n10:15 - Police moved in.", [("THURSDAY, JANUARY 6", "2022-01-06")]),
    ("ALMATY, JAN. 6 - Shops were shut.", [("JAN. 6", "2022-01-06")]),
    ("UPDATED 5 JANUARY 2022", [("5 JANUARY 2022", "2022-01-05")]),
    ("TUESDAY\n09:00 - Crowds gathered.", [("TUESDAY", "2022-01-04")]),
])
def test_dates_written_in_capitals_are_found_with_their_own_text(
        text: str, found: list[tuple[str, str]]) -> None:
    # Live-blog day headings, datelines and update lines set in capitals were not read.
    assert [(t.text, t.date_start) for t in find_dates(text, reference=FRIDAY)] == [
        (shown, d(day)) for shown, day in found]


@pytest.mark.parametrize("headline", [
    "PROTESTS MAY SPREAD TO THE CAPITAL",
    "MARCH ON PARLIAMENT ENDS IN ARRESTS",
    "FRIDAY PRAYERS CALLED OFF",
    "POLICE SAY 3 DEC MEMBERS HELD",
])
def test_capital_words_that_only_look_like_dates_stay_words(headline: str) -> None:
    assert find_dates(headline, reference=FRIDAY) == []


@pytest.mark.parametrize(("text", "day"), [
    # Reported future: the coming weekday (seen from Friday 7 January 2022).
    ("Unions said they would hold a rally in the square on Sunday.", "2022-01-09"),
    ("The opposition called for a general strike on Tuesday.", "2022-01-11"),
    # A weekday right after a past verb, or a possessive one, is a day gone by.
    ("They said they would appeal the ruling, issued Wednesday by the court.", "2022-01-05"),
    ("Lawyers said they would challenge Wednesday's verdict.", "2022-01-05"),
    # "would have" / "would’ve" (either apostrophe) looks back.
    ("They would’ve marched on Wednesday, the organisers said.", "2022-01-05"),
    ("Farmers would normally sell their grain on Tuesday, the mayor said Thursday.",
     "2022-01-06"),
])
def test_a_weekday_in_a_reported_future_is_the_coming_one(text: str, day: str) -> None:
    # Before, "would" and "called for" did not turn a weekday forward: "said they would
    # hold a rally on Sunday" was dated the Sunday before the report.
    assert find_dates(text, reference=FRIDAY)[-1].date_start == d(day)
